"""Where an actor mention sits in a parsed sentence: which predicate, in which role.

Labels of both spaCy schemes are read: ClearNLP's (English: nsubj, dobj, pobj under
prep, agent) and Universal Dependencies' (French: nsubj, obj, obl/nmod with a case
marker, obl:agent).
"""

from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum

from spacy.tokens import Token

from workers.bilateral.rules import on


def word_set(words: str) -> frozenset[str]:
    """A set of words written as one whitespace-separated string."""
    return frozenset(words.split())


SUBJECT = frozenset({"nsubj", "csubj", "expl"})
PASSIVE_SUBJECT = frozenset({"nsubjpass", "nsubj:pass", "csubjpass"})
OBJECT = frozenset({"dobj", "obj", "dative", "iobj", "attr", "oprd"})
MODIFIER = frozenset(
    {
        "compound",
        "amod",
        "poss",
        "nmod:poss",
        "appos",
        "flat",
        "flat:name",
        "nummod",
        "npadvmod",
        "nmod",
        "det",
    }
)
# Nouns of the UD scheme that take their relation from a case marker.
CASED = frozenset({"obl", "obl:arg", "obl:mod", "nmod", "iobj", "obl:agent"})
# Nouns that stand for the state they are attached to ("Japanese officials", "the
# government of Japan", "le ministre russe"): the mention acts through them.
AGENT_NOUNS = word_set(
    """government administration official minister ministry president premier
    leader spokesman spokeswoman spokesperson delegation delegate negotiator envoy
    ambassador embassy diplomat army military force troop navy soldier police
    authority parliament congress senate senator representative secretary chancellor
    king queen emperor cabinet regime state department council counterpart officer
    commander general governor mission legislator lawmaker side foreign team
    tank warplane jet aircraft plane helicopter warship ship vessel gunboat artillery
    missile drone fighter bomber submarine unit battalion brigade guard intelligence
    agent court judge prosecutor customs ruler leadership junta mediator inspector
    observer peacekeeper monitor m. mr. mr mrs. mrs ms. mme dr. dr
    forum organization organisation alliance bloc agency commission
    gouvernement responsable ministre ministère président dirigeant porte-parole
    délégation délégué négociateur envoyé ambassadeur ambassade diplomate diplomatie
    armée militaire troupe marine soldat autorité parlement sénat sénateur secrétaire
    chancelier roi reine régime état conseil homologue chef commandant général
    gouverneur conseiller partie médiateur inspecteur observateur char avion navire
    missile drone tribunal juge organisation alliance agence commission
    gobierno ministro ministerio presidente canciller cancillería portavoz delegación
    delegado negociador enviado embajador embajada diplomático ejército militar
    tropa soldado fuerza policía autoridad parlamento congreso senado senador
    secretario rey reina régimen estado consejo homólogo jefe comandante general
    gobernador asesor mediador inspector observador tanque avión buque misil
    juez organización agencia comisión administración dirigente líder mandatario
    правительство министр министерство президент премьер премьер-министр глава
    посол посольство делегация представитель армия войско военный власть
    парламент дума канцлер лидер руководство мид совет дипломат генсек
    政府 政権 当局 外相 首相 大統領 外務省 外務大臣 大臣 長官 国務長官 大使 大使館
    国連大使 報道官 国防相 国防省 軍 部隊 代表 代表団 首脳 国王 議会 外交部 主席
    側"""
)
# People who stand for the place they are in: "demonstrators in Baghdad".
CROWD_NOUNS = word_set(
    """demonstrator protester protestor crowd resident inhabitant villager citizen
    people manifestant habitant foule manifestante residente ciudadano multitud
    gente pueblo демонстрант протестующий житель 住民 市民 デモ隊"""
)
# Nouns for what an actor puts forward: "a U.S. offer" is the state's own act, so
# its owner is a party of what is done to it ("rejected", "supported").
PROPOSAL_NOUNS = word_set(
    """proposal offer plan call request demand resolution initiative decision policy
    position stance bid invitation appeal suggestion measure proposition offre appel
    demande résolution décision politique invitation mesure propuesta oferta
    llamamiento petición solicitud resolución iniciativa decisión política
    invitación medida предложение план призыв просьба резолюция инициатива
    решение 提案 決議案 修正案 要請 計画 方針 構想"""
)
# Commercial actors: what a nationality modifies here is not its state.
COMMERCIAL_NOUNS = word_set(
    """bank company firm corporation exporter importer producer trader dealer
    buyer seller shipper refiner crusher mill manufacturer maker carmaker
    automaker chipmaker investor businessman industry farmer grower
    banque entreprise société exportateur importateur producteur investisseur
    banco empresa compañía firma exportador importador productor inversor
    empresario industria банк компания фирма корпорация экспортёр экспортер
    импортёр импортер производитель инвестор бизнесмен 企業 会社 銀行 商社
    メーカー"""
)
# Modifiers that make their actor the doer of a relational noun ("U.S. sanctions").
OWNER = frozenset({"poss", "nmod:poss", "compound", "amod"})
OF = frozenset({"of", "de", "du", "des", "d'", "del", "の"})
BETWEEN = frozenset({"between", "among", "entre", "между"})
# Prepositions whose complement is the other party of the predicate.
TARGET_PREPOSITIONS = word_set(
    "with to toward towards into from avec envers vers auprès con hacia ante a al "
    "с со к に へ と"
)
# Japanese joins nouns with particles: "ロシアと中国は", "日本やアメリカ" (the first
# noun hangs on the second as nmod); such a noun takes the second one's role.
JOINING = frozenset({"と", "や", "および"})
# Prepositions whose complement is a party only of a hostile act ("sanctions on
# Iran") or of help ("aid for Nigeria"); elsewhere it is the topic ("talks on Iran").
# Against is the adversary of a favour, not its beneficiary ("protect it against").
HOSTILE_PREPOSITIONS = frozenset(
    {"on", "over", "upon", "against", "sur", "de", "du", "des", "contre"}
    | {"contra", "sobre", "del", "против", "на"}
)
HELP_PREPOSITIONS = frozenset({"for", "pour", "à", "au", "aux", "para", "для"})
VENUE_PREPOSITIONS = frozenset({"in", "at", "near", "inside", "en", "dans", "à", "で"})


