"""Wiring of the credibility stage: settings in, a ready Stage out."""

from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from topics.article import ArticleBilateral, ArticleEnriched
from topics.registry import ARTICLE_BILATERAL, ARTICLE_ENRICHED
from workers import __version__
from workers.credibility.assess import CredibilityAssessor
from workers.credibility.metrics import CREDIBILITY_COUNTERS
from workers.credibility.outlets import DATA, load_outlets
from workers.credibility.ratings import RatingIndex, RatingSources
from workers.runtime.settings import load_settings
from workers.runtime.stage import CHEAP_STAGE_BATCH, Stage


class CredibilitySettings(BaseSettings):
    """NEWS_CREDIBILITY_*: the outlet registry and the rating datasets' files."""

    model_config = SettingsConfigDict(
        env_prefix="NEWS_CREDIBILITY_", frozen=True, extra="ignore"
    )

    outlets_path: Path = DATA
    lin2023_path: Path | None = Field(default=None, description="domain_ratings.csv")
    mbfc_paths: list[Path] = Field(
        default_factory=list,
        description="JSON list of News-Media-Reliability corpus.tsv",
    )
    opensources_path: Path | None = Field(default=None, description="websites.csv")

    def rating_sources(self) -> RatingSources:
        """The configured files, for the rating index."""
        return RatingSources(
            self.lin2023_path, tuple(self.mbfc_paths), self.opensources_path
        )


def build_assessor(settings: CredibilitySettings) -> CredibilityAssessor:
    """Registry and ratings loaded; a missing file fails here, naming it."""
    return CredibilityAssessor(
        load_outlets(settings.outlets_path), RatingIndex(settings.rating_sources())
    )


def build_stage(
    settings: CredibilitySettings | None = None,
) -> Stage[ArticleBilateral, ArticleEnriched]:
    """The credibility stage, its registry and ratings loaded."""
    settings = settings or load_settings(CredibilitySettings)
    return Stage(
        "credibility",
        __version__,
        ARTICLE_BILATERAL,
        ARTICLE_ENRICHED,
        ArticleBilateral,
        build_assessor(settings),
        counters=CREDIBILITY_COUNTERS,
        executor="process",  # cheap stage: overlaps the runtime (performance.md)
        batch_size=CHEAP_STAGE_BATCH,
    )
