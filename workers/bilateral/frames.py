"""Relations in one parsed sentence: who does what to whom, from its predicates.

Each actor mention is attached to a predicate (`roles.attach`); mentions on the same
predicate clause form a frame, whose event comes from the predicate table. Pairs are
source x target of a frame; two coordinated sources pair with each other (a joint
act, or a joint position when they act toward a third); a speaker's state pairs with
the parties of what it says. A verb that no table codes still relates its actor
subject and object, as a neutral statement; actors no predicate links make no pair.
"""

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from workers.bilateral.docs import head_final
from workers.bilateral.events import (
    NEGATED_COOPERATION,
    EventKind,
    PredicateTable,
    category_kind,
    kind_of,
)
from workers.bilateral.lexicon import Cue, find_cues, tone
from workers.bilateral.roles import (
    MODIFIER,
    OBJECT,
    OWNER,
    PASSIVE_SUBJECT,
    SUBJECT,
    Attachment,
    Role,
    Sentence,
    attach,
    within,
    word_set,
)
from workers.bilateral.rules import on

NEGATORS = frozenset(
    {"not", "n't", "never", "no", "pas", "jamais", "aucun", "aucune", "ni", "plus"}
    | {"nunca", "jamás", "ningún", "ninguna", "не", "ни", "никогда"}
    | {"ない", "ず", "ぬ", "ません"}  # Japanese, by lemma: "合意しなかった"
)
# An act announced rather than done is, in CAMEO, an intent: to cooperate (AGREE)
# or, when hostile, a threat ("will withdraw its force unless", "would boycott").
STANCES = word_set("DEMAND DISAPPROVE REJECT THREATEN")
INTENT_AUX = word_set(
    "will would may might could shall 'll 'd wo podría podrían puede pueden podrá"
)
# Japanese modality after the verb: "拒否するかもしれない" (may), "…だろう" (will).
MODAL_WORDS = word_set("しれる だろう でしょう つもり")
INTENT_HEADS = word_set(
    """willing ready prepared prepare plan intend vow pledge promise
    prêt prête disposé décider dispuesto dispuesta preparado planear pretender
    готовый намерен намереваться планировать собираться мочь"""
)
OBLIGATION = frozenset({"must", "should", "doit", "doivent", "devrait", "devraient"})
OBLIGATION |= {"debe", "deben", "debería", "deberían", "должен", "должна", "должны"}
SPEECH_VERBS = word_set(
    """say tell state declare announce add note stress insist claim affirm
    assert explain indicate reiterate comment quote dire déclarer affirmer souligner
    indiquer estimer annoncer ajouter assurer expliquer préciser réitérer
    decir declarar afirmar señalar indicar anunciar añadir agregar asegurar explicar
    precisar reiterar subrayar destacar comentar sostener considerar сказать
    заявить заявлять сообщить отметить подчеркнуть добавить говорить указать
    пояснить считать 述べる 話す 語る 言う 発表 表明 強調 指摘 説明 主張 論評
    コメント"""
)
# Verbs of the market: buying and selling goods (`FrameReader._market_report`).
MARKET_VERBS = word_set(
    """buy sell purchase take tender book ship export import resell
    acheter vendre importer exporter comprar vender importar exportar adquirir
    купить продать закупить импортировать экспортировать"""
)
# What is taken that is an act, not goods: "took measures against", "took part".
ACT_NOUNS = word_set(
    """measure action step part initiative stance stand position view decision
    control lead mesure action initiative position décision contrôle medida acción
    iniciativa posición postura decisión parte"""
)
# Verbs whose object names the act ("hold talks", "mener des négociations").
LIGHT_VERBS = word_set(
    """hold have make take give conduct launch stage begin start continue resume
    mount undertake tenir avoir faire mener lancer organiser entamer reprendre
    poursuivre tener hacer celebrar mantener llevar iniciar comenzar reanudar
    continuar proseguir emprender провести вести начать продолжить возобновить
    иметь 行う 実施"""
)
POSSESSIVES = word_set("its their his her son sa ses leur leurs su sus свой его их")
PRONOUNS = word_set(
    "it they we he she il elle ils elles nous él ella ellos ellas он она они мы"
)
JOINT_POSITION = "SUPPORT"  # CAMEO 05, diplomatic cooperation: two speak as one
# Praise, defence, aid and concessions are done to the owner of their object.
FAVOURS = word_set("SUPPORT AID RETREAT CONCEDE")
YIELD = "08"  # CAMEO: yield (halt, ease, withdraw) what is one's own to stop
MEDIATION = "045"  # CAMEO: engage in mediation
ATTRIBUTION = frozenset({"according", "citing", "selon", "d'après", "según", "по"})
# Clauses below a word: predicates of their own.
CLAUSAL = frozenset({"xcomp", "ccomp", "advcl", "acl", "csubj"})
# The cue lexicon's categories that PLOVER names otherwise.
CUE_CATEGORY = {"ACCUSE": "DISAPPROVE", "REDUCE": "SANCTION", "MEDIATE": "CONSULT"}


