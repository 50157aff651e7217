"""The plain clients against the real broker: end offsets, and reading from them."""

import asyncio
import uuid

from topics.spec import TopicSpec
from workers.runtime.clients import end_offsets, publish, read_topic
from workers.runtime.topics import create_topics


async def _topic(settings) -> str:
    spec = TopicSpec(f"test.clients.{uuid.uuid4().hex[:8]}", None, partitions=3)
    await create_topics(settings, [spec])
    return spec.name


def _records(prefix: str, count: int) -> list[tuple[bytes, bytes, tuple[()]]]:
    return [(f"{prefix}{i}".encode(), b"{}", ()) for i in range(count)]


async def test_reading_from_end_offsets_yields_only_what_came_after(kafka_settings):
    topic = await _topic(kafka_settings)
    await publish(kafka_settings, topic, _records("old", 5))
    before = await end_offsets(kafka_settings, topic)
    assert sum(before.values()) == 5 and set(before) == {0, 1, 2}
    await publish(kafka_settings, topic, _records("new", 4))
    keys = {
        record.key
        async for record in read_topic(kafka_settings, topic, start=before, limit=4)
    }
    assert keys == {b"new0", b"new1", b"new2", b"new3"}


async def test_end_offsets_waits_until_the_condition_holds(kafka_settings):
    topic = await _topic(kafka_settings)

    async def later() -> None:
        await asyncio.sleep(0.5)
        await publish(kafka_settings, topic, _records("k", 6))

    writer = asyncio.create_task(later())
    async with asyncio.timeout(30):
        ends = await end_offsets(
            kafka_settings, topic, until=lambda e: sum(e.values()) >= 6, poll_s=0.05
        )
    await writer
    assert sum(ends.values()) == 6
