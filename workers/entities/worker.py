"""Wiring of the entities stage: settings in, a ready Stage out."""

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from topics.article import ArticleEntities, ArticleLanguage
from topics.registry import ARTICLE_ENTITIES, ARTICLE_LANGUAGE
from workers import __version__
from workers.entities.metrics import ENTITIES_COUNTERS
from workers.entities.models import DEFAULT_MODELS, ModelRegistry
from workers.entities.tag import EntityTagger
from workers.geo import load_gazetteer
from workers.runtime.settings import load_settings
from workers.runtime.stage import Stage


class EntitiesSettings(BaseSettings):
    """NEWS_ENTITIES_*: which spaCy package tags which language."""

    model_config = SettingsConfigDict(
        env_prefix="NEWS_ENTITIES_", frozen=True, extra="ignore"
    )

    models: dict[str, str] = Field(
        default_factory=lambda: dict(DEFAULT_MODELS),
        description='JSON object, language to package, e.g. {"fr": "fr_core_news_sm"}',
    )


def build_stage(
    settings: EntitiesSettings | None = None,
) -> Stage[ArticleLanguage, ArticleEntities]:
    """The entities stage, every model loaded."""
    settings = settings or load_settings(EntitiesSettings)
    models = ModelRegistry(settings.models)
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