@dataclass(frozen=True)
class ActorMention:
    """An actor mention, offsets into the parsed sentence."""

    actors: tuple[str, ...]
    start: int
    end: int


@dataclass(frozen=True)
class Relation:
    """One directed (or joint) relation the sentence states."""

    pair: tuple[str, str]
    source: str | None  # None when the two stand together or the relation is named
    target: str | None
    event: EventKind | None
    score: float
    cues: tuple[str, ...]


@dataclass
class _Frame:
    head: Token
    sources: list[str] = field(default_factory=list)
    targets: list[str] = field(default_factory=list)
    between: list[str] = field(default_factory=list)
    between_of: list[Token] = field(default_factory=list)  # what they are between
    direct: list[str] = field(default_factory=list)  # subjects and objects of a verb
    owned: frozenset[int] = frozenset()  # nouns a state modifies ("Cambodian camp")
    conditional: list[tuple[Role, str, Token]] = field(default_factory=list)
    object_owners: list[str] = field(default_factory=list)  # "stop Greece's drilling"
    predicates: list[Token] = field(default_factory=list)
    # The event, read once (FrameReader.event); a 1-tuple so that None can be cached.
    reading: tuple[EventKind | None] | None = None


class FrameReader:
    """Reads relations out of parsed sentences; holds the predicate table."""

    def __init__(self, table: PredicateTable) -> None:
        self._table = table

    def relations(
        self,
        doc: Doc,
        mentions: Sequence[ActorMention],
        people: Sequence[tuple[int, int]],
        companies: Sequence[tuple[int, int]],
        language: str,
    ) -> list[Relation]:
        """Relations of one sentence; spans are character offsets into `doc.text`."""
        sentence = Sentence(
            actors=_tokens(doc, [(m.start, m.end) for m in mentions]),
            agents=_tokens(doc, people),
            companies=_tokens(doc, companies),
            relational=lambda t: (
                t.pos_ in ("NOUN", "PROPN")
                and self._table.noun(t.lemma_.lower(), language) is not None
            ),
        )
        frames: dict[int, _Frame] = {}
        # Relational nouns with their own arguments: "the U.S. attack on Iran".
        nominal: dict[int, _Frame] = {}
        named: list[tuple[tuple[str, ...], Token]] = []  # "China-Russia relations"
        for mention in mentions:
            span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
            if span is None:
                continue
            if len(set(mention.actors)) > 1:
                named.append((mention.actors, span.root))
                continue
            actor = mention.actors[0]
            if sentence.relational(span.root):  # "the U.S. attack", "U.S. sanctions"
                nominal.setdefault(span.root.i, _Frame(span.root)).sources.append(actor)
            attachment = attach(_anchor(span), sentence)
            if attachment.predicate is None:
                continue
            if sentence.relational(attachment.predicate):
                noun = attachment.predicate
                self._file(nominal.setdefault(noun.i, _Frame(noun)), attachment, actor)
            head = _clause_head(attachment.predicate)
            frame = frames.setdefault(head.i, _Frame(head))
            in_clause = _in_clause(attachment, sentence)
            if in_clause is None:
                continue
            frame.predicates.append(attachment.predicate)
            if _owns_object(span.root, attachment.predicate):
                frame.object_owners.append(actor)
            self._file(frame, in_clause, actor)
        if on("speaker-pronoun"):
            self._speakers_as_subjects(frames)
        for frame in frames.values():
            if not frame.sources and on("controller"):
                frame.sources = _controller(frame.head, frames, sentence.actors)
        owned = frozenset(
            t.head.i for t in doc if t.i in sentence.actors and t.dep_ in MODIFIER
        )
        found: list[Relation] = []
        for frame in frames.values():
            frame.owned = owned
            found.extend(self._frame_relations(frame, language))
        for noun_frame in nominal.values() if on("noun-frames") else ():
            if not noun_frame.sources and _possessive(noun_frame.head):
                noun_frame.sources = _governing_sources(noun_frame.head, frames)
            found.extend(self._noun_relations(noun_frame, language))
        if not found and on("same-clause"):
            found.extend(self._same_clause(frames, language))
        if on("speech"):
            found.extend(self._speech(frames, language))
        for actors, root in named if on("named-relation") else ():
            found.extend(self._named(actors, root, language))
        return _distinct(found)

    @staticmethod
    def _file(frame: _Frame, attachment: Attachment, actor: str) -> None:
        role, through = attachment.role, attachment.through
        predicate = attachment.predicate
        direct = role in (Role.SOURCE, Role.TARGET) and not through
        if direct and predicate is not None and predicate.pos_ in ("VERB", "AUX"):
            frame.direct.append(actor)
        if role is Role.SOURCE and not through:
            frame.sources.append(actor)
        elif role is Role.TARGET and not through:
            frame.targets.append(actor)
        elif role is Role.BETWEEN:
            frame.between.append(actor)
            if attachment.predicate is not None:
                frame.between_of.append(attachment.predicate)
        elif role in (Role.SOURCE, Role.TARGET, Role.HOSTILE, Role.HELP, Role.VENUE):
            assert attachment.predicate is not None  # noqa: S101 - attach() gave one
            frame.conditional.append((role, actor, attachment.predicate))

    def event(self, frame: _Frame, language: str) -> EventKind | None:
        """The frame's event, read once: see `_read_event`."""
        if frame.reading is None:
            frame.reading = (self._read_event(frame, language),)
        return frame.reading[0]

    def _read_event(self, frame: _Frame, language: str) -> EventKind | None:
        """The frame's event: its head verb's, else a coded noun's or complement's.

        "call X unacceptable", "qualifiant de « inacceptable »": an evaluative
        complement says more than the verb that introduces it.
        """
        evaluation = _evaluation(frame.head) if on("evaluation") else None
        if evaluation is not None:
            return evaluation
        ordered = [
            frame.head,
            *_complements(frame.head),
            *frame.predicates,
            # "signed an accord", "return to Geneva for talks"
            *[w for w in _complement_words(frame.head) if w.pos_ == "NOUN"],
        ]
        codes = [self._code(token, language) for token in ordered]
        named = next(
            (
                kind
                for token, code in zip(ordered, codes, strict=True)
                if token.pos_ == "NOUN" and (kind := _kind(code)) is not None
            ),
            None,
        )
        for token, code in zip(ordered, codes, strict=True):
            lemma = token.lemma_.lower()
            if token.i == frame.head.i and lemma in LIGHT_VERBS and named is not None:
                code = named.code  # "held talks": the noun says what it does
            elif (lemma in LIGHT_VERBS or lemma in INTENT_HEADS) and _complements(
                token
            ):
                # "continued to send arms", "plans to impose restrictions": the
                # verb it governs says what is done (announced, for a plan)
                continue
            kind = _kind(code)
            if kind is not None:
                negated = _negated(kind, frame.head, token)
                return None if negated is None else _intent(negated, frame.head, token)
        return None

    def _code(self, token: Token, language: str) -> str | None:
        lemma = token.lemma_.lower()
        if token.pos_ in ("NOUN", "PROPN"):
            return self._table.noun(lemma, language)
        if token.pos_ not in ("VERB", "AUX"):
            return None
        particle = [
            c.lower_ for c in token.children if c.dep_ in ("prt", "compound:prt")
        ]
        if particle:
            code = self._table.verb(f"{lemma} {particle[0]}", language, ())
            if code:
                return code
        complements = _complement_words(token)
        words = {w.lemma_.lower() for w in complements} | {
            w.lower_ for w in complements
        }
        return self._table.verb(lemma, language, words)

    @staticmethod
    def _speakers_as_subjects(frames: dict[int, _Frame]) -> None:
        """ "Hungary said it will support...": the pronoun is the speaker."""
        for frame in list(frames.values()):
            if frame.head.lemma_.lower() not in SPEECH_VERBS:
                continue
            speakers = frame.sources or _quoted(frame)
            if not speakers:
                continue
            for clause in _reported(frame.head):
                if not any(
                    c.dep_ in ("nsubj", "nsubjpass", "nsubj:pass")
                    and c.lower_ in PRONOUNS
                    for c in clause.children
                ):
                    continue
                head = _clause_head(clause)
                inner = frames.setdefault(head.i, _Frame(head))
                if not inner.sources:
                    inner.sources = list(speakers)
                    inner.direct.extend(speakers)

    def _frame_relations(self, frame: _Frame, language: str) -> Iterable[Relation]:
        if on("market-report") and self._market_report(frame.head, language):
            return
        kind = self.event(frame, language)
        targets = [*frame.targets, *self._conditional_targets(frame, kind, language)]
        if (
            kind is not None
            and not frame.sources
            and on("people-of-subject")
            and (not kind.cooperative or kind.quad_class.startswith("material"))
        ):  # "Burundian militiamen attacked": the subject's people act
            frame.sources = [a for r, a, _ in frame.conditional if r is Role.SOURCE]
        sources = _unique(frame.sources)
        targets = [t for t in _unique(targets) if t not in sources]
        if kind is None and not on("uncoded-verb"):
            return
        # A verb that names no event still links them: a neutral statement.
        score = kind.weight if kind is not None else 0.0
        for source in sources:
            for target in targets:
                own = kind
                if (
                    own is not None
                    and own.code.startswith(YIELD)
                    and target in frame.object_owners
                    and on("forced-halt")
                ):  # "stop Greece's oil activities": a halt forced on another
                    own = category_kind("COERCE")
                score = own.weight if own is not None else 0.0
                yield _relation(source, target, own, score, (frame.head.text,))
        if kind is None:
            return
        between = _unique(frame.between)
        if len(between) == 2 and on(
            "between"
        ):  # "tensions between A and B": the noun names the act
            nouns = [self._code(p, language) for p in frame.between_of]
            own_kind = next((k for k in map(_kind, nouns) if k is not None), kind)
            if not (sources and own_kind.code.startswith(MEDIATION)):
                # a mediator's sides do not meet each other: it goes between them
                yield _relation(
                    between[0],
                    between[1],
                    own_kind,
                    own_kind.weight,
                    (frame.head.text,),
                    False,
                )
            if own_kind.category == "CONSULT" and on("host-meets-sides"):
                # a host or mediator meets each side
                for source in sources:
                    for side in between:
                        if side != source:
                            yield _relation(
                                source,
                                side,
                                own_kind,
                                own_kind.weight,
                                (frame.head.text,),
                            )
        if len(sources) == 2 and on("joint-sources"):
            joint = category_kind(JOINT_POSITION) if targets else kind
            yield _relation(
                sources[0], sources[1], joint, joint.weight, (frame.head.text,), False
            )

    def _market_report(self, verb: Token, language: str) -> bool:
        """ "India and Egypt bought white sugar", "Jordan will tender for wheat":
        buying and selling goods is the market's, not a relation between states
        (unless what is taken is an act: "took steps against")."""
        if verb.lemma_.lower() not in MARKET_VERBS:
            return False
        return not any(
            word.lemma_.lower() in ACT_NOUNS
            or self._table.noun(word.lemma_.lower(), language) is not None
            for word in _complement_words(verb)
        )

    def _conditional_targets(
        self, frame: _Frame, kind: EventKind | None, language: str
    ) -> Iterable[str]:
        """The parties among the mentions whose role depends on the act.

        A modifier of the object is a party only when the act is hostile to it
        ("rejected a US offer") or done in its favour ("praised Haiti's efforts";
        not "discussed Brazil's debt"), a complement of on/over only of a hostile
        act ("tariffs on Japanese products"), of for/à only of help or hostility, and a
        place only of a material act ("troops arrived in Bosnia") or of the object
        of any act but a meeting ("a force in Liberia"; not "talks in Geneva"). A
        relational noun lends its own hostility only as the act's object
        ("imposed sanctions on").
        """
        for role, actor, predicate in frame.conditional:
            if role is Role.SOURCE:
                continue
            own = None
            if predicate.i == frame.head.i or predicate.dep_ in OBJECT:
                own = _kind(self._code(predicate, language))
            acts = [k for k in (kind, own) if k is not None]
            hostile = any(not k.cooperative for k in acts)
            helping = any(k.category in ("AID", "COOPERATE") for k in acts)
            material = kind is not None and (
                kind.quad_class.startswith("material")
                or kind.category in ("CONCEDE", "RETREAT")
            )
            on_object = (  # not "a Cambodian camp in Thailand": the camp is theirs
                predicate.pos_ == "NOUN"
                and predicate.i not in frame.owned
                and predicate.i != frame.head.i
                and kind is not None
                and kind.category != "CONSULT"
            )
            # The owner of the object is a party of what the verb does to it, when
            # hostile or a favour (praise, defence, aid, concessions): "rejected
            # a U.S. offer", "praised Haiti's efforts"; not "discussed the U.S.
            # attack", whose hostility is the noun's own.
            done_to_owner = kind is not None and (
                not kind.cooperative or kind.category in FAVOURS
            )
            if (
                (role is Role.HELP and (helping or hostile) and on("help-preposition"))
                or (role is Role.HOSTILE and hostile and on("hostile-preposition"))
                or (role is Role.TARGET and done_to_owner and on("owner-of-object"))
                or (
                    role is Role.VENUE and (material or on_object) and on("venue-party")
                )
            ):
                yield actor

    def _noun_relations(self, frame: _Frame, language: str) -> Iterable[Relation]:
        """A relational noun's own source and target, with its own event."""
        kind = _kind(self._code(frame.head, language))
        if kind is None:
            return
        targets = [*frame.targets, *self._conditional_targets(frame, kind, language)]
        for source in _unique(frame.sources):
            for target in _unique(targets):
                if target != source:
                    yield _relation(
                        source, target, kind, kind.weight, (frame.head.text,)
                    )

    def _same_clause(
        self, frames: dict[int, _Frame], language: str
    ) -> Iterable[Relation]:
        """Two actors, subject and complement of one coded clause the parse split."""
        for frame in frames.values():
            kind = self.event(frame, language)
            if kind is None or len(_unique(frame.sources)) != 1:
                continue
            others = [
                a
                for f in frames.values()
                if f is not frame
                and within(f.head, frame.head)
                and not _attribution(f.head, frame.head)
                for a in [*f.targets, *f.direct]
            ]
            for other in _unique(others):
                if other != frame.sources[0]:
                    yield _relation(
                        frame.sources[0], other, kind, kind.weight, (frame.head.text,)
                    )

    def _speech(self, frames: dict[int, _Frame], language: str) -> Iterable[Relation]:
        """A speaker's state and the parties of what it says ("Japan said the US")."""
        for frame in frames.values():
            if not frame.sources:
                continue
            spoken = [
                c for c in frame.head.children if c.dep_ in ("ccomp", "parataxis")
            ]
            own = self.event(frame, language)
            if not spoken or (
                frame.head.lemma_.lower() not in SPEECH_VERBS and own is None
            ):
                continue
            # Subjects of the verb speak; not the owner of a noun in its adjuncts
            # ("said in the aftermath of the Canadian pact").
            speakers = _unique([s for s in frame.sources if s in frame.direct])
            for clause in spoken:
                inner = [f for f in frames.values() if within(f.head, clause)]
                if set(speakers) & {a for f in inner for a in f.direct}:
                    continue  # "France and Egypt launched..., France said"
                for other in inner:
                    if other.head.lemma_.lower() in SPEECH_VERBS:
                        continue  # "X said ... and Y said ...": Y is no party of X's
                    parties = _unique(other.direct)  # not "the Paris agreement"
                    if set(speakers) & set(parties):
                        continue  # "Russia said Moscow and Beijing...": already a party
                    kind = own or (_obligation(clause) if on("obligation") else None)
                    cues: tuple[str, ...] = (frame.head.text,)
                    if kind is None:
                        # Who reports a party's hostile act accuses it; its favours
                        # are not the speaker's ("said Pakistan sent troops")
                        told = self.event(other, language)
                        hostile = told is not None and not told.cooperative
                        if hostile and on("relayed-hostility"):
                            kind = told
                    if kind is None:
                        continue
                    for speaker in speakers:
                        for party in parties:
                            if party != speaker:
                                yield _relation(speaker, party, kind, kind.weight, cues)

    def _named(
        self, actors: tuple[str, ...], root: Token, language: str
    ) -> Iterable[Relation]:
        """ "China-Russia relations are...": the compound names a relation itself."""
        distinct = _unique(list(actors))
        if len(distinct) != 2:
            return
        clause = _governing_verb(root)
        governing = self.event(_Frame(clause), language)
        phrase = _noun_phrase(root)
        cues: tuple[str, ...] = (clause.text,)
        kind = None
        if governing is not None and not governing.cooperative:
            kind = governing  # "violating the U.S.-Japan agreement"
        elif root.dep_ in ("compound", "amod", "nmod") and root.head.i != root.i:
            kind = _kind(self._code(root.head, language))  # "U.S.-Japanese tension"
        if kind is None:  # "le réchauffement des relations américano-russes"
            kind, cues = self._cue_event(phrase)
        if kind is None:
            kind, cues = governing, (clause.text,)
        if kind is None or kind.category == "CONSULT":
            cue_kind, cue_words = self._cue_event(clause)
            if cue_kind is not None:
                kind, cues = cue_kind, cue_words
        if kind is not None:
            yield _relation(distinct[0], distinct[1], kind, kind.weight, cues, False)

    @staticmethod
    def _cue_event(clause: Token) -> tuple[EventKind | None, tuple[str, ...]]:
        """The diplomacy lexicon's reading of a clause, when no predicate is coded."""
        start = clause.left_edge.idx
        end = clause.right_edge.idx + len(clause.right_edge.text)
        cues = find_cues(clause.doc.text[start:end])
        if not cues:
            return None, ()
        return _cue_kind(cues), tuple(c.text for c in cues)


