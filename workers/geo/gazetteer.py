"""Resolve names, capitals, leaders, demonyms and compounds to actor codes.

Actors are ISO 3166 alpha-3 codes for states and short codes for blocs (NATO, EU).
Country names in several languages come from pycountry; the rest from
`data/actors.json`, the project's own file (its `_about` field names its sources).
"""

import gettext
import json
import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pycountry

DATA = Path(__file__).parent / "data" / "actors.json"
PYCOUNTRY_LANGUAGES = (
    "fr",
    "es",
    "de",
    "it",
    "pt",
    "ru",
    "ar",
    "vi",
    "zh_CN",
    "zh_TW",
    "ja",
)
# Mentions span at most this many words ("Organisation du traité de l'Atlantique nord").
MAX_WORDS = 7
# Words that name a company or a market, never a state body (as `normalize` gives).
NOT_THE_STATE = frozenset(
    [
        "rate",
        "rates",
        "exchange",
        "index",
        "market",
        "markets",
        "bourse",
        "inc",
        "corp",
        "corporation",
        "ltd",
        "plc",
        "llc",
        "gmbh",
        "co",
        "company",
        "companies",
        "group",
        "airlines",
        "airways",
    ]
)
HONORIFICS = frozenset(
    {
        "m.",
        "mr",
        "mr.",
        "mme",
        "mrs",
        "mrs.",
        "ms",
        "ms.",
        "dr",
        "dr.",
        "president",
        "président",
        "présidente",
        "premier",
        "prime",
        "minister",
        "ministre",
        "le",
        "la",
        "les",
        "l'",
        "the",
        "chancellor",
        "chancelier",
        "secretary",
        "secrétaire",
        "king",
        "roi",
    }
)
# Apostrophes end a word so that elisions split off: "l'OTAN" gives "OTAN".
WORD = re.compile(r"[^\W_]+(?:[-.][^\W_]+)*\.?", re.UNICODE)
# ISO's Japanese names are official ("モルドバ共和国"); the press writes "モルドバ".
JAPANESE_REPUBLIC = re.compile(r"(.{2,})共和国")
HYPHENS = re.compile(r"[-‐‑–]")
CYRILLIC = re.compile(r"[а-я]")
# Russian case endings, longest first: "Пекине", "Путиным", "Украиной" resolve
# through the stem they share with "Пекин", "Путин", "Украина". Letters as
# `normalize` leaves them: the short i loses its breve, yo its diaeresis.
RUSSIAN_ENDINGS = (
    "ами", "ями", "ого", "его", "ому", "ему", "ыми", "ими",
    "ои", "еи", "ом", "ем", "ам", "ям", "ах", "ях", "ию", "ия", "ии", "ие", "ым", "им",
    "а", "я", "у", "ю", "е", "ы", "и", "о", "ь",
)  # fmt: skip


def russian_stem(key: str) -> str:
    """A normalized key with each Russian word's case ending cut (stems of 3+)."""
    return " ".join(_stem_word(word) for word in key.split())


def _stem_word(word: str) -> str:
    if len(word) < 4 or not CYRILLIC.search(word):
        return word
    for ending in RUSSIAN_ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= 3:
            return word[: -len(ending)]
    return word


def normalize(text: str) -> str:
    """Lower case, no accents, straight apostrophes, single spaces."""
    decomposed = unicodedata.normalize("NFKD", text.replace("’", "'"))
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(stripped.lower().split())


@dataclass(frozen=True)
class Person:
    """Someone who speaks for a state or bloc, in a role with dates."""

    name: str
    country: str
    role: str
    start: str | None
    end: str | None
    wikidata: str | None


@dataclass(frozen=True)
class _Entry:
    actors: tuple[str, ...]
    kind: str  # name | capital | demonym | prefix | bloc | person
    proper: bool  # must be capitalised in text
    exact: str | None  # short acronyms match this exact spelling only
    person: Person | None = None
    wikidata: str | None = None


@dataclass(frozen=True)
class Unspaced:
    """What Japanese writes without spaces: one-kanji states and their compounds
    ("日米"), and the bodies a state's name runs into ("スーダン政府")."""

    abbreviations: Mapping[str, str]
    not_compounds: frozenset[str]
    institutions: frozenset[str]

    def compound(self, word: str) -> tuple[str, ...]:
        """The states of a word spelt only with their kanji, two or more; else ()."""
        if len(word) < 2 or word in self.not_compounds:
            return ()
        codes = [self.abbreviations.get(kanji) for kanji in word]
        if None in codes:
            return ()
        actors = tuple(dict.fromkeys(c for c in codes if c is not None))
        return actors if len(actors) > 1 else ()


@dataclass(frozen=True)
class Mention:
    """A stretch of text that stands for one or more actors."""

    start: int
    end: int
    text: str
    actors: tuple[str, ...]
    kind: str
    person: Person | None = None
    wikidata: str | None = None


