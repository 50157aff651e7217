"""Headers of a dead letter: where the message came from and why it was set aside."""

from datetime import UTC, datetime

from topics.dead_letter import (
    HEADER_ERROR,
    HEADER_FAILED_AT,
    HEADER_OFFSET,
    HEADER_PARTITION,
    HEADER_REASON,
    HEADER_SOURCE_TOPIC,
    HEADER_WORKER,
    MAX_ERROR_CHARS,
)
from workers.runtime.process import Rejected


def dead_letter_headers(
    rejected: Rejected, worker: str, topic: str, partition: int, offset: int
) -> list[tuple[str, bytes]]:
    """Kafka headers for one dead letter; the value stays the original bytes."""
    fields = {
        HEADER_SOURCE_TOPIC: topic,
        HEADER_PARTITION: str(partition),
        HEADER_OFFSET: str(offset),
        HEADER_WORKER: worker,
        HEADER_REASON: rejected.reason.value,
        HEADER_ERROR: rejected.error[:MAX_ERROR_CHARS],
        HEADER_FAILED_AT: datetime.now(UTC).isoformat(),
    }
    return [(name, value.encode("utf-8")) for name, value in fields.items()]
