"""Repeated kills of a slow stage and a broker kill, in both guarantees (issue 27).

As an operator tests it: a slow stage (entities: spaCy, batches of 32) on its own
broker, fed in two halves with a few malformed records among them; the broker
SIGKILLed and restarted on its data dir after the first half; then the worker
SIGKILLed again and again mid-batch and restarted at once with the same
identity, as compose's restart policy does. Every topic the stage writes (its
sink and its dead letters) is read with read_committed. exactly_once: nothing
lost, nothing committed twice. at_least_once: nothing lost, and what is redone
per kill stays within what a commit interval and the batches in flight hold.
"""

import asyncio
import contextlib
import os
import random
import signal
import time
import uuid

import pytest

from ops.kafka import broker
from ops.worker_process import WorkerProcess
from tests.integration.conftest import count_keys, wait_caught_up
from tests.integration.test_reliability import _feed, _input, _wait_for
from topics.registry import DEAD_LETTER_TOPICS, WORKER_TOPICS
from workers.runtime.clients import publish, read_topic
from workers.runtime.membership import consumer_group
from workers.runtime.settings import RuntimeSettings
from workers.runtime.topics import create_topics

pytestmark = [pytest.mark.kafka, pytest.mark.slow]

WORKER = "entities"
ARTICLES = 400
KILLS = 4
TRICKLE_CHUNK = 4
TRICKLE_S = 60.0
MALFORMED = 6
SEED = 27
# at_least_once redoes, per kill, what was enriched since the last commit: the
# batches in flight (enriched, sending, acked but not committed: 3 of 32) and
# one commit interval's worth (1 s, ~30 articles at entities' rate).
AT_LEAST_ONCE_BOUND = 3 * 32 + 30


async def _outputs(settings: RuntimeSettings, topic: str, wanted: set[bytes]) -> int:
    """Wanted records on `topic` so far (read_committed)."""
    keys = [r.key async for r in read_topic(settings, topic, idle_timeout=1.0)]
    return sum(key in wanted for key in keys)


