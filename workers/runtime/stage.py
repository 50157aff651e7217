"""A stage: one topic in, one plain enrichment function, one topic out."""

import gc
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Generic, Literal, TypeVar

from topics.article import ArticleRaw
from topics.spec import TopicSpec
from workers.runtime.output_metrics import OutputCounter

# Every record of the chain is an ArticleRaw extended by the stages before.
logger = logging.getLogger(__name__)

# Where a worker enriches its batches (workers/runtime/offload.py).
ExecutorMode = Literal["thread", "process"]

In = TypeVar("In", bound=ArticleRaw)
Out = TypeVar("Out", bound=ArticleRaw)


# Measured for the cheap stages (language, credibility): batches of 128 cost the
# broker half the CPU per record of 32 (ops.bench.cpu, docs/performance.md).
CHEAP_STAGE_BATCH = 128
DEFAULT_BATCH = 32


@dataclass(frozen=True)
class Stage(Generic[In, Out]):
    """What a worker does, free of Kafka: the runtime and `enrich` both run it."""

    name: str
    version: str
    source: TopicSpec
    sink: TopicSpec
    input_model: type[In]
    enrich: Callable[[In], Out]
    # What the worker counts in each enriched record (languages, labels, pairs).
    counters: tuple[OutputCounter, ...] = ()
    # Where batches are enriched unless NEWS_ENRICH_EXECUTOR says otherwise; chosen
    # per stage by measurement (docs/performance.md).
    executor: ExecutorMode = "thread"
    # Messages enriched together unless NEWS_BATCH_SIZE says otherwise. A cheap
    # stage takes more: each batch costs the broker a produce request per
    # partition, as much CPU per record as the stage's own work at 32 (and a
    # slow stage's first article would wait for the whole batch).
    batch_size: int = DEFAULT_BATCH
    # Enriches a whole batch at once (spaCy's nlp.pipe); None: one article at a time.
    enrich_batch: Callable[[Sequence[In]], list[Out]] | None = None

    def enrich_many(self, articles: Sequence[In]) -> list[Out | Exception]:
        """Enrich each article; an article that raises yields its exception."""
        if self.enrich_batch is not None and len(articles) > 1:
            try:
                return list(self.enrich_batch(articles))
            except Exception:
                logger.warning(
                    "batch enrichment failed; retrying article by article",
                    exc_info=True,
                    extra={"stage": self.name},
                )
        results: list[Out | Exception] = []
        for article in articles:
            try:
                results.append(self.enrich(article))
            except Exception as error:  # noqa: BLE001 - reported per article, not raised
                results.append(error)
        return results


def freeze_built_objects() -> None:
    """Keep what is built so far (models, lexicons) out of the garbage collector's way.

    Every full collection walked the models' objects again: a quarter of a cheap
    stage's time next to lingua or spaCy (docs/performance.md). Frozen before the
    fork, they also stay shared with the enrichment child.
    """
    gc.freeze()
