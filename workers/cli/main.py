"""`newsenrich`: workers, local broker, topics, publish, tail, enrich."""

import argparse
import asyncio
import logging
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from topics.dead_letter import DeadLetterReason
from topics.registry import ALL_TOPICS, ARTICLE_ENRICHED, ARTICLE_RAW, WORKER_NAMES
from workers.runtime.errors import NewsEnrichError, UsageError
from workers.runtime.logging import configure_logging
from workers.runtime.settings import RuntimeSettings, load_settings

if TYPE_CHECKING:
    from ops.kafka.broker import SaslSslListener

# The local broker is a tool (ops/): imported by the commands that use it, so that
# `newsenrich worker` starts from the product packages alone.


def local_broker_home() -> Path:
    """Where `newsenrich broker` keeps its config, data and log by default."""
    from ops.kafka import broker

    return broker.default_cache_dir() / "kafka" / "local"


def settings_for_cli() -> RuntimeSettings:
    """NEWS_* settings; without a bootstrap setting, the local broker if one runs."""
    from ops.kafka import broker, cluster

    settings = load_settings(RuntimeSettings)
    if "kafka_bootstrap_servers" in settings.model_fields_set:
        return settings
    nodes = cluster.read_cluster(local_broker_home())
    if nodes is not None:
        # Replicated as the local cluster allows, unless NEWS_TOPIC_* say otherwise.
        update: dict[str, object] = {"kafka_bootstrap_servers": nodes.bootstrap}
        if "topic_replication_factor" not in settings.model_fields_set:
            update["topic_replication_factor"] = len(nodes.nodes)
            update["topic_min_insync_replicas"] = nodes.min_insync
        return settings.model_copy(update=update)
    local = broker.read_state(local_broker_home())
    if local is not None:
        return settings.model_copy(update={"kafka_bootstrap_servers": local.bootstrap})
    return settings


def _broker(args: argparse.Namespace) -> int:
    from ops.kafka import broker, cluster

    home = Path(args.home) if args.home else local_broker_home()
    if args.action == "start":
        _start_broker(args, home)
    elif args.action == "stop":
        stopped = cluster.stop_cluster(home) or broker.stop(home)
        print("broker stopped" if stopped else "no broker was running")
    elif (nodes := cluster.read_cluster(home)) is not None:
        print(f"running: cluster of {len(nodes.nodes)}, bootstrap {nodes.bootstrap}")
    else:
        running = broker.read_state(home)
        print(
            f"running: pid {running.pid}, bootstrap {running.bootstrap}"
            if running
            else "not running"
        )
        return 0 if running else 3
    return 0


def _start_broker(args: argparse.Namespace, home: Path) -> None:
    """One node or a cluster; with --secure, each principal's settings too."""
    from ops.kafka import broker, cluster

    listener = None
    if args.secure:
        from ops.kafka.secure import secure_listener

        listener = secure_listener(home)
    replication: dict[str, str] = {}
    if args.brokers > 1:
        local_cluster = cluster.LocalCluster(
            home,
            size=args.brokers,
            min_insync=args.min_insync,
            first_port=args.port,
            sasl_ssl=listener,
        )
        started = local_cluster.start()
        print(
            f"cluster running: {args.brokers} nodes, bootstrap {started.bootstrap}; "
            f"`newsenrich topics create` replicates {args.brokers} times, "
            f"min.insync.replicas {args.min_insync}"
        )
        nodes = local_cluster.nodes
        replication = {
            "NEWS_TOPIC_REPLICATION_FACTOR": str(args.brokers),
            "NEWS_TOPIC_MIN_INSYNC_REPLICAS": str(args.min_insync),
        }
    else:
        local = broker.LocalBroker(home, port=args.port, sasl_ssl=listener)
        state = local.start()
        print(
            f"broker running: pid {state.pid}, bootstrap {state.bootstrap}, "
            f"log {state.log}"
        )
        nodes = [local]
    if listener is not None:
        secured = ",".join(f"127.0.0.1:{node.sasl_ssl_port}" for node in nodes)
        _say_secured(home, secured, listener, replication)


