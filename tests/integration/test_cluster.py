"""The pipeline on a three-node cluster: a node's loss costs a pause, not data.

Topics with replication factor 3 and min.insync.replicas 2 (internal topics too),
producers with acks=all. Under load, the node leading the source partitions and
then the one coordinating the first stage's group are SIGKILLed, one at a time,
and restarted; then two nodes at once, below min.insync.replicas, where a write
must fail rather than succeed unreplicated.
"""

import asyncio
import time
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import pytest
from aiokafka import AIOKafkaProducer
from aiokafka.admin import AIOKafkaAdminClient
from aiokafka.admin.config_resource import ConfigResource, ConfigResourceType
from aiokafka.errors import KafkaError

from ops.kafka.broker import free_port
from ops.kafka.cluster import LocalCluster, stop_cluster
from ops.worker_process import WorkerProcess
from tests.integration.conftest import count_keys, run_cli
from tests.integration.test_reliability import _feed, _input, _wait_for
from topics.registry import ALL_TOPICS, WORKER_TOPICS
from workers.runtime.clients import publish, read_topic
from workers.runtime.errors import UnknownTopicError
from workers.runtime.kafka_config import client_config
from workers.runtime.membership import consumer_group
from workers.runtime.settings import RuntimeSettings
from workers.runtime.topics import create_topics, wait_for_leaders

pytestmark = [pytest.mark.cluster, pytest.mark.slow]

STAGES = ("language", "entities", "bilateral", "credibility")  # the whole pipeline
ARTICLES = 600
CHUNK = 10
FEED_S = 70.0
DOWN_S = 3.0
# Writes below min.insync.replicas: how long one may wait unacknowledged.
BELOW_ISR_WAIT_S = 10.0


@pytest.fixture
async def cluster(
    tmp_path: Path,
) -> AsyncIterator[tuple[LocalCluster, RuntimeSettings]]:
    """Three nodes, the contract's topics replicated three times, min ISR 2."""
    nodes = LocalCluster(tmp_path / "cluster")
    state = await asyncio.to_thread(nodes.start)
    settings = RuntimeSettings(
        kafka_bootstrap_servers=state.bootstrap,
        topic_replication_factor=3,
        topic_min_insync_replicas=2,
        metrics_port=0,
    )
    try:
        await create_topics(settings)
        for node in nodes.nodes:  # a node learns of new topics a moment later
            await _wait_for_topics(
                settings.model_copy(update={"kafka_bootstrap_servers": node.bootstrap})
            )
        yield nodes, settings
    finally:
        await asyncio.to_thread(stop_cluster, nodes.home)


@asynccontextmanager
async def _admin(settings: RuntimeSettings) -> AsyncIterator[AIOKafkaAdminClient]:
    admin = AIOKafkaAdminClient(**client_config(settings))
    await admin.start()
    try:
        yield admin
    finally:
        await admin.close()


async def _wait_for_topics(settings: RuntimeSettings) -> None:
    async with _admin(settings) as admin:
        await wait_for_leaders(admin, [topic.name for topic in ALL_TOPICS])


async def _partitions(admin: AIOKafkaAdminClient, topic: str) -> list[Any]:
    """The topic's partitions as a node describes them, once it knows them: a node
    other than the one that answered the creation may learn of it a moment later."""
    for _ in range(40):
        described = await admin.describe_topics([topic])
        if described[0]["partitions"]:
            return list(described[0]["partitions"])
        await asyncio.sleep(0.25)
    raise AssertionError(f"no node describes the partitions of {topic}")


async def _leader_of(settings: RuntimeSettings, topic: str, partition: int) -> int:
    async with _admin(settings) as admin:
        partitions = await _partitions(admin, topic)
    leaders = {p["partition"]: p["leader"] for p in partitions}
    return int(leaders[partition])


async def _coordinator_of(settings: RuntimeSettings, group: str) -> int:
    async with _admin(settings) as admin:
        for _ in range(100):  # __consumer_offsets is created on first request
            try:
                return int(await admin.find_coordinator(group))
            except KafkaError:
                await asyncio.sleep(0.5)
    raise AssertionError(f"no coordinator for {group}")


