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

TEXT_COLUMNS = ("text", "content", "body")
SOURCE_LINE = re.compile(r"^\s*source\s*:\s*(?P<url>https?://\S+)\s*$", re.IGNORECASE)
# Page furniture under a pasted article: comment counters, share buttons.
FURNITURE_LINE = re.compile(
    r"^\s*(?:comments?\s*\(\d+\)|partager|share|print|imprimer)\s*$", re.IGNORECASE
)


class InputError(ValueError):
    """A line or file that is not a usable article; says where."""


@dataclass(frozen=True)
class ReadResult:
    """An article, or why a line of the input is not one."""

    where: str
    article: ArticleRaw | None
    error: str | None = None


def read_articles(path: Path) -> Iterator[ReadResult]:
    """Articles from one file; by extension: .jsonl, .csv, else plain text."""
    suffix = path.suffix.lower()
    if suffix in (".jsonl", ".ndjson", ".json"):
        yield from _jsonl(path)
    elif suffix == ".csv":
        yield from _csv(path)
    else:
        yield _validated(f"{path}", _plain_text(path.read_text(encoding="utf-8")))


def _jsonl(path: Path) -> Iterator[ReadResult]:
    with path.open(encoding="utf-8") as lines:
        for number, line in enumerate(lines, 1):
            if not line.strip():
                continue
            where = f"{path}:{number}"
            try:
                data = json.loads(line)
            except json.JSONDecodeError as error:
                yield ReadResult(where, None, f"not JSON: {error}")
                continue
            yield _validated(where, data)


def _csv(path: Path) -> Iterator[ReadResult]:
    with path.open(encoding="utf-8", newline="") as handle:
        for number, row in enumerate(csv.DictReader(handle), 2):
            text = next((row[c] for c in TEXT_COLUMNS if row.get(c)), "")
            data = {k: v for k, v in row.items() if k and v not in (None, "")}
            data["text"] = text
            yield _validated(f"{path}:{number}", data)


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
