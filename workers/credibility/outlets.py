"""The outlet registry: names, aliases, domains, ownership and state affiliation."""

import json
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from workers.textscan import alternatives, finditer

DATA = Path(__file__).parent / "data" / "outlets.json"
UNSPACED_SCRIPTS = ("CJK", "HIRAGANA", "KATAKANA")


@dataclass(frozen=True)
class Outlet:
    """A news outlet as the registry knows it."""

    name: str
    domains: tuple[str, ...]
    country: str | None
    ownership: str
    state_affiliated: bool | None
    basis: str


class OutletRegistry:
    """Lookups by host and by name; built once per process."""

    def __init__(self, outlets: list[tuple[Outlet, list[str]]]) -> None:
        self._by_domain = {d: o for o, _ in outlets for d in o.domains}
        self._by_alias = {alias: o for o, aliases in outlets for alias in aliases}
        # Outlet names are proper names: matched as written, longest first.
        ordered = sorted(self._by_alias, key=len, reverse=True)
        self._aliases = re.compile(_bounded(ordered))
        self._alias_starts = alternatives(ordered)

    def by_host(self, host: str) -> Outlet | None:
        """The outlet serving `host` or its nearest parent domain (english.cctv.com)."""
        parts = host.lower().removeprefix("www.").split(".")
        for index in range(len(parts) - 1):
            outlet = self._by_domain.get(".".join(parts[index:]))
            if outlet is not None:
                return outlet
        return None

    def by_name(self, name: str) -> Outlet | None:
        """The outlet one of whose aliases is exactly `name`."""
        return self._by_alias.get(name.strip())

    def find(self, text: str) -> list[tuple[Outlet, int, int]]:
        """Outlets named in a text, with their offsets."""
        return [
            (self._by_alias[m.group()], m.start(), m.end())
            for m in finditer(self._aliases, self._alias_starts, text)
        ]


def _bounded(aliases: list[str]) -> str:
    """Each alias as a whole word where its script spaces words; Chinese and
    Japanese do not ("共同通信によると"), so an end in those scripts is bare.
    Those few first, each with its own bounds, then one group for the rest (one
    look-behind for hundreds of names keeps the scan fast)."""
    spaced = [a for a in aliases if _spaced(a[0]) and _spaced(a[-1])]
    unspaced = [
        (r"(?<![\w-])" if _spaced(a[0]) else "")
        + re.escape(a)
        + (r"(?![\w-])" if _spaced(a[-1]) else "")
        for a in aliases
        if a not in spaced
    ]
    words = r"(?<![\w-])(?:" + "|".join(map(re.escape, spaced)) + r")(?![\w-])"
    return "|".join([*unspaced, words])


def _spaced(char: str) -> bool:
    return not unicodedata.name(char, "").startswith(UNSPACED_SCRIPTS)


@lru_cache(maxsize=1)
def load_outlets(path: Path = DATA) -> OutletRegistry:
    """The process-wide registry."""
    data = json.loads(path.read_text(encoding="utf-8"))
    outlets = [
        (
            Outlet(
                item["name"],
                tuple(item["domains"]),
                item.get("country"),
                item["ownership"],
                item.get("state_affiliated"),
                item["basis"],
            ),
            [item["name"], *item["aliases"]],
        )
        for item in data["outlets"]
    ]
    return OutletRegistry(outlets)
