"""Every topic of the contract, in one place; nothing else lists topics."""

from topics.article import (
    ArticleBilateral,
    ArticleEnriched,
    ArticleEntities,
    ArticleLanguage,
    ArticleRaw,
)
from topics.spec import DAY_MS, TopicSpec

ARTICLE_RAW = TopicSpec(
    "news.article.raw.v1", ArticleRaw, description="raw articles, keyed by id"
)
ARTICLE_LANGUAGE = TopicSpec(
    "news.article.language.v1", ArticleLanguage, description="+ language"
)
ARTICLE_ENTITIES = TopicSpec(
    "news.article.entities.v1", ArticleEntities, description="+ entities"
)
ARTICLE_BILATERAL = TopicSpec(
    "news.article.bilateral.v1", ArticleBilateral, description="+ bilateral"
)
ARTICLE_ENRICHED = TopicSpec(
    "news.article.enriched.v1",
    ArticleEnriched,
    description="+ credibility: the full record",
)

WORKER_NAMES = ("language", "entities", "bilateral", "credibility")
# Each worker's source and sink topic, for tools that must not load its models.
WORKER_TOPICS: dict[str, tuple[TopicSpec, TopicSpec]] = {
    "language": (ARTICLE_RAW, ARTICLE_LANGUAGE),
    "entities": (ARTICLE_LANGUAGE, ARTICLE_ENTITIES),
    "bilateral": (ARTICLE_ENTITIES, ARTICLE_BILATERAL),
    "credibility": (ARTICLE_BILATERAL, ARTICLE_ENRICHED),
}


def dead_letter_topic(worker: str) -> TopicSpec:
    """The dead-letter topic of one worker: original bytes, context in headers."""
    return TopicSpec(
        f"news.dlq.{worker}.v1",
        None,
        partitions=1,
        retention_ms=30 * DAY_MS,
        description=f"messages the {worker} worker could not enrich",
    )


DEAD_LETTER_TOPICS = {name: dead_letter_topic(name) for name in WORKER_NAMES}

ARTICLE_TOPICS = (
    ARTICLE_RAW,
    ARTICLE_LANGUAGE,
    ARTICLE_ENTITIES,
    ARTICLE_BILATERAL,
    ARTICLE_ENRICHED,
)
ALL_TOPICS: tuple[TopicSpec, ...] = ARTICLE_TOPICS + tuple(DEAD_LETTER_TOPICS.values())
