"""May this worker's principal do what its job needs? Asked of the broker itself.

Without ACLs a worker fails deep inside the Kafka clients: a consumer that never
gets its topic and says so once, a send that stops the worker, a restart that
stops it again. So before it consumes, a worker asks the broker which operations
its principal holds (Metadata v8 and DescribeGroups v3 return them; a
transactional id's coordinator is found only with DESCRIBE on it) and compares
them with `workers.runtime.acls`. A broker without an authorizer allows all.
"""

from dataclasses import dataclass

from aiokafka.client import AIOKafkaClient, CoordinationType
from aiokafka.errors import (
    GroupAuthorizationFailedError,
    TopicAuthorizationFailedError,
    TransactionalIdAuthorizationFailed,
    UnknownTopicOrPartitionError,
    for_code,
)
from aiokafka.protocol.admin import DescribeGroupsResponse_v3
from aiokafka.protocol.api import Request, RequestStruct, Response
from aiokafka.protocol.types import Array, Boolean, Int16, Int32, Schema, String

from workers.runtime.acls import Acl, Operation, Resource, worker_acls
from workers.runtime.settings import RuntimeSettings

_STRING = String("utf-8")
_PROBE_PARTITION = "0-0"  # a transactional id as faust names them: <group>-0-<p>


@dataclass(frozen=True)
class Refusal:
    """An ACL the worker needs and the broker does not grant its principal."""

    acl: Acl

    def __str__(self) -> str:
        suffix = "*" if self.acl.pattern.name == "PREFIXED" else ""
        return (
            f"{self.acl.operation.name} on {self.acl.resource.name.lower()} "
            f"{self.acl.name}{suffix}"
        )


async def refusals(
    client: AIOKafkaClient, settings: RuntimeSettings, worker: str
) -> list[Refusal]:
    """The worker's needed ACLs that its principal lacks (empty: all granted),
    asked through a bootstrapped `client` (an admin client's own)."""
    principal = f"User:{settings.kafka_sasl_username or 'ANONYMOUS'}"
    needed = worker_acls(worker, principal, settings.processing_guarantee)
    topics = [acl for acl in needed if acl.resource == Resource.TOPIC]
    missing = await _topic_refusals(client, topics)
    for acl in needed:
        if acl.resource == Resource.GROUP and not await _group_allows(client, acl):
            missing.append(acl)
        if acl.resource == Resource.TRANSACTIONAL_ID and (
            await _coordinator(
                client, CoordinationType.TRANSACTION, acl.name + _PROBE_PARTITION
            )
            is None
        ):
            missing.append(acl)
    return [Refusal(acl) for acl in missing]


async def _topic_refusals(client: AIOKafkaClient, acls: list[Acl]) -> list[Acl]:
    names = sorted({acl.name for acl in acls})
    response = await client.send(client.get_random_node(), _TopicAccess(names))
    allowed: dict[str, int | None] = {}
    for error_code, name, _internal, _partitions, operations in response.topics:
        if error_code == TopicAuthorizationFailedError.errno:
            allowed[name] = 0  # not even DESCRIBE
        elif error_code == UnknownTopicOrPartitionError.errno:
            allowed[name] = None  # missing, and ours to see: creating it is apart
        else:
            allowed[name] = operations
    return [acl for acl in acls if not _grants(allowed.get(acl.name, 0), acl)]


async def _group_allows(client: AIOKafkaClient, acl: Acl) -> bool:
    node = await _coordinator(client, CoordinationType.GROUP, acl.name)
    if node is None:
        return False
    response = await client.send(node, _GroupAccess(acl.name))
    [(error_code, *_, operations)] = response.groups
    if error_code == GroupAuthorizationFailedError.errno:
        return False
    if error_code:
        raise for_code(error_code)()  # loading, moving: the gate asks again
    return _grants(operations, acl)


async def _coordinator(
    client: AIOKafkaClient, kind: CoordinationType, key: str
) -> int | None:
    """The coordinator of `key`; None when the principal may not look it up
    (it lacks DESCRIBE)."""
    try:
        node: int = await client.coordinator_lookup(kind, key)
    except (GroupAuthorizationFailedError, TransactionalIdAuthorizationFailed):
        return None
    return node


def _grants(operations: int | None, acl: Acl) -> bool:
    """Whether a broker's authorized-operations bit field holds the ACL's."""
    if operations is None:
        return True
    if operations < 0:  # -2147483648: the broker did not say (no authorizer)
        return True
    return bool(operations & (1 << acl.operation)) or bool(
        operations & (1 << Operation.ALL)
    )


class _MetadataResponseV8(Response):  # type: ignore[misc]  # untyped base
    API_KEY = 3
    API_VERSION = 8
    SCHEMA = Schema(
        ("throttle_time_ms", Int32),
        (
            "brokers",
            Array(
                ("node_id", Int32),
                ("host", _STRING),
                ("port", Int32),
                ("rack", _STRING),
            ),
        ),
        ("cluster_id", _STRING),
        ("controller_id", Int32),
        (
            "topics",
            Array(
                ("error_code", Int16),
                ("name", _STRING),
                ("is_internal", Boolean),
                (
                    "partitions",
                    Array(
                        ("error_code", Int16),
                        ("partition", Int32),
                        ("leader", Int32),
                        ("leader_epoch", Int32),
                        ("replicas", Array(Int32)),
                        ("isr", Array(Int32)),
                        ("offline_replicas", Array(Int32)),
                    ),
                ),
                ("authorized_operations", Int32),
            ),
        ),
        ("cluster_authorized_operations", Int32),
    )


class _MetadataRequestV8(RequestStruct):  # type: ignore[misc]  # untyped base
    API_KEY = 3
    API_VERSION = 8
    RESPONSE_TYPE = _MetadataResponseV8
    SCHEMA = Schema(
        ("topics", Array(_STRING)),
        ("allow_auto_topic_creation", Boolean),
        ("include_cluster_authorized_operations", Boolean),
        ("include_topic_authorized_operations", Boolean),
    )


class _TopicAccess(Request[_MetadataRequestV8]):  # type: ignore[misc]
    """Metadata of `topics`, with what this principal may do on each."""

    API_KEY = 3

    def __init__(self, topics: list[str]) -> None:
        self._topics = topics

    def build(self, request_struct_class: type[_MetadataRequestV8]) -> RequestStruct:
        return request_struct_class(self._topics, False, False, True)


class _DescribeGroupsRequestV3(RequestStruct):  # type: ignore[misc]
    # aiokafka's own v3 names the v2 response, which has no authorized operations.
    API_KEY = 15
    API_VERSION = 3
    RESPONSE_TYPE = DescribeGroupsResponse_v3
    SCHEMA = Schema(
        ("groups", Array(_STRING)), ("include_authorized_operations", Boolean)
    )


class _GroupAccess(Request[_DescribeGroupsRequestV3]):  # type: ignore[misc]
    """The group's description, with what this principal may do on it."""

    API_KEY = 15

    def __init__(self, group: str) -> None:
        self._group = group

    def build(
        self, request_struct_class: type[_DescribeGroupsRequestV3]
    ) -> RequestStruct:
        return request_struct_class([self._group], True)
