"""Faults on the real broker: hostile input, kill -9, SIGTERM, dead-letter replay."""

import asyncio
import json
import time
import uuid

import pytest
from aiokafka.admin import AIOKafkaAdminClient

from ops.kafka import broker
from ops.worker_process import WorkerProcess
from tests.integration.conftest import RECV_TIMEOUT, count_keys, wait_caught_up
from topics.article import (
    ArticleBilateral,
    ArticleEntities,
    ArticleLanguage,
    ArticleRaw,
)
from topics.dead_letter import HEADER_REASON, HEADER_SOURCE_TOPIC
from topics.registry import ARTICLE_RAW, DEAD_LETTER_TOPICS, WORKER_TOPICS
from workers.runtime.clients import Isolation, publish, read_topic
from workers.runtime.kafka_config import client_config
from workers.runtime.membership import consumer_group
from workers.runtime.replay import replay_dead_letters
from workers.runtime.settings import RuntimeSettings
from workers.runtime.stage import CHEAP_STAGE_BATCH
from workers.runtime.topics import create_topics

pytestmark = [pytest.mark.kafka, pytest.mark.slow]

STREAM = 2_000
INPUTS: dict[str, type[ArticleRaw]] = {
    "language": ArticleRaw,
    "entities": ArticleLanguage,
    "bilateral": ArticleEntities,
    "credibility": ArticleBilateral,
}
STAGE_FIELDS: dict[str, dict[str, object]] = {
    "language": {"language": {"code": "en", "confidence": 1.0, "detector": "test"}},
    "entities": {"entities": []},
    "bilateral": {"bilateral": []},
}


def _input(worker: str, run: str, index: int) -> tuple[bytes, bytes]:
    """A small valid record of the worker's source topic."""
    record: dict[str, object] = {
        "id": f"{run}-{index}",
        "text": f"Reuters reported that Russia and China met in Moscow, item {index}.",
    }
    for stage in ("language", "entities", "bilateral"):
        if list(INPUTS).index(stage) >= list(INPUTS).index(worker):
            break
        record.update(STAGE_FIELDS[stage])
    INPUTS[worker].model_validate(record)
    return str(record["id"]).encode(), json.dumps(record).encode()


async def _feed(
    settings,
    topic: str,
    records: list[tuple[bytes, bytes]],
    pause_s: float = 0.2,
    chunk: int = 100,
    transactional_id: str | None = None,
) -> None:
    """Publish in chunks, a little apart, like a live feed; with a
    transactional_id, each chunk is one committed transaction."""
    for start in range(0, len(records), chunk):
        part = records[start : start + chunk]
        await publish(
            settings,
            topic,
            [(k, v, ()) for k, v in part],
            transactional_id=transactional_id,
        )
        await asyncio.sleep(pause_s)


async def _wait_for(
    settings,
    topic: str,
    wanted: set[bytes],
    count: int,
    isolation: Isolation = "read_committed",
) -> None:
    async with asyncio.timeout(RECV_TIMEOUT):
        while True:
            found = {
                r.key
                async for r in read_topic(
                    settings, topic, idle_timeout=1.0, isolation_level=isolation
                )
                if r.key in wanted
            }
            if len(found) >= count:
                return


