"""The message loop without a broker: acks after delivery, in order, drained on stop."""

import asyncio
import itertools
import json
import logging
from collections.abc import Iterator
from types import SimpleNamespace
from typing import Any

import pytest
from aiokafka.errors import TopicAuthorizationFailedError
from prometheus_client import CollectorRegistry

from topics.article import ArticleLanguage, ArticleRaw, Language
from topics.dead_letter import (
    HEADER_ERROR,
    HEADER_OFFSET,
    HEADER_PARTITION,
    HEADER_REASON,
    HEADER_SOURCE_TOPIC,
    HEADER_WORKER,
)
from topics.headers import HEADER_INGESTED_AT_MS
from topics.registry import ARTICLE_LANGUAGE, ARTICLE_RAW
from workers.runtime.loop import BatchHandler, Pipeline
from workers.runtime.metrics import build_metrics
from workers.runtime.offload import Offload, make_executor
from workers.runtime.settings import RuntimeSettings
from workers.runtime.stage import Stage

SOURCE = ARTICLE_RAW.name
DLQ = "news.dlq.language.v1"


def _tag(article: ArticleRaw) -> ArticleLanguage:
    if "boom" in article.text:
        raise RuntimeError("handler blew up")
    language = Language(code="en", confidence=1.0, detector="test")
    fields = {**article.model_dump(), "language": language}
    return ArticleLanguage.model_validate(fields)


STAGE = Stage("language", "test", ARTICLE_RAW, ARTICLE_LANGUAGE, ArticleRaw, _tag)


def _event(offset: int, value: bytes | None, partition: int = 0) -> Any:
    """What faust hands the agent: an event whose message has the record's fields."""
    message = SimpleNamespace(
        topic=SOURCE,
        partition=partition,
        offset=offset,
        key=f"k{offset}".encode(),
        value=value,
        headers=[(HEADER_INGESTED_AT_MS, b"1000")],
        timestamp=2.0,
    )
    return SimpleNamespace(message=message)


def _article(offset: int, text: str = "Hello world") -> Any:
    return _event(offset, json.dumps({"id": f"a{offset}", "text": text}).encode())


class FakeDelivery:
    """Records sends and acks; delivery reports resolve when the test says so."""

    def __init__(self, *, auto: bool = True) -> None:
        self.auto = auto
        self.sent: list[dict[str, Any]] = []
        self.reports: list[asyncio.Future[None]] = []
        self.acked: list[int] = []
        self._sends = asyncio.Condition()

    async def send(
        self,
        event: Any,
        topic: str,
        key: bytes | None,
        value: bytes | None,
        headers: list[tuple[str, bytes]],
    ) -> asyncio.Future[None]:
        report: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self.sent.append(
            {
                "offset": event.message.offset,
                "topic": topic,
                "key": key,
                "value": value,
                "headers": dict(headers),
            }
        )
        self.reports.append(report)
        if self.auto:
            report.set_result(None)
        async with self._sends:
            self._sends.notify_all()
        return report

    async def wait_sent(self, count: int) -> None:
        """Until `count` records have been sent (enrichment runs off the loop)."""
        async with asyncio.timeout(30), self._sends:
            await self._sends.wait_for(lambda: len(self.sent) >= count)

    async def ack(self, event: Any) -> None:
        self.acked.append(event.message.offset)

    def deliver_all(self) -> None:
        for report in self.reports:
            if not report.done():
                report.set_result(None)


@pytest.fixture(params=["thread", "process"])
def executor(request: pytest.FixtureRequest) -> Iterator[Offload]:
    """Both places a stage can run: a thread, or a child forked with the stage."""
    with make_executor(STAGE, request.param) as pool:
        yield pool


def _handler(executor: Offload, delivery: FakeDelivery) -> tuple[BatchHandler, Any]:
    registry = CollectorRegistry()
    metrics = build_metrics(STAGE.name, STAGE.source.name, STAGE.sink.name, registry)
    settings = RuntimeSettings(metrics_port=0, max_message_bytes=10_000)
    return BatchHandler(STAGE, settings, metrics, executor, delivery), registry


