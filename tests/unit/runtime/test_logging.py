"""Log output: JSON lines with extra fields; client floods held back, counted."""

import json
import logging

from workers.runtime.logging import JsonFormatter, RepeatFilter


def _record(name: str, msg: str, *args: object, level: int = logging.ERROR):
    return logging.LogRecord(name, level, __file__, 1, msg, args, None)


def test_identical_client_errors_pass_once_a_minute_with_a_count():
    now = [0.0]
    kept = RepeatFilter(interval=60, clock=lambda: now[0])
    shown = []
    for second in range(0, 130):
        now[0] = float(second)
        record = _record("aiokafka.conn", "Unable connect to node with id %s", second)
        if kept.filter(record):
            shown.append((second, record.getMessage()))
    assert [second for second, _ in shown] == [0, 60, 120]
    assert shown[0][1] == "Unable connect to node with id 0"
    assert shown[1][1].endswith("[and 59 more like it in the last 60 s]")


def test_other_messages_levels_and_our_own_loggers_are_never_held_back():
    kept = RepeatFilter(interval=60, clock=lambda: 0.0)
    assert kept.filter(_record("aiokafka.conn", "Unable connect to %s", 1))
    assert kept.filter(_record("aiokafka.conn", "Another failure %s", 1))
    assert kept.filter(_record("aiokafka", "chatty %s", 1, level=logging.INFO))
    assert kept.filter(_record("aiokafka", "chatty %s", 2, level=logging.INFO))
    for _ in range(3):
        assert kept.filter(_record("workers.runtime.app", "dead-lettered %s", 1))


def test_json_lines_carry_extra_fields():
    record = _record("workers.runtime.app", "dead-lettered %s", "a-1")
    record.reason = "not_utf8"
    entry = json.loads(JsonFormatter().format(record))
    assert entry["message"] == "dead-lettered a-1"
    assert entry["reason"] == "not_utf8"
    assert entry["level"] == "ERROR"
