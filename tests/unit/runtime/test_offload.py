"""Where batches are enriched: a thread in the worker, or a child forked from it."""

import asyncio
import json
import os
import signal

import pytest
from prometheus_client import CollectorRegistry

from topics.article import ArticleLanguage, ArticleRaw, Language
from topics.registry import ARTICLE_LANGUAGE, ARTICLE_RAW
from workers.runtime.offload import (
    ChildExited,
    EnrichmentChild,
    enrich_off_loop,
    make_executor,
)
from workers.runtime.output_metrics import OutputCounter, OutputObserver
from workers.runtime.process import Enriched, Rejected
from workers.runtime.stage import Stage


def _tag_with_pid(article: ArticleRaw) -> ArticleLanguage:
    """Says which process enriched it, in the detector field."""
    language = Language(code="en", confidence=1.0, detector=f"pid-{os.getpid()}")
    fields = {**article.model_dump(), "language": language}
    return ArticleLanguage.model_validate(fields)


LANGUAGES = OutputCounter(
    "news_test_languages",
    "Records by language",
    ("language",),
    values=lambda record: [(record.language.code,)],
)
STAGE_ARGS = ("language", "test", ARTICLE_RAW, ARTICLE_LANGUAGE, ArticleRaw)
STAGE = Stage(*STAGE_ARGS, _tag_with_pid, counters=(LANGUAGES,))
VALUES = [json.dumps({"id": f"a{n}", "text": "Hello"}).encode() for n in range(3)]


@pytest.mark.parametrize(
    ("mode", "in_this_process"), [("thread", True), ("process", False)]
)
async def test_batches_run_where_the_mode_says_and_counters_reach_the_parent(
    mode, in_this_process
):
    registry = CollectorRegistry()
    observer = OutputObserver(STAGE.counters, registry)
    with make_executor(STAGE, mode) as executor:
        outcomes = await enrich_off_loop(
            executor, STAGE, [*VALUES, b"{bad"], 10_000, observer
        )

    *enriched, rejected = outcomes
    assert isinstance(rejected, Rejected)
    detectors = {
        json.loads(o.value)["language"]["detector"]
        for o in enriched
        if isinstance(o, Enriched)
    }
    assert len(enriched) == 3
    assert (detectors == {f"pid-{os.getpid()}"}) is in_this_process
    # Counted once per enriched record, in this process's registry either way.
    sample = registry.get_sample_value("news_test_languages_total", {"language": "en"})
    assert sample == 3


async def test_a_killed_child_stops_the_worker_instead_of_hanging():
    with make_executor(STAGE, "process") as child:
        assert isinstance(child, EnrichmentChild)
        outcomes, _ = await child.enrich(VALUES, 10_000)
        assert len(outcomes) == 3
        assert child.pid is not None
        os.kill(child.pid, signal.SIGKILL)
        with pytest.raises(ChildExited):
            await asyncio.wait_for(child.enrich(VALUES, 10_000), 30)
        with pytest.raises(ChildExited):  # and every batch after it
            await child.enrich(VALUES, 10_000)


def _broken_counter(record: ArticleLanguage) -> list[tuple[str, ...]]:
    raise LookupError("counter broke")


async def test_an_error_in_the_child_is_raised_in_the_worker_and_it_goes_on():
    broken = OutputCounter("news_test_broken", "Broken", ("x",), _broken_counter)
    stage = Stage(*STAGE_ARGS, _tag_with_pid, counters=(broken,))
    with make_executor(stage, "process") as child:
        assert isinstance(child, EnrichmentChild)
        with pytest.raises(LookupError, match="counter broke"):
            await child.enrich(VALUES, 10_000)


async def test_batches_sent_together_come_back_in_order():
    with make_executor(STAGE, "process") as child:
        assert isinstance(child, EnrichmentChild)
        batches = [
            [json.dumps({"id": f"b{b}-{n}", "text": "Hi"}).encode() for n in range(b)]
            for b in range(1, 6)
        ]
        results = await asyncio.gather(*(child.enrich(v, 10_000) for v in batches))
    ids = [[json.loads(_value(o))["id"] for o in outcomes] for outcomes, _ in results]
    assert ids == [[f"b{b}-{n}" for n in range(b)] for b in range(1, 6)]


def _value(outcome: Enriched | Rejected) -> bytes:
    assert isinstance(outcome, Enriched)
    return outcome.value
