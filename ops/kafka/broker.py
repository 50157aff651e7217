"""An Apache Kafka node in KRaft mode (broker and controller), from Maven Central jars.

Alone it is the single-node broker of local runs and tests; `ops.kafka.cluster`
runs three of them as one replicated cluster.

No Docker: `mvn dependency:copy-dependencies` resolves `kafka_2.13` into a
git-ignored cache, `kafka.tools.StorageTool format` prepares the data dir, and
`kafka.Kafka` runs with the machine's Java 17 in its own process session.
"""

import asyncio
import base64
import contextlib
import hashlib
import json
import logging
import os
import secrets
import shutil
import signal
import socket
import subprocess
import time
import uuid
from dataclasses import asdict, dataclass, field
from pathlib import Path

from ops.kafka.tls import TestPki
from workers.runtime.errors import ToolError

logger = logging.getLogger(__name__)

POM = Path(__file__).with_name("pom.xml")
NODE_USER = "node"  # the principal nodes use toward each other when authorizing
KAFKA_MAIN = "kafka.Kafka"
STORAGE_TOOL = "kafka.tools.StorageTool"
# A broker accepts TCP before its controller is ready; an admin call proves it.
READY_TIMEOUT_S = 90.0
STOP_TIMEOUT_S = 30.0
JVM_HEAP = ["-Xms256m", "-Xmx768m"]


class BrokerError(ToolError):
    """The local broker could not be prepared, started or stopped."""


def default_cache_dir() -> Path:
    """`.cache/` in the source checkout, else the user's cache directory."""
    root = Path(__file__).resolve().parents[2]
    if (root / "pyproject.toml").exists():
        return root / ".cache"
    return Path.home() / ".cache" / "newsenrich"


def free_port() -> int:
    """A TCP port on loopback that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def ensure_jars(libs_dir: Path) -> Path:
    """Resolve the broker's jars with Maven once per pom.xml; later calls reuse them."""
    marker = libs_dir / ".complete"
    wanted = hashlib.sha256(POM.read_bytes()).hexdigest()
    if marker.exists() and marker.read_text(encoding="utf-8").strip() == wanted:
        return libs_dir
    mvn = shutil.which("mvn")
    if mvn is None:
        raise BrokerError(
            "Maven ('mvn') is not on PATH; install it to fetch Kafka's jars"
        )
    logger.info("resolving Kafka jars with Maven into %s", libs_dir)
    libs_dir.mkdir(parents=True, exist_ok=True)
    command = [
        mvn,
        "-q",
        "-B",
        "-f",
        str(POM),
        "dependency:copy-dependencies",
        f"-DoutputDirectory={libs_dir}",
        "-DincludeScope=runtime",
    ]
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise BrokerError(
            f"mvn failed ({result.returncode}):\n{result.stdout}{result.stderr}"
        )
    marker.write_text(wanted, encoding="utf-8")  # a changed pom resolves again
    return libs_dir


def _java() -> str:
    home = os.environ.get("JAVA_HOME")
    java = str(Path(home) / "bin" / "java") if home else shutil.which("java")
    if not java:
        raise BrokerError("Java is not on PATH; Kafka needs Java 17")
    return java


@dataclass(frozen=True)
class BrokerState:
    """What a running broker left behind so that other commands can find it."""

    pid: int
    bootstrap: str
    home: str
    log: str


