"""The message loop: enrich batches, deliver every output, ack only then, in order.

It talks to Kafka through `Delivery` (send a record, ack events), so it runs and
is tested without a broker; `workers.runtime.app` gives it faust's producer and
stream.
"""

import asyncio
import logging
import time
from asyncio import FIRST_COMPLETED
from collections.abc import Awaitable, Sequence
from typing import Any, Protocol

from aiokafka.errors import (
    GroupAuthorizationFailedError,
    TopicAuthorizationFailedError,
    TransactionalIdAuthorizationFailed,
)

from topics.headers import HEADER_INGESTED_AT_MS, ingested_at_ms
from topics.registry import dead_letter_topic
from workers.runtime.dead_letter import dead_letter_headers
from workers.runtime.metrics import WorkerMetrics
from workers.runtime.offload import Offload, enrich_off_loop
from workers.runtime.process import Enriched, Outcome, Rejected
from workers.runtime.settings import RuntimeSettings
from workers.runtime.stage import Stage

logger = logging.getLogger(__name__)

REFUSED = (
    TopicAuthorizationFailedError,
    GroupAuthorizationFailedError,
    TransactionalIdAuthorizationFailed,
)

Headers = list[tuple[str, bytes]]


class Delivery(Protocol):
    """What the loop needs from Kafka. An event has a faust-like `.message`."""

    async def send(
        self,
        event: Any,
        topic: str,
        key: bytes | None,
        value: bytes | None,
        headers: Headers,
    ) -> Awaitable[Any]:
        """Queue one record; the awaitable resolves when the broker has it."""

    async def ack(self, event: Any) -> None:
        """Mark `event` done: its offset may be committed."""


def _ingested_at_ms(event: Any) -> int:
    """From the header the first worker set, else this record's broker timestamp."""
    message = event.message
    return ingested_at_ms(message.headers, int(message.timestamp * 1000))


async def ack_all(delivery: Delivery, events: Sequence[Any]) -> None:
    """Ack a delivered batch, in order."""
    for event in events:
        await delivery.ack(event)


class Pipeline:
    """Enrich, send and ack batches as three overlapping steps, acking in order.

    Batch k+1 is enriched while batch k's records travel; a batch is sent as soon
    as it is enriched, without waiting for the broker to acknowledge the one
    before (a round trip per batch held a cheap stage to a third of its rate);
    each batch is acked once the broker has all of its outputs, in the order
    consumed. At most one enriched batch waits to be sent and IN_FLIGHT batches
    wait for their delivery reports; a failure on the delivery side is raised to
    the agent at its next batch.
    """

    IN_FLIGHT = 4

    def __init__(self, handler: "BatchHandler", delivery: Delivery) -> None:
        self._handler = handler
        self._delivery = delivery
        self._enriched: asyncio.Queue[Any] = asyncio.Queue(maxsize=1)
        self._sent: asyncio.Queue[Any] = asyncio.Queue()  # bounded by the slots
        self._slots = asyncio.Semaphore(self.IN_FLIGHT)
        self._sender = asyncio.ensure_future(self._send())
        self._acker = asyncio.ensure_future(self._ack())

    async def put(self, events: Sequence[Any]) -> None:
        """Start enriching `events`; wait while the pipeline is full."""
        enriched = asyncio.ensure_future(self._handler.enrich(events))
        put = asyncio.ensure_future(self._enriched.put((events, enriched)))
        steps = (self._acker, self._sender)  # the acker's error is the cause
        await asyncio.wait({put, *steps}, return_when=FIRST_COMPLETED)
        if any(step.done() for step in steps):
            put.cancel()
            enriched.cancel()
            for step in steps:
                if step.done() and not step.cancelled():
                    step.result()  # raises what stopped delivery
            raise RuntimeError("the delivery pipeline stopped")

    async def drain(self) -> None:
        """Deliver and ack what is already enriched, then stop (SIGTERM included)."""
        if self._sender.done() or self._acker.done():
            return  # stopped by a failure, which put() raises
        stop = asyncio.ensure_future(self._enriched.put(None))
        await asyncio.wait({stop, self._acker}, return_when=FIRST_COMPLETED)
        stop.cancel()  # done already, unless acking failed
        await self._acker  # every batch sent is acked, or the failure is raised
        await self._sender  # and a batch that could not be sent is not forgotten

    async def _send(self) -> None:
        try:
            while (item := await self._enriched.get()) is not None:
                events, enriched = item
                outcomes = await enriched
                await self._slots.acquire()
                reports = await self._handler.send(events, outcomes)
                self._sent.put_nowait((events, outcomes, reports))
        except Exception as error:
            logger.error("%s", delivery_failure(error))  # now, not at the next batch
            raise
        finally:
            self._sent.put_nowait(None)  # what was sent is still acked

    async def _ack(self) -> None:
        try:
            while (item := await self._sent.get()) is not None:
                events, outcomes, reports = item
                await self._handler.settle(events, outcomes, reports)
                await ack_all(self._delivery, events)
                self._slots.release()
        except Exception as error:
            logger.error("%s", delivery_failure(error))
            self._sender.cancel()  # nothing more is acked: the worker stops
            raise
        except BaseException:
            self._sender.cancel()
            raise