def _cue_kind(cues: list[Cue]) -> EventKind | None:
    strongest = max(cues, key=lambda cue: abs(cue.weight))
    category = CUE_CATEGORY.get(strongest.category, strongest.category)
    try:
        kind = category_kind(category)
    except StopIteration:
        return None
    score = tone(cues)
    if (score > 0) != kind.cooperative:  # "not friendly": the sign decides
        kind = category_kind("COOPERATE" if score > 0 else NEGATED_COOPERATION)
    return EventKind(kind.code, kind.category, round(score, 4))


def _negated(kind: EventKind, head: Token, predicate: Token) -> EventKind | None:
    negated = any(
        c.dep_ == "neg" or c.lower_ in NEGATORS or c.lemma_ in NEGATORS
        for token in {head, predicate}
        for c in token.children
    )
    if not negated:
        return kind
    return category_kind(NEGATED_COOPERATION) if kind.cooperative else None


def _intent(kind: EventKind, *predicates: Token) -> EventKind:
    """The act as announced: AGREE for cooperation, THREATEN for a hostile act.

    A stance (a demand, a criticism, a rejection) announced is still that stance.
    """
    announced = on("intent") and any(
        any(c.lower_ in INTENT_AUX for c in p.children if c.dep_.startswith("aux"))
        or any(
            t.lemma_ in MODAL_WORDS or t.lower_ in MODAL_WORDS
            for c in p.children
            if c.dep_ in ("aux", "mark")
            for t in c.subtree
        )
        or "Fut" in p.morph.get("Tense", [])
        or "Cnd" in p.morph.get("Mood", [])
        or p.lemma_.lower() in INTENT_HEADS
        or (p.dep_ == "xcomp" and p.head.lemma_.lower() in INTENT_HEADS)
        for p in predicates
    )
    if not announced:
        return kind
    if kind.cooperative:
        return category_kind("AGREE")
    if kind.category in STANCES:
        return kind
    return category_kind("THREATEN")


