from datetime import datetime

from topics.dead_letter import (
    HEADER_ERROR,
    HEADER_FAILED_AT,
    HEADER_OFFSET,
    HEADER_PARTITION,
    HEADER_REASON,
    HEADER_SOURCE_TOPIC,
    HEADER_WORKER,
    MAX_ERROR_CHARS,
    DeadLetterReason,
)
from workers.runtime.dead_letter import dead_letter_headers
from workers.runtime.process import Rejected


def test_headers_say_where_the_message_came_from_and_why():
    rejected = Rejected(DeadLetterReason.NOT_JSON, "Expecting value: line 1")
    headers = dict(dead_letter_headers(rejected, "entities", "news.t.v1", 3, 42))

    assert headers[HEADER_SOURCE_TOPIC] == b"news.t.v1"
    assert (headers[HEADER_PARTITION], headers[HEADER_OFFSET]) == (b"3", b"42")
    assert headers[HEADER_WORKER] == b"entities"
    assert headers[HEADER_REASON] == b"not_json"
    assert headers[HEADER_ERROR] == b"Expecting value: line 1"
    assert datetime.fromisoformat(headers[HEADER_FAILED_AT].decode()).tzinfo


def test_a_long_error_is_cut_to_the_documented_length():
    rejected = Rejected(DeadLetterReason.HANDLER_ERROR, "é" * 2_000)
    headers = dict(dead_letter_headers(rejected, "bilateral", "t", 0, 0))
    assert headers[HEADER_ERROR].decode() == "é" * MAX_ERROR_CHARS
