"""What in an article's text is not prose: URLs, e-mail, bylines, page furniture.

Shared by the stages that must not read it as language (language) or as names
(entities).
"""

import re

URL = re.compile(r"\b(?:https?://|www\.)\S+", re.IGNORECASE)
EMAIL = re.compile(r"\b[\w.+-]+@[\w-]+\.[\w.-]+\b")
# Lines that are page furniture, not prose: counters, captions, source lines.
FURNITURE_LINE = re.compile(
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


def not_prose_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of every URL, e-mail address, byline and furniture line."""
    patterns = (URL, EMAIL, BYLINE, FURNITURE_LINE)
    return [
        (m.start(), m.end()) for pattern in patterns for m in pattern.finditer(text)
    ]
