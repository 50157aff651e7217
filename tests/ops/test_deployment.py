"""The deployment files, checked by the real tools: docker-compose, promtool."""

import os
import re
import shutil
import subprocess
import tomllib
from pathlib import Path
from typing import Any

import pytest
import yaml

from ops.dashboard import load_panels
from topics.registry import WORKER_NAMES
from workers.credibility.worker import CredibilitySettings
from workers.entities.worker import EntitiesSettings
from workers.language.worker import LanguageSettings
from workers.runtime.acls import default_users
from workers.runtime.settings import RuntimeSettings

ROOT = Path(__file__).resolve().parents[2]
COMPOSE = ROOT / "docker-compose.yml"
PROMETHEUS = ROOT / "ops" / "prometheus"


def _tool(name: str) -> str:
    path = shutil.which(name)
    assert path, f"{name} is not installed; .ci/run installs it from Debian's packages"
    return path


def _run(*command: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        command, cwd=cwd, capture_output=True, text=True, timeout=120, check=False
    )


def _compose() -> dict[str, Any]:
    compose: dict[str, Any] = yaml.safe_load(COMPOSE.read_text(encoding="utf-8"))
    return compose


def test_docker_compose_parses_and_validates():
    result = _run(_tool("docker-compose"), "-f", str(COMPOSE), "config", "-q")
    assert result.returncode == 0, result.stderr


def test_docker_compose_rejects_a_broken_file(tmp_path):
    """The check above has teeth: the same parser refuses an invalid service."""
    broken = tmp_path / "docker-compose.yml"
    broken.write_text(
        COMPOSE.read_text(encoding="utf-8").replace(
            "stop_grace_period: 40s", "stop_grace_period: {not: valid}"
        ),
        encoding="utf-8",
    )
    result = _run(_tool("docker-compose"), "-f", str(broken), "config", "-q")
    assert result.returncode != 0


def test_every_worker_is_a_scalable_service_with_a_healthcheck():
    services = _compose()["services"]
    extras = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"][
        "optional-dependencies"
    ]
    for name in WORKER_NAMES:
        service = services[name]
        assert service["command"] == ["newsenrich", "worker", name]
        assert service["build"]["dockerfile"] == "ops/docker/worker.Dockerfile"
        assert service["build"]["args"]["EXTRA"] in extras  # only its own models
        assert "metrics" in " ".join(service["healthcheck"]["test"])
        # --scale needs replicas without fixed names or host ports.
        assert "container_name" not in service
        assert "ports" not in service
    assert services["topics"]["command"] == ["newsenrich", "topics", "create"]
    assert services["topics"]["restart"] == "no"


def test_kafka_image_is_the_version_the_tests_run():
    pom = (ROOT / "ops" / "kafka" / "pom.xml").read_text(encoding="utf-8")
    version = re.search(r"<kafka.version>([^<]+)<", pom)
    assert version
    assert _compose()["services"]["kafka"]["image"] == f"apache/kafka:{version[1]}"


def test_kafka_keeps_its_log_on_its_volume():
    """Unset, KAFKA_LOG_DIRS is /tmp/kraft-combined-logs: lost on every recreate."""
    kafka = _compose()["services"]["kafka"]
    mounts = {v.split(":")[1]: v.split(":")[0] for v in kafka["volumes"]}
    log_dirs = kafka["environment"]["KAFKA_LOG_DIRS"]
    assert mounts.get(log_dirs) == "kafka-data"
    assert "kafka-data" in _compose()["volumes"]


def _cluster() -> dict[str, Any]:
    """docker-compose.yml with docker-compose.cluster.yml, as compose merges them."""
    result = _run(
        _tool("docker-compose"),
        "-f",
        str(COMPOSE),
        "-f",
        str(ROOT / "docker-compose.cluster.yml"),
        "config",
    )
    assert result.returncode == 0, result.stderr
    merged: dict[str, Any] = yaml.safe_load(result.stdout)
    return merged


def test_the_cluster_file_makes_three_nodes_each_with_its_volume():
    merged = _cluster()
    services = merged["services"]
    nodes = [services[name] for name in ("kafka", "kafka-2", "kafka-3")]
    assert {node["image"] for node in nodes} == {services["kafka"]["image"]}
    assert sorted(int(n["environment"]["KAFKA_NODE_ID"]) for n in nodes) == [1, 2, 3]
    voters = {n["environment"]["KAFKA_CONTROLLER_QUORUM_VOTERS"] for n in nodes}
    assert voters == {"1@kafka:9093,2@kafka-2:9093,3@kafka-3:9093"}
    data = [
        mount.split(":")[0]  # this docker-compose prints volume:target:mode
        for node in nodes
        for mount in node["volumes"]
        if mount.split(":")[1] == node["environment"]["KAFKA_LOG_DIRS"]
    ]
    assert len(set(data)) == 3
    for node in nodes:
        env = node["environment"]
        assert str(env["KAFKA_TRANSACTION_STATE_LOG_MIN_ISR"]) == "2"
        assert str(env["KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR"]) == "3"


