"""Find statements about the relation between two actors, and score them per pair."""

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import combinations, product

from topics.article import (
    ArticleBilateral,
    ArticleEntities,
    BilateralPair,
    Entity,
    Event,
    Statement,
    extend,
)
from workers.bilateral.lexicon import Cue, find_cues, general_sentiment, quad_class
from workers.bilateral.sentences import Sentence, split_sentences
from workers.textscan import alternatives, finditer_ignorecase

# Coordinated actors speak or act together: "Moscou et Pékin", "Russia and China".
JOINER = re.compile(r"^\s*(?:,|et|and|&|ainsi que|as well as)\s*$", re.IGNORECASE)
# A place after one of these is where something happened, not a party to it.
VENUE = re.compile(r"(?:^|\s)(?:en|à|au|aux|dans|in|at)\s+$", re.IGNORECASE)
SPEECH = re.compile(
    r"\b(?:a|ont|avait|aurait)\s+(?:\w+\s+){0,3}(?:déclaré|affirmé|dit|souligné|indiqué|estimé|"
    r"qualifié|annoncé|réagi|ajouté|assuré|averti)|\baffirmant\b|\bsoulignant\b|"
    r"\bqualifiant\b|\bselon\b(?!\s+lesquel)|\bsaid\b|\bsays\b|\btold\b|\bstated\b|\bdeclared\b|"
    r"\baccording to\b|\badded\b|\bwarned\b|\bstressed\b|\bnoted\b",
    re.IGNORECASE,
)
# A speech verb opening a reported clause: "a déclaré que", "said that".
REPORTED_CLAUSE = re.compile(
    r"\b(?:déclaré|affirmé|dit|estimé|souligné|indiqué|annoncé|assuré|averti|"
    r"said|says|stated|declared|announced|added|warned|stressed|insisted)\s+"
    r"(?:que\b|qu'|qu’|that\b)",
    re.IGNORECASE,
)
# Phrases that name a relation without naming both sides.
RELATION_PHRASE = re.compile(
    r"\b(?:relations? bilatérales?|liens bilatéraux|"
    r"les deux (?:pays|parties|puissances|capitales|dirigeants)|"
    r"bilateral (?:ties|relations?|relationship|cooperation)|"
    r"(?:both|the two) (?:countries|sides|nations|governments|leaders|capitals))\b",
    re.IGNORECASE,
)
RELATION_STARTS = alternatives(
    ["relation", "liens bilatéraux", "les deux", "bilateral", "both", "the two"]
)
# A trailing attribution: ", officials said", "according to the US government".
ATTRIBUTION_TAIL = re.compile(
    r"(?:,|\bas)\s[^,]{0,80}\b(?:said|says|reported|reports|told|quoted|announced|"
    r"confirmed|a déclaré|a indiqué|a rapporté|selon)\b[^,]*$|"
    r",?\s(?:according to|selon|d'après)\b[^,]*$",
    re.IGNORECASE,
)
JOINT_SCORE = 0.5  # partners of a joint statement stand on the same side
VADER_WEIGHT = 0.5  # general sentiment counts half as much as one diplomacy cue
JOINT_CUE = "joint position"
NEUTRAL_BAND = 0.1


@dataclass(frozen=True)
class _Mention:
    actors: tuple[str, ...]
    start: int
    end: int
    venue: bool


class RelationFinder:
    """Stateless: pairs come from the entities stage's resolved actors."""

    def __call__(self, article: ArticleEntities) -> ArticleBilateral:
        """Enrich an article with its bilateral relations."""
        pairs = self.find(article.text, article.entities, article.language.code)
        return extend(article, ArticleBilateral, bilateral=pairs)

    def find(
        self, text: str, entities: list[Entity], language: str = "en"
    ) -> list[BilateralPair]:
        """One entry per unordered pair of actors, with its statements."""
        by_pair: dict[tuple[str, str], list[Statement]] = defaultdict(list)
        resolved = [e for e in entities if e.actors]
        if len({a for e in resolved for a in e.actors}) < 2:
            return []  # no pair anywhere: a third of articles, spared the splitting
        previous: list[tuple[str, str]] = []  # pairs of the last sentence that had any
        # Searched once in the whole text: per sentence, it was a third of the stage.
        phrases = [
            m.start()
            for m in finditer_ignorecase(RELATION_PHRASE, RELATION_STARTS, text)
        ]
        for sentence in split_sentences(text):
            inside = [e for e in resolved if sentence.start <= e.start < sentence.end]
            names_relation = any(sentence.start <= at < sentence.end for at in phrases)
            found = list(
                _statements(text, sentence, inside, language, previous, names_relation)
            )
            for pair, statement in found:
                by_pair[pair].append(statement)
            previous = [pair for pair, _ in found] or previous
        return [
            _aggregate(pair, statements) for pair, statements in sorted(by_pair.items())
        ]


