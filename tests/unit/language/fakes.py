"""A backend that answers what it is told, to test the rules around backends."""

from topics.article import LanguageCandidate
from workers.language.backends import ranked


class FixedBackend:
    """Always ranks the same languages; counts its calls."""

    def __init__(self, answer: list[tuple[str, float]], name: str = "fixed") -> None:
        self._answer = answer
        self.name = name
        self.calls = 0

    def candidates(self, text: str) -> list[LanguageCandidate]:
        """The fixed answer."""
        self.calls += 1
        return ranked(self._answer)
