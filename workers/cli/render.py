"""Print records for people: one short block per article or dead letter."""

import json
from typing import Any

from topics.dead_letter import HEADER_ERROR, HEADER_REASON, HEADER_WORKER
from workers.runtime.clients import Record


def render(record: Record) -> str:
    """A readable summary of one record of any newsenrich topic."""
    where = f"{record.topic}[{record.partition}]@{record.offset}"
    headers = {name: value.decode("utf-8", "replace") for name, value in record.headers}
    if HEADER_REASON in headers:
        preview = (record.value or b"")[:80].decode("utf-8", "replace")
        return (
            f"✗ dead letter {where} from {headers.get(HEADER_WORKER)}: "
            f"{headers[HEADER_REASON]} — {headers.get(HEADER_ERROR)}\n"
            f"  value: {preview!r}"
        )
    try:
        article = json.loads(record.value or b"")
    except ValueError:
        return f"? {where}: {record.value!r:.120}"
    return "\n".join([f"● {article.get('id')}  {where}", *_lines(article)])


def _lines(article: dict[str, Any]) -> list[str]:
    lines = [f"  title: {article['title']}"] if article.get("title") else []
    if language := article.get("language"):
        lines.append(
            f"  language: {language['code']} ({language['confidence']:.2f}, "
            f"{language['detector']})"
        )
    if (entities := article.get("entities")) is not None:
        people = sorted({e["text"] for e in entities if e["label"] == "PER"})
        actors = sorted({a for e in entities for a in e.get("actors", [])})
        lines.append(f"  people: {', '.join(people) or '-'}")
        lines.append(f"  actors: {', '.join(actors) or '-'}")
    for pair in article.get("bilateral") or []:
        lines.append(
            f"  {'–'.join(pair['pair'])}: {pair['label']} {pair['score']:+.2f} "
            f"({len(pair['statements'])} statement(s))"
        )
    if credibility := article.get("credibility"):
        publisher = credibility["publisher"]
        cited = ", ".join(s["name"] for s in credibility["cited_sources"]) or "-"
        rated = ", ".join(r["dataset"] for r in publisher.get("ratings", [])) or "none"
        lines.append(
            f"  publisher: {publisher.get('name') or '?'} ({publisher.get('domain')}); "
            f"ratings: {rated}"
        )
        lines.append(f"  cites: {cited}")
    return lines
