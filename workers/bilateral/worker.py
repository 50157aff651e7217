"""Wiring of the bilateral stage."""

from topics.article import ArticleBilateral, ArticleEntities
from topics.registry import ARTICLE_BILATERAL, ARTICLE_ENTITIES
from workers import __version__
from workers.bilateral.metrics import BILATERAL_COUNTERS
from workers.bilateral.relate import RelationFinder
from workers.runtime.stage import Stage


def build_stage() -> Stage[ArticleEntities, ArticleBilateral]:
    """The bilateral stage, its parsers loaded before the worker forks."""
    finder = RelationFinder()
    finder.preload()
    return Stage(
        "bilateral",
        __version__,
        ARTICLE_ENTITIES,
        ARTICLE_BILATERAL,
        ArticleEntities,
        finder,
        counters=BILATERAL_COUNTERS,
        executor="process",  # cheap stage: overlaps the runtime (performance.md)
    )