def _anchor(span: Span) -> Token:
    """Where a mention sits: its root, or the name inside a noun phrase that a
    recogniser took whole ("una misión empresarial de China": China, reached
    through the mission, which may be no party)."""
    root = span.root
    if root.pos_ != "NOUN":
        return root
    names = [t for t in span if t.pos_ == "PROPN" and t.head.pos_ != "PROPN"]
    return names[0] if names else root


def _clause_head(predicate: Token) -> Token:
    """The verb whose clause holds the predicate: "imposed [sanctions]", "agreed to"."""
    token = predicate
    for _ in range(6):
        dep, head = token.dep_, token.head
        if head.i == token.i:
            break
        if token.pos_ in ("NOUN", "PROPN") and (
            dep in OBJECT or dep in PASSIVE_SUBJECT
        ):
            token = head
        elif token.pos_ in ("NOUN", "PROPN") and dep in ("pobj", "obl", "obl:arg"):
            token = head.head if dep == "pobj" else head
        elif (
            (dep == "xcomp" and not _has_object(head))
            or (dep == "conj" and not _has_subject(token))
            or (dep == "acomp" and token.pos_ == "ADJ")  # "is ready to send"
        ):
            token = head
        else:
            break
    return token


def _in_clause(attachment: Attachment, sentence: Sentence) -> Attachment | None:
    """What a relational noun's argument is to the verb above it, if anything.

    The doer of a noun that is the verb's object is not the verb's subject: "Tass
    denounced a U.S. attack" is done to the U.S. (a party only if the act is
    hostile or a favour, as "rejected a U.S. offer"). And the other side of a noun
    that has its own doer belongs to that noun alone: in "China denounced the U.S.
    attack on Iran", Iran is what the U.S. attacked, not what China denounced.
    """
    noun = attachment.predicate
    if noun is None or not sentence.relational(noun):
        return attachment
    if attachment.role is Role.SOURCE:
        if noun.dep_ in OBJECT:
            return Attachment(noun, Role.TARGET, through=True)
        return attachment
    if attachment.role is not Role.BETWEEN and any(
        child.dep_ in OWNER and child.i in sentence.actors for child in noun.children
    ):
        return None
    return attachment


