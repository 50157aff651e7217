"""The commit offset past transaction markers (issue 27's committed duplicates)."""

import faust
import pytest
from faust.transport.drivers import aiokafka as faust_aiokafka
from faust.types import TP

from workers.runtime.offsets import OffsetConsumer

SOURCE = TP("news.article.entities.v1", 0)


def _consumer(kind: type[faust_aiokafka.Consumer]) -> faust_aiokafka.Consumer:
    app = faust.App("offsets-test", broker="kafka://127.0.0.1:9", autodiscover=False)
    app.transport.Consumer = kind  # type: ignore[misc]
    return app.consumer  # type: ignore[return-value]  # built, never started


@pytest.fixture
def consumer() -> OffsetConsumer:
    built = _consumer(OffsetConsumer)
    assert isinstance(built, OffsetConsumer)
    return built


async def _read_past_marker(consumer: faust_aiokafka.Consumer) -> None:
    """379 read and acked, a commit marker at 380, then 381..383 read and acked,
    as faust's reader reports them: the gap from the offset after the last one
    read to the offset of the record after the gap."""
    consumer._acked[SOURCE].append(379)
    await consumer._add_gap(SOURCE, 380, 381)
    consumer._acked[SOURCE].extend([381, 382, 383])


async def test_a_commit_marker_does_not_hold_the_offset_back(consumer):
    await _read_past_marker(consumer)
    assert consumer._new_offset(SOURCE) == 384


async def test_faust_alone_still_stops_at_the_record_after_a_marker():
    """When this fails, faust has fixed `_add_gap`: drop our correction."""
    stock = _consumer(faust_aiokafka.Consumer)
    await _read_past_marker(stock)
    assert stock._new_offset(SOURCE) == 382


async def test_between_batches_every_record_below_the_highest_ack_is_done(consumer):
    # faust records no gap after a record at offset 0: marker at 1, nothing said.
    consumer.commits_between_batches = True
    consumer._acked[SOURCE].extend([0, 2, 3])
    assert consumer._new_offset(SOURCE) == 4
    assert consumer._new_offset(SOURCE) is None  # nothing acked since
    consumer._acked[SOURCE].append(5)
    assert consumer._new_offset(SOURCE) == 6


async def test_out_of_batch_acks_keep_faust_s_contiguous_run(consumer):
    # At least once, acks may run ahead of an unacked record: that one holds.
    consumer._acked[SOURCE].extend([10, 11, 13])
    assert consumer._new_offset(SOURCE) == 12
