"""Bytes per article on each topic, as JSON and as each codec would send it.

The producer compresses a batch of records together; the figures compress the
records' values in batches of `NEWS_BATCH_SIZE` with aiokafka's own codec
functions (cramjam), leaving out the record and batch headers, which are the
same with or without compression.
"""

from collections.abc import Callable, Sequence

from aiokafka import codec

CODECS: dict[str, Callable[[bytes], bytes]] = {
    "gzip": codec.gzip_encode,
    "snappy": codec.snappy_encode,
    "lz4": codec.lz4_encode,
    "zstd": codec.zstd_encode,
}


def bytes_per_record(values: Sequence[bytes], batch: int) -> dict[str, float]:
    """Mean bytes per record: "none" (the JSON), then each codec on batches."""
    if not values:
        return {}
    batches = [b"".join(values[i : i + batch]) for i in range(0, len(values), batch)]
    sizes = {"none": float(sum(map(len, values)))}
    for name, encode in CODECS.items():
        sizes[name] = float(sum(len(encode(chunk)) for chunk in batches))
    return {name: size / len(values) for name, size in sizes.items()}
