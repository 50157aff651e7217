"""The Kafka ACLs each worker's principal needs, and no more.

A worker reads its source topic in its own consumer group and writes its sink and
its dead-letter topic; under exactly_once it also owns the transactional ids of
its producers (one per source partition, all starting with the group's name).
Kafka lets READ and WRITE imply DESCRIBE, and WRITE on a topic implies the
cluster's IDEMPOTENT_WRITE (KIP-679), so these few are the whole list.
"""

from dataclasses import dataclass
from enum import IntEnum

from topics.registry import DEAD_LETTER_TOPICS, WORKER_NAMES, WORKER_TOPICS
from workers.runtime.membership import consumer_group
from workers.runtime.settings import ProcessingGuarantee

DEFAULT_USER_PREFIX = "newsenrich-"


class Resource(IntEnum):
    """Kafka's ACL resource types (their wire codes)."""

    TOPIC = 2
    GROUP = 3
    CLUSTER = 4
    TRANSACTIONAL_ID = 5


class Operation(IntEnum):
    """Kafka's ACL operations (their wire codes), those workers may be given."""

    ALL = 2
    READ = 3
    WRITE = 4
    CREATE = 5
    DELETE = 6
    ALTER = 7
    DESCRIBE = 8
    IDEMPOTENT_WRITE = 12


class Pattern(IntEnum):
    """How an ACL's resource name matches (wire codes)."""

    LITERAL = 3
    PREFIXED = 4


@dataclass(frozen=True, order=True)
class Acl:
    """One ALLOW rule, for any host: `principal` may `operation` on a resource."""

    principal: str  # "User:newsenrich-language"
    resource: Resource
    name: str
    pattern: Pattern
    operation: Operation


def transactional_id_prefix(worker: str) -> str:
    """What every transactional id of the worker's producers starts with."""
    return f"{consumer_group(worker)}-"


def worker_acls(
    worker: str, principal: str, guarantee: ProcessingGuarantee
) -> list[Acl]:
    """The ACLs the worker's job needs under `guarantee`, and nothing more."""
    source, sink = WORKER_TOPICS[worker]
    literal = Pattern.LITERAL
    needed = [
        Acl(principal, Resource.TOPIC, source.name, literal, Operation.READ),
        Acl(principal, Resource.GROUP, consumer_group(worker), literal, Operation.READ),
        Acl(principal, Resource.TOPIC, sink.name, literal, Operation.WRITE),
        Acl(
            principal,
            Resource.TOPIC,
            DEAD_LETTER_TOPICS[worker].name,
            literal,
            Operation.WRITE,
        ),
    ]
    if guarantee == "exactly_once":
        needed.append(
            Acl(
                principal,
                Resource.TRANSACTIONAL_ID,
                transactional_id_prefix(worker),
                Pattern.PREFIXED,
                Operation.WRITE,  # implies DESCRIBE: find the coordinator, commit
            )
        )
    return needed


def principal_of(user: str) -> str:
    """The principal Kafka gives a SASL user."""
    return f"User:{user}"


def all_worker_acls(users: dict[str, str], guarantee: ProcessingGuarantee) -> list[Acl]:
    """Every worker's ACLs; `users` maps a worker to its SASL user name."""
    return [
        acl
        for worker in WORKER_NAMES
        for acl in worker_acls(worker, principal_of(users[worker]), guarantee)
    ]


def default_users(prefix: str = DEFAULT_USER_PREFIX) -> dict[str, str]:
    """One user per worker: newsenrich-language, newsenrich-entities, ..."""
    return {worker: f"{prefix}{worker}" for worker in WORKER_NAMES}
