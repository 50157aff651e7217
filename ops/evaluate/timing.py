"""Timing helpers shared by the evaluation scripts: rates as medians of rounds."""

import statistics
import time
from collections.abc import Callable, Sequence
from typing import TypeVar

T = TypeVar("T")


def median_rate(
    process: Callable[[T], object], items: Sequence[T], rounds: int = 3
) -> float:
    """Items/s through `process`: the median of `rounds` passes (noisy machines)."""
    rates = []
    for _ in range(rounds):
        started = time.perf_counter()
        for item in items:
            process(item)
        rates.append(len(items) / (time.perf_counter() - started))
    return statistics.median(rates)
