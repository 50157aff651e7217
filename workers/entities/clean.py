"""Which spans a model tags are not names at all: page furniture, common words.

The models were trained on text where names are capitalised, and still tag a
capitalised adverb at the start of a sentence ("Según", "También") or, in older
pipelines, an ordinary lowercase word ("aseguró"). Stop words come from spaCy's
own lists for each language.
"""

import importlib
from functools import cache

# Page furniture a model may read as a name.
FURNITURE = frozenset(
    {"photo", "comment", "comments", "source", "video", "vidéo", "share"}
)


@cache
def stop_words(language: str) -> frozenset[str]:
    """spaCy's stop words for `language`; none when spaCy has no list for it."""
    try:
        module = importlib.import_module(f"spacy.lang.{language}.stop_words")
    except ModuleNotFoundError:
        return frozenset()
    return frozenset(module.STOP_WORDS)


def is_common_word(text: str, language: str) -> bool:
    """Furniture, a stop word that is not an acronym, or lowercase in a cased script."""
    lowered = text.lower()
    if lowered in FURNITURE:
        return True
    cased = lowered != text.upper()
    if cased and text == lowered:
        return True
    return text != text.upper() and lowered in stop_words(language)
