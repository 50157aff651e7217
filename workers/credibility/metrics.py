"""The credibility worker's counter: publishers and cited sources, by affiliation."""

from topics.article import ArticleEnriched
from workers.runtime.output_metrics import OutputCounter

AFFILIATION = {True: "true", False: "false", None: "unknown"}


def _sources(article: ArticleEnriched) -> list[tuple[str, str]]:
    credibility = article.credibility
    return [
        ("publisher", AFFILIATION[credibility.publisher.state_affiliated]),
        *(
            ("cited", AFFILIATION[source.state_affiliated])
            for source in credibility.cited_sources
        ),
    ]


CREDIBILITY_COUNTERS = (
    OutputCounter(
        "news_credibility_sources",
        "Publishers and cited sources seen, by state affiliation",
        ("kind", "state_affiliated"),
        _sources,
        known=tuple(
            (kind, value)
            for kind in ("publisher", "cited")
            for value in AFFILIATION.values()
        ),
    ),
)
