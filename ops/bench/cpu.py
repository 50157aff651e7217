"""CPU time per record of each process while a worker drains a backlog.

    python -m ops.bench.cpu --stage credibility --codec none zstd --reps 3

For each configuration (each stage, codec and executor), taken in turn `--reps` times on
one fresh broker: a backlog of `--copies` copies of the stage's real input (the
BBC articles through the stages before it) is published with the codec, the
worker (`python -m workers.NAME`, producing with the same codec) drains it, and
the CPU seconds that the worker, its enrichment child, the broker and this
reader spend between its 500th and its last-but-200th output are divided by the
records in between. Throughput on a shared 2-core machine swings by a third
from run to run; CPU per record is the steadier figure for deciding where a
worker's time goes (docs/performance.md, "The runtime's own cost").
"""

import argparse
import asyncio
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from ops.bench import passthrough
from ops.bench.harness import Bench, bench_broker, with_id
from ops.bench.inprocess import load_articles, prepare
from ops.bench.run import BBC, SAMPLE
from ops.kafka.broker import default_cache_dir
from topics.registry import WORKER_NAMES, WORKER_TOPICS
from workers.runtime.clients import publish, read_topic
from workers.runtime.stage import DEFAULT_BATCH

SKIPPED_HEAD = 500  # the group join and the first batches
SKIPPED_TAIL = 200  # the last batches, which wait for no next one
PROCESSES = ("worker", "child", "broker", "reader")


@dataclass(frozen=True)
class Setup:
    """One configuration: whose input, which worker, codec and executor."""

    stage: str  # a worker's name, or "passthrough" (on --input's records)
    codec: str
    executor: str | None
    checkout: Path | None  # run the worker's code from there (None: this one)

    @property
    def label(self) -> str:
        """How the tables name it."""
        where = f"@{self.checkout}" if self.checkout else ""
        return f"{self.stage}/{self.codec}/{self.executor or 'default'}{where}"


@dataclass(frozen=True)
class Reading:
    """Records per second, and CPU microseconds per record of each process."""

    rate: float
    cpu_us: dict[str, float]


def _cpu_seconds(pid: int) -> float:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _broker_pid() -> int:
    listed = subprocess.run(
        ["pgrep", "-f", "kafka.Kafka"], capture_output=True, text=True, check=False
    ).stdout.split()
    if not listed:
        raise RuntimeError("no Kafka broker process found")
    return int(listed[0])


async def measure(
    bench: Bench, setup: Setup, values: Sequence[bytes], copies: int
) -> Reading:
    """Drain `copies` copies of `values` through the worker; CPU per record."""
    if setup.stage == "passthrough":
        source, sink = passthrough.SOURCE.name, passthrough.SINK.name
        module = "ops.bench.passthrough"
    else:
        source, sink = (topic.name for topic in WORKER_TOPICS[setup.stage])
        module = f"workers.{setup.stage}"
    run = f"cpu{time.monotonic_ns()}"
    records = [with_id(v, f"{run}-{copy}") for copy in range(copies) for v in values]
    settings = bench.settings.model_copy(update={"producer_compression": setup.codec})
    await publish(
        settings, source, [(k, v, ()) for k, v in records], settings.producer_codec
    )
    keys = {key for key, _ in records}
    env = {"NEWS_PRODUCER_COMPRESSION": setup.codec}
    if setup.executor:
        env["NEWS_ENRICH_EXECUTOR"] = setup.executor
    worker = bench.start(setup.stage, module, env, setup.checkout)
    broker = _broker_pid()
    last = len(records) - SKIPPED_TAIL
    seen, pids = 0, dict[str, list[int]]()
    start: tuple[float, dict[str, float]] = (time.monotonic(), _spent(pids))
    try:
        async for record in read_topic(bench.settings, sink, from_beginning=False):
            seen += record.key in keys
            if seen == SKIPPED_HEAD and not pids:
                pids = {
                    "worker": [worker.pid],
                    "child": worker.child_pids(),
                    "broker": [broker],
                    "reader": [os.getpid()],
                }
                start = (time.monotonic(), _spent(pids))
            if seen >= last:
                break
    finally:
        end = (time.monotonic(), _spent(pids))
        worker.stop()
    count = last - SKIPPED_HEAD
    return Reading(
        count / (end[0] - start[0]),
        {name: (end[1][name] - start[1][name]) / count * 1e6 for name in PROCESSES},
    )


def _spent(pids: dict[str, list[int]]) -> dict[str, float]:
    return {name: sum(map(_cpu_seconds, pids.get(name, []))) for name in PROCESSES}


def main(argv: list[str] | None = None) -> int:
    """Print each reading as it comes, then the medians per configuration."""
    parser = argparse.ArgumentParser(
        prog="python -m ops.bench.cpu", description=__doc__
    )
    parser.add_argument("--stage", nargs="+", default=["credibility"])
    parser.add_argument(
        "--input", default=None, help="whose input the pass-through stage moves"
    )
    parser.add_argument("--codec", nargs="+", default=["none"])
    parser.add_argument("--executor", nargs="+", default=[None])
    parser.add_argument(
        "--checkout",
        nargs="+",
        type=Path,
        default=[None],
        help="run the workers from these checkouts (. for this one; a git worktree "
        "of an earlier commit): code compared on one broker, in turn",
    )
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--copies", type=int, default=8)
    parser.add_argument("--reps", type=int, default=3)
    args = parser.parse_args(argv)
    if not BBC.exists():
        print(f"cpu: {BBC} not found (the shared evaluation data)", file=sys.stderr)
        return 2
    setups = [
        Setup(stage, codec, executor, checkout)
        for stage in args.stage
        for codec in args.codec
        for executor in args.executor
        for checkout in args.checkout
    ]
    raw = load_articles([SAMPLE, BBC], args.articles)
    work = prepare(raw, DEFAULT_BATCH, {"entities": 150}, _say)
    inputs = {name: work[name].values for name in WORKER_NAMES}
    inputs["passthrough"] = inputs[args.input or WORKER_NAMES[0]]
    readings: dict[Setup, list[Reading]] = {setup: [] for setup in setups}
    with bench_broker(
        default_cache_dir() / "bench-cpu", [passthrough.SOURCE, passthrough.SINK]
    ) as bench:
        for _ in range(args.reps):
            for setup in setups:
                reading = asyncio.run(
                    measure(bench, setup, inputs[setup.stage], args.copies)
                )
                readings[setup].append(reading)
                print(_line(setup.label, reading), flush=True)
    print("medians:")
    for setup, taken in readings.items():
        median = Reading(
            statistics.median(r.rate for r in taken),
            {
                name: statistics.median(r.cpu_us[name] for r in taken)
                for name in PROCESSES
            },
        )
        print(_line(setup.label, median))
    return 0


def _line(label: str, reading: Reading) -> str:
    parts = ", ".join(f"{name} {reading.cpu_us[name]:,.0f}" for name in PROCESSES)
    total = sum(reading.cpu_us.values())
    return (
        f"{label:36} {reading.rate:>8,.0f}/s  CPU µs/record: {parts}; "
        f"total {total:,.0f}"
    )


def _say(message: str) -> None:
    print(f"[cpu] {message}", file=sys.stderr, flush=True)


if __name__ == "__main__":
    raise SystemExit(main())
