"""Each stage's counters count what its records hold, with bounded labels."""

from prometheus_client import CollectorRegistry

from topics.article import ArticleEnriched
from workers.bilateral.metrics import BILATERAL_COUNTERS, pair_label
from workers.credibility.metrics import CREDIBILITY_COUNTERS
from workers.entities.metrics import ENTITIES_COUNTERS
from workers.runtime.output_metrics import OutputObserver

RECORD = ArticleEnriched.model_validate(
    {
        "id": "a1",
        "text": "Xi said China-Russia relations are like fire-tempered steel.",
        "language": {"code": "en", "confidence": 0.99, "detector": "test"},
        "entities": [
            {"text": "Xi", "label": "PER", "start": 0, "end": 2, "model_label": "PER"},
            {
                "text": "China",
                "label": "LOC",
                "start": 8,
                "end": 13,
                "model_label": "GPE",
            },
            {
                "text": "Russia",
                "label": "LOC",
                "start": 14,
                "end": 20,
                "model_label": "GPE",
            },
        ],
        "bilateral": [
            {
                "pair": ["RUS", "CHN"],
                "score": 0.6,
                "label": "positive",
                "statements": [],
            },
            {
                "pair": ["CHN", "NRU"],
                "score": 0.0,
                "label": "neutral",
                "statements": [],
            },
        ],
        "credibility": {
            "publisher": {"domain": "example.com", "state_affiliated": None},
            "cited_sources": [{"name": "TASS", "state_affiliated": True}],
        },
    }
)


def _registry(counters) -> CollectorRegistry:
    registry = CollectorRegistry()
    OutputObserver(counters, registry).observe(RECORD)
    return registry


def test_entities_count_by_label_with_zeros_for_the_rest():
    value = _registry(ENTITIES_COUNTERS).get_sample_value
    assert value("news_entities_tagged_total", {"label": "LOC"}) == 2
    assert value("news_entities_tagged_total", {"label": "PER"}) == 1
    assert value("news_entities_tagged_total", {"label": "ORG"}) == 0


def test_pairs_are_sorted_and_untracked_ones_count_as_other():
    value = _registry(BILATERAL_COUNTERS).get_sample_value
    labels = {"pair": "CHN-RUS", "sentiment": "positive"}
    assert value("news_bilateral_pairs_total", labels) == 1
    other = {"pair": "other", "sentiment": "neutral"}
    assert value("news_bilateral_pairs_total", other) == 1
    assert pair_label(("NATO", "RUS")) == "NATO-RUS"


def test_sources_count_by_state_affiliation():
    value = _registry(CREDIBILITY_COUNTERS).get_sample_value
    cited = {"kind": "cited", "state_affiliated": "true"}
    assert value("news_credibility_sources_total", cited) == 1
    publisher = {"kind": "publisher", "state_affiliated": "unknown"}
    assert value("news_credibility_sources_total", publisher) == 1
