"""Backends, their combination, and the worker's language metrics."""

import pytest
from prometheus_client import CollectorRegistry

from tests.unit.language.fakes import FixedBackend
from topics.article import ArticleLanguage, Language
from workers.language.backends import (
    FastTextBackend,
    LangdetectBackend,
    LinguaBackend,
    ranked,
)
from workers.language.metrics import LANGUAGE_COUNTERS
from workers.language.strategy import FAST_PATH_CHARS, Combined
from workers.runtime.output_metrics import OutputObserver

LONG = (
    "Le gouvernement a annoncé mardi un nouveau plan pour les hôpitaux publics du "
    "pays, qui prévoit des recrutements et des investissements sur cinq ans."
)


@pytest.mark.parametrize("backend", [LangdetectBackend, FastTextBackend, LinguaBackend])
def test_each_backend_reads_french(backend):
    [best, *_] = backend().candidates(LONG)
    assert best.code == "fr"
    assert 0.5 < best.probability <= 1.0


def test_codes_are_mapped_to_iso_639_1_and_merged():
    candidates = ranked([("zh-cn", 0.5), ("zh-tw", 0.3), ("yue", 0.1), ("ceb", 0.1)])
    assert [(c.code, round(c.probability, 2)) for c in candidates] == [("zh", 0.9)]


def test_long_confident_text_takes_the_fast_path():
    assert len(LONG) >= FAST_PATH_CHARS
    fast, accurate = (
        FixedBackend([("fr", 0.97)], "fast"),
        FixedBackend([("en", 1.0)], "acc"),
    )
    verdict = Combined(fast, accurate).decide(LONG)
    assert verdict.backend == "fast"
    assert verdict.candidates[0].code == "fr"
    assert accurate.calls == 0


def test_short_text_is_a_weighted_vote():
    fast = FixedBackend([("es", 0.6), ("pt", 0.4)], "fast")
    accurate = FixedBackend([("pt", 0.5), ("es", 0.3)], "acc")
    verdict = Combined(fast, accurate, accurate_weight=3.0).decide("a casa")
    # pt: (0.4 + 3 * 0.5) / 4 = 0.475; es: (0.6 + 3 * 0.3) / 4 = 0.375
    assert [(c.code, c.probability) for c in verdict.candidates] == [
        ("pt", 0.475),
        ("es", 0.375),
    ]
    assert verdict.backend == "fast+acc"


def test_metrics_count_languages_and_backends():
    registry = CollectorRegistry()
    metrics = OutputObserver(LANGUAGE_COUNTERS, registry)
    for code, detector in (
        ("fr", "fasttext"),
        ("sw", "fasttext+lingua"),
        ("und", "combined"),
    ):
        language = Language(code=code, confidence=0.5, detector=detector)
        metrics.observe(ArticleLanguage(id="a", text="t", language=language))
    value = registry.get_sample_value
    assert value("news_language_detected_total", {"language": "fr"}) == 1
    assert value("news_language_detected_total", {"language": "other"}) == 1
    assert value("news_language_detected_total", {"language": "und"}) == 1
    assert value("news_language_backend_decisions_total", {"backend": "fasttext"}) == 1
