"""Per-stage enrichment counters: what each enriched record contains, by bounded label.

A stage declares its counters as data (`OutputCounter`); the worker registers them
and counts every record it produces. Label values come from the stage's own
function, which must map anything outside a known set to "other" so that series
stay bounded.
"""

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from prometheus_client import CollectorRegistry, Counter

OTHER = "other"


@dataclass(frozen=True)
class OutputCounter:
    """One counter over enriched records: `news_<name>_total{labels}`."""

    name: str
    documentation: str
    labels: tuple[str, ...]
    # Label values to count for one record (one tuple per thing counted).
    values: Callable[[Any], Iterable[tuple[str, ...]]]
    # Label sets exported at zero from the start, so rates exist before traffic.
    known: tuple[tuple[str, ...], ...] = ()


def bounded(value: str | None, known: frozenset[str]) -> str:
    """`value` if it is one of `known`, else "other"."""
    return value if value is not None and value in known else OTHER


class OutputObserver:
    """The registered counters of one worker; `observe` counts one record."""

    def __init__(
        self, counters: Sequence[OutputCounter], registry: CollectorRegistry
    ) -> None:
        self._counters = [
            (
                spec,
                Counter(spec.name, spec.documentation, spec.labels, registry=registry),
            )
            for spec in counters
        ]
        for spec, counter in self._counters:
            for labels in spec.known:
                counter.labels(*labels)

    def observe(self, record: Any) -> None:
        """Count what `record` holds, in every counter."""
        for spec, counter in self._counters:
            for labels in spec.values(record):
                counter.labels(*labels).inc()

    def add(self, counts: Iterable[tuple[int, tuple[str, ...]]]) -> None:
        """Counts made elsewhere (a child process): (counter index, label values)."""
        for index, labels in counts:
            self._counters[index][1].labels(*labels).inc()