async def _count(settings: RuntimeSettings, topic: str, wanted: set[bytes]) -> int:
    """Wanted keys on `topic` so far; -1 when the reader picked the dead node."""
    try:
        keys = {r.key async for r in read_topic(settings, topic, idle_timeout=0.5)}
    except (KafkaError, UnknownTopicError):  # a dead or just restarted node asked
        return -1
    return len(keys & wanted)


async def _pause_after_kill(
    nodes: LocalCluster,
    node_id: int,
    settings: RuntimeSettings,
    sink: str,
    wanted: set[bytes],
) -> float:
    """Kill `node_id`, then seconds until the sink grows again; restart the node."""
    async with asyncio.timeout(60):  # a node restarted just now may not know all yet
        while (before := await _count(settings, sink, wanted)) < 0:  # noqa: ASYNC110
            await asyncio.sleep(0.5)
    nodes.kill(node_id)
    killed = time.monotonic()
    while await _count(settings, sink, wanted) <= before:
        if time.monotonic() - killed > 60:
            break  # the feed may have ended: measure no longer
        await asyncio.sleep(0.2)
    pause = time.monotonic() - killed
    await asyncio.sleep(DOWN_S)
    await asyncio.to_thread(nodes.restart, node_id)
    return pause


@pytest.mark.parametrize("guarantee", ["exactly_once", "at_least_once"])
async def test_a_node_lost_under_load_loses_nothing(cluster, tmp_path, guarantee):
    nodes, settings = cluster
    source = WORKER_TOPICS[STAGES[0]][0].name
    sinks = [WORKER_TOPICS[stage][1].name for stage in STAGES]
    env = {"NEWS_PROCESSING_GUARANTEE": guarantee, "NEWS_COMMIT_INTERVAL_S": "1"}
    run = uuid.uuid4().hex[:8]
    records = [_input(STAGES[0], run, i) for i in range(ARTICLES)]
    wanted = {key for key, _ in records}
    workers = [
        WorkerProcess(
            stage, settings.kafka_bootstrap_servers, tmp_path / f"{stage}.log", env=env
        )
        for stage in STAGES
    ]
    try:
        feeding = asyncio.create_task(
            _feed(
                settings,
                source,
                records,
                pause_s=FEED_S * CHUNK / len(records),
                chunk=CHUNK,
            )
        )
        await _wait_for(settings, sinks[0], wanted, 30)
        leader = await _leader_of(settings, source, 0)
        pauses = {
            f"source leader (node {leader})": await _pause_after_kill(
                nodes, leader, settings, sinks[0], wanted
            )
        }
        coordinator = await _coordinator_of(settings, consumer_group(STAGES[0]))
        pauses[
            f"{STAGES[0]} coordinator (node {coordinator})"
        ] = await _pause_after_kill(nodes, coordinator, settings, sinks[0], wanted)
        await feeding
        counts = {sink: await count_keys(settings, sink, wanted) for sink in sinks}
        duplicates = {sink: sum(c.values()) - len(c) for sink, c in counts.items()}
        print(  # noqa: T201
            f"\n{guarantee} on 3 nodes, {ARTICLES} articles: "
            + "; ".join(
                f"output paused {s:.1f} s after killing the {what}"
                for what, s in pauses.items()
            )
            + "; committed duplicates "
            + ", ".join(f"{sink} {n}" for sink, n in duplicates.items())
        )
        for sink, seen in counts.items():
            assert set(seen) == wanted, f"{sink}: {len(wanted - set(seen))} lost"
        if guarantee == "exactly_once":
            assert not any(duplicates.values()), duplicates
        for worker in workers:
            assert worker.process.poll() is None, worker.log.read_text()[-3000:]
    finally:
        for worker in workers:
            worker.terminate()
        for worker in workers:
            worker.stop()


