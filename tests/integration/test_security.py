"""Least privilege on a real broker: SASL_SSL with SCRAM and mutual TLS, KRaft's
StandardAuthorizer with nothing allowed without an ACL, one principal per worker.

One broker for the module; an administrator (super user) creates the topics and
grants the ACLs with `newsenrich acls`; each worker reads its password from a
file, as a mounted secret, so no password is in any process's environment.
"""

import asyncio
import json
import subprocess
import time
import urllib.request
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer
from aiokafka.admin import AIOKafkaAdminClient, NewTopic
from aiokafka.errors import GroupAuthorizationFailedError, TopicAuthorizationFailedError

from ops.kafka import broker
from ops.kafka.tls import make_test_pki
from ops.worker_process import WorkerProcess
from tests.integration.conftest import count_keys, run_cli
from topics.registry import (
    ARTICLE_BILATERAL,
    ARTICLE_ENRICHED,
    ARTICLE_LANGUAGE,
    ARTICLE_RAW,
    WORKER_NAMES,
)
from workers.runtime.acls import default_users
from workers.runtime.kafka_config import client_config
from workers.runtime.membership import consumer_group
from workers.runtime.settings import RuntimeSettings

pytestmark = [pytest.mark.kafka, pytest.mark.slow]

ADMIN = "admin"
LATE = "late-language"  # a principal whose ACLs are granted only mid-test
REFUSED = (TopicAuthorizationFailedError, GroupAuthorizationFailedError)


def _password() -> str:
    return "scram-" + uuid.uuid4().hex  # unique: any echo of it is found by search


@dataclass(frozen=True)
class SecureBroker:
    """The broker, its users' passwords, and the NEWS_* that reach it as each."""

    local: broker.LocalBroker
    base: dict[str, str]
    passwords: dict[str, str]
    secrets: Path

    def env(self, user: str) -> dict[str, str]:
        """`user`'s settings, the password in a 0600 file as a mounted secret."""
        path = self.secrets / user
        if not path.exists():
            path.write_text(self.passwords[user], encoding="utf-8")
            path.chmod(0o600)
        return {
            **self.base,
            "NEWS_KAFKA_SASL_USERNAME": user,
            "NEWS_KAFKA_SASL_PASSWORD_FILE": str(path),
        }

    def settings(self, user: str) -> RuntimeSettings:
        """`env(user)` as settings, for clients the test drives itself."""
        return _settings(self.env(user))


def _settings(env: dict[str, str]) -> RuntimeSettings:
    fields = {k.removeprefix("NEWS_").lower(): v for k, v in env.items()}
    return RuntimeSettings.model_validate({**fields, "metrics_port": 0})


@pytest.fixture(scope="module")
def secure(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SecureBroker]:
    """An authorizing broker whose only client listener is SASL_SSL, its topics made."""
    home = tmp_path_factory.mktemp("secure-kafka")
    pki = make_test_pki(home / "pki")
    users = [ADMIN, LATE, *default_users().values()]
    passwords = {user: _password() for user in users}
    local = broker.LocalBroker(
        home,
        sasl_ssl=broker.SaslSslListener(pki, passwords, super_users=(ADMIN,)),
    )
    local.start()
    (home / "secrets").mkdir()
    try:
        secure = SecureBroker(
            local,
            {
                "NEWS_KAFKA_BOOTSTRAP_SERVERS": f"127.0.0.1:{local.sasl_ssl_port}",
                "NEWS_KAFKA_SECURITY_PROTOCOL": "SASL_SSL",
                "NEWS_KAFKA_SASL_MECHANISM": "SCRAM-SHA-512",
                "NEWS_KAFKA_SSL_CAFILE": str(pki.ca_cert),
                "NEWS_KAFKA_SSL_CERTFILE": str(pki.client_cert),
                "NEWS_KAFKA_SSL_KEYFILE": str(pki.client_key),
            },
            passwords,
            home / "secrets",
        )
        created = run_cli("topics", "create", env=secure.env(ADMIN))
        assert created.returncode == 0, created.stderr
        yield secure
    finally:
        broker.stop(home)


def _publish(secure: SecureBroker, path: Path, count: int, tag: str) -> set[bytes]:
    ids = [f"{tag}-{i}-{uuid.uuid4().hex[:6]}" for i in range(count)]
    path.write_text(
        "".join(
            json.dumps({"id": i, "text": f"Moscow and Beijing signed a deal ({i})."})
            + "\n"
            for i in ids
        ),
        encoding="utf-8",
    )
    published = run_cli("publish", str(path), env=secure.env(ADMIN))
    assert published.returncode == 0, published.stderr
    return {i.encode() for i in ids}


