"""Wiring of the language stage: settings in, a ready Stage out."""

from typing import Literal

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from topics.article import ArticleLanguage, ArticleRaw
from topics.registry import ARTICLE_LANGUAGE, ARTICLE_RAW
from workers import __version__
from workers.language.backends import BACKENDS, LangdetectBackend
from workers.language.detect import LanguageDetector
from workers.language.metrics import LANGUAGE_COUNTERS
from workers.language.strategy import Combined, Single, Strategy
from workers.runtime.settings import load_settings
from workers.runtime.stage import CHEAP_STAGE_BATCH, Stage

BackendName = Literal["combined", "fasttext", "lingua", "langdetect"]


class LanguageSettings(BaseSettings):
    """NEWS_LANGUAGE_*: which backend decides, when to say "und", how much to read."""

    model_config = SettingsConfigDict(
        env_prefix="NEWS_LANGUAGE_", frozen=True, extra="ignore"
    )

    backend: BackendName = Field(
        default="combined",
        description="combined (fastText + lingua, the measured best), fasttext (lean), "
        "lingua, langdetect",
    )
    min_chars: int = Field(default=3, ge=1, description='shorter cleaned text is "und"')
    min_confidence: float = Field(
        default=0.1, ge=0.0, le=1.0, description='a weaker best guess is "und"'
    )
    max_chars: int = Field(
        default=1_000, ge=50, description="prefix of long articles read"
    )
    seed: int = Field(default=0, description="langdetect's seed")


def build_strategy(backend: BackendName, seed: int = 0) -> Strategy:
    """The named strategy with its models loaded."""
    if backend == "combined":
        return Combined()
    if backend == "langdetect":
        return Single(LangdetectBackend(seed))
    return Single(BACKENDS[backend]())


def build_detector(settings: LanguageSettings) -> LanguageDetector:
    """A detector configured as the settings say."""
    return LanguageDetector(
        build_strategy(settings.backend, settings.seed),
        settings.min_chars,
        settings.min_confidence,
        settings.max_chars,
    )


def build_stage(
    settings: LanguageSettings | None = None,
) -> Stage[ArticleRaw, ArticleLanguage]:
    """The language stage, its models loaded."""
    settings = settings or load_settings(LanguageSettings)
    detector = build_detector(settings)

    return Stage(
        "language",
        __version__,
        ARTICLE_RAW,
        ARTICLE_LANGUAGE,
        ArticleRaw,
        detector,
        counters=LANGUAGE_COUNTERS,
        executor="process",  # cheap stage: overlaps the runtime (performance.md)
        batch_size=CHEAP_STAGE_BATCH,
    )
