"""SASL_SSL with SCRAM and mutual TLS, on a local broker; secrets stay secret."""

import asyncio
import json
import urllib.request
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from ops.kafka import broker
from ops.kafka.tls import make_test_pki
from ops.worker_process import WorkerProcess
from tests.integration.conftest import RECV_TIMEOUT, run_cli
from workers.runtime.clients import read_topic
from workers.runtime.settings import RuntimeSettings

pytestmark = [pytest.mark.kafka, pytest.mark.slow]

PASSWORD = "scram-" + uuid.uuid4().hex  # unique: any echo of it is found by search
USER = "enricher"


@pytest.fixture(scope="module")
def secure_env(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    """A broker whose client listener is SASL_SSL only, and the NEWS_* to reach it."""
    home = tmp_path_factory.mktemp("secure-kafka")
    pki = make_test_pki(home / "pki")
    local = broker.LocalBroker(
        home, sasl_ssl=broker.SaslSslListener(pki, {USER: PASSWORD})
    )
    local.start()
    try:
        yield {
            "NEWS_KAFKA_BOOTSTRAP_SERVERS": f"127.0.0.1:{local.sasl_ssl_port}",
            "NEWS_KAFKA_SECURITY_PROTOCOL": "SASL_SSL",
            "NEWS_KAFKA_SASL_MECHANISM": "SCRAM-SHA-512",
            "NEWS_KAFKA_SASL_USERNAME": USER,
            "NEWS_KAFKA_SASL_PASSWORD": PASSWORD,
            "NEWS_KAFKA_SSL_CAFILE": str(pki.ca_cert),
            "NEWS_KAFKA_SSL_CERTFILE": str(pki.client_cert),
            "NEWS_KAFKA_SSL_KEYFILE": str(pki.client_key),
        }
    finally:
        broker.stop(home)


def _settings(env: dict[str, str]) -> RuntimeSettings:
    fields = {k.removeprefix("NEWS_").lower(): v for k, v in env.items()}
    return RuntimeSettings.model_validate({**fields, "metrics_port": 0})


def test_cli_and_a_worker_run_over_sasl_ssl_and_never_show_the_password(
    secure_env, tmp_path: Path
):
    created = run_cli("topics", "create", env=secure_env)
    assert created.returncode == 0, created.stderr
    article = tmp_path / "secure.jsonl"
    article_id = f"secure-{uuid.uuid4().hex[:8]}"
    article.write_text(
        json.dumps({"id": article_id, "text": "Moscow and Beijing signed a deal."}),
        encoding="utf-8",
    )
    published = run_cli("publish", str(article), env=secure_env)
    assert published.returncode == 0, published.stderr

    worker = WorkerProcess(
        "language",
        secure_env["NEWS_KAFKA_BOOTSTRAP_SERVERS"],
        tmp_path / "language.log",
        env={
            **secure_env,
            "NEWS_LANGUAGE_BACKEND": "fasttext",  # lean: this is about the connection
            "NEWS_LOG_LEVEL": "DEBUG",  # the most a log ever says
        },
    )
    try:
        found = asyncio.run(_wait_for_id(_settings(secure_env), article_id))
        url = f"http://127.0.0.1:{worker.metrics_port}/metrics"
        with urllib.request.urlopen(url, timeout=5) as response:
            metrics = response.read().decode()
    finally:
        assert worker.stop() == 0
    assert found, worker.log_tail()
    tailed = run_cli("tail", "news.article.language.v1", "--max", "1", env=secure_env)
    assert tailed.returncode == 0, tailed.stderr
    assert "news_messages_consumed_total" in metrics
    for output in (metrics, worker.log.read_text(), created.stdout + created.stderr):
        assert PASSWORD not in output


def test_a_wrong_password_fails_clearly_without_echoing_it(secure_env):
    wrong = "wrong-" + uuid.uuid4().hex
    result = run_cli(
        "topics",
        "create",
        env={**secure_env, "NEWS_KAFKA_SASL_PASSWORD": wrong},
        timeout=90,
    )
    assert result.returncode != 0
    assert "authentication" in result.stderr.lower()
    assert wrong not in result.stdout + result.stderr


def test_without_the_client_certificate_the_broker_refuses(secure_env):
    env = {k: v for k, v in secure_env.items() if "CERTFILE" not in k}
    env.pop("NEWS_KAFKA_SSL_KEYFILE")
    result = run_cli("topics", "create", env=env, timeout=90)
    assert result.returncode != 0


async def _wait_for_id(settings: RuntimeSettings, article_id: str) -> bool:
    async with asyncio.timeout(RECV_TIMEOUT):
        while True:
            async for record in read_topic(
                settings, "news.article.language.v1", idle_timeout=2.0
            ):
                if record.key == article_id.encode():
                    return True
