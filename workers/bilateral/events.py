"""Events from predicates: CAMEO codes from verb tables, PLOVER categories from those.

`data/cameo_verbs.tsv` is derived from PETRARCH2's CAMEO dictionary (MIT, notice in
the file; `python -m ops.lexicon.derive_cameo`); `data/predicates.tsv` is written by
hand: relational nouns, French verbs, and English verbs the dictionary leaves uncoded.
"""

from collections import defaultdict
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from functools import cache
from importlib.resources import files

# CAMEO root (first two digits) to PLOVER category, as PLOVER's CAMEO table maps them.
# 01 (make a public statement) and 02 (appeal) have no PLOVER category: they name no
# event (CAMEO counts an appeal as cooperation, a demand as conflict: no sign fits
# both). Within 08, 084-087 are RETREAT.
PLOVER_BY_ROOT = {
    "03": "AGREE",
    "04": "CONSULT",
    "05": "SUPPORT",
    "06": "COOPERATE",
    "07": "AID",
    "08": "CONCEDE",
    "09": "INVESTIGATE",
    "10": "DEMAND",
    "11": "DISAPPROVE",
    "12": "REJECT",
    "13": "THREATEN",
    "14": "PROTEST",
    "15": "MOBILIZE",
    "16": "SANCTION",
    "17": "COERCE",
    "18": "ASSAULT",
    "19": "FIGHT",
    "20": "ASSAULT",
}
RETREAT_CODES = ("084", "085", "086", "087")
# PLOVER's quad class of each category (its README's table).
QUAD_CLASS = {
    "AGREE": "verbal cooperation",
    "CONSULT": "verbal cooperation",
    "SUPPORT": "verbal cooperation",
    "CONCEDE": "verbal cooperation",
    "COOPERATE": "material cooperation",
    "AID": "material cooperation",
    "RETREAT": "material cooperation",
    "INVESTIGATE": "material cooperation",
    "DEMAND": "verbal conflict",
    "DISAPPROVE": "verbal conflict",
    "REJECT": "verbal conflict",
    "THREATEN": "verbal conflict",
    "SANCTION": "verbal conflict",
    "PROTEST": "material conflict",
    "MOBILIZE": "material conflict",
    "COERCE": "material conflict",
    "ASSAULT": "material conflict",
    "FIGHT": "material conflict",
}
# How warm or hostile each category is, in -1..1 (after Goldstein's scale).
WEIGHT = {
    "AGREE": 0.5,
    "CONSULT": 0.2,  # Goldstein: 04x is +1.0..+3.8 of 10; 0.2 chosen on DEV
    "SUPPORT": 0.5,
    "CONCEDE": 0.4,
    "COOPERATE": 0.6,
    "AID": 0.6,
    "RETREAT": 0.3,
    "INVESTIGATE": 0.1,
    "DEMAND": -0.4,
    "DISAPPROVE": -0.5,
    "REJECT": -0.5,
    "THREATEN": -0.7,
    "SANCTION": -0.7,
    "PROTEST": -0.5,
    "MOBILIZE": -0.5,
    "COERCE": -0.7,
    "ASSAULT": -0.9,
    "FIGHT": -0.9,
}
# The code of relational nouns that name no event of their own (data/predicates.tsv).
NO_EVENT = "000"
# A negated cooperative act is a refusal; a negated hostile one names no event.
NEGATED_COOPERATION = "REJECT"


@dataclass(frozen=True)
class EventKind:
    """What a predicate does: its CAMEO code, PLOVER category and weight."""

    code: str
    category: str
    weight: float

    @property
    def quad_class(self) -> str:
        """PLOVER's quad class of the category."""
        return QUAD_CLASS[self.category]

    @property
    def cooperative(self) -> bool:
        """Cooperation (True) or conflict (False)."""
        return self.weight > 0


def plover_category(code: str) -> str | None:
    """The PLOVER category of a CAMEO code, None for a bare statement (01)."""
    if code.startswith(RETREAT_CODES):
        return "RETREAT"
    return PLOVER_BY_ROOT.get(code[:2])


