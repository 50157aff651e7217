"""Log configuration: JSON lines in containers, text on a terminal."""

import json
import logging
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

# Attributes every LogRecord has; anything else came in through `extra=`.
_STANDARD = set(vars(logging.makeLogRecord({}))) | {"message", "asctime", "taskName"}


class JsonFormatter(logging.Formatter):
    """One JSON object per line, with `extra=` fields as keys."""

    def format(self, record: logging.LogRecord) -> str:
        """Render the record and its extra fields."""
        entry: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        entry.update({k: v for k, v in vars(record).items() if k not in _STANDARD})
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, default=str)


# Loggers of the Kafka clients: while a broker is down they repeat the same error
# thousands of times a minute (2,886 lines in 40 s in one run).
CLIENT_LOGGERS = ("aiokafka", "kafka", "faust", "mode")
REPEAT_INTERVAL_S = 60.0


class RepeatFilter(logging.Filter):
    """The first of identical client warnings, then one a minute with a count.

    Records are identical when logger, level and message template match (the
    arguments, such as a node id, may differ). Our own loggers are never held back.
    """

    def __init__(
        self,
        interval: float = REPEAT_INTERVAL_S,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        super().__init__()
        self._interval = interval
        self._clock = clock
        self._seen: dict[tuple[str, int, str], tuple[float, int]] = {}

    def filter(self, record: logging.LogRecord) -> bool:
        """Whether the record goes out; a reminder says how many were held back."""
        if record.levelno < logging.WARNING or not record.name.startswith(
            CLIENT_LOGGERS
        ):
            return True
        key = (record.name, record.levelno, str(record.msg))
        now = self._clock()
        shown_at, held = self._seen.get(key, (float("-inf"), 0))
        if now - shown_at < self._interval:
            self._seen[key] = (shown_at, held + 1)
            return False
        self._seen[key] = (now, 0)
        if held:
            record.msg = (
                f"{record.msg} [and {held} more like it in the last "
                f"{self._interval:.0f} s]"
            )
        return True


class _CurrentStderr(logging.StreamHandler):  # type: ignore[type-arg]  # stdlib generic
    """Writes to whatever sys.stderr is now (test runners and daemons replace it)."""

    @property  # the stdlib attribute, made live
    def stream(self) -> Any:
        return sys.stderr

    @stream.setter
    def stream(self, _value: Any) -> None:
        pass


def configure_logging(level: str = "INFO", fmt: str = "text") -> None:
    """Send logs to stderr in the chosen format; the only place handlers are set."""
    handler = _CurrentStderr()
    handler.addFilter(RepeatFilter())
    if fmt == "json":
        handler.setFormatter(JsonFormatter())
    else:
        handler.setFormatter(
            logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s")
        )
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    # faust and aiokafka are chatty at INFO; their warnings still show.
    for noisy in ("faust", "mode", "aiokafka"):
        logging.getLogger(noisy).setLevel(max(logging.WARNING, root.level))
