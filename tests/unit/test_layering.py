"""Imports point one way: topics <- workers/runtime <- workers/<stage> <- cli, ops.

A worker image carries the product packages; tools (the local broker, the bench)
and the command line sit on top and may import anything below them.
"""

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
STAGES = ("language", "entities", "bilateral", "credibility")
SHARED = ("geo", "textscan", "furniture", "pipeline", "pipelines", "readers")
TOOLS = ("ops", "workers.cli")


def _imports(path: Path) -> Iterator[str]:
    """Every absolute module a file imports, at the top or inside a function."""
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            yield node.module


def _offending(folder: str, forbidden: tuple[str, ...]) -> list[str]:
    base = ROOT / folder
    files = [base.with_suffix(".py")] if not base.is_dir() else base.rglob("*.py")
    return [
        f"{path.relative_to(ROOT)} imports {module}"
        for path in files
        if path.is_file()
        for module in _imports(path)
        if any(module == f or module.startswith(f"{f}.") for f in forbidden)
    ]


def test_topics_import_nothing_above_them():
    assert _offending("topics", ("workers", "ops")) == []


def test_runtime_imports_no_stage_and_no_tool():
    stages = tuple(f"workers.{name}" for name in (*STAGES, "pipeline"))
    assert _offending("workers/runtime", (*TOOLS, *stages)) == []


@pytest.mark.parametrize("package", [*STAGES, *SHARED])
def test_stages_and_shared_modules_import_no_tool(package):
    assert _offending(f"workers/{package}", TOOLS) == []


def test_the_check_sees_a_wrong_arrow(tmp_path, monkeypatch):
    wrong = tmp_path / "workers" / "runtime"
    wrong.mkdir(parents=True)
    (wrong / "bad.py").write_text("def f():\n    from ops.kafka import broker\n")
    monkeypatch.setattr(f"{__name__}.ROOT", tmp_path)
    assert _offending("workers/runtime", TOOLS) == [
        "workers/runtime/bad.py imports ops.kafka"
    ]


def _tooling_modules(root: Path) -> list[str]:
    """Product modules named like evaluation or benchmark code (those live in ops/)."""
    return sorted(
        str(path.relative_to(root))
        for package in ("topics", "workers")
        for path in (root / package).rglob("*.py")
        if path.stem.startswith(("evaluat", "bench"))
    )


def test_product_packages_hold_no_evaluation_or_benchmark_code():
    assert _tooling_modules(ROOT) == []


def test_the_tooling_check_sees_an_evaluator(tmp_path):
    (tmp_path / "topics").mkdir()
    (tmp_path / "workers" / "bilateral").mkdir(parents=True)
    (tmp_path / "workers" / "bilateral" / "evaluate.py").write_text("")
    (tmp_path / "workers" / "benchmarking.py").write_text("")
    assert _tooling_modules(tmp_path) == [
        "workers/benchmarking.py",
        "workers/bilateral/evaluate.py",
    ]
