"""docker-compose.cluster.yml brought up for real on the local stand-ins: three
Kafka nodes, topics replicated three times, and a node crash that loses nothing.

Part of `make deploy-test`; it reuses the images the one-host stack test builds.
"""

import json
import os
import signal
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.deploy.compose import ROOT, ComposeStack, build_images, docker
from topics.registry import WORKER_NAMES

pytestmark = [pytest.mark.deploy, pytest.mark.timeout(3600)]

STACK = ComposeStack(
    "newsenrich-clustertest",
    [
        ROOT / "docker-compose.yml",
        ROOT / "docker-compose.cluster.yml",
        ROOT / "ops" / "docker" / "compose.test.yml",
        ROOT / "ops" / "docker" / "compose.cluster.test.yml",
    ],
)
NODES = {1: "kafka", 2: "kafka-2", 3: "kafka-3"}

# Runs inside a one-off container: each partition's leader and replica count.
DESCRIBE = """
import asyncio, json, sys
from aiokafka.admin import AIOKafkaAdminClient
from workers.runtime.kafka_config import client_config
from workers.runtime.settings import RuntimeSettings
async def main():
    admin = AIOKafkaAdminClient(**client_config(RuntimeSettings()))
    await admin.start()
    [topic] = await admin.describe_topics([sys.argv[1]])
    await admin.close()
    print(json.dumps([[p["leader"], len(p["replicas"])] for p in topic["partitions"]]))
asyncio.run(main())
"""


@pytest.fixture(scope="module")
def cluster() -> Iterator[None]:
    build_images(STACK)
    try:
        STACK.compose("up", "-d", *NODES.values(), "topics", *WORKER_NAMES)
        STACK.wait_healthy([*NODES.values(), *WORKER_NAMES])
        yield
    finally:
        STACK.down()


def test_a_crashed_node_of_three_loses_nothing(cluster, tmp_path: Path):
    partitions = json.loads(
        STACK.run_in_stack("python", "-c", DESCRIBE, "news.article.raw.v1")
    )
    assert {replicas for _, replicas in partitions} == {3}
    first = [f"cluster-{n}" for n in range(20)]
    STACK.publish(tmp_path, first)
    STACK.wait_enriched(set(first))

    leader = NODES[partitions[0][0]]
    [container] = STACK.containers(leader)
    os.kill(int(docker("inspect", "-f", "{{.State.Pid}}", container)), signal.SIGKILL)
    crashed = time.monotonic()
    second = [f"cluster-after-{n}" for n in range(20)]
    STACK.publish(tmp_path, second)  # while the node restarts
    seen = STACK.wait_enriched(set(second))
    restarts = docker("inspect", "-f", "{{.RestartCount}}", container)
    print(  # noqa: T201
        f"\n{leader} (leader of raw partition 0) SIGKILLed: the next 20 articles "
        f"enriched {time.monotonic() - crashed:.0f} s later; restarts {restarts}; "
        f"duplicates {sum(seen[i] - 1 for i in first + second)}"
    )
    assert set(first + second) <= set(seen)
    STACK.wait_healthy([leader])
