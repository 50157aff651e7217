"""A compose project of the stack, driven as a platform team drives it.

Shared by the deploy tests: the one-host stack and the three-node cluster.
"""

import json
import shutil
import subprocess
import time
import uuid
from pathlib import Path

import pytest

from topics.registry import WORKER_NAMES

ROOT = Path(__file__).resolve().parents[2]
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


def docker(*args: str) -> str:
    """`docker ARGS`: its stdout, stripped, or an assertion with its stderr."""
    result = subprocess.run(
        ["docker", *args], capture_output=True, text=True, timeout=120, check=False
    )
    assert result.returncode == 0, f"docker {args}:\n{result.stderr}"
    return result.stdout.strip()


def build_images(stack: "ComposeStack") -> float:
    """The stand-ins and every worker image of `stack` (cached after the first
    build); returns the seconds it took."""
    for tool in ("docker", "docker-compose", "mmdebstrap"):
        if shutil.which(tool) is None:
            pytest.fail(f"{tool} is not installed: run ops/system/deps.sh deploy")
    started = time.monotonic()
    subprocess.run([str(ROOT / "ops/docker/standins/build.sh")], check=True)
    stack.compose("build", "--force-rm", "topics", *WORKER_NAMES, timeout=2400)
    return time.monotonic() - started


class ComposeStack:
    """One compose project: its name and files, and what the tests do with it."""

    def __init__(self, project: str, files: list[Path]) -> None:
        self.command = ["docker-compose", "-p", project]
        for file in files:
            self.command += ["-f", str(file)]

    def compose(self, *args: str, timeout: float = 900) -> str:
        """`docker-compose ARGS` on this project: its stdout, or an assertion."""
        result = subprocess.run(
            [*self.command, *args],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
        assert result.returncode == 0, (
            f"compose {args}:\n{result.stdout}{result.stderr}"
        )
        return result.stdout

    def down(self) -> None:
        """Containers, network and volumes removed, whatever state they are in."""
        subprocess.run(
            [*self.command, "down", "-v", "--remove-orphans", "--timeout", "20"],
            cwd=ROOT,
            capture_output=True,
            check=False,
            timeout=300,
        )

    def containers(self, service: str) -> list[str]:
        """The ids of the service's containers."""
        return self.compose("ps", "-q", service).split()

    def wait_healthy(
        self, services: list[str], count: dict[str, int] | None = None
    ) -> None:
        """Until every container of `services` reports healthy (or, with no
        healthcheck, runs)."""
        deadline = time.monotonic() + HEALTHY_TIMEOUT_S
        while True:
            states = {
                (service, container): docker(
                    "inspect",
                    "-f",
                    "{{if .State.Health}}{{.State.Health.Status}}{{else}}"
                    "{{.State.Status}}{{end}}",
                    container,
                )
                for service in services
                for container in self.containers(service)
            }
            enough = all(
                sum(s == service for s, _ in states) >= (count or {}).get(service, 1)
                for service in services
            )
            if enough and set(states.values()) <= {"healthy", "running"}:
                return
            if time.monotonic() > deadline:
                logs = self.compose("logs", "--tail", "30")
                raise AssertionError(f"not healthy: {states}\n{logs[-6000:]}")
            time.sleep(3)

    def run_in_stack(self, *command: str, mounts: tuple[str, ...] = ()) -> str:
        """A one-off container of the `topics` image on the stack's network."""
        volumes = [arg for mount in mounts for arg in ("-v", mount)]
        return self.compose(
            "run", "--rm", "-T", "--no-deps", *volumes, "topics", *command
        )

    def topic_ids(self, topic: str) -> dict[str, int]:
        """How often each key appears on `topic` (read_committed)."""
        return dict(json.loads(self.run_in_stack("python", "-c", READ_IDS, topic)))

    def publish(self, tmp_path: Path, ids: list[str]) -> None:
        """Short articles with these ids, published with `newsenrich publish`."""
        folder = tmp_path / uuid.uuid4().hex[:6]
        folder.mkdir()
        lines = [
            json.dumps(
                {
                    "id": article_id,
                    "url": "https://www.reuters.com/world/example",
                    "text": f"Russia and China signed a trade pact in Moscow ({n}).",
                }
            )
            for n, article_id in enumerate(ids)
        ]
        (folder / "articles.jsonl").write_text(
            "\n".join(lines) + "\n", encoding="utf-8"
        )
        self.run_in_stack(
            "newsenrich",
            "publish",
            "/in/articles.jsonl",
            mounts=(f"{folder}:/in:ro",),
        )

    def wait_enriched(self, ids: set[str]) -> dict[str, int]:
        """Until every id is on the enriched topic; how often each key is there."""
        deadline = time.monotonic() + OUTPUT_TIMEOUT_S
        while True:
            seen = self.topic_ids("news.article.enriched.v1")
            if ids <= set(seen):
                return seen
            if time.monotonic() > deadline:
                logs = self.compose("logs", "--tail", "40", *WORKER_NAMES)
                raise AssertionError(f"missing {ids - set(seen)}\n{logs[-6000:]}")
            time.sleep(5)
