"""Batch tools on hostile bytes: good articles come out, every bad line is named."""

import json
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from workers.readers import read_articles

GOOD = [
    {"id": "good-en", "text": "The president of France visited Germany."},
    {"id": "good-fr", "text": "Le président a visité Berlin."},
]
# Any bytes on one line; a blank line is skipped by design, not reported.
LINES = st.binary(min_size=1, max_size=40).filter(
    lambda b: b"\n" not in b and b"\r" not in b and b.strip() != b""
)


Record = dict[str, object]
COMMAND = [sys.executable, "-m", "workers.cli.main", "enrich"]


def _enrich(path: Path) -> tuple[list[Record], list[Record], int]:
    done = subprocess.run(
        [*COMMAND, str(path), "--stages", "language"],
        capture_output=True,
        timeout=300,
        check=False,
    )
    records = [json.loads(line) for line in done.stdout.splitlines()]
    reports = [
        json.loads(line) for line in done.stderr.splitlines() if line.startswith(b"{")
    ]
    return records, reports, done.returncode


@pytest.mark.model
@settings(
    max_examples=3,  # each example starts the command, as a user runs it
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(bad=st.lists(LINES, min_size=1, max_size=30), at=st.integers(0, 30))
def test_enrich_keeps_every_good_article_and_reports_every_bad_line(
    tmp_path: Path, bad: list[bytes], at: int
) -> None:
    good = [json.dumps(article).encode("utf-8") for article in GOOD]
    lines = bad[:at] + good[:1] + bad[at:] + good[1:]
    path = tmp_path / "dump.jsonl"
    path.write_bytes(b"\n".join(lines) + b"\n")
    records, reports, code = _enrich(path)
    good_lines = {i + 1 for i, line in enumerate(lines) if line in good}
    bad_lines = {i + 1 for i, line in enumerate(lines) if line not in good}
    assert [r["id"] for r in records if r["id"] in ("good-en", "good-fr")] == [
        "good-en",
        "good-fr",
    ]
    reported = [r["line"] for r in reports]
    assert len(reported) == len(set(reported))  # each bad line once
    assert set(reported) <= bad_lines and not set(reported) & good_lines
    # A random line that happens to be a valid article is enriched, not lost.
    assert len(records) + len(reported) == len(lines)
    for report in reports:
        try:
            lines[int(str(report["line"])) - 1].decode("utf-8")
        except UnicodeDecodeError:
            assert report["reason"] == "not_utf8"
    assert code == 1


@pytest.mark.parametrize(
    ("name", "content"),
    [
        (
            "in.jsonl",
            b'{"text": "First article."}\n\xff\xfe bad\n{"text": "Second."}\n',
        ),
        (
            "in.csv",
            b'id,text\na,"First article,\nover two lines"\n\xff bad\nb,Second.\n',
        ),
    ],
)
def test_publish_readers_name_the_undecodable_line_and_read_the_rest(
    tmp_path: Path, name: str, content: bytes
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    results = list(read_articles(path))
    errors = [(r.where, r.error) for r in results if r.article is None]
    assert [r.article.text for r in results if r.article] in (
        ["First article.", "Second."],
        ["First article,\nover two lines", "Second."],
    )
    [(where, error)] = errors
    assert where.endswith(":2" if name.endswith(".jsonl") else ":4")
    assert error is not None and error.startswith("not_utf8")


def test_plain_text_article_keeps_its_decodable_lines(tmp_path: Path) -> None:
    path = tmp_path / "article.txt"
    path.write_bytes(b"Japan and the United States met.\n\xff\nThey agreed.\n")
    results = list(read_articles(path))
    [article] = [r.article for r in results if r.article]
    assert article.text == "Japan and the United States met.\nThey agreed."
    assert [r.where for r in results if r.article is None] == [f"{path}:2"]
