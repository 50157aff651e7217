"""A fresh local broker and worker processes for the benchmark, and what they emit."""

import asyncio
import json
import os
import shutil
import signal
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from ops.kafka import broker
from topics.spec import TopicSpec
from workers.runtime.clients import publish, read_topic
from workers.runtime.settings import RuntimeSettings
from workers.runtime.topics import create_topics

STOP_TIMEOUT_S = 30.0
OUTPUT_TIMEOUT_S = 900.0


@dataclass
class Worker:
    """One worker process and its /metrics port."""

    name: str
    process: subprocess.Popen[bytes]
    metrics_port: int

    def peak_rss_mb(self) -> float:
        """VmHWM of the worker and its enrichment child, in MB, added up.

        An upper bound: pages the child shares with its parent (the models, forked
        copy-on-write) are counted in both.
        """
        pid = self.process.pid
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
        return sum(peak_rss_mb(p) for p in [pid, *map(int, children)])

    def stop(self) -> None:
        """SIGTERM, wait, kill if it will not go."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=STOP_TIMEOUT_S)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def peak_rss_mb(pid: int) -> float:
    """A process's peak resident memory (VmHWM) in MB; NaN when it reports none.

    NaN, not 0: an unknown figure must not pass for a small one (a sum with it
    is unknown too).
    """
    status = Path(f"/proc/{pid}/status").read_text(encoding="utf-8")
    for line in status.splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


@dataclass
class Bench:
    """The broker's settings, where logs go, and the workers started."""

    settings: RuntimeSettings
    logs: Path
    workers: list[Worker] = field(default_factory=list)

    def start(self, name: str, module: str, **env: str) -> Worker:
        """`python -m MODULE` against the bench broker."""
        port = broker.free_port()
        log = (self.logs / f"{name}-{len(self.workers)}.log").open("wb")
        process = subprocess.Popen(
            [sys.executable, "-m", module],
            env={
                **os.environ,
                "NEWS_KAFKA_BOOTSTRAP_SERVERS": self.settings.kafka_bootstrap_servers,
                "NEWS_METRICS_PORT": str(port),
                "NEWS_LOG_FORMAT": "text",
                **env,
            },
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
        )
        worker = Worker(name, process, port)
        self.workers.append(worker)
        return worker

    def publish(self, topic: str, records: list[tuple[bytes, bytes]]) -> None:
        """Publish and wait for the broker's acknowledgements."""
        asyncio.run(publish(self.settings, topic, [(k, v, ()) for k, v in records]))

    def timestamps(self, topic: str, keys: set[bytes]) -> dict[bytes, int]:
        """Broker timestamps (ms) of the first record of each key, once all are in."""
        return asyncio.run(self._timestamps(topic, keys))

    async def _timestamps(self, topic: str, keys: set[bytes]) -> dict[bytes, int]:
        found: dict[bytes, int] = {}
        async with asyncio.timeout(OUTPUT_TIMEOUT_S):
            async for record in read_topic(self.settings, topic):
                if record.key in keys and record.key not in found:
                    found[record.key] = record.timestamp_ms
                    if len(found) == len(keys):
                        return found
                self._check_alive()
        raise AssertionError("unreachable")

    def _check_alive(self) -> None:
        for worker in self.workers:
            if worker.process.poll() is not None and worker.process.returncode not in (
                0,
                -15,
            ):
                raise RuntimeError(
                    f"{worker.name} exited with {worker.process.returncode}; "
                    f"see {self.logs}"
                )


@contextmanager
def bench_broker(home: Path, extra_topics: list[TopicSpec]) -> Iterator[Bench]:
    """A fresh broker in `home` with every topic; all processes stopped at the end."""
    shutil.rmtree(home, ignore_errors=True)
    (home / "logs").mkdir(parents=True)
    state = broker.LocalBroker(home / "kafka").start()
    settings = RuntimeSettings(kafka_bootstrap_servers=state.bootstrap, metrics_port=0)
    bench = Bench(settings, home / "logs")
    try:
        asyncio.run(create_topics(settings))
        asyncio.run(create_topics(settings, extra_topics))
        yield bench
    finally:
        for worker in bench.workers:
            worker.stop()
        broker.stop(home / "kafka")


def with_id(value: bytes, suffix: str) -> tuple[bytes, bytes]:
    """The record with `suffix` appended to its id, keyed by the new id."""
    record = json.loads(value)
    record["id"] = f"{record['id']}#{suffix}"
    return record["id"].encode(), json.dumps(record).encode()