def kind_of(code: str) -> EventKind | None:
    """The event a CAMEO code stands for, None when it names none."""
    category = plover_category(code)
    return None if category is None else EventKind(code, category, WEIGHT[category])


def category_kind(category: str) -> EventKind:
    """An event given by its category alone (joint positions, negations)."""
    code = next(root for root, name in PLOVER_BY_ROOT.items() if name == category)
    return EventKind(code + "0", category, WEIGHT[category])


# PETRARCH2's blocks of verbs that cut something back: cancel, reduce, cut, curb.
REDUCTION_BLOCKS = frozenset({"cancel", "reduce", "slash", "separate"})


class PredicateTable:
    """Verb and noun lemmas to CAMEO codes, per language."""

    def __init__(
        self,
        blocks: dict[str, list[tuple[str, str | None]]],
        patterns: dict[str, list[tuple[tuple[str, ...], str]]],
        extra: dict[tuple[str, str, str], str],
    ) -> None:
        self._blocks = blocks
        self._patterns = patterns
        # What one verb of cutting back does to aid or ties, all do (CAMEO 16)
        self._reductions = [
            (pattern, code)
            for block in sorted(REDUCTION_BLOCKS)
            for pattern, code in patterns.get(block, [])
            if code.startswith("16")
        ]
        self._extra = extra

    def verb(self, lemma: str, language: str, words: Collection[str]) -> str | None:
        """A verb's code; `words` (its complements' lemmas) pick a CAMEO pattern."""
        return self.pattern(lemma, language, words) or self.default(lemma, language)

    def pattern(self, lemma: str, language: str, words: Collection[str]) -> str | None:
        """The code of the verb's longest CAMEO object pattern that `words` match."""
        if language != "en":
            return None
        own = [block for block, _ in self._blocks.get(lemma, [])]
        best = _longest(
            (p for block in own for p in self._patterns.get(block, [])), words
        )
        if best is None and REDUCTION_BLOCKS.intersection(own):
            best = _longest(self._reductions, words)  # "reduced food supplies": 162
        return best

    def default(self, lemma: str, language: str) -> str | None:
        """The verb's code whatever its object: hand-written first, then CAMEO's."""
        own = self._extra.get((language, "verb", lemma))
        if own or language != "en":
            return own
        return next((code for _, code in self._blocks.get(lemma, []) if code), None)

    def noun(self, lemma: str, language: str) -> str | None:
        """A relational noun's code ("sanctions", "talks", "accord")."""
        return self._extra.get((language, "noun", lemma))

    def knows(self, lemma: str, language: str) -> bool:
        """Whether `lemma` names a relational predicate at all."""
        return (
            (language, "noun", lemma) in self._extra
            or (language, "verb", lemma) in self._extra
            or (language == "en" and lemma in self._blocks)
        )


def _longest(
    patterns: Iterable[tuple[tuple[str, ...], str]], words: Collection[str]
) -> str | None:
    """The code of the longest pattern all of whose words are in `words`."""
    best, best_length = None, 0
    for pattern, code in patterns:
        if len(pattern) > best_length and all(w in words for w in pattern):
            best, best_length = code, len(pattern)
    return best


def _rows(name: str) -> list[list[str]]:
    text = files("workers.bilateral").joinpath("data", name).read_text("utf-8")
    return [
        line.split("\t")
        for line in text.splitlines()
        if line.strip() and not line.startswith("#")
    ]


@cache
def load_predicates() -> PredicateTable:
    """The shipped tables, read once per process."""
    blocks: dict[str, list[tuple[str, str | None]]] = defaultdict(list)
    patterns: dict[str, list[tuple[tuple[str, ...], str]]] = defaultdict(list)
    for row in _rows("cameo_verbs.tsv"):
        if row[0] == "verb":
            blocks[row[1]].append((row[2], row[3] or None))
        else:
            patterns[row[1]].append((tuple(row[2].split()), row[3]))
    extra = {
        (lang, kind, lemma): code for lang, kind, lemma, code in _rows("predicates.tsv")
    }
    return PredicateTable(dict(blocks), dict(patterns), extra)