def delivery_failure(error: BaseException) -> str:
    """One line that says why outputs could not be delivered and what happens."""
    if isinstance(error, REFUSED):
        return (
            f"Kafka refused this worker's principal: {error}; grant its ACLs "
            "(newsenrich acls, docs/security.md). The worker stops; restarted, it "
            "waits for them and redoes what was not committed"
        )
    return (
        f"delivery failed: {error!r}; the worker stops and, restarted, redoes "
        "what was not committed"
    )


class BatchHandler:
    """Runs one batch through the stage and waits until the broker has every output."""

    def __init__(
        self,
        stage: Stage[Any, Any],
        settings: RuntimeSettings,
        metrics: WorkerMetrics,
        executor: Offload,
        delivery: Delivery,
    ) -> None:
        self._stage = stage
        self._settings = settings
        self._metrics = metrics
        self._executor = executor
        self._delivery = delivery
        self._dead_letters = dead_letter_topic(stage.name).name

    async def enrich(self, events: Sequence[Any]) -> list[Outcome]:
        """One outcome per event: the enriched record or why it is a dead letter."""
        self._metrics.count_consumed(self._stage.source.name, len(events))
        self._metrics.in_progress.labels(worker=self._stage.name).inc(len(events))
        started = time.perf_counter()
        outcomes = await enrich_off_loop(
            self._executor,
            self._stage,
            [event.message.value for event in events],
            self._settings.max_message_bytes,
            self._metrics.output,
        )
        per_message = (time.perf_counter() - started) / len(events)
        duration = self._metrics.duration.labels(worker=self._stage.name)
        for _ in events:
            duration.observe(per_message)
        return outcomes

    async def deliver(self, events: Sequence[Any], outcomes: Sequence[Outcome]) -> None:
        """Produce every outcome; return once the broker has acknowledged them all."""
        await self.settle(events, outcomes, await self.send(events, outcomes))

    async def send(
        self, events: Sequence[Any], outcomes: Sequence[Outcome]
    ) -> list[Awaitable[Any]]:
        """Queue every outcome with the producer; their delivery reports, in order."""
        return [
            await self._send(event, outcome)
            for event, outcome in zip(events, outcomes, strict=True)
        ]

    async def settle(
        self,
        events: Sequence[Any],
        outcomes: Sequence[Outcome],
        reports: Sequence[Awaitable[Any]],
    ) -> None:
        """Wait until the broker has every output of the batch; count them."""
        worker = self._stage.name
        await asyncio.gather(*reports)  # delivery reports: the broker has them
        self._account(outcomes)
        self._metrics.in_progress.labels(worker=worker).dec(len(events))
        delivered_ms = time.time() * 1000
        for event, outcome in zip(events, outcomes, strict=True):
            if isinstance(outcome, Enriched):
                age_ms = delivered_ms - _ingested_at_ms(event)
                self._metrics.latency.labels(worker=worker).observe(age_ms / 1000)

    async def _send(self, event: Any, outcome: Outcome) -> Any:
        message = event.message
        if isinstance(outcome, Enriched):
            carried = [(HEADER_INGESTED_AT_MS, str(_ingested_at_ms(event)).encode())]
            return await self._delivery.send(
                event,
                self._stage.sink.name,
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
        return await self._delivery.send(
            event, self._dead_letters, message.key, message.value, headers
        )

    def _account(self, outcomes: Sequence[Outcome]) -> None:
        worker = self._stage.name
        enriched = sum(isinstance(outcome, Enriched) for outcome in outcomes)
        self._metrics.count_produced(self._stage.sink.name, enriched)
        for outcome in outcomes:
            if isinstance(outcome, Rejected):
                self._metrics.count_dead_letter(outcome.reason)
        self._metrics.last_processed.labels(worker=worker).set(time.time())
