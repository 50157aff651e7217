"""Each worker's ACLs: its own topics, group and transactional ids, nothing else."""

import pytest

from topics.registry import ALL_TOPICS, DEAD_LETTER_TOPICS, WORKER_NAMES, WORKER_TOPICS
from workers.runtime.access import _grants
from workers.runtime.acls import (
    Acl,
    Operation,
    Pattern,
    Resource,
    all_worker_acls,
    default_users,
    transactional_id_prefix,
    worker_acls,
)
from workers.runtime.membership import consumer_group

GRANTING = {Operation.READ, Operation.WRITE}  # each implies DESCRIBE, nothing more


@pytest.mark.parametrize("worker", WORKER_NAMES)
def test_a_worker_reads_its_source_and_writes_its_sink_and_dead_letters(worker):
    acls = worker_acls(worker, "User:w", "at_least_once")
    source, sink = WORKER_TOPICS[worker]
    topics = {(a.name, a.operation) for a in acls if a.resource == Resource.TOPIC}
    assert topics == {
        (source.name, Operation.READ),
        (sink.name, Operation.WRITE),
        (DEAD_LETTER_TOPICS[worker].name, Operation.WRITE),
    }
    [group] = [a for a in acls if a.resource == Resource.GROUP]
    assert (group.name, group.operation) == (consumer_group(worker), Operation.READ)


@pytest.mark.parametrize("worker", WORKER_NAMES)
def test_nothing_broader_than_its_own_resources(worker):
    acls = worker_acls(worker, "User:w", "exactly_once")
    assert {a.operation for a in acls} <= GRANTING
    assert all(a.resource != Resource.CLUSTER for a in acls)  # no create, no delete
    others = {t.name for t in ALL_TOPICS} - {
        a.name for a in acls if a.resource == Resource.TOPIC
    }
    assert len(others) == len(ALL_TOPICS) - 3
    assert all(a.principal == "User:w" for a in acls)


def test_exactly_once_adds_only_the_worker_s_transactional_ids():
    plain = set(worker_acls("bilateral", "User:w", "at_least_once"))
    exact = set(worker_acls("bilateral", "User:w", "exactly_once"))
    [added] = exact - plain
    assert plain < exact
    assert added == Acl(
        "User:w",
        Resource.TRANSACTIONAL_ID,
        transactional_id_prefix("bilateral"),
        Pattern.PREFIXED,
        Operation.WRITE,
    )
    # faust names a producer "<app id>-<group>-<partition>"; the app id is the
    # consumer group, so every id of this worker (and no other's) matches.
    assert f"{consumer_group('bilateral')}-0-5".startswith(added.name)
    assert not f"{consumer_group('credibility')}-0-5".startswith(added.name)


def test_every_worker_gets_a_principal_of_its_own():
    users = default_users()
    acls = all_worker_acls(users, "at_least_once")
    assert len({a.principal for a in acls}) == len(WORKER_NAMES)
    assert users["language"] == "newsenrich-language"


def test_authorized_operations_are_read_bit_by_bit():
    read = Acl("User:w", Resource.TOPIC, "t", Pattern.LITERAL, Operation.READ)
    write = Acl("User:w", Resource.TOPIC, "t", Pattern.LITERAL, Operation.WRITE)
    describe_and_read = (1 << Operation.DESCRIBE) | (1 << Operation.READ)
    assert _grants(describe_and_read, read)
    assert not _grants(describe_and_read, write)
    assert not _grants(0, read)  # not even DESCRIBE
    assert _grants(None, write)  # a topic still to be created: not an ACL matter
    assert _grants(-(2**31), write)  # the broker has no authorizer
