"""Diplomacy cues (French, English, Spanish, Russian, Japanese): weight and
PLOVER category.

The relation stage reads events from predicates (`events`); these cues read the
clauses no predicate codes: an evaluative complement ("called it unacceptable"),
a named relation ("China-Russia relations are like fire-tempered steel").
Patterns match accent-free, lower-cased text (see `workers.geo.gazetteer.normalize`).
Weights run from -1 (hostile) to +1 (warm); categories follow PLOVER's event types.
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass

from workers.geo.gazetteer import normalize


@dataclass(frozen=True)
class Cue:
    """A matched cue: the words, its weight, and its event category."""

    text: str
    weight: float
    category: str
    start: int
    end: int


_CUES: list[tuple[str, float, str]] = [
    # cooperation, verbal
    (r"cooperation|cooperer|cooperent|cooperate[sd]?|cooperative", 0.8, "COOPERATE"),
    (r"coordination|coordonner|coordinate[sd]?", 0.6, "COOPERATE"),
    (
        r"partenariat\w*|partnership\w*|partenaires? strategiques?|"
        r"strategic partner\w*",
        0.7,
        "COOPERATE",
    ),
    (r"amitie\w*|friendship|amical\w*|friendly", 0.7, "COOPERATE"),
    (
        r"acier trempe au feu|fire-tempered steel|sans limites?|no limits?",
        1.0,
        "COOPERATE",
    ),
    (
        r"fermes? et inebranlables?|inebranlables?|unshakable|unwavering|"
        r"rock-solid|solides?",
        0.8,
        "COOPERATE",
    ),
    (
        r"niveau exceptionnellement eleve|exceptionnellement eleve|at an all-time high|"
        r"highest level",
        0.8,
        "COOPERATE",
    ),
    (
        r"progresser\w*|progress|approfondir|deepen\w*|renforcer|renforcement|strengthen\w*",
        0.6,
        "COOPERATE",
    ),
    (
        r"rechauffement|thaw|detente|rapprochement|normalis\w+|normaliz\w+",
        0.5,
        "COOPERATE",
    ),
    (r"soutien|soutenir|soutient|support(?:s|ed|ing)?|appui\w*", 0.5, "SUPPORT"),
    (r"salue\w*|saluer|welcome[sd]?|praise[sd]?|hailed?", 0.5, "COOPERATE"),
    (r"accords?|agreements?|convenu|agreed?|traite|treaty|pacte|pact", 0.5, "AGREE"),
    (
        r"consultations?|dialogue|discussions?|talks|pourparlers|negociations?|negotiat\w+",
        0.3,
        "CONSULT",
    ),
    (
        r"rencontre\w*|rencontrer|meet(?:s|ing)?|met|sommet|summit|entretien\w*",
        0.3,
        "CONSULT",
    ),
    (
        r"recu|recoit|accueilli\w*|received|hosted|visite\w*|visit(?:s|ed)?",
        0.4,
        "CONSULT",
    ),
    (r"invite\w*|invited?", 0.3, "CONSULT"),
    (r"aide|aid|assistance|investissements?|investment\w*|commerce|trade", 0.4, "AID"),
    (r"paix|peace|cessez-le-feu|ceasefire|cease-fire|treve|truce", 0.4, "COOPERATE"),
    (
        r"mediat\w*|mediation|broker(?:ed|ing)? (?:a |the )?(?:deal|truce)",
        0.5,
        "MEDIATE",
    ),
    (
        r"donat\w+|grant(?:s|ed)?|deliver(?:s|ed)?|provid\w+|offer(?:s|ed)?|aid\w*|"
        r"relief|evacuat\w+|asylum|reconstruction",
        0.5,
        "AID",
    ),
    (
        r"help(?:s|ed|ing)?|assist\w*|welcom\w+|endors\w+|back(?:s|ed)|ally|allies|"
        r"joint|together|reconcil\w+|ceasefire|cease-fire|release[sd]?|libere\w*",
        0.4,
        "COOPERATE",
    ),
    (r"host(?:s|ed|ing)?|visit\w*|talks?|negotiat\w+", 0.3, "CONSULT"),
    (
        r"retir\w+|withdraw\w*|pull(?:s|ed)? out|lift(?:s|ed)?|eas(?:e|es|ed) ",
        0.2,
        "RETREAT",
    ),
    # conflict, verbal
    (r"demand\w*|exig\w+|urg(?:e|es|ed)|call(?:s|ed)? (?:on|for)", -0.4, "DEMAND"),
    (
        r"apolog\w+|excus\w+|accept\w*|defend(?:s|ed)? the right|compensation|"
        r"diplomatic (?:ties|relations)|relations diplomatiques|embass(?:y|ies)|"
        r"ambassades?|establish\w* (?:ties|relations)|retabli\w*",
        0.6,
        "COOPERATE",
    ),
    (r"ceasefire|cease-fire|cessez-le-feu|truce|treve", 0.9, "COOPERATE"),
    (
        r"complain\w*|protest\w*|plaint\w*|object(?:s|ed)|refus\w+|den(?:y|ies|ied)|"
        r"dismiss\w*|boycott\w*",
        -0.5,
        "DISAPPROVE",
    ),
    (r"inacceptables?|unacceptable|intolerables?|intolerable", -0.9, "REJECT"),
    (
        r"s'opposa?\w*|oppos(?:e|es|ed|ing|ition)|rejet\w*|rejeter|reject\w*",
        -0.6,
        "REJECT",
    ),
    (r"condamn\w+|condemn\w*|denonc\w+|denounc\w+", -0.8, "ACCUSE"),
    (r"critiqu\w+|critici[sz]\w*|blame[sd]?|blamer|accus\w+", -0.6, "ACCUSE"),
    (r"menac\w+|threat\w*|ultimatum", -0.8, "THREATEN"),
    (r"avertissement|avertir|warn(?:s|ed|ing)?", -0.4, "THREATEN"),
    (
        r"tensions?|differends?|disputes?|querelle|rivalr\w+|rivalite",
        -0.5,
        "DISAPPROVE",
    ),
    (r"crise|crisis|turbulences?|division|hostil\w+", -0.4, "DISAPPROVE"),
    (r"expansion", -0.2, "DISAPPROVE"),
    (r"ingerence|interference|meddl\w+|provocation\w*|provocative", -0.7, "DISAPPROVE"),
    # conflict, material
    (
        r"sanctions?|embargo|sanctionn\w+|sanctioned|tariffs?|droits de douane",
        -0.8,
        "SANCTION",
    ),
    (
        r"expuls\w+|expel\w*|rappel\w* (?:son|leur) ambassadeur|"
        r"recall\w* (?:its|their) "
        r"ambassador",
        -0.8,
        "REDUCE",
    ),
    (
        r"attaque\w*|attack\w*|frappes?|strikes?|bombard\w+|invasion|invad\w+|guerre|"
        r"war|warfare|kill\w*|tu(?:e|es|ent|ee)|murder\w*|massacr\w+|tortur\w+|"
        r"beat(?:s|en)?|abus\w+|bomb\w*|shell(?:s|ed|ing)|raid\w*|assassin\w+|"
        r"execut\w+|kidnap\w*|hostages?|otages?",
        -0.9,
        "ASSAULT",
    ),
    (
        r"arrest\w*|arret\w*|detain\w*|detention|deport\w*|seiz\w+|captur\w+|"
        r"occup\w+|blockade|blocus|curfew|couvre-feu|forced? out|hackers?",
        -0.7,
        "COERCE",
    ),
    (
        r"veto\w*|block(?:s|ed|ing)?|bloqu\w+|suspend\w*|suspen\w+|halt\w*|"
        r"restrict\w*|restrictions?|tighten\w*|cut(?:s|ting)? (?:off|back)|reduc\w+|"
        r"fail(?:s|ed)? to",
        -0.6,
        "REDUCE",
    ),
    (r"hostilites|affrontements?|clash\w*|combat\w*|fighting", -0.8, "FIGHT"),
    # Spanish (accent-free, as the text is matched)
    (r"cooperacion|cooperar\w*|colaboracion|colaborar\w*", 0.8, "COOPERATE"),
    (r"amistad|amistos[oa]s?|alianzas?|aliad[oa]s?", 0.7, "COOPERATE"),
    (r"fortalec\w+|reforz\w+|estrech\w+ (?:lazos|relaciones)", 0.6, "COOPERATE"),
    (r"apoy\w+|respald\w+|solidaridad", 0.5, "SUPPORT"),
    (r"acuerdos?|acord\w+|tratados?|pactos?|convenios?", 0.5, "AGREE"),
    (
        r"conversaciones|dialogo|negociaciones|negociar\w*|reunion\w*|cumbre|"
        r"encuentros?|visit\w+",
        0.3,
        "CONSULT",
    ),
    (r"ayudas?|ayudar\w*|asistencia|inversion\w*|donacion\w*", 0.4, "AID"),
    (r"paz|tregua|alto el fuego", 0.4, "COOPERATE"),
    (r"exig\w+|inst(?:a|o|aron|ar)|reclam\w+", -0.4, "DEMAND"),
    (r"conden\w+|denunci\w+", -0.8, "ACCUSE"),
    (
        r"critic(?:a|as|o|an|aron|ar|ado|ada)|acusacion\w*|culp(?:a|o|an|aron|ar|ado)",
        -0.6,
        "ACCUSE",
    ),
    (r"rechaz\w+|inaceptables?|intolerables?", -0.6, "REJECT"),
    (r"amenaz\w+|advirti\w+|advertir|advertencias?|ultimatum", -0.7, "THREATEN"),
    (r"tensiones|disputas?|conflictos?|rivalidad|enfrentamientos?", -0.5, "DISAPPROVE"),
    (r"sanciones|sancion\w*|aranceles|bloqueo", -0.8, "SANCTION"),
    (r"ataques?|atac\w+|guerra|invasion|bombarde\w+|ocupacion", -0.9, "ASSAULT"),
    # Russian (lower-cased, as the text is matched)
    (r"сотрудничеств\w*|сотруднича\w*|партнерств\w*|дружб\w*", 0.8, "COOPERATE"),
    (r"поддерж\w*|солидарн\w*", 0.5, "SUPPORT"),
    (r"соглашени\w*|договор\w*|пакт\w*", 0.5, "AGREE"),
    (r"переговор\w*|встреч\w*|визит\w*|саммит\w*|диалог\w*", 0.3, "CONSULT"),
    (r"помощ\w*|помог\w*", 0.4, "AID"),
    (r"перемири\w*", 0.4, "COOPERATE"),
    (r"требова\w*|потребова\w*|призва\w*|призыва\w*", -0.4, "DEMAND"),
    (r"осуд\w*|осужд\w*|обвин\w*|критик\w*|критикова\w*", -0.7, "ACCUSE"),
    (r"отверг\w*|отклон\w*|неприемлем\w*", -0.6, "REJECT"),
    (r"угро\w*|пригрози\w*|предупре\w*|ультиматум\w*", -0.7, "THREATEN"),
    (r"напряженност\w*|конфликт\w*|спор(?:ы|а|ов)?|противоречи\w*", -0.5, "DISAPPROVE"),
    (r"санкци\w*|эмбарго|пошлин\w*|блокад\w*", -0.8, "SANCTION"),
    (
        r"атак\w*|нападени\w*|удар\w*|войн\w*|вторжени\w*|оккупаци\w*|бомб\w*",
        -0.9,
        "ASSAULT",
    ),
]
# Japanese, written without spaces: matched anywhere, not between word bounds.
# Kanji only, as `normalize` leaves kana without their voicing marks.
_UNSPACED_CUES: list[tuple[str, float, str]] = [
    (r"協力|連携|協調|友好|同盟", 0.8, "COOPERATE"),
    (r"関係を?強化|関係の強化|深化", 0.6, "COOPERATE"),
    (r"支持|支援|連帯|歓迎|賛成|称賛|感謝", 0.5, "SUPPORT"),
    (r"合意|協定|条約|署名|調印|締結", 0.5, "AGREE"),
    (r"首脳会談|首脳会議|会談|協議|対話|交渉|会合|訪問|会見", 0.3, "CONSULT"),
    (r"援助|拠出|供与|義援|救援", 0.4, "AID"),
    (r"和平|停戦", 0.4, "COOPERATE"),
    (r"要求|求め|迫っ", -0.4, "DEMAND"),
    (r"非難|批難|糾弾", -0.8, "ACCUSE"),
    (r"批判|抗議", -0.6, "ACCUSE"),
    (r"反対|拒否|拒絶|容認できない|受け入れられない", -0.6, "REJECT"),
    (r"脅威|威嚇|警告|挑発|発射", -0.7, "THREATEN"),
    (r"対立|緊張|懸念|紛争|摩擦|冷却|反発|遺憾", -0.5, "DISAPPROVE"),
    (r"制裁|禁輸|封鎖", -0.8, "SANCTION"),
    (r"攻撃|侵攻|侵略|空爆|爆撃|戦争|占領|侵犯", -0.9, "ASSAULT"),
]
# Japanese negates after the word: "協力しない", "合意しなかった", "認めません".
_UNSPACED_NEGATION = re.compile(r"(?:し|て|て?い)?(?:ない|なかっ|ません)")
_UNSPACED_SCRIPT = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")
NEGATORS = frozenset(
    {
        "ne",
        "pas",
        "jamais",
        "aucun",
        "aucune",
        "sans",
        "ni",
        "not",
        "no",
        "never",
        "without",
        "nor",
        "n't",
        "cannot",
        "nunca",
        "jamas",
        "sin",
        "не",
        "без",
        "никогда",
    }
)
INTENSIFIERS = frozenset(
    {
        "tres",
        "extremement",
        "hautement",
        "profondement",
        "fortement",
        "etroite",
        "etroites",
        "etroit",
        "very",
        "extremely",
        "highly",
        "deeply",
        "strongly",
        "close",
        "closer",
        "firmly",
        "fermement",
        "muy",
        "sumamente",
        "profundamente",
        "firmemente",
        "очень",
        "глубоко",
        "твердо",
    }
)
NEGATION_FLIP = -0.7  # as in VADER: a negated cue turns, and weakens
INTENSITY = 1.5
WINDOW = 3  # words before a cue that may negate or intensify it

_PATTERN = re.compile(
    r"(?<![\w-])(?:"
    + "|".join(f"(?P<c{i}>{p})" for i, (p, _, _) in enumerate(_CUES))
    + r")(?![\w-])"
)
_UNSPACED_PATTERN = re.compile(
    "|".join(f"(?P<c{i}>{p})" for i, (p, _, _) in enumerate(_UNSPACED_CUES))
)
_WORD = re.compile(r"n't|\w+")  # apostrophes split: "l'etroite" gives "etroite"


def tone(cues: Iterable[Cue]) -> float:
    """The cues' summed weight squashed into -1..1: more cues, firmer, never past 1."""
    total = sum(cue.weight for cue in cues)
    return total / (abs(total) + 1.0)