@pytest.mark.parametrize("worker", list(INPUTS))
async def test_kill_9_mid_stream_loses_nothing(kafka_settings, start_worker, worker):
    source, sink = (topic.name for topic in WORKER_TOPICS[worker])
    count = STREAM if worker != "entities" else 300  # spaCy: ~30 articles/s here
    await create_topics(kafka_settings)
    run = uuid.uuid4().hex[:8]
    records = [_input(worker, run, i) for i in range(count)]
    wanted = {key for key, _ in records}

    first = start_worker(worker)
    # Feed the stream while the worker runs, so the kill lands mid-stream.
    feeding = asyncio.create_task(_feed(kafka_settings, source, records))
    await _wait_for(kafka_settings, sink, wanted, count // 10)
    first.kill()
    await feeding
    # Same group and identity: resumes from the last committed offset.
    start_worker(worker, instance_id=first.instance_id)
    await wait_caught_up(kafka_settings, consumer_group(worker), source)
    seen = await count_keys(kafka_settings, sink, wanted)

    duplicates = sum(seen.values()) - len(wanted)
    print(f"\n{worker}: {count} in, {len(seen)} distinct out, {duplicates} duplicates")  # noqa: T201
    assert set(seen) == wanted
    assert duplicates < count  # at least once, and not the whole stream again


async def test_a_crash_before_the_first_commit_is_redone_and_counted(
    kafka_settings, start_worker
):
    """The control for the test above: duplicates are seen when there are some."""
    await create_topics(kafka_settings)
    run = uuid.uuid4().hex[:8]
    records = [_input("credibility", run, i) for i in range(500)]
    await publish(
        kafka_settings, "news.article.bilateral.v1", [(k, v, ()) for k, v in records]
    )
    wanted = {key for key, _ in records}
    first = start_worker("credibility", NEWS_COMMIT_INTERVAL_S="30")  # no commit yet
    await _wait_for(kafka_settings, "news.article.enriched.v1", wanted, len(records))
    first.kill()
    start_worker("credibility", instance_id=first.instance_id)
    await wait_caught_up(
        kafka_settings, consumer_group("credibility"), "news.article.bilateral.v1"
    )
    seen = await count_keys(kafka_settings, "news.article.enriched.v1", wanted)
    assert set(seen) == wanted
    # Whatever was enriched but not yet committed is redone, and the count sees it.
    assert sum(seen.values()) > len(wanted)


async def test_exactly_once_kill_9_leaves_no_committed_duplicate(
    kafka_settings, start_worker
):
    """The kill -9 test under exactly_once, read back with read_committed."""
    await create_topics(kafka_settings)
    run = uuid.uuid4().hex[:8]
    records = [_input("credibility", run, i) for i in range(STREAM)]
    wanted = {key for key, _ in records}
    source, sink = "news.article.bilateral.v1", "news.article.enriched.v1"
    exactly_once = {"NEWS_PROCESSING_GUARANTEE": "exactly_once"}

    first = start_worker("credibility", NEWS_COMMIT_INTERVAL_S="2", **exactly_once)
    await _feed(kafka_settings, source, records[:100])
    await _wait_for(kafka_settings, sink, wanted, 100)  # joined, and has committed
    # The rest as a slow feed (10 s): the kill lands inside a later transaction.
    feeding = asyncio.create_task(_feed(kafka_settings, source, records[100:], 0.5))
    await _wait_for(kafka_settings, sink, wanted, 300)
    first.kill()
    await feeding
    # Fences the dead transaction.
    start_worker("credibility", instance_id=first.instance_id, **exactly_once)
    await wait_caught_up(kafka_settings, consumer_group("credibility"), source)
    committed = await count_keys(kafka_settings, sink, wanted)
    written = await count_keys(kafka_settings, sink, wanted, "read_uncommitted")

    aborted = sum(written.values()) - len(wanted)
    report = f"{sum(committed.values())} committed out, {aborted} aborted and redone"
    print(f"\nexactly_once: {STREAM} in, {report}")  # noqa: T201
    assert set(committed) == wanted
    assert max(committed.values()) == 1  # not one committed duplicate
    assert aborted > 0  # the kill did land inside an open transaction


async def test_sigterm_under_load_exits_0_and_redoes_at_most_a_batch(
    kafka_settings, start_worker
):
    await create_topics(kafka_settings)
    run = uuid.uuid4().hex[:8]
    records = [_input("credibility", run, i) for i in range(STREAM)]
    await publish(
        kafka_settings, "news.article.bilateral.v1", [(k, v, ()) for k, v in records]
    )
    wanted = {key for key, _ in records}

    first = start_worker("credibility")
    await _wait_for(kafka_settings, "news.article.enriched.v1", wanted, STREAM // 5)
    assert first.stop() == 0  # SIGTERM: finish in-flight work, commit, exit 0
    start_worker("credibility", instance_id=first.instance_id)
    await wait_caught_up(
        kafka_settings, consumer_group("credibility"), "news.article.bilateral.v1"
    )
    seen = await count_keys(kafka_settings, "news.article.enriched.v1", wanted)

    assert set(seen) == wanted
    duplicates = sum(seen.values()) - len(wanted)
    print(f"\nSIGTERM: {duplicates} duplicates after restart")  # noqa: T201
    assert duplicates <= CHEAP_STAGE_BATCH  # credibility's: at most a batch in flight


async def test_hostile_input_is_dead_lettered_and_the_worker_keeps_going(
    kafka_settings, start_worker, monkeypatch
):
    await create_topics(kafka_settings)
    run = uuid.uuid4().hex[:8]
    good_id = f"{run}-good"
    hostile = {
        "not_json": b"<html>not json</html>",
        "not_utf8": b'{"id": "x", "text": "\xff\xfe"}',
        "binary": bytes(range(256)),
        "wrong_shape": b'["id", "text"]',
        "missing_text": json.dumps({"id": "x"}).encode(),
        "empty_text": json.dumps({"id": "x", "text": ""}).encode(),
        "absurd_id": json.dumps({"id": "x" * 10_000, "text": "Bonjour"}).encode(),
        "absurd_date": json.dumps(
            {"id": "x", "text": "Hi", "published_at": "yesterday"}
        ).encode(),
        "nested": b"[" * 60_000 + b"]" * 60_000,
        "too_large": json.dumps({"id": "x", "text": "a" * 300_000}).encode(),
    }
    expected = {
        "not_json": "not_json",
        "not_utf8": "not_utf8",
        "binary": "not_utf8",
        "wrong_shape": "invalid_schema",
        "missing_text": "invalid_schema",
        "empty_text": "invalid_schema",
        "absurd_id": "invalid_schema",
        "absurd_date": "invalid_schema",
        "nested": "not_json",
        "too_large": "too_large",
    }
    await publish(
        kafka_settings,
        ARTICLE_RAW.name,
        [
            *((f"{run}-{name}".encode(), value, ()) for name, value in hostile.items()),
            (
                good_id.encode(),
                json.dumps(
                    {
                        "id": good_id,
                        "text": "A perfectly ordinary "
                        "article about the weather in Paris.",
                    }
                ).encode(),
                (),
            ),
        ],
    )
    monkeypatch.setenv("NEWS_MAX_MESSAGE_BYTES", "200000")  # read by the child process
    start_worker("language")

    await _wait_for(kafka_settings, "news.article.language.v1", {good_id.encode()}, 1)
    reasons: dict[str, str] = {}
    async with asyncio.timeout(RECV_TIMEOUT):
        while len(reasons) < len(hostile):
            async for record in read_topic(
                kafka_settings, DEAD_LETTER_TOPICS["language"].name, idle_timeout=1.0
            ):
                name = (record.key or b"").decode().removeprefix(f"{run}-")
                if name in hostile:
                    reasons[name] = dict(record.headers)[HEADER_REASON].decode()
                    assert record.value == hostile[name]  # the original bytes
    assert reasons == expected


async def test_dlq_replay_republishes_once_per_dead_letter(kafka_settings):
    await create_topics(kafka_settings)
    run = uuid.uuid4().hex[:8]
    key, value = (
        f"{run}-fixed".encode(),
        json.dumps({"id": "later", "text": "ok"}).encode(),
    )
    headers = [
        (HEADER_SOURCE_TOPIC, ARTICLE_RAW.name.encode()),
        (HEADER_REASON, b"handler_error"),
    ]
    other = [
        (HEADER_SOURCE_TOPIC, ARTICLE_RAW.name.encode()),
        (HEADER_REASON, b"not_json"),
    ]
    await publish(
        kafka_settings,
        DEAD_LETTER_TOPICS["credibility"].name,
        [(key, value, headers), (f"{run}-other".encode(), b"{", other)],
    )

    first = await replay_dead_letters(
        kafka_settings, ["credibility"], ["handler_error"]
    )
    second = await replay_dead_letters(
        kafka_settings, ["credibility"], ["handler_error"]
    )
    third = await replay_dead_letters(
        kafka_settings,
        ["credibility"],
        ["handler_error"],
        from_start=True,
        dry_run=True,
    )
    topic = DEAD_LETTER_TOPICS["credibility"].name
    assert (first.replayed[topic], first.skipped[topic]) == (1, 1)
    assert second.replayed[topic] == 0  # already replayed
    assert third.replayed[topic] == 1  # dry run: counted, not sent
    copies = [
        r
        async for r in read_topic(kafka_settings, ARTICLE_RAW.name, idle_timeout=2.0)
        if r.key == key
    ]
    assert [c.value for c in copies] == [value]


async def test_rebalance_second_replica_joins_then_first_leaves(
    kafka_settings, start_worker
):
    await create_topics(kafka_settings)
    run = uuid.uuid4().hex[:8]
    records = [_input("bilateral", run, i) for i in range(STREAM)]
    wanted = {key for key, _ in records}
    sink, source = "news.article.bilateral.v1", "news.article.entities.v1"

    first = start_worker("bilateral")
    feeding = asyncio.create_task(_feed(kafka_settings, source, records))
    await _wait_for(kafka_settings, sink, wanted, STREAM // 10)
    # Joins the group: partitions are shared out.
    second = start_worker("bilateral")
    await asyncio.sleep(5)
    assert first.stop() == 0  # leaves: its partitions move to the second replica
    # A static member leaves on purpose, or it would hold them for its session (60 s).
    members = await _stable_members(kafka_settings, consumer_group("bilateral"), 20)
    assert len(members) == 1
    assert not members[0].startswith(f"bilateral-{first.instance_id}-")
    await feeding
    await wait_caught_up(kafka_settings, consumer_group("bilateral"), source)
    seen = await count_keys(kafka_settings, sink, wanted)

    assert set(seen) == wanted  # nothing lost, no partition left behind (lag is 0)
    assert second.process.poll() is None


async def _stable_members(settings, group: str, within_s: float) -> list[str]:
    """The member ids of `group` once it is stable (no rebalance in progress)."""
    admin = AIOKafkaAdminClient(**client_config(settings))
    await admin.start()
    try:
        async with asyncio.timeout(within_s):
            while True:
                [described] = await admin.describe_consumer_groups([group])
                [(_, _, state, _, _, members, *_)] = described.groups
                if state == "Stable":
                    return [member[0] for member in members]
                await asyncio.sleep(0.5)
    finally:
        await admin.close()


async def test_broker_restart_mid_stream_workers_reconnect(tmp_path):
    home = tmp_path / "kafka"
    local = broker.LocalBroker(home)
    state = await asyncio.to_thread(local.start)  # it runs an event loop of its own
    settings = RuntimeSettings(kafka_bootstrap_servers=state.bootstrap, metrics_port=0)
    worker = WorkerProcess("credibility", state.bootstrap, tmp_path / "worker.log")
    try:
        await create_topics(settings)
        run = uuid.uuid4().hex[:8]
        records = [_input("credibility", run, i) for i in range(STREAM)]
        wanted = {key for key, _ in records}
        half = STREAM // 2
        await _feed(settings, "news.article.bilateral.v1", records[:half])
        await _wait_for(settings, "news.article.enriched.v1", wanted, half)

        await asyncio.to_thread(
            broker.stop, home
        )  # back on the same data dir and ports
        await asyncio.sleep(3)
        again = broker.LocalBroker(
            home, port=local.port, controller_port=local.controller_port
        )
        await asyncio.to_thread(again.start)
        await _feed(settings, "news.article.bilateral.v1", records[half:])
        seen = await count_keys(settings, "news.article.enriched.v1", wanted)

        assert set(seen) == wanted
        assert worker.running(), worker.log_tail()  # reconnected itself
        # The outage (~8 s) usually spans a failed lag reading (every 5 s): then it
        # is said once, and so is its end (tests/unit/runtime/test_connection.py
        # holds the rule itself).
        log = worker.log.read_text(errors="replace")
        assert log.count("lost the connection to Kafka") <= 1, log[-3000:]
        assert log.count("is back after") == log.count("lost the connection")
    finally:
        worker.kill()
        broker.stop(home)


def test_sigterm_while_models_load_exits_cleanly(start_worker):
    """Compose may stop a replica that is still loading: exit 0, said in the log."""
    worker = start_worker("entities")
    deadline = time.monotonic() + RECV_TIMEOUT
    while "entities: loaded" not in worker.log_tail() and time.monotonic() < deadline:
        time.sleep(0.1)
    assert "worker entities ready" not in worker.log_tail()  # still loading
    assert worker.stop() == 0, worker.log_tail()
    assert "stopped by signal 15 while starting" in worker.log_tail()
