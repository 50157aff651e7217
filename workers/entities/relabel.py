"""Labels the model gets wrong that the name itself settles.

A leader's name is a person and a country's name a place, whatever the model
said (the gazetteer knows both); a name headed by an institution noun
("Gobierno", "Ministry of Defence", "Правительство России") is an organisation:
models trained on encyclopaedia text often file bodies named after a place
under the place.
"""

import re
from dataclasses import replace

from topics.article import EntityLabel
from workers.entities.names import Name

# The first word of names of state bodies, lowercased, in the languages with a
# model. Words that also start place names ("Court", "State") are left out.
INSTITUTION_HEADS = frozenset(
    {
        # English
        "government", "parliament", "police", "army", "ministry", "council",
        "senate", "congress", "commission", "committee", "agency", "cabinet",
        # French
        "gouvernement", "parlement", "armée", "ministère", "conseil",
        "sénat", "assemblée", "comité", "mairie", "préfecture",
        # Spanish
        "gobierno", "parlamento", "policía", "ejército", "ministerio", "consejo",
        "senado", "congreso", "comisión", "ayuntamiento", "junta",
        "diputación", "generalitat", "administración", "ejecutivo", "tribunal",
        # Russian
        "правительство", "правительства", "парламент", "полиция", "армия",
        "министерство", "министерства", "совет", "совета", "сенат", "дума",
        "думы", "комиссия", "комитет", "кабинет",
    }
)  # fmt: skip


# Japanese writes a body as the place and the institution noun in one word
# ("イギリス海軍", "フランス政府"); the model tags the place alone.
JA_INSTITUTION_SUFFIX = re.compile(
    r"(?:[陸海空]軍|軍|政府|代表|大使館|議会|国会|銀行|鉄道|放送|警察|"
    r"[^\s、。・「」]{0,4}党|大学|総督府)"
)


# The head of a Japanese compound is its last noun: "自由民主党", "財務省" are bodies.
JA_INSTITUTION_END = re.compile(JA_INSTITUTION_SUFFIX.pattern + r"$|[省庁院]$")


def join_institution_suffix(text: str, language: str, names: list[Name]) -> list[Name]:
    """Japanese: a place followed at once by an institution noun is the body, an ORG."""
    if language != "ja":
        return names
    joined = []
    for name in names:
        suffix = JA_INSTITUTION_SUFFIX.match(text, name.end)
        if name.label == "LOC" and suffix is not None:
            name = replace(name, end=suffix.end(), label="ORG")
        joined.append(name)
    return joined


def corrected_label(
    text: str, language: str, label: EntityLabel, entry_kind: str | None
) -> EntityLabel:
    """The label, corrected by what the gazetteer (`entry_kind`) or the head says."""
    if entry_kind == "person":
        return "PER"
    if entry_kind == "name" and label == "PER":
        return "LOC"
    words = text.split(maxsplit=1)
    headed = bool(words) and words[0].lower() in INSTITUTION_HEADS
    headed = headed or (language == "ja" and bool(JA_INSTITUTION_END.search(text)))
    if headed and label in ("LOC", "PER"):
        return "ORG"
    return label
