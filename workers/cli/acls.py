"""`newsenrich acls`: each worker's principal and the ACLs its job needs.

Prints one row per ACL with what happens to it (present, added, or with
--dry-run "would add"); ACLs the broker holds for these principals beyond the
list are shown as "extra" and left alone, or removed with --prune. Applying
twice changes nothing.
"""

import argparse
import asyncio

from topics.registry import WORKER_NAMES
from workers.runtime.acl_admin import AclPlan, add_acls, plan_acls, remove_acls
from workers.runtime.acls import Acl, all_worker_acls, default_users
from workers.runtime.errors import UsageError
from workers.runtime.settings import RuntimeSettings

HEADER = ("worker", "principal", "resource", "name", "operation", "state")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The command's options."""
    parser.add_argument(
        "--dry-run", action="store_true", help="print what would change; change nothing"
    )
    parser.add_argument(
        "--prune",
        action="store_true",
        help="also remove what these principals hold beyond their list",
    )
    parser.add_argument(
        "--user",
        action="append",
        default=[],
        metavar="WORKER=NAME",
        help="the SASL user of a worker (repeatable; default newsenrich-WORKER)",
    )
    parser.add_argument(
        "--guarantee",
        choices=["at_least_once", "exactly_once"],
        default=None,
        help="the workers' processing guarantee (default: NEWS_PROCESSING_GUARANTEE);"
        " exactly_once adds their transactional ids",
    )


def run(settings: RuntimeSettings, args: argparse.Namespace) -> int:
    """Plan, print, and unless --dry-run add what is missing."""
    users = default_users() | _users(args.user)
    guarantee = args.guarantee or settings.processing_guarantee
    wanted = all_worker_acls(users, guarantee)
    plan = asyncio.run(plan_acls(settings, wanted))
    if plan.missing and not args.dry_run:
        asyncio.run(add_acls(settings, plan.missing))
    if plan.extra and args.prune and not args.dry_run:
        asyncio.run(remove_acls(settings, plan.extra))
    workers = {f"User:{user}": worker for worker, user in users.items()}
    print(render(plan, workers, dry_run=args.dry_run, prune=args.prune))
    verb = "would add" if args.dry_run else "added"
    extra = "left alone"
    if args.prune:
        extra = "would remove" if args.dry_run else "removed"
    print(
        f"{len(plan.present)} present, {len(plan.missing)} {verb}, "
        f"{len(plan.extra)} extra ({extra}) for {len(users)} principals "
        f"under {guarantee}"
    )
    return 0


def render(
    plan: AclPlan, workers: dict[str, str], dry_run: bool, prune: bool = False
) -> str:
    """The plan as an aligned table, one row per ACL."""
    added = "would add" if dry_run else "added"
    extra = "extra"
    if prune:
        extra = "would remove" if dry_run else "removed"
    rows: list[tuple[str, ...]] = [HEADER]
    for state, acls in (("present", plan.present), (added, plan.missing)):
        rows += [_row(acl, workers, state) for acl in acls]
    rows += [_row(acl, workers, extra) for acl in plan.extra]
    widths = [max(len(row[i]) for row in rows) for i in range(len(HEADER))]
    return "\n".join(
        "  ".join(
            cell.ljust(width) for cell, width in zip(row, widths, strict=True)
        ).rstrip()
        for row in rows
    )


def _row(acl: Acl, workers: dict[str, str], state: str) -> tuple[str, ...]:
    prefix = "*" if acl.pattern.name == "PREFIXED" else ""
    return (
        workers.get(acl.principal, "?"),
        acl.principal,
        acl.resource.name.lower(),
        acl.name + prefix,
        acl.operation.name,
        state,
    )


def _users(pairs: list[str]) -> dict[str, str]:
    users = {}
    for pair in pairs:
        worker, _, user = pair.partition("=")
        if worker not in WORKER_NAMES or not user:
            raise UsageError(
                f"--user {pair!r}: expected WORKER=NAME with WORKER one of "
                f"{', '.join(WORKER_NAMES)}"
            )
        users[worker] = user
    return users
