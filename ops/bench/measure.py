"""The measurements: a stage's rate through its worker, and latency end to end."""

import asyncio
import statistics
import time
import uuid
from dataclasses import dataclass

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, TopicPartition

from ops.bench.harness import Bench, with_id
from topics.registry import ARTICLE_ENRICHED, ARTICLE_RAW
from topics.spec import TopicSpec
from workers.runtime.kafka_config import client_config
from workers.runtime.settings import RuntimeSettings


@dataclass(frozen=True)
class KafkaRate:
    """Articles/s through the worker(s) on the broker, and their peak RSS."""

    rate: float
    rounds: list[float]
    rss_mb: float


def chunk_rates(timestamps_ms: list[int], chunk: int) -> list[float]:
    """Rates over consecutive chunks of outputs, the first (warm-up) left out."""
    ordered = sorted(timestamps_ms)
    rates = []
    for start in range(chunk, len(ordered) - chunk + 1, chunk):
        span_s = (ordered[start + chunk - 1] - ordered[start]) / 1000
        rates.append((chunk - 1) / span_s if span_s > 0 else float("inf"))
    return rates


def kafka_rate(
    bench: Bench,
    name: str,
    module: str,
    topics: tuple[str, str],
    values: list[bytes],
    rounds: int,
    processes: int = 1,
    env: dict[str, str] | None = None,
) -> KafkaRate:
    """Backlog of rounds+1 copies of `values`, then the worker(s) drain it."""
    source, sink = topics
    run = f"{name}x{processes}-{uuid.uuid4().hex[:6]}"  # ids unique to this run
    records = [with_id(v, f"{run}r{r}") for r in range(rounds + 1) for v in values]
    bench.publish(source, records)
    before = bench.end_offsets(sink)
    workers = [bench.start(name, module, env) for _ in range(processes)]
    stamps = bench.timestamps(sink, {key for key, _ in records}, before)
    rss = max(worker.peak_rss_mb() for worker in workers)
    for worker in workers:
        worker.stop()
    rates = chunk_rates(list(stamps.values()), len(values))
    return KafkaRate(statistics.median(rates), rates, rss)


async def skip_to_end(settings: RuntimeSettings, group: str, topic: TopicSpec) -> None:
    """Commit the end offsets for `group` (no member may be running)."""
    consumer = AIOKafkaConsumer(
        **client_config(settings), group_id=group, enable_auto_commit=False
    )
    await consumer.start()
    try:
        partitions = [TopicPartition(topic.name, p) for p in range(topic.partitions)]
        ends = await consumer.end_offsets(partitions)
        consumer.assign(partitions)
        await consumer.commit(dict(ends.items()))
    finally:
        await consumer.stop()


@dataclass(frozen=True)
class Latency:
    """End-to-end latency percentiles at an offered load."""

    p50: float
    p95: float
    p99: float
    count: int


def end_to_end(
    bench: Bench, values: list[bytes], offered_per_s: float, duration_s: float
) -> Latency:
    """Publish at `offered_per_s` for `duration_s`; raw → enriched broker times."""
    count = max(int(offered_per_s * duration_s), 1)
    run = uuid.uuid4().hex[:6]
    records = [with_id(values[i % len(values)], f"e2e{i}-{run}") for i in range(count)]
    starts = {
        t: bench.end_offsets(t) for t in (ARTICLE_RAW.name, ARTICLE_ENRICHED.name)
    }
    asyncio.run(_paced(bench.settings, records, offered_per_s))
    keys = {key for key, _ in records}
    # The last articles are still on their way: read nothing before they are out.
    enriched = bench.timestamps(
        ARTICLE_ENRICHED.name, keys, starts[ARTICLE_ENRICHED.name]
    )
    published = bench.timestamps(ARTICLE_RAW.name, keys, starts[ARTICLE_RAW.name])
    latencies = sorted((enriched[k] - published[k]) / 1000 for k in keys)
    if len(latencies) < 2:
        return Latency(latencies[0], latencies[0], latencies[0], 1)
    cuts = statistics.quantiles(latencies, n=100, method="inclusive")
    return Latency(cuts[49], cuts[94], cuts[98], len(latencies))


async def _paced(
    settings: RuntimeSettings, records: list[tuple[bytes, bytes]], per_s: float
) -> None:
    producer = AIOKafkaProducer(**client_config(settings), acks="all", linger_ms=0)
    await producer.start()
    try:
        started = time.monotonic()
        pending = []
        for index, (key, value) in enumerate(records):
            delay = started + index / per_s - time.monotonic()
            if delay > 0:
                await asyncio.sleep(delay)
            pending.append(await producer.send(ARTICLE_RAW.name, value, key=key))
        await asyncio.gather(*pending)
    finally:
        await producer.stop()
