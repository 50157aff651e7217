"""Entity spans lose articles, titles and possessives; offsets move with them."""

import pytest

from workers.entities.names import Name
from workers.entities.spans import join_interpunct, trim


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("the Census Bureau", ("Census Bureau", 104)),
        ("Ms Pugh", ("Pugh", 103)),
        ("President Xi Jinping", ("Xi Jinping", 110)),
        ("Addenbrooke 's", ("Addenbrooke", 100)),
        ("la Chine", ("Chine", 103)),
        ("l'OTAN", ("OTAN", 102)),
        ("The", ("The", 100)),  # nothing would be left: keep it
        ("Washington", ("Washington", 100)),
    ],
)
def test_trim(text, expected):
    assert trim(text, 100) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Совет по недвижимости Онтарио ( RECO )", "Совет по недвижимости Онтарио"),
        (
            "Канадская служба переливания крови ( CBS",
            "Канадская служба переливания крови",
        ),
        ("Центр правительственной связи »", "Центр правительственной связи"),
        ("« Рабочая Сила »", "« Рабочая Сила »"),  # the span opens its quote
        ("Г-жа Пью", "Пью"),
        ("首都ボゴタ", "ボゴタ"),
        ("三女悦子", "悦子"),
        ("副長・土方歳三", "土方歳三"),
        ("ケネディ大統領", "ケネディ"),
        ("バラク・オバマ", "バラク・オバマ"),  # a katakana name keeps its parts
    ],
)
def test_trim_brackets_quotes_and_japanese_titles(text, expected):
    trimmed, start = trim(text, 0)
    assert trimmed == expected
    assert text[start : start + len(trimmed)] == trimmed


def test_katakana_names_split_at_the_interpunct_are_joined():
    text = "ジョン・F・ケネディ大統領とバラク・オバマ"
    names = [
        Name(0, 5, "Person", "PER"),  # ジョン・F
        Name(6, 10, "Person", "PER"),  # ケネディ
        Name(14, 21, "Person", "PER"),  # バラク・オバマ, after と
    ]
    joined = join_interpunct(text, names)
    assert [text[n.start : n.end] for n in joined] == [
        "ジョン・F・ケネディ",
        "バラク・オバマ",
    ]
