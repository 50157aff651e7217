"""Rules by name: on by default, switched off only inside the block that asks."""

import pytest

from workers.bilateral.rules import RULES, on, switched_off


def test_every_rule_runs_unless_switched_off():
    assert all(on(name) for name in RULES)
    with switched_off(["speech"]):
        assert not on("speech")
        assert on("between")
    assert on("speech")


def test_an_unknown_rule_name_is_an_error_not_a_silent_no_op():
    with pytest.raises(KeyError, match="no-such-rule"):
        on("no-such-rule")
    with pytest.raises(KeyError, match="no-such-rule"), switched_off(["no-such-rule"]):
        pass
