"""Issue 27's operator run: the four workers, a broker kill, random worker kills.

    python -m ops.bench.kills [--articles 800] [--seconds 150] [--seed 1]
        [--guarantee exactly_once] [--checkout DIR] [--mix]

A fresh local broker; the four workers as processes; DEV articles (BBC, or with
`--mix` the reporter's four sources in turn) published in two halves, the broker
SIGKILLed and restarted on its data dir between them; then a random worker
SIGKILLed every 12-28 s and restarted at once with its identity, as compose's
restart policy does. Once the last stage has every article, each stage's sink
and dead letters are read with read_committed and the duplicates printed per
topic. `--checkout` runs the workers from another checkout (the code before a
change, say). A probe that prints figures, not a test: the fault test is
tests/integration/test_exactly_once_faults.py.
"""

import argparse
import asyncio
import json
import random
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

from ops.kafka import broker
from ops.worker_process import WorkerProcess
from topics.registry import ARTICLE_RAW, DEAD_LETTER_TOPICS, WORKER_TOPICS
from workers.runtime.clients import publish, read_topic
from workers.runtime.settings import RuntimeSettings
from workers.runtime.topics import create_topics

DATA = Path("../shared/data")
# The reporter's mix: BBC, FakeNewsCorpus, Japanese Wikinews, PLOVER sentences;
# each file and the field its text is in, taken in turn.
SOURCES = (
    ("news_bbc_2004_2005/bbc_dev.jsonl", "text"),
    ("news_fakenewscorpus_sample/news_sample_dev.jsonl", "content"),
    ("news_ja_wikinews/ja_wikinews_dev.jsonl", "text"),
    ("rel_plover_gsr_cameo/plover_gsr_dev.jsonl", "text"),
)
WORKERS = ("language", "entities", "bilateral", "credibility")
KILL_EVERY_S = (12.0, 28.0)
SETTLE_S = 15.0  # after the last stage has everything: late commits land
WAIT_S = 600.0


def _articles(count: int, mix: bool) -> list[tuple[bytes, bytes]]:
    """`count` articles: BBC only, or the four sources in turn (`mix`)."""
    texts: list[list[str]] = []
    for name, field in SOURCES if mix else SOURCES[:1]:
        with (DATA / name).open(encoding="utf-8") as handle:
            rows = [json.loads(line) for line in handle if line.strip()]
        texts.append([str(r[field]) for r in rows if r.get(field)])
    picked = [
        t[row] for row in range(max(map(len, texts))) for t in texts if row < len(t)
    ]
    return [
        (f"kills-{n}".encode(), json.dumps({"id": f"kills-{n}", "text": text}).encode())
        for n, text in enumerate(picked[:count])
    ]


async def _keys(settings: RuntimeSettings, topic: str) -> Counter[bytes]:
    return Counter(
        [r.key async for r in read_topic(settings, topic, idle_timeout=3.0) if r.key]
    )


async def run(args: argparse.Namespace, workdir: Path) -> int:
    """The run; 1 when a topic holds a committed duplicate or misses an article."""
    home = workdir / "kafka"
    local = broker.LocalBroker(home)
    state = await asyncio.to_thread(local.start)
    settings = RuntimeSettings(kafka_bootstrap_servers=state.bootstrap, metrics_port=0)
    env = {"NEWS_PROCESSING_GUARANTEE": args.guarantee}
    procs: dict[str, WorkerProcess] = {}
    kills: Counter[str] = Counter()
    try:
        await create_topics(settings)
        records = _articles(args.articles, args.mix)
        wanted = {key for key, _ in records}
        for name in WORKERS:
            log = workdir / f"{name}.log"
            procs[name] = WorkerProcess(
                name, state.bootstrap, log, env=env, cwd=args.checkout
            )
        half = len(records) // 2
        await publish(
            settings, ARTICLE_RAW.name, [(k, v, ()) for k, v in records[:half]]
        )
        await asyncio.sleep(args.first_half_s)
        broker.kill(home)
        await asyncio.sleep(2)
        await asyncio.to_thread(local.start)  # same data dir, same ports
        print("[kills] broker SIGKILLed and restarted", flush=True)
        await publish(
            settings, ARTICLE_RAW.name, [(k, v, ()) for k, v in records[half:]]
        )
        rng = random.Random(args.seed)  # noqa: S311 - when to kill, not a secret
        end = time.monotonic() + args.seconds
        while time.monotonic() < end:
            await asyncio.sleep(rng.uniform(*KILL_EVERY_S))
            name = rng.choice(WORKERS)
            old = procs[name]
            old.kill()
            kills[name] += 1
            procs[name] = WorkerProcess(
                name,
                state.bootstrap,
                workdir / f"{name}.log",
                instance_id=old.instance_id,
                env=env,
                cwd=args.checkout,
            )
            print(f"[kills] {name} SIGKILLed and restarted", flush=True)
        # A topic written in transactions never shows lag 0 (its commit markers
        # take offsets): wait on the last stage's outputs instead.
        final = WORKER_TOPICS["credibility"][1].name
        deadline = time.monotonic() + WAIT_S
        while not wanted <= set(await _keys(settings, final)):
            if time.monotonic() > deadline:
                print(f"[kills] not every article reached {final}", flush=True)
                break
            await asyncio.sleep(5)
        await asyncio.sleep(SETTLE_S)
        failed = 0
        for name in WORKERS:
            sink = WORKER_TOPICS[name][1].name
            seen = await _keys(settings, sink)
            dead = await _keys(settings, DEAD_LETTER_TOPICS[name].name)
            out = {key for key in seen if key in wanted}
            duplicates = sum(n - 1 for key, n in seen.items() if key in wanted)
            missing = len(wanted - out - set(dead))
            failed += duplicates + missing
            print(
                f"{name:12} {len(out):,}/{len(wanted):,} out, {missing} missing, "
                f"{duplicates} committed duplicates, {sum(dead.values())} dead "
                f"letters, {kills[name]} kills"
            )
        return 1 if failed else 0
    finally:
        for process in procs.values():
            process.kill()
        broker.stop(home)


def main(argv: Sequence[str] | None = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=800)
    parser.add_argument("--seconds", type=float, default=150.0, help="of kills")
    parser.add_argument("--first-half-s", type=float, default=25.0)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--guarantee", choices=("exactly_once", "at_least_once"), default="exactly_once"
    )
    parser.add_argument("--checkout", type=Path, help="run the workers from here")
    parser.add_argument(
        "--keep", type=Path, help="write the broker's and workers' logs here, kept"
    )
    parser.add_argument(
        "--mix",
        action="store_true",
        help="BBC, FakeNewsCorpus, Japanese Wikinews and PLOVER in turn",
    )
    args = parser.parse_args(argv)
    if not DATA.is_dir():
        parser.error(f"{DATA} not found: run from the checkout, beside ../shared")
    if args.keep is not None:
        args.keep.mkdir(parents=True, exist_ok=True)
        return asyncio.run(run(args, args.keep))
    with tempfile.TemporaryDirectory(prefix="newsenrich-kills-") as workdir:
        print(f"[kills] logs in {workdir} while it runs", flush=True)
        return asyncio.run(run(args, Path(workdir)))


if __name__ == "__main__":
    sys.exit(main())