def _statements(
    text: str,
    sentence: Sentence,
    entities: list[Entity],
    language: str,
    previous: list[tuple[str, str]],
    names_relation: bool,
) -> Iterable[tuple[tuple[str, str], Statement]]:
    pairs = _sentence_pairs(text, sentence, entities, previous, names_relation)
    if not pairs:
        return
    cues = find_cues(sentence.text)
    score = _score(cues, sentence.text, language)
    speaker = _speaker(sentence, entities)
    for pair, joint in sorted(pairs.items()):
        pair_score, pair_cues = score, [c.text for c in cues]
        if joint:
            pair_score, pair_cues = max(score, JOINT_SCORE), [*pair_cues, JOINT_CUE]
        yield (
            pair,
            Statement(
                sentence=sentence.text,
                start=sentence.start,
                end=sentence.end,
                speaker=speaker.text if speaker else None,
                speaker_country=speaker.country if speaker else None,
                score=round(pair_score, 4),
                cues=pair_cues,
                event=_event(cues),
            ),
        )


def _sentence_pairs(
    text: str,
    sentence: Sentence,
    entities: list[Entity],
    previous: list[tuple[str, str]],
    names_relation: bool,
) -> dict[tuple[str, str], bool]:
    """The sentence's pairs, each marked when its sides spoke jointly.

    `names_relation`: the sentence has a RELATION_PHRASE ("the two countries").
    """
    if len({a for e in entities for a in e.actors}) < 2:
        # One actor or none: no pair of its own, at most the one "les deux pays"
        # refers to. Most sentences end here, before the costlier patterns.
        if not names_relation:
            return {}
        single = [_Mention(tuple(e.actors), e.start, e.end, False) for e in entities]
        return _implied(single, previous)
    mentions = [
        _Mention(tuple(e.actors), e.start, e.end, _is_venue(text, sentence, e))
        for e in entities
    ]
    clause = REPORTED_CLAUSE.search(sentence.text)
    if clause is not None:  # "X a déclaré que A et B …": the parties are inside
        inside = [m for m in mentions if m.start >= sentence.start + clause.end()]
        if len({a for m in inside for a in m.actors}) >= 2:
            mentions = inside
    tail = ATTRIBUTION_TAIL.search(sentence.text)
    if tail is not None:  # "…, the UN refugee agency reported": a source, not a party
        cut = sentence.start + tail.start()
        mentions = [m for m in mentions if m.start < cut] or mentions
    pairs = _pairs(text, [m for m in mentions if not m.venue])
    if not pairs:  # "France sends troops to a force in Liberia": the place is a party
        pairs = _pairs(text, mentions)
    if not pairs and names_relation:
        pairs = _implied(mentions, previous)
    return pairs


def _implied(
    mentions: list[_Mention], previous: list[tuple[str, str]]
) -> dict[tuple[str, str], bool]:
    """The pair the article was just talking about ("les deux parties ont convenu")."""
    actors = {a for m in mentions for a in m.actors}
    candidates = [pair for pair in previous if actors <= set(pair)]
    return (
        {candidates[0]: False}
        if len(candidates) == 1 or (actors and candidates)
        else {}
    )


def _is_venue(text: str, sentence: Sentence, entity: Entity) -> bool:
    if entity.label != "LOC" or len(entity.actors) > 1:
        return False
    return (
        VENUE.search(text[max(sentence.start, entity.start - 6) : entity.start])
        is not None
    )


def _groups(text: str, mentions: list[_Mention]) -> list[list[str]]:
    """Actors in order, coordinated mentions ("Moscou et Pékin") in one group."""
    groups: list[list[str]] = []
    previous: _Mention | None = None
    for mention in mentions:
        joined = previous is not None and JOINER.match(
            text[previous.end : mention.start]
        )
        if joined:
            groups[-1].extend(a for a in mention.actors if a not in groups[-1])
        else:
            groups.append(list(mention.actors))
        previous = mention
    return groups


def _pairs(text: str, mentions: list[_Mention]) -> dict[tuple[str, str], bool]:
    """Unordered pairs, True when the two stand together (a joint position)."""
    pairs: dict[tuple[str, str], bool] = {}
    for mention in mentions:  # a compound ("sino-russes") is a relation in itself
        for a, b in combinations(sorted(set(mention.actors)), 2):
            pairs[(a, b)] = False
    groups = _groups(text, mentions)
    for index, group in enumerate(groups):
        if len(group) > 1 and (index < len(groups) - 1 or len(groups) == 1):
            # Partners named together before others (or alone) act together; a
            # trailing list ("sanctions on Iran, Libya and Cuba") does not.
            for a, b in combinations(sorted(group), 2):
                pairs[(a, b)] = pairs.get((a, b), False) or len(groups) > 1
    # The first group is the subject: it relates to each group after it.
    for later in groups[1:]:
        for a, b in product(groups[0] if groups else [], later):
            if a != b:
                pairs.setdefault((min(a, b), max(a, b)), False)
    return pairs


def _score(cues: list[Cue], sentence: str, language: str) -> float:
    """Diplomacy cues first; general sentiment (VADER) tips the balance."""
    general = VADER_WEIGHT * general_sentiment(sentence, language)
    total = sum(cue.weight for cue in cues) + general
    return total / (abs(total) + 1.0)  # bounded in (-1, 1); more cues, firmer score


def _event(cues: list[Cue]) -> Event | None:
    """The PLOVER-style category of the strongest cue, with its quad class."""
    if not cues:
        return None
    strongest = max(cues, key=lambda cue: abs(cue.weight))
    return Event(
        category=strongest.category,
        quad_class=quad_class(strongest.category, strongest.weight),
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


def _aggregate(pair: tuple[str, str], statements: list[Statement]) -> BilateralPair:
    score = sum(s.score for s in statements) / len(statements)
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
