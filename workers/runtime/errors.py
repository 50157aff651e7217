"""Every error newsenrich raises on purpose, and what each one means.

```
NewsEnrichError
├── ConfigurationError        the deployment is wrong: do not start, say why
│   └── SettingsError         an environment variable holds an unusable value
│       └── RatingsError      a credibility ratings file cannot be used
├── KafkaUnavailableError     no broker answers at the bootstrap servers
├── UnknownTopicError         a topic named by the user or a setting does not exist
├── NotAuthorizedError        the broker refused this principal an operation (ACLs)
├── PermanentError            this message will never be enriched: dead-letter it
│   └── UndecodableError      too large, not UTF-8, not JSON, or fails the topic model
├── UsageError                the command line or its input is wrong (cli)
└── ToolError                 a development tool failed (ops: broker, TLS, Prometheus)
```

The command line prints any of these as one line and exits non-zero; anything else
is our bug and keeps its traceback.
"""

from topics.dead_letter import DeadLetterReason


class NewsEnrichError(Exception):
    """Base of every error newsenrich raises on purpose."""


class ConfigurationError(NewsEnrichError):
    """The worker cannot start as configured; no message is touched."""


class SettingsError(ConfigurationError):
    """An environment variable holds a value the workers cannot use."""


class RatingsError(SettingsError):
    """A ratings file named in the settings is missing or malformed."""


class KafkaUnavailableError(NewsEnrichError):
    """No broker answered at the configured bootstrap servers."""


class UnknownTopicError(NewsEnrichError):
    """The topic does not exist on the broker."""


class NotAuthorizedError(NewsEnrichError):
    """The broker refused the operation to this principal: its ACLs say no."""


class PermanentError(NewsEnrichError):
    """The message will never be enriched; it goes to the dead-letter topic."""

    reason = DeadLetterReason.HANDLER_ERROR


class UndecodableError(PermanentError):
    """The bytes are not a record of the source topic."""

    def __init__(self, reason: DeadLetterReason, message: str) -> None:
        super().__init__(message)
        self.reason = reason


class UsageError(NewsEnrichError):
    """The user's mistake on the command line: one clear line, exit 2."""


class ToolError(NewsEnrichError):
    """A development tool (local broker, TLS material, Prometheus) failed."""
