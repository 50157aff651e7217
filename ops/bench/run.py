"""Run every measurement in one go and report it as a table and as JSON."""

import argparse
import asyncio
import json
import os
import platform
import statistics
import sys
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from ops.bench import passthrough
from ops.bench.cli import add_arguments
from ops.bench.harness import Bench, bench_broker
from ops.bench.inprocess import (
    StageInput,
    StageWork,
    inprocess_rates,
    load_articles,
    prepare,
)
from ops.bench.measure import KafkaRate, Latency, end_to_end, kafka_rate, skip_to_end
from ops.bench.wire import CODECS, bytes_per_record
from ops.kafka.broker import default_cache_dir
from topics.registry import WORKER_NAMES, WORKER_TOPICS
from workers.runtime.membership import consumer_group
from workers.runtime.settings import RuntimeSettings
from workers.runtime.stage import DEFAULT_BATCH

ROOT = Path(__file__).resolve().parents[2]
BBC = ROOT.parent / "shared" / "data" / "news_bbc_2004_2005" / "bbc_dev.jsonl"
SAMPLE = ROOT / "tests" / "fixtures" / "congluan-xi-shoigu-fr.txt"


@dataclass(frozen=True)
class Options:
    """What to measure, and how much of it."""

    articles: int
    entities_articles: int
    rounds: int
    e2e_seconds: float
    json_out: Path | None
    dashboard: Path | None


def run(options: Options) -> dict[str, Any]:
    """Measure everything; returns the report (the bench.json shape)."""
    settings = RuntimeSettings()
    raw = load_articles([SAMPLE, BBC], options.articles)
    _say(f"{len(raw)} articles ({BBC.name} and the sample); building the stages")
    limits = {"entities": options.entities_articles}
    work = prepare(raw, DEFAULT_BATCH, limits, _say)
    batches = {n: settings.batch_for(work[n].stage.batch_size) for n in WORKER_NAMES}
    inputs: dict[str, StageInput] = {}
    rates: dict[str, KafkaRate] = {}
    through: dict[str, KafkaRate] = {}
    with bench_broker(
        default_cache_dir() / "bench", [passthrough.SOURCE, passthrough.SINK]
    ) as bench:
        # Reverse order: a stage's output lands only in topics already measured.
        for name in reversed(WORKER_NAMES):
            # The machine drifts: the in-process rounds bracket the Kafka runs
            # they are compared with, and the ceiling is measured beside them.
            before = inprocess_rates(work[name], batches[name], options.rounds)
            rates[name] = _stage(bench, name, work[name], options.rounds)
            if name == "entities":
                scaled = _stage(bench, name, work[name], options.rounds, processes=2)
            # The ceiling of each stage: its own input moved with no work. A 9 KB
            # record costs the broker and the client more than a 2.4 KB article.
            through[name] = _passthrough(
                bench, name, work[name].values, options.rounds, batches[name]
            )
            after = inprocess_rates(work[name], batches[name], options.rounds)
            inputs[name] = StageInput(
                work[name].values, statistics.median(before + after)
            )
            _say(
                f"{name}: in-process {inputs[name].inprocess_rate:,.1f}/s (rounds "
                f"{_listed(before + after)}), Kafka ratio "
                f"{rates[name].rate / inputs[name].inprocess_rate:.2f}, "
                f"pass-through ratio {rates[name].rate / through[name].rate:.2f}"
            )
        capacity = min(rate.rate for rate in rates.values())
        offered = capacity / 2
        latency = _end_to_end(bench, raw, offered, options)
    report = _report(inputs, rates, scaled, through, latency, offered, options)
    report["wire_bytes_per_article"] = _wire(raw, work, batches)
    return report


