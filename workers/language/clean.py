"""Strip what is not prose before detecting a language: URLs, bylines, furniture."""

import re

from workers.furniture import BYLINE, EMAIL, FURNITURE_LINE, URL

SPACES = re.compile(r"\s+")


def clean_text(title: str | None, body: str, max_chars: int) -> str:
    """Title and body as prose, capped at `max_chars` characters."""
    text = f"{title}\n{body}" if title else body
    for pattern in (FURNITURE_LINE, BYLINE, URL, EMAIL):
        text = pattern.sub(" ", text)
    return SPACES.sub(" ", text).strip()[:max_chars]
