"""Property: whatever bytes arrive, each stage gives one outcome each, never raises."""

import json
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from workers.pipeline import build_stage
from workers.runtime.process import Enriched, Rejected, process_batch
from workers.runtime.settings import RuntimeSettings

pytestmark = pytest.mark.model

MAX_BYTES = RuntimeSettings().max_message_bytes
JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda children: st.lists(children) | st.dictionaries(st.text(), children),
    max_leaves=30,
)
# Records that look like articles, with arbitrary values where the fields are.
ARTICLEISH = st.fixed_dictionaries(
    {"id": st.text(), "text": st.text()},
    optional={
        "url": JSON,
        "title": JSON,
        "language": JSON,
        "entities": JSON,
        "bilateral": JSON,
        "published_at": JSON,
        "language_hint": JSON,
    },
)
STAGES: dict[str, Any] = {}


def _stage(name: str) -> Any:
    if name not in STAGES:
        STAGES[name] = build_stage(name)
    return STAGES[name]


def _check(name: str, values: list[bytes | None]) -> None:
    outcomes = process_batch(_stage(name), values, MAX_BYTES)
    assert len(outcomes) == len(values)
    assert all(isinstance(o, Enriched | Rejected) for o in outcomes)


@pytest.mark.parametrize("name", ["language", "entities", "bilateral", "credibility"])
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(raw=st.lists(st.binary(max_size=300), max_size=4))
def test_arbitrary_bytes(name, raw):
    _check(name, list(raw))


@pytest.mark.parametrize("name", ["language", "entities", "bilateral", "credibility"])
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(records=st.lists(JSON | ARTICLEISH, max_size=4))
def test_arbitrary_json(name, records):
    _check(name, [json.dumps(r).encode() for r in records])
