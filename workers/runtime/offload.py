"""Where a worker enriches its batches: a thread, or a forked child process.

A thread keeps the event loop free for heartbeats, but shares the GIL with it: for
a cheap stage the runtime's own per-message work (fetch, send, ack) and the
enrichment then run one after the other. A child process, forked once the
stage's models are loaded (so it shares them, copy-on-write), enriches on the
other core while the event loop fetches, sends and acks (docs/performance.md).

The child is fed through two pipes that the event loop reads and writes itself:
concurrent.futures' process pool moved each batch through a feeder thread and a
manager thread, a quarter of a cheap worker's own CPU time (docs/performance.md).
"""

import asyncio
import contextlib
import ctypes
import fcntl
import os
import pickle
import signal
from collections import deque
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from multiprocessing import get_context
from pathlib import Path
from typing import Any, BinaryIO

from workers.runtime.output_metrics import OutputObserver
from workers.runtime.process import Outcome, process_batch
from workers.runtime.stage import ExecutorMode, Stage

# (counter index, label values) for every count the child's records add.
Counts = list[tuple[int, tuple[str, ...]]]

Reply = asyncio.Future[tuple[list[Outcome], Counts]]

_PR_SET_PDEATHSIG = 1
_HEADER_BYTES = 8  # each frame: its length, then a pickle
STOP_TIMEOUT_S = 30.0
PIPE_BYTES = 1 << 20


class ChildExited(RuntimeError):
    """The enrichment child is gone (killed, or crashed): the worker must stop."""


class EnrichmentChild:
    """One child forked now, with the stage; it enriches batches in the order sent."""

    def __init__(self, stage: Stage[Any, Any]) -> None:
        requests_read, requests_write = _pipe()
        replies_read, replies_write = _pipe()
        self._process = get_context("fork").Process(
            target=_serve,
            args=(stage, requests_read, replies_write, (requests_write, replies_read)),
            name=f"{stage.name}-enrich",
            daemon=True,
        )
        self._process.start()
        os.close(requests_read)
        os.close(replies_write)
        self._requests: BinaryIO = os.fdopen(requests_write, "wb", buffering=0)
        self._replies: BinaryIO = os.fdopen(replies_read, "rb", buffering=0)
        self._connected: asyncio.Future[None] | None = None
        self._writer: asyncio.WriteTransport | None = None
        self._reading: asyncio.ReadTransport | None = None
        self._reader: asyncio.Task[None] | None = None
        self._waiting: deque[Reply] = deque()
        self._broken: BaseException | None = None

    @property
    def pid(self) -> int | None:
        """The child's process id."""
        return self._process.pid

    async def enrich(
        self, values: Sequence[bytes | None], max_bytes: int
    ) -> tuple[list[Outcome], Counts]:
        """process_batch in the child: its outcomes, and its records' counts."""
        if self._broken is not None:
            raise ChildExited(str(self._broken))
        if self._connected is None:
            self._connected = asyncio.ensure_future(self._connect())
        await self._connected  # batches sent meanwhile wait too, in their order
        assert self._writer is not None  # noqa: S101 - set by _connect
        frame = pickle.dumps((list(values), max_bytes), protocol=5)
        reply: Reply = asyncio.get_running_loop().create_future()
        self._waiting.append(reply)
        # Buffered by the transport when the pipe is full: the loop never blocks.
        self._writer.write(_framed(frame))
        return await reply

    async def _connect(self) -> None:
        """Hand both pipes to the running loop: faust's, started after the fork."""
        loop = asyncio.get_running_loop()
        self._writer, _ = await loop.connect_write_pipe(
            asyncio.Protocol, self._requests
        )
        stream = asyncio.StreamReader()
        self._reading, _ = await loop.connect_read_pipe(
            lambda: asyncio.StreamReaderProtocol(stream), self._replies
        )
        self._reader = asyncio.ensure_future(self._read(stream))

    async def _read(self, stream: asyncio.StreamReader) -> None:
        try:
            while True:
                header = await stream.readexactly(_HEADER_BYTES)
                ok, result = _unpickle(
                    await stream.readexactly(int.from_bytes(header, "big"))
                )
                reply = self._waiting.popleft()
                if not reply.done():
                    if ok:
                        reply.set_result(result)
                    else:
                        reply.set_exception(result)
        except (asyncio.IncompleteReadError, ConnectionError) as error:
            self._fail(ChildExited(f"the enrichment child exited ({error!r})"))
        except BaseException as error:
            self._fail(ChildExited(f"reading the enrichment child failed: {error!r}"))
            raise

    def _fail(self, error: ChildExited) -> None:
        self._broken = error
        while self._waiting:
            reply = self._waiting.popleft()
            if not reply.done():
                reply.set_exception(error)

    def close(self) -> None:
        """End the child's input: it finishes its batch and exits; killed if stuck."""
        try:  # off the loop now, so that a reused descriptor is never watched
            if self._writer is not None and not self._writer.is_closing():
                self._writer.abort()
            if self._reading is not None and not self._reading.is_closing():
                self._reading.close()
        except RuntimeError:  # the loop is closed: nothing watches them any more
            pass
        # Closed here, not when the loop gets round to it: the child must see the
        # end of its input while this thread waits for it below.
        self._requests.close()
        self._replies.close()
        if self._reader is not None:
            self._reader.cancel()
        self._process.join(STOP_TIMEOUT_S)
        if self._process.is_alive():
            self._process.kill()
            self._process.join()

    def __enter__(self) -> "EnrichmentChild":
        return self

    def __exit__(self, *_: object) -> None:
        self.close()


