"""Trim entity spans to the name itself: no article, title or possessive around it.

Gold standards (CoNLL, UNER, Europeana) mark "Census Bureau" in "the Census Bureau",
"Pugh" in "Ms Pugh", "Addenbrooke" in "Addenbrooke's", and a name apart from the
abbreviation in brackets after it; the models often include the extra words.
Offsets stay exact: only the span's ends move.
"""

import re
from dataclasses import replace

from workers.entities.names import Name

LEADING = re.compile(
    r"^(?:the|a|an|le|la|les|l['’]|un|une|des|du|de la|"
    r"mr\.?|mrs\.?|ms\.?|miss|dr\.?|sir|dame|prof\.?|m\.|mme|mlle|"
    r"king|queen|prince|princess|president|président|présidente|senator|sen\.|"
    r"rep\.|gov\.|governor|gen\.|general|général|col\.|lt\.|capt\.|bishop|pope|"
    r"sheikh|cheikh|emir|émir|"
    r"sr\.|sra\.|señor|señora|don|doña|presidente|presidenta|"
    r"г-н|г-жа|господин|госпожа|президент|премьер-министр)\s+(?=\S)",
    re.IGNORECASE,
)
# "l'OTAN" is one token for the French model; the article is glued to the name.
ELIDED = re.compile(r"^[ldLD]['’](?=[A-ZÀ-Ý])")
TRAILING = re.compile(r"\s*(?:['’]s|['’])$")
# "Совет по недвижимости Онтарио ( RECO )": the bracket starts another name.
BRACKET = re.compile(r"\s*[(\[].*$")
# A closing quote the span does not open: "Центр правительственной связи »".
UNOPENED_QUOTE = re.compile(r"\s*[»”\"]$")
# Japanese writes titles and kinship terms against the name, before or after it:
# "首都ボゴタ", "三女悦子", "副長・土方歳三", "小田船長", "ケネディ大統領".
JA_LEADING = re.compile(
    r"^(?:首都|[長次三四五][男女]|[\u4e00-\u9fff]{1,4}・(?=[^・]{2,}$))"
)
JA_TRAILING = re.compile(
    r"(?:大統領|首相|総理|上院議員|下院議員|議員|船長|監督|選手|原作|社長|会長|長官|"
    r"大臣|知事|市長|教授|博士|夫人|氏|・)$"
)
# Katakana names are split at the interpunct by the Japanese model: "ジョン・F"
# and "ケネディ" are one person.
INTERPUNCT = "・"


def trim(text: str, start: int) -> tuple[str, int]:
    """The span's text and start after trimming; the end follows from the length."""
    while True:
        match = LEADING.match(text) or ELIDED.match(text)
        if match is None or match.end() >= len(text):
            break
        text, start = text[match.end() :], start + match.end()
    leading = JA_LEADING.match(text)
    if leading is not None and leading.end() < len(text):
        text, start = text[leading.end() :], start + leading.end()
    for pattern in (BRACKET, UNOPENED_QUOTE, TRAILING, JA_TRAILING):
        trailing = pattern.search(text)
        if trailing is None or trailing.start() == 0:
            continue
        if pattern is UNOPENED_QUOTE and _opens_quote(text):
            continue
        text = text[: trailing.start()]
    return text, start


def _opens_quote(text: str) -> bool:
    return any(quote in text[:-1] for quote in '«“"')


def join_interpunct(text: str, names: list[Name]) -> list[Name]:
    """Join people whose names touch across a Japanese interpunct (or touch)."""
    joined: list[Name] = []
    for name in names:
        last = joined[-1] if joined else None
        between = text[last.end : name.start] if last else None
        if (
            last is not None
            and last.label == name.label == "PER"
            and between in ("", INTERPUNCT)
            and (between or text[last.end - 1] == INTERPUNCT)
        ):
            joined[-1] = replace(last, end=name.end)
        else:
            joined.append(name)
    return joined
