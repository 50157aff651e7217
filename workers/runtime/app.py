"""Build a worker as a faust-streaming app: consume, enrich off the loop, produce, ack.

Offsets are acked (and later committed by faust) only after the broker has
acknowledged every output record and dead letter of the batch.

With processing_guarantee=exactly_once, faust keeps one transactional producer
per source partition. Each output goes into the transaction of the partition its
input came from, and our own timer commits (offsets and outputs in one
transaction) between batches, never while a batch is half sent.
"""

import asyncio
import logging
import time
from asyncio import FIRST_COMPLETED
from collections.abc import Sequence
from concurrent.futures import Executor
from typing import Any, cast

import faust
from aiokafka import TopicPartition
from faust.streams import Stream
from mode.supervisors import CrashingSupervisor

from topics.headers import HEADER_INGESTED_AT_MS, ingested_at_ms
from topics.registry import dead_letter_topic
from workers.runtime.dead_letter import dead_letter_headers
from workers.runtime.errors import TransientError
from workers.runtime.kafka_config import bootstrap_servers, ssl_context
from workers.runtime.lag import LagProbe
from workers.runtime.metrics import WorkerMetrics
from workers.runtime.offload import enrich_off_loop
from workers.runtime.process import Enriched, Outcome, Rejected
from workers.runtime.settings import RuntimeSettings
from workers.runtime.stage import Stage

logger = logging.getLogger(__name__)

RETRY_BACKOFF_S = 0.5
LAG_INTERVAL_S = 5.0
# Under exactly_once the agent commits; faust's own triggers are pushed out of reach.
_NEVER_S = 365 * 24 * 3600.0
_NEVER_COUNT = 2**62


def consumer_group(worker: str) -> str:
    """One consumer group per worker, shared by its replicas."""
    return f"news.{worker}"


def build_app(
    stage: Stage[Any, Any],
    settings: RuntimeSettings,
    metrics: WorkerMetrics,
    executor: Executor,
) -> faust.App:
    """A faust app whose one agent runs `stage` over its source topic."""
    exactly_once = settings.processing_guarantee == "exactly_once"
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
        producer_acks=-1,
        producer_max_batch_size=settings.producer_batch_bytes,
        key_serializer="raw",
        value_serializer="raw",
    )
    source = app.topic(stage.source.name, key_type=bytes, value_type=bytes)
    handler = _BatchHandler(
        app,
        stage,
        settings,
        metrics,
        executor,
        sink=app.topic(stage.sink.name, key_type=bytes, value_type=bytes),
        dead_letters=app.topic(
            dead_letter_topic(stage.name).name, key_type=bytes, value_type=bytes
        ),
    )

    # Under exactly_once a commit must not fall between a batch's sends and its acks.
    between_batches = asyncio.Lock()

    # A failure the handler does not absorb stops the worker: restarting the agent
    # in place would read on past unacked offsets and stall commits.
    @app.agent(
        source, name=f"news.{stage.name}.enrich", supervisor_strategy=CrashingSupervisor
    )
    async def enrich(stream: faust.StreamT[Any]) -> None:
        # noack_take leaves acking to us: only after the broker has the output.
        batches = cast(Stream[Any], stream).noack_take(
            settings.batch_size, within=settings.batch_timeout_s
        )
        if exactly_once:
            async for events in batches:
                async with between_batches:
                    await handler.deliver(events, await handler.enrich(events))
                    await _ack(stream, events)
            return
        # A pipeline: the next batch is enriched while this one is being delivered.
        pipeline = _Pipeline(handler, stream)
        try:
            async for events in batches:
                await pipeline.put(events)
        finally:
            await asyncio.shield(pipeline.drain())

    if exactly_once:

        async def commit() -> None:
            async with between_batches:
                await app.consumer.commit()  # offsets + outputs, one transaction

        app.timer(settings.commit_interval_s, name=f"news.{stage.name}.commit")(commit)

    probe = LagProbe(settings, consumer_group(stage.name))

    async def report_lag() -> None:
        assigned = [
            TopicPartition(tp.topic, tp.partition)
            for tp in app.consumer.assignment()
            if tp.topic == stage.source.name
        ]
        try:
            lags = await probe.lag(assigned)
        except Exception:  # a missed reading must not stop the worker
            logger.debug("could not read consumer lag", exc_info=True)
            return
        metrics.lag.clear()  # partitions moved to another replica disappear
        for tp, lag in lags.items():
            metrics.lag.labels(
                worker=stage.name, topic=tp.topic, partition=str(tp.partition)
            ).set(lag)

    app.timer(LAG_INTERVAL_S, name=f"news.{stage.name}.lag")(report_lag)
    return app


