"""Bytes in, enriched bytes or a dead letter out: the message path without Kafka."""

import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from pydantic import ValidationError

from topics.article import ArticleRaw, TraceEntry
from topics.dead_letter import DeadLetterReason
from workers.runtime.errors import PermanentError, UndecodableError
from workers.runtime.stage import Stage


@dataclass(frozen=True)
class Enriched:
    """The record to produce to the stage's sink topic."""

    article_id: str
    value: bytes


@dataclass(frozen=True)
class Rejected:
    """A message for the dead-letter topic, with why."""

    reason: DeadLetterReason
    error: str


Outcome = Enriched | Rejected


def decode(stage: Stage[Any, Any], value: bytes | None, max_bytes: int) -> ArticleRaw:
    """Parse and validate one message of the stage's source topic."""
    if value is None:
        raise UndecodableError(
            DeadLetterReason.NOT_JSON, "message has no value (tombstone)"
        )
    if len(value) > max_bytes:
        raise UndecodableError(
            DeadLetterReason.TOO_LARGE,
            f"message is {len(value)} bytes; the limit is {max_bytes} "
            "(NEWS_MAX_MESSAGE_BYTES)",
        )
    try:
        value.decode("utf-8")  # checked first, for its own dead-letter reason
    except UnicodeDecodeError as error:
        raise UndecodableError(
            DeadLetterReason.NOT_UTF8, f"not UTF-8: {error}"
        ) from None
    try:
        # pydantic parses and validates in one pass, in Rust: json.loads and then
        # validating the dict cost a cheap stage half of its time.
        article: ArticleRaw = stage.input_model.model_validate_json(value)
    except ValidationError as error:
        if any(e["type"] == "json_invalid" for e in error.errors()):
            raise UndecodableError(
                DeadLetterReason.NOT_JSON, f"not JSON: {error.errors()[0]['msg']}"
            ) from None
        raise UndecodableError(
            DeadLetterReason.INVALID_SCHEMA, _describe(error, stage.source.name)
        ) from None
    return article


def _describe(error: ValidationError, topic: str) -> str:
    problems = "; ".join(
        f"{'.'.join(str(p) for p in e['loc']) or '<root>'}: {e['msg']}"
        for e in error.errors()
    )
    return f"not a valid {topic} record: {problems}"


def process_batch(
    stage: Stage[Any, Any],
    values: Sequence[bytes | None],
    max_bytes: int,
    observe: Callable[[ArticleRaw], None] | None = None,
) -> list[Outcome]:
    """Decode, enrich and encode a batch; every input yields exactly one outcome.

    `observe` sees each enriched record (the stage's counters).
    """
    outcomes: list[Outcome | None] = [None] * len(values)
    decoded: list[tuple[int, ArticleRaw]] = []
    for index, value in enumerate(values):
        try:
            decoded.append((index, decode(stage, value, max_bytes)))
        except PermanentError as error:
            outcomes[index] = Rejected(error.reason, str(error))
    started = time.perf_counter()
    results = stage.enrich_many([article for _, article in decoded])
    per_article = (time.perf_counter() - started) / max(len(decoded), 1)
    for (index, _), result in zip(decoded, results, strict=True):
        outcomes[index] = _outcome(stage, result, per_article)
        if observe is not None and isinstance(outcomes[index], Enriched):
            observe(result)  # type: ignore[arg-type]  # Enriched: not an exception
    return [outcome for outcome in outcomes if outcome is not None]


def process_in_batches(
    stage: Stage[Any, Any], values: Sequence[bytes | None], max_bytes: int, size: int
) -> list[Outcome]:
    """`process_batch` over `values`, `size` at a time (as a worker's batches)."""
    return [
        outcome
        for start in range(0, len(values), size)
        for outcome in process_batch(stage, values[start : start + size], max_bytes)
    ]


def chain(
    stages: Iterable[Stage[Any, Any]],
    values: Sequence[bytes | None],
    max_bytes: int,
    size: int,
) -> Iterator[tuple[Stage[Any, Any], Sequence[bytes | None], list[Outcome]]]:
    """The stages in turn, each over what the one before enriched, as the pipeline.

    Yields each stage with its input and one outcome per input; the next stage
    gets the enriched records in order. `stages` is read lazily (built one by one).
    """
    for stage in stages:
        outcomes = process_in_batches(stage, values, max_bytes, size)
        yield stage, values, outcomes
        values = [o.value for o in outcomes if isinstance(o, Enriched)]


def _outcome(
    stage: Stage[Any, Any], result: ArticleRaw | Exception, duration: float
) -> Outcome:
    if isinstance(result, PermanentError):
        return Rejected(result.reason, str(result))
    if isinstance(result, Exception):
        return Rejected(
            DeadLetterReason.HANDLER_ERROR, f"{type(result).__name__}: {result}"
        )
    entry = TraceEntry(
        stage=stage.name,
        version=stage.version,
        processed_at=datetime.now(UTC),
        duration=duration,
    )
    traced = result.model_copy(update={"trace": [*result.trace, entry]})
    return Enriched(
        article_id=traced.id, value=traced.model_dump_json().encode("utf-8")
    )
