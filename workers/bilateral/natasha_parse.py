"""Russian sentences parsed by natasha as spaCy Docs, so that one set of role
rules reads every language's Universal Dependencies parse.

natasha (MIT) ships slovnet's syntax and morphology models with its navec
embeddings; its own lemmatizer needs pymorphy2, which does not run on Python
3.11, so lemmas come from pymorphy3 (same dictionaries, maintained fork).
"""

from functools import cache, lru_cache

import pymorphy3
import spacy
from natasha import Doc as NatashaDoc
from natasha import NewsEmbedding, NewsMorphTagger, NewsSyntaxParser, Segmenter
from spacy.tokens import Doc

from workers.bilateral.docs import ParsedToken, build_doc

PACKAGE = "natasha"
# Parts of speech whose lemma is looked up; the rest keep their lower-cased form.
INFLECTED = frozenset({"NOUN", "PROPN", "VERB", "ADJ", "AUX", "PRON", "DET"})


class NatashaParser:
    """Segmenter, morphology and syntax once a process; one Doc a sentence."""

    def __init__(self) -> None:
        embedding = NewsEmbedding()
        self._segmenter = Segmenter()
        self._morph = NewsMorphTagger(embedding)
        self._syntax = NewsSyntaxParser(embedding)
        # Russian's lexical attributes (lower case, numbers): a bare Vocab has none.
        self._vocab = spacy.blank("ru").vocab

    def parse(self, sentences: list[str]) -> list[Doc]:
        """A Doc per sentence, its text exactly the sentence's."""
        return [self._doc(sentence) for sentence in sentences]

    def _doc(self, text: str) -> Doc:
        parsed = NatashaDoc(text)
        parsed.segment(self._segmenter)
        parsed.tag_morph(self._morph)
        parsed.parse_syntax(self._syntax)
        index = {token.id: i for i, token in enumerate(parsed.tokens)}
        return build_doc(
            self._vocab,
            text,
            [
                ParsedToken(
                    token.start,
                    token.stop,
                    index.get(token.head_id, -1),
                    token.rel,
                    token.pos,
                    _lemma(token.text, token.pos),
                )
                for token in parsed.tokens
            ],
        )


@lru_cache(maxsize=65_536)  # news repeats its words: one analysis each
def _lemma(word: str, pos: str) -> str:
    lowered = word.lower()
    if pos not in INFLECTED:
        return lowered
    return str(_analyzer().parse(lowered)[0].normal_form)


@cache
def _analyzer() -> pymorphy3.MorphAnalyzer:
    return pymorphy3.MorphAnalyzer()