def _credentials(settings: RuntimeSettings) -> Any:
    context = ssl_context(settings)
    if not settings.kafka_sasl_mechanism:
        return context  # faust reads a bare SSLContext as TLS credentials
    password = settings.kafka_sasl_password
    return faust.SASLCredentials(
        username=settings.kafka_sasl_username,
        password=password.get_secret_value() if password else None,
        mechanism=settings.kafka_sasl_mechanism,
        ssl_context=context,
    )


def transactional_id(app: faust.App, tp: Any) -> str:
    """The id faust gives the transactional producer of source partition `tp`."""
    return f"{app.conf.id}-{app.assignor.group_for_topic(tp.topic)}-{tp.partition}"


def _ingested_at_ms(event: faust.EventT[Any]) -> int:
    """From the header the first worker set, else this record's broker timestamp."""
    message = event.message
    return ingested_at_ms(message.headers, int(message.timestamp * 1000))


async def _ack(stream: faust.StreamT[Any], events: Sequence[faust.EventT[Any]]) -> None:
    for event in events:
        await stream.ack(event)


class _Pipeline:
    """Enrich batch k+1 while batch k's records travel to the broker, in order.

    At most one batch waits between the two; a failure on the delivery side is
    raised to the agent at its next batch.
    """

    def __init__(self, handler: "_BatchHandler", stream: faust.StreamT[Any]) -> None:
        self._handler = handler
        self._stream = stream
        self._queue: asyncio.Queue[Any] = asyncio.Queue(maxsize=1)
        self._deliverer = asyncio.ensure_future(self._deliver())

    async def put(self, events: Sequence[faust.EventT[Any]]) -> None:
        """Start enriching `events`; wait while the pipeline is full."""
        enriched = asyncio.ensure_future(self._handler.enrich(events))
        put = asyncio.ensure_future(self._queue.put((events, enriched)))
        await asyncio.wait({put, self._deliverer}, return_when=FIRST_COMPLETED)
        if self._deliverer.done():
            put.cancel()
            enriched.cancel()
            self._deliverer.result()  # raises what stopped delivery

    async def drain(self) -> None:
        """Deliver and ack what is already enriched, then stop (SIGTERM included)."""
        if not self._deliverer.done():
            await self._queue.put(None)
            await self._deliverer

    async def _deliver(self) -> None:
        while (item := await self._queue.get()) is not None:
            events, enriched = item
            await self._handler.deliver(events, await enriched)
            await _ack(self._stream, events)


