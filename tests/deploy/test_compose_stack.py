"""docker-compose.yml brought up for real, on local stand-ins for the official images.

`make deploy-test` (CI runs it): builds the stand-ins (ops/docker/standins) and every
worker image from ops/docker/worker.Dockerfile with its own extra, brings the stack
up under a project name of its own, and checks what a platform team relies on.
Everything it starts is removed at the end: containers, network, volumes.
The tests run in file order and share one stack.
"""

import json
import os
import shutil
import signal
import subprocess
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from topics.registry import WORKER_NAMES

# Building the images is part of the first test: allow for a cold build cache.
pytestmark = [pytest.mark.deploy, pytest.mark.timeout(3600)]

ROOT = Path(__file__).resolve().parents[2]
PROJECT = "newsenrich-deploytest"
COMPOSE = [
    "docker-compose",
    "-p",
    PROJECT,
    "-f",
    str(ROOT / "docker-compose.yml"),
    "-f",
    str(ROOT / "ops" / "docker" / "compose.test.yml"),
]
SERVICES = ["kafka", "topics", *WORKER_NAMES, "prometheus"]  # no Grafana stand-in
HEALTHY_TIMEOUT_S = 300.0
OUTPUT_TIMEOUT_S = 240.0

# Runs inside a one-off container of the stack: the ids on a topic, as JSON.
READ_IDS = """
import asyncio, collections, json, sys
from workers.runtime.clients import read_topic
from workers.runtime.settings import RuntimeSettings
async def main():
    keys = collections.Counter()
    async for r in read_topic(RuntimeSettings(), sys.argv[1], idle_timeout=3.0):
        keys[(r.key or b"").decode()] += 1
    print(json.dumps(keys))
asyncio.run(main())
"""