def _wire(
    raw: list[bytes], work: dict[str, StageWork], batches: dict[str, int]
) -> dict[str, dict[str, float]]:
    """Each topic's bytes per article, uncompressed and per codec, in the batches
    (`batches`, by stage) of the stage that produces it."""
    topics = {WORKER_TOPICS[WORKER_NAMES[0]][0].name: (raw, DEFAULT_BATCH)}
    topics |= {
        WORKER_TOPICS[name][1].name: (work[name].outputs, batches[name])
        for name in WORKER_NAMES
    }
    return {
        topic: {codec: round(size) for codec, size in sizes.items()}
        for topic, (values, batch) in topics.items()
        if (sizes := bytes_per_record(values, batch))
    }


def _stage(
    bench: Bench, name: str, work: StageWork, rounds: int, processes: int = 1
) -> KafkaRate:
    source, sink = (topic.name for topic in WORKER_TOPICS[name])
    measured = kafka_rate(
        bench,
        name,
        f"workers.{name}",
        (source, sink),
        work.values,
        rounds,
        processes,
    )
    _say(
        f"{name} ×{processes}: {measured.rate:,.1f}/s on Kafka "
        f"(rounds {_listed(measured.rounds)}), "
        f"peak RSS {measured.rss_mb:,.0f} MB"
    )
    return measured


def _passthrough(
    bench: Bench, name: str, values: list[bytes], rounds: int, batch: int
) -> KafkaRate:
    """The runtime moving `values` with no work, in the batches `name` takes."""
    topics = (passthrough.SOURCE.name, passthrough.SINK.name)
    env = {"NEWS_BATCH_SIZE": str(batch)}
    measured = kafka_rate(
        bench, "passthrough", "ops.bench.passthrough", topics, values, rounds, env=env
    )
    _say(
        f"pass-through of {name}'s input ({_mean_kb(values):.1f} KB/record): "
        f"{measured.rate:,.0f}/s (rounds {_listed(measured.rounds)})"
    )
    return measured


def _end_to_end(
    bench: Bench, raw: list[bytes], offered: float, options: Options
) -> Latency:
    from ops.bench.dashboard import watched  # local: needs Prometheus only if asked

    for name, (source, _) in WORKER_TOPICS.items():
        asyncio.run(skip_to_end(bench.settings, consumer_group(name), source))
    workers = {name: bench.start(name, f"workers.{name}") for name in WORKER_NAMES}
    with watched(workers, options.dashboard):
        end_to_end(bench, raw[:1], 1.0, 1.0)  # warm-up: every worker up and joined
        _say(f"end to end at {offered:,.1f} articles/s for {options.e2e_seconds:.0f} s")
        started = time.monotonic()
        latency = end_to_end(bench, raw, offered, options.e2e_seconds)
        _say(
            f"latency p50 {latency.p50:.3f} s, p95 {latency.p95:.3f} s, "
            f"p99 {latency.p99:.3f} s over {latency.count} articles "
            f"({time.monotonic() - started:.0f} s)"
        )
    return latency


def _report(
    inputs: dict[str, StageInput],
    rates: dict[str, KafkaRate],
    scaled: KafkaRate,
    through: dict[str, KafkaRate],
    latency: Latency,
    offered: float,
    options: Options,
) -> dict[str, Any]:
    return {
        "stages": {
            name: {
                "kafka_rate": round(rates[name].rate, 1),
                "inprocess_rate": round(inputs[name].inprocess_rate, 1),
                "ratio": round(rates[name].rate / inputs[name].inprocess_rate, 3),
                "articles": len(inputs[name].values),
                "record_kb": round(_mean_kb(inputs[name].values), 1),
                "passthrough_rate": round(through[name].rate, 1),
                "passthrough_ratio": round(rates[name].rate / through[name].rate, 3),
            }
            for name in WORKER_NAMES
        },
        # Raw articles (the first stage's input), as in the runs before per-stage
        # pass-through was measured: comparable from run to run.
        "passthrough_rate": round(through[WORKER_NAMES[0]].rate, 1),
        "e2e_latency_s": {
            "p50": round(latency.p50, 3),
            "p95": round(latency.p95, 3),
            "p99": round(latency.p99, 3),
        },
        "offered_load": round(offered, 2),
        "rss_mb": {name: round(rates[name].rss_mb) for name in WORKER_NAMES},
        "scaling_entities": {
            "procs_1": round(rates["entities"].rate, 1),
            "procs_2": round(scaled.rate, 1),
            "ratio": round(scaled.rate / rates["entities"].rate, 3),
        },
        "rounds": options.rounds,
        "machine": _machine(),
        "date": datetime.now(UTC).strftime("%Y-%m-%d"),
    }


