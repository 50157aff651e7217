"""Split text into sentences with offsets, without a model (fast, language-light)."""

import re
from dataclasses import dataclass

# A boundary: end punctuation (maybe a closing quote), space, then an opening.
BOUNDARY = re.compile(r"(?<=[.!?…])[»\"”)]?\s+(?=[«\"“(A-ZÀ-ÖØ-Þ0-9])|\n+")
# Words after which a full stop is not the end of a sentence.
ABBREVIATIONS = frozenset(
    {
        "m",
        "mm",
        "mme",
        "mmes",
        "mlle",
        "dr",
        "mr",
        "mrs",
        "ms",
        "st",
        "sr",
        "jr",
        "gen",
        "col",
        "lt",
        "prof",
        "no",
        "vs",
        "etc",
        "u.s",
        "u.k",
        "u.n",
        "e.u",
        "p",
        "art",
    }
)


@dataclass(frozen=True)
class Sentence:
    """A sentence and where it sits in the text."""

    text: str
    start: int
    end: int


def split_sentences(text: str) -> list[Sentence]:
    """Sentences of a text, offsets into it, blank stretches dropped."""
    sentences: list[Sentence] = []
    start = 0
    for boundary in BOUNDARY.finditer(text):
        at_newline = "\n" in boundary.group()
        if not at_newline and _after_abbreviation(text, boundary.start()):
            continue
        _append(
            sentences, text, start, boundary.start() + len(boundary.group().rstrip())
        )
        start = boundary.end()
    _append(sentences, text, start, len(text))
    return sentences


def _after_abbreviation(text: str, position: int) -> bool:
    head = text[max(0, position - 12) : position]
    if not head.endswith("."):
        return False
    word = re.split(r"[\s(«\"]", head[:-1])[-1].lower()
    return word in ABBREVIATIONS or (len(word) == 1 and word.isalpha())


def _append(sentences: list[Sentence], text: str, start: int, end: int) -> None:
    chunk = text[start:end]
    stripped = chunk.strip()
    if stripped:
        offset = start + chunk.index(stripped)
        sentences.append(Sentence(stripped, offset, offset + len(stripped)))
