"""`newsenrich publish`: validate articles from files and produce them, keyed by id."""

import asyncio
import sys
from pathlib import Path

from workers.readers import read_articles
from workers.runtime.clients import publish
from workers.runtime.errors import UsageError
from workers.runtime.settings import RuntimeSettings


def publish_files(settings: RuntimeSettings, files: list[Path], topic: str) -> int:
    """Publish every valid article, report each invalid one; 1 if any was skipped."""
    records = []
    skipped = 0
    for path in files:
        if not path.exists():
            raise UsageError(f"no such file: {path}")
        for result in read_articles(path):
            if result.article is None:
                print(f"skipped {result.where}: {result.error}", file=sys.stderr)
                skipped += 1
                continue
            value = result.article.model_dump_json(exclude_defaults=True).encode(
                "utf-8"
            )
            records.append((result.article.id.encode("utf-8"), value, ()))
    sent = asyncio.run(publish(settings, topic, records))
    print(
        f"published {sent} article(s) to {topic}"
        + (f"; skipped {skipped}" if skipped else "")
    )
    return 1 if skipped else 0
