"""`newsenrich acls` prints one row per ACL and what happens to it."""

import pytest

from workers.cli.acls import _users, render
from workers.runtime.acl_admin import AclPlan
from workers.runtime.acls import default_users, worker_acls
from workers.runtime.errors import UsageError


def _plan() -> AclPlan:
    wanted = worker_acls("language", "User:newsenrich-language", "exactly_once")
    return AclPlan(present=wanted[:2], missing=wanted[2:], extra=[])


def test_the_table_says_what_a_dry_run_would_add():
    table = render(_plan(), {"User:newsenrich-language": "language"}, True)
    lines = table.splitlines()
    assert lines[0].split() == [
        "worker",
        "principal",
        "resource",
        "name",
        "operation",
        "state",
    ]
    states = [line.split("  ")[-1].strip() for line in lines[1:]]
    assert states == ["present", "present", "would add", "would add", "would add"]
    assert any("news.language-*" in line for line in lines)  # a prefix is marked


def test_applied_rows_say_added():
    table = render(_plan(), {"User:newsenrich-language": "language"}, False)
    assert table.count(" added") == 3
    assert "would add" not in table


def test_extra_acls_are_left_alone_unless_pruned():
    [extra] = worker_acls("entities", "User:newsenrich-language", "exactly_once")[-1:]
    plan = AclPlan(present=[], missing=[], extra=[extra])
    workers = {"User:newsenrich-language": "language"}
    assert render(plan, workers, False).splitlines()[-1].endswith("extra")
    assert render(plan, workers, True, prune=True).endswith("would remove")
    assert render(plan, workers, False, prune=True).endswith("removed")


def test_a_worker_s_user_can_be_named():
    users = default_users() | _users(["language=svc-lang"])
    assert users["language"] == "svc-lang"
    assert users["entities"] == "newsenrich-entities"


@pytest.mark.parametrize("pair", ["lang=svc", "language=", "language"])
def test_a_malformed_user_is_a_usage_error(pair):
    with pytest.raises(UsageError):
        _users([pair])
