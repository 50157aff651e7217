"""Plain producer and group-less reader, for the CLI and tests."""

import asyncio
from collections.abc import AsyncIterator, Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, TopicPartition
from aiokafka.admin import AIOKafkaAdminClient

from workers.runtime.kafka_config import client_config, start_client
from workers.runtime.settings import RuntimeSettings
from workers.runtime.topics import topic_partitions

Header = tuple[str, bytes]
Isolation = Literal["read_committed", "read_uncommitted"]


@dataclass(frozen=True)
class Record:
    """One record read back from a topic."""

    topic: str
    partition: int
    offset: int
    key: bytes | None
    value: bytes | None
    headers: Sequence[Header]
    timestamp_ms: int


async def publish(
    settings: RuntimeSettings,
    topic: str,
    records: Iterable[tuple[bytes | None, bytes, Sequence[Header]]],
    compression: str | None = None,
    transactional_id: str | None = None,
) -> int:
    """Produce records and return once the broker has acknowledged every one.

    `compression`: aiokafka's codec name (None: uncompressed).
    `transactional_id`: write them as one committed transaction, as a stage under
    exactly_once writes its outputs (each commit leaves a marker in the log).
    """
    producer = AIOKafkaProducer(
        **client_config(settings),
        acks="all",
        enable_idempotence=True,
        linger_ms=5,
        max_batch_size=settings.producer_batch_bytes,
        compression_type=compression,
        transactional_id=transactional_id,
    )
    await start_client(producer, settings)
    try:
        if transactional_id is None:
            return await _send_all(producer, topic, records)
        async with producer.transaction():
            return await _send_all(producer, topic, records)
    finally:
        await producer.stop()


async def _send_all(
    producer: AIOKafkaProducer,
    topic: str,
    records: Iterable[tuple[bytes | None, bytes, Sequence[Header]]],
) -> int:
    pending = [
        await producer.send(topic, value=value, key=key, headers=list(headers))
        for key, value, headers in records
    ]
    await asyncio.gather(*pending)
    return len(pending)


async def read_topic(
    settings: RuntimeSettings,
    topic: str,
    *,
    from_beginning: bool = True,
    start: dict[int, int] | None = None,
    idle_timeout: float | None = None,
    limit: int | None = None,
    isolation_level: Isolation = "read_committed",
) -> AsyncIterator[Record]:
    """Records of every partition, outside any group; stop when idle or at `limit`.

    `start`: an offset per partition to read from (overrides `from_beginning`).
    read_committed (the default) hides records of aborted or open transactions.
    """
    consumer = AIOKafkaConsumer(
        **client_config(settings),
        enable_auto_commit=False,
        group_id=None,
        isolation_level=isolation_level,
    )
    await start_client(consumer, settings)
    try:
        partitions = await _partitions(settings, topic)
        consumer.assign(partitions)
        if start is not None:
            for partition in partitions:
                consumer.seek(partition, start.get(partition.partition, 0))
        elif from_beginning:
            await consumer.seek_to_beginning(*partitions)
        else:
            await consumer.seek_to_end(*partitions)
        seen = 0
        while limit is None or seen < limit:
            batch = await consumer.getmany(
                timeout_ms=int((idle_timeout or 3600) * 1000)
            )
            if not batch:
                if idle_timeout is not None:
                    return
                continue
            for message in (m for messages in batch.values() for m in messages):
                yield Record(
                    message.topic,
                    message.partition,
                    message.offset,
                    message.key,
                    message.value,
                    tuple(message.headers or ()),
                    message.timestamp,
                )
                seen += 1
                if limit is not None and seen >= limit:
                    return
    finally:
        await consumer.stop()


async def end_offsets(
    settings: RuntimeSettings,
    topic: str,
    *,
    until: Callable[[dict[int, int]], bool] | None = None,
    poll_s: float = 0.25,
) -> dict[int, int]:
    """The offset after the last record of each partition; with `until`, polled
    (one cheap request every `poll_s`) until `until` holds of them."""
    consumer = AIOKafkaConsumer(**client_config(settings), group_id=None)
    await start_client(consumer, settings)
    try:
        partitions = await _partitions(settings, topic)
        while True:
            ends = await consumer.end_offsets(partitions)
            found = {tp.partition: offset for tp, offset in ends.items()}
            if until is None or until(found):
                return found
            await asyncio.sleep(poll_s)
    finally:
        await consumer.stop()


async def _partitions(settings: RuntimeSettings, topic: str) -> list[TopicPartition]:
    # A consumer outside any group only learns about topics it is assigned.
    admin = AIOKafkaAdminClient(**client_config(settings))
    await start_client(admin, settings)
    try:
        described = await topic_partitions(admin, topic)
    finally:
        await admin.close()
    return [
        TopicPartition(topic, p["partition"])
        for p in sorted(described, key=lambda p: p["partition"])
    ]