def test_the_cluster_s_clients_know_every_node_and_replicate_topics():
    services = _cluster()["services"]
    everyone = "kafka:9092,kafka-2:9092,kafka-3:9092"
    for name in ("topics", *WORKER_NAMES):
        assert services[name]["environment"]["NEWS_KAFKA_BOOTSTRAP_SERVERS"] == everyone
    topics = services["topics"]["environment"]
    assert str(topics["NEWS_TOPIC_REPLICATION_FACTOR"]) == "3"
    assert str(topics["NEWS_TOPIC_MIN_INSYNC_REPLICAS"]) == "2"


def test_credibility_can_be_given_rating_files():
    credibility = _compose()["services"]["credibility"]
    source, target, mode = credibility["volumes"][0].rsplit(":", 2)
    assert (target, mode) == ("/ratings", "ro")
    assert source == "${NEWS_RATINGS_DIR:-./ops/ratings}"
    passed = credibility["environment"]
    for name in ("LIN2023_PATH", "MBFC_PATHS", "OPENSOURCES_PATH"):
        # No value: compose passes the host's variable through only when it is set.
        assert passed[f"NEWS_CREDIBILITY_{name}"] is None
    assert passed["NEWS_KAFKA_BOOTSTRAP_SERVERS"]  # the shared settings kept


def test_mounted_files_exist():
    for service in _compose()["services"].values():
        for volume in service.get("volumes", []):
            source = volume.split(":", 1)[0].removeprefix("${NEWS_RATINGS_DIR:-")
            source = source.removesuffix("}")
            if source.startswith("./"):
                assert (ROOT / source).exists(), source


def test_image_runs_as_a_non_root_user_with_a_healthcheck():
    dockerfile = (ROOT / "ops" / "docker" / "worker.Dockerfile").read_text()
    user = re.findall(r"^USER (\S+)", dockerfile, flags=re.MULTILINE)
    assert user and user[-1] not in {"root", "0"}
    assert "HEALTHCHECK" in dockerfile


def test_prometheus_config_and_rules_pass_promtool():
    promtool = _tool("promtool")
    config = _run(promtool, "check", "config", "prometheus.yml", cwd=PROMETHEUS)
    assert config.returncode == 0, config.stdout + config.stderr
    rules = _run(promtool, "check", "rules", "alerts.yml", cwd=PROMETHEUS)
    assert rules.returncode == 0, rules.stdout + rules.stderr


def test_alert_unit_tests_pass():
    """Each alert fires when it should (worker down, lag growing, ...) and only then."""
    result = _run(_tool("promtool"), "test", "rules", "alerts_test.yml", cwd=PROMETHEUS)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "SUCCESS" in result.stdout


def test_every_alert_has_a_runbook_entry_and_a_unit_test():
    rules = yaml.safe_load((PROMETHEUS / "alerts.yml").read_text())
    alerts = [rule["alert"] for group in rules["groups"] for rule in group["rules"]]
    runbooks = (ROOT / "ops" / "runbooks.md").read_text(encoding="utf-8")
    tested = (PROMETHEUS / "alerts_test.yml").read_text(encoding="utf-8")
    assert len(alerts) >= 4
    for alert in alerts:
        assert f"\n## {alert}\n" in runbooks
        assert f"alertname: {alert}" in tested


def test_grafana_provisioning_points_at_the_dashboard():
    grafana = ROOT / "ops" / "grafana"
    datasource = yaml.safe_load(
        (grafana / "provisioning" / "datasources" / "prometheus.yml").read_text()
    )
    assert datasource["datasources"][0]["uid"] == "prometheus"
    panels = load_panels()
    assert len(panels) >= 10
    assert all(panel.targets for panel in panels)


def _documented_names(readme: str) -> tuple[set[str], list[tuple[str, str]]]:
    """Full names in the first column, and (row prefix, `_SUFFIX`) shorthands."""
    full: set[str] = set()
    shorthands: list[tuple[str, str]] = []
    for line in readme.splitlines():
        if not line.startswith("| `NEWS_"):
            continue
        names = re.findall(r"`(_?[A-Z0-9_]+)`", line.split("|")[1])
        full.update(n for n in names if n.startswith("NEWS_"))
        family = "_".join(names[0].split("_")[:2])  # NEWS_KAFKA, NEWS_LANGUAGE
        shorthands += [(family, n) for n in names if n.startswith("_")]
    return full, shorthands


