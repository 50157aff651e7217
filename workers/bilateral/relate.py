"""Find statements about the relation between two actors, and score them per pair.

Sentences where two actors meet are parsed; statements come from their predicates
(`frames`). Which pairs the article reports is then judged over every pair named
in one sentence (`judge`): what the rules found, and what the article as a whole
says of the two.
"""

import re
from collections import Counter, defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from itertools import combinations

import spacy

from topics.article import (
    ArticleBilateral,
    ArticleEntities,
    BilateralPair,
    Entity,
    Event,
    Statement,
    Syntax,
    extend,
)
from workers.bilateral.docs import sentence_docs
from workers.bilateral.events import PredicateTable, load_predicates
from workers.bilateral.frames import ActorMention, FrameReader, Relation
from workers.bilateral.judge import (
    Candidate,
    PairModel,
    features,
    load_models,
    model_for,
)
from workers.bilateral.lexicon import Cue, find_cues, tone
from workers.bilateral.parse import SentenceParser
from workers.bilateral.rules import on
from workers.bilateral.sentences import Sentence, split_sentences, without_dateline

SPEECH = re.compile(
    r"\b(?:a|ont|avait|aurait)\s+(?:\w+\s+){0,3}(?:déclaré|affirmé|dit|souligné|indiqué|estimé|"
    r"qualifié|annoncé|réagi|ajouté|assuré|averti)|\baffirmant\b|\bsoulignant\b|"
    r"\bqualifiant\b|\bselon\b(?!\s+lesquel)|\bsaid\b|\bsays\b|\btold\b|\bstated\b|\bdeclared\b|"
    r"\baccording to\b|\badded\b|\bwarned\b|\bstressed\b|\bnoted\b",
    re.IGNORECASE,
)
NEUTRAL_BAND = 0.1
# How much of a pair's score is the article's tone toward it (`_tone`): chosen on
# the study fold over 0.3 and 0.7 (docs/bilateral-evaluation.md).
TONE_SHARE = 0.5


Pair = tuple[str, str]


@dataclass
class Reading:
    """What the rules read in an article, and where its actors are named together."""

    statements: dict[Pair, list[Statement]] = field(default_factory=dict)
    # Sentences naming two actors or more, with the actors they name.
    shared: list[tuple[frozenset[str], Sentence]] = field(default_factory=list)
    first_sentences: frozenset[int] = frozenset()  # starts of the first two
    blocs: frozenset[str] = frozenset()
    mentions: dict[str, int] = field(default_factory=dict)
    # Share of each actor's mentions that are adjectives ("Japanese", "Cuban").
    adjectival: dict[str, float] = field(default_factory=dict)
    sentence_count: int = 0
    entities: list[Entity] = field(default_factory=list)
    # Diplomacy cues of each sentence, found once (by the sentence's start).
    _cues: dict[int, tuple[Cue, ...]] = field(default_factory=dict)

    def cues(self, sentence: Sentence) -> tuple[Cue, ...]:
        """The sentence's diplomacy cues: the judge and the tone both read them."""
        if sentence.start not in self._cues:
            self._cues[sentence.start] = tuple(find_cues(sentence.text))
        return self._cues[sentence.start]

    def unstated(self) -> list[Candidate]:
        """Every pair named in one sentence of which the rules read no statement."""
        pairs = {
            (a, b)
            for actors, _ in self.shared
            for a, b in combinations(sorted(actors), 2)
        } - self.statements.keys()
        found = []
        for pair in sorted(pairs):
            naming = [(a, s) for a, s in self.shared if set(pair) <= a]
            found.append(
                Candidate(
                    pair,
                    tuple(s for _, s in naming),
                    tuple(len(a) for a, _ in naming),
                    tuple(self.cues(s) for _, s in naming),
                )
            )
        return found

    def features(self, candidate: Candidate) -> list[float]:
        """The judge's figures for one candidate."""
        return features(
            candidate,
            self.first_sentences,
            self.blocs,
            len(self.mentions),
            self.mentions,
            self.adjectival,
            self.sentence_count,
        )