Offload = ThreadPoolExecutor | EnrichmentChild


def _pipe() -> tuple[int, int]:
    """A pipe that holds most of a batch's outcomes (128 records of 9 KB are about
    1.1 MB): the child's write blocked on the default 64 KiB until the loop came
    round to read."""
    read, write = os.pipe()
    # Over a per-user limit the default size is kept: slower, still correct.
    with contextlib.suppress(OSError):
        fcntl.fcntl(write, fcntl.F_SETPIPE_SZ, _pipe_bytes())
    return read, write


def _pipe_bytes() -> int:
    try:
        return min(PIPE_BYTES, int(Path("/proc/sys/fs/pipe-max-size").read_text()))
    except (OSError, ValueError):
        return PIPE_BYTES


def make_executor(stage: Stage[Any, Any], mode: ExecutorMode) -> Offload:
    """One thread, or one child process forked now, before any thread starts."""
    if mode == "thread":
        return ThreadPoolExecutor(max_workers=1, thread_name_prefix=stage.name)
    return EnrichmentChild(stage)


def _serve(
    stage: Stage[Any, Any], requests: int, replies: int, parents: tuple[int, ...]
) -> None:
    """The child: read a batch, enrich it, write the outcomes; until end of input."""
    # Die with the parent, even a parent killed with SIGKILL; leave SIGINT and
    # SIGTERM to it: it stops the child once in-flight batches are done.
    libc = ctypes.CDLL("libc.so.6", use_errno=True)
    libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    for fd in parents:  # the parent's ends: the child must see their end of input
        os.close(fd)
    with os.fdopen(requests, "rb") as inbox, os.fdopen(replies, "wb") as outbox:
        while len(header := inbox.read(_HEADER_BYTES)) == _HEADER_BYTES:
            values, max_bytes = _unpickle(inbox.read(int.from_bytes(header, "big")))
            try:
                reply: tuple[bool, Any] = (
                    True,
                    enrich_in_child(stage, values, max_bytes),
                )
                frame = pickle.dumps(reply, protocol=5)
            except Exception as error:  # noqa: BLE001 - raised again in the parent
                frame = _failure(error)
            outbox.write(_framed(frame))
            outbox.flush()


def _framed(frame: bytes) -> bytes:
    return len(frame).to_bytes(_HEADER_BYTES, "big") + frame


def _unpickle(frame: bytes) -> Any:
    # Both ends are this worker: the parent and the child it forked.
    return pickle.loads(frame)  # noqa: S301


def _failure(error: Exception) -> bytes:
    try:
        return pickle.dumps((False, error), protocol=5)
    except Exception:  # noqa: BLE001 - an exception that cannot be pickled
        return pickle.dumps((False, RuntimeError(repr(error))), protocol=5)


async def enrich_off_loop(
    executor: Offload,
    stage: Stage[Any, Any],
    values: Sequence[bytes | None],
    max_bytes: int,
    output: OutputObserver,
) -> list[Outcome]:
    """process_batch on `executor`; the stage's counters are counted either way."""
    if isinstance(executor, EnrichmentChild):
        outcomes, counts = await executor.enrich(values, max_bytes)
        output.add(counts)
        return outcomes
    loop = asyncio.get_running_loop()
    return await loop.run_in_executor(
        executor, process_batch, stage, values, max_bytes, output.observe
    )


def enrich_in_child(
    stage: Stage[Any, Any], values: Sequence[bytes | None], max_bytes: int
) -> tuple[list[Outcome], Counts]:
    """process_batch in the child; the stage's counts come back as label values."""
    counts: Counts = []

    def observe(record: Any) -> None:
        for index, counter in enumerate(stage.counters):
            counts.extend((index, labels) for labels in counter.values(record))

    return process_batch(stage, values, max_bytes, observe), counts
