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
from concurrent.futures import Executor
from typing import Any, Protocol

from topics.headers import HEADER_INGESTED_AT_MS, ingested_at_ms
from topics.registry import dead_letter_topic
from workers.runtime.dead_letter import dead_letter_headers
from workers.runtime.metrics import WorkerMetrics
from workers.runtime.offload import enrich_off_loop
from workers.runtime.process import Enriched, Outcome, Rejected
from workers.runtime.settings import RuntimeSettings
from workers.runtime.stage import Stage

logger = logging.getLogger(__name__)

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
    """Enrich batch k+1 while batch k's records travel to the broker, in order.

    At most one batch waits between the two; a failure on the delivery side is
    raised to the agent at its next batch.
    """

    def __init__(self, handler: "BatchHandler", delivery: Delivery) -> None:
        self._handler = handler
        self._delivery = delivery
        self._queue: asyncio.Queue[Any] = asyncio.Queue(maxsize=1)
        self._deliverer = asyncio.ensure_future(self._deliver())

    async def put(self, events: Sequence[Any]) -> None:
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
            await ack_all(self._delivery, events)


class BatchHandler:
    """Runs one batch through the stage and waits until the broker has every output."""

    def __init__(
        self,
        stage: Stage[Any, Any],
        settings: RuntimeSettings,
        metrics: WorkerMetrics,
        executor: Executor,
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
