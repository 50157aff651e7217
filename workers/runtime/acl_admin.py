"""Read and add ACLs on a broker (Kafka's DescribeAcls and CreateAcls requests).

aiokafka's admin client has no ACL calls, but its protocol module defines both
requests; they go to any broker, which forwards them to the controller.
An ACL beyond the list is removed only when asked (`remove_acls`, `acls --prune`).
"""

import logging
from collections.abc import Iterable
from dataclasses import dataclass

from aiokafka.admin import AIOKafkaAdminClient
from aiokafka.errors import for_code
from aiokafka.protocol.admin import (
    CreateAclsRequest,
    DeleteAclsRequest,
    DescribeAclsRequest,
)

from workers.runtime.acls import Acl, Operation, Pattern, Resource
from workers.runtime.errors import ToolError
from workers.runtime.kafka_config import client_config, start_client
from workers.runtime.settings import RuntimeSettings

logger = logging.getLogger(__name__)

_ANY = 1  # the filter code that matches every resource type, pattern, operation
_ALLOW = 3
_ANY_HOST = "*"


class AclError(ToolError):
    """The broker refused to list or add an ACL."""


@dataclass(frozen=True)
class AclPlan:
    """What applying the wanted ACLs means on this broker."""

    present: list[Acl]
    missing: list[Acl]
    extra: list[Acl]  # held by the same principals, not wanted; left alone


async def plan_acls(settings: RuntimeSettings, wanted: Iterable[Acl]) -> AclPlan:
    """Compare the wanted ACLs with those the broker holds for their principals."""
    wanted = list(dict.fromkeys(wanted))  # in the order given, once each
    admin = AIOKafkaAdminClient(**client_config(settings))
    await start_client(admin, settings)
    try:
        held: set[Acl] = set()
        for principal in sorted({acl.principal for acl in wanted}):
            held |= await _described(admin, principal)
    finally:
        await admin.close()
    return AclPlan(
        present=[acl for acl in wanted if acl in held],
        missing=[acl for acl in wanted if acl not in held],
        extra=sorted(held - set(wanted)),
    )


async def add_acls(settings: RuntimeSettings, acls: Iterable[Acl]) -> None:
    """Create each ACL (an ALLOW for any host); adding one that exists is harmless."""
    await _each(settings, acls, CreateAclsRequest, "adding", "added")


async def remove_acls(settings: RuntimeSettings, acls: Iterable[Acl]) -> None:
    """Delete each ACL exactly (an ALLOW for any host); a missing one is no error."""
    await _each(settings, acls, DeleteAclsRequest, "removing", "removed")


async def _each(
    settings: RuntimeSettings,
    acls: Iterable[Acl],
    request: type[CreateAclsRequest] | type[DeleteAclsRequest],
    doing: str,
    done: str,
) -> None:
    """One request per ACL: the broker answers each with its own error code."""
    admin = AIOKafkaAdminClient(**client_config(settings))
    await start_client(admin, settings)
    try:
        for acl in acls:
            response = await admin._send_request(
                request(
                    acl.resource,
                    acl.name,
                    acl.pattern,
                    acl.principal,
                    _ANY_HOST,
                    acl.operation,
                    _ALLOW,
                )
            )
            answers = getattr(response, "creation_responses", None)
            if answers is None:
                answers = response.filter_responses
            for code, message, *_ in answers:
                _raise_for(code, message, f"{doing} {describe(acl)}")
            logger.info("%s ACL: %s", done, describe(acl))
    finally:
        await admin.close()


async def _described(admin: AIOKafkaAdminClient, principal: str) -> set[Acl]:
    request = DescribeAclsRequest(_ANY, None, _ANY, principal, None, _ANY, _ANY)
    response = await admin._send_request(request)
    _raise_for(response.error_code, response.error_message, "listing ACLs")
    held = set()
    for resource, name, pattern, rules in response.resources:
        for rule_principal, host, operation, permission in rules:
            known = (
                permission == _ALLOW
                and host == _ANY_HOST
                and resource in Resource._value2member_map_
                and operation in Operation._value2member_map_
                and pattern in Pattern._value2member_map_
            )
            if not known:
                logger.warning(
                    "ACL on %s %r for %s not understood here (host %s, operation %d, "
                    "permission %d); left alone",
                    resource,
                    name,
                    rule_principal,
                    host,
                    operation,
                    permission,
                )
                continue
            held.add(
                Acl(
                    rule_principal,
                    Resource(resource),
                    name,
                    Pattern(pattern),
                    Operation(operation),
                )
            )
    return held


def describe(acl: Acl) -> str:
    """One line an operator reads: who may do what on which resource."""
    pattern = " (prefix)" if acl.pattern == Pattern.PREFIXED else ""
    return (
        f"{acl.principal} {acl.operation.name} "
        f"{acl.resource.name.lower()} {acl.name}{pattern}"
    )


def _raise_for(code: int, message: str | None, doing: str) -> None:
    if code:
        error = for_code(code)
        raise AclError(
            f"{doing} failed: {error.__name__}: {message or error.description}"
        )
