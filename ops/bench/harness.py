"""A fresh local broker and worker processes for the benchmark, and what they emit."""

import asyncio
import json
import shutil
import signal
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from ops.kafka import broker
from ops.worker_process import WorkerProcess
from topics.spec import TopicSpec
from workers.runtime.clients import end_offsets, publish, read_topic
from workers.runtime.settings import RuntimeSettings
from workers.runtime.topics import create_topics

OUTPUT_TIMEOUT_S = 900.0


@dataclass
class Bench:
    """The broker's settings, where logs go, and the workers started."""

    settings: RuntimeSettings
    logs: Path
    workers: list[WorkerProcess] = field(default_factory=list)

    def start(
        self,
        name: str,
        module: str,
        env: dict[str, str] | None = None,
        cwd: Path | None = None,
    ) -> WorkerProcess:
        """`python -m MODULE` against the bench broker, `env` added to ours; `cwd`:
        another checkout, whose code it then runs."""
        worker = WorkerProcess(
            name,
            self.settings.kafka_bootstrap_servers,
            self.logs / f"{name}-{len(self.workers)}.log",
            module=module,
            env=env,
            cwd=cwd,
        )
        self.workers.append(worker)
        return worker

    def publish(self, topic: str, records: list[tuple[bytes, bytes]]) -> None:
        """Publish and wait for the broker's acknowledgements."""
        asyncio.run(publish(self.settings, topic, [(k, v, ()) for k, v in records]))

    def end_offsets(self, topic: str) -> dict[int, int]:
        """Where `topic` ends now, per partition: read from here after a run."""
        return asyncio.run(end_offsets(self.settings, topic))

    def timestamps(
        self, topic: str, keys: set[bytes], after: dict[int, int] | None = None
    ) -> dict[bytes, int]:
        """Broker timestamps (ms) of the first record of each key, once all are in.

        With `after` (offsets taken before the run), nothing is read until the
        topic holds that many more records: a reader chasing the workers would
        take their CPU on a small machine and lower the rate it measures.
        """
        return asyncio.run(self._timestamps(topic, keys, after))

    async def _timestamps(
        self, topic: str, keys: set[bytes], after: dict[int, int] | None
    ) -> dict[bytes, int]:
        found: dict[bytes, int] = {}
        async with asyncio.timeout(OUTPUT_TIMEOUT_S):
            if after is not None:
                await end_offsets(
                    self.settings, topic, until=self._holds(after, len(keys))
                )
            async for record in read_topic(self.settings, topic, start=after):
                if record.key in keys and record.key not in found:
                    found[record.key] = record.timestamp_ms
                    if len(found) == len(keys):
                        return found
                self._check_alive()
        raise AssertionError("unreachable")

    def _holds(
        self, after: dict[int, int], count: int
    ) -> Callable[[dict[int, int]], bool]:
        def holds(ends: dict[int, int]) -> bool:
            self._check_alive()
            return sum(end - after.get(p, 0) for p, end in ends.items()) >= count

        return holds

    def _check_alive(self) -> None:
        for worker in self.workers:
            code = worker.process.poll()
            if code not in (None, 0, -signal.SIGTERM):
                raise RuntimeError(f"{worker.name} exited {code}; see {worker.log}")


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
