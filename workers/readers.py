"""Read raw articles from .jsonl, .csv and plain-text files, errors by line."""

import csv
import hashlib
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from topics.article import ArticleRaw
from topics.dead_letter import DeadLetterReason

TEXT_COLUMNS = ("text", "content", "body")
SOURCE_LINE = re.compile(r"^\s*source\s*:\s*(?P<url>https?://\S+)\s*$", re.IGNORECASE)
# Page furniture under a pasted article: comment counters, share buttons.
FURNITURE_LINE = re.compile(
    r"^\s*(?:comments?\s*\(\d+\)|partager|share|print|imprimer)\s*$", re.IGNORECASE
)


@dataclass(frozen=True)
class ReadResult:
    """An article, or why a line of the input is not one."""

    where: str
    article: ArticleRaw | None
    error: str | None = None


def read_articles(path: Path) -> Iterator[ReadResult]:
    """Articles from one file; by extension: .jsonl, .csv, else plain text.

    Files are read as bytes and decoded line by line: a line that is not UTF-8 is
    reported (reason `not_utf8`, as the workers name it) and every other is read.
    """
    undecodable: list[ReadResult] = []
    lines = _decoded(path, undecodable)
    suffix = path.suffix.lower()
    if suffix in (".jsonl", ".ndjson", ".json"):
        found = _jsonl(path, lines)
    elif suffix == ".csv":
        found = _csv(path, lines)
    else:
        found = iter([_validated(f"{path}", _plain_text("".join(t for _, t in lines)))])
    for result in found:
        yield from _drain(undecodable)
        yield result
    yield from _drain(undecodable)


def _decoded(path: Path, undecodable: list[ReadResult]) -> Iterator[tuple[int, str]]:
    """(line number, text) of each line that decodes; the others go to `undecodable`."""
    with path.open("rb") as handle:
        for number, raw in enumerate(handle, 1):
            try:
                yield number, raw.decode("utf-8")
            except UnicodeDecodeError as error:
                reason = f"{DeadLetterReason.NOT_UTF8.value}: {error}"
                undecodable.append(ReadResult(f"{path}:{number}", None, reason))


def _drain(results: list[ReadResult]) -> Iterator[ReadResult]:
    """The results gathered so far, in order; the list is left empty."""
    yield from list(results)
    results.clear()


def _jsonl(path: Path, lines: Iterator[tuple[int, str]]) -> Iterator[ReadResult]:
    for number, line in lines:
        if not line.strip():
            continue
        where = f"{path}:{number}"
        try:
            data = json.loads(line)
        except json.JSONDecodeError as error:
            yield ReadResult(where, None, f"not JSON: {error}")
            continue
        yield _validated(where, data)


def _csv(path: Path, lines: Iterator[tuple[int, str]]) -> Iterator[ReadResult]:
    numbers: list[int] = []  # the file's line number of each line the reader took

    def text() -> Iterator[str]:
        for number, line in lines:
            numbers.append(number)
            yield line

    reader = csv.DictReader(text())
    consumed = 1  # lines the reader has taken: the header so far
    for row in reader:
        text_value = next((row[c] for c in TEXT_COLUMNS if row.get(c)), "")
        data = {k: v for k, v in row.items() if k and v not in (None, "")}
        data["text"] = text_value
        # A quoted field may span lines: a row starts where the previous one ended.
        first = numbers[min(consumed, len(numbers) - 1)]
        consumed = reader.line_num
        yield _validated(f"{path}:{first}", data)


def _plain_text(content: str) -> dict[str, Any]:
    """Body text as published; a `Source : <url>` line gives the URL."""
    url = None
    kept = []
    for line in content.splitlines():
        match = SOURCE_LINE.match(line)
        if match:
            url = match.group("url")
        elif not FURNITURE_LINE.match(line):
            kept.append(line)
    text = "\n".join(kept).strip()
    return {"id": article_id(url or text), "text": text, "url": url}


def article_id(seed: str) -> str:
    """A stable id: the same URL (or text) always gives the same id."""
    return hashlib.sha256(seed.encode("utf-8")).hexdigest()[:20]


def _validated(where: str, data: Any) -> ReadResult:
    if (
        isinstance(data, dict)
        and "id" not in data
        and isinstance(data.get("text"), str)
    ):
        data = {**data, "id": article_id(data.get("url") or data["text"])}
    try:
        return ReadResult(where, ArticleRaw.model_validate(data))
    except ValidationError as error:
        problems = "; ".join(
            f"{'.'.join(map(str, e['loc'])) or '<root>'}: {e['msg']}"
            for e in error.errors()
        )
        return ReadResult(where, None, problems)