class Gazetteer:
    """Alias tables built once per process; lookups are dictionary hits."""

    def __init__(
        self,
        entries: dict[str, list[_Entry]],
        wikidata: dict[str, str],
        blocs: frozenset[str],
        unspaced: "Unspaced | None" = None,
    ) -> None:
        self._entries = entries
        self._unspaced = unspaced or Unspaced({}, frozenset(), frozenset())
        self._stems: dict[str, list[_Entry]] = {}
        for key, bucket in entries.items():
            if CYRILLIC.search(key):
                self._stems.setdefault(russian_stem(key), []).extend(bucket)
        self.wikidata = wikidata
        self.blocs = blocs
        # Normalized first word of any alias -> most words an alias starting with
        # it has: most words of a text start no alias and are skipped in one lookup.
        self._first_words: dict[str, int] = {}
        for key in entries:
            words = WORD.findall(key)
            if words:
                first = words[0].rstrip(".")
                self._first_words[first] = max(
                    self._first_words.get(first, 0), len(words)
                )

    def single_state(self, actors: list[str]) -> str | None:
        """The state a mention stands for, when it stands for exactly one state."""
        return actors[0] if len(actors) == 1 and actors[0] not in self.blocs else None

    def lookup(self, text: str) -> _Entry | None:
        """The entry for a whole alias, honouring case rules; compounds included."""
        key = normalize(text)
        for entry in self._entries.get(key, ()):
            if entry.exact is not None and entry.exact != text:
                continue
            if entry.proper and text[:1].islower():  # scripts without case pass
                continue
            return entry
        if CYRILLIC.search(key) and not text[:1].islower():
            for entry in self._stems.get(russian_stem(key), ()):
                if entry.exact is None:
                    return entry
        return self._compound(text) or self._abbreviated(text)

    def _compound(self, text: str) -> _Entry | None:
        parts = [part for part in HYPHENS.split(text) if part]
        if len(parts) < 2:
            return None
        actors: list[str] = []
        for part in parts:
            entries = self._entries.get(normalize(part), ())
            found = next(
                (e for e in entries if e.exact is None or e.exact == part), None
            )
            if found is None or found.kind == "person":
                return None
            actors.extend(a for a in found.actors if a not in actors)
        return (
            _Entry(tuple(actors), "compound", False, None) if len(actors) > 1 else None
        )

    def _abbreviated(self, text: str) -> _Entry | None:
        """ "日米", "中露": states written as one kanji each, two or more."""
        actors = self._unspaced.compound(text)
        return _Entry(actors, "compound", False, None) if actors else None

    def resolve(self, text: str) -> _Entry | None:
        """Like lookup; then without honorifics and articles ("M. Poutine")."""
        if (entry := self.lookup(text)) is not None:  # "King Salman" is an alias
            return entry
        words = text.split()
        while len(words) > 1 and normalize(words[0]) in HONORIFICS:
            words = words[1:]
        trimmed = " ".join(words)
        if trimmed.lower().startswith(("l'", "l’")) and len(trimmed) > 2:
            trimmed = trimmed[2:]
        return self.lookup(trimmed) or self._inner(trimmed)

    def _inner(self, text: str) -> _Entry | None:
        # "Conseil de sécurité russe", "ministère chinois": the state they belong to;
        # a company or a market named after one is not ("Royal Dutch Petroleum Co",
        # "London Interbank Offered Rate", "Tokyo Stock Exchange").
        if any(normalize(word).strip(".,") in NOT_THE_STATE for word in text.split()):
            return None
        if (institution := self._institution(text)) is not None:
            return institution
        actors = tuple(dict.fromkeys(a for m in self.find(text) for a in m.actors))
        return _Entry(actors, "institution", False, None) if actors else None

    def _institution(self, text: str) -> _Entry | None:
        """ "スーダン政府", "米軍": a state's name run into the body acting for it."""
        for cut in range(len(text) - 1, 0, -1):
            if text[cut:] not in self._unspaced.institutions:
                continue
            head = text[:cut]
            entry = self.lookup(head)
            if entry is not None and entry.kind != "person":
                return _Entry(entry.actors, "institution", False, None)
            if (code := self._unspaced.abbreviations.get(head)) is not None:
                return _Entry((code,), "institution", False, None)
        return None

    def find(
        self, text: str, tokens: Sequence[tuple[int, int]] | None = None
    ) -> list[Mention]:
        """Every mention in a text, longest first, none overlapping.

        Words are found by WORD; a text in a script without spaces (Japanese)
        comes with its tokenizer's `tokens` instead, as (start, end) offsets, and
        any run of them may be an alias.
        """
        words = (
            tokens if tokens is not None else [m.span() for m in WORD.finditer(text)]
        )
        mentions: list[Mention] = []
        index = 0
        while index < len(words):
            longest = (
                MAX_WORDS if tokens is not None else self._longest(text, words[index])
            )
            if not longest:  # no alias starts with this word, and it is no compound
                index += 1
                continue
            mention = self._longest_at(text, words, index, longest)
            if mention is None:
                index += 1
                continue
            mentions.append(mention[0])
            index += mention[1]
        return mentions

    def _longest(self, text: str, word: tuple[int, int]) -> int:
        """Most words an alias starting with this word has; 0 when none starts so."""
        first = normalize(text[word[0] : word[1]]).rstrip(".")
        return self._first_words.get(first, 1 if "-" in first else 0)

    def _longest_at(
        self,
        text: str,
        words: Sequence[tuple[int, int]],
        index: int,
        longest: int,
    ) -> tuple[Mention, int] | None:
        for size in range(min(longest, MAX_WORDS, len(words) - index), 0, -1):
            start, end = words[index][0], words[index + size - 1][1]
            surface = text[start:end]
            entry = self.lookup(surface) or self.lookup(surface.rstrip("."))
            if entry is not None:
                if (
                    surface.endswith(".")
                    and self._entries.get(normalize(surface)) is None
                ):
                    end -= 1  # a sentence's full stop is not part of the name
                return Mention(
                    start,
                    end,
                    text[start:end],
                    entry.actors,
                    entry.kind,
                    entry.person,
                    entry.wikidata,
                ), size
        return None