@dataclass(frozen=True)
class SaslSslListener:
    """A second listener: SASL_SSL with SCRAM users and mutual TLS.

    With `super_users`, the node also authorizes every request (KRaft's
    StandardAuthorizer, nothing allowed without an ACL): the plaintext listener
    becomes INTERNAL (SASL/PLAIN, the nodes' own principal `User:node`), so no
    listener is left where an unauthenticated client could get in.
    """

    pki: TestPki
    users: dict[str, str]  # name -> password, for SCRAM-SHA-256 and -512
    port: int = 0
    super_users: tuple[str, ...] = ()  # administrators, beside User:node
    node_password: str = field(default_factory=lambda: secrets.token_urlsafe(24))

    @property
    def authorizes(self) -> bool:
        """Whether requests are checked against ACLs."""
        return bool(self.super_users)

    def properties(self, port: int) -> str:
        """server.properties lines beyond the plaintext defaults."""
        login = "org.apache.kafka.common.security.scram.ScramLoginModule required;"
        password = self.pki.keystore_password
        text = SASL_SSL_PROPERTIES.format(
            port=port,
            login=login,
            keystore=self.pki.broker_keystore,
            truststore=self.pki.broker_truststore,
            password=password,
        )
        if not self.authorizes:
            return text
        node_login = (
            "org.apache.kafka.common.security.plain.PlainLoginModule required "
            f'username="{NODE_USER}" password="{self.node_password}" '
            f'user_{NODE_USER}="{self.node_password}";'
        )
        principals = (NODE_USER, *self.super_users)
        return text + AUTHORIZER_PROPERTIES.format(
            super_users=";".join(f"User:{name}" for name in principals),
            node_login=node_login,
        )

    def node_client_options(self) -> dict[str, str]:
        """aiokafka options for the INTERNAL listener, as the nodes' principal."""
        return {
            "security_protocol": "SASL_PLAINTEXT",
            "sasl_mechanism": "PLAIN",
            "sasl_plain_username": NODE_USER,
            "sasl_plain_password": self.node_password,
        }

    def scram_arguments(self) -> list[str]:
        """`StorageTool format --add-scram` arguments: users exist from the start."""
        return [
            f"--add-scram={mechanism}=[name={name},password={password}]"
            for name, password in self.users.items()
            for mechanism in ("SCRAM-SHA-256", "SCRAM-SHA-512")
        ]


@dataclass(frozen=True)
class Membership:
    """A node's place in a cluster: its id, the controller quorum, the replication
    its internal topics (offsets, transaction state) and writes require."""

    node_id: int
    voters: str  # controller.quorum.voters: "1@host:port,2@host:port,..."
    cluster_id: str
    replication: int
    min_insync: int


def new_cluster_id() -> str:
    """A KRaft cluster id: 16 random bytes, URL-safe base64 without padding."""
    return base64.urlsafe_b64encode(uuid.uuid4().bytes).rstrip(b"=").decode()


