"""The stages in pipeline order, built on demand (imports stay lazy: spaCy is slow)."""

import importlib
from typing import Any

from topics.registry import WORKER_NAMES
from workers.runtime.stage import Stage


def serve(name: str) -> None:
    """Entry point of `python -m workers.NAME` and `newsenrich worker NAME`."""
    from workers.runtime.run import serve_stage  # faust: only a worker needs it

    serve_stage(name, lambda: build_stage(name))


def build_stage(name: str) -> Stage[Any, Any]:
    """Build the named stage with its settings from the environment."""
    if name not in WORKER_NAMES:
        raise ValueError(
            f"unknown worker {name!r}; choose one of {', '.join(WORKER_NAMES)}"
        )
    module = importlib.import_module(f"workers.{name}.worker")
    stage: Stage[Any, Any] = module.build_stage()
    return stage


def stages_through(last: str) -> list[str]:
    """Stage names from the first up to and including `last`."""
    if last not in WORKER_NAMES:
        raise ValueError(
            f"unknown stage {last!r}; choose one of {', '.join(WORKER_NAMES)}"
        )
    return list(WORKER_NAMES[: WORKER_NAMES.index(last) + 1])