@lru_cache(maxsize=1)
def load_gazetteer() -> Gazetteer:
    """The process-wide gazetteer (built on first use: about 0.2 s)."""
    data = json.loads(DATA.read_text(encoding="utf-8"))
    builder = _Builder()
    for code, country in data["countries"].items():
        for alias in country["names"] + country["capitals"]:
            builder.add(
                alias, (code,), "name", proper=True, wikidata=country.get("wikidata")
            )
        for alias in country["demonyms"]:
            builder.add(alias, (code,), "demonym", proper=False)
        for alias in country["prefixes"]:
            builder.add(alias, (code,), "prefix", proper=False)
    for code, bloc in data["blocs"].items():
        for alias in bloc["names"]:
            builder.add(
                alias, (code,), "bloc", proper=True, wikidata=bloc.get("wikidata")
            )
        for alias in bloc["demonyms"]:
            builder.add(alias, (code,), "demonym", proper=False)
    for item in data["people"]:
        person = Person(
            item["name"],
            item["country"],
            item["role"],
            item["start"],
            item["end"],
            item.get("wikidata"),
        )
        for alias in [item["name"], *item["aliases"]]:
            builder.add(
                alias,
                (person.country,),
                "person",
                proper=True,
                person=person,
                wikidata=person.wikidata,
            )
    _add_pycountry_names(builder)
    wikidata = {
        code: c["wikidata"]
        for code, c in {**data["countries"], **data["blocs"]}.items()
    }
    abbreviations = {
        kanji: code
        for kanji, code in data["abbreviations"].items()
        if not kanji.startswith("_")
    }
    unspaced = Unspaced(
        abbreviations,
        frozenset(data["abbreviations"]["_not_compounds"]),
        frozenset(data["institutions"]["ja"]),
    )
    return Gazetteer(builder.entries, wikidata, frozenset(data["blocs"]), unspaced)


class _Builder:
    def __init__(self) -> None:
        self.entries: dict[str, list[_Entry]] = {}

    def add(
        self,
        alias: str,
        actors: tuple[str, ...],
        kind: str,
        proper: bool,
        person: Person | None = None,
        wikidata: str | None = None,
    ) -> None:
        # Short all-caps aliases (US, UN, UE) must match exactly: "us" is a pronoun.
        exact = alias if alias.replace(".", "").isupper() and len(alias) <= 5 else None
        entry = _Entry(actors, kind, proper, exact, person, wikidata)
        bucket = self.entries.setdefault(normalize(alias), [])
        if all(e.actors != actors or e.exact != exact for e in bucket):
            bucket.append(entry)


def _add_pycountry_names(builder: _Builder) -> None:
    translations = {
        lang: gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[lang])
        for lang in PYCOUNTRY_LANGUAGES
    }
    claimed: dict[str, set[str]] = {}
    for country in pycountry.countries:
        english = [
            country.name,
            getattr(country, "common_name", None),
            getattr(country, "official_name", None),
        ]
        names = [n for n in english if n] + [
            t.gettext(country.name) for t in translations.values()
        ]
        japanese = JAPANESE_REPUBLIC.fullmatch(translations["ja"].gettext(country.name))
        if japanese is not None:
            names.append(japanese.group(1))
        for name in names:
            for alias in _forms(name):
                claimed.setdefault(alias, set()).add(country.alpha_3)
    for alias, codes in claimed.items():
        if len(codes) == 1 and normalize(alias) not in builder.entries:
            builder.add(alias, (next(iter(codes)),), "name", proper=True)


def _forms(name: str) -> list[str]:
    # ISO writes "Korea, Republic of" and "Russie, Fédération de".
    if ", " not in name:
        return [name]
    head, tail = name.split(", ", 1)
    return [head, f"{tail} {head}"]
