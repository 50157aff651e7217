"""The credibility stage: publisher, cited sources, and a plain summary."""

from topics.article import (
    ArticleBilateral,
    ArticleEnriched,
    CitedSource,
    Credibility,
    CredibilitySummary,
    Publisher,
)
from workers.credibility.outlets import OutletRegistry
from workers.credibility.publisher import identify_publisher
from workers.credibility.sources import find_cited_sources


class CredibilityAssessor:
    """Holds the outlet registry; build once per process."""

    def __init__(self, registry: OutletRegistry) -> None:
        self._registry = registry

    def __call__(self, article: ArticleBilateral) -> ArticleEnriched:
        """Enrich an article with its publisher and cited sources."""
        publisher = identify_publisher(article.url, article.source, self._registry)
        cited = find_cited_sources(article.text, self._registry)
        credibility = Credibility(
            publisher=publisher,
            cited_sources=cited,
            summary=summarize(publisher, cited),
        )
        return ArticleEnriched.model_validate(
            {**article.model_dump(), "credibility": credibility}
        )


def summarize(publisher: Publisher, cited: list[CitedSource]) -> CredibilitySummary:
    """Counts and one sentence a reader can take in at a glance."""
    state = [source.name for source in cited if source.state_affiliated]
    share = len(state) / len(cited) if cited else None
    who = publisher.name or publisher.domain or "an unknown outlet"
    if publisher.state_affiliated:
        who += " (state-affiliated)"
    if not cited:
        explanation = f"Published by {who}; no cited outlet was recognised."
    else:
        explanation = (
            f"Published by {who}; cites {len(cited)} recognised outlet(s), "
            f"{len(state)} state-affiliated"
            + (f": {', '.join(state)}." if state else ".")
        )
    return CredibilitySummary(
        cited_count=len(cited),
        state_affiliated_count=len(state),
        state_affiliated_share=share,
        explanation=explanation,
    )
