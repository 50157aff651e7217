"""Dead letters: why a message was set aside, and the headers that say so.

A dead letter keeps the original key and value bytes; its context goes in headers.
"""

from enum import StrEnum


class DeadLetterReason(StrEnum):
    """Why a message could not be enriched; closed, since it is a metric label."""

    TOO_LARGE = "too_large"
    NOT_UTF8 = "not_utf8"
    NOT_JSON = "not_json"
    INVALID_SCHEMA = "invalid_schema"
    HANDLER_ERROR = "handler_error"


HEADER_SOURCE_TOPIC = "dlq.source_topic"
HEADER_PARTITION = "dlq.partition"
HEADER_OFFSET = "dlq.offset"
HEADER_WORKER = "dlq.worker"
HEADER_REASON = "dlq.reason"
HEADER_ERROR = "dlq.error"
HEADER_FAILED_AT = "dlq.failed_at"

MAX_ERROR_CHARS = 500
