"""The Kafka-free message path: every input yields one record or one dead letter."""

import json

import pytest

from tests.factories import make_article
from topics.article import ArticleLanguage, ArticleRaw, Language
from topics.dead_letter import DeadLetterReason
from topics.registry import ARTICLE_LANGUAGE, ARTICLE_RAW
from workers.runtime.process import Enriched, Rejected, chain, process_batch
from workers.runtime.stage import Stage

MAX_BYTES = 10_000


def _tag_language(article: ArticleRaw) -> ArticleLanguage:
    if "boom" in article.text:
        raise RuntimeError("handler blew up")
    language = Language(code="fr", confidence=1.0, detector="test")
    return ArticleLanguage.model_validate(
        {**article.model_dump(), "language": language}
    )


STAGE = Stage(
    "language", "test", ARTICLE_RAW, ARTICLE_LANGUAGE, ArticleRaw, _tag_language
)


def _value(**fields: object) -> bytes:
    return json.dumps(fields).encode()


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        (b"\xff\xfe not utf-8", DeadLetterReason.NOT_UTF8),
        (b"{not json", DeadLetterReason.NOT_JSON),
        (None, DeadLetterReason.NOT_JSON),
        (b"[" * 100_000 + b"]" * 100_000, DeadLetterReason.TOO_LARGE),
        (_value(id="a1", text=""), DeadLetterReason.INVALID_SCHEMA),
        (_value(id="a1", text="   \n "), DeadLetterReason.INVALID_SCHEMA),
        (_value(text="no id"), DeadLetterReason.INVALID_SCHEMA),
        (_value(id="a1", text=["not", "a", "string"]), DeadLetterReason.INVALID_SCHEMA),
        (b'"just a string"', DeadLetterReason.INVALID_SCHEMA),
        (_value(id="a1", text="boom"), DeadLetterReason.HANDLER_ERROR),
    ],
)
def test_bad_input_is_rejected_with_its_reason(value, reason):
    [outcome] = process_batch(STAGE, [value], MAX_BYTES)
    assert isinstance(outcome, Rejected)
    assert outcome.reason == reason
    assert outcome.error


def test_deeply_nested_json_is_rejected_not_crashed():
    nested = b"[" * 50_000 + b"]" * 50_000
    [outcome] = process_batch(STAGE, [nested], 1_000_000)
    assert isinstance(outcome, Rejected)
    assert outcome.reason in (
        DeadLetterReason.NOT_JSON,
        DeadLetterReason.INVALID_SCHEMA,
    )


def test_good_article_is_enriched_keyed_by_id_with_trace_and_extra_fields_kept():
    value = make_article("Bonjour", id="art-1", url="https://x.fr/a").model_dump_json()
    with_extra = json.dumps(
        {**json.loads(value), "newer_field": {"kept": True}}
    ).encode()
    [outcome] = process_batch(STAGE, [with_extra], MAX_BYTES)
    assert isinstance(outcome, Enriched)
    assert outcome.article_id == "art-1"
    record = json.loads(outcome.value)
    assert record["language"]["code"] == "fr"
    assert record["newer_field"] == {"kept": True}
    assert [t["stage"] for t in record["trace"]] == ["language"]


def test_batch_keeps_order_and_one_outcome_per_input():
    values = [
        _value(id="ok-1", text="un"),
        b"{bad",
        _value(id="ok-2", text="boom"),
        _value(id="ok-3", text="trois"),
    ]
    outcomes = process_batch(STAGE, values, MAX_BYTES)
    assert [type(o).__name__ for o in outcomes] == [
        "Enriched",
        "Rejected",
        "Rejected",
        "Enriched",
    ]
    assert [o.article_id for o in outcomes if isinstance(o, Enriched)] == [
        "ok-1",
        "ok-3",
    ]


def test_a_failing_batch_falls_back_to_one_by_one(caplog):
    def explode(_articles):
        raise RuntimeError("batch broke")

    stage = Stage(
        "language",
        "test",
        ARTICLE_RAW,
        ARTICLE_LANGUAGE,
        ArticleRaw,
        _tag_language,
        enrich_batch=explode,
    )
    values = [_value(id="a", text="un"), _value(id="b", text="boom")]
    outcomes = process_batch(stage, values, MAX_BYTES)
    assert [type(o).__name__ for o in outcomes] == ["Enriched", "Rejected"]
    assert "retrying article by article" in caplog.text


def test_built_objects_are_frozen_out_of_the_collectors_way():
    import gc

    from workers.runtime.stage import freeze_built_objects

    built = [{"model": index} for index in range(100)]
    before = gc.get_freeze_count()
    try:
        freeze_built_objects()
        assert gc.get_freeze_count() >= before + len(built)
    finally:
        gc.unfreeze()


def _upper(article: ArticleLanguage) -> ArticleLanguage:
    if "reject" in article.text:
        raise RuntimeError("second stage refuses")
    return article.model_copy(update={"text": article.text.upper()})


def test_chain_feeds_each_stage_what_the_one_before_enriched():
    second = Stage(
        "entities", "test", ARTICLE_LANGUAGE, ARTICLE_LANGUAGE, ArticleLanguage, _upper
    )
    values = [
        _value(id="a", text="one"),
        b"{not json",
        _value(id="b", text="reject me"),
        _value(id="c", text="three"),
    ]
    steps = list(chain([STAGE, second], values, MAX_BYTES, size=2))

    (first, inputs_1, outcomes_1), (last, inputs_2, outcomes_2) = steps
    assert (first, last) == (STAGE, second)
    assert list(inputs_1) == values
    assert [type(o).__name__ for o in outcomes_1] == [
        "Enriched",
        "Rejected",
        "Enriched",
        "Enriched",
    ]
    assert len(inputs_2) == 3  # only what the first stage enriched, in order
    enriched = [o for o in outcomes_2 if isinstance(o, Enriched)]
    assert [json.loads(o.value)["text"] for o in enriched] == ["ONE", "THREE"]
    assert [type(o).__name__ for o in outcomes_2][1] == "Rejected"  # "reject me"