def _say_secured(
    home: Path, bootstrap: str, listener: "SaslSslListener", extra: dict[str, str]
) -> None:
    from ops.kafka.secure import ADMIN, write_client_envs

    envs = write_client_envs(home, bootstrap, listener.pki, extra)
    workers = ", ".join(str(e) for e in envs if ADMIN not in e.name)
    print(
        f"secured: clients on {bootstrap} only (SASL_SSL, SCRAM-SHA-512, mutual TLS); "
        "nothing is allowed without an ACL.\n"
        f"  as the administrator: set -a; . {home / 'secrets' / ADMIN}.env; set +a\n"
        "  then `newsenrich topics create` and `newsenrich acls`;\n"
        f"  each worker's settings: {workers}"
    )


def _topics(args: argparse.Namespace) -> int:
    if args.action == "list":
        for spec in ALL_TOPICS:
            print(f"{spec.name:32} {spec.partitions:>3} partitions  {spec.description}")
        return 0
    from workers.runtime.topics import create_topics

    created = asyncio.run(create_topics(settings_for_cli()))
    print(
        f"created {len(created)} topic(s): "
        f"{', '.join(created) or 'all existed already'}"
    )
    return 0


def _acls(args: argparse.Namespace) -> int:
    from workers.cli.acls import run

    return run(settings_for_cli(), args)


def _worker(args: argparse.Namespace) -> int:
    from workers.pipeline import serve

    serve(args.name)
    return 0


def _publish(args: argparse.Namespace) -> int:
    from workers.cli.publish import publish_files

    return publish_files(settings_for_cli(), [Path(p) for p in args.files], args.topic)


def _tail(args: argparse.Namespace) -> int:
    from workers.cli.render import render
    from workers.runtime.clients import read_topic

    async def run() -> int:
        count = 0
        async for record in read_topic(
            settings_for_cli(),
            args.topic,
            from_beginning=not args.latest,
            idle_timeout=args.idle_timeout,
            limit=args.max,
        ):
            print(
                record.value.decode("utf-8", "replace")
                if args.json and record.value
                else render(record),
                flush=True,
            )
            count += 1
        print(f"({count} record(s))", file=sys.stderr)
        return 0

    return asyncio.run(run())


def _enrich(args: argparse.Namespace) -> int:
    from workers.cli.enrich import enrich_stream

    # Bytes, not text: a line that is not UTF-8 is rejected as a worker would
    # (not_utf8) instead of stopping the whole run.
    if args.input in (None, "-"):
        return enrich_stream(sys.stdin.buffer, sys.stdout, sys.stderr, args.stages)
    path = Path(args.input)
    if not path.is_file():
        raise UsageError(f"no such file: {path}")
    with path.open("rb") as source:
        return enrich_stream(source, sys.stdout, sys.stderr, args.stages)


def _dlq(args: argparse.Namespace) -> int:
    from workers.runtime.replay import replay_dead_letters

    workers = args.stage or list(WORKER_NAMES)
    report = asyncio.run(
        replay_dead_letters(
            settings_for_cli(),
            workers,
            args.reason or (),
            args.from_start,
            args.dry_run,
        )
    )
    verb = "would replay" if args.dry_run else "replayed"
    for topic, count in report.replayed.items():
        print(
            f"{topic}: {verb} {count}, skipped {report.skipped[topic]} (filtered out)"
        )
    return 0


def _demo(args: argparse.Namespace) -> int:
    from workers.cli.demo import run_demo

    return run_demo([Path(p) for p in args.files] or None, timeout=args.timeout)


def _bench(args: argparse.Namespace) -> int:
    from ops.bench.run import execute

    return execute(args)


