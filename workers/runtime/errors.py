"""What can go wrong while handling a message, and what the runtime does about it.

```
WorkerError
├── ConfigurationError    the deployment is wrong (a model is missing): do not start
├── PermanentError        never going to succeed: dead-letter, commit, move on
│   ├── UndecodableError  too large, not UTF-8, not JSON, or fails the topic model
│   └── UnsupportedError  valid, but nothing this worker can enrich
└── TransientError        the world is briefly broken: stop without committing
    └── KafkaUnavailableError  no broker answers at the bootstrap servers
```
"""

from topics.dead_letter import DeadLetterReason


class WorkerError(Exception):
    """Base of every error a worker raises on purpose."""


class ConfigurationError(WorkerError):
    """The worker cannot start as configured; no message is touched."""


class PermanentError(WorkerError):
    """The message will never be enriched; it goes to the dead-letter topic."""

    reason = DeadLetterReason.HANDLER_ERROR


class UndecodableError(PermanentError):
    """The bytes are not a record of the source topic."""

    def __init__(self, reason: DeadLetterReason, message: str) -> None:
        super().__init__(message)
        self.reason = reason


class UnsupportedError(PermanentError):
    """A valid record this worker cannot enrich (say, a language with no model)."""

    reason = DeadLetterReason.UNSUPPORTED


class TransientError(WorkerError):
    """Retrying later may succeed: the worker stops without committing."""


class KafkaUnavailableError(TransientError):
    """No broker answered at the configured bootstrap servers."""
