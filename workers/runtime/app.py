"""Build a worker as a faust-streaming app: consume, enrich off the loop, produce, ack.

Offsets are acked (and later committed by faust) only after the broker has
acknowledged every output record and dead letter of the batch.

With processing_guarantee=exactly_once, faust keeps one transactional producer
per source partition. Each output goes into the transaction of the partition its
input came from, and every commit (offsets and outputs in one transaction) runs
between batches, never while a batch is half sent: ours on a timer, and faust's
own on rebalance and shutdown (`workers.runtime.transactions`).
"""

import asyncio
import logging
from collections.abc import Awaitable
from typing import Any, cast

import faust
from aiokafka import TopicPartition
from faust.streams import Stream
from mode.supervisors import CrashingSupervisor

from workers.runtime.connection import ConnectionWatch
from workers.runtime.kafka_config import bootstrap_servers, ssl_context
from workers.runtime.lag import LagProbe
from workers.runtime.loop import BatchHandler, Headers, Pipeline, ack_all
from workers.runtime.membership import consumer_group, group_instance_id, leave_group
from workers.runtime.metrics import WorkerMetrics
from workers.runtime.offload import Offload
from workers.runtime.offsets import OffsetConsumer
from workers.runtime.settings import RuntimeSettings
from workers.runtime.stage import Stage
from workers.runtime.transactions import BatchGate

logger = logging.getLogger(__name__)

LAG_INTERVAL_S = 5.0
# Under exactly_once the agent commits; faust's own triggers are pushed out of reach.
_NEVER_S = 365 * 24 * 3600.0
_NEVER_COUNT = 2**62


def build_app(
    stage: Stage[Any, Any],
    settings: RuntimeSettings,
    metrics: WorkerMetrics,
    executor: Offload,
) -> faust.App:
    """A faust app whose one agent runs `stage` over its source topic."""
    exactly_once = settings.processing_guarantee == "exactly_once"
    instance_id = group_instance_id(stage.name, settings)
    app = faust.App(
        consumer_group(stage.name),
        broker=[f"kafka://{server}" for server in bootstrap_servers(settings)],
        broker_credentials=_credentials(settings),
        autodiscover=False,
        web_enabled=False,
        topic_disable_leader=True,
        topic_allow_declare=False,  # `newsenrich topics create` owns topic settings
        broker_commit_interval=_NEVER_S if exactly_once else settings.commit_interval_s,
        broker_commit_every=_NEVER_COUNT if exactly_once else 10_000,
        processing_guarantee=settings.processing_guarantee,
        consumer_auto_offset_reset=settings.auto_offset_reset,
        # Static membership (KIP-345): a restarted replica takes its partitions back
        # at once instead of waiting out its dead predecessor's session.
        consumer_group_instance_id=instance_id,
        producer_acks=-1,
        producer_max_batch_size=settings.producer_batch_bytes,
        producer_compression_type=settings.producer_codec,
        key_serializer="raw",
        value_serializer="raw",
    )
    app.transport.Consumer = OffsetConsumer  # type: ignore[misc]
    source = app.topic(stage.source.name, key_type=bytes, value_type=bytes)

    # Under exactly_once a commit must not fall between a batch's sends and its acks.
    gate = BatchGate()

    # A failure the handler does not absorb stops the worker: restarting the agent
    # in place would read on past unacked offsets and stall commits.
    @app.agent(
        source, name=f"news.{stage.name}.enrich", supervisor_strategy=CrashingSupervisor
    )
    async def enrich(stream: faust.StreamT[Any]) -> None:
        # noack_take leaves acking to us: only after the broker has the output.
        batches = cast(Stream[Any], stream).noack_take(
            settings.batch_for(stage.batch_size), within=settings.batch_timeout_s
        )
        delivery = _FaustDelivery(app, stream)
        handler = BatchHandler(stage, settings, metrics, executor, delivery)
        if exactly_once:
            # faust commits on rebalance and shutdown too: through the gate.
            consumer = cast(OffsetConsumer, app.consumer)
            guarded = cast(Any, gate.guard(consumer.commit))
            consumer.commit = guarded  # type: ignore[method-assign]
            consumer.commits_between_batches = True
            async for events in batches:
                async with gate.batch():
                    await handler.deliver(events, await handler.enrich(events))
                    await ack_all(delivery, events)
            return
        # A pipeline: the next batch is enriched while this one is being delivered.
        pipeline = Pipeline(handler, delivery)
        try:
            async for events in batches:
                await pipeline.put(events)
        finally:
            await asyncio.shield(pipeline.drain())

    if exactly_once:

        async def commit() -> None:
            await app.consumer.commit()  # offsets + outputs, one transaction (gated)

        app.timer(settings.commit_interval_s, name=f"news.{stage.name}.commit")(commit)

    probe = LagProbe(settings, consumer_group(stage.name))
    connection = ConnectionWatch(settings.kafka_bootstrap_servers)

    async def report_lag() -> None:
        assigned = [
            TopicPartition(tp.topic, tp.partition)
            for tp in app.consumer.assignment()
            if tp.topic == stage.source.name
        ]
        try:
            lags = await probe.lag(assigned)
        except Exception as error:  # a missed reading must not stop the worker
            logger.debug("could not read consumer lag", exc_info=True)
            connection.failed(error)
            return
        connection.succeeded()
        metrics.lag.clear()  # partitions moved to another replica disappear
        for tp, lag in lags.items():
            metrics.lag.labels(
                worker=stage.name, topic=tp.topic, partition=str(tp.partition)
            ).set(lag)

    app.timer(LAG_INTERVAL_S, name=f"news.{stage.name}.lag")(report_lag)

    # Runs once the consumer has stopped, crash or SIGTERM; not on SIGKILL, after
    # which the same identity rejoins and takes its partitions straight back.
    async def stopped(sender: Any, *_: Any, **__: Any) -> None:
        await probe.close()
        if instance_id is not None:
            await leave_group(settings, consumer_group(stage.name), instance_id)

    app.on_before_shutdown.connect(cast(Any, stopped))  # faust's stubs want a def

    return app


