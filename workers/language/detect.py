"""Detect an article's language: clean the text, ask the strategy, apply the prior."""

from topics.article import (
    ArticleLanguage,
    ArticleRaw,
    Language,
    LanguageCandidate,
    extend,
)
from workers.language.clean import clean_text
from workers.language.strategy import Strategy

UNDETERMINED = "und"
# A language_hint is a prior: it wins only when it is among the candidates and
# the top candidate is not clearly ahead of it.
HINT_MARGIN = 0.25


class LanguageDetector:
    """Holds the loaded strategy; build once per process."""

    def __init__(
        self,
        strategy: Strategy,
        min_chars: int = 3,
        min_confidence: float = 0.1,
        max_chars: int = 1_000,
    ) -> None:
        self._strategy = strategy
        self.min_chars = min_chars
        self.min_confidence = min_confidence
        self.max_chars = max_chars

    def detect(self, title: str | None, text: str, hint: str | None = None) -> Language:
        """The language of a text, or "und" when too short or too uncertain."""
        cleaned = clean_text(title, text, self.max_chars)
        if len(cleaned) < self.min_chars:
            return Language(
                code=UNDETERMINED, confidence=0.0, detector=self._strategy.name
            )
        verdict = self._strategy.decide(cleaned)
        if not verdict.candidates:
            return Language(code=UNDETERMINED, confidence=0.0, detector=verdict.backend)
        best = _with_hint(verdict.candidates, hint)
        code = best.code if best.probability >= self.min_confidence else UNDETERMINED
        return Language(
            code=code,
            confidence=best.probability,
            candidates=verdict.candidates,
            detector=verdict.backend,
        )

    def __call__(self, article: ArticleRaw) -> ArticleLanguage:
        """Enrich a raw article with its language."""
        language = self.detect(article.title, article.text, article.language_hint)
        return extend(article, ArticleLanguage, language=language)


def _with_hint(
    candidates: list[LanguageCandidate], hint: str | None
) -> LanguageCandidate:
    best = candidates[0]
    if not hint:
        return best
    hinted = next((c for c in candidates if c.code == hint.lower()), None)
    if hinted is not None and best.probability - hinted.probability < HINT_MARGIN:
        return hinted
    return best
