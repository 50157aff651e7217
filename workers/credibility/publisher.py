"""Who published an article: its registered domain and what the registry knows of it."""

from urllib.parse import urlsplit

import tldextract

from topics.article import Publisher
from workers.credibility.outlets import OutletRegistry

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


def identify_publisher(
    url: str | None, source: str | None, registry: OutletRegistry
) -> Publisher:
    """From the URL; else from the `source` field (a domain or an outlet name)."""
    host = (urlsplit(url).hostname or "") if url else ""
    if host:
        outlet = registry.by_host(host)
        domain = registered_domain(host)
    elif source:
        domain = registered_domain(source)
        outlet = registry.by_host(domain) if domain else registry.by_name(source)
        if outlet is not None and domain is None:
            domain = outlet.domains[0]
    else:
        return Publisher(domain=None)
    if outlet is None:
        return Publisher(domain=domain)
    return Publisher(
        domain=domain,
        name=outlet.name,
        country=outlet.country,
        state_affiliated=outlet.state_affiliated,
    )
