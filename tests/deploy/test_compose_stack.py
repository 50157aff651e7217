"""docker-compose.yml brought up for real, on local stand-ins for the official images.

`make deploy-test` (CI runs it): builds the stand-ins (ops/docker/standins) and every
worker image from ops/docker/worker.Dockerfile with its own extra, brings the stack
up under a project name of its own, and checks what a platform team relies on.
Everything it starts is removed at the end: containers, network, volumes.
The tests run in file order and share one stack.
"""

import json
import os
import signal
import time
from collections.abc import Iterator
from typing import Any

import pytest
import yaml

from tests.deploy.compose import ROOT, ComposeStack, build_images, docker
from topics.registry import WORKER_NAMES

# Building the images is part of the first test: allow for a cold build cache.
pytestmark = [pytest.mark.deploy, pytest.mark.timeout(3600)]

PROJECT = "newsenrich-deploytest"
STACK = ComposeStack(
    PROJECT, [ROOT / "docker-compose.yml", ROOT / "ops" / "docker" / "compose.test.yml"]
)
SERVICES = ["kafka", "topics", *WORKER_NAMES, "prometheus"]  # no Grafana stand-in


@pytest.fixture(scope="module")
def stack() -> Iterator[dict[str, Any]]:
    """Stand-ins, worker images and the stack up; all of it removed at the end."""
    build_s = build_images(STACK)
    built = time.monotonic()
    sizes = {
        name: int(docker("image", "inspect", "-f", "{{.Size}}", image)) / 1e6
        for name, image in ((name, f"newsenrich-{name}:0.1.0") for name in WORKER_NAMES)
    }
    try:
        STACK.compose("up", "-d", *SERVICES)
        STACK.wait_healthy(["kafka", *WORKER_NAMES, "prometheus"])
        print(  # noqa: T201
            f"\nstand-ins and images built in {build_s:.0f} s, stack healthy "
            f"{time.monotonic() - built:.0f} s later; image sizes (MB): "
            + ", ".join(f"{n} {s:.0f}" for n, s in sizes.items())
        )
        yield {"sizes": sizes}
    finally:
        STACK.down()


def test_the_samples_come_out_enriched(stack):
    samples = ROOT / "samples"
    STACK.run_in_stack(
        "newsenrich",
        "publish",
        "/samples/briefs.jsonl",
        "/samples/congluan-xi-shoigu-fr.txt",
        mounts=(f"{samples}:/samples:ro",),
    )
    briefs = (samples / "briefs.jsonl").read_text(encoding="utf-8").splitlines()
    ids = {json.loads(line)["id"] for line in briefs if line.strip()}
    seen = STACK.wait_enriched(ids)
    assert len(seen) >= len(ids) + 1  # the briefs and the congluan.vn article


def test_a_killed_worker_is_restarted_and_loses_nothing(stack, tmp_path):
    [container] = STACK.containers("credibility")
    ids = [f"kill-{n}" for n in range(20)]
    STACK.publish(tmp_path, ids)
    os.kill(int(docker("inspect", "-f", "{{.State.Pid}}", container)), signal.SIGKILL)
    deadline = time.monotonic() + 60
    while docker("inspect", "-f", "{{.RestartCount}}", container) == "0":
        assert time.monotonic() < deadline, "the restart policy did not restart it"
        time.sleep(1)
    STACK.wait_healthy(["credibility"])
    seen = STACK.wait_enriched(set(ids))
    assert all(seen[i] >= 1 for i in ids)


def test_three_entities_replicas_are_three_prometheus_targets(stack):
    STACK.compose("up", "-d", "--no-recreate", "--scale", "entities=3", "entities")
    STACK.wait_healthy(["entities"], count={"entities": 3})
    # Asked at the URL Grafana's provisioning names, so that URL is proven too.
    provisioned = ROOT / "ops/grafana/provisioning/datasources/prometheus.yml"
    [datasource] = yaml.safe_load(provisioned.read_text())["datasources"]
    query = (
        "import json, urllib.request; print(urllib.request.urlopen("
        f"'{datasource['url']}/api/v1/targets', timeout=5).read().decode())"
    )
    deadline = time.monotonic() + 150  # DNS refresh 30 s, scrape 15 s
    while True:
        targets = json.loads(STACK.run_in_stack("python", "-c", query))["data"]
        up = [
            t
            for t in targets["activeTargets"]
            if t["labels"].get("service") == "entities" and t["health"] == "up"
        ]
        if len(up) == 3:
            return
        assert time.monotonic() < deadline, f"entities targets up: {len(up)}"
        time.sleep(5)


def test_recreating_kafka_keeps_topics_offsets_and_unread_articles(stack, tmp_path):
    before = STACK.topic_ids("news.article.enriched.v1")
    STACK.compose("stop", *WORKER_NAMES)
    unread = [f"unread-{n}" for n in range(10)]
    STACK.publish(tmp_path, unread)  # waits on the raw topic while the workers are down
    STACK.compose("up", "-d", "--force-recreate", "--no-deps", "kafka")
    STACK.wait_healthy(["kafka"])
    STACK.compose("start", *WORKER_NAMES)
    STACK.wait_healthy(list(WORKER_NAMES))

    seen = STACK.wait_enriched(set(unread))
    assert all(seen[key] >= count for key, count in before.items())  # log kept
    # Committed offsets kept: nothing read before the recreate is enriched again.
    assert {key: seen[key] for key in before} == before
