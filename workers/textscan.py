"""Find a pattern's matches faster, by trying it only where a cheap pattern points.

Python's regex engine skips quickly to a possible match only when a pattern
starts with literal text or a character set, and case-sensitively: a pattern
that opens with a look-behind, a word boundary or IGNORECASE is tried at every
position of the text. For the long texts of a news article that made the
citation and outlet patterns most of the credibility stage's time
(docs/performance.md). `finditer` gives exactly what `pattern.finditer` gives.
"""

import re
from collections.abc import Iterator


def finditer(
    pattern: re.Pattern[str], starts: re.Pattern[str], text: str
) -> Iterator[re.Match[str]]:
    """`pattern.finditer(text)`, with `pattern` tried only where `starts` matches.

    `starts` must match wherever `pattern` does (e.g. `pattern` without its
    leading look-behind); it only has to be quick to search for. `pattern` must
    not match the empty string.
    """
    position = 0
    while (candidate := starts.search(text, position)) is not None:
        match = pattern.match(text, candidate.start())
        if match is None:
            position = candidate.start() + 1
            continue
        yield match
        # As finditer: go on after the match, and one further after an empty one.
        position = match.end() + (match.end() == match.start())


def finditer_ignorecase(
    pattern: re.Pattern[str], starts: re.Pattern[str], text: str
) -> Iterator[re.Match[str]]:
    """`finditer` for an IGNORECASE `pattern`, with `starts` written in lower case.

    The matches are found in the lower-cased text: their offsets hold for `text`,
    their `group()` is lower case. Where lower-casing changes the length, the plain
    `pattern.finditer` is used. A letter that IGNORECASE folds but `str.lower`
    keeps (the long s, U+017F) is missed.
    """
    lowered = text.lower()
    if len(lowered) != len(text):  # "İ" lower-cases to two characters
        return pattern.finditer(text)
    return finditer(pattern, starts, lowered)


def alternatives(words: list[str]) -> re.Pattern[str]:
    """Any of `words`, literally: a pattern the engine can skip to quickly."""
    return re.compile("|".join(re.escape(word) for word in words))
