"""Wiring of the language stage: settings in, a ready Stage out."""

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from topics.article import ArticleLanguage, ArticleRaw
from topics.registry import ARTICLE_LANGUAGE, ARTICLE_RAW
from workers import __version__
from workers.language.detect import LanguageDetector
from workers.runtime.settings import load_settings
from workers.runtime.stage import Stage


class LanguageSettings(BaseSettings):
    """NEWS_LANGUAGE_*: when to say "und", and how much text to read."""

    model_config = SettingsConfigDict(
        env_prefix="NEWS_LANGUAGE_", frozen=True, extra="ignore"
    )

    min_chars: int = Field(
        default=20, ge=1, description='shorter cleaned text is "und"'
    )
    min_confidence: float = Field(
        default=0.5, ge=0.0, le=1.0, description='a weaker best guess is "und"'
    )
    max_chars: int = Field(
        default=2_000, ge=100, description="prefix of long articles read"
    )
    seed: int = 0


def build_stage(
    settings: LanguageSettings | None = None,
) -> Stage[ArticleRaw, ArticleLanguage]:
    """The language stage, its profiles loaded."""
    settings = settings or load_settings(LanguageSettings)
    detector = LanguageDetector(
        settings.min_chars, settings.min_confidence, settings.max_chars, settings.seed
    )
    return Stage(
        "language", __version__, ARTICLE_RAW, ARTICLE_LANGUAGE, ArticleRaw, detector
    )
