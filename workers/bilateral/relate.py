"""Find statements about the relation between two actors, and score them per pair."""

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import combinations, pairwise

from topics.article import (
    ArticleBilateral,
    ArticleEntities,
    BilateralPair,
    Entity,
    Statement,
)
from workers.bilateral.lexicon import Cue, find_cues
from workers.bilateral.sentences import Sentence, split_sentences

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
JOINT_SCORE = 0.5  # partners of a joint statement stand on the same side
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
        pairs = self.find(article.text, article.entities)
        return ArticleBilateral.model_validate(
            {**article.model_dump(), "bilateral": pairs}
        )

    def find(self, text: str, entities: list[Entity]) -> list[BilateralPair]:
        """One entry per unordered pair of actors, with its statements."""
        by_pair: dict[tuple[str, str], list[Statement]] = defaultdict(list)
        resolved = [e for e in entities if e.actors]
        for sentence in split_sentences(text):
            inside = [e for e in resolved if sentence.start <= e.start < sentence.end]
            for pair, statement in _statements(text, sentence, inside):
                by_pair[pair].append(statement)
        return [
            _aggregate(pair, statements) for pair, statements in sorted(by_pair.items())
        ]


def _statements(
    text: str, sentence: Sentence, entities: list[Entity]
) -> Iterable[tuple[tuple[str, str], Statement]]:
    mentions = [
        _Mention(tuple(e.actors), e.start, e.end, _is_venue(text, sentence, e))
        for e in entities
    ]
    parties = [m for m in mentions if not m.venue or len(m.actors) > 1]
    actors = list(dict.fromkeys(a for m in parties for a in m.actors))
    if len(actors) < 2:
        return
    cues = find_cues(sentence.text)
    score = _score(cues)
    speaker = _speaker(sentence, entities)
    joint = _joint_pairs(text, parties)
    for pair in combinations(sorted(actors), 2):
        pair_score, pair_cues = score, [c.text for c in cues]
        if pair in joint:
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
            ),
        )


def _is_venue(text: str, sentence: Sentence, entity: Entity) -> bool:
    if entity.label != "LOC":
        return False
    return (
        VENUE.search(text[max(sentence.start, entity.start - 6) : entity.start])
        is not None
    )


def _joint_pairs(text: str, mentions: list[_Mention]) -> set[tuple[str, str]]:
    pairs: set[tuple[str, str]] = set()
    for left, right in pairwise(mentions):
        if JOINER.match(text[left.end : right.start]):
            for a in left.actors:
                for b in right.actors:
                    if a != b:
                        pairs.add((min(a, b), max(a, b)))
    return pairs


def _score(cues: list[Cue]) -> float:
    total = sum(cue.weight for cue in cues)
    return total / (abs(total) + 1.0)  # bounded in (-1, 1); more cues, firmer score


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
        pair=pair, score=round(score, 4), label=label, statements=statements
    )