async def test_below_min_insync_writes_fail_and_resume(cluster, tmp_path):
    nodes, settings = cluster
    stage = STAGES[0]
    source, sink = (topic.name for topic in WORKER_TOPICS[stage])
    env = {"NEWS_PROCESSING_GUARANTEE": "at_least_once", "NEWS_COMMIT_INTERVAL_S": "1"}
    run = uuid.uuid4().hex[:8]
    first = [_input(stage, run, i) for i in range(100)]
    second = [_input(stage, run, i) for i in range(100, 200)]
    wanted = {key for key, _ in first + second}
    worker = WorkerProcess(
        stage, settings.kafka_bootstrap_servers, tmp_path / "w.log", env=env
    )
    try:
        await publish(settings, source, [(k, v, ()) for k, v in first])
        await _wait_for(settings, sink, wanted, 10)
        producer = AIOKafkaProducer(
            **client_config(settings), acks="all", enable_idempotence=True
        )
        await producer.start()
        # Started while the cluster is whole: an idempotent producer's id comes
        # from the controllers, and with two nodes down there is no quorum to ask.
        await producer.send_and_wait(source, value=second[-1][1], key=second[-1][0])
        nodes.kill(2)
        nodes.kill(3)
        refused = 0
        for key, value in second[:3]:
            try:
                await asyncio.wait_for(
                    producer.send_and_wait(source, value=value, key=key),
                    BELOW_ISR_WAIT_S,
                )
            except (KafkaError, TimeoutError):
                refused += 1
        assert refused == 3, "a write below min.insync.replicas was acknowledged"

        await asyncio.to_thread(nodes.restart, 2)
        # What the producer still held goes out now, replicated twice.
        await asyncio.wait_for(producer.stop(), 120)
        await publish(settings, source, [(k, v, ()) for k, v in second])
        if worker.process.poll() is not None:  # compose's restart policy's job
            exited = worker.process.returncode
            print(f"\nthe worker exited ({exited}) below min ISR")  # noqa: T201
            worker = WorkerProcess(
                stage,
                settings.kafka_bootstrap_servers,
                tmp_path / "w.log",
                instance_id=worker.instance_id,
                env=env,
            )
        counts = await count_keys(settings, sink, wanted)
        assert set(counts) == wanted
    finally:
        worker.terminate()
        worker.stop()


async def test_the_cli_starts_a_cluster_whose_topics_replicate(tmp_path):
    home = str(tmp_path / "cli-cluster")
    port = free_port()
    started = run_cli(
        "broker", "start", "--brokers", "3", "--home", home, "--port", str(port)
    )
    try:
        assert started.returncode == 0, started.stderr
        assert "cluster running: 3 nodes" in started.stdout
        status = run_cli("broker", "status", "--home", home)
        assert "cluster of 3" in status.stdout
        bootstrap = status.stdout.split("bootstrap ")[1].strip()
        assert bootstrap.split(",")[0] == f"127.0.0.1:{port}"
        env = {
            "NEWS_KAFKA_BOOTSTRAP_SERVERS": bootstrap,
            "NEWS_TOPIC_REPLICATION_FACTOR": "3",
            "NEWS_TOPIC_MIN_INSYNC_REPLICAS": "2",
        }
        created = run_cli("topics", "create", env=env)
        assert created.returncode == 0, created.stderr
        settings = RuntimeSettings(kafka_bootstrap_servers=bootstrap, metrics_port=0)
        await _wait_for_topics(settings)
        admin = AIOKafkaAdminClient(**client_config(settings))
        await admin.start()
        try:
            partitions = await _partitions(admin, ALL_TOPICS[0].name)
            replicas = {len(p["replicas"]) for p in partitions}
            configs = await admin.describe_configs(
                [ConfigResource(ConfigResourceType.TOPIC, ALL_TOPICS[0].name)]
            )
        finally:
            await admin.close()
        assert replicas == {3}
        entries = {e[0]: e[1] for e in configs[0].resources[0][4]}
        assert entries["min.insync.replicas"] == "2"
    finally:
        stopped = run_cli("broker", "stop", "--home", home)
    assert "broker stopped" in stopped.stdout
    assert run_cli("broker", "status", "--home", home).returncode == 3
