"""Find the outlets an article cites: "selon CCTV, TASS", "according to Reuters"."""

import re
from collections.abc import Iterator

from topics.article import CitedSource
from workers.credibility.outlets import Outlet, OutletRegistry
from workers.textscan import alternatives, finditer_ignorecase

# Phrases after which the next few words name a source.
TRIGGER = re.compile(
    r"\b(?:selon|d'après|d’après|citant|cité(?:e|s|es)? par|a rapporté|rapporte|"
    r"a indiqué|a annoncé|relayé(?:e|s)? par|"
    r"according to|told|reported by|quoted by|citing|cited by|reports?|reported|"
    r"photo|crédit|credit|source)\b\s*:?",
    re.IGNORECASE,
)
# Where a TRIGGER can start, in lower case: what the engine can skip to quickly.
TRIGGER_STARTS = alternatives(
    [
        "selon",
        "d'après",
        "d’après",
        "citant",
        "cité",
        "a rapporté",
        "rapporte",
        "a indiqué",
        "a annoncé",
        "relayé",
        "according to",
        "told",
        "reported by",
        "quoted by",
        "citing",
        "cited by",
        "report",
        "photo",
        "crédit",
        "credit",
        "source",
    ]
)
# Where a citation's list ends: a closing bracket, a sentence end, a line end.
WINDOW_END = re.compile(r"[)\].;\n]")
WINDOW_CHARS = 120
# "TASS reported", "Reuters a rapporté": the outlet named before the verb.
REPORTED_AFTER = re.compile(
    r"^,?\s*(?:reported|reports|said|says|a rapporté|rapporte|a indiqué|a annoncé)\b",
    re.IGNORECASE,
)
# "(AP) —", "WASHINGTON (Reuters) -": wire datelines.
DATELINE = re.compile(r"\((?P<name>[^()\n]{2,40})\)\s*[—–-]")


def find_cited_sources(text: str, registry: OutletRegistry) -> list[CitedSource]:
    """Every registered outlet the text cites, once each, with its first evidence."""
    found: dict[str, CitedSource] = {}
    for outlet, start, end in _citations(text, registry):
        found.setdefault(outlet.name, _cited(outlet, text, start, end))
    return sorted(found.values(), key=lambda source: source.start or 0)


def _citations(
    text: str, registry: OutletRegistry
) -> Iterator[tuple[Outlet, int, int]]:
    """(outlet, evidence start, evidence end) for each way of citing, in that order."""
    for trigger in finditer_ignorecase(TRIGGER, TRIGGER_STARTS, text):
        window = text[trigger.end() : trigger.end() + WINDOW_CHARS]
        stop = WINDOW_END.search(window)
        window = window[: stop.start()] if stop else window
        for outlet, _, end in registry.find(window):
            yield outlet, trigger.start(), trigger.end() + end
    for outlet, start, end in registry.find(text):
        if verb := REPORTED_AFTER.match(text[end : end + 20]):
            yield outlet, start, end + verb.end()
    for dateline in DATELINE.finditer(text):
        if dated := registry.by_name(dateline.group("name")):
            yield dated, dateline.start(), dateline.end()


def dateline_outlet(text: str, registry: OutletRegistry) -> Outlet | None:
    """The wire agency of a "(AP) —" dateline in the first lines, if any."""
    for dateline in DATELINE.finditer(text[:300]):
        if outlet := registry.by_name(dateline.group("name")):
            return outlet
    return None


def _cited(outlet: Outlet, text: str, start: int, end: int) -> CitedSource:
    return CitedSource(
        name=outlet.name,
        domain=outlet.domains[0] if outlet.domains else None,
        country=outlet.country,
        ownership=outlet.ownership,
        state_affiliated=outlet.state_affiliated,
        state_affiliation_basis=outlet.basis,
        evidence=text[start:end],
        start=start,
        end=end,
    )
