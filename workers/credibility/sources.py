"""Find the outlets an article cites: "selon CCTV, TASS", "according to Reuters"."""

import re
from collections.abc import Iterator
from functools import cache

from topics.article import CitedSource
from workers.credibility.outlets import Outlet, OutletRegistry
from workers.textscan import alternatives, finditer_ignorecase


def _literal_start(phrase: str) -> str:
    """The literal text a phrase's matches all start with ("reports?": "report")."""
    literal = re.match(r"[^()\[\]?*+]*", phrase)
    start = literal.group() if literal else ""
    return start[:-1] if phrase[len(start) : len(start) + 1] == "?" else start


# Phrases after which the next few words name a source, by language.
TRIGGER_PHRASES = {
    "en": ["according to", "told", "reported by", "quoted by", "citing", "cited by",
           "reports?", "reported", "photo", "credit", "source"],
    "fr": ["selon", "d'après", "d’après", "citant", "cité(?:e|s|es)? par",
           "a rapporté", "rapporte", "a indiqué", "a annoncé", "relayé(?:e|s)? par",
           "crédit"],
    "es": ["según", "de acuerdo con", "citad[oa]s? por", "citando a", "informó",
           "informa", "reportó", "indicó", "publicó", "difundió", "dijo a"],
    "ru": ["по данным", "по сообщению", "со ссылкой на", "как сообщил[аои]?",
           "сообщил[аои]?", "сообщает", "передает", "передаёт", "пишет"],
}  # fmt: skip
# English and French cues are read in every article (wire copy quotes them
# anywhere); another language's only in an article in it, or of no known
# language: each set of cues costs the scan of every text.
ALWAYS = ("en", "fr")


@cache
def triggers(language: str | None) -> tuple[re.Pattern[str], re.Pattern[str]]:
    """The cue pattern for an article in `language`, and where its cues start."""
    wanted = [*ALWAYS, language] if language else list(TRIGGER_PHRASES)
    phrases = [p for lang in wanted for p in TRIGGER_PHRASES.get(lang, [])]
    pattern = re.compile(r"\b(?:" + "|".join(phrases) + r")\b\s*:?", re.IGNORECASE)
    # Where a cue can start, in lower case: what the engine can skip to quickly.
    return pattern, alternatives([_literal_start(p) for p in phrases])


# Where a citation's list ends: a closing bracket, a sentence end, a line end.
WINDOW_END = re.compile(r"[)\].;\n]")
WINDOW_CHARS = 120
# "TASS reported", "Reuters a rapporté", "共同通信によると": the outlet named before
# the verb. Japanese writes no spaces: its cues follow the name directly.
REPORTED_AFTER = re.compile(
    r"^,?\s*(?:(?:reported|reports|said|says|a rapporté|rapporte|a indiqué|"
    r"a annoncé|informó|informa|reportó|indicó|publicó|сообщил[аои]?|сообщает|"
    r"передает|передаёт)\b|(?:によると|によれば|が伝えた|は伝えた|が報じた|は報じた|"
    r"の報道によると))",
    re.IGNORECASE,
)
# "(AP) —", "WASHINGTON (Reuters) -": wire datelines.
DATELINE = re.compile(r"\((?P<name>[^()\n]{2,40})\)\s*[—–-]")


def find_cited_sources(
    text: str, registry: OutletRegistry, language: str | None = None
) -> list[CitedSource]:
    """Every registered outlet the text cites, once each, with its first evidence;
    `language` (ISO 639-1, from the language stage) picks the cues read."""
    found: dict[str, CitedSource] = {}
    for outlet, start, end in _citations(text, registry, language):
        found.setdefault(outlet.name, _cited(outlet, text, start, end))
    return sorted(found.values(), key=lambda source: source.start or 0)


def _citations(
    text: str, registry: OutletRegistry, language: str | None
) -> Iterator[tuple[Outlet, int, int]]:
    """(outlet, evidence start, evidence end) for each way of citing, in that order."""
    for trigger in finditer_ignorecase(*triggers(language), text):
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
