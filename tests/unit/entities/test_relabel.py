"""Labels the name itself settles: leaders, countries, bodies, Japanese compounds."""

import pytest

from workers.entities.names import Name
from workers.entities.relabel import corrected_label, join_institution_suffix


@pytest.mark.parametrize(
    ("text", "language", "label", "kind", "expected"),
    [
        ("Poutine", "fr", "LOC", "person", "PER"),
        ("España", "es", "PER", "name", "LOC"),
        ("Washington", "en", "PER", "capital", "PER"),  # a capital may be a person
        ("Gobierno de Colombia", "es", "LOC", None, "ORG"),
        ("Ministry of Defence", "en", "PER", None, "ORG"),
        ("Правительство России", "ru", "LOC", None, "ORG"),
        ("Gobierno", "es", "MISC", None, "MISC"),  # only LOC and PER are corrected
        ("自由民主党", "ja", "PER", None, "ORG"),
        ("財務省", "ja", "PER", None, "ORG"),
        ("修道院", "zh", "LOC", None, "LOC"),  # the Japanese rule stays Japanese
    ],
)
def test_corrected_label(text, language, label, kind, expected):
    assert corrected_label(text, language, label, kind) == expected


def test_a_japanese_place_followed_by_an_institution_is_the_body():
    text = "イギリス海軍の潜水艦とフランスの首都"
    names = [Name(0, 4, "Country", "LOC"), Name(11, 15, "Country", "LOC")]
    joined = join_institution_suffix(text, "ja", names)
    assert [(text[n.start : n.end], n.label) for n in joined] == [
        ("イギリス海軍", "ORG"),
        ("フランス", "LOC"),
    ]
    assert join_institution_suffix(text, "zh", names) == names
