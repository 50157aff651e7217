"""`newsenrich demo`: the whole pipeline on an embedded broker, samples in, records out.

Starts a fresh local Kafka, creates the topics, runs the four workers as separate
processes, publishes the samples, prints each enriched record as it arrives, then
stops every process it started, whatever happened.
"""

import asyncio
import json
import os
import shutil
import signal
import sys
import time
from pathlib import Path

from ops.kafka import broker
from ops.worker_process import WorkerProcess
from topics.article import ArticleRaw
from topics.registry import ARTICLE_ENRICHED, ARTICLE_RAW, WORKER_NAMES
from workers.cli.render import render
from workers.readers import read_articles
from workers.runtime.clients import publish, read_topic
from workers.runtime.settings import RuntimeSettings
from workers.runtime.topics import create_topics

SAMPLES = Path(__file__).resolve().parents[2] / "samples"
# The team's copies of the rating datasets, beside the checkout (never committed).
SHARED_DATA = Path(__file__).resolve().parents[3] / "shared" / "data"
RATING_FILES = {
    "NEWS_CREDIBILITY_LIN2023_PATH": "cred_lin2023_domain_ratings/"
    "domain_ratings_dev.csv",
    "NEWS_CREDIBILITY_OPENSOURCES_PATH": "cred_opensources/opensources_dev.csv",
}
MBFC_FILES = (
    "cred_baly_mbfc/emnlp18_corpus_dev.tsv",
    "cred_baly_mbfc/acl2020_corpus_dev.tsv",
)
WORKER_STOP_TIMEOUT_S = 30.0


def run_demo(files: list[Path] | None, timeout: float) -> int:
    """Run the demo; 0 when every published article came out enriched."""
    home = broker.default_cache_dir() / "demo"
    shutil.rmtree(home, ignore_errors=True)  # a fresh broker: no records of older runs
    (home / "logs").mkdir(parents=True)
    articles = [
        r.article
        for path in files or sorted(SAMPLES.iterdir())
        for r in read_articles(path)
        if r.article is not None
    ]
    _say(f"{len(articles)} sample article(s); starting a local Kafka broker…")
    workers: dict[str, WorkerProcess] = {}
    try:
        state = broker.LocalBroker(home / "kafka").start()
        settings = RuntimeSettings(kafka_bootstrap_servers=state.bootstrap)
        asyncio.run(create_topics(settings))
        _say(
            f"broker ready at {state.bootstrap}; topics created; starting workers "
            f"({', '.join(WORKER_NAMES)})…"
        )
        workers = {
            name: WorkerProcess(
                name, state.bootstrap, home / "logs" / f"{name}.log", env=_ratings_env()
            )
            for name in WORKER_NAMES
        }
        return asyncio.run(_publish_and_wait(settings, articles, workers, timeout))
    finally:
        _stop_workers(workers)
        broker.stop(home / "kafka")
        _say(f"all processes stopped; worker logs in {home / 'logs'}")


async def _publish_and_wait(
    settings: RuntimeSettings,
    articles: list[ArticleRaw],
    workers: dict[str, WorkerProcess],
    wait_s: float,
) -> int:
    records = [
        (a.id.encode(), a.model_dump_json(exclude_defaults=True).encode(), ())
        for a in articles
    ]
    await publish(settings, ARTICLE_RAW.name, records)
    _say(
        f"published {len(records)} article(s) to {ARTICLE_RAW.name}; waiting for "
        f"{ARTICLE_ENRICHED.name} (the models load first: allow ~20 s)…"
    )
    started = time.monotonic()
    collect = asyncio.create_task(_collect(settings, {a.id for a in articles}))
    watch = asyncio.create_task(_watch(workers))
    done, _ = await asyncio.wait(
        {collect, watch}, timeout=wait_s, return_when=asyncio.FIRST_COMPLETED
    )
    for task in (collect, watch):
        task.cancel()
    if collect in done:
        collect.result()  # re-raises whatever stopped the reader
        print(file=sys.stderr)
        _say(
            f"all {len(records)} article(s) enriched "
            f"in {time.monotonic() - started:.1f}s"
        )
        return 0
    if watch in done:
        _say(f"a worker stopped unexpectedly: {watch.result()}")
    else:
        _say(f"timed out after {wait_s:.0f}s waiting for enriched records")
    return 1


async def _collect(settings: RuntimeSettings, expected: set[str]) -> None:
    async for record in read_topic(settings, ARTICLE_ENRICHED.name):
        print(render(record), flush=True)
        expected.discard((record.key or b"").decode())
        if not expected:
            return


async def _watch(workers: dict[str, WorkerProcess]) -> str:
    while True:
        for name, worker in workers.items():
            if not worker.running():
                code = worker.process.returncode
                return f"{name} exited with code {code}; see {worker.log}"
        await asyncio.sleep(0.5)


def _stop_workers(workers: dict[str, WorkerProcess]) -> None:
    """SIGTERM every worker (they finish in-flight work), then wait; kill stragglers."""
    for worker in workers.values():
        worker.terminate()
    for name, worker in workers.items():
        if worker.stop(WORKER_STOP_TIMEOUT_S) == -signal.SIGKILL:
            _say(f"{name} did not stop within {WORKER_STOP_TIMEOUT_S:.0f}s; killed it")


def _ratings_env() -> dict[str, str]:
    """Point the credibility worker at the shared rating files, when they are there
    and the environment names none of its own."""
    if not SHARED_DATA.is_dir():
        return {}
    env = {name: str(SHARED_DATA / path) for name, path in RATING_FILES.items()}
    env["NEWS_CREDIBILITY_MBFC_PATHS"] = json.dumps(
        [str(SHARED_DATA / p) for p in MBFC_FILES]
    )
    return {name: value for name, value in env.items() if name not in os.environ}


def _say(message: str) -> None:
    print(
        f"[demo] {message}" if message.strip() else message, file=sys.stderr, flush=True
    )
