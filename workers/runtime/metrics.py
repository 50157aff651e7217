"""The metrics every worker exposes on /metrics (Prometheus naming: news_ prefix)."""

from dataclasses import dataclass

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, Info

from topics.dead_letter import DeadLetterReason
from workers import __version__
from workers.runtime.output_metrics import OutputCounter, OutputObserver

# Seconds; spans one fast article (language) to a big spaCy batch.
DURATION_BUCKETS = (
    0.001,
    0.0025,
    0.005,
    0.01,
    0.025,
    0.05,
    0.1,
    0.25,
    0.5,
    1,
    2.5,
    5,
    10,
)
# Seconds from raw publish to a stage's output: queueing and every stage before.
LATENCY_BUCKETS = (0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300)


@dataclass(frozen=True)
class WorkerMetrics:
    """One worker's shared metrics, registered in one registry."""

    worker: str
    consumed: Counter
    produced: Counter
    dead_lettered: Counter
    duration: Histogram
    in_progress: Gauge
    last_processed: Gauge
    latency: Histogram
    lag: Gauge
    output: OutputObserver

    def count_consumed(self, topic: str, count: int) -> None:
        """Messages read from `topic`."""
        self.consumed.labels(worker=self.worker, topic=topic).inc(count)

    def count_produced(self, topic: str, count: int) -> None:
        """Enriched records acknowledged by the broker on `topic`."""
        self.produced.labels(worker=self.worker, topic=topic).inc(count)

    def count_dead_letter(self, reason: DeadLetterReason) -> None:
        """One message set aside, by reason."""
        self.dead_lettered.labels(worker=self.worker, reason=reason.value).inc()


def build_metrics(
    worker: str,
    source: str,
    sink: str,
    registry: CollectorRegistry,
    counters: tuple[OutputCounter, ...] = (),
) -> WorkerMetrics:
    """Register the shared metrics and set every known label set to zero."""
    metrics = WorkerMetrics(
        worker=worker,
        consumed=Counter(
            "news_messages_consumed",
            "Messages read from the source topic",
            ["worker", "topic"],
            registry=registry,
        ),
        produced=Counter(
            "news_messages_produced",
            "Records the broker acknowledged",
            ["worker", "topic"],
            registry=registry,
        ),
        dead_lettered=Counter(
            "news_messages_dead_lettered",
            "Messages sent to the dead-letter topic",
            ["worker", "reason"],
            registry=registry,
        ),
        duration=Histogram(
            "news_message_processing_duration_seconds",
            "Time to enrich one batch, divided per message",
            ["worker"],
            buckets=DURATION_BUCKETS,
            registry=registry,
        ),
        in_progress=Gauge(
            "news_messages_in_progress",
            "Messages being enriched now",
            ["worker"],
            registry=registry,
        ),
        last_processed=Gauge(
            "news_last_processed_timestamp_seconds",
            "Unix time of the last message handled",
            ["worker"],
            registry=registry,
        ),
        latency=Histogram(
            "news_end_to_end_latency_seconds",
            "From the raw article's publish to this worker's output (broker time)",
            ["worker"],
            buckets=LATENCY_BUCKETS,
            registry=registry,
        ),
        lag=Gauge(
            "news_consumer_lag_messages",
            "End offset minus committed offset, per assigned source partition",
            ["worker", "topic", "partition"],
            registry=registry,
        ),
        output=OutputObserver(counters, registry),
    )
    metrics.consumed.labels(worker=worker, topic=source)
    metrics.produced.labels(worker=worker, topic=sink)
    for reason in DeadLetterReason:
        metrics.dead_lettered.labels(worker=worker, reason=reason.value)
    metrics.in_progress.labels(worker=worker)
    metrics.last_processed.labels(worker=worker)
    metrics.latency.labels(worker=worker)
    metrics.duration.labels(worker=worker)
    Info(
        "news_worker", "Worker build information", ["worker"], registry=registry
    ).labels(worker=worker).info({"version": __version__})
    return metrics
