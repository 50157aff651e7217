"""How backends are combined: one alone, or fastText with lingua's second opinion.

Measured on ../shared/data/langid_leipzig_lingua (README, "Language detection"):
fastText and lingua err on different texts, so a weighted sum of their
probabilities beats each alone; long texts on which fastText is sure skip lingua,
which costs no accuracy and keeps whole articles fast.
"""

from collections import defaultdict

from workers.language.backends import (
    Backend,
    FastTextBackend,
    LinguaBackend,
    Verdict,
    ranked,
)

FAST_PATH_CHARS = 120
FAST_PATH_CONFIDENCE = 0.9
LINGUA_WEIGHT = 3.0  # lingua is the stronger on short texts; fastText breaks its ties


class Single:
    """One backend decides."""

    def __init__(self, backend: Backend) -> None:
        self._backend = backend
        self.name = backend.name

    def decide(self, text: str) -> Verdict:
        """The backend's ranking as it is."""
        return Verdict(self._backend.candidates(text), self.name)


class Combined:
    """fastText first; lingua's weighted opinion on short or uncertain texts."""

    name = "combined"

    def __init__(
        self,
        fast: Backend | None = None,
        accurate: Backend | None = None,
        fast_path_chars: int = FAST_PATH_CHARS,
        fast_path_confidence: float = FAST_PATH_CONFIDENCE,
        accurate_weight: float = LINGUA_WEIGHT,
    ) -> None:
        self._fast = fast or FastTextBackend()
        self._accurate = accurate or LinguaBackend()
        self._chars = fast_path_chars
        self._confidence = fast_path_confidence
        self._weight = accurate_weight

    def decide(self, text: str) -> Verdict:
        """Fast path when fastText is sure of a long text, else the weighted sum."""
        fast = self._fast.candidates(text)
        if (
            len(text) >= self._chars
            and fast
            and fast[0].probability >= self._confidence
        ):
            return Verdict(fast, self._fast.name)
        accurate = self._accurate.candidates(text)
        summed: dict[str, float] = defaultdict(float)
        for candidate in fast:
            summed[candidate.code] += candidate.probability
        for candidate in accurate:
            summed[candidate.code] += self._weight * candidate.probability
        total = 1.0 + self._weight  # back to 0..1
        fused = ranked([(code, score / total) for code, score in summed.items()])
        return Verdict(fused, f"{self._fast.name}+{self._accurate.name}")


Strategy = Single | Combined
