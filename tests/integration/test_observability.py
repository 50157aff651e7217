"""A real Prometheus scrapes the four workers of an end-to-end run on the broker.

Every dashboard query must be valid and return data; every alert expression must
be valid and watch series that exist; "worker down" must catch a dead target. The
dashboard is drawn from the same queries (set DASHBOARD_PNG to keep the picture).
"""

import asyncio
import math
import os
import re
import shutil
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from ops.dashboard import PrometheusError, api, load_panels, render
from ops.kafka.broker import free_port
from ops.prometheus_local import ALERTS, LocalPrometheus
from tests.integration.conftest import RECV_TIMEOUT, read_until
from topics.registry import ARTICLE_ENRICHED, ARTICLE_RAW, WORKER_NAMES
from workers.runtime.clients import publish
from workers.runtime.topics import create_topics

pytestmark = [pytest.mark.kafka, pytest.mark.model, pytest.mark.slow]

ARTICLES = 20


@pytest.fixture
def prometheus(tmp_path: Path) -> Iterator[LocalPrometheus]:
    """A real Prometheus (Debian's package, installed by .ci/run) with our alerts."""
    with LocalPrometheus(tmp_path / "prometheus") as local:
        yield local


def _result(url: str, expr: str) -> list[dict[str, Any]]:
    data = api(url, "query", query=expr)
    return data["result"] if data["resultType"] == "vector" else [data["result"]]


def _has_a_number(url: str, expr: str) -> bool:
    return any(not math.isnan(float(row["value"][1])) for row in _result(url, expr))


async def _until_data(url: str, exprs: list[str], limit_s: float = 90) -> list[str]:
    """Poll until every expression returns a number; the ones still empty at the end."""
    deadline = time.monotonic() + limit_s
    while True:
        empty = [expr for expr in exprs if not _has_a_number(url, expr)]
        if not empty or time.monotonic() > deadline:
            return empty
        await asyncio.sleep(2)


def _metric_names(expr: str) -> set[str]:
    return set(re.findall(r"\b(news_[a-z_]+|up)\b", expr))


async def test_dashboard_and_alert_queries_return_data_from_a_real_run(
    kafka_settings, start_worker, sample_article, prometheus, tmp_path
):
    url = prometheus.url
    await create_topics(kafka_settings)
    workers = {
        name: start_worker(name, NEWS_LANGUAGE_BACKEND="fasttext")  # lean, same metrics
        for name in WORKER_NAMES
    }
    ghost = free_port()  # a worker that is down: nothing listens there
    targets = {name: [w.metrics_port] for name, w in workers.items()}
    prometheus.set_targets({**targets, "ghost": [ghost]})
    started = time.time()
    # Scraped once before any traffic, every counter has a baseline to rise from.
    up = f'count(up{{job="newsenrich"}} == 1) == {len(workers)}'
    assert not await _until_data(url, [up]), "the workers were never scraped"

    run = uuid.uuid4().hex[:8]
    ids = [f"{run}-{i}" for i in range(ARTICLES)]
    records = [
        (i.encode(), sample_article.model_copy(update={"id": i}).model_dump_json())
        for i in ids
    ]
    await publish(
        kafka_settings,
        ARTICLE_RAW.name,
        [(key, value.encode(), ()) for key, value in records]
        + [(f"{run}-bad".encode(), b"{not json", ())],
    )
    await read_until(kafka_settings, ARTICLE_ENRICHED.name, {i.encode() for i in ids})

    panels = load_panels()
    panel_exprs = [t.expr for panel in panels for t in panel.targets]
    empty = await _until_data(url, panel_exprs, RECV_TIMEOUT)
    assert not empty, f"dashboard queries without data: {empty}"

    rules = yaml.safe_load(ALERTS.read_text(encoding="utf-8"))
    for rule in (r for group in rules["groups"] for r in group["rules"]):
        try:
            _result(url, rule["expr"])  # valid PromQL against real series
        except PrometheusError as error:
            pytest.fail(f"{rule['alert']}: {error}")
        for name in _metric_names(rule["expr"]):
            assert _result(url, f"count({name})"), f"{rule['alert']}: no {name}"
        if rule["alert"] == "NewsWorkerDown":
            down = {r["metric"]["service"] for r in _result(url, rule["expr"])}
            assert down == {"ghost"}  # the four real workers are up

    picture = tmp_path / "dashboard.png"
    # A range query steps every second from `started`: let a step or two fall after
    # the scrape that brought the last series in.
    await asyncio.sleep(3)
    drawn = render(url, picture, started, time.time(), step=1.0)
    assert all(drawn.values()), drawn
    assert picture.stat().st_size > 20_000
    keep = os.environ.get("DASHBOARD_PNG")
    if keep:
        shutil.copyfile(picture, keep)
