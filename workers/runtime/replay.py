"""Re-publish dead letters to the topic they came from, once a fix is deployed.

A consumer group per dead-letter topic remembers what was replayed, so running the
command again replays only newer dead letters (`from_start` replays everything).
"""

import asyncio
from collections.abc import Sequence
from dataclasses import dataclass, field

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer

from topics.dead_letter import HEADER_REASON, HEADER_SOURCE_TOPIC
from topics.registry import DEAD_LETTER_TOPICS
from workers.runtime.kafka_config import client_config, start_client
from workers.runtime.settings import RuntimeSettings

IDLE_S = 2.0  # the end of a dead-letter topic: nothing new for this long


@dataclass
class ReplayReport:
    """What a replay did, per dead-letter topic."""

    replayed: dict[str, int] = field(default_factory=dict)
    skipped: dict[str, int] = field(default_factory=dict)


def replay_group(worker: str) -> str:
    """The group that remembers how far a worker's dead letters were replayed."""
    return f"news.dlq-replay.{worker}"


async def replay_dead_letters(
    settings: RuntimeSettings,
    workers: Sequence[str],
    reasons: Sequence[str] = (),
    from_start: bool = False,
    dry_run: bool = False,
) -> ReplayReport:
    """Replay `workers`' dead letters whose reason is in `reasons` (all if empty)."""
    report = ReplayReport()
    producer = AIOKafkaProducer(
        **client_config(settings),
        acks="all",
        enable_idempotence=True,
        max_batch_size=settings.producer_batch_bytes,
    )
    await start_client(producer, settings)
    try:
        for worker in workers:
            topic = DEAD_LETTER_TOPICS[worker].name
            replayed, skipped = await _replay_topic(
                settings, producer, worker, topic, set(reasons), from_start, dry_run
            )
            report.replayed[topic], report.skipped[topic] = replayed, skipped
    finally:
        await producer.stop()
    return report


async def _replay_topic(
    settings: RuntimeSettings,
    producer: AIOKafkaProducer,
    worker: str,
    topic: str,
    reasons: set[str],
    from_start: bool,
    dry_run: bool,
) -> tuple[int, int]:
    consumer = AIOKafkaConsumer(
        topic,
        **client_config(settings),
        group_id=replay_group(worker),
        enable_auto_commit=False,
        auto_offset_reset="earliest",
    )
    await start_client(consumer, settings)
    replayed = skipped = 0
    try:
        if from_start:
            await _assigned(consumer)
            await consumer.seek_to_beginning()
        while batch := await consumer.getmany(timeout_ms=int(IDLE_S * 1000)):
            pending = []
            for message in (m for messages in batch.values() for m in messages):
                headers = {k: v.decode("utf-8", "replace") for k, v in message.headers}
                source = headers.get(HEADER_SOURCE_TOPIC)
                if source is None or (
                    reasons and headers.get(HEADER_REASON) not in reasons
                ):
                    skipped += 1
                    continue
                replayed += 1
                if not dry_run:
                    pending.append(
                        await producer.send(
                            source, value=message.value, key=message.key
                        )
                    )
            await asyncio.gather(*pending)  # acknowledged before the offsets move on
            if not dry_run:
                await consumer.commit()
    finally:
        await consumer.stop()
    return replayed, skipped


async def _assigned(consumer: AIOKafkaConsumer) -> None:
    # Partitions are assigned on the first poll; seeking needs them.
    while not consumer.assignment():
        await consumer.getmany(timeout_ms=100)