async def test_a_batch_is_acked_only_after_the_broker_has_every_output(executor):
    delivery = FakeDelivery(auto=False)
    handler, _ = _handler(executor, delivery)
    pipeline = Pipeline(handler, delivery)

    await pipeline.put([_article(0), _article(1), _article(2)])
    await delivery.wait_sent(3)
    await asyncio.sleep(0.05)
    assert delivery.acked == []  # sent, but no delivery report yet

    delivery.reports[0].set_result(None)
    delivery.reports[1].set_result(None)
    await asyncio.sleep(0.05)
    assert delivery.acked == []  # one output still travelling: the batch waits

    delivery.reports[2].set_result(None)
    await pipeline.drain()
    assert delivery.acked == [0, 1, 2]


async def test_batches_are_acked_in_order_and_drained_on_stop(executor):
    delivery = FakeDelivery()
    handler, _ = _handler(executor, delivery)
    pipeline = Pipeline(handler, delivery)

    for first in range(0, 12, 3):
        await pipeline.put([_article(n) for n in range(first, first + 3)])
    await pipeline.drain()  # what SIGTERM does: in-flight batches finish

    assert delivery.acked == list(range(12))
    assert [sent["offset"] for sent in delivery.sent] == list(range(12))
    assert {sent["topic"] for sent in delivery.sent} == {ARTICLE_LANGUAGE.name}


async def test_the_next_batch_travels_before_the_last_is_acknowledged(executor):
    delivery = FakeDelivery(auto=False)
    handler, _ = _handler(executor, delivery)
    pipeline = Pipeline(handler, delivery)

    await pipeline.put([_article(0), _article(1)])
    await pipeline.put([_article(2), _article(3)])
    await delivery.wait_sent(4)  # both batches sent, no report back yet
    for report in delivery.reports[2:]:
        report.set_result(None)
    await asyncio.sleep(0.05)
    assert delivery.acked == []  # the second batch waits for the first

    delivery.deliver_all()
    await pipeline.drain()
    assert delivery.acked == [0, 1, 2, 3]


async def test_no_more_batches_travel_than_the_in_flight_bound(executor):
    delivery = FakeDelivery(auto=False)
    handler, _ = _handler(executor, delivery)
    pipeline = Pipeline(handler, delivery)
    batches = Pipeline.IN_FLIGHT + 2

    putting = asyncio.ensure_future(
        _put_all(pipeline, [[_article(n)] for n in range(batches)])
    )
    await delivery.wait_sent(Pipeline.IN_FLIGHT)
    await asyncio.sleep(0.1)
    assert len(delivery.sent) == Pipeline.IN_FLIGHT  # the rest wait for a slot

    delivery.reports[0].set_result(None)
    await delivery.wait_sent(Pipeline.IN_FLIGHT + 1)  # one acked, one more goes
    assert delivery.acked == [0]
    async with asyncio.timeout(30):
        while len(delivery.acked) < batches:
            delivery.deliver_all()
            await asyncio.sleep(0.01)
    await putting
    await pipeline.drain()
    assert delivery.acked == list(range(batches))


class _SecondBatchFails(BatchHandler):
    async def enrich(self, events: Any) -> Any:
        if events[0].message.offset == 1:
            await asyncio.sleep(0.05)
            raise RuntimeError("the enrichment child exited")
        return await super().enrich(events)


async def test_a_batch_that_fails_while_draining_is_raised_and_the_rest_acked(
    executor,
):
    delivery = FakeDelivery()
    registry = CollectorRegistry()
    metrics = build_metrics(STAGE.name, STAGE.source.name, STAGE.sink.name, registry)
    settings = RuntimeSettings(metrics_port=0, max_message_bytes=10_000)
    handler = _SecondBatchFails(STAGE, settings, metrics, executor, delivery)
    pipeline = Pipeline(handler, delivery)

    await pipeline.put([_article(0)])
    await pipeline.put([_article(1)])
    with pytest.raises(RuntimeError, match="child exited"):
        await pipeline.drain()  # SIGTERM arrived: the failure is not swallowed
    assert delivery.acked == [0]


