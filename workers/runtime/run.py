"""Start one worker: topics, /metrics, the stage's models, then the faust worker."""

import asyncio
import logging
import signal
import time
from collections.abc import Callable
from typing import Any

import faust
from prometheus_client import CollectorRegistry, Gauge, start_http_server

from topics.registry import dead_letter_topic
from workers.runtime.access_gate import AccessGate
from workers.runtime.app import build_app
from workers.runtime.errors import NewsEnrichError
from workers.runtime.logging import configure_logging
from workers.runtime.metrics import build_metrics
from workers.runtime.offload import make_executor
from workers.runtime.settings import RuntimeSettings, load_settings
from workers.runtime.stage import Stage, freeze_built_objects
from workers.runtime.topics import create_topics

logger = logging.getLogger(__name__)


def run_worker(
    build_stage: Callable[[], Stage[Any, Any]], settings: RuntimeSettings
) -> None:
    """Run until SIGTERM/SIGINT; in-flight batches finish and commit on the way out."""
    configure_logging(settings.log_level, settings.log_format)
    # Until faust takes over signals, SIGTERM (compose scaling down, a deploy) ends
    # the model loading: nothing is in flight yet, so exit 0 rather than die by it.
    signal.signal(signal.SIGTERM, _stop_while_starting)
    registry = CollectorRegistry()
    started = time.perf_counter()
    stage = build_stage()
    load_seconds = time.perf_counter() - started
    freeze_built_objects()
    # Forked before any thread starts: the child shares the loaded models.
    executor = make_executor(stage, settings.enrich_executor or stage.executor)
    Gauge(
        "news_model_load_duration_seconds",
        "Time to build the stage (models, lexicons)",
        ["worker"],
        registry=registry,
    ).labels(worker=stage.name).set(load_seconds)
    metrics = build_metrics(
        stage.name, stage.source.name, stage.sink.name, registry, stage.counters
    )
    if settings.metrics_port:
        start_http_server(settings.metrics_port, registry=registry)
    # Nothing is read before the principal holds every ACL the job needs.
    asyncio.run(AccessGate(stage.name, settings, registry).wait())
    specs = [stage.source, stage.sink, dead_letter_topic(stage.name)]
    created = asyncio.run(create_topics(settings, specs))
    logger.info(
        "worker %s ready: model load %.1fs, /metrics on port %s, created topics %s",
        stage.name,
        load_seconds,
        settings.metrics_port or "(off)",
        created or "none",
    )
    # Enrichment runs off the event loop so heartbeats keep flowing.
    with executor:
        app = build_app(stage, settings, metrics, executor)
        worker = faust.Worker(
            app,
            loglevel=settings.log_level,
            override_logging=False,
            quiet=True,
            redirect_stdouts=False,
        )
        worker.spinner = None  # faust draws it on any stdout, log files included
        worker.execute_from_commandline()


def _stop_while_starting(signum: int, frame: object) -> None:
    logger.info("stopped by signal %d while starting", signum)
    raise SystemExit(0)


def serve_stage(name: str, build_stage: Callable[[], Stage[Any, Any]]) -> None:
    """Run a stage as a worker; a bad setting or start failure exits 1, said once."""
    try:
        run_worker(build_stage, load_settings(RuntimeSettings))
    except NewsEnrichError as error:
        logger.error("worker %s cannot start: %s", name, error)
        raise SystemExit(1) from None
    except ModuleNotFoundError as error:
        # Each worker's models come with its extra (pyproject.toml).
        logger.error(
            "worker %s cannot start: %s; install it with pip install 'newsenrich[%s]'",
            name,
            error,
            name,
        )
        raise SystemExit(1) from None