def _credentials(settings: RuntimeSettings) -> Any:
    context = ssl_context(settings)
    if not settings.kafka_sasl_mechanism:
        return context  # faust reads a bare SSLContext as TLS credentials
    password = settings.sasl_password()
    return faust.SASLCredentials(
        username=settings.kafka_sasl_username,
        password=password.get_secret_value() if password else None,
        mechanism=settings.kafka_sasl_mechanism,
        ssl_context=context,
    )


def transactional_id(app: faust.App, tp: Any) -> str:
    """The id faust gives the transactional producer of source partition `tp`."""
    return f"{app.conf.id}-{app.assignor.group_for_topic(tp.topic)}-{tp.partition}"


class _FaustDelivery:
    """The loop's `Delivery` on faust: its producer, and its stream's acks."""

    def __init__(self, app: faust.App, stream: faust.StreamT[Any]) -> None:
        self._app = app
        self._stream = stream

    async def send(
        self,
        event: faust.EventT[Any],
        topic: str,
        key: bytes | None,
        value: bytes | None,
        headers: Headers,
    ) -> Awaitable[Any]:
        """Queue a record; the result resolves with the broker's delivery report."""
        # Straight to the producer: faust's Topic.send costs a quarter of a
        # pass-through worker's time (docs/performance.md). Under exactly_once, the
        # output joins the transaction of its input's partition; faust's own
        # TransactionManager.send would pick one by the output's partition.
        in_transaction = self._app.in_transaction
        return cast(
            Awaitable[Any],
            await self._app.producer.send(
                topic,
                key,
                value,
                None,
                None,
                headers,
                transactional_id=(
                    transactional_id(self._app, event.message.tp)
                    if in_transaction
                    else None
                ),
            ),
        )

    async def ack(self, event: faust.EventT[Any]) -> None:
        """faust commits acked offsets (or, under exactly_once, our timer does)."""
        await self._stream.ack(event)