class Role(Enum):
    """What the mention is to its predicate."""

    SOURCE = "source"  # subject, agent: who acts or speaks
    TARGET = "target"  # object, complement of with/against/to...
    BETWEEN = "between"  # "talks between A and B": both sides at once
    HOSTILE = "hostile"  # a party only if the act is hostile (see above)
    HELP = "help"  # a party only if the act is help
    TOPIC = "topic"  # names what is talked about, not who: never a party
    VENUE = "venue"  # where it happened
    NONE = "none"  # nothing the parse relates


@dataclass(frozen=True)
class Attachment:
    """A mention's predicate and role; `through` marks a noun it modifies."""

    predicate: Token | None
    role: Role
    through: bool = False  # the mention modifies the argument ("NATO expansion")


@dataclass(frozen=True)
class Sentence:
    """What the role rules need to know of a parsed sentence beyond the parse."""

    actors: frozenset[int]  # token indexes inside actor mentions
    agents: frozenset[int]  # token indexes of people's names: they act for a state
    companies: frozenset[int]  # inside organisations that resolve to no actor
    relational: Callable[[Token], bool]  # a noun naming an act ("sanctions", "talks")

    def is_agent(self, token: Token) -> bool:
        """A person, or a noun that stands for its state ("officials")."""
        return token.i in self.agents or token.lemma_.lower() in AGENT_NOUNS

    def predicative(self, token: Token) -> bool:
        """A verb, or a noun that names an act."""
        return token.pos_ in ("VERB", "AUX") or self.relational(token)


def attach(root: Token, sentence: Sentence) -> Attachment:
    """The predicate `root` (a mention's head) is an argument of, and how."""
    token, through = root, False
    for _ in range(12):  # a parse is a tree; the bound only guards a broken one
        opening = _clause_opening(token) if on("clause-opening") else None
        if opening is not None:
            return Attachment(opening, Role.SOURCE, through)
        head, dep = token.head, token.dep_
        if head.i == token.i:
            predicate = token if sentence.predicative(token) else None
            return Attachment(predicate, Role.NONE)
        if dep == "conj" or _joined(token, sentence):
            # coordinated: the first conjunct's role ("ロシアと中国": the last's)
            token = head
            continue
        if dep in SUBJECT:
            return Attachment(head, Role.SOURCE, through)
        if dep == "dep" and head.pos_ == "VERB" and token.i > head.i:
            return Attachment(
                head, Role.TARGET, through
            )  # the parser's unlabelled object
        if dep in PASSIVE_SUBJECT or dep in OBJECT:
            return Attachment(head, Role.TARGET, through)
        if dep == "pobj" or (dep in CASED and _case(token) is not None):
            found = _prepositional(token, dep, through, sentence)
            if found is None:  # "of" an agent noun: the mention acts through it
                token = token.head.head if dep == "pobj" else token.head
                continue
            if isinstance(found, Token):
                token, through = found, True
                continue
            return found
        if dep in MODIFIER:
            if sentence.is_agent(head) or head.lemma_.lower() in PROPOSAL_NOUNS:
                token = head  # "U.S. officials", "the U.S. offer": the state's own
                continue
            if head.i in sentence.companies or (
                _commercial(head) and on("commercial-actors")
            ):  # "Japanese commercial banks": a company's nationality is no state
                return Attachment(None, Role.TOPIC)
            if dep in OWNER and sentence.relational(head):
                return Attachment(head, Role.SOURCE, through)
            token, through = head, True
            continue
        predicate = head if sentence.predicative(head) else None
        return Attachment(predicate, Role.NONE)
    return Attachment(None, Role.NONE)


