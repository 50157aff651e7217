"""Chinese names from jieba's part-of-speech dictionary: nr, ns and nt words.

No Chinese NER model ships on PyPI; jieba tags a word as a person (nr), a place
(ns) or an organisation (nt) from its dictionary and HMM. Its dictionary is in
simplified characters, so traditional text is converted first (OpenCC's t2s,
character for character: offsets stay those of the published text).
"""

from collections.abc import Mapping, Sequence

import jieba
import jieba.posseg
import opencc

from topics.article import EntityLabel
from workers.entities.clean import stop_words
from workers.entities.names import Name

LABELS: Mapping[str, EntityLabel] = {
    "nr": "PER",
    "nrfg": "PER",
    "nrt": "PER",
    "ns": "LOC",
    "nt": "ORG",
}


class JiebaNames:
    """jieba.posseg's words, tagged by their part of speech; offsets counted."""

    package = "jieba"

    def __init__(self, as_it_comes: bool = False) -> None:
        """`as_it_comes`: jieba alone, as the evaluator's baseline (no conversion)."""
        self._as_it_comes = as_it_comes
        jieba.setLogLevel(30)  # its dictionary load prints progress at INFO
        self._tokenizer = jieba.posseg.POSTokenizer(jieba.Tokenizer())
        self._tokenizer.initialize()
        self._simplified = opencc.OpenCC("t2s")
        self._stop_words = stop_words("zh")

    def tag(self, texts: Sequence[str]) -> list[list[Name]]:
        """Each text's words, in order: posseg keeps every character."""
        return [self._names(text) for text in texts]

    def _names(self, text: str) -> list[Name]:
        simplified = text if self._as_it_comes else self._simplified.convert(text)
        if len(simplified) != len(text):  # a phrase changed length: offsets would move
            simplified = text
        names = []
        start = 0
        for pair in self._tokenizer.cut(simplified):
            end = start + len(pair.word)
            if pair.flag in LABELS and (self._as_it_comes or self._is_name(pair.word)):
                names.append(Name(start, end, pair.flag, LABELS[pair.flag]))
            start = end
        return names

    def _is_name(self, word: str) -> bool:
        # One-character words tagged as names are the HMM's guesses (于, 后).
        return len(word) > 1 and word not in self._stop_words
