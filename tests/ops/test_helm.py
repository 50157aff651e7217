"""The Helm chart, rendered by the real helm and validated without a cluster.

Every manifest of `helm template` (default values and the chart's ci/ values) is
checked against the Kubernetes 1.37 schemas with kubernetes-validate, strict, and
each custom resource against its CRD's own openAPIV3Schema (helm and the CRDs:
ops/system/k8s-tools.sh, which `make test` runs).
"""

import subprocess
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema
import kubernetes_validate
import pytest
import yaml

from topics.registry import WORKER_NAMES

ROOT = Path(__file__).resolve().parents[2]
CHART = ROOT / "deploy" / "helm" / "newsenrich"
TOOLS = ROOT / ".cache" / "k8s"
KUBERNETES = "1.37.0"
VALUES = {
    "default": [],
    "sasl-tls": [CHART / "ci" / "sasl-tls-values.yaml"],
    "autoscaling": [CHART / "ci" / "autoscaling-values.yaml"],
}
CUSTOM = {"ServiceMonitor", "PodMonitor", "PrometheusRule", "ScaledObject"}
CUSTOM |= {"TriggerAuthentication"}


def _helm(*args: str) -> subprocess.CompletedProcess[str]:
    helm = TOOLS / "bin" / "helm"
    if not helm.exists():
        pytest.fail("helm is missing: run ops/system/k8s-tools.sh (make test does)")
    return subprocess.run(
        [str(helm), *args], capture_output=True, text=True, timeout=120, check=False
    )


def _render(values: list[Path], *extra: str) -> list[dict[str, Any]]:
    options = [arg for path in values for arg in ("-f", str(path))]
    result = _helm("template", "news", str(CHART), *options, *extra)
    assert result.returncode == 0, result.stderr
    return [doc for doc in yaml.safe_load_all(result.stdout) if doc]


@cache
def _crd_schemas() -> dict[tuple[str, str], dict[str, Any]]:
    """(apiVersion, kind) -> openAPIV3Schema made strict, from the CRDs
    k8s-tools.sh fetched; read once (they are large), never changed."""
    schemas = {}
    for path in (TOOLS / "crds").glob("*.yaml"):
        crd = yaml.safe_load(path.read_text(encoding="utf-8"))
        group, kind = crd["spec"]["group"], crd["spec"]["names"]["kind"]
        for version in crd["spec"]["versions"]:
            schema = _strict(version["schema"]["openAPIV3Schema"])
            schemas[(f"{group}/{version['name']}", kind)] = schema
    return schemas


def _strict(schema: Any) -> Any:
    """The schema with unknown fields refused wherever it lists the known ones
    (the API server would prune them silently: here they fail, as in
    kubernetes-validate's strict mode)."""
    if isinstance(schema, dict):
        schema = {key: _strict(value) for key, value in schema.items()}
        if (
            "properties" in schema
            and "additionalProperties" not in schema
            and not schema.get("x-kubernetes-preserve-unknown-fields")
        ):
            schema["additionalProperties"] = False
    elif isinstance(schema, list):
        schema = [_strict(item) for item in schema]
    return schema


def _validate_custom(doc: dict[str, Any]) -> None:
    # The CRDs' patterns are Go regexes, some not valid for Python's metaschema
    # check; they apply only to fields the chart does not set.
    schema = _crd_schemas()[(doc["apiVersion"], doc["kind"])]
    jsonschema.Draft7Validator(schema).validate(doc)


def _by_kind(docs: list[dict[str, Any]], kind: str) -> list[dict[str, Any]]:
    return [doc for doc in docs if doc["kind"] == kind]


@pytest.mark.parametrize("name", list(VALUES))
def test_helm_lint_passes(name):
    options = [arg for path in VALUES[name] for arg in ("-f", str(path))]
    result = _helm("lint", "--strict", str(CHART), *options)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("name", list(VALUES))
def test_every_manifest_is_valid_for_its_schema(name):
    docs = _render(VALUES[name])
    assert _crd_schemas(), "no CRDs: run ops/system/k8s-tools.sh"
    for doc in docs:
        if doc["kind"] in CUSTOM:
            _validate_custom(doc)
        else:
            kubernetes_validate.validate(doc, KUBERNETES, strict=True)


def test_validation_would_catch_an_unknown_field():
    [stateful, *_] = _by_kind(_render([]), "StatefulSet")
    stateful["spec"]["replicaz"] = 1
    with pytest.raises(kubernetes_validate.ValidationError):
        kubernetes_validate.validate(stateful, KUBERNETES, strict=True)
    monitored = _render(VALUES["sasl-tls"])
    rule = _by_kind(monitored, "PrometheusRule")[0]
    rule["spec"]["groups"][0]["rules"][0]["for"] = ["not", "a", "duration"]
    with pytest.raises(jsonschema.ValidationError):
        _validate_custom(rule)
    monitor = _by_kind(monitored, "ServiceMonitor")[0]
    monitor["spec"]["endpoints"][0]["prot"] = "metrics"
    with pytest.raises(jsonschema.ValidationError):
        _validate_custom(monitor)


