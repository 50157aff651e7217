"""Static group membership (KIP-345): who this replica is, and leaving on purpose.

A static member that crashes and comes back with the same identity takes its
partitions back at once. But one that stops on purpose would keep them until its
session times out (a minute), since a static consumer never sends LeaveGroup when
it closes. So a stopping worker removes its own identity from the group, the
request an admin client's "remove members" sends (LeaveGroup v3, which aiokafka
does not define).
"""

import logging

from aiokafka.client import AIOKafkaClient, CoordinationType
from aiokafka.errors import KafkaError, UnknownMemberIdError, for_code
from aiokafka.protocol.api import Request, RequestStruct, Response
from aiokafka.protocol.types import Array, Int16, Int32, Schema, String

from workers.runtime.kafka_config import client_config
from workers.runtime.settings import RuntimeSettings

logger = logging.getLogger(__name__)

_UNKNOWN_MEMBER_ID = ""  # with a group.instance.id: whichever member holds it


def consumer_group(worker: str) -> str:
    """One consumer group per worker, shared by its replicas."""
    return f"news.{worker}"


def group_instance_id(worker: str, settings: RuntimeSettings) -> str | None:
    """This replica's static identity in its worker's group, if it has one."""
    return f"{worker}-{settings.instance_id}" if settings.instance_id else None


class _LeaveGroupResponseV3(Response):  # type: ignore[misc]  # untyped base
    API_KEY = 13
    API_VERSION = 3
    SCHEMA = Schema(
        ("throttle_time_ms", Int32),
        ("error_code", Int16),
        (
            "members",
            Array(
                ("member_id", String("utf-8")),
                ("group_instance_id", String("utf-8")),
                ("error_code", Int16),
            ),
        ),
    )


class _LeaveGroupRequestV3(RequestStruct):  # type: ignore[misc]  # untyped base
    API_KEY = 13
    API_VERSION = 3
    RESPONSE_TYPE = _LeaveGroupResponseV3
    SCHEMA = Schema(
        ("group", String("utf-8")),
        (
            "members",
            Array(
                ("member_id", String("utf-8")), ("group_instance_id", String("utf-8"))
            ),
        ),
    )


class _RemoveStaticMember(Request[_LeaveGroupRequestV3]):  # type: ignore[misc]
    API_KEY = 13

    def __init__(self, group: str, instance_id: str) -> None:
        self._group = group
        self._instance_id = instance_id

    def build(
        self, request_struct_class: type[_LeaveGroupRequestV3]
    ) -> _LeaveGroupRequestV3:
        return request_struct_class(
            self._group, [(_UNKNOWN_MEMBER_ID, self._instance_id)]
        )


async def leave_group(settings: RuntimeSettings, group: str, instance_id: str) -> bool:
    """Remove the static member `instance_id` from `group`; True if the broker did.

    Best effort, as the consumer's own LeaveGroup: a failure is logged, and the
    member then leaves when its session times out.
    """
    client = AIOKafkaClient(**client_config(settings))
    try:
        await client.bootstrap()
        node = await client.coordinator_lookup(CoordinationType.GROUP, group)
        response = await client.send(node, _RemoveStaticMember(group, instance_id))
    except (KafkaError, OSError) as error:
        logger.warning("could not leave group %s as %s: %s", group, instance_id, error)
        return False
    finally:
        await client.close()
    errors = [response.error_code, *(member[2] for member in response.members)]
    # Not a member (it never joined, or already left): nothing to leave.
    ignored = (0, UnknownMemberIdError.errno)
    failed = [for_code(code).__name__ for code in errors if code not in ignored]
    if failed:
        logger.warning("leaving group %s as %s: %s", group, instance_id, failed)
    return not failed