class RelationFinder:
    """Holds the sentence parser, the predicate table and the pair models; build
    once per process."""

    def __init__(
        self,
        parser: SentenceParser | None = None,
        table: PredicateTable | None = None,
        models: Mapping[str, PairModel] | None = None,
    ) -> None:
        self._parser = parser or SentenceParser()
        self._reader = FrameReader(table or load_predicates())
        self._models = models  # by language; the shipped ones, read on first use
        # For Docs of a carried parse (`docs.sentence_docs`): the multi-language
        # vocabulary has the lexical attributes (lower case) a bare Vocab lacks.
        self._vocab = spacy.blank("xx").vocab

    def preload(self) -> None:
        """Load the parsers now, so the first articles do not wait."""
        self._parser.preload()

    def __call__(self, article: ArticleEntities) -> ArticleBilateral:
        """Enrich an article with its bilateral relations."""
        pairs = self.find(
            article.text, article.entities, article.language.code, article.syntax
        )
        # The parse served this stage; downstream records do not carry it.
        return extend(article, ArticleBilateral, bilateral=pairs, syntax=None)

    def find(
        self,
        text: str,
        entities: list[Entity],
        language: str = "en",
        syntax: Syntax | None = None,
    ) -> list[BilateralPair]:
        """One entry per unordered pair of actors, with its statements; `syntax`
        is the text's parse where the entities stage carries one."""
        reading = self.read(text, entities, language, syntax)
        if reading is None:
            return []
        kept = dict(reading.statements)
        # A lone sentence is read by its parse; an article also as a whole.
        if reading.sentence_count > 1 and on("pair-model"):
            model = model_for(self._models or load_models(), language)
            for candidate in reading.unstated():
                if model.keeps(reading.features(candidate)):
                    kept[candidate.pair] = [_cue_statement(candidate, reading.entities)]
        return [
            _aggregate(pair, statements, _tone(pair, reading))
            for pair, statements in sorted(kept.items())
        ]

    def read(
        self,
        text: str,
        entities: list[Entity],
        language: str = "en",
        syntax: Syntax | None = None,
    ) -> Reading | None:
        """The rules' statements and where actors meet; None when no pair can be."""
        resolved = [e for e in entities if e.actors]
        if len({a for e in resolved for a in e.actors}) < 2:
            return None  # no pair anywhere: a third of articles, spared the splitting
        if syntax is None and not self._parser.parses(language):
            return None  # no parser for the language: no predicate, no pair
        candidates = []
        sentences = split_sentences(text)
        if sentences:
            sentences[0] = without_dateline(sentences[0])
        countries = {e.country for e in resolved}
        reading = Reading(
            first_sentences=frozenset(s.start for s in sentences[:2]),
            sentence_count=len(sentences),
            blocs=frozenset(
                a for e in resolved for a in e.actors if a not in countries
            ),
            mentions=dict(Counter(a for e in resolved for a in set(e.actors))),
            entities=entities,
        )
        adjectives = Counter(
            a for e in resolved if e.label == "MISC" for a in set(e.actors)
        )
        reading.adjectival = {a: adjectives[a] / n for a, n in reading.mentions.items()}
        shared = reading.shared
        for sentence in sentences:
            inside = [e for e in resolved if sentence.start <= e.start < sentence.end]
            actors = {a for e in inside for a in e.actors}
            if len(actors) >= 2:
                shared.append((frozenset(actors), sentence))
                candidates.append(sentence)
        # Wrapped lines parse as one sentence; a space per newline keeps the offsets.
        one_line = [
            Sentence(" ".join(s.text.split("\n")), s.start, s.end) for s in candidates
        ]
        docs = (
            self._parser.parse([s.text for s in one_line], language)
            if syntax is None
            else sentence_docs(self._vocab, syntax, one_line, language)
        )
        if docs is None:
            return None
        by_pair: dict[tuple[str, str], list[Statement]] = defaultdict(list)
        for sentence, doc in zip(candidates, docs, strict=True):
            inside = [e for e in entities if sentence.start <= e.start < sentence.end]
            relations = self._reader.relations(
                doc,
                [_mention(e, sentence) for e in inside if e.actors],
                [_span(e, sentence) for e in inside if e.label == "PER"],
                [
                    _span(e, sentence)
                    for e in inside
                    if e.label == "ORG" and not e.actors
                ],
                language,
            )
            speaker = _speaker(sentence, inside)
            for relation in relations:
                by_pair[relation.pair].append(_statement(relation, sentence, speaker))
        reading.statements = dict(by_pair)
        return reading


