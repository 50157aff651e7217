"""`newsenrich enrich`: all four stages in-process, bad lines reported, none lost."""

import io
import json
from typing import Any

import pytest

from workers.cli.enrich import enrich_stream
from workers.cli.main import main

pytestmark = pytest.mark.model


def _run(
    lines: list[str], stages: str = "credibility"
) -> tuple[list[dict[str, Any]], list[dict[str, Any]], int]:
    out, err = io.StringIO(), io.StringIO()
    code = enrich_stream([line.encode("utf-8") for line in lines], out, err, stages)
    records = [json.loads(line) for line in out.getvalue().splitlines()]
    errors = [
        json.loads(line) for line in err.getvalue().splitlines() if line.startswith("{")
    ]
    return records, errors, code


def test_all_stages_and_every_line_accounted_for(sample_article):
    lines = [
        sample_article.model_dump_json(),
        "{not json",
        json.dumps({"id": "empty", "text": ""}),
        json.dumps(
            {
                "id": "en-1",
                "text": "Reuters reported that Russia and China "
                "signed a new trade agreement in Moscow.",
            }
        ),
    ]
    records, errors, code = _run(lines)
    assert code == 1  # some lines were rejected
    assert [r["id"] for r in records] == [sample_article.id, "en-1"]
    assert [(e["line"], e["stage"], e["reason"]) for e in errors] == [
        (2, "language", "not_json"),
        (3, "language", "invalid_schema"),
    ]
    sample = records[0]
    assert [t["stage"] for t in sample["trace"]] == [
        "language",
        "entities",
        "bilateral",
        "credibility",
    ]
    assert sample["language"]["code"] == "fr"
    assert sample["credibility"]["publisher"]["domain"] == "congluan.vn"


def test_stages_option_stops_early(sample_article):
    records, _, code = _run([sample_article.model_dump_json()], stages="entities")
    assert code == 0
    assert "entities" in records[0] and "bilateral" not in records[0]


def test_cli_reads_a_file(tmp_path, capsys, sample_article):
    path = tmp_path / "in.jsonl"
    path.write_text(sample_article.model_dump_json() + "\n", encoding="utf-8")
    assert main(["enrich", str(path), "--stages", "language"]) == 0
    record = json.loads(capsys.readouterr().out)
    assert record["language"]["code"] == "fr"
