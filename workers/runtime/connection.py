"""Say once that the broker is unreachable, remind now and then, say when it is back.

The Kafka clients' own warnings repeat thousands of times while a broker is down
(logging.RepeatFilter thins them); these lines are ours, from the worker's
regular calls to the broker (the lag reading), one per change of state.
"""

import logging
import time
from collections.abc import Callable

logger = logging.getLogger(__name__)

REMINDER_INTERVAL_S = 60.0


class ConnectionWatch:
    """Tracks whether the last call to the broker worked, and logs each change."""

    def __init__(
        self,
        bootstrap: str,
        reminder_interval: float = REMINDER_INTERVAL_S,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._bootstrap = bootstrap
        self._interval = reminder_interval
        self._clock = clock
        self._lost_at: float | None = None
        self._reminded_at = 0.0

    @property
    def connected(self) -> bool:
        """False from a failed call until the next one that works."""
        return self._lost_at is None

    def failed(self, error: BaseException) -> None:
        """A call to the broker failed: warn once, then remind at the interval."""
        now = self._clock()
        if self._lost_at is None:
            self._lost_at = self._reminded_at = now
            logger.warning(
                "lost the connection to Kafka at %s: %s", self._bootstrap, error
            )
        elif now - self._reminded_at >= self._interval:
            self._reminded_at = now
            logger.warning(
                "still no connection to Kafka at %s after %.0f s: %s",
                self._bootstrap,
                now - self._lost_at,
                error,
            )

    def succeeded(self) -> None:
        """A call to the broker worked: if it had been lost, say it is back."""
        if self._lost_at is not None:
            logger.info(
                "connection to Kafka at %s is back after %.0f s",
                self._bootstrap,
                self._clock() - self._lost_at,
            )
            self._lost_at = None
