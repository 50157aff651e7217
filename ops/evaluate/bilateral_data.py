"""The bilateral gold sets, read from ../shared/data, and their study/check folds.

Every set is split by a hash of each article's or record's id into a fixed
**study** fold (60 %) and a **check** fold (40 %). Errors are read on the study
fold only; a rule is kept when the check fold, whose sentences nobody reads,
agrees that it helps.
"""

import hashlib
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from itertools import combinations, product
from pathlib import Path
from typing import TypeVar

# CAMEO spellings that differ from ISO 3166.
CAMEO_TO_ISO = {"JAP": "JPN"}
STUDY_SHARE = 60  # percent of each set's items in the study fold
FOLDS = ("study", "check")

Pair = tuple[str, str]
Item = TypeVar("Item", bound="Article | Record")


@dataclass(frozen=True)
class Record:
    """One PLOVER gold event: its text, pairs, direction and category."""

    id: str
    text: str
    pairs: frozenset[Pair]
    cooperation: bool
    category: str = ""
    quad_class: str = ""
    directed: frozenset[tuple[str, str]] = frozenset()  # (source, target)


@dataclass(frozen=True)
class Article:
    """One whole article and its gold pairs with their polarity."""

    id: str
    text: str
    polarity: dict[Pair, str] = field(default_factory=dict)
    language: str = "en"


def fold(item_id: str) -> str:
    """The fold of an id: fixed by its hash, the same on every machine and run."""
    digest = hashlib.sha256(item_id.encode("utf-8")).digest()
    return "study" if int.from_bytes(digest[:4], "big") % 100 < STUDY_SHARE else "check"


def in_fold(items: Sequence[Item], name: str) -> list[Item]:
    """The items of fold `name` ("study", "check"; "all" keeps every item)."""
    if name == "all":
        return list(items)
    if name not in FOLDS:
        raise ValueError(f"no fold named {name!r}: study, check or all")
    return [item for item in items if fold(item.id) == name]


def pair(a: str, b: str) -> Pair:
    """An unordered pair, as the gold writes it (sorted)."""
    return (a, b) if a <= b else (b, a)


def _jsonl(path: Path) -> Iterable[dict[str, object]]:
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            if not line.strip():
                continue
            try:
                yield json.loads(line)
            except json.JSONDecodeError as error:
                raise ValueError(f"{path}:{number}: not JSON ({error})") from error


def _codes(actors: object) -> list[str]:
    if not isinstance(actors, list):
        return []
    return [CAMEO_TO_ISO.get(a["code"], a["code"]) for a in actors if a.get("code")]


def load_records(data: Path) -> list[Record]:
    """PLOVER gold records (a folder holding plover_gsr_dev.jsonl, or the file)."""
    path = data / "plover_gsr_dev.jsonl" if data.is_dir() else data
    records = []
    for raw in _jsonl(path):
        sources, targets = _codes(raw.get("source")), _codes(raw.get("target"))
        combos = product(sources, targets) if targets else combinations(sources, 2)
        pairs = frozenset(pair(a, b) for a, b in combos if a != b)
        directed = frozenset((a, b) for a, b in product(sources, targets) if a != b)
        quad = str(raw["quad_class_derived"])
        records.append(
            Record(
                str(raw["id"]),
                str(raw["text"]),
                pairs,
                quad.endswith("cooperation"),
                str(raw["event"]),
                quad.replace("_", " "),
                directed,
            )
        )
    return records


def _one(data: Path, pattern: str) -> Path:
    found = sorted(data.glob(pattern))
    if len(found) != 1:
        raise FileNotFoundError(
            f"{data}: expected one file matching {pattern!r}, found {len(found)}"
        )
    return found[0]


def load_articles(data: Path, language: str = "en") -> list[Article]:
    """Articles in `language` with their gold pairs: a folder of
    `*_dev_articles.jsonl` and `*_dev_gold.jsonl` (rel_reuters_bilateral, ...)."""
    gold = {
        str(raw["id"]): {
            pair(*p["pair"]): str(p["polarity"])
            for p in raw["pairs"]  # type: ignore[attr-defined]
        }
        for raw in _jsonl(_one(data, "*_dev_gold.jsonl"))
    }
    return [
        Article(
            str(raw["id"]), str(raw["text"]), gold.get(str(raw["id"]), {}), language
        )
        for raw in _jsonl(_one(data, "*_dev_articles.jsonl"))
    ]
