"""Soak: 20,000 articles through all four workers; flat memory, lag back to 0."""

import json
import uuid

import pytest

from tests.integration.conftest import wait_caught_up
from topics.registry import ARTICLE_RAW, ARTICLE_TOPICS, WORKER_NAMES
from workers.runtime.clients import publish
from workers.runtime.membership import consumer_group
from workers.runtime.memory import memory_mb
from workers.runtime.topics import create_topics

pytestmark = [pytest.mark.kafka, pytest.mark.slow, pytest.mark.soak]

ARTICLES = 20_000
# Short news-like texts keep spaCy's share of the run to about a minute here.
TEMPLATES = (
    "Xi Jinping met Vladimir Putin in Moscow on {day}, and both called the ties "
    "between China and Russia solid.",
    "Le président Emmanuel Macron a reçu {day} le chancelier allemand à Paris pour "
    "parler de l'Ukraine, selon l'AFP.",
    "The United States imposed new sanctions on Iran on {day}, Reuters reported.",
    "Moscou et Pékin s'opposent à l'expansion de l'OTAN, a déclaré {day} "
    "Sergueï Lavrov.",
)
DAYS = ("Monday", "Tuesday", "mardi", "jeudi", "Friday")
CATCH_UP_S = 600.0  # 20,000 articles through spaCy on 2 shared cores
RSS_GROWTH_LIMIT_MB = 150  # caches fill up; a leak over 20,000 articles would not stop


async def test_soak_20000_articles(kafka_settings, start_worker):
    await create_topics(kafka_settings)
    run = uuid.uuid4().hex[:8]
    records = [
        (
            f"{run}-{i}".encode(),
            json.dumps(
                {
                    "id": f"{run}-{i}",
                    "text": TEMPLATES[i % len(TEMPLATES)].format(
                        day=DAYS[i % len(DAYS)]
                    ),
                }
            ).encode(),
            (),
        )
        for i in range(ARTICLES)
    ]
    workers = {name: start_worker(name) for name in WORKER_NAMES}
    await publish(kafka_settings, ARTICLE_RAW.name, records[:500])  # warm-up
    await _caught_up(kafka_settings)
    start = {name: memory_mb(w.pid, "VmRSS") for name, w in workers.items()}

    for first in range(500, ARTICLES, 2_000):
        await publish(kafka_settings, ARTICLE_RAW.name, records[first : first + 2_000])
    await _caught_up(kafka_settings)
    end = {name: memory_mb(w.pid, "VmRSS") for name, w in workers.items()}

    report = ", ".join(f"{n} {start[n]:.0f}->{end[n]:.0f} MB" for n in WORKER_NAMES)
    print(f"\nsoak {ARTICLES} articles, RSS start->end: {report}")  # noqa: T201
    for name in WORKER_NAMES:
        assert workers[name].process.poll() is None, workers[name].log_tail()
        assert end[name] - start[name] < RSS_GROWTH_LIMIT_MB, report


async def _caught_up(settings) -> None:
    """Every worker's group has committed everything on its source topic."""
    for name, source in zip(WORKER_NAMES, ARTICLE_TOPICS, strict=False):
        await wait_caught_up(
            settings, consumer_group(name), source.name, limit_s=CATCH_UP_S
        )
