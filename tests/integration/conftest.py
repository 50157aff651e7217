"""Helpers for broker tests: run workers as processes, scrape their metrics."""

import asyncio
import os
import signal
import subprocess
import sys
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from aiokafka.errors import GroupCoordinatorNotAvailableError

from ops.kafka.broker import free_port
from workers.runtime.clients import Record, read_topic
from workers.runtime.lag import LagProbe

# Workers load spaCy models (~5 s) and join a group before consuming; on a loaded
# 2-core CI machine allow generously, it only costs time when something is broken.
RECV_TIMEOUT = 120.0
STOP_TIMEOUT = 30.0


def run_cli(
    *args: str, env: dict[str, str] | None = None, timeout: float = 120
) -> subprocess.CompletedProcess[str]:
    """`newsenrich ARGS` in a child, with only the NEWS_* variables given in env."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith("NEWS_")}
    return subprocess.run(
        [sys.executable, "-m", "workers.cli.main", *args],
        env={**clean, **(env or {})},
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


class WorkerProcess:
    """One worker run as `python -m workers.NAME`, as in production."""

    def __init__(
        self, name: str, bootstrap: str, log_dir: Path, **overrides: str
    ) -> None:
        self.name = name
        self.metrics_port = free_port()
        self.log = log_dir / f"{name}.log"
        env = {
            **os.environ,
            "NEWS_KAFKA_BOOTSTRAP_SERVERS": bootstrap,
            "NEWS_METRICS_PORT": str(self.metrics_port),
            "NEWS_LOG_FORMAT": "text",
            "NEWS_COMMIT_INTERVAL_S": "0.5",
            **overrides,
        }
        with self.log.open("wb") as log:
            self.process = subprocess.Popen(
                [sys.executable, "-m", f"workers.{name}"],
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )

    def metric(self, name: str, labels: dict[str, str]) -> float | None:
        """A sample value from this worker's /metrics, None if absent."""
        url = f"http://127.0.0.1:{self.metrics_port}/metrics"
        with urllib.request.urlopen(url, timeout=5) as response:
            text = response.read().decode()
        wanted = (
            name + "{" + ",".join(f'{k}="{v}"' for k, v in sorted(labels.items())) + "}"
        )
        for line in text.splitlines():
            if line.startswith(wanted):
                return float(line.rsplit(" ", 1)[1])
        return None

    def stop(self) -> int:
        """SIGTERM and wait; returns the exit code."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
        try:
            return self.process.wait(timeout=STOP_TIMEOUT)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
            raise AssertionError(
                f"{self.name} ignored SIGTERM; log: {self.log}"
            ) from None

    def log_tail(self) -> str:
        """The end of the worker's log, for assertion messages."""
        return self.log.read_text(errors="replace")[-3000:]


@pytest.fixture
def start_worker(
    kafka_bootstrap: str, tmp_path: Path
) -> Iterator[Callable[..., WorkerProcess]]:
    """Start workers by name; every one is stopped at the end of the test."""
    started: list[WorkerProcess] = []

    def start(name: str, **overrides: str) -> WorkerProcess:
        worker = WorkerProcess(name, kafka_bootstrap, tmp_path, **overrides)
        started.append(worker)
        return worker

    yield start
    for worker in started:
        if worker.process.poll() is None:
            worker.process.kill()
            worker.process.wait()


async def _lag(settings, group: str, topic: str) -> int:
    """Messages of `topic` not yet committed by `group`, as the workers report it."""
    probe = LagProbe(settings, group)
    try:
        return sum((await probe.topic_lag(topic)).values())
    except GroupCoordinatorNotAvailableError:
        return -1  # a fresh broker is still creating __consumer_offsets: unknown yet
    finally:
        await probe.close()


async def read_until(settings, topic: str, keys: set[bytes]) -> dict[bytes, Record]:
    """Records of `topic` with the wanted keys; fails after RECV_TIMEOUT."""
    found: dict[bytes, Record] = {}
    async with asyncio.timeout(RECV_TIMEOUT):
        async for record in read_topic(settings, topic):
            if record.key in keys:
                found[record.key] = record
            if set(found) == keys:
                return found
    raise AssertionError("unreachable")


async def wait_caught_up(
    settings, group: str, topic: str, limit_s: float = RECV_TIMEOUT
) -> None:
    """Until `group` has committed every offset of `topic` (fails after limit_s)."""
    async with asyncio.timeout(limit_s):
        while await _lag(settings, group, topic):  # noqa: ASYNC110
            await asyncio.sleep(0.5)  # polling the broker: there is no event to await