def _prepositional(
    token: Token, dep: str, through: bool, sentence: Sentence
) -> Attachment | Token | None:
    """The attachment of a prepositional complement, the noun to climb to, or None."""
    if dep == "pobj":
        marker, head = token.head, token.head.head
        word, is_agent = marker.lower_, marker.dep_ == "agent"
    else:
        marker, head = token, token.head
        word = (_case(token) or "").lower()
        is_agent = dep == "obl:agent" or word == "par"
    if is_agent:
        return Attachment(head, Role.SOURCE, through)
    if dep == "obl:arg":  # a core argument, whatever marks it ("s'opposer à")
        return Attachment(head, Role.TARGET, through)
    if word in BETWEEN:
        return Attachment(head, Role.BETWEEN, through)
    if word in (*OF, "from") and sentence.is_agent(head):
        return None  # "the government of Japan", "delegates from Nigeria"
    if word in ("by", "par") and _noun(head):
        return None  # "calls by Belarus": Belarus's calls
    if word in OF and sentence.relational(head):
        return Attachment(head, Role.TARGET, through)  # "the invasion of Lebanon"
    if word in OF and _noun(head) and not sentence.relational(head):
        if any(
            c.i != token.i and c.dep_ in OWNER and c.i in sentence.actors
            for c in head.children
        ):  # "Soviet membership of the World Bank": the Bank is what it concerns
            return Attachment(head, Role.TOPIC, through)
        return head  # "an offer of talks", "l'expansion de l'OTAN": climb on
    if (
        word in VENUE_PREPOSITIONS
        and _local_people(head, token, sentence)
        and on("local-people")
    ):
        return None  # "security forces in Guinea tortured": Guinea's forces act
    if word in TARGET_PREPOSITIONS or (word == "as" and through):
        # "denounced as a crime Serbia's suppression": what is denounced
        return Attachment(head, Role.TARGET, through)
    if word in VENUE_PREPOSITIONS and not _article_before(token, marker):
        return Attachment(head, Role.VENUE, through)
    if word in HOSTILE_PREPOSITIONS:
        return Attachment(head, Role.HOSTILE, through)
    if word in HELP_PREPOSITIONS:
        return Attachment(head, Role.HELP, through)
    return Attachment(head, Role.TOPIC, through)


def _joined(token: Token, sentence: Sentence) -> bool:
    """A Japanese conjunct hung on the next actor: "ロシアと中国", "日本やアメリカ"."""
    return (
        token.dep_ == "nmod"
        and _case(token) in JOINING
        and token.head.i in sentence.actors
    )


def _commercial(noun: Token) -> bool:
    """A company or trade noun, not a central bank ("the Japanese central bank")."""
    return noun.lemma_.lower() in COMMERCIAL_NOUNS and not any(
        c.lower_ in ("central", "centrale") for c in noun.children
    )


def _local_people(noun: Token, place: Token, sentence: Sentence) -> bool:
    """A subject that is people of the place and of no other actor: "demonstrators
    in Baghdad"; not "U.S. troops in Bosnia", not "a bomb in Beirut"."""
    people = sentence.is_agent(noun) or noun.lemma_.lower() in CROWD_NOUNS
    return (
        noun.dep_ in SUBJECT
        and people
        and not any(
            t.i in sentence.actors for t in noun.subtree if not within(t, place)
        )
    )


def within(token: Token, root: Token) -> bool:
    """Whether `token` is in the subtree of `root`."""
    return root.left_edge.i <= token.i <= root.right_edge.i


def _clause_opening(token: Token) -> Token | None:
    """ "que Moscou et Pékin s'opposaient": a noun that opens a clause is its subject.

    Parsers often hang such a noun on the verb of the main clause; the first verb
    after it is the one it belongs to.
    """
    if token.pos_ not in ("NOUN", "PROPN") or token.dep_ in SUBJECT:
        return None
    if not any(c.dep_ == "mark" and c.i < token.i for c in token.children):
        return None
    for later in token.doc[token.i + 1 :]:
        if later.pos_ == "VERB":
            return later
    return None


def _case(token: Token) -> str | None:
    for child in token.children:
        if child.dep_ == "case":
            return str(child.lower_)
    return None


def _article_before(token: Token, marker: Token) -> bool:
    """ "à la Chine" names a party; "à Pékin" a place."""
    return any(c.dep_ == "det" and c.i < token.i for c in token.children) and (
        marker.lower_ != "in"
    )


def _noun(token: Token) -> bool:
    return token.pos_ in ("NOUN", "PROPN", "PRON")
