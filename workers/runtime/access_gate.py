"""A worker starts consuming only once its principal holds every ACL it needs.

Missing ACLs are said in one log line (again only when the list changes), shown
as `news_kafka_missing_acls` and counted in `news_kafka_access_refusals_total`;
the worker asks again every NEWS_ACCESS_RETRY_S and starts as soon as an
operator grants them. Nothing is read meanwhile, so nothing is lost.
"""

import asyncio
import logging

from aiokafka.admin import AIOKafkaAdminClient
from aiokafka.errors import KafkaError
from prometheus_client import CollectorRegistry, Counter, Gauge

from workers.runtime.access import Refusal, refusals
from workers.runtime.kafka_config import client_config, start_client
from workers.runtime.settings import RuntimeSettings

logger = logging.getLogger(__name__)

TRANSIENT_RETRY_S = 1.0  # a fresh broker still electing its coordinators
TRANSIENT_WARN_AFTER = 30  # unanswered checks in a row before a warning


class AccessGate:
    """Waits for the worker's ACLs; its two metrics live in the worker's registry."""

    def __init__(
        self, worker: str, settings: RuntimeSettings, registry: CollectorRegistry
    ) -> None:
        self._worker = worker
        self._settings = settings
        self._missing = Gauge(
            "news_kafka_missing_acls",
            "ACLs the worker needs that its principal lacks (0: it may work)",
            ["worker"],
            registry=registry,
        ).labels(worker=worker)
        self._refused = Counter(
            "news_kafka_access_refusals",
            "Access checks the broker answered with missing ACLs",
            ["worker"],
            registry=registry,
        ).labels(worker=worker)

    async def wait(self) -> None:
        """Return once every ACL is granted; log and count while they are not."""
        said: list[Refusal] | None = None
        unanswered = 0
        while True:
            try:
                missing = await self._check()
            except KafkaError as error:  # unreachable at start raises, as always
                unanswered += 1
                log = (
                    logger.warning
                    if unanswered == TRANSIENT_WARN_AFTER
                    else logger.debug
                )
                log("access check not answered (%d tries): %r", unanswered, error)
                await asyncio.sleep(TRANSIENT_RETRY_S)
                continue
            unanswered = 0
            self._missing.set(len(missing))
            if not missing:
                if said:
                    logger.info("worker %s: its ACLs are granted now", self._worker)
                return
            self._refused.inc()
            if missing != said:
                logger.error(
                    "worker %s (principal User:%s) is not authorized for: %s; "
                    "consuming nothing until they are granted (newsenrich acls), "
                    "asking again every %.0f s",
                    self._worker,
                    self._settings.kafka_sasl_username or "ANONYMOUS",
                    ", ".join(map(str, missing)),
                    self._settings.access_retry_s,
                )
                said = missing
            await asyncio.sleep(self._settings.access_retry_s)

    async def _check(self) -> list[Refusal]:
        admin = AIOKafkaAdminClient(**client_config(self._settings))
        await start_client(admin, self._settings)
        try:
            return await refusals(admin._client, self._settings, self._worker)
        finally:
            await admin.close()
