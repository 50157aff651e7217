"""CAMEO codes to PLOVER categories, and the predicate tables that give the codes."""

from ops.lexicon.derive_cameo import derive
from workers.bilateral.events import (
    QUAD_CLASS,
    WEIGHT,
    PredicateTable,
    kind_of,
    load_predicates,
    plover_category,
)

DICTIONARY = """\
&TREATY
+TREATY
+ACCORD

####### VERB PATTERNS #######

---  ASK   [---]  ---
ASK     [020]
REQUEST
- * EXTRADITION                                       [0213]        # REQUEST
- * (TO &TREATY)                                      [035]         # ASK

---  OPPOSE   [---]  ---
OPPOSE
- * ACTION (AGAINST)                                  [120]         # OPPOSE
- * PLAN                                              [120]         # OPPOSE
- * SANCTIONS                                         [040]         # DEBATE
"""


def test_categories_follow_plover_and_classes_agree_with_weights():
    assert plover_category("190") == "FIGHT"
    assert plover_category("0841") == "RETREAT"
    assert plover_category("081") == "CONCEDE"
    assert plover_category("010") is None  # a bare statement names no event
    for category, quad in QUAD_CLASS.items():
        assert quad.endswith("cooperation") == (WEIGHT[category] > 0), category
    kind = kind_of("1123")
    assert kind is not None and (kind.category, kind.quad_class) == (
        "DISAPPROVE",
        "verbal conflict",
    )


def test_derivation_keeps_blocks_and_gives_a_default_by_majority():
    rows = derive(DICTIONARY.splitlines())
    assert ("verb", "ask", "ask", "020") in rows
    assert ("verb", "request", "ask", "") in rows  # no code, no pattern of its own
    assert ("verb", "oppose", "oppose", "120") in rows  # two of its three patterns
    assert ("pattern", "ask", "to treaty", "035") in rows
    assert ("pattern", "ask", "to accord", "035") in rows  # synonym set expanded


def test_object_patterns_pick_the_specific_code():
    table = PredicateTable(
        {"request": [("ask", None)], "ask": [("ask", "020")]},
        {"ask": [(("extradition",), "0213"), (("to", "treaty"), "035")]},
        {("fr", "verb", "exiger"): "100"},
    )
    assert table.verb("ask", "en", {"help"}) == "020"
    assert table.verb("request", "en", {"extradition"}) == "0213"
    assert table.verb("request", "en", {"peace"}) is None
    assert table.verb("exiger", "fr", ()) == "100"
    assert table.knows("ask", "en") and not table.knows("ask", "fr")


def test_shipped_tables_code_common_diplomatic_predicates():
    table = load_predicates()
    assert table.verb("accuse", "en", ()) == "112"
    assert table.noun("sanction", "en") == "163"
    assert table.verb("condamner", "fr", ()) == "111"
    assert table.noun("relation", "en") == "000"  # relational, but no event
    assert kind_of("000") is None