def _grant(secure: SecureBroker, *options: str) -> str:
    granted = run_cli("acls", *options, env=secure.env(ADMIN))
    assert granted.returncode == 0, granted.stderr
    return granted.stdout


def _metrics(worker: WorkerProcess) -> str:
    url = f"http://127.0.0.1:{worker.metrics_port}/metrics"
    with urllib.request.urlopen(url, timeout=5) as response:
        return str(response.read().decode())


def _everything_printed(workers: list[WorkerProcess]) -> str:
    """What an onlooker sees: `ps` with environments, each log and /metrics."""
    ps = subprocess.run(
        ["ps", "-e", "-ww", "e", "-o", "args"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return ps + "".join(_metrics(w) + w.log.read_text() for w in workers)


def test_acls_dry_run_changes_nothing_and_applying_twice_adds_nothing(secure):
    names = [f"--user={w}=dry-{w}" for w in WORKER_NAMES]
    dry = _grant(secure, "--dry-run", *names)
    assert dry.count("would add") == 1 + 4 * len(WORKER_NAMES)  # summary + rows
    assert "0 present" in _grant(secure, "--dry-run", *names)  # nothing changed
    first = _grant(secure, *names)
    assert f"0 present, {4 * len(WORKER_NAMES)} added" in first
    again = _grant(secure, *names)
    assert f"{4 * len(WORKER_NAMES)} present, 0 added, 0 extra" in again
    widened = _grant(secure, "--guarantee", "exactly_once", "--dry-run", *names)
    assert f"{len(WORKER_NAMES)} would add" in widened  # one transactional prefix each
    _grant(secure, "--guarantee", "exactly_once", *names)
    narrowed = _grant(secure, "--prune", *names)  # back to at_least_once
    assert f"{len(WORKER_NAMES)} extra (removed)" in narrowed
    assert "0 extra" in _grant(secure, *names)


@pytest.mark.parametrize("guarantee", ["at_least_once", "exactly_once"])
def test_every_worker_runs_the_pipeline_with_its_own_principal(
    secure, guarantee, tmp_path: Path
):
    _grant(secure, "--guarantee", guarantee)
    users = default_users()
    workers = [
        WorkerProcess(
            name,
            secure.base["NEWS_KAFKA_BOOTSTRAP_SERVERS"],
            tmp_path / f"{name}.log",
            env={
                **secure.env(users[name]),
                "NEWS_PROCESSING_GUARANTEE": guarantee,
                "NEWS_LANGUAGE_BACKEND": "fasttext",  # lean: this is about access
                "NEWS_ENTITIES_LANGUAGES": "en",
                "NEWS_COMMIT_INTERVAL_S": "0.5",
                "NEWS_LOG_LEVEL": "DEBUG",  # the most a log ever says
            },
        )
        for name in WORKER_NAMES
    ]
    try:
        wanted = _publish(secure, tmp_path / "articles.jsonl", 6, guarantee)
        counts = asyncio.run(
            count_keys(secure.settings(ADMIN), ARTICLE_ENRICHED.name, wanted)
        )
        seen = _everything_printed(workers)
    finally:
        codes = [worker.stop() for worker in workers]
    assert codes == [0] * len(workers), [w.log_tail() for w in workers]
    if guarantee == "exactly_once":
        assert set(counts.values()) == {1}
    for worker in workers:
        assert "not authorized" not in worker.log.read_text(), worker.log_tail()
    for user, password in secure.passwords.items():
        assert password not in seen, f"{user}'s password is shown"


CONSUMING = {  # a topic, in a worker's group
    "read bilateral": (ARTICLE_BILATERAL.name, "language"),
    "join another group": (ARTICLE_RAW.name, "entities"),
}


async def _attempt(settings: RuntimeSettings, action: str) -> BaseException | None:
    """One thing the language principal's job does not need; the error it met."""
    config = client_config(settings)
    try:
        if action == "write enriched":
            producer = AIOKafkaProducer(**config)
            await producer.start()
            try:
                await producer.send_and_wait(ARTICLE_ENRICHED.name, b"{}", key=b"x")
            finally:
                await producer.stop()
        elif action in CONSUMING:
            topic, worker = CONSUMING[action]
            consumer = AIOKafkaConsumer(
                topic, **config, group_id=consumer_group(worker)
            )
            try:
                await consumer.start()
                await consumer.getone()
            finally:
                await consumer.stop()
        else:
            admin = AIOKafkaAdminClient(**config)
            await admin.start()
            try:
                if action == "delete a topic":
                    response = await admin.delete_topics([ARTICLE_RAW.name])
                    [(_, code)] = response.topic_error_codes
                else:
                    response = await admin.create_topics([NewTopic("news.x.v1", 1, 1)])
                    [(_, code, _)] = response.topic_errors
            finally:
                await admin.close()
            return TopicAuthorizationFailedError() if code == 29 else None
    except REFUSED as error:
        refused: BaseException = error
        return refused
    return None


@pytest.mark.parametrize(
    "action",
    [
        "write enriched",
        "read bilateral",
        "join another group",
        "delete a topic",
        "create a topic",
    ],
)
def test_the_language_principal_is_refused_what_its_job_does_not_need(secure, action):
    _grant(secure)
    settings = secure.settings(default_users()["language"])
    refused = asyncio.run(asyncio.wait_for(_attempt(settings, action), 60))
    assert isinstance(refused, REFUSED), f"{action} was allowed"


def test_a_worker_principal_cannot_create_topics_and_is_told_so(secure):
    result = run_cli("topics", "create", env=secure.env(default_users()["language"]))
    assert result.returncode != 0
    assert "may not create" in result.stderr
    assert "newsenrich topics create" in result.stderr


@pytest.mark.parametrize(
    "change",
    ["no SASL over TLS", "no SASL nor TLS on the nodes' port", "a wrong password"],
)
def test_an_unauthenticated_client_gets_nothing(secure, change, tmp_path):
    env = secure.env(ADMIN)
    wrong = _password()
    if change == "no SASL over TLS":
        env["NEWS_KAFKA_SECURITY_PROTOCOL"] = "SSL"
        env.pop("NEWS_KAFKA_SASL_MECHANISM")
    elif change == "a wrong password":
        (tmp_path / "wrong").write_text(wrong, encoding="utf-8")
        env["NEWS_KAFKA_SASL_PASSWORD_FILE"] = str(tmp_path / "wrong")
    else:
        env = {"NEWS_KAFKA_BOOTSTRAP_SERVERS": secure.local.bootstrap}
    result = run_cli("topics", "create", env=env, timeout=90)
    assert result.returncode != 0
    assert "cannot reach Kafka" in result.stderr
    if change == "a wrong password":
        assert "authentication" in result.stderr.lower()
    assert wrong not in result.stdout + result.stderr


def test_without_the_client_certificate_the_broker_refuses(secure):
    env = {k: v for k, v in secure.env(ADMIN).items() if "CERTFILE" not in k}
    env.pop("NEWS_KAFKA_SSL_KEYFILE")
    result = run_cli("topics", "create", env=env, timeout=90)
    assert result.returncode != 0


def _wait_for(check: Callable[[], bool], limit_s: float = 90) -> None:
    deadline = time.monotonic() + limit_s
    while not check():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.5)


def test_a_worker_missing_its_acls_says_so_once_waits_and_loses_nothing(
    secure, tmp_path
):
    wanted = _publish(secure, tmp_path / "early.jsonl", 5, "late")
    worker = WorkerProcess(
        "language",
        secure.base["NEWS_KAFKA_BOOTSTRAP_SERVERS"],
        tmp_path / "language.log",
        env={
            **secure.env(LATE),
            "NEWS_LANGUAGE_BACKEND": "fasttext",
            "NEWS_ACCESS_RETRY_S": "1",
        },
    )
    labels = {"worker": "language"}
    try:
        _wait_for(lambda: _refusals(worker) >= 4)
        refused_at, refusals = time.monotonic(), _refusals(worker)
        assert worker.metric("news_kafka_missing_acls", labels) == 4
        time.sleep(3)
        assert worker.running()
        # Asked again once a second, not in a loop: at most what 3 s allow.
        assert _refusals(worker) - refusals <= time.monotonic() - refused_at + 1
        _grant(secure, f"--user=language={LATE}")
        found = asyncio.run(
            count_keys(secure.settings(ADMIN), ARTICLE_LANGUAGE.name, wanted)
        )
        missing = worker.metric("news_kafka_missing_acls", labels)
    finally:
        assert worker.stop() == 0
    assert set(found) == wanted
    assert missing == 0
    log = worker.log.read_text()
    assert log.count("is not authorized for") == 1, worker.log_tail()
    assert f"User:{LATE}" in log and "READ on group news.language" in log


def _refusals(worker: WorkerProcess) -> float:
    try:
        value = worker.metric(
            "news_kafka_access_refusals_total", {"worker": "language"}
        )
    except OSError:
        return 0.0  # /metrics not up yet
    return value or 0.0
