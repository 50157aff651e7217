"""The whole pipeline on a real broker: four worker processes, good and bad input."""

import asyncio
import json
import uuid

import pytest

from tests.integration.conftest import RECV_TIMEOUT, read_until, wait_caught_up
from topics.dead_letter import HEADER_REASON, HEADER_SOURCE_TOPIC, HEADER_WORKER
from topics.registry import (
    ARTICLE_ENRICHED,
    ARTICLE_ENTITIES,
    ARTICLE_RAW,
    DEAD_LETTER_TOPICS,
    WORKER_NAMES,
)
from workers.runtime.clients import publish
from workers.runtime.membership import consumer_group
from workers.runtime.topics import create_topics

pytestmark = [pytest.mark.kafka, pytest.mark.model]


async def test_sample_article_is_enriched_and_bad_messages_are_dead_lettered(
    kafka_settings, start_worker, sample_article
):
    await create_topics(kafka_settings)
    workers = {name: start_worker(name) for name in WORKER_NAMES}
    run = uuid.uuid4().hex[:8]
    bad_json_key, empty_key = f"bad-json-{run}".encode(), f"empty-{run}".encode()
    # Its own id: earlier tests on this broker enriched the sample article too.
    article = sample_article.model_copy(update={"id": f"sample-{run}"})
    await publish(
        kafka_settings,
        ARTICLE_RAW.name,
        [
            (bad_json_key, b'{"id": "broken", "text": ', ()),
            (
                empty_key,
                json.dumps({"id": empty_key.decode(), "text": ""}).encode(),
                (),
            ),
            (article.id.encode(), article.model_dump_json().encode(), ()),
        ],
    )

    try:
        enriched = await read_until(
            kafka_settings, ARTICLE_ENRICHED.name, {article.id.encode()}
        )
        dead = await read_until(
            kafka_settings,
            DEAD_LETTER_TOPICS["language"].name,
            {bad_json_key, empty_key},
        )
    except TimeoutError:
        logs = "\n".join(f"--- {w.name}\n{w.log_tail()}" for w in workers.values())
        raise AssertionError(
            f"no output in {RECV_TIMEOUT}s; worker logs:\n{logs}"
        ) from None

    record = json.loads(next(iter(enriched.values())).value or b"")
    assert record["language"]["code"] == "fr"
    people = {e["text"] for e in record["entities"] if e["label"] == "PER"}
    assert {"Xi Jinping", "Sergueï Choïgou", "Vladimir Poutine", "Wang Yi"} <= people
    countries = {e["country"] for e in record["entities"]}
    assert {"CHN", "RUS"} <= countries
    pairs = {tuple(p["pair"]): p for p in record["bilateral"]}
    assert pairs[("CHN", "RUS")]["score"] > 0
    cited = {s["name"] for s in record["credibility"]["cited_sources"]}
    assert {"CCTV", "TASS", "South China Morning Post"} <= cited
    assert record["credibility"]["publisher"]["domain"] == "congluan.vn"
    assert [t["stage"] for t in record["trace"]] == list(WORKER_NAMES)

    reasons = {key: dict(r.headers) for key, r in dead.items()}
    assert reasons[bad_json_key][HEADER_REASON] == b"not_json"
    assert reasons[empty_key][HEADER_REASON] == b"invalid_schema"
    assert reasons[empty_key][HEADER_WORKER] == b"language"
    assert reasons[empty_key][HEADER_SOURCE_TOPIC] == ARTICLE_RAW.name.encode()
    assert dead[bad_json_key].value == b'{"id": "broken", "text": '  # original bytes

    language = workers["language"]
    # The worker counts a batch once all its records are acknowledged, which can
    # be a moment after a reader already sees them on the topic.
    await asyncio.sleep(2)
    assert (
        language.metric(
            "news_messages_dead_lettered_total",
            {"worker": "language", "reason": "not_json"},
        )
        >= 1
    )
    assert language.metric("news_language_detected_total", {"language": "fr"}) >= 1
    assert (
        language.metric(
            "news_messages_produced_total",
            {"worker": "language", "topic": "news.article.language.v1"},
        )
        >= 1
    )

    # Every offset read is eventually committed (faust commits acked offsets).
    async with asyncio.timeout(RECV_TIMEOUT):
        group = consumer_group("language")
        await wait_caught_up(kafka_settings, group, ARTICLE_RAW.name)

    exit_codes = {name: worker.stop() for name, worker in workers.items()}
    failed = {
        name: workers[name].log_tail() for name, code in exit_codes.items() if code
    }
    assert exit_codes == dict.fromkeys(WORKER_NAMES, 0), failed


async def test_records_compressed_by_the_producer_are_read_back(
    kafka_settings, start_worker, sample_article
):
    """NEWS_PRODUCER_COMPRESSION=zstd: the next stage and any reader decode them."""
    await create_topics(kafka_settings)
    run = uuid.uuid4().hex[:8]
    articles = [
        sample_article.model_copy(update={"id": f"zstd-{run}-{i}"}) for i in range(20)
    ]
    language = start_worker("language", NEWS_PRODUCER_COMPRESSION="zstd")
    entities = start_worker("entities", NEWS_PRODUCER_COMPRESSION="zstd")
    await publish(
        kafka_settings,
        ARTICLE_RAW.name,
        [(a.id.encode(), a.model_dump_json().encode(), ()) for a in articles],
    )
    keys = {a.id.encode() for a in articles}
    found = await read_until(kafka_settings, ARTICLE_ENTITIES.name, keys)
    records = [json.loads(r.value or b"") for r in found.values()]
    assert all(r["language"]["code"] == "fr" and r["entities"] for r in records)
    assert language.stop() == 0
    assert entities.stop() == 0