@pytest.mark.parametrize(
    "settings",
    [RuntimeSettings, LanguageSettings, EntitiesSettings, CredibilitySettings],
)
def test_every_setting_is_in_the_readme_table(settings):
    full, shorthands = _documented_names((ROOT / "README.md").read_text("utf-8"))
    prefix = settings.model_config["env_prefix"]
    for field in settings.model_fields:
        name = f"{prefix}{field}".upper()
        documented = name in full or any(
            name.startswith(family) and name.endswith(suffix)
            for family, suffix in shorthands
        )
        assert documented, f"{name} is missing from the README's configuration table"


def _secure_config(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """`docker-compose config` of docker-compose.yml with docker-compose.secure.yml."""
    return subprocess.run(
        [
            _tool("docker-compose"),
            "-f",
            str(COMPOSE),
            "-f",
            str(ROOT / "docker-compose.secure.yml"),
            "config",
        ],
        cwd=ROOT,
        env={k: v for k, v in os.environ.items() if not k.startswith("NEWS_")} | env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_the_secure_file_gives_each_worker_its_own_user_and_password_file():
    result = _secure_config({"NEWS_KAFKA_BOOTSTRAP_SERVERS": "broker-1:9093"})
    assert result.returncode == 0, result.stderr
    merged = yaml.safe_load(result.stdout)
    services, secrets = merged["services"], merged["secrets"]
    users = default_users()
    mounted = {}
    for name in ("topics", *WORKER_NAMES):
        env = services[name]["environment"]
        assert "NEWS_KAFKA_SASL_PASSWORD" not in env  # a file, not a variable
        assert env["NEWS_KAFKA_BOOTSTRAP_SERVERS"] == "broker-1:9093"
        assert env["NEWS_KAFKA_SECURITY_PROTOCOL"] == "SASL_SSL"
        [own] = [
            s["source"]
            for s in services[name]["secrets"]
            if s["source"] != "kafka-ca.pem"
        ]
        assert env["NEWS_KAFKA_SASL_PASSWORD_FILE"] == f"/run/secrets/{own}"
        assert secrets[own]["file"].startswith(str(ROOT / "secrets"))
        mounted[name] = (env["NEWS_KAFKA_SASL_USERNAME"], own)
    assert {name: user for name, (user, _) in mounted.items() if name != "topics"} == (
        users  # the users `newsenrich acls` grants by default
    )
    assert len({secret for _, secret in mounted.values()}) == len(mounted)
    assert mounted["topics"][0] == "newsenrich-admin"
    assert "newsenrich acls" in " ".join(services["topics"]["command"])
    assert "sleep" in services["kafka"]["command"]  # the plaintext broker is unused


def test_the_secure_file_needs_the_secured_kafka_named():
    result = _secure_config({})
    assert result.returncode != 0
    assert "bootstrap servers" in result.stderr


def test_the_secrets_script_makes_one_private_password_per_user_once(tmp_path):
    target = tmp_path / "secrets"
    script = str(ROOT / "ops" / "docker" / "secrets.sh")
    made = _run(script, str(target))
    assert made.returncode == 0, made.stderr
    files = sorted(p.name for p in target.iterdir())
    assert files == sorted(f"kafka-{w}" for w in ("admin", *WORKER_NAMES))
    passwords = {p.read_text() for p in target.iterdir()}
    assert len(passwords) == len(files) and all(len(p) >= 20 for p in passwords)
    assert target.stat().st_mode & 0o077 == 0  # the directory is private
    first = (target / "kafka-admin").read_text()
    assert _run(script, str(target)).returncode == 0
    assert (target / "kafka-admin").read_text() == first  # kept, not replaced


def test_the_bilateral_image_installs_every_parser_it_loads():
    """Each package PARSER_MODELS names comes with the bilateral image: from its
    extra, or from the no-deps file the Dockerfile installs for it."""
    from workers.bilateral.parse import PARSER_MODELS

    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    extra = {
        re.split(r"[=<>]", spec)[0].replace("-", "_")
        for spec in project["optional-dependencies"]["bilateral"]
    }
    no_deps = {
        line.split("==")[0].replace("-", "_")
        for line in (ROOT / "ops" / "models-no-deps.txt").read_text().splitlines()
        if line and not line.startswith("#")
    }
    dockerfile = (ROOT / "ops" / "docker" / "worker.Dockerfile").read_text()
    [cases] = re.findall(r'case "\$EXTRA" in ([\w|]+)\)', dockerfile)
    with_no_deps = no_deps if "bilateral" in cases.split("|") else set()
    for package in PARSER_MODELS.values():
        assert package in extra | with_no_deps, package
