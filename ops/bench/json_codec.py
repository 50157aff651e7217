"""Would a faster JSON library pay? pydantic's own JSON against orjson, per record.

    pip install orjson==3.13.0        # not a dependency: only this trial needs it
    python -m ops.bench.json_codec --articles 300

Decodes and encodes each topic's real records (the BBC articles through the
stages, as the bench builds them) both ways and prints microseconds per record:
decoding is the worker's parse and validation of its input, encoding its
output's JSON. The built models are frozen out of the collector's way first, as
the worker does.
"""

import argparse
import gc
import importlib
import statistics
import sys
import time
from collections.abc import Callable
from typing import Any

from ops.bench.inprocess import load_articles, prepare
from ops.bench.run import BBC, SAMPLE
from topics.registry import WORKER_NAMES
from workers.runtime.stage import DEFAULT_BATCH

ROUNDS = 5


def per_record_us(work: Callable[[], object], records: int) -> float:
    """Median microseconds per record of `work` over ROUNDS timed runs."""
    taken = []
    for _ in range(ROUNDS):
        started = time.perf_counter()
        work()
        taken.append((time.perf_counter() - started) / records * 1e6)
    return statistics.median(taken)


def costs(model: Any, values: list[bytes], orjson: Any) -> tuple[float, ...]:
    """Decode with pydantic, with orjson then validation; encode likewise."""
    count = len(values)
    records = [model.model_validate_json(v) for v in values]
    return (
        per_record_us(lambda: [model.model_validate_json(v) for v in values], count),
        per_record_us(
            lambda: [model.model_validate(orjson.loads(v)) for v in values], count
        ),
        per_record_us(lambda: [r.model_dump_json() for r in records], count),
        per_record_us(
            lambda: [orjson.dumps(r.model_dump(mode="json")) for r in records], count
        ),
    )


def main(argv: list[str] | None = None) -> int:
    """Print decode and encode costs per stage input, pydantic and orjson."""
    parser = argparse.ArgumentParser(
        prog="python -m ops.bench.json_codec", description=__doc__
    )
    parser.add_argument("--articles", type=int, default=300)
    args = parser.parse_args(argv)
    try:
        orjson: Any = importlib.import_module("orjson")
    except ModuleNotFoundError:
        print("json_codec: pip install orjson==3.13.0 first", file=sys.stderr)
        return 2
    if not BBC.exists():
        print(f"json_codec: {BBC} not found", file=sys.stderr)
        return 2
    raw = load_articles([SAMPLE, BBC], args.articles)
    work = prepare(raw, DEFAULT_BATCH, {}, lambda _: None)
    gc.freeze()
    columns = ("decode: pydantic", "orjson+validate", "encode: pydantic", "orjson")
    print(f"{'stage input':12} {'KB':>5} " + " ".join(f"{c:>17}" for c in columns))
    for name in WORKER_NAMES:
        values = work[name].values
        kb = sum(map(len, values)) / len(values) / 1000
        figures = costs(work[name].stage.input_model, values, orjson)
        print(f"{name:12} {kb:>5.1f} " + " ".join(f"{f:>17.1f}" for f in figures))
    print("(microseconds per record, median of 5 rounds)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