def _owns_object(mention: Token, verb: Token) -> bool:
    noun = mention.head
    return mention.dep_ in OWNER and noun.dep_ in OBJECT and noun.head.i == verb.i


def _quoted(frame: _Frame) -> list[str]:
    """ "King Hassan of Morocco was quoted as saying he...": the quoted one speaks."""
    passive = any(c.dep_ in PASSIVE_SUBJECT for c in frame.head.children)
    return list(frame.targets) if passive and frame.head.lemma_ == "quote" else []


def _reported(verb: Token) -> list[Token]:
    """The clauses a verb of speech reports, "as saying" ones included."""
    clauses = [c for c in verb.children if c.dep_ == "ccomp"]
    for marker in (c for c in verb.children if c.lower_ == "as"):
        for saying in marker.children:
            clauses.extend(c for c in saying.children if c.dep_ == "ccomp")
    return clauses


def _attribution(token: Token, clause: Token) -> bool:
    """Whether `token` is in a source of the clause: "according to a report to X"."""
    while token.i != clause.i and token.head.i != token.i:
        if token.lower_ in ATTRIBUTION:
            return True
        token = token.head
    return False


def _possessive(noun: Token) -> bool:
    """ "its disputes with Greece", "leur coopération avec Moscou"."""
    return any(
        c.dep_ in ("poss", "nmod:poss", "det") and c.lower_ in POSSESSIVES
        for c in noun.children
    )