def build_parser() -> argparse.ArgumentParser:
    """The whole command line, one sub-command per chore."""
    parser = argparse.ArgumentParser(prog="newsenrich", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)

    p = commands.add_parser(
        "broker", help="run a local Kafka: one node or a cluster of 3 (no Docker)"
    )
    p.add_argument("action", choices=["start", "stop", "status"])
    p.add_argument(
        "--home",
        default=None,
        help="config, data and log dir (default: the cache's kafka/local)",
    )
    p.add_argument(
        "--port",
        type=int,
        default=9092,
        help="client port (default 9092; a cluster's nodes take it and the next ones)",
    )
    p.add_argument(
        "--brokers",
        type=int,
        choices=[1, 3],
        default=1,
        help="3: a replicated cluster of combined broker+controller nodes",
    )
    p.add_argument(
        "--min-insync",
        type=int,
        default=2,
        help="a cluster's min.insync.replicas (default 2)",
    )
    p.add_argument(
        "--secure",
        action="store_true",
        help="clients only over SASL_SSL, every request authorized by ACLs; a user "
        "per worker and an administrator, their settings under HOME/secrets",
    )
    p.set_defaults(func=_broker)

    p = commands.add_parser(
        "topics", help="create (idempotent) or list the contract's topics"
    )
    p.add_argument("action", choices=["create", "list"])
    p.set_defaults(func=_topics)

    p = commands.add_parser(
        "acls", help="one principal per worker and the ACLs it needs (idempotent)"
    )
    from workers.cli.acls import add_arguments as acl_arguments

    acl_arguments(p)
    p.set_defaults(func=_acls)

    p = commands.add_parser("worker", help="run one worker until SIGTERM")
    p.add_argument("name", choices=WORKER_NAMES)
    p.set_defaults(func=_worker)

    p = commands.add_parser(
        "publish", help="publish raw articles from .jsonl/.csv/text files"
    )
    p.add_argument("files", nargs="+")
    p.add_argument("--topic", default=ARTICLE_RAW.name)
    p.set_defaults(func=_publish)

    p = commands.add_parser("tail", help="print a topic's records readably")
    p.add_argument("topic", nargs="?", default=ARTICLE_ENRICHED.name)
    p.add_argument(
        "--latest", action="store_true", help="only records published from now on"
    )
    p.add_argument("--max", type=int, default=None, help="stop after N records")
    p.add_argument(
        "--idle-timeout",
        type=float,
        default=None,
        help="stop after this many seconds without a record",
    )
    p.add_argument("--json", action="store_true", help="print raw JSON values")
    p.set_defaults(func=_tail)

    p = commands.add_parser(
        "bench", help="each stage on a local broker beside its in-process rate"
    )
    from ops.bench.cli import add_arguments

    add_arguments(p)
    p.set_defaults(func=_bench)

    p = commands.add_parser(
        "enrich", help="run the stages in-process: JSONL in, JSONL out"
    )
    p.add_argument("input", nargs="?", help="a .jsonl file (default: stdin)")
    p.add_argument(
        "--stages",
        choices=WORKER_NAMES,
        default=WORKER_NAMES[-1],
        help="last stage to run (default: all)",
    )
    p.set_defaults(func=_enrich)

    p = commands.add_parser("dlq", help="re-publish dead letters to their source topic")
    p.add_argument("action", choices=["replay"])
    p.add_argument(
        "--stage",
        action="append",
        choices=WORKER_NAMES,
        help="only this worker's dead letters (repeatable; default: all)",
    )
    p.add_argument(
        "--reason",
        action="append",
        choices=[r.value for r in DeadLetterReason],
        help="only dead letters with this reason (repeatable; default: all)",
    )
    p.add_argument(
        "--from-start",
        action="store_true",
        help="replay everything, not only what earlier replays did not",
    )
    p.add_argument("--dry-run", action="store_true", help="count, publish nothing")
    p.set_defaults(func=_dlq)

    p = commands.add_parser(
        "demo", help="broker, topics, all workers, samples in, records out"
    )
    p.add_argument(
        "files", nargs="*", help="articles to publish (default: the samples)"
    )
    p.add_argument(
        "--timeout",
        type=float,
        default=180.0,
        help="seconds to wait for every enriched record",
    )
    p.set_defaults(func=_demo)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Parse, dispatch, and turn expected failures into one clear line and exit 2."""
    args = build_parser().parse_args(argv)
    # The user's mistakes and the world's: one line. Anything else is our bug and
    # keeps its traceback.
    expected = NewsEnrichError
    if args.command != "worker":  # a worker configures logging from its settings
        configure_logging("WARNING", "text")
        # A fresh topic's first produce may hit a leader election; the retry is
        # automatic, and a send that really fails raises.
        logging.getLogger("aiokafka.producer.sender").setLevel(logging.ERROR)
    try:
        code: int = args.func(args)
    except expected as error:
        print(f"newsenrich: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    return code


if __name__ == "__main__":
    sys.exit(main())
