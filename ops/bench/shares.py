"""Where a worker's CPU goes, step by step, from a py-spy profile of it.

    py-spy record --pid PID --subprocesses --nonblocking --rate 250 \\
        --duration 8 --format raw -o worker.txt      # while it drains a backlog
    python -m ops.bench.shares worker.txt

Each sample is given to the first step in STEPS that any frame of its stack
belongs to (so the consumer thread's own event loop counts as fetching). Shares
are of all samples of the worker and its enrichment child together; "cores" is
samples over those of one thread busy throughout. py-spy is not a dependency of the
project (pip install py-spy).
"""

import argparse
import sys
from collections import Counter
from pathlib import Path

# (step, the frame texts that mark it); the first step that matches wins.
STEPS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("decode and validate (pydantic)", ("model_validate_json",)),
    ("encode (pydantic) and trace", ("_outcome (workers/runtime/process.py",)),
    ("enrich (the stage's own work)", ("enrich_many",)),
    (
        "move batches to and from the child",
        (
            "multiprocessing/",
            "concurrent/futures/process.py",
            "workers/runtime/offload.py",
            "_UnixWritePipeTransport",
            "_UnixReadPipeTransport",
        ),
    ),
    (
        "produce (send, batch, request)",
        ("aiokafka/producer", "Producer.send", "_send (workers"),
    ),
    ("ack", ("ack_all", ".ack (")),
    (
        "fetch (consumer thread, records)",
        ("aiokafka/consumer", "drivers/aiokafka.py", "mode/threads.py"),
    ),
    (
        "faust stream, per event",
        ("faust/streams.py", "faust/transport/", "faust/agents"),
    ),
    ("metrics", ("prometheus_client",)),
    ("socket I/O (asyncio, aiokafka conn)", ("selector_events.py", "aiokafka/conn.py")),
    ("event loop (select, callbacks)", ("asyncio/", "selectors.py")),
)
OTHER = "other"


def step_of(frames: list[str]) -> str:
    """The step a sample's stack (outermost frame first) belongs to."""
    for step, marks in STEPS:
        if any(mark in frame for frame in frames for mark in marks):
            return step
    return OTHER


def shares(lines: list[str]) -> tuple[Counter[str], int]:
    """Samples per step, and all samples, from py-spy's raw (collapsed) output."""
    counted: Counter[str] = Counter()
    total = 0
    for line in lines:
        stack, _, count = line.rstrip().rpartition(" ")
        if not stack or not count.isdigit():
            continue
        samples = int(count)
        total += samples
        counted[step_of(stack.split(";"))] += samples
    return counted, total


def main(argv: list[str] | None = None) -> int:
    """Print each step's share of the profile."""
    parser = argparse.ArgumentParser(
        prog="python -m ops.bench.shares", description=__doc__
    )
    parser.add_argument("profile", type=Path, help="py-spy record --format raw output")
    parser.add_argument("--rate", type=int, default=250, help="py-spy's --rate")
    parser.add_argument(
        "--seconds", type=float, default=8.0, help="py-spy's --duration"
    )
    args = parser.parse_args(argv)
    try:
        lines = args.profile.read_text(encoding="utf-8").splitlines()
    except OSError as error:
        print(f"shares: cannot read {args.profile}: {error}", file=sys.stderr)
        return 2
    counted, total = shares(lines)
    if not total:
        print(f"shares: no samples in {args.profile}", file=sys.stderr)
        return 1
    per_core = args.rate * args.seconds
    print(f"{'step':40} {'share':>6} {'cores':>6}")
    for step, samples in counted.most_common():
        print(f"{step:40} {samples / total:>6.1%} {samples / per_core:>6.2f}")
    print(f"{'all':40} {1:>6.0%} {total / per_core:>6.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