def _listed(rates: list[float]) -> str:
    return ", ".join(f"{rate:,.1f}" for rate in rates)


def _mean_kb(values: list[bytes]) -> float:
    return sum(map(len, values)) / len(values) / 1000


def _machine() -> str:
    cpu = "unknown CPU"
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    memory_kb = int(Path("/proc/meminfo").read_text().split()[1])
    return (
        f"{os.cpu_count()} cores ({cpu}), {memory_kb / 1024**2:.0f} GiB, "
        f"Linux {platform.release()}, Python {platform.python_version()}"
    )


def table(report: dict[str, Any]) -> str:
    """The report as a readable table."""
    lines = [
        f"{'stage':12} {'kafka/s':>10} {'in-process/s':>13} {'ratio':>6} "
        f"{'pass-through/s':>15} {'ratio':>6} {'KB':>5} {'RSS MB':>7}",
    ]
    for name, row in report["stages"].items():
        lines.append(
            f"{name:12} {row['kafka_rate']:>10,.1f} {row['inprocess_rate']:>13,.1f} "
            f"{row['ratio']:>6.2f} {row['passthrough_rate']:>15,.1f} "
            f"{row['passthrough_ratio']:>6.2f} {row['record_kb']:>5.1f} "
            f"{report['rss_mb'][name]:>7,}"
        )
    latency = report["e2e_latency_s"]
    scaling = report["scaling_entities"]
    lines += [
        f"pass-through of raw articles (no work): {report['passthrough_rate']:,.1f}/s",
        f"end to end at {report['offered_load']}/s: p50 {latency['p50']} s, "
        f"p95 {latency['p95']} s, p99 {latency['p99']} s",
        f"entities: 1 process {scaling['procs_1']}/s, 2 processes "
        f"{scaling['procs_2']}/s, ×{scaling['ratio']}",
        f"machine: {report['machine']}; {report['date']}",
    ]
    wire = report.get("wire_bytes_per_article", {})
    if wire:
        codecs = ["none", *CODECS]
        lines.append(
            f"{'bytes/article':28} " + " ".join(f"{codec:>7}" for codec in codecs)
        )
        lines += [
            f"{topic:28} " + " ".join(f"{sizes[codec]:>7,}" for codec in codecs)
            for topic, sizes in wire.items()
        ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """`newsenrich bench` / `python -m ops.bench`."""
    parser = argparse.ArgumentParser(prog="newsenrich bench", description=__doc__)
    add_arguments(parser)
    return execute(parser.parse_args(argv))


def execute(args: argparse.Namespace) -> int:
    """Run with parsed arguments; print the table, write the JSON."""
    if not BBC.exists():
        print(f"bench: {BBC} not found (the shared evaluation data)", file=sys.stderr)
        return 2
    options = Options(
        args.articles,
        args.entities_articles,
        args.rounds,
        args.e2e_seconds,
        args.json,
        args.dashboard,
    )
    report = run(options)
    print(table(report))
    if options.json_out:
        options.json_out.write_text(
            json.dumps(report, indent=2) + "\n", encoding="utf-8"
        )
        print(f"wrote {options.json_out}")
    return 0


def _say(message: str) -> None:
    print(f"[bench] {message}", file=sys.stderr, flush=True)
