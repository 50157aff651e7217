"""Optionally watch the end-to-end run with Prometheus and draw the dashboard."""

import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from ops.dashboard import render
from ops.kafka.broker import default_cache_dir
from ops.prometheus_local import LocalPrometheus
from ops.worker_process import WorkerProcess


@contextmanager
def watched(workers: dict[str, WorkerProcess], picture: Path | None) -> Iterator[None]:
    """Scrape `workers` while the block runs, then draw `picture` (if asked)."""
    if picture is None:
        yield
        return
    with LocalPrometheus(default_cache_dir() / "bench" / "prometheus") as prometheus:
        prometheus.set_targets({n: [w.metrics_port] for n, w in workers.items()})
        started = time.time()
        yield
        time.sleep(5)  # the last scrapes
        drawn = render(prometheus.url, picture, started, time.time(), step=2.0)
        empty = [title for title, count in drawn.items() if not count]
        missing = ", ".join(empty) or "none"
        print(f"[bench] dashboard drawn to {picture}; panels without data: {missing}")
