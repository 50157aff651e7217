"""A worker run as a child process, as in production: `python -m workers.NAME`.

The one way the demo, the benchmarks and the tests start workers.
"""

import os
import signal
import subprocess
import sys
import urllib.request
import uuid
from collections.abc import Mapping
from pathlib import Path

from ops.kafka.broker import free_port
from workers.runtime.memory import memory_mb

STOP_TIMEOUT_S = 30.0


class WorkerProcess:
    """One worker process, its log file and its /metrics port."""

    def __init__(
        self,
        name: str,
        bootstrap: str,
        log: Path,
        *,
        instance_id: str | None = None,
        module: str | None = None,
        env: Mapping[str, str] | None = None,
        cwd: Path | None = None,
    ) -> None:
        """Start it. Each replica gets its own static identity unless one is given:
        two live replicas of one worker with the same identity fence each other.
        `cwd`: another checkout of the project, whose code it then runs."""
        self.name = name
        self.bootstrap = bootstrap
        self.log = log
        self.instance_id = instance_id or uuid.uuid4().hex[:8]
        self.metrics_port = free_port()
        with log.open("ab") as out:
            self.process = subprocess.Popen(
                [sys.executable, "-m", module or f"workers.{name}"],
                env={
                    **os.environ,
                    "NEWS_KAFKA_BOOTSTRAP_SERVERS": bootstrap,
                    "NEWS_METRICS_PORT": str(self.metrics_port),
                    "NEWS_LOG_FORMAT": "text",
                    "NEWS_INSTANCE_ID": self.instance_id,
                    **(env or {}),
                },
                stdout=out,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                cwd=cwd,
            )

    @property
    def pid(self) -> int:
        """The worker's process id."""
        return self.process.pid

    def running(self) -> bool:
        """Whether the process has not exited yet."""
        return self.process.poll() is None

    def terminate(self) -> None:
        """SIGTERM: the worker finishes its in-flight batches and exits."""
        if self.running():
            self.process.send_signal(signal.SIGTERM)

    def stop(self, timeout: float = STOP_TIMEOUT_S) -> int:
        """SIGTERM and wait; SIGKILL if it has not gone in `timeout`. The exit code."""
        self.terminate()
        try:
            return self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            return self.kill()

    def kill(self) -> int:
        """SIGKILL and wait; the exit code."""
        if self.running():
            self.process.kill()
        return self.process.wait()

    def metric(self, name: str, labels: Mapping[str, str]) -> float | None:
        """A sample value from the worker's /metrics; None if absent."""
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

    def peak_rss_mb(self) -> float:
        """VmHWM of the worker and its enrichment child, in MB, added up.

        An upper bound: pages the child shares with its parent (the models, forked
        copy-on-write) are counted in both.
        """
        return sum(peak_rss_mb(p) for p in [self.pid, *self.child_pids()])

    def child_pids(self) -> list[int]:
        """The processes the worker forked (its enrichment child), from /proc."""
        pid = self.pid
        return [
            int(c) for c in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
        ]

    def log_tail(self, chars: int = 3000) -> str:
        """The end of the worker's log, for error messages."""
        return self.log.read_text(errors="replace")[-chars:]


def peak_rss_mb(pid: int) -> float:
    """A process's peak resident memory (VmHWM) in MB; NaN when it reports none."""
    return memory_mb(pid, "VmHWM")
