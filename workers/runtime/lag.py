"""Consumer lag per partition: end offset minus the group's committed offset.

Computed by the worker itself with an admin client and a group-less consumer,
so the figure is the broker's, not faust's in-memory view.
"""

from collections.abc import Iterable

from aiokafka import AIOKafkaConsumer, TopicPartition
from aiokafka.admin import AIOKafkaAdminClient

from workers.runtime.kafka_config import client_config
from workers.runtime.settings import RuntimeSettings
from workers.runtime.topics import topic_partitions


class LagProbe:
    """Long-lived clients that read end and committed offsets on demand."""

    def __init__(self, settings: RuntimeSettings, group: str) -> None:
        self._settings = settings
        self._group = group
        self._admin: AIOKafkaAdminClient | None = None
        self._consumer: AIOKafkaConsumer | None = None

    async def lag(
        self, partitions: Iterable[TopicPartition]
    ) -> dict[TopicPartition, int]:
        """Messages not yet committed, per partition (never committed: from 0)."""
        wanted = list(partitions)
        if not wanted:
            return {}
        admin, consumer = await self._clients()
        committed = await admin.list_consumer_group_offsets(
            self._group, partitions=wanted
        )
        ends = await consumer.end_offsets(wanted)
        done = {tp: max(meta.offset, 0) for tp, meta in committed.items()}
        return {tp: max(ends[tp] - done.get(tp, 0), 0) for tp in wanted}

    async def topic_lag(self, topic: str) -> dict[TopicPartition, int]:
        """`lag` for every partition of `topic`."""
        admin, _ = await self._clients()
        described = await topic_partitions(admin, topic)
        return await self.lag(TopicPartition(topic, p["partition"]) for p in described)

    async def _clients(self) -> tuple[AIOKafkaAdminClient, AIOKafkaConsumer]:
        if self._admin is None or self._consumer is None:
            admin = AIOKafkaAdminClient(**client_config(self._settings))
            consumer = AIOKafkaConsumer(**client_config(self._settings), group_id=None)
            await admin.start()
            await consumer.start()
            self._admin, self._consumer = admin, consumer
        return self._admin, self._consumer

    async def close(self) -> None:
        """Stop the clients, if started."""
        if self._admin is not None:
            await self._admin.close()
        if self._consumer is not None:
            await self._consumer.stop()
        self._admin = self._consumer = None
