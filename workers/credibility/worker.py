"""Wiring of the credibility stage: settings in, a ready Stage out."""

from pathlib import Path

from pydantic_settings import BaseSettings, SettingsConfigDict

from topics.article import ArticleBilateral, ArticleEnriched
from topics.registry import ARTICLE_BILATERAL, ARTICLE_ENRICHED
from workers import __version__
from workers.credibility.assess import CredibilityAssessor
from workers.credibility.outlets import DATA, load_outlets
from workers.runtime.settings import load_settings
from workers.runtime.stage import Stage


class CredibilitySettings(BaseSettings):
    """NEWS_CREDIBILITY_*: where the outlet registry lives."""

    model_config = SettingsConfigDict(
        env_prefix="NEWS_CREDIBILITY_", frozen=True, extra="ignore"
    )

    outlets_path: Path = DATA


def build_stage(
    settings: CredibilitySettings | None = None,
) -> Stage[ArticleBilateral, ArticleEnriched]:
    """The credibility stage, its registry loaded."""
    settings = settings or load_settings(CredibilitySettings)
    assessor = CredibilityAssessor(load_outlets(settings.outlets_path))
    return Stage(
        "credibility",
        __version__,
        ARTICLE_BILATERAL,
        ARTICLE_ENRICHED,
        ArticleBilateral,
        assessor,
    )
