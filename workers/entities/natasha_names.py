"""Russian names from natasha's news NER model (slovnet weights, navec embeddings).

Only the NER path is built: natasha's morphology goes through pymorphy2, whose
analyser does not work on Python 3.11 and is not needed for names.
"""

from collections.abc import Mapping, Sequence

from natasha import Doc, NewsEmbedding, NewsNERTagger, Segmenter

from topics.article import EntityLabel
from workers.entities.names import Name

LABELS: Mapping[str, EntityLabel] = {"PER": "PER", "ORG": "ORG", "LOC": "LOC"}


class NatashaNames:
    """razdel's tokens and sentences, then slovnet's NER; offsets into the text."""

    package = "natasha"

    def __init__(self) -> None:
        self._segmenter = Segmenter()
        self._ner = NewsNERTagger(NewsEmbedding())

    def tag(self, texts: Sequence[str]) -> list[list[Name]]:
        """Each text on its own: the model reads sentences, not batches of texts."""
        return [self._names(text) for text in texts]

    def _names(self, text: str) -> list[Name]:
        doc = Doc(text)
        doc.segment(self._segmenter)
        doc.tag_ner(self._ner)
        return [
            Name(span.start, span.stop, span.type, LABELS[span.type])
            for span in doc.spans
            if span.type in LABELS
        ]