def _governing_sources(token: Token, frames: dict[int, _Frame]) -> list[str]:
    """The sources of the nearest frame above `token` that has any."""
    for _ in range(12):
        frame = frames.get(token.i)
        if frame is not None and frame.sources:
            return list(frame.sources)
        if token.head.i == token.i:
            break
        token = token.head
    return []


def _controller(
    verb: Token, frames: dict[int, _Frame], actors: frozenset[int]
) -> list[str]:
    """Who acts in a clause with no actor for subject: the clause's subject for
    a purpose ("sends arms to help defend X") or a pronoun ("..., when they
    attacked"), the owner of a possessed plan ("its plan to supply Ecuador")."""
    if verb.dep_ in ("advcl", "conj") and any(
        c.dep_ in SUBJECT and c.lower_ in PRONOUNS for c in verb.children
    ):
        return _governing_sources(verb.head, frames)
    if "Inf" not in verb.morph.get("VerbForm", []):
        return []
    if verb.dep_ == "acl" and _possessive(verb.head):
        return _governing_sources(verb.head, frames)
    if verb.dep_ == "advcl" and not any(
        t.i in actors for c in verb.head.children if c.dep_ in OBJECT for t in c.subtree
    ):  # not "demanded a U.N. force to protect them": the force may be meant
        return _governing_sources(verb.head, frames)
    return []


