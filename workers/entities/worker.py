"""Wiring of the entities stage: settings in, a ready Stage out."""

from typing import Annotated

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from topics.article import ArticleEntities, ArticleLanguage
from topics.registry import ARTICLE_ENTITIES, ARTICLE_LANGUAGE
from workers import __version__
from workers.entities.metrics import ENTITIES_COUNTERS
from workers.entities.models import DEFAULT_LANGUAGES, ModelRegistry, select_models
from workers.entities.tag import EntityTagger
from workers.geo import load_gazetteer
from workers.runtime.settings import load_settings
from workers.runtime.stage import Stage


class EntitiesSettings(BaseSettings):
    """NEWS_ENTITIES_*: the languages to load, and which package tags which."""

    model_config = SettingsConfigDict(
        env_prefix="NEWS_ENTITIES_", frozen=True, extra="ignore"
    )

    languages: Annotated[tuple[str, ...], NoDecode] = Field(
        default=DEFAULT_LANGUAGES,
        description="comma-separated languages whose taggers load; others get the "
        "gazetteer alone",
    )
    models: dict[str, str] = Field(
        default_factory=dict,
        description='JSON object over the known table, e.g. {"fr": "fr_core_news_sm"}',
    )

    @field_validator("languages", mode="before")
    @classmethod
    def _split(cls, value: object) -> object:
        if isinstance(value, str):
            return tuple(part.strip() for part in value.split(",") if part.strip())
        return value


def build_stage(
    settings: EntitiesSettings | None = None,
) -> Stage[ArticleLanguage, ArticleEntities]:
    """The entities stage, every model loaded."""
    settings = settings or load_settings(EntitiesSettings)
    models = ModelRegistry(select_models(settings.languages, settings.models))
    models.preload()
    tagger = EntityTagger(models, load_gazetteer())
    return Stage(
        "entities",
        __version__,
        ARTICLE_LANGUAGE,
        ARTICLE_ENTITIES,
        ArticleLanguage,
        tagger,
        enrich_batch=tagger.batch,
        counters=ENTITIES_COUNTERS,
    )