def test_one_statefulset_per_worker_with_its_pod_name_as_identity():
    docs = _render([])
    stateful = {
        doc["metadata"]["labels"]["app.kubernetes.io/component"]: doc
        for doc in _by_kind(docs, "StatefulSet")
    }
    assert set(stateful) == set(WORKER_NAMES)
    for doc in stateful.values():
        pod = doc["spec"]["template"]["spec"]
        [container] = pod["containers"]
        env = {e["name"]: e for e in container["env"]}
        assert env["NEWS_INSTANCE_ID"]["valueFrom"]["fieldRef"]["fieldPath"] == (
            "metadata.name"
        )
        assert container["resources"]["requests"]["memory"]
        assert container["resources"]["limits"]["memory"]
        assert container["securityContext"]["readOnlyRootFilesystem"] is True
        assert container["securityContext"]["runAsNonRoot"] is True
        assert container["livenessProbe"]["httpGet"]["path"] == "/metrics"
        assert pod["terminationGracePeriodSeconds"] >= 40  # compose's drain time
    assert len(_by_kind(docs, "PodDisruptionBudget")) == len(WORKER_NAMES)
    [job] = _by_kind(docs, "Job")
    assert job["metadata"]["annotations"]["helm.sh/hook"] == "pre-install,pre-upgrade"
    assert job["spec"]["template"]["spec"]["containers"][0]["command"] == [
        "newsenrich",
        "topics",
        "create",
    ]


def test_the_alert_rules_are_those_of_ops_prometheus():
    docs = _render(VALUES["sasl-tls"])
    [rule] = _by_kind(docs, "PrometheusRule")
    alerts = yaml.safe_load((ROOT / "ops" / "prometheus" / "alerts.yml").read_text())
    assert rule["spec"] == alerts
    [dashboard] = [
        doc
        for doc in _by_kind(docs, "ConfigMap")
        if doc["metadata"]["name"].endswith("-dashboard")
    ]
    assert dashboard["metadata"]["labels"]["grafana_dashboard"] == "1"
    source = (ROOT / "ops" / "grafana" / "dashboards" / "newsenrich.json").read_text()
    assert dashboard["data"]["newsenrich.json"].strip() == source.strip()


def _pod_principal(pod: dict[str, Any]) -> tuple[str, str]:
    """The SASL user every container of a pod runs as, and the one Secret key
    its pod mounts (as a file); no password in the environment."""
    users, keys = set(), set()
    for container in pod.get("initContainers", []) + pod["containers"]:
        env = {e["name"]: e for e in container["env"]}
        assert "NEWS_KAFKA_SASL_PASSWORD" not in env
        assert env["NEWS_KAFKA_SASL_PASSWORD_FILE"]["value"].startswith(
            "/etc/newsenrich/"
        )
        assert env["NEWS_KAFKA_SSL_CAFILE"]["value"].startswith("/etc/newsenrich/")
        users.add(env["NEWS_KAFKA_SASL_USERNAME"]["value"])
    [sasl] = [v["secret"] for v in pod["volumes"] if v["name"] == "kafka-sasl"]
    assert sasl["secretName"] == "kafka-newsenrich"
    [item] = sasl["items"]  # its own key, never the whole Secret
    keys.add(item["key"])
    [user], [key] = users, keys
    return user, key


def test_each_worker_has_its_own_principal_and_mounts_only_its_password():
    docs = _render(VALUES["sasl-tls"])
    principals = {
        doc["metadata"]["labels"]["app.kubernetes.io/component"]: _pod_principal(
            doc["spec"]["template"]["spec"]
        )
        for doc in _by_kind(docs, "StatefulSet")
    }
    assert principals["language"] == ("svc-language", "language-password")  # set
    assert principals["entities"] == ("newsenrich-entities", "entities")  # default
    assert len(set(principals.values())) == len(WORKER_NAMES)
    [job] = _by_kind(docs, "Job")
    pod = job["spec"]["template"]["spec"]
    assert _pod_principal(pod) == ("newsenrich-admin", "admin")
    [acls] = pod["containers"]  # after the topics, as the administrator
    assert acls["command"][:2] == ["newsenrich", "acls"]
    granted = dict(
        arg.removeprefix("--user=").split("=") for arg in acls["command"][2:]
    )
    assert granted == {name: user for name, (user, _) in principals.items()}


def test_keda_reads_each_group_s_lag_as_that_worker():
    docs = _render(VALUES["autoscaling"])
    auths = {
        doc["metadata"]["name"]: doc for doc in _by_kind(docs, "TriggerAuthentication")
    }
    for scaled in _by_kind(docs, "ScaledObject"):
        worker = scaled["metadata"]["labels"]["app.kubernetes.io/component"]
        [trigger] = scaled["spec"]["triggers"]
        assert trigger["metadata"]["username"] == f"newsenrich-{worker}"
        auth = auths[trigger["authenticationRef"]["name"]]
        [ref] = auth["spec"]["secretTargetRef"]
        assert ref["key"] == worker


def test_scaled_objects_follow_each_worker_s_group_and_source():
    docs = _render(VALUES["autoscaling"])
    scaled = {
        doc["spec"]["scaleTargetRef"]["name"]: doc
        for doc in _by_kind(docs, "ScaledObject")
    }
    assert set(scaled) == {f"news-{name}" for name in WORKER_NAMES}
    [trigger] = scaled["news-entities"]["spec"]["triggers"]
    assert trigger["metadata"]["consumerGroup"] == "news.entities"
    assert trigger["metadata"]["topic"] == "news.article.language.v1"
    assert all(doc["spec"]["maxReplicaCount"] <= 6 for doc in scaled.values())


def test_more_replicas_than_partitions_is_refused():
    result = _helm(
        "template",
        "news",
        str(CHART),
        "--set",
        "autoscaling.enabled=true",
        "--set",
        "autoscaling.maxReplicas=7",
    )
    assert result.returncode != 0
    assert "exceeds the 6 partitions" in result.stderr
