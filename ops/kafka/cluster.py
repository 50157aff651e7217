"""Three KRaft nodes as one replicated Kafka cluster, on loopback, from the same jars.

Each node is broker and controller at once ("combined"): three JVMs instead of
six on a small machine, and a quorum of three controllers survives the loss of
one, as the brokers' replication factor 3 with min.insync.replicas 2 does. Two
nodes down stops both: no metadata quorum, no in-sync majority, so writes block
and fail rather than succeed unreplicated. Production clusters run dedicated
controllers (Kafka's advice beyond test set-ups), so a busy broker cannot starve
the quorum; the client side sees the same cluster either way.
"""

import json
import logging
from dataclasses import asdict, dataclass
from pathlib import Path

from ops.kafka import broker

logger = logging.getLogger(__name__)

SIZE = 3
MIN_INSYNC = 2
STATE_FILE = "cluster.json"


@dataclass(frozen=True)
class ClusterState:
    """What a running cluster left behind so that other commands can find it."""

    bootstrap: str
    nodes: list[str]  # each node's home
    min_insync: int
    # Each node's client and controller port: a cluster started again on its
    # data dirs must keep its quorum's ports.
    ports: list[tuple[int, int]]


class LocalCluster:
    """`size` combined nodes under `home` (node-1, node-2, ...), one cluster id."""

    def __init__(
        self,
        home: Path,
        size: int = SIZE,
        min_insync: int = MIN_INSYNC,
        libs_dir: Path | None = None,
        first_port: int | None = None,
        sasl_ssl: broker.SaslSslListener | None = None,
    ) -> None:
        if size < 1 or not 1 <= min_insync <= size:
            raise broker.BrokerError(
                f"a cluster of {size} cannot require {min_insync} in-sync replicas"
            )
        self.home = home
        self.min_insync = min_insync
        saved = _saved(home)
        ports = (
            saved.ports
            if saved and len(saved.ports) == size
            else [
                (
                    first_port + i if first_port else broker.free_port(),
                    broker.free_port(),
                )
                for i in range(size)
            ]
        )
        voters = ",".join(f"{i}@127.0.0.1:{c}" for i, (_, c) in enumerate(ports, 1))
        cluster_id = broker.new_cluster_id()
        self.nodes = [
            broker.LocalBroker(
                home / f"node-{i}",
                libs_dir,
                port=port,
                controller_port=controller_port,
                sasl_ssl=sasl_ssl,
                membership=broker.Membership(
                    node_id=i,
                    voters=voters,
                    cluster_id=cluster_id,
                    replication=size,
                    min_insync=min_insync,
                ),
            )
            for i, (port, controller_port) in enumerate(ports, 1)
        ]

    @property
    def bootstrap(self) -> str:
        """Every node, as clients should be given them."""
        return ",".join(node.bootstrap for node in self.nodes)

    def node(self, node_id: int) -> broker.LocalBroker:
        """The node with this `node.id` (1-based)."""
        return self.nodes[node_id - 1]

    def start(self) -> ClusterState:
        """Start every node, then wait until each serves (a quorum must form first)."""
        if read_cluster(self.home) is not None or broker.read_state(self.home):
            raise broker.BrokerError(f"a broker already runs from {self.home}")
        self.home.mkdir(parents=True, exist_ok=True)
        started = []
        try:
            for node in self.nodes:
                started.append((node, node.launch()[1]))
            for node, process in started:
                broker.wait_until_ready(node.bootstrap, process, node.client_options)
        except BaseException:
            for node, _ in started:
                broker.stop(node.home)
            raise
        state = ClusterState(
            self.bootstrap,
            [str(node.home) for node in self.nodes],
            self.min_insync,
            [(node.port, node.controller_port) for node in self.nodes],
        )
        (self.home / STATE_FILE).write_text(json.dumps(asdict(state)), encoding="utf-8")
        return state

    def kill(self, node_id: int) -> None:
        """SIGKILL one node, as a crash would; its data dir stays."""
        broker.kill(self.node(node_id).home)

    def restart(self, node_id: int) -> None:
        """Start a killed or stopped node again on its data dir and ports."""
        self.node(node_id).start()


def read_cluster(home: Path) -> ClusterState | None:
    """The cluster recorded in `home`, if any of its nodes is still alive."""
    state = _saved(home)
    if state is None or not any(broker.read_state(Path(n)) for n in state.nodes):
        return None
    return state


def stop_cluster(home: Path) -> bool:
    """Stop every node recorded in `home`; False if none was running."""
    state = _saved(home)
    if state is None:
        return False
    stopped = [broker.stop(Path(node)) for node in state.nodes]
    return any(stopped)


def _saved(home: Path) -> ClusterState | None:
    path = home / STATE_FILE
    if not path.exists():
        return None
    saved = json.loads(path.read_text(encoding="utf-8"))
    saved["ports"] = [tuple(pair) for pair in saved["ports"]]
    return ClusterState(**saved)