def _mention(entity: Entity, sentence: Sentence) -> ActorMention:
    return ActorMention(
        tuple(entity.actors), entity.start - sentence.start, entity.end - sentence.start
    )


def _span(entity: Entity, sentence: Sentence) -> tuple[int, int]:
    return entity.start - sentence.start, entity.end - sentence.start


def _statement(
    relation: Relation, sentence: Sentence, speaker: Entity | None
) -> Statement:
    event = relation.event
    return Statement(
        sentence=sentence.text,
        start=sentence.start,
        end=sentence.end,
        speaker=speaker.text if speaker else None,
        speaker_country=speaker.country if speaker else None,
        score=relation.score,
        cues=list(relation.cues),
        event=Event(category=event.category, quad_class=event.quad_class)
        if event
        else None,
        source=relation.source,
        target=relation.target,
    )


def _speaker(sentence: Sentence, entities: list[Entity]) -> Entity | None:
    """The subject before a speech verb (person, else body), or a person after it."""
    speech = SPEECH.search(sentence.text)
    if speech is None:
        return None
    cue_at = sentence.start + speech.start()
    for label in ("PER", "ORG"):
        before = [e for e in entities if e.label == label and e.end <= cue_at]
        if before:
            return before[0]
    after = [e for e in entities if e.label == "PER" and e.start >= cue_at]
    return after[0] if after else None


def _cue_statement(candidate: Candidate, entities: list[Entity]) -> Statement:
    """A pair the judge keeps with no statement of the rules: its evidence is the
    sentence naming both with the most diplomacy cues, read by the lexicon."""
    index = max(range(len(candidate.sentences)), key=lambda i: len(candidate.cues[i]))
    best, cues = candidate.sentences[index], candidate.cues[index]
    relation = Relation(
        pair=candidate.pair,
        source=None,
        target=None,
        event=None,
        score=round(tone(cues), 4),
        cues=tuple(c.text for c in cues),
    )
    inside = [e for e in entities if best.start <= e.start < best.end]
    return _statement(relation, best, _speaker(best, inside))


def _tone(pair: tuple[str, str], reading: Reading) -> float | None:
    """The diplomacy lexicon's reading, in -1..1, of every sentence that names both
    actors: what the article as a whole says of the pair. None when only one
    sentence names them: there, the parse of that sentence says more than its words.
    """
    naming = [sentence for actors, sentence in reading.shared if set(pair) <= actors]
    if len(naming) < 2 or not on("article-tone"):
        return None
    return tone(cue for s in naming for cue in reading.cues(s))


def _aggregate(
    pair: tuple[str, str], statements: list[Statement], tone: float | None
) -> BilateralPair:
    score = sum(s.score for s in statements) / len(statements)
    if tone is not None:
        score = (1 - TONE_SHARE) * score + TONE_SHARE * tone
    label = (
        "positive"
        if score > NEUTRAL_BAND
        else "negative"
        if score < -NEUTRAL_BAND
        else "neutral"
    )
    return BilateralPair(
        pair=pair,
        score=round(score, 4),
        label=label,
        statement_count=len(statements),
        statements=statements,
    )
