"""Each stage's input, made by the stages before it, and its in-process rate.

The rate is what `newsenrich enrich --stages NAME` does per article: the same
`process_batch` (decode, validate, enrich, encode) in batches of the worker's
NEWS_BATCH_SIZE, with no Kafka. Median of rounds.
"""

import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from topics.registry import WORKER_NAMES
from workers.pipeline import build_stage
from workers.readers import read_articles
from workers.runtime.process import Enriched, chain, process_in_batches
from workers.runtime.stage import Stage, freeze_built_objects


@dataclass(frozen=True)
class StageInput:
    """One stage's input records (JSON bytes) and its in-process rate on them."""

    values: list[bytes]
    inprocess_rate: float


def load_articles(files: list[Path], limit: int) -> list[bytes]:
    """Up to `limit` raw articles from .jsonl/.csv/text files, as JSON bytes."""
    values: list[bytes] = []
    for path in files:
        for result in read_articles(path):
            if result.article is not None:
                values.append(result.article.model_dump_json().encode("utf-8"))
            if len(values) >= limit:
                return values
    return values


@dataclass(frozen=True)
class StageWork:
    """A built stage and the input records it is timed on."""

    stage: Stage[Any, Any]
    values: list[bytes]
    outputs: list[bytes]  # what the stage enriched from all its input, in order


def prepare(
    raw: list[bytes],
    batch_size: int,
    limits: dict[str, int],
    say: Callable[[str], None],
) -> dict[str, StageWork]:
    """Run the stages in order: each one's input is the last one's output."""
    work: dict[str, StageWork] = {}

    def built() -> Iterator[Stage[Any, Any]]:
        for name in WORKER_NAMES:
            stage = build_stage(name)
            freeze_built_objects()  # as the worker does
            yield stage

    # Every record goes on to the next stage; each stage is timed on a spread.
    for stage, values, outcomes in chain(built(), raw, 10**8, batch_size):
        records = [value for value in values if value is not None]
        timed = spread(records, limits.get(stage.name, len(records)))
        outputs = [o.value for o in outcomes if isinstance(o, Enriched)]
        work[stage.name] = StageWork(stage, timed, outputs)
        say(f"{stage.name}: built, {len(timed)} input records")
    return work


def inprocess_rates(work: StageWork, batch_size: int, rounds: int) -> list[float]:
    """Articles/s of `rounds` timed passes over the stage's input."""
    rates = []
    for _ in range(rounds):
        started = time.perf_counter()
        process_in_batches(work.stage, work.values, 10**8, batch_size)
        rates.append(len(work.values) / (time.perf_counter() - started))
    return rates


def spread(values: list[bytes], limit: int) -> list[bytes]:
    """Up to `limit` values taken evenly across `values`, not just its head.

    The BBC articles grow longer further into the file (700-800: 3.0 KB on average,
    the first 150: 1.9 KB): a capacity measured on the head alone overstated the
    slow stage's, and "half capacity" then loaded it at two thirds.
    """
    step = max(1, len(values) // limit)
    return values[::step][:limit]
