"""The bilateral stage's rules by name, each one switchable off to measure it.

The worker runs every rule. The evaluator (`python -m ops.evaluate.bilateral
--ablation`) switches each off in turn and prints what it adds on the study and
the check fold; a rule that adds nothing on the check fold is removed.
"""

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

# Name -> what the rule does, in one line (the ablation table prints it).
RULES: dict[str, str] = {
    "speech": "a speaker's state pairs with the parties of what it says",
    "speaker-pronoun": "a pronoun subject of a reported clause is the speaker",
    "relayed-hostility": "who reports a party's hostile act accuses it",
    "same-clause": "subject and complement of one coded clause the parse split",
    "named-relation": "'China-Russia relations': the compound names the relation",
    "joint-sources": "two coordinated sources of one act stand together",
    "between": "'talks between A and B' pairs A and B",
    "host-meets-sides": "a host or mediator meets each side it sits between",
    "owner-of-object": "the owner of the object is a party of a hostile act or favour",
    "hostile-preposition": "on/over/against name a party only of a hostile act",
    "help-preposition": "for/à name a party of help or hostility",
    "venue-party": "a place is a party of a material act or of the object noun",
    "noun-frames": "a relational noun with its own doer states its own relation",
    "controller": "a clause with no actor subject takes the subject it serves",
    "uncoded-verb": "a verb no table codes still relates actor subject and object",
    "forced-halt": "stopping what another owns is coercion",
    "people-of-subject": "a subject noun with no actor acts for its modifier",
    "intent": "an act announced rather than done is AGREE or THREATEN",
    "evaluation": "an evaluative adjective complement decides the event",
    "local-people": "people in a place act for it",
    "clause-opening": "a noun that opens a clause is its subject",
    "article-tone": "a pair's polarity weighs every sentence naming both actors",
    "market-report": "buying and selling goods relates no states",
    "commercial-actors": "a nationality on a company or trade noun is no party",
    "pair-model": "a model over article figures adds pairs the rules did not read",
    "obligation": "'X said Y must': a demand",
}

_OFF: ContextVar[frozenset[str]] = ContextVar(
    "bilateral_rules_off", default=frozenset()
)


def on(name: str) -> bool:
    """Whether rule `name` runs (always, outside an evaluator's ablation)."""
    if name not in RULES:
        raise KeyError(f"no bilateral rule named {name!r}")
    return name not in _OFF.get()


@contextmanager
def switched_off(names: Iterable[str]) -> Iterator[None]:
    """Run the block with the named rules off (in this context only)."""
    off = frozenset(names)
    if unknown := off - RULES.keys():
        raise KeyError(f"no bilateral rule named {', '.join(sorted(unknown))}")
    token = _OFF.set(off)
    try:
        yield
    finally:
        _OFF.reset(token)