class _BatchHandler:
    """Runs one batch through the stage and waits until the broker has every output."""

    def __init__(
        self,
        app: faust.App,
        stage: Stage[Any, Any],
        settings: RuntimeSettings,
        metrics: WorkerMetrics,
        executor: Executor,
        sink: faust.TopicT,
        dead_letters: faust.TopicT,
    ) -> None:
        self._app = app
        self._stage = stage
        self._settings = settings
        self._metrics = metrics
        self._executor = executor
        self._sink = sink
        self._dead_letters = dead_letters

    async def enrich(self, events: Sequence[faust.EventT[Any]]) -> list[Outcome]:
        """One outcome per event: the enriched record or why it is a dead letter."""
        self._metrics.count_consumed(self._stage.source.name, len(events))
        self._metrics.in_progress.labels(worker=self._stage.name).inc(len(events))
        started = time.perf_counter()
        outcomes = await self._enrich([event.message.value for event in events])
        per_message = (time.perf_counter() - started) / len(events)
        duration = self._metrics.duration.labels(worker=self._stage.name)
        for _ in events:
            duration.observe(per_message)
        return outcomes

    async def deliver(
        self, events: Sequence[faust.EventT[Any]], outcomes: Sequence[Outcome]
    ) -> None:
        """Produce every outcome; return once the broker has acknowledged them all."""
        worker = self._stage.name
        pending = [
            await self._send(event, outcome)
            for event, outcome in zip(events, outcomes, strict=True)
        ]
        await asyncio.gather(*pending)  # delivery reports: the broker has them
        self._account(outcomes)
        self._metrics.in_progress.labels(worker=worker).dec(len(events))
        delivered_ms = time.time() * 1000
        for event, outcome in zip(events, outcomes, strict=True):
            if isinstance(outcome, Enriched):
                age_ms = delivered_ms - _ingested_at_ms(event)
                self._metrics.latency.labels(worker=worker).observe(age_ms / 1000)

    async def _enrich(self, values: list[bytes | None]) -> list[Outcome]:
        for attempt in range(1, self._settings.max_attempts + 1):
            try:
                return await enrich_off_loop(
                    self._executor,
                    self._stage,
                    values,
                    self._settings.max_message_bytes,
                    self._metrics.output,
                )
            except TransientError:
                if attempt == self._settings.max_attempts:
                    raise
                self._metrics.retries.labels(worker=self._stage.name).inc()
                logger.warning(
                    "transient failure; retrying batch",
                    exc_info=True,
                    extra={"worker": self._stage.name, "attempt": attempt},
                )
                await asyncio.sleep(RETRY_BACKOFF_S * attempt)
        raise AssertionError("unreachable: the loop returns or raises")

    async def _send(self, event: faust.EventT[Any], outcome: Outcome) -> Any:
        message = event.message
        if isinstance(outcome, Enriched):
            carried = [(HEADER_INGESTED_AT_MS, str(_ingested_at_ms(event)).encode())]
            return await self._produce(
                event,
                self._sink,
                outcome.article_id.encode("utf-8"),
                outcome.value,
                carried,
            )
        logger.warning(
            "dead-lettered message",
            extra={
                "worker": self._stage.name,
                "topic": message.topic,
                "partition": message.partition,
                "offset": message.offset,
                "reason": outcome.reason.value,
            },
        )
        headers = dead_letter_headers(
            outcome, self._stage.name, message.topic, message.partition, message.offset
        )
        return await self._produce(
            event, self._dead_letters, message.key, message.value, headers
        )

    async def _produce(
        self,
        event: faust.EventT[Any],
        topic: faust.TopicT,
        key: bytes | None,
        value: bytes | None,
        headers: list[tuple[str, bytes]] | None = None,
    ) -> Any:
        # Straight to the producer: faust's Topic.send costs a quarter of a
        # pass-through worker's time (docs/performance.md). Under exactly_once, the
        # output joins the transaction of its input's partition; faust's own
        # TransactionManager.send would pick one by the output's partition.
        in_transaction = self._app.in_transaction
        return await self._app.producer.send(
            topic.get_topic_name(),
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
        )

    def _account(self, outcomes: Sequence[Outcome]) -> None:
        worker = self._stage.name
        enriched = sum(isinstance(outcome, Enriched) for outcome in outcomes)
        self._metrics.count_produced(self._stage.sink.name, enriched)
        for outcome in outcomes:
            if isinstance(outcome, Rejected):
                self._metrics.count_dead_letter(outcome.reason)
        self._metrics.last_processed.labels(worker=worker).set(time.time())
