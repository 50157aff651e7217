"""The CLI against the real broker: broker lifecycle, topics, publish and tail."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from ops.kafka import broker
from ops.kafka.secure import ADMIN
from tests.conftest import SAMPLE
from tests.integration.conftest import run_cli
from topics.registry import ALL_TOPICS
from workers.runtime.topics import create_topics

pytestmark = pytest.mark.kafka


def _cli(
    *args: str, bootstrap: str | None = None, timeout: float = 120
) -> subprocess.CompletedProcess[str]:
    env = {"NEWS_KAFKA_BOOTSTRAP_SERVERS": bootstrap} if bootstrap else {}
    return run_cli(*args, env=env, timeout=timeout)


def _json_or_none(line: str) -> object:
    # The raw topic is shared: other tests publish deliberately broken records.
    try:
        return json.loads(line)
    except ValueError:
        return None


def test_broker_start_status_stop_leaves_nothing_running(tmp_path):
    home = str(tmp_path / "kafka")
    port = str(broker.free_port())
    started = _cli("broker", "start", "--home", home, "--port", port)
    assert started.returncode == 0, started.stderr
    assert f"127.0.0.1:{port}" in started.stdout
    state = broker.read_state(tmp_path / "kafka")
    assert state is not None
    assert _cli("broker", "status", "--home", home).returncode == 0
    again = _cli("broker", "start", "--home", home, "--port", port)
    assert again.returncode == 2 and "already runs" in again.stderr
    assert _cli("broker", "stop", "--home", home).returncode == 0
    assert broker.read_state(tmp_path / "kafka") is None
    with pytest.raises(ProcessLookupError):
        os.kill(state.pid, 0)
    assert _cli("broker", "status", "--home", home).returncode == 3


def _settings_file(path: Path) -> dict[str, str]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return dict(line.split("=", 1) for line in lines if line)


def test_a_secure_broker_from_the_command_line_lets_each_principal_do_its_part(
    tmp_path,
):
    home = tmp_path / "kafka"
    port = str(broker.free_port())
    started = _cli("broker", "start", "--secure", "--home", str(home), "--port", port)
    assert started.returncode == 0, started.stderr
    try:
        secrets = home / "secrets"
        admin = _settings_file(secrets / f"{ADMIN}.env")
        assert "NEWS_KAFKA_SASL_PASSWORD" not in admin  # a file, not the password
        password = Path(admin["NEWS_KAFKA_SASL_PASSWORD_FILE"]).read_text()
        assert password not in (secrets / f"{ADMIN}.env").read_text() + started.stdout
        assert str(secrets / f"{ADMIN}.env") in started.stdout
        assert run_cli("topics", "create", env=admin).returncode == 0
        granted = run_cli("acls", env=admin)
        assert granted.returncode == 0, granted.stderr
        assert "16 added" in granted.stdout
        language = _settings_file(secrets / "newsenrich-language.env")
        refused = run_cli("acls", "--dry-run", env=language)  # no describe on ACLs
        assert refused.returncode != 0
        plain = _cli("topics", "create", bootstrap=f"127.0.0.1:{port}", timeout=60)
        assert plain.returncode != 0  # the nodes' port takes no plain client
    finally:
        assert _cli("broker", "stop", "--home", str(home)).returncode == 0


async def test_topics_create_is_idempotent(kafka_settings, kafka_bootstrap):
    await create_topics(kafka_settings)
    result = _cli("topics", "create", bootstrap=kafka_bootstrap)
    assert result.returncode == 0, result.stderr
    assert "all existed already" in result.stdout
    listed = _cli("topics", "list").stdout
    assert all(spec.name in listed for spec in ALL_TOPICS)


def test_publish_then_tail_round_trip(kafka_bootstrap, tmp_path, sample_article):
    topic = "news.article.raw.v1"
    bad = tmp_path / "bad.jsonl"
    bad.write_bytes(
        b'{"id": "ok-line", "text": "Bonjour le monde"}\n{oops\n\xff\xfe bad\n'
        b'{"id": "after-bad", "text": "Un article encore"}\n'
    )
    published = _cli("publish", str(SAMPLE), str(bad), bootstrap=kafka_bootstrap)
    assert published.returncode == 1  # two lines skipped, and said so
    assert "published 3 article(s)" in published.stdout
    assert "bad.jsonl:2" in published.stderr
    assert "bad.jsonl:3: not_utf8" in published.stderr
    tailed = _cli(
        "tail", topic, "--json", "--idle-timeout", "3", bootstrap=kafka_bootstrap
    )
    assert tailed.returncode == 0, tailed.stderr
    ids = {
        record["id"]
        for record in map(_json_or_none, tailed.stdout.splitlines())
        if isinstance(record, dict) and "id" in record
    }
    assert {sample_article.id, "ok-line", "after-bad"} <= ids
    readable = _cli("tail", topic, "--max", "1", bootstrap=kafka_bootstrap)
    assert readable.stdout.startswith("● ")


def test_unreachable_settings_fail_with_a_clear_message():
    result = _cli("topics", "create", bootstrap="127.0.0.1:1")
    assert result.returncode != 0
    bad = subprocess.run(
        [sys.executable, "-m", "workers.cli.main", "topics", "create"],
        env={**os.environ, "NEWS_BATCH_SIZE": "-3"},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert bad.returncode == 2
    assert "NEWS_BATCH_SIZE" in bad.stderr
