"""Helpers for broker tests: run workers as processes, scrape their metrics."""

import asyncio
import os
import subprocess
import sys
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from aiokafka.errors import GroupCoordinatorNotAvailableError

from ops.worker_process import WorkerProcess
from workers.runtime.clients import Isolation, Record, read_topic
from workers.runtime.lag import LagProbe

# Workers load spaCy models (~5 s) and join a group before consuming; on a loaded
# 2-core CI machine allow generously, it only costs time when something is broken.
RECV_TIMEOUT = 120.0


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


@pytest.fixture
def start_worker(
    kafka_bootstrap: str, tmp_path: Path
) -> Iterator[Callable[..., WorkerProcess]]:
    """Start workers by name; every one is stopped at the end of the test."""
    started: list[WorkerProcess] = []

    def start(
        name: str, instance_id: str | None = None, **overrides: str
    ) -> WorkerProcess:
        """A new replica, or a restart of one when given its `instance_id`."""
        env = {"NEWS_COMMIT_INTERVAL_S": "0.5", **overrides}
        log = tmp_path / f"{name}.log"
        worker = WorkerProcess(
            name, kafka_bootstrap, log, instance_id=instance_id, env=env
        )
        started.append(worker)
        return worker

    yield start
    # SIGTERM first: a static member that is killed stays in its group for a
    # session (60 s), and the next test's replica would wait that out.
    for worker in started:
        worker.terminate()
    for worker in started:
        worker.stop()


async def _lag(settings, group: str, topic: str) -> int:
    """Messages of `topic` not yet committed by `group`, as the workers report it."""
    probe = LagProbe(settings, group)
    try:
        return sum((await probe.topic_lag(topic)).values())
    except GroupCoordinatorNotAvailableError:
        return -1  # a fresh broker is still creating __consumer_offsets: unknown yet
    finally:
        await probe.close()


async def count_keys(
    settings, topic: str, wanted: set[bytes], isolation: Isolation = "read_committed"
) -> Counter[bytes]:
    """How often each wanted key appears on `topic`, once all are there."""
    async with asyncio.timeout(RECV_TIMEOUT * 2):
        while True:
            keys = [
                r.key
                async for r in read_topic(
                    settings, topic, idle_timeout=5.0, isolation_level=isolation
                )
                if r.key in wanted
            ]
            if wanted <= set(keys):
                return Counter(keys)
            await asyncio.sleep(1)  # idle before all arrived: read again


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
