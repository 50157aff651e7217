"""Strip what is not prose before detecting a language: URLs, bylines, furniture."""

import re

URL = re.compile(r"\b(?:https?://|www\.)\S+", re.IGNORECASE)
EMAIL = re.compile(r"\b[\w.+-]+@[\w-]+\.[\w.-]+\b")
# Lines that are page furniture, not prose: counters, captions, source lines.
FURNITURE = re.compile(
    r"^\s*(?:comments?\s*\(\d+\)|photo\s*:.*|source\s*:.*|share|partager|"
    r"\(?\s*selon\s+[^)]*\)?|read more.*|lire aussi.*)\s*$",
    re.IGNORECASE | re.MULTILINE,
)
# Bylines: "By Jane Doe", "Par Hoai Phuong", "Hoai Phuong (selon CCTV, TASS)".
BYLINE = re.compile(
    r"^\s*(?:(?i:by|par|von|por)\s+[A-ZÀ-Ý][^\n]{0,60}|"
    r"[^\n.]{0,60}\((?:selon|according to|source|d'après)[^)\n]*\))\s*$",
    re.MULTILINE,
)
SPACES = re.compile(r"\s+")


def clean_text(title: str | None, body: str, max_chars: int) -> str:
    """Title and body as prose, capped at `max_chars` characters."""
    text = f"{title}\n{body}" if title else body
    text = FURNITURE.sub(" ", text)
    text = BYLINE.sub(" ", text)
    text = URL.sub(" ", text)
    text = EMAIL.sub(" ", text)
    return SPACES.sub(" ", text).strip()[:max_chars]
