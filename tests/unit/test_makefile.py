"""The Makefile's chores: every phony target has a rule of its own.

GNU make accepts a .PHONY name without a rule and does nothing for it, so a
prerequisite such as `k8s-tools` can silently never run (CI then misses helm).
"""

import re
from pathlib import Path

MAKEFILE = Path(__file__).resolve().parents[2] / "Makefile"


def _rules(text: str) -> dict[str, list[str]]:
    rules: dict[str, list[str]] = {}
    for match in re.finditer(r"^([A-Za-z0-9_.-]+):(?!=)([^#\n]*)", text, re.MULTILINE):
        rules[match.group(1)] = match.group(2).split()
    return rules


def test_every_phony_target_and_chore_prerequisite_has_a_rule():
    rules = _rules(MAKEFILE.read_text())
    phony = set(rules.pop(".PHONY"))
    wanted = phony | {p for name in phony & rules.keys() for p in rules[name]}
    # File prerequisites (the install stamp, the jars) are variables, not names.
    missing = sorted(name for name in wanted if "$" not in name and name not in rules)
    assert missing == []


def test_the_rule_reader_would_see_a_missing_rule():
    rules = _rules(".PHONY: a b\na: b c\n\t@echo a\n")
    assert rules == {".PHONY": ["a", "b"], "a": ["b", "c"]}
