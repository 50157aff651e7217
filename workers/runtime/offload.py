"""Where a worker enriches its batches: a thread, or a forked child process.

A thread keeps the event loop free for heartbeats, but shares the GIL with it: for
a cheap stage the runtime's own per-message work (fetch, send, ack) and the
enrichment then run one after the other. A child process, forked once the
stage's models are loaded (so it shares them, copy-on-write), enriches on the
other core while the event loop fetches, sends and acks (docs/performance.md).
"""

import asyncio
import ctypes
import signal
from collections.abc import Sequence
from concurrent.futures import Executor, ProcessPoolExecutor, ThreadPoolExecutor
from multiprocessing import get_context
from typing import Any

from workers.runtime.output_metrics import OutputObserver
from workers.runtime.process import Outcome, process_batch
from workers.runtime.stage import ExecutorMode, Stage

# (counter index, label values) for every count the child's records add.
Counts = list[tuple[int, tuple[str, ...]]]

_PR_SET_PDEATHSIG = 1
_child_stage: Stage[Any, Any] | None = None  # set before the fork; the child's copy


def make_executor(stage: Stage[Any, Any], mode: ExecutorMode) -> Executor:
    """One thread, or one child process forked now, before any thread starts."""
    if mode == "thread":
        return ThreadPoolExecutor(max_workers=1, thread_name_prefix=stage.name)
    global _child_stage  # the fork copies it into the child
    _child_stage = stage
    pool = ProcessPoolExecutor(
        max_workers=1, mp_context=get_context("fork"), initializer=_in_child
    )
    pool.submit(int).result()  # fork now, before faust and /metrics start threads
    return pool


def _in_child() -> None:
    # Die with the parent, even a parent killed with SIGKILL; leave SIGINT and
    # SIGTERM to it: it stops the pool once in-flight batches are done.
    libc = ctypes.CDLL("libc.so.6", use_errno=True)
    libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)


async def enrich_off_loop(
    executor: Executor,
    stage: Stage[Any, Any],
    values: Sequence[bytes | None],
    max_bytes: int,
    output: OutputObserver,
) -> list[Outcome]:
    """process_batch on `executor`; the stage's counters are counted either way."""
    loop = asyncio.get_running_loop()
    if isinstance(executor, ProcessPoolExecutor):
        outcomes, counts = await loop.run_in_executor(
            executor, enrich_in_child, values, max_bytes
        )
        output.add(counts)
        return outcomes
    return await loop.run_in_executor(
        executor, process_batch, stage, values, max_bytes, output.observe
    )


def enrich_in_child(
    values: Sequence[bytes | None], max_bytes: int
) -> tuple[list[Outcome], Counts]:
    """process_batch in the child; the stage's counts come back as label values."""
    stage = _child_stage
    if stage is None:
        raise RuntimeError("no stage: enrich_in_child runs only in a forked child")
    counts: Counts = []

    def observe(record: Any) -> None:
        for index, counter in enumerate(stage.counters):
            counts.extend((index, labels) for labels in counter.values(record))

    return process_batch(stage, values, max_bytes, observe), counts
