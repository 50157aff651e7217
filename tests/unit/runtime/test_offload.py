"""Where batches are enriched: a thread in the worker, or a child forked from it."""

import json
import os

import pytest
from prometheus_client import CollectorRegistry

from topics.article import ArticleLanguage, ArticleRaw, Language
from topics.registry import ARTICLE_LANGUAGE, ARTICLE_RAW
from workers.runtime.offload import enrich_off_loop, make_executor
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
STAGE = Stage(
    "language",
    "test",
    ARTICLE_RAW,
    ARTICLE_LANGUAGE,
    ArticleRaw,
    _tag_with_pid,
    counters=(LANGUAGES,),
)
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
