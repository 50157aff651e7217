"""The entities worker's counter: entities tagged, by label."""

from typing import get_args

from topics.article import ArticleEntities, EntityLabel
from workers.runtime.output_metrics import OutputCounter

ENTITY_LABELS = get_args(EntityLabel)


def _labels(article: ArticleEntities) -> list[tuple[str]]:
    return [(entity.label,) for entity in article.entities]


ENTITIES_COUNTERS = (
    OutputCounter(
        "news_entities_tagged",
        "Entities tagged, by label (PER, ORG, LOC, MISC)",
        ("label",),
        _labels,
        known=tuple((label,) for label in ENTITY_LABELS),
    ),
)
