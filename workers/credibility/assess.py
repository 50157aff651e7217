"""The credibility stage: publisher, cited sources, and a plain summary."""

from topics.article import (
    ArticleBilateral,
    ArticleEnriched,
    CitedSource,
    Credibility,
    CredibilitySummary,
    Publisher,
    extend,
)
from workers.credibility.outlets import OutletRegistry
from workers.credibility.publisher import PublisherIdentifier
from workers.credibility.ratings import RatingIndex
from workers.credibility.sources import dateline_outlet, find_cited_sources


class CredibilityAssessor:
    """Holds the outlet registry and the ratings; build once per process."""

    def __init__(
        self, registry: OutletRegistry, ratings: RatingIndex | None = None
    ) -> None:
        self._registry = registry
        self._publishers = PublisherIdentifier(registry, ratings)

    def __call__(self, article: ArticleBilateral) -> ArticleEnriched:
        """Enrich an article with its publisher and cited sources."""
        credibility = self.assess(
            article.url, article.source, article.text, article.language.code
        )
        return extend(article, ArticleEnriched, credibility=credibility)

    def assess(
        self,
        url: str | None,
        source: str | None,
        text: str,
        language: str | None = None,
    ) -> Credibility:
        """Publisher, cited sources and summary of one article (in `language`,
        ISO 639-1, when known)."""
        dateline = None if url or source else dateline_outlet(text, self._registry)
        publisher = self._publishers.identify(url, source, dateline)
        cited = find_cited_sources(text, self._registry, language)
        return Credibility(
            publisher=publisher,
            cited_sources=cited,
            summary=summarize(publisher, cited),
        )


def summarize(publisher: Publisher, cited: list[CitedSource]) -> CredibilitySummary:
    """Counts and sentences a reader can take in at a glance."""
    state = [source.name for source in cited if source.state_affiliated]
    share = len(state) / len(cited) if cited else None
    who = publisher.name or publisher.domain or "an unknown outlet"
    if publisher.state_affiliated:
        who += " (state-affiliated)"
    sentences = [f"Published by {who}."]
    if publisher.ratings:
        listed = "; ".join(f"{r.dataset} {r.value}" for r in publisher.ratings)
        sentences.append(
            f"Ratings: {listed}"
            + (" — the datasets disagree." if publisher.ratings_disagree else ".")
        )
    elif publisher.domain:
        sentences.append("No dataset rates this domain.")
    if cited:
        sentences.append(
            f"Cites {len(cited)} recognised outlet(s), {len(state)} "
            "state-affiliated" + (f": {', '.join(state)}." if state else ".")
        )
    else:
        sentences.append("No cited outlet was recognised.")
    return CredibilitySummary(
        cited_count=len(cited),
        state_affiliated_count=len(state),
        state_affiliated_share=share,
        explanation=" ".join(sentences),
    )
