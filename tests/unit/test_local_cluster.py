"""A local cluster's nodes: one quorum, one cluster id, replicated internal topics."""

import pytest

from ops.kafka import tls
from ops.kafka.broker import BrokerError, LocalBroker, SaslSslListener
from ops.kafka.cluster import LocalCluster


def _properties(node: LocalBroker) -> dict[str, str]:
    node.home.mkdir(parents=True, exist_ok=True)  # as start() does
    path = node._write_properties()
    lines = path.read_text(encoding="utf-8").splitlines()
    return dict(
        line.split("=", 1) for line in lines if line and not line.startswith("#")
    )


def test_three_nodes_share_a_quorum_and_replicate_internal_topics(tmp_path):
    cluster = LocalCluster(tmp_path, first_port=19092)
    written = [_properties(node) for node in cluster.nodes]
    assert [p["node.id"] for p in written] == ["1", "2", "3"]
    assert len({p["controller.quorum.voters"] for p in written}) == 1
    voters = written[0]["controller.quorum.voters"].split(",")
    assert [v.split("@")[0] for v in voters] == ["1", "2", "3"]
    for node, voter in zip(cluster.nodes, voters, strict=True):
        assert voter.endswith(f":{node.controller_port}")
    for p in written:
        assert p["offsets.topic.replication.factor"] == "3"
        assert p["transaction.state.log.replication.factor"] == "3"
        assert p["transaction.state.log.min.isr"] == "2"
        assert p["min.insync.replicas"] == "2"
    assert len({node.membership.cluster_id for node in cluster.nodes}) == 1
    assert cluster.bootstrap == "127.0.0.1:19092,127.0.0.1:19093,127.0.0.1:19094"


def test_a_single_node_replicates_nothing(tmp_path):
    written = _properties(LocalBroker(tmp_path))
    assert written["node.id"] == "1"
    assert written["offsets.topic.replication.factor"] == "1"
    assert written["min.insync.replicas"] == "1"


def test_min_insync_must_fit_the_cluster(tmp_path):
    with pytest.raises(BrokerError, match="cannot require 4"):
        LocalCluster(tmp_path, size=3, min_insync=4)


def _listener(tmp_path, super_users: tuple[str, ...]) -> SaslSslListener:
    pki = tls.TestPki(
        ca_cert=tmp_path / "ca.pem",
        broker_keystore=tmp_path / "broker.p12",
        broker_truststore=tmp_path / "trust.p12",
        keystore_password="unused-here",  # noqa: S106 - nothing is encrypted
        client_cert=tmp_path / "client.pem",
        client_key=tmp_path / "client.key",
    )
    return SaslSslListener(pki, {"admin": "x"}, super_users=super_users)


def test_every_node_of_an_authorizing_cluster_lets_no_one_in_unauthenticated(
    tmp_path,
):
    cluster = LocalCluster(tmp_path, sasl_ssl=_listener(tmp_path, ("admin",)))
    for node in cluster.nodes:
        p = _properties(node)
        assert p["authorizer.class.name"].endswith("StandardAuthorizer")
        assert p["allow.everyone.if.no.acl.found"] == "false"
        assert p["super.users"] == "User:node;User:admin"
        protocols = dict(
            pair.split(":") for pair in p["listener.security.protocol.map"].split(",")
        )
        used = [entry.split("://")[0] for entry in p["listeners"].split(",")]
        assert {protocols[name] for name in used} == {"SASL_PLAINTEXT", "SASL_SSL"}
        assert p["inter.broker.listener.name"] == "INTERNAL"
        assert node.client_options["sasl_plain_username"] == "node"


def test_without_super_users_the_node_authorizes_nothing(tmp_path):
    p = _properties(LocalBroker(tmp_path, sasl_ssl=_listener(tmp_path, ())))
    assert "authorizer.class.name" not in p
    assert p["inter.broker.listener.name"] == "PLAINTEXT"
