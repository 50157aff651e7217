"""Create the contract's topics on a broker; topics that exist are left as they are."""

import asyncio
import logging
from collections.abc import Iterable
from typing import Any

from aiokafka.admin import AIOKafkaAdminClient, NewTopic
from aiokafka.errors import (
    TopicAlreadyExistsError,
    TopicAuthorizationFailedError,
    for_code,
)

from topics.registry import ALL_TOPICS
from topics.spec import TopicSpec
from workers.runtime.errors import (
    ConfigurationError,
    NotAuthorizedError,
    UnknownTopicError,
)
from workers.runtime.kafka_config import client_config, start_client
from workers.runtime.settings import RuntimeSettings

logger = logging.getLogger(__name__)

LEADER_WAIT_TRIES = 100  # x 0.1 s
DESCRIBE_TRIES = 6  # x 0.5 s: a missing topic is said within 3 s
DESCRIBE_PAUSE_S = 0.5
_DENIED = TopicAuthorizationFailedError.errno


async def create_topics(
    settings: RuntimeSettings, specs: Iterable[TopicSpec] = ALL_TOPICS
) -> list[str]:
    """Create the missing topics; returns the names it created."""
    wanted = list(specs)
    admin = AIOKafkaAdminClient(**client_config(settings))
    await start_client(admin, settings)
    try:
        existing = set(await admin.list_topics())
        missing = [spec for spec in wanted if spec.name not in existing]
        if missing:
            response = await admin.create_topics(
                [_new_topic(spec, settings) for spec in missing]
            )
            _raise_refused(response.topic_errors, settings)
            await wait_for_leaders(admin, [spec.name for spec in missing])
        for spec in missing:
            logger.info("created topic %s (%d partitions)", spec.name, spec.partitions)
        return [spec.name for spec in missing]
    finally:
        await admin.close()


def _raise_refused(
    errors: list[tuple[str, int, str | None]], settings: RuntimeSettings
) -> None:
    """One clear error for topics the broker would not create (one that another
    client created meanwhile is fine)."""
    refused = [
        (name, code, message)
        for name, code, message in errors
        if code not in (0, TopicAlreadyExistsError.errno)
    ]
    if not refused:
        return
    denied = [name for name, code, _ in refused if code == _DENIED]
    if denied:
        raise NotAuthorizedError(
            f"User:{settings.kafka_sasl_username or 'ANONYMOUS'} may not create "
            f"{', '.join(denied)}: an administrator runs `newsenrich topics create`"
        )
    name, code, message = refused[0]
    raise ConfigurationError(
        f"creating {name} failed: {for_code(code).__name__}: {message or ''}".strip()
    )


async def topic_partitions(
    admin: AIOKafkaAdminClient, topic: str
) -> list[dict[str, Any]]:
    """The partition descriptions of a topic; UnknownTopicError if there is none.

    Asked a few times: a node of a cluster just restarted can answer before it
    has caught up with the metadata (seen once in the cluster test), and each
    call goes to a node picked at random.
    """
    for attempt in range(DESCRIBE_TRIES):
        described = await admin.describe_topics([topic])
        if described and described[0]["error_code"] == 0:
            partitions: list[dict[str, Any]] = described[0]["partitions"]
            return partitions
        if attempt + 1 < DESCRIBE_TRIES:
            await asyncio.sleep(DESCRIBE_PAUSE_S)
    raise UnknownTopicError(
        f"topic {topic!r} does not exist; run `newsenrich topics create`"
    )


async def wait_for_leaders(admin: AIOKafkaAdminClient, names: list[str]) -> None:
    """Until every partition of `names` has a leader, as `admin` is told (gives up
    quietly after 10 s). Producing before that only earns NotLeader retries."""
    for _ in range(LEADER_WAIT_TRIES):
        described = await admin.describe_topics(names)
        if all(
            t["error_code"] == 0
            and t["partitions"]
            and all(p["leader"] >= 0 for p in t["partitions"])
            for t in described
        ):
            return
        await asyncio.sleep(0.1)


def _new_topic(spec: TopicSpec, settings: RuntimeSettings) -> NewTopic:
    config = spec.config()
    if settings.topic_min_insync_replicas is not None:
        config["min.insync.replicas"] = str(settings.topic_min_insync_replicas)
    return NewTopic(
        name=spec.name,
        num_partitions=spec.partitions,
        replication_factor=settings.topic_replication_factor,
        topic_configs=config,
    )
