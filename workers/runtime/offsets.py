"""Which offset a commit holds: faust's accounting, corrected where it lags outputs.

faust commits, per source partition, one past the longest run of acked offsets,
bridging the offsets it never delivers (transaction markers, aborted or
compacted records) with "gaps" it records on reading. Two faults there let a
commit hold fewer offsets than the outputs it commits (issue 27,
docs/reliability.md; faust-streaming/faust#606):

- `_add_gap` stores the gap one offset too long, so the record after a marker
  counts as a gap and again as an ack; the run stops at the repeated offset, and
  the commit holds the offsets up to that record only.
- after a record at offset 0, a gap is not recorded at all, and the run stops
  at the marker behind it.

Under exactly_once a commit is one transaction holding the partition's outputs
so far with its offsets: outputs of records past the committed offset become
visible, and a kill before the next commit has them redone, committed twice.
At least once, the same lag only makes a kill redo one commit interval more.
"""

from faust.transport.drivers import aiokafka as faust_aiokafka
from faust.types import TP


class OffsetConsumer(faust_aiokafka.Consumer):
    """faust's consumer, with gaps of the right length and, when every commit
    runs between batches, the commit offset that follows from that."""

    #: Set when commits only run between batches (`workers.runtime.transactions`):
    #: each partition's records are handed out in order and a batch is acked
    #: whole, so every record below the highest acked one is acked too.
    commits_between_batches = False

    async def _add_gap(self, tp: TP, offset_from: int, offset_to: int) -> None:
        # faust passes the offset of the record after the gap as its last one.
        await super()._add_gap(tp, offset_from, offset_to - 1)

    def _new_offset(self, tp: TP) -> int | None:
        if not self.commits_between_batches:
            return super()._new_offset(tp)
        acked = self._acked[tp]
        if not acked:
            return None
        offset = max(acked) + 1
        acked.clear()
        self._acked_index[tp].clear()
        self._gap[tp].chop(0, offset)
        return offset