@pytest.mark.parametrize("guarantee", ["exactly_once", "at_least_once"])
async def test_repeated_kills_of_a_slow_stage(tmp_path, guarantee):
    home = tmp_path / "kafka"
    local = broker.LocalBroker(home)
    state = await asyncio.to_thread(local.start)
    settings = RuntimeSettings(kafka_bootstrap_servers=state.bootstrap, metrics_port=0)
    source, sink = (topic.name for topic in WORKER_TOPICS[WORKER])
    dead = DEAD_LETTER_TOPICS[WORKER].name
    env = {"NEWS_PROCESSING_GUARANTEE": guarantee, "NEWS_COMMIT_INTERVAL_S": "1"}
    log = tmp_path / "worker.log"
    workers: list[WorkerProcess] = []
    rng = random.Random(SEED)  # noqa: S311 - when to kill, not a secret
    try:
        await create_topics(settings)
        run = uuid.uuid4().hex[:8]
        records = [_input(WORKER, run, i) for i in range(ARTICLES)]
        wanted = {key for key, _ in records}
        malformed = [
            (f"{run}-bad-{i}".encode(), b"{not json") for i in range(MALFORMED)
        ]
        for i, broken in enumerate(malformed):  # spread through the stream
            records.insert((i + 1) * len(records) // (MALFORMED + 1), broken)
        half = ARTICLES // 2
        workers.append(WorkerProcess(WORKER, state.bootstrap, log, env=env))
        identity = workers[0].instance_id
        await _feed(settings, source, records[:half])
        await _wait_for(settings, sink, wanted, half // 2)

        broker.kill(home)
        await asyncio.sleep(2)
        await asyncio.to_thread(local.start)  # same data dir, same ports
        # The second half as a trickle that outlasts the kills and restarts, in a
        # transaction every few records as an upstream stage under exactly_once
        # writes: each commit leaves a marker in the log, the input on which
        # faust's gap accounting once committed outputs ahead of offsets.
        trickle = records[half:]
        feeding = asyncio.create_task(
            _feed(
                settings,
                source,
                trickle,
                pause_s=TRICKLE_S * TRICKLE_CHUNK / len(trickle),
                chunk=TRICKLE_CHUNK,
                transactional_id=f"{run}-upstream",
            )
        )

        recovery: list[float] = []
        kills = 0
        while kills < KILLS and not feeding.done():
            # Kill while it is enriching: once outputs grow again after a restart.
            before = await _outputs(settings, sink, wanted)
            started = time.monotonic()
            while await _outputs(settings, sink, wanted) <= before:
                assert time.monotonic() - started < 120, log.read_text()[-3000:]
                await asyncio.sleep(0.5)
            recovery.append(time.monotonic() - started)
            await asyncio.sleep(rng.uniform(0.0, 2.0))
            workers[-1].kill()
            kills += 1
            workers.append(
                WorkerProcess(
                    WORKER, state.bootstrap, log, instance_id=identity, env=env
                )
            )
        await feeding
        assert kills == KILLS, f"the feed ran out after {kills} kills"
        # Not the group's lag: the last commit marker of the source stays unread.
        bad = {key for key, _ in malformed}
        await _wait_for(settings, sink, wanted, len(wanted))
        await _wait_for(settings, dead, bad, len(bad))
        committed = await count_keys(settings, sink, wanted)
        dead_letters = await count_keys(settings, dead, bad)
        duplicates = sum(committed.values()) - len(committed)
        dead_duplicates = sum(dead_letters.values()) - len(dead_letters)
        print(  # noqa: T201
            f"\n{guarantee}, {KILLS} kills of {WORKER} and one broker kill: "
            f"{ARTICLES} in, {len(committed)} out, {duplicates} committed duplicates "
            f"({duplicates / KILLS:.1f} a kill), {dead_duplicates} duplicated dead "
            f"letters of {MALFORMED}; output resumed "
            f"{', '.join(f'{s:.1f}' for s in recovery)} s after each restart"
        )
        assert set(committed) == wanted  # nothing lost
        assert set(dead_letters) == bad
        if guarantee == "exactly_once":
            repeated = sorted(k for k, n in committed.items() if n > 1)
            assert duplicates == 0, repeated[:10]
            assert dead_duplicates == 0
        else:  # redone: what was in flight and not yet committed, per kill
            assert duplicates <= KILLS * AT_LEAST_ONCE_BOUND
    finally:
        for worker in workers:
            worker.kill()
        broker.stop(home)


async def test_sigterm_mid_send_commits_no_half_batch(tmp_path):
    """SIGTERM while a batch's records wait on a frozen broker: faust's shutdown
    commit must not commit the half-sent batch without its offsets."""
    home = tmp_path / "kafka"
    local = broker.LocalBroker(home)
    state = await asyncio.to_thread(local.start)
    settings = RuntimeSettings(kafka_bootstrap_servers=state.bootstrap, metrics_port=0)
    source, sink = (topic.name for topic in WORKER_TOPICS[WORKER])
    env = {"NEWS_PROCESSING_GUARANTEE": "exactly_once", "NEWS_COMMIT_INTERVAL_S": "1"}
    log = tmp_path / "worker.log"
    workers = [WorkerProcess(WORKER, state.bootstrap, log, env=env)]
    try:
        await create_topics(settings)
        run = uuid.uuid4().hex[:8]
        records = [_input(WORKER, run, i) for i in range(ARTICLES)]
        wanted = {key for key, _ in records}
        await publish(settings, source, [(k, v, ()) for k, v in records])
        await _wait_for(settings, sink, wanted, ARTICLES // 5)
        os.kill(state.pid, signal.SIGSTOP)  # the batch being sent now waits
        await asyncio.sleep(1.0)
        workers[0].terminate()
        await asyncio.sleep(2.0)
        os.kill(state.pid, signal.SIGCONT)
        await asyncio.to_thread(workers[0].stop, 60)
        workers.append(
            WorkerProcess(
                WORKER,
                state.bootstrap,
                log,
                instance_id=workers[0].instance_id,
                env=env,
            )
        )
        await wait_caught_up(settings, consumer_group(WORKER), source)
        committed = await count_keys(settings, sink, wanted)
        duplicates = sum(committed.values()) - len(committed)
        print(f"\nSIGTERM mid-send: {duplicates} committed duplicates")  # noqa: T201
        assert set(committed) == wanted
        assert duplicates == 0
    finally:
        for worker in workers:
            worker.kill()
        with contextlib.suppress(ProcessLookupError):
            os.kill(state.pid, signal.SIGCONT)
        broker.stop(home)