def _obligation(clause: Token) -> EventKind | None:
    """ "Russia said Sudan must return the helicopter": what must be, is demanded."""
    if any(c.lower_ in OBLIGATION for c in clause.children):
        return category_kind("DEMAND")
    return None


def _noun_phrase(token: Token) -> Token:
    """The largest noun phrase holding `token` below its verb."""
    while token.head.i != token.i and token.head.pos_ in ("NOUN", "PROPN", "ADJ"):
        token = token.head
    return token


def _governing_verb(token: Token) -> Token:
    """The nearest verb above `token` (itself if it is one), else the sentence root."""
    for _ in range(12):
        if token.pos_ in ("VERB", "AUX") or token.head.i == token.i:
            return token
        token = token.head
    return token


def _evaluation(head: Token) -> EventKind | None:
    """An adjective complement's reading by the diplomacy lexicon, if it has one."""
    for child in head.children:
        if child.dep_ in ("oprd", "acomp", "xcomp", "amod") and child.pos_ == "ADJ":
            # The adjective's own words: "willing to help defend X" is read by
            # the verbs of its clause, not as an evaluation.
            clauses = [c.left_edge.i for c in child.children if c.dep_ in CLAUSAL]
            start = child.left_edge.idx
            last = child.doc[max(min(clauses) - 1, child.i)] if clauses else None
            end_token = child.right_edge if last is None else last
            end = end_token.idx + len(end_token.text)
            cues = find_cues(head.doc.text[start:end])
            if cues:
                return _cue_kind(cues)
    return None


