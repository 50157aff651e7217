"""exactly_once commits: only between batches, never a batch's outputs without it.

A faust commit under exactly_once commits, for each source partition whose acked
offsets moved, that partition's transaction: the offsets, and every output sent
under it so far. faust commits from three places: our timer, its rebalance
handler (`Consumer.wait_empty` commits every second while events are unacked),
and its shutdown. The last two ran beside a batch in flight, so a transaction
could commit the first outputs of a batch whose offsets it did not hold; a kill
before the batch's own commit then left those outputs committed and the batch
to be redone: committed duplicates (issue 27, docs/reliability.md; the other
path, offsets lagging outputs past commit markers, is `workers.runtime.offsets`).

`BatchGate` lets one batch at a time run from its first send to its ack, and every
commit only between batches. A batch that stops half-way (an error, a cancel at
shutdown) closes the gate for good: its outputs sit in the open transactions,
and committing them would commit a half batch, so no later commit runs; the
worker is stopping, and the next owner of the partitions fences those
transactions, which aborts them.
"""

import asyncio
import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from typing import Any

logger = logging.getLogger(__name__)

Commit = Callable[..., Awaitable[bool]]


class BatchGate:
    """Batches and commits take turns; a half-done batch stops all commits."""

    def __init__(self) -> None:
        self._turn = asyncio.Lock()
        self._half_done = False

    @asynccontextmanager
    async def batch(self) -> AsyncIterator[None]:
        """Hold the gate from a batch's first send to its last ack."""
        async with self._turn:
            try:
                yield
            except BaseException:
                self._half_done = True
                raise

    def guard(self, commit: Commit) -> Commit:
        """`commit`, run only between batches, and never after a half-done one."""

        async def between_batches(*args: Any, **kwargs: Any) -> bool:
            async with self._turn:
                if self._half_done:
                    logger.warning(
                        "not committing: a batch stopped half-way, and its outputs "
                        "must not commit without it; the next owner of its "
                        "partitions aborts them"
                    )
                    return False
                return await commit(*args, **kwargs)

        return between_batches
