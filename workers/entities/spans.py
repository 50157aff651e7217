"""Trim entity spans to the name itself: no article, title or possessive around it.

Gold standards (CoNLL, UNER, Europeana) mark "Census Bureau" in "the Census Bureau",
"Pugh" in "Ms Pugh", "Addenbrooke" in "Addenbrooke's"; the models often include
the extra words. Offsets stay exact: only the span's ends move.
"""

import re

LEADING = re.compile(
    r"^(?:the|a|an|le|la|les|l['’]|un|une|des|du|de la|"
    r"mr\.?|mrs\.?|ms\.?|miss|dr\.?|sir|dame|prof\.?|m\.|mme|mlle|"
    r"king|queen|prince|princess|president|président|présidente|senator|sen\.|"
    r"rep\.|gov\.|governor|gen\.|general|général|col\.|lt\.|capt\.|bishop|pope|"
    r"sheikh|cheikh|emir|émir)\s+(?=\S)",
    re.IGNORECASE,
)
# "l'OTAN" is one token for the French model; the article is glued to the name.
ELIDED = re.compile(r"^[ldLD]['’](?=[A-ZÀ-Ý])")
TRAILING = re.compile(r"\s*(?:['’]s|['’])$")


def trim(text: str, start: int) -> tuple[str, int]:
    """The span's text and start after trimming; the end follows from the length."""
    while True:
        match = LEADING.match(text) or ELIDED.match(text)
        if match is None or match.end() >= len(text):
            break
        text, start = text[match.end() :], start + match.end()
    trailing = TRAILING.search(text)
    if trailing is not None and trailing.start() > 0:
        text = text[: trailing.start()]
    return text, start
