"""Detect an article's language with langdetect (seeded: same text, same answer)."""

from langdetect import DetectorFactory, LangDetectException, detect_langs
from langdetect.detector_factory import init_factory

from topics.article import ArticleLanguage, ArticleRaw, Language, LanguageCandidate
from workers.language.clean import clean_text

DETECTOR = "langdetect"
UNDETERMINED = "und"
# langdetect reports Chinese by script; the contract speaks ISO 639-1.
CODE_MAP = {"zh-cn": "zh", "zh-tw": "zh"}
# A language_hint is a prior: it wins only when it is among the candidates and
# the top candidate is not clearly ahead of it.
HINT_MARGIN = 0.25


class LanguageDetector:
    """Holds langdetect's loaded profiles; build once per process."""

    def __init__(
        self,
        min_chars: int = 20,
        min_confidence: float = 0.5,
        max_chars: int = 2_000,
        seed: int = 0,
    ) -> None:
        init_factory()  # load the profiles now, not on the first article
        DetectorFactory.seed = seed
        self.min_chars = min_chars
        self.min_confidence = min_confidence
        self.max_chars = max_chars

    def detect(self, title: str | None, text: str, hint: str | None = None) -> Language:
        """The language of a text, or "und" when too short or too uncertain."""
        cleaned = clean_text(title, text, self.max_chars)
        if len(cleaned) < self.min_chars:
            return Language(code=UNDETERMINED, confidence=0.0, detector=DETECTOR)
        candidates = self._candidates(cleaned)
        if not candidates:
            return Language(code=UNDETERMINED, confidence=0.0, detector=DETECTOR)
        best = _with_hint(candidates, hint)
        if best.probability < self.min_confidence:
            return Language(
                code=UNDETERMINED,
                confidence=best.probability,
                candidates=candidates,
                detector=DETECTOR,
            )
        return Language(
            code=best.code,
            confidence=best.probability,
            candidates=candidates,
            detector=DETECTOR,
        )

    def _candidates(self, cleaned: str) -> list[LanguageCandidate]:
        try:
            found = detect_langs(
                cleaned
            )  # seeded via DetectorFactory.seed: deterministic
        except LangDetectException:
            return []
        merged: dict[str, float] = {}
        for item in found:
            code = CODE_MAP.get(item.lang, item.lang)
            merged[code] = merged.get(code, 0.0) + item.prob
        return [
            LanguageCandidate(code=code, probability=round(min(prob, 1.0), 6))
            for code, prob in sorted(merged.items(), key=lambda kv: -kv[1])[:3]
        ]

    def __call__(self, article: ArticleRaw) -> ArticleLanguage:
        """Enrich a raw article with its language."""
        language = self.detect(article.title, article.text, article.language_hint)
        return ArticleLanguage.model_validate(
            {**article.model_dump(), "language": language}
        )


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
