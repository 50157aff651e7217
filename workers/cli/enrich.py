"""`newsenrich enrich`: the workers' own stages in-process, JSONL in, JSONL out.

Each line goes through the same decode/validate/enrich path as on Kafka, so a line
that a worker would dead-letter is reported on stderr with the same reason.
"""

import json
import sys
from collections.abc import Iterable, Iterator
from itertools import islice
from typing import Any, TextIO

from workers.pipeline import build_stage, stages_through
from workers.runtime.process import Enriched, Rejected, chain
from workers.runtime.settings import RuntimeSettings, load_settings
from workers.runtime.stage import Stage, freeze_built_objects

BATCH = 64
PROGRESS_EVERY = 1_000


def enrich_stream(
    source: Iterable[bytes], out: TextIO, err: TextIO, last_stage: str
) -> int:
    """Enrich every line of raw bytes; returns 1 if any line was rejected, else 0."""
    settings = load_settings(RuntimeSettings)
    stages = [build_stage(name) for name in stages_through(last_stage)]
    freeze_built_objects()
    done = rejected = 0
    for batch in _batches(source):
        for line_number, outcome in _run(stages, batch, settings.max_message_bytes):
            if isinstance(outcome, bytes):
                out.write(outcome.decode("utf-8") + "\n")
            else:
                rejected += 1
                err.write(
                    json.dumps(
                        {
                            "line": line_number,
                            "stage": outcome[0],
                            "reason": outcome[1].reason.value,
                            "error": outcome[1].error,
                        }
                    )
                    + "\n"
                )
            done += 1
            if done % PROGRESS_EVERY == 0 and err is sys.stderr and err.isatty():
                err.write(f"… {done} articles\n")
    err.write(f"enriched {done - rejected} article(s), rejected {rejected}\n")
    return 1 if rejected else 0


def _batches(source: Iterable[bytes]) -> Iterator[list[tuple[int, bytes]]]:
    numbered = ((n, line) for n, line in enumerate(source, 1) if line.strip())
    while batch := list(islice(numbered, BATCH)):
        yield batch


def _run(
    stages: list[Stage[Any, Any]], batch: list[tuple[int, bytes]], max_bytes: int
) -> Iterator[tuple[int, bytes | tuple[str, Rejected]]]:
    """Each line's enriched JSON, or the stage that rejected it and why."""
    alive = batch
    values = [value for _, value in batch]
    for stage, _, outcomes in chain(stages, values, max_bytes, len(batch)):
        survivors = []
        for (line_number, _), outcome in zip(alive, outcomes, strict=True):
            if isinstance(outcome, Enriched):
                survivors.append((line_number, outcome.value))
            else:
                yield line_number, (stage.name, outcome)
        alive = survivors
    yield from alive
