"""The outlet registry: names, aliases, domains, ownership and state affiliation."""

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from workers.textscan import alternatives, finditer

DATA = Path(__file__).parent / "data" / "outlets.json"


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
        self._aliases = re.compile(
            r"(?<![\w-])(?:" + "|".join(re.escape(a) for a in ordered) + r")(?![\w-])"
        )
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
