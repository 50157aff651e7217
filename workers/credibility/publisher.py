"""Who published an article: its domain, what the registry knows, what datasets say."""

from urllib.parse import urlsplit

import tldextract

from topics.article import Publisher
from workers.credibility.outlets import Outlet, OutletRegistry
from workers.credibility.ratings import RatingIndex, disagree

# The bundled public-suffix snapshot only: never fetched at run time.
_EXTRACT = tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None)


def registered_domain(url_or_host: str) -> str | None:
    """The registered domain: english.cctv.com gives cctv.com; None if there is none."""
    host = (
        urlsplit(url_or_host).hostname if "://" in url_or_host else url_or_host.strip()
    )
    if not host:
        return None
    parts = _EXTRACT(host.lower())
    if not parts.domain or not parts.suffix:
        return None
    return f"{parts.domain}.{parts.suffix}"


class PublisherIdentifier:
    """The registry and the ratings; identifies one article's publisher."""

    def __init__(
        self, registry: OutletRegistry, ratings: RatingIndex | None = None
    ) -> None:
        self._registry = registry
        self._ratings = ratings

    def identify(
        self, url: str | None, source: str | None, dateline: Outlet | None = None
    ) -> Publisher:
        """From the URL; else the `source` field (domain or name); else a dateline."""
        host = (urlsplit(url).hostname or "").lower() if url else ""
        if host:
            return self._publisher(
                host, registered_domain(host), self._registry.by_host(host), "url"
            )
        if source:
            domain = registered_domain(source)
            outlet = (
                self._registry.by_host(domain)
                if domain
                else self._registry.by_name(source)
            )
            return self._publisher(None, domain, outlet, "source field")
        if dateline is not None:
            return self._publisher(None, None, dateline, "dateline")
        return Publisher()

    def _publisher(
        self, host: str | None, domain: str | None, outlet: Outlet | None, how: str
    ) -> Publisher:
        if outlet is not None and domain is None:
            domain = outlet.domains[0]
        # Most specific first; an outlet's other domains share its ratings (bbc.co.uk).
        ratings = (
            self._ratings.lookup(host, domain, *(outlet.domains if outlet else ()))
            if self._ratings
            else []
        )
        if outlet is None:
            return Publisher(
                domain=domain,
                host=host,
                identified_by=how,
                ratings=ratings,
                ratings_disagree=disagree(ratings),
            )
        return Publisher(
            domain=domain,
            host=host,
            name=outlet.name,
            country=outlet.country,
            ownership=outlet.ownership,
            state_affiliated=outlet.state_affiliated,
            state_affiliation_basis=outlet.basis,
            identified_by=how,
            ratings=ratings,
            ratings_disagree=disagree(ratings),
        )