class LocalBroker:
    """One node: its home (config, data, log) and the jars it runs from."""

    def __init__(
        self,
        home: Path,
        libs_dir: Path | None = None,
        port: int | None = None,
        controller_port: int | None = None,
        sasl_ssl: SaslSslListener | None = None,
        membership: Membership | None = None,
    ) -> None:
        self.home = home
        self.libs_dir = libs_dir or default_cache_dir() / "kafka" / "libs"
        self.port = port or free_port()
        self.controller_port = controller_port or free_port()
        self.sasl_ssl = sasl_ssl
        self.sasl_ssl_port = (sasl_ssl.port or free_port()) if sasl_ssl else None
        self.membership = membership or Membership(
            node_id=1,
            voters=f"1@127.0.0.1:{self.controller_port}",
            cluster_id=new_cluster_id(),
            replication=1,
            min_insync=1,
        )

    @property
    def bootstrap(self) -> str:
        """host:port clients connect to."""
        return f"127.0.0.1:{self.port}"

    @property
    def client_options(self) -> dict[str, str]:
        """aiokafka options that reach `bootstrap` (SASL when the node authorizes)."""
        if self.sasl_ssl is not None and self.sasl_ssl.authorizes:
            return self.sasl_ssl.node_client_options()
        return {}

    @property
    def _state_file(self) -> Path:
        return self.home / "broker.json"

    @property
    def log_file(self) -> Path:
        """Where the broker's own output goes."""
        return self.home / "kafka.log"

    def start(self) -> BrokerState:
        """Prepare, start and wait until the broker answers admin calls."""
        state, process = self.launch()
        try:
            wait_until_ready(self.bootstrap, process, self.client_options)
        except BaseException:
            stop(self.home)
            raise
        return state

    def launch(self) -> tuple[BrokerState, subprocess.Popen[bytes]]:
        """Prepare and start the process, without waiting for it to serve: a
        cluster's nodes serve only once a majority of controllers runs."""
        running = read_state(self.home)
        if running is not None:
            raise BrokerError(
                f"a broker already runs from {self.home} (pid {running.pid})"
            )
        ensure_jars(self.libs_dir)
        self.home.mkdir(parents=True, exist_ok=True)
        properties = self._write_properties()
        if not (self.home / "data" / "meta.properties").exists():
            self._format(properties)
        process = self._launch(properties)
        state = BrokerState(
            process.pid, self.bootstrap, str(self.home), str(self.log_file)
        )
        self._state_file.write_text(json.dumps(asdict(state)), encoding="utf-8")
        return state, process

    def _classpath(self) -> str:
        return str(self.libs_dir / "*")

    def _write_properties(self) -> Path:
        (self.home / "log4j.properties").write_text(LOG4J, encoding="utf-8")
        secured = self.sasl_ssl is not None and self.sasl_ssl.authorizes
        internal = "INTERNAL" if secured else "PLAINTEXT"
        inner = "SASL_PLAINTEXT" if secured else "PLAINTEXT"
        listeners = {internal: self.port}
        if self.sasl_ssl_port:
            listeners["SASL_SSL"] = self.sasl_ssl_port
        member = self.membership
        text = SERVER_PROPERTIES.format(
            listeners=",".join(f"{n}://127.0.0.1:{p}" for n, p in listeners.items()),
            internal=internal,
            protocols=f"CONTROLLER:{inner},{internal}:{inner},SASL_SSL:SASL_SSL",
            controller_port=self.controller_port,
            data_dir=self.home / "data",
            node_id=member.node_id,
            voters=member.voters,
            replication=member.replication,
            min_insync=member.min_insync,
        )
        if self.sasl_ssl and self.sasl_ssl_port:
            text += self.sasl_ssl.properties(self.sasl_ssl_port)
        path = self.home / "server.properties"
        path.write_text(text, encoding="utf-8")
        return path

    def _format(self, properties: Path) -> None:
        cluster_id = self.membership.cluster_id
        command = [
            _java(),
            "-cp",
            self._classpath(),
            STORAGE_TOOL,
            "format",
            f"--cluster-id={cluster_id}",  # an id may start with "-": keep it attached
            "-c",
            str(properties),
            "--ignore-formatted",
            *(self.sasl_ssl.scram_arguments() if self.sasl_ssl else []),
        ]
        result = subprocess.run(command, capture_output=True, text=True, check=False)
        if result.returncode != 0:
            raise BrokerError(f"storage format failed:\n{result.stdout}{result.stderr}")

    def _launch(self, properties: Path) -> subprocess.Popen[bytes]:
        log4j = f"-Dlog4j.configuration=file:{self.home / 'log4j.properties'}"
        command = [
            _java(),
            *JVM_HEAP,
            log4j,
            "-cp",
            self._classpath(),
            KAFKA_MAIN,
            str(properties),
        ]
        with self.log_file.open("ab") as log:
            # A session of its own: the broker outlives the CLI that started it.
            return subprocess.Popen(
                command,
                stdout=log,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                start_new_session=True,
            )


