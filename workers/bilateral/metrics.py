"""The bilateral worker's counter: pairs found, by pair and sentiment."""

from typing import get_args

from topics.article import ArticleBilateral, PairLabel
from workers.runtime.output_metrics import OTHER, OutputCounter

# Pair labels stay bounded: G20 members, the blocs most in the news, and a few
# countries often in bilateral news; any pair outside this set counts as "other".
TRACKED_ACTORS = frozenset(
    (
        *("ARG", "AUS", "BRA", "CAN", "CHN", "DEU", "FRA", "GBR", "IDN", "IND"),
        *("ITA", "JPN", "KOR", "MEX", "RUS", "SAU", "TUR", "USA", "ZAF"),
        *("UKR", "IRN", "ISR", "PRK", "VNM", "TWN", "PAK", "EGY", "POL"),
        *("EU", "NATO", "UN", "AU", "ASEAN", "BRICS", "G7"),
    )
)


def pair_label(pair: tuple[str, str]) -> str:
    """'CHN-RUS' for tracked actors (sorted), else 'other'."""
    if not set(pair) <= TRACKED_ACTORS:
        return OTHER
    return "-".join(sorted(pair))


def _pairs(article: ArticleBilateral) -> list[tuple[str, str]]:
    return [(pair_label(found.pair), found.label) for found in article.bilateral]


BILATERAL_COUNTERS = (
    OutputCounter(
        "news_bilateral_pairs",
        "Actor pairs found, by pair (tracked actors, else 'other') and sentiment",
        ("pair", "sentiment"),
        _pairs,
        known=tuple((OTHER, label) for label in get_args(PairLabel)),
    ),
)
