"""The exactly_once gate: commits between batches only, none after a half batch."""

import asyncio

import pytest

from workers.runtime.transactions import BatchGate


async def test_a_commit_waits_for_the_batch_in_flight():
    gate = BatchGate()
    order: list[str] = []

    async def commit(*args: object, **kwargs: object) -> bool:
        order.append(f"commit {args} {kwargs}")
        return True

    guarded = gate.guard(commit)
    sending = asyncio.Event()

    async def batch() -> None:
        async with gate.batch():
            order.append("first send")
            sending.set()
            await asyncio.sleep(0.05)  # the rest of the batch, then its acks
            order.append("acked")

    task = asyncio.create_task(batch())
    await sending.wait()
    # faust's rebalance handler commits while the batch is being sent:
    assert await guarded(None, start_new_transaction=False) is True
    await task
    assert order == [
        "first send",
        "acked",
        "commit (None,) {'start_new_transaction': False}",
    ]


async def test_a_batch_stopped_half_way_lets_no_commit_through():
    gate = BatchGate()
    commits: list[object] = []

    async def commit(*args: object, **kwargs: object) -> bool:
        commits.append(args)
        return True

    guarded = gate.guard(commit)
    assert await guarded() is True  # between batches: commits

    async def cancelled_batch() -> None:
        async with gate.batch():
            await asyncio.sleep(10)  # sent some outputs, then shutdown cancels it

    task = asyncio.create_task(cancelled_batch())
    await asyncio.sleep(0.01)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    # Committing now would commit the half batch's outputs without its offsets.
    assert await guarded() is False
    assert len(commits) == 1
