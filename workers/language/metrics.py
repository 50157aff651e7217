"""The language worker's counters: what it decided, and with which backend."""

from topics.article import ArticleLanguage
from workers.runtime.output_metrics import OTHER, OutputCounter, bounded

# Bounded label values: the codes the project cares about; the rest count as "other".
TRACKED_CODES = frozenset(
    ("en", "fr", "es", "de", "it", "pt", "ru", "zh", "ar", "vi", "ja", "und")
)


def _language(article: ArticleLanguage) -> list[tuple[str]]:
    return [(bounded(article.language.code, TRACKED_CODES),)]


def _backend(article: ArticleLanguage) -> list[tuple[str]]:
    # A handful of strategy names ("fasttext", "fasttext+lingua", ...): bounded.
    return [(article.language.detector,)]


LANGUAGE_COUNTERS = (
    OutputCounter(
        "news_language_detected",
        "Articles per detected language",
        ("language",),
        _language,
        known=tuple((code,) for code in sorted(TRACKED_CODES | {OTHER})),
    ),
    OutputCounter(
        "news_language_backend_decisions",
        "Articles decided per backend or backend combination",
        ("backend",),
        _backend,
    ),
)
