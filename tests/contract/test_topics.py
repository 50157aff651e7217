"""The topic contracts: schema files are current, names follow the convention."""

import itertools
import json
import re

import pytest

from topics.article import ArticleEnriched, ArticleRaw
from topics.registry import ALL_TOPICS, ARTICLE_TOPICS, DEAD_LETTER_TOPICS, WORKER_NAMES
from topics.schemas import SCHEMA_DIR, render_schemas


def test_schema_files_are_current():
    for name, text in render_schemas().items():
        path = SCHEMA_DIR / name
        assert path.exists(), f"{path} missing: run `make schemas`"
        assert path.read_text(encoding="utf-8") == text, (
            f"{path} is stale: run `make schemas`"
        )


def test_topic_names_are_versioned_and_unique():
    names = [spec.name for spec in ALL_TOPICS]
    assert len(names) == len(set(names))
    assert all(re.fullmatch(r"news\.[a-z]+\.[a-z_]+\.v\d+", n) for n in names)
    assert set(DEAD_LETTER_TOPICS) == set(WORKER_NAMES)


def test_each_stage_record_extends_the_one_before():
    models = [spec.model for spec in ARTICLE_TOPICS]
    for earlier, later in itertools.pairwise(models):
        assert later is not None and earlier is not None and issubclass(later, earlier)
        assert set(earlier.model_fields) < set(later.model_fields)


def test_enriched_record_has_every_documented_field():
    fields = set(ArticleEnriched.model_fields)
    assert {
        "id",
        "text",
        "url",
        "title",
        "published_at",
        "source",
        "language_hint",
        "language",
        "entities",
        "bilateral",
        "credibility",
        "trace",
    } <= fields


@pytest.mark.parametrize("spec", ARTICLE_TOPICS, ids=lambda s: s.name)
def test_schema_requires_id_and_text(spec):
    schema = json.loads((SCHEMA_DIR / f"{spec.name}.json").read_text(encoding="utf-8"))
    assert {"id", "text"} <= set(schema["required"])


def test_raw_article_rejects_blank_text():
    with pytest.raises(ValueError, match="blank"):
        ArticleRaw(id="x", text="  ")


def test_worker_topics_chain_and_match_the_stages():
    import itertools

    from topics.registry import WORKER_NAMES, WORKER_TOPICS
    from workers.pipeline import build_stage

    chain = [WORKER_TOPICS[name] for name in WORKER_NAMES]
    for (_, sink), (source, _) in itertools.pairwise(chain):
        assert sink == source  # each worker reads what the one before writes
    for name in ("bilateral", "credibility"):  # cheap to build: no models to load
        stage = build_stage(name)
        assert (stage.source, stage.sink) == WORKER_TOPICS[name]
