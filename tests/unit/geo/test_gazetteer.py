"""Countries, capitals, leaders, demonyms and compounds resolve to actor codes."""

import json

import pytest

from workers.geo import load_gazetteer
from workers.geo.gazetteer import DATA, russian_stem


@pytest.fixture(scope="module")
def gazetteer():
    return load_gazetteer()


@pytest.mark.parametrize(
    ("text", "actors"),
    [
        ("Pékin", ("CHN",)),
        ("Moscou", ("RUS",)),
        ("le Kremlin", ("RUS",)),
        ("Washington", ("USA",)),
        ("la Chine", ("CHN",)),
        ("Allemagne", ("DEU",)),
        ("Alemania", ("DEU",)),  # Spanish, from pycountry's translations
        ("russe", ("RUS",)),
        ("chinois", ("CHN",)),
        ("américains", ("USA",)),
        ("Russian", ("RUS",)),
        ("Chinese", ("CHN",)),
        ("sino-russes", ("CHN", "RUS")),
        ("Chine-Russie", ("CHN", "RUS")),
        ("américano-russes", ("USA", "RUS")),
        ("US-China", ("USA", "CHN")),
        ("OTAN", ("NATO",)),
        ("NATO", ("NATO",)),
        ("ONU", ("UN",)),
        ("UE", ("EU",)),
        ("M. Poutine", ("RUS",)),
        ("Choïgou", ("RUS",)),
        ("Wang Yi", ("CHN",)),
        ("Conseil de sécurité russe", ("RUS",)),
        # 1980s names as the Reuters guidelines code them
        ("Soviet Union", ("RUS",)),
        ("Soviet", ("RUS",)),
        ("West Germany", ("DEU",)),
        ("Bonn", ("DEU",)),
        ("GATT", ("WTO",)),
        ("Iraqis", ("IRQ",)),
    ],
)
def test_resolves(gazetteer, text, actors):
    entry = gazetteer.resolve(text)
    assert entry is not None
    assert entry.actors == actors


@pytest.mark.parametrize(
    "text",
    [
        "us",
        "Asie-Pacifique",
        "Kazan",
        "Photo",
        "turkey soup",
        # companies and markets named after a state or city are not the state's
        "Royal Dutch Petroleum Co",
        "London Interbank Offered Rate",
        "Tokyo Stock Exchange",
    ],
)
def test_does_not_resolve(gazetteer, text):
    assert gazetteer.resolve(text) is None


def test_person_carries_role_and_dates(gazetteer):
    entry = gazetteer.resolve("Sergueï Lavrov")
    assert entry is not None and entry.person is not None
    assert entry.person.name == "Sergey Lavrov"
    assert entry.person.role == "Foreign Minister"
    assert entry.person.start == "2004-03-09"
    assert entry.wikidata == "Q131801"


def test_find_splits_elisions_and_keeps_offsets(gazetteer):
    text = "l'expansion de l'OTAN, selon Moscou."
    mentions = gazetteer.find(text)
    assert [(m.text, m.actors) for m in mentions] == [
        ("OTAN", ("NATO",)),
        ("Moscou", ("RUS",)),
    ]
    assert all(text[m.start : m.end] == m.text for m in mentions)


def test_single_state_ignores_blocs_and_compounds(gazetteer):
    assert gazetteer.single_state(["RUS"]) == "RUS"
    assert gazetteer.single_state(["NATO"]) is None
    assert gazetteer.single_state(["CHN", "RUS"]) is None


G20_STATES = (
    "ARG",
    "AUS",
    "BRA",
    "CAN",
    "CHN",
    "FRA",
    "DEU",
    "IND",
    "IDN",
    "ITA",
    "JPN",
    "KOR",
    "MEX",
    "RUS",
    "SAU",
    "ZAF",
    "TUR",
    "GBR",
    "USA",
)
LEADER_ROLES = ("President", "Prime Minister", "Chancellor", "King", "Premier")


def test_every_g20_state_has_a_current_leader_and_foreign_minister():
    people = json.loads(DATA.read_text(encoding="utf-8"))["people"]
    current = [p for p in people if p["end"] is None]
    for code in G20_STATES:
        roles = {p["role"] for p in current if p["country"] == code}
        assert any(r in LEADER_ROLES for r in roles), f"{code}: no leader in {roles}"
        foreign = [r for r in roles if "Foreign" in r or r == "Secretary of State"]
        assert foreign, f"{code}: no foreign minister in {roles}"


@pytest.mark.parametrize(
    ("text", "actors"),
    [
        ("Президент России встретился с лидером Китая.", [("RUS",), ("CHN",)]),
        ("Nga và Trung Quốc ký thỏa thuận.", [("RUS",), ("CHN",)]),
        ("قال مسؤول في إيران إن روسيا", [("IRN",), ("RUS",)]),
    ],
)
def test_names_in_other_supported_languages(gazetteer, text, actors):
    assert [m.actors for m in gazetteer.find(text)] == actors


@pytest.mark.parametrize(
    ("text", "actors"),
    [
        ("Пекине", ("CHN",)),
        ("Украиной", ("UKR",)),
        ("России", ("RUS",)),
        ("Путиным", ("RUS",)),
        ("俄羅斯", ("RUS",)),  # traditional characters, from pycountry's zh_TW
        ("北約", ("NATO",)),
        ("Unión Europea", ("EU",)),
    ],
)
def test_names_in_russian_cases_and_other_scripts_resolve(text, actors):
    entry = load_gazetteer().resolve(text)
    assert entry is not None
    assert entry.actors == actors


def test_russian_stems_cut_endings_only_from_long_cyrillic_words():
    assert russian_stem("пекине") == "пекин"
    assert russian_stem("сша") == "сша"
    assert russian_stem("paris") == "paris"


@pytest.mark.parametrize(
    ("text", "actors"),
    [
        ("北朝鮮", ("PRK",)),
        ("韓国", ("KOR",)),  # pycountry writes "大韓民国 (韓国)"
        ("モルドバ", ("MDA",)),  # pycountry writes "モルドバ共和国"
        ("アメリカ合衆国", ("USA",)),
        ("国連安全保障理事会", ("UN",)),
        ("日米", ("JPN", "USA")),  # one kanji a state, run together
        ("中露", ("CHN", "RUS")),
        ("ロシア空軍", ("RUS",)),  # a state's name run into the body acting for it
        ("米政府", ("USA",)),
        ("米英軍", ("USA", "GBR")),
    ],
)
def test_japanese_names_abbreviations_and_bodies_resolve(gazetteer, text, actors):
    entry = gazetteer.resolve(text)
    assert entry is not None
    assert entry.actors == actors


@pytest.mark.parametrize("text", ["朝日", "中日", "米", "政府", "日本語", "東京都庁"])
def test_japanese_words_spelt_like_abbreviations_do_not_resolve(gazetteer, text):
    assert gazetteer.resolve(text) is None


def test_find_reads_unspaced_text_over_the_tokens_it_is_given(gazetteer):
    text = "日米は北朝鮮に抗議した"
    tokens = [(0, 2), (2, 3), (3, 6), (6, 7), (7, 9), (9, 10), (10, 11)]
    assert gazetteer.find(text) == []  # one run of kanji: no word bound inside
    found = gazetteer.find(text, tokens)
    assert [(m.text, m.actors) for m in found] == [
        ("日米", ("JPN", "USA")),
        ("北朝鮮", ("PRK",)),
    ]