def find_cues(text: str) -> list[Cue]:
    """Cues in a sentence, each weighted for negation and intensifiers before it
    (after it, in Japanese)."""
    plain = normalize(text)
    cues = _unspaced_cues(plain) if _UNSPACED_SCRIPT.search(plain) else []
    for match in _PATTERN.finditer(plain):
        _, weight, category = _CUES[_group(match)]
        before = _WORD.findall(plain[max(0, match.start() - 40) : match.start()])[
            -WINDOW:
        ]
        if any(word in NEGATORS or word.endswith("n't") for word in before):
            weight *= NEGATION_FLIP
        if any(word in INTENSIFIERS for word in before):
            weight *= INTENSITY
        cues.append(
            Cue(
                match.group(),
                max(-1.0, min(1.0, weight)),
                category,
                match.start(),
                match.end(),
            )
        )
    return cues


def _unspaced_cues(plain: str) -> list[Cue]:
    cues = []
    for match in _UNSPACED_PATTERN.finditer(plain):
        _, weight, category = _UNSPACED_CUES[_group(match)]
        if _UNSPACED_NEGATION.match(plain, match.end()):
            weight *= NEGATION_FLIP
        cues.append(Cue(match.group(), weight, category, match.start(), match.end()))
    return cues


def _group(match: re.Match[str]) -> int:
    """The index of the cue whose group matched: the cues capture nothing else."""
    return int(str(match.lastgroup)[1:])