def wait_until_ready(
    bootstrap: str,
    process: subprocess.Popen[bytes] | None = None,
    options: dict[str, str] | None = None,
    timeout: float = READY_TIMEOUT_S,
) -> None:
    """Block until a metadata request succeeds; fail early if the process died."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise BrokerError(
                f"broker exited with code {process.returncode} while starting"
            )
        if asyncio.run(_answers(bootstrap, options or {})):
            return
        time.sleep(0.5)
    raise BrokerError(f"broker at {bootstrap} did not answer within {timeout:.0f}s")


async def _answers(bootstrap: str, options: dict[str, str]) -> bool:
    from aiokafka.admin import AIOKafkaAdminClient  # local: keep `status` light

    admin = AIOKafkaAdminClient(
        bootstrap_servers=bootstrap, request_timeout_ms=3000, **options
    )
    client_logger = logging.getLogger("aiokafka")
    level = client_logger.level
    client_logger.setLevel(logging.CRITICAL)  # refused connections are expected here
    try:
        await admin.start()
        await admin.describe_cluster()
        return True
    except Exception:  # noqa: BLE001 - any failure here just means "not yet"
        return False
    finally:
        await admin.close()
        client_logger.setLevel(level)


def read_state(home: Path) -> BrokerState | None:
    """The broker recorded in `home`, if its process is still alive."""
    path = home / "broker.json"
    if not path.exists():
        return None
    state = BrokerState(**json.loads(path.read_text(encoding="utf-8")))
    if not _alive(state.pid):
        path.unlink(missing_ok=True)
        return None
    return state


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def stop(home: Path, timeout: float = STOP_TIMEOUT_S) -> bool:
    """Stop the broker recorded in `home` by PID: SIGTERM, then SIGKILL."""
    state = read_state(home)
    if state is None:
        return False
    os.kill(state.pid, signal.SIGTERM)
    deadline = time.monotonic() + timeout
    while _alive(state.pid) and time.monotonic() < deadline:
        _reap(state.pid)
        time.sleep(0.2)
    if _alive(state.pid):
        logger.warning(
            "broker pid %d ignored SIGTERM for %.0fs; killing it", state.pid, timeout
        )
        os.kill(state.pid, signal.SIGKILL)
        _reap(state.pid)
    (home / "broker.json").unlink(missing_ok=True)
    return True


def kill(home: Path) -> None:
    """SIGKILL the broker recorded in `home`, as a crash would: no clean shutdown.
    Its data dir stays, so a LocalBroker on the same home and ports takes over."""
    state = read_state(home)
    if state is None:
        raise BrokerError(f"no broker recorded in {home}")
    os.kill(state.pid, signal.SIGKILL)
    with contextlib.suppress(ChildProcessError):
        os.waitpid(state.pid, 0)
    (home / "broker.json").unlink(missing_ok=True)


def _reap(pid: int) -> None:
    # Our own child stays a zombie (and "alive") until waited for.
    with contextlib.suppress(ChildProcessError):
        os.waitpid(pid, os.WNOHANG)


SERVER_PROPERTIES = """\
# Written by newsenrich: a KRaft node (broker and controller) for local runs and tests.
process.roles=broker,controller
node.id={node_id}
controller.quorum.voters={voters}
listeners={listeners},CONTROLLER://127.0.0.1:{controller_port}
advertised.listeners={listeners}
controller.listener.names=CONTROLLER
inter.broker.listener.name={internal}
listener.security.protocol.map={protocols}
log.dirs={data_dir}
num.partitions=6
# Internal topics as replicated as the cluster allows (one node: one replica);
# min.insync.replicas is the default of topics that set none.
offsets.topic.replication.factor={replication}
offsets.topic.num.partitions=12
transaction.state.log.replication.factor={replication}
transaction.state.log.min.isr={min_insync}
transaction.state.log.num.partitions=4
min.insync.replicas={min_insync}
# Tests start consumers often; no reason to wait for more members to join.
group.initial.rebalance.delay.ms=0
auto.create.topics.enable=false
"""

SASL_SSL_PROPERTIES = """\
# SASL_SSL listener: SCRAM users (added at format time) over mutual TLS.
sasl.enabled.mechanisms=SCRAM-SHA-256,SCRAM-SHA-512
listener.name.sasl_ssl.scram-sha-256.sasl.jaas.config={login}
listener.name.sasl_ssl.scram-sha-512.sasl.jaas.config={login}
listener.name.sasl_ssl.ssl.keystore.type=PKCS12
listener.name.sasl_ssl.ssl.keystore.location={keystore}
listener.name.sasl_ssl.ssl.keystore.password={password}
listener.name.sasl_ssl.ssl.key.password={password}
listener.name.sasl_ssl.ssl.truststore.type=PKCS12
listener.name.sasl_ssl.ssl.truststore.location={truststore}
listener.name.sasl_ssl.ssl.truststore.password={password}
listener.name.sasl_ssl.ssl.client.auth=required
"""

AUTHORIZER_PROPERTIES = """\
# Every request is authorized: nothing without an ACL but for the super users (the
# nodes themselves, administrators). Nodes talk over SASL/PLAIN on loopback.
authorizer.class.name=org.apache.kafka.metadata.authorizer.StandardAuthorizer
allow.everyone.if.no.acl.found=false
super.users={super_users}
sasl.mechanism.controller.protocol=PLAIN
sasl.mechanism.inter.broker.protocol=PLAIN
listener.name.controller.sasl.enabled.mechanisms=PLAIN
listener.name.controller.plain.sasl.jaas.config={node_login}
listener.name.internal.sasl.enabled.mechanisms=PLAIN
listener.name.internal.plain.sasl.jaas.config={node_login}
"""

LOG4J = """\
log4j.rootLogger=INFO, stdout
log4j.appender.stdout=org.apache.log4j.ConsoleAppender
log4j.appender.stdout.layout=org.apache.log4j.PatternLayout
log4j.appender.stdout.layout.ConversionPattern=[%d] %p %m (%c)%n
log4j.logger.kafka=INFO
log4j.logger.org.apache.kafka=INFO
log4j.logger.state.change.logger=WARN
"""