def _complements(head: Token) -> list[Token]:
    """The verbs that complete the head: "agreed to send", "is ready to send"."""
    found = []
    for child in head.children:
        if child.dep_ == "xcomp":
            found.append(child)
        elif child.dep_ == "acomp" and child.pos_ == "ADJ":
            found.extend(c for c in child.children if c.dep_ == "xcomp")
    return found


def _has_subject(token: Token) -> bool:
    return any(c.dep_ in ("nsubj", "nsubjpass", "nsubj:pass") for c in token.children)


# Dependents that complete a verb's meaning; clauses below it are other predicates.
COMPLEMENTS = frozenset(
    {*OBJECT, "prep", "prt", "pobj", "obl", "obl:arg", "acomp", "advmod", "compound"}
)


def _complement_words(verb: Token) -> list[Token]:
    """The verb's objects and prepositional complements, two levels down at most:
    after it, or before it in a head-final language."""
    found = []
    either_side = head_final(verb.doc)
    for child in verb.children:
        if child.dep_ in COMPLEMENTS and (child.i > verb.i or either_side):
            found.append(child)
            found.extend(c for c in child.children if c.dep_ in COMPLEMENTS)
    return found


def _has_object(token: Token) -> bool:
    return any(c.dep_ in OBJECT for c in token.children)


def _kind(code: str | None) -> EventKind | None:
    return kind_of(code) if code else None


def _tokens(doc: Doc, spans: Sequence[tuple[int, int]]) -> frozenset[int]:
    indexes: set[int] = set()
    for start, end in spans:
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is not None:
            indexes.update(range(span.start, span.end))
    return frozenset(indexes)


def _unique(actors: list[str]) -> list[str]:
    return list(dict.fromkeys(actors))


def _relation(
    a: str,
    b: str,
    kind: EventKind | None,
    score: float,
    cues: tuple[str, ...],
    directed: bool = True,
) -> Relation:
    return Relation(
        pair=(min(a, b), max(a, b)),
        source=a if directed else None,
        target=b if directed else None,
        event=kind,
        score=round(max(-1.0, min(1.0, score)), 4),
        cues=cues,
    )


def _distinct(relations: list[Relation]) -> list[Relation]:
    """One relation per pair, direction and event: the first, the most direct.

    A sentence can say two things of one pair ("a meeting between their ministers in
    a context of warming relations"); the same thing found twice counts once.
    """
    seen: dict[tuple[tuple[str, str], str | None, str | None], Relation] = {}
    for relation in relations:
        if relation.pair[0] != relation.pair[1]:
            category = relation.event.category if relation.event else None
            seen.setdefault((relation.pair, relation.source, category), relation)
    by_pair: dict[tuple[str, str], list[Relation]] = defaultdict(list)
    for relation in seen.values():
        by_pair[relation.pair].append(relation)
    return [r for group in by_pair.values() for r in group]
