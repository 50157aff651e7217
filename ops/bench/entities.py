"""Benchmark the entities stage: in-process, through the worker, thread vs process.

    python -m ops.bench.entities --data ../shared/data --articles 300

1. In-process: the stage's batch path (nlp.pipe) on BBC articles, one core.
2. Through the worker: a fresh local broker, the articles published to
   news.article.language.v1, `python -m workers.entities` consuming them; the rate
   is taken between the broker timestamps of the first and last output (model
   loading excluded), with the worker's peak RSS (VmHWM).
3. Event-loop lag: the same batches run in a thread and in a process pool while a
   10 ms ticker on the loop records how late it wakes up (heartbeats, /metrics).
"""

import argparse
import asyncio
import json
import sys
import tempfile
import time
from collections.abc import Sequence
from concurrent.futures import Executor, ProcessPoolExecutor, ThreadPoolExecutor
from pathlib import Path
from typing import Any

from ops.kafka import broker
from ops.worker_process import WorkerProcess
from topics.article import ArticleLanguage, Language
from topics.registry import ARTICLE_ENTITIES, ARTICLE_LANGUAGE
from workers.entities.worker import build_stage
from workers.runtime.clients import publish, read_topic
from workers.runtime.settings import RuntimeSettings
from workers.runtime.stage import Stage
from workers.runtime.topics import create_topics

BATCH = 32
_STAGE = None  # the process pool's own copy, built once per child


def load_articles(data: Path, count: int) -> list[ArticleLanguage]:
    """BBC articles as the language stage emits them."""
    path = data / "news_bbc_2004_2005" / "bbc_dev.jsonl"
    language = Language(code="en", confidence=1.0, detector="bench")
    with path.open(encoding="utf-8") as handle:
        raw = [json.loads(line) for line, _ in zip(handle, range(count), strict=False)]
    return [
        ArticleLanguage(
            id=a["id"], title=a.get("title"), text=a["text"], language=language
        )
        for a in raw
    ]


def _batches(articles: Sequence[ArticleLanguage]) -> list[Sequence[ArticleLanguage]]:
    return [articles[i : i + BATCH] for i in range(0, len(articles), BATCH)]


def in_process_rate(articles: Sequence[ArticleLanguage]) -> float:
    """Articles/s through the stage's batch path."""
    stage = build_stage()
    stage.enrich_many(articles[:BATCH])  # warm up
    started = time.perf_counter()
    for batch in _batches(articles):
        stage.enrich_many(batch)
    return len(articles) / (time.perf_counter() - started)


def _child_enrich(batch: Sequence[ArticleLanguage]) -> int:
    global _STAGE  # one stage per pool process, built on its first batch
    if _STAGE is None:
        _STAGE = build_stage()
    return len(_STAGE.enrich_many(batch))


def _thread_enrich(stage: Stage[Any, Any], batch: Sequence[ArticleLanguage]) -> int:
    return len(stage.enrich_many(batch))


async def loop_lag(
    articles: Sequence[ArticleLanguage], executor: Executor, in_thread: bool
) -> tuple[float, float]:
    """(articles/s, worst ticker lateness in seconds) with inference in `executor`."""
    loop = asyncio.get_running_loop()
    stage = build_stage() if in_thread else None
    worst = 0.0
    done = asyncio.Event()

    async def ticker() -> None:
        nonlocal worst
        while not done.is_set():
            before = loop.time()
            await asyncio.sleep(0.01)
            worst = max(worst, loop.time() - before - 0.01)

    def call(batch: Sequence[ArticleLanguage]) -> asyncio.Future[int]:
        if stage is not None:  # inference in this process's thread
            return loop.run_in_executor(executor, _thread_enrich, stage, batch)
        return loop.run_in_executor(executor, _child_enrich, batch)

    await call(articles[:BATCH])  # warm up (the child loads its models here)
    task = asyncio.create_task(ticker())
    started = time.perf_counter()
    for batch in _batches(articles):
        await call(batch)
    rate = len(articles) / (time.perf_counter() - started)
    done.set()
    await task
    return rate, worst


def worker_rate(articles: Sequence[ArticleLanguage]) -> tuple[float, float]:
    """(articles/s through the worker on a real broker, peak RSS in MB)."""
    with tempfile.TemporaryDirectory(prefix="newsenrich-bench-") as home:
        state = broker.LocalBroker(Path(home)).start()
        settings = RuntimeSettings(kafka_bootstrap_servers=state.bootstrap)
        try:
            asyncio.run(_publish(settings, articles))
            worker = WorkerProcess(
                "entities",
                state.bootstrap,
                Path(home) / "entities.log",
                env={"NEWS_BATCH_SIZE": str(BATCH)},
            )
            try:
                stamps = asyncio.run(_output_times(settings, len(articles)))
                peak = worker.peak_rss_mb()
            finally:
                worker.stop(timeout=60)
        finally:
            broker.stop(Path(home))
    span = (max(stamps) - min(stamps)) / 1000
    return (len(stamps) - 1) / span if span else float("nan"), peak


async def _publish(
    settings: RuntimeSettings, articles: Sequence[ArticleLanguage]
) -> None:
    await create_topics(settings, [ARTICLE_LANGUAGE, ARTICLE_ENTITIES])
    await publish(
        settings,
        ARTICLE_LANGUAGE.name,
        [(a.id.encode(), a.model_dump_json().encode(), ()) for a in articles],
    )


async def _output_times(settings: RuntimeSettings, count: int) -> list[int]:
    """Broker timestamps (ms) of the worker's first `count` outputs."""
    return [
        r.timestamp_ms
        async for r in read_topic(settings, ARTICLE_ENTITIES.name, limit=count)
    ]


def main(argv: Sequence[str] | None = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--data", type=Path, required=True, help="the shared data folder"
    )
    parser.add_argument("--articles", type=int, default=300)
    args = parser.parse_args(argv)
    articles = load_articles(args.data, args.articles)
    inproc = in_process_rate(articles)
    with ThreadPoolExecutor(1) as pool:
        thread_rate, thread_lag = asyncio.run(loop_lag(articles, pool, in_thread=True))
    with ProcessPoolExecutor(1) as pool:
        process_rate, process_lag = asyncio.run(
            loop_lag(articles, pool, in_thread=False)
        )
    kafka_rate, rss = worker_rate(articles)
    print(f"| measure ({len(articles)} BBC articles, batches of {BATCH}) | value |")
    print("|---|---|")
    print(f"| in-process (nlp.pipe batches), articles/s | {inproc:.1f} |")
    print(
        f"| in a worker thread: articles/s, worst loop lag | {thread_rate:.1f}, "
        f"{thread_lag * 1000:.0f} ms |"
    )
    print(
        f"| in a process pool: articles/s, worst loop lag | {process_rate:.1f}, "
        f"{process_lag * 1000:.0f} ms |"
    )
    print(f"| through the worker on Kafka, articles/s | {kafka_rate:.1f} |")
    print(f"| worker / in-process | {kafka_rate / inproc:.2f} |")
    print(f"| worker peak RSS | {rss:.0f} MB |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