async def _put_all(pipeline: Pipeline, batches: list[list[Any]]) -> None:
    for events in batches:
        await pipeline.put(events)


async def test_outputs_are_keyed_by_article_id_and_carry_the_ingest_time(executor):
    delivery = FakeDelivery()
    handler, _ = _handler(executor, delivery)
    events = [_article(7)]
    await handler.deliver(events, await handler.enrich(events))

    [sent] = delivery.sent
    assert sent["key"] == b"a7"
    assert json.loads(sent["value"])["language"]["code"] == "en"
    assert sent["headers"] == {HEADER_INGESTED_AT_MS: b"1000"}


async def test_bad_messages_become_dead_letters_with_their_bytes_and_reason(executor):
    delivery = FakeDelivery()
    handler, registry = _handler(executor, delivery)
    events = [_event(3, b"{not json", partition=2), _article(4, "boom"), _article(5)]
    await handler.deliver(events, await handler.enrich(events))

    not_json, failed, good = delivery.sent
    assert (not_json["topic"], not_json["key"], not_json["value"]) == (
        DLQ,
        b"k3",
        b"{not json",
    )
    assert not_json["headers"][HEADER_REASON] == b"not_json"
    assert not_json["headers"][HEADER_SOURCE_TOPIC] == SOURCE.encode()
    assert not_json["headers"][HEADER_PARTITION] == b"2"
    assert not_json["headers"][HEADER_OFFSET] == b"3"
    assert not_json["headers"][HEADER_WORKER] == b"language"
    assert failed["topic"] == DLQ
    assert failed["headers"][HEADER_REASON] == b"handler_error"
    assert b"handler blew up" in failed["headers"][HEADER_ERROR]
    assert good["topic"] == ARTICLE_LANGUAGE.name

    def sample(name: str, **labels: str) -> Any:
        return registry.get_sample_value(name, {"worker": "language", **labels})

    assert sample("news_messages_consumed_total", topic=SOURCE) == 3
    assert sample("news_messages_produced_total", topic=ARTICLE_LANGUAGE.name) == 1
    assert sample("news_messages_dead_lettered_total", reason="not_json") == 1
    assert sample("news_messages_dead_lettered_total", reason="handler_error") == 1
    assert sample("news_messages_in_progress") == 0
    assert sample("news_message_processing_duration_seconds_count") == 3
    assert sample("news_end_to_end_latency_seconds_count") == 1


async def test_a_failed_delivery_stops_the_loop_and_acks_nothing(executor):
    delivery = FakeDelivery(auto=False)
    handler, _ = _handler(executor, delivery)
    pipeline = Pipeline(handler, delivery)

    await pipeline.put([_article(0)])
    await delivery.wait_sent(1)
    delivery.reports[0].set_exception(ConnectionError("broker refused the write"))
    with pytest.raises(ConnectionError):
        await _put_until_it_fails(pipeline, delivery)
    assert delivery.acked == []


async def _put_until_it_fails(pipeline: Pipeline, delivery: FakeDelivery) -> None:
    """The agent learns of a failed delivery at its next batch."""
    async with asyncio.timeout(30):
        for offset in itertools.count(1):
            await pipeline.put([_article(offset)])
            delivery.deliver_all()


async def test_a_refused_write_is_said_at_once_and_raised_as_itself(executor, caplog):
    delivery = FakeDelivery(auto=False)
    handler, _ = _handler(executor, delivery)
    pipeline = Pipeline(handler, delivery)

    await pipeline.put([_article(0)])
    await delivery.wait_sent(1)
    refused = TopicAuthorizationFailedError("news.article.language.v1")
    with caplog.at_level(logging.ERROR, logger="workers.runtime.loop"):
        delivery.reports[0].set_exception(refused)
        async with asyncio.timeout(30):
            while not caplog.records:  # noqa: ASYNC110 - the log has no event to await
                await asyncio.sleep(0.01)
    [line] = [r.getMessage() for r in caplog.records]
    assert "refused this worker's principal" in line and "newsenrich acls" in line
    with pytest.raises(TopicAuthorizationFailedError):  # not a CancelledError
        await _put_until_it_fails(pipeline, delivery)
    assert delivery.acked == []
