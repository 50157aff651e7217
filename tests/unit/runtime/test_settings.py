"""Settings come from NEWS_* variables; bad values fail with the variable's name."""

from typing import Any

import pytest

from workers.runtime.errors import SettingsError
from workers.runtime.kafka_config import client_config
from workers.runtime.settings import RuntimeSettings, load_settings


def test_defaults_suit_a_local_broker():
    settings = load_settings(RuntimeSettings)
    assert settings.kafka_bootstrap_servers == "localhost:9092"
    assert settings.metrics_port == 9000


def test_batch_size_is_the_stage_s_unless_set(monkeypatch):
    assert load_settings(RuntimeSettings).batch_for(128) == 128
    monkeypatch.setenv("NEWS_BATCH_SIZE", "16")
    assert load_settings(RuntimeSettings).batch_for(128) == 16


def test_bad_value_names_the_variable(monkeypatch):
    monkeypatch.setenv("NEWS_BATCH_SIZE", "zero")
    monkeypatch.setenv("NEWS_METRICS_PORT", "70000")
    with pytest.raises(SettingsError) as error:
        load_settings(RuntimeSettings)
    assert "NEWS_BATCH_SIZE" in str(error.value)
    assert "NEWS_METRICS_PORT" in str(error.value)


def test_sasl_password_is_secret_in_repr_but_reaches_the_client(monkeypatch):
    monkeypatch.setenv("NEWS_KAFKA_SECURITY_PROTOCOL", "SASL_PLAINTEXT")
    monkeypatch.setenv("NEWS_KAFKA_SASL_MECHANISM", "SCRAM-SHA-512")
    monkeypatch.setenv("NEWS_KAFKA_SASL_USERNAME", "enricher")
    monkeypatch.setenv("NEWS_KAFKA_SASL_PASSWORD", "hunter2")
    settings = load_settings(RuntimeSettings)
    assert "hunter2" not in repr(settings)
    assert client_config(settings)["sasl_plain_password"] == "hunter2"


def test_bootstrap_list_is_split():
    settings = RuntimeSettings(kafka_bootstrap_servers="a:9092, b:9092")
    assert client_config(settings)["bootstrap_servers"] == ["a:9092", "b:9092"]


def test_incomplete_sasl_fails_without_echoing_the_password(monkeypatch):
    monkeypatch.setenv("NEWS_KAFKA_SECURITY_PROTOCOL", "SASL_SSL")
    monkeypatch.setenv("NEWS_KAFKA_SASL_PASSWORD", "hunter2")
    with pytest.raises(SettingsError) as error:
        load_settings(RuntimeSettings)
    assert "NEWS_KAFKA_SASL_MECHANISM" in str(error.value)
    assert "hunter2" not in str(error.value)


def test_sasl_mechanism_without_a_sasl_protocol_is_refused(monkeypatch):
    monkeypatch.setenv("NEWS_KAFKA_SASL_MECHANISM", "PLAIN")
    with pytest.raises(SettingsError, match="SASL_SSL or SASL_PLAINTEXT"):
        load_settings(RuntimeSettings)


def test_tls_context_only_for_ssl_protocols():
    assert "ssl_context" not in client_config(RuntimeSettings())
    tls = client_config(RuntimeSettings(kafka_security_protocol="SSL"))
    assert tls["security_protocol"] == "SSL"
    assert tls["ssl_context"].verify_mode.name == "CERT_REQUIRED"


def test_exactly_once_is_opt_in(monkeypatch):
    assert RuntimeSettings().processing_guarantee == "at_least_once"
    monkeypatch.setenv("NEWS_PROCESSING_GUARANTEE", "exactly_once")
    assert load_settings(RuntimeSettings).processing_guarantee == "exactly_once"


def test_a_worker_without_its_extra_names_the_extra(capsys):
    from workers.runtime.run import serve_stage

    def missing() -> None:
        raise ModuleNotFoundError("No module named 'spacy'", name="spacy")

    with pytest.raises(SystemExit) as stopped:
        serve_stage("entities", missing)  # type: ignore[arg-type]
    assert stopped.value.code == 1
    assert "pip install 'newsenrich[entities]'" in capsys.readouterr().err


