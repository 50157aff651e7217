"""A real Prometheus scrapes the four workers of an end-to-end run on the broker.

Every dashboard query must be valid and return data; every alert expression must
be valid and watch series that exist; "worker down" must catch a dead target. The
dashboard is drawn from the same queries (set DASHBOARD_PNG to keep the picture).
"""

import asyncio
import os
import re
import shutil
import subprocess
import time
import urllib.request
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from ops.dashboard import PrometheusError, api, load_panels, render
from ops.kafka.broker import free_port
from ops.kafka.create_topics import create_topics
from tests.integration.conftest import RECV_TIMEOUT, read_until
from topics.registry import ARTICLE_ENRICHED, ARTICLE_RAW, WORKER_NAMES
from workers.runtime.clients import publish

pytestmark = [pytest.mark.kafka, pytest.mark.model, pytest.mark.slow]

ALERTS = Path(__file__).resolve().parents[2] / "ops" / "prometheus" / "alerts.yml"
ARTICLES = 20


@pytest.fixture
def prometheus(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    """A Prometheus on a free port; the test writes its targets file."""
    binary = shutil.which("prometheus")
    assert binary, "prometheus is not installed; .ci/run installs Debian's package"
    port = free_port()
    targets = tmp_path / "targets.yml"
    targets.write_text("[]\n", encoding="utf-8")
    config = tmp_path / "prometheus.yml"
    config.write_text(
        yaml.safe_dump(
            {
                "global": {"scrape_interval": "1s", "evaluation_interval": "1s"},
                "rule_files": [str(ALERTS)],
                "scrape_configs": [
                    {
                        "job_name": "newsenrich",
                        "file_sd_configs": [
                            {"files": [str(targets)], "refresh_interval": "1s"}
                        ],
                    }
                ],
            }
        ),
        encoding="utf-8",
    )
    with (tmp_path / "prometheus.log").open("wb") as log:
        process = subprocess.Popen(
            [
                binary,
                f"--config.file={config}",
                f"--storage.tsdb.path={tmp_path / 'tsdb'}",
                f"--web.listen-address=127.0.0.1:{port}",
            ],
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_ready(url, process)
        yield url, targets
    finally:
        process.terminate()
        process.wait(timeout=30)


def _wait_ready(url: str, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        assert process.poll() is None, "prometheus exited while starting"
        try:
            with urllib.request.urlopen(f"{url}/-/ready", timeout=2):
                return
        except OSError:
            time.sleep(0.5)
    raise AssertionError("prometheus did not become ready in 60 s")


def _result(url: str, expr: str) -> list[dict[str, Any]]:
    data = api(url, "query", query=expr)
    return data["result"] if data["resultType"] == "vector" else [data["result"]]


async def _until_data(url: str, exprs: list[str], limit_s: float = 90) -> list[str]:
    """Poll until every expression returns data; the ones still empty at the end."""
    deadline = time.monotonic() + limit_s
    while True:
        empty = [expr for expr in exprs if not _result(url, expr)]
        if not empty or time.monotonic() > deadline:
            return empty
        await asyncio.sleep(2)


def _metric_names(expr: str) -> set[str]:
    return set(re.findall(r"\b(news_[a-z_]+|up)\b", expr))


async def test_dashboard_and_alert_queries_return_data_from_a_real_run(
    kafka_settings, start_worker, sample_article, prometheus, tmp_path
):
    url, targets = prometheus
    await create_topics(kafka_settings)
    workers = {
        name: start_worker(name, NEWS_LANGUAGE_BACKEND="fasttext")  # lean, same metrics
        for name in WORKER_NAMES
    }
    ghost = free_port()  # a worker that is down: nothing listens there
    entries = [
        {"targets": [f"127.0.0.1:{w.metrics_port}"], "labels": {"service": name}}
        for name, w in workers.items()
    ]
    entries.append({"targets": [f"127.0.0.1:{ghost}"], "labels": {"service": "ghost"}})
    targets.write_text(yaml.safe_dump(entries), encoding="utf-8")
    started = time.time()

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
    drawn = render(url, picture, started, time.time(), step=1.0)
    assert all(drawn.values()), drawn
    assert picture.stat().st_size > 20_000
    keep = os.environ.get("DASHBOARD_PNG")
    if keep:
        shutil.copyfile(picture, keep)
