"""Split text into sentences with offsets, without a model (fast, language-light)."""

import re
from dataclasses import dataclass

# A boundary: end punctuation (maybe a closing quote), space, then an opening.
# Written to open with a character set, which the regex engine can skip to: with a
# look-behind first it was tried at every character. The boundary is the `gap`
# after end punctuation, or a run of newlines (the whole match).
# Japanese and Chinese full stops end a sentence without a space after them; the
# whole match (with a closing bracket) is the boundary.
BOUNDARY = re.compile(
    r"[.!?…\n。！？](?:(?<=[.!?…])(?P<gap>[»\"”)]?\s+)(?=[«\"“(A-ZÀ-ÖØ-Þ0-9])|"
    r"(?<=\n)\n*|(?<=[。！？])[」』）]?)"
)
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


# A wire dateline opening an article: "MOSCOW (AP) — ", "TOKYO, March 3 - ".
DATELINE = re.compile(
    r"[A-ZÀ-Ö][A-ZÀ-Ö .'-]+(?:,\s*[A-Z][a-z]+\.?\s+\d{1,2})?\s*"
    r"(?:\([^()\n]{1,30}\))?\s*[—–-]{1,2}\s+"
)
# Hard-wrapped text breaks its lines at a fixed width (wire copy at 65-80 columns):
# a shorter line is a title or caption, a longer one a paragraph of its own.
WRAPPED_LINE = 30
WRAP_WIDTH = 100


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
    for at, end in boundary_spans(text):
        boundary = text[at:end]
        if "\n" not in boundary and _after_abbreviation(text, at):
            continue
        if boundary == "\n" and _wrapped(text, at):
            continue
        _append(sentences, text, start, at + len(boundary.rstrip()))
        start = end
    _append(sentences, text, start, len(text))
    return sentences


def without_dateline(sentence: Sentence) -> Sentence:
    """The sentence after a wire dateline, if it opens with one: the place it was
    filed from is no party of what the sentence says."""
    match = DATELINE.match(sentence.text)
    if match is None or match.end() >= len(sentence.text):
        return sentence
    return Sentence(
        sentence.text[match.end() :], sentence.start + match.end(), sentence.end
    )


def boundary_spans(text: str) -> list[tuple[int, int]]:
    """Where BOUNDARY cuts: the gap after end punctuation, or a run of newlines."""
    return [
        match.span("gap" if match.group("gap") is not None else 0)
        for match in BOUNDARY.finditer(text)
    ]


def _wrapped(text: str, at: int) -> bool:
    """A newline inside a paragraph, as newswire text is hard-wrapped.

    A line break ends a sentence after a short line (a title, a caption) or one
    longer than a wrapping width (a paragraph), before an indented line (a new
    paragraph) or after end punctuation, a colon or a closing quote; elsewhere the
    line runs on into the next.
    """
    line_start = text.rfind("\n", 0, at) + 1
    line = text[line_start:at].rstrip()
    following = text[at + 1 : at + 2]
    return (
        WRAPPED_LINE <= len(line) <= WRAP_WIDTH
        and following != ""
        and not following.isspace()
        and line[-1] not in '.!?…:;»"”'
    )


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