def _app_conf(monkeypatch: pytest.MonkeyPatch, **env: str) -> Any:
    """The faust settings a worker builds from these NEWS_* variables."""
    from concurrent.futures import ThreadPoolExecutor

    from prometheus_client import CollectorRegistry

    from ops.bench.passthrough import build_stage
    from workers.runtime.app import build_app
    from workers.runtime.metrics import build_metrics

    stage = build_stage()
    metrics = build_metrics(stage.name, "in", "out", CollectorRegistry())
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    settings = load_settings(RuntimeSettings)
    with ThreadPoolExecutor(1) as executor:
        return build_app(stage, settings, metrics, executor).conf


def test_producer_batches_are_sized_from_the_settings(monkeypatch):
    conf = _app_conf(monkeypatch, NEWS_PRODUCER_BATCH_BYTES="200000")
    assert conf.producer_max_batch_size == 200_000
    monkeypatch.setenv("NEWS_PRODUCER_BATCH_BYTES", "2000000")  # over the broker's
    with pytest.raises(SettingsError, match="NEWS_PRODUCER_BATCH_BYTES"):
        load_settings(RuntimeSettings)


@pytest.mark.parametrize(("value", "codec"), [("none", None), ("zstd", "zstd")])
def test_producer_compression_reaches_the_producer(monkeypatch, value, codec):
    conf = _app_conf(monkeypatch, NEWS_PRODUCER_COMPRESSION=value)
    assert conf.producer_compression_type == codec


def test_an_unknown_codec_names_the_setting(monkeypatch):
    monkeypatch.setenv("NEWS_PRODUCER_COMPRESSION", "brotli")
    with pytest.raises(SettingsError, match="NEWS_PRODUCER_COMPRESSION"):
        load_settings(RuntimeSettings)


def test_min_insync_beyond_the_replicas_is_refused(monkeypatch):
    monkeypatch.setenv("NEWS_TOPIC_REPLICATION_FACTOR", "3")
    monkeypatch.setenv("NEWS_TOPIC_MIN_INSYNC_REPLICAS", "2")
    assert load_settings(RuntimeSettings).topic_min_insync_replicas == 2
    monkeypatch.setenv("NEWS_TOPIC_MIN_INSYNC_REPLICAS", "4")
    with pytest.raises(SettingsError) as error:
        load_settings(RuntimeSettings)
    assert "NEWS_TOPIC_MIN_INSYNC_REPLICAS=4" in str(error.value)


def _sasl_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEWS_KAFKA_SECURITY_PROTOCOL", "SASL_SSL")
    monkeypatch.setenv("NEWS_KAFKA_SASL_MECHANISM", "SCRAM-SHA-512")
    monkeypatch.setenv("NEWS_KAFKA_SASL_USERNAME", "newsenrich-language")


def test_the_sasl_password_can_come_from_a_mounted_secret_file(monkeypatch, tmp_path):
    _sasl_env(monkeypatch)
    secret = tmp_path / "password"
    secret.write_text("from-a-file\n", encoding="utf-8")
    monkeypatch.setenv("NEWS_KAFKA_SASL_PASSWORD_FILE", str(secret))
    settings = load_settings(RuntimeSettings)
    assert client_config(settings)["sasl_plain_password"] == "from-a-file"
    secret.write_text("rotated", encoding="utf-8")  # read again on each connection
    assert client_config(settings)["sasl_plain_password"] == "rotated"


@pytest.mark.parametrize(
    ("content", "also_plain", "expected"),
    [
        (None, False, "cannot be read"),
        ("", False, "is empty"),
        ("x", True, "not both"),
    ],
)
def test_an_unusable_password_file_fails_by_name(
    monkeypatch, tmp_path, content, also_plain, expected
):
    _sasl_env(monkeypatch)
    secret = tmp_path / "password"
    if content is not None:
        secret.write_text(content, encoding="utf-8")
    monkeypatch.setenv("NEWS_KAFKA_SASL_PASSWORD_FILE", str(secret))
    if also_plain:
        monkeypatch.setenv("NEWS_KAFKA_SASL_PASSWORD", "plain-secret")
    with pytest.raises(SettingsError) as error:
        load_settings(RuntimeSettings)
    assert expected in str(error.value)
    assert "plain-secret" not in str(error.value)