def _compose(*args: str, timeout: float = 900) -> str:
    result = subprocess.run(
        [*COMPOSE, *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    assert result.returncode == 0, f"compose {args}:\n{result.stdout}{result.stderr}"
    return result.stdout


def _docker(*args: str) -> str:
    result = subprocess.run(
        ["docker", *args], capture_output=True, text=True, timeout=120, check=False
    )
    assert result.returncode == 0, f"docker {args}:\n{result.stderr}"
    return result.stdout.strip()


def _containers(service: str) -> list[str]:
    return _compose("ps", "-q", service).split()


def _wait_healthy(services: list[str], count: dict[str, int] | None = None) -> None:
    """Until every container of `services` reports healthy (or, with no
    healthcheck, runs)."""
    deadline = time.monotonic() + HEALTHY_TIMEOUT_S
    while True:
        states = {
            (service, container): _docker(
                "inspect",
                "-f",
                "{{if .State.Health}}{{.State.Health.Status}}{{else}}"
                "{{.State.Status}}{{end}}",
                container,
            )
            for service in services
            for container in _containers(service)
        }
        enough = all(
            sum(s == service for s, _ in states) >= (count or {}).get(service, 1)
            for service in services
        )
        if enough and set(states.values()) <= {"healthy", "running"}:
            return
        if time.monotonic() > deadline:
            logs = _compose("logs", "--tail", "30")
            raise AssertionError(f"not healthy: {states}\n{logs[-6000:]}")
        time.sleep(3)


def _run_in_stack(*command: str, mounts: tuple[str, ...] = ()) -> str:
    """A one-off container of the `topics` image on the stack's network."""
    volumes = [arg for mount in mounts for arg in ("-v", mount)]
    return _compose("run", "--rm", "-T", "--no-deps", *volumes, "topics", *command)


def _topic_ids(topic: str) -> dict[str, int]:
    return dict(json.loads(_run_in_stack("python", "-c", READ_IDS, topic)))


def _publish(tmp_path: Path, ids: list[str]) -> None:
    folder = tmp_path / uuid.uuid4().hex[:6]
    folder.mkdir()
    lines = [
        json.dumps(
            {
                "id": article_id,
                "url": "https://www.reuters.com/world/example",
                "text": f"Russia and China signed a trade agreement in Moscow ({n}).",
            }
        )
        for n, article_id in enumerate(ids)
    ]
    (folder / "articles.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    _run_in_stack(
        "newsenrich",
        "publish",
        "/in/articles.jsonl",
        mounts=(f"{folder}:/in:ro",),
    )


def _wait_enriched(ids: set[str]) -> dict[str, int]:
    deadline = time.monotonic() + OUTPUT_TIMEOUT_S
    while True:
        seen = _topic_ids("news.article.enriched.v1")
        if ids <= set(seen):
            return seen
        if time.monotonic() > deadline:
            logs = _compose("logs", "--tail", "40", *WORKER_NAMES)
            raise AssertionError(f"missing {ids - set(seen)}\n{logs[-6000:]}")
        time.sleep(5)


@pytest.fixture(scope="module")
def stack() -> Iterator[dict[str, Any]]:
    """Stand-ins, worker images and the stack up; all of it removed at the end."""
    for tool in ("docker", "docker-compose", "mmdebstrap"):
        if shutil.which(tool) is None:
            pytest.fail(f"{tool} is not installed: run ops/system/deps.sh deploy")
    started = time.monotonic()
    subprocess.run([str(ROOT / "ops/docker/standins/build.sh")], check=True)
    _compose("build", "--force-rm", "topics", *WORKER_NAMES, timeout=2400)
    built = time.monotonic()
    sizes = {
        name: int(_docker("image", "inspect", "-f", "{{.Size}}", image)) / 1e6
        for name, image in ((name, f"newsenrich-{name}:0.1.0") for name in WORKER_NAMES)
    }
    try:
        _compose("up", "-d", *SERVICES)
        _wait_healthy(["kafka", *WORKER_NAMES, "prometheus"])
        print(  # noqa: T201
            f"\nstand-ins and images built in {built - started:.0f} s, stack healthy "
            f"{time.monotonic() - built:.0f} s later; image sizes (MB): "
            + ", ".join(f"{n} {s:.0f}" for n, s in sizes.items())
        )
        yield {"sizes": sizes}
    finally:
        subprocess.run(
            [*COMPOSE, "down", "-v", "--remove-orphans", "--timeout", "20"],
            cwd=ROOT,
            capture_output=True,
            check=False,
            timeout=300,
        )


def test_the_samples_come_out_enriched(stack):
    samples = ROOT / "samples"
    _run_in_stack(
        "newsenrich",
        "publish",
        "/samples/briefs.jsonl",
        "/samples/congluan-xi-shoigu-fr.txt",
        mounts=(f"{samples}:/samples:ro",),
    )
    briefs = (samples / "briefs.jsonl").read_text(encoding="utf-8").splitlines()
    ids = {json.loads(line)["id"] for line in briefs if line.strip()}
    seen = _wait_enriched(ids)
    assert len(seen) >= len(ids) + 1  # the briefs and the congluan.vn article


def test_a_killed_worker_is_restarted_and_loses_nothing(stack, tmp_path):
    [container] = _containers("credibility")
    ids = [f"kill-{n}" for n in range(20)]
    _publish(tmp_path, ids)
    os.kill(int(_docker("inspect", "-f", "{{.State.Pid}}", container)), signal.SIGKILL)
    deadline = time.monotonic() + 60
    while _docker("inspect", "-f", "{{.RestartCount}}", container) == "0":
        assert time.monotonic() < deadline, "the restart policy did not restart it"
        time.sleep(1)
    _wait_healthy(["credibility"])
    seen = _wait_enriched(set(ids))
    assert all(seen[i] >= 1 for i in ids)


def test_three_entities_replicas_are_three_prometheus_targets(stack):
    _compose("up", "-d", "--no-recreate", "--scale", "entities=3", "entities")
    _wait_healthy(["entities"], count={"entities": 3})
    # Asked at the URL Grafana's provisioning names, so that URL is proven too.
    provisioned = ROOT / "ops/grafana/provisioning/datasources/prometheus.yml"
    [datasource] = yaml.safe_load(provisioned.read_text())["datasources"]
    query = (
        "import json, urllib.request; print(urllib.request.urlopen("
        f"'{datasource['url']}/api/v1/targets', timeout=5).read().decode())"
    )
    deadline = time.monotonic() + 150  # DNS refresh 30 s, scrape 15 s
    while True:
        targets = json.loads(_run_in_stack("python", "-c", query))["data"]
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
    before = _topic_ids("news.article.enriched.v1")
    _compose("stop", *WORKER_NAMES)
    unread = [f"unread-{n}" for n in range(10)]
    _publish(tmp_path, unread)  # waits on the raw topic while the workers are down
    _compose("up", "-d", "--force-recreate", "--no-deps", "kafka")
    _wait_healthy(["kafka"])
    _compose("start", *WORKER_NAMES)
    _wait_healthy(list(WORKER_NAMES))

    seen = _wait_enriched(set(unread))
    assert all(seen[key] >= count for key, count in before.items())  # log kept
    # Committed offsets kept: nothing read before the recreate is enriched again.
    assert {key: seen[key] for key in before} == before
