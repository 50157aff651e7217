"""The language worker's own metrics: what it decided, and with which backend."""

from prometheus_client import CollectorRegistry, Counter

from topics.article import Language

# Bounded label values: the codes the project cares about; the rest count as "other".
TRACKED_CODES = (
    "en",
    "fr",
    "es",
    "de",
    "it",
    "pt",
    "ru",
    "zh",
    "ar",
    "vi",
    "ja",
    "und",
)


class LanguageMetrics:
    """Counters registered once per worker."""

    def __init__(self, registry: CollectorRegistry) -> None:
        self.detected = Counter(
            "news_language_detected",
            "Articles per detected language",
            ["language"],
            registry=registry,
        )
        self.backend = Counter(
            "news_language_backend_decisions",
            "Articles decided per backend or backend combination",
            ["backend"],
            registry=registry,
        )
        for code in (*TRACKED_CODES, "other"):
            self.detected.labels(language=code)

    def observe(self, language: Language) -> None:
        """Count one decision."""
        code = language.code if language.code in TRACKED_CODES else "other"
        self.detected.labels(language=code).inc()
        self.backend.labels(backend=language.detector).inc()
