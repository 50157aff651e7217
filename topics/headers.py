"""Headers the workers carry along with every article record.

`news.ingested_at_ms`: when the raw article reached Kafka (the raw record's broker
timestamp, in Unix milliseconds as ASCII digits). The first worker sets it, later
workers copy it, and each observes its end-to-end latency from it.
"""

from collections.abc import Iterable, Mapping

HEADER_INGESTED_AT_MS = "news.ingested_at_ms"


def ingested_at_ms(
    headers: Iterable[tuple[str, bytes]] | Mapping[str, bytes] | None,
    fallback_ms: int,
) -> int:
    """The header's value, or `fallback_ms` when absent or unreadable."""
    pairs = headers.items() if isinstance(headers, Mapping) else (headers or ())
    for name, value in pairs:
        if name == HEADER_INGESTED_AT_MS:
            try:
                return int(value)
            except ValueError:
                return fallback_ms
    return fallback_ms
