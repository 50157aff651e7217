"""Whether an article reports a relation the rules did not read: a small model.

The rules (`frames`) read statements out of single sentences, and what they find
stands. Whether the article as a whole reports a relation between two actors
also depends on what no one sentence shows: how often and where the two are
named together, whether those sentences are lists or market tables, how much
diplomacy they hold, how crowded the article is. Every other pair of actors
named in one sentence of an article of two sentences or more is a candidate; a
logistic model over these figures adds the pairs it judges reported.

`data/pair_model.json` is built from the study fold of the DEV sets by
`python -m ops.evaluate.train_pairs` (the check fold is never used to fit it).
"""

import json
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from importlib.resources import files

from workers.bilateral.lexicon import Cue, tone
from workers.bilateral.sentences import Sentence

# A sentence of figures: two numbers or more ("took 263,051 tonnes, 90,944 ...").
NUMBER = re.compile(r"\d[\d,.]*")
# The names of the features, in the order the model's weights follow.
FEATURES = (
    "sentences naming both (log)",
    "diplomacy cues in them (log)",
    "tone of those sentences, absolute",
    "other actors in those sentences (mean)",
    "share of those sentences holding figures",
    "named together in the first two sentences",
    "one side is a bloc",
    "actors in the article (log)",
    "mentions of the less named side (log)",
    "share of a side's mentions that are adjectives, the larger",
    "sentences in the article (log)",
)


@dataclass(frozen=True)
class Candidate:
    """Two actors named in one sentence, of whom the rules read no statement."""

    pair: tuple[str, str]
    sentences: tuple[Sentence, ...]  # the sentences naming both
    crowd: tuple[int, ...]  # distinct actors in each of those sentences
    cues: tuple[tuple[Cue, ...], ...]  # the diplomacy cues of each of them


def features(
    candidate: Candidate,
    first_sentences: frozenset[int],
    blocs: frozenset[str],
    actors_in_article: int,
    mentions: dict[str, int],
    adjectival: dict[str, float],
    sentences_in_article: int,
) -> list[float]:
    """The candidate's figures, in the order of FEATURES."""
    cues = [cue for found in candidate.cues for cue in found]
    sentences = max(1, len(candidate.sentences))
    figures = sum(len(NUMBER.findall(s.text)) >= 2 for s in candidate.sentences)
    return [
        math.log1p(len(candidate.sentences)),
        math.log1p(len(cues)),
        abs(tone(cues)),
        sum(n - 2 for n in candidate.crowd) / sentences,
        figures / sentences,
        float(any(s.start in first_sentences for s in candidate.sentences)),
        float(bool(set(candidate.pair) & blocs)),
        math.log1p(actors_in_article),
        math.log1p(min(mentions.get(a, 0) for a in candidate.pair)),
        max(adjectival.get(a, 0.0) for a in candidate.pair),
        math.log1p(sentences_in_article),
    ]


@dataclass(frozen=True)
class PairModel:
    """Logistic regression over standardised features; a pair is kept at or above
    `threshold`."""

    means: tuple[float, ...]
    scales: tuple[float, ...]
    weights: tuple[float, ...]
    bias: float
    threshold: float

    def probability(self, values: Sequence[float]) -> float:
        """How likely the article reports a relation between the pair."""
        if len(values) != len(self.weights):
            raise ValueError(
                f"{len(values)} features given, the model has {len(self.weights)}"
            )
        z = self.bias + sum(
            w * (v - m) / s
            for w, v, m, s in zip(
                self.weights, values, self.means, self.scales, strict=True
            )
        )
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))

    def keeps(self, values: Sequence[float]) -> bool:
        """Whether the pair is reported."""
        return self.probability(values) >= self.threshold

    def to_json(self, **provenance: object) -> str:
        """The model file's text, with where it came from."""
        return json.dumps(
            {
                "features": list(FEATURES),
                "means": self.means,
                "scales": self.scales,
                "weights": self.weights,
                "bias": self.bias,
                "threshold": self.threshold,
                **provenance,
            },
            indent=1,
        )


def parse_model(text: str) -> PairModel:
    """A model from its file's text; its features must be today's."""
    raw = json.loads(text)
    if tuple(raw["features"]) != FEATURES:
        raise ValueError(
            "pair_model.json was built for other features: rebuild it with "
            "`python -m ops.evaluate.train_pairs`"
        )
    return PairModel(
        tuple(raw["means"]),
        tuple(raw["scales"]),
        tuple(raw["weights"]),
        float(raw["bias"]),
        float(raw["threshold"]),
    )


@cache
def load_model() -> PairModel:
    """The shipped model, read once per process."""
    path = files("workers.bilateral").joinpath("data", "pair_model.json")
    return parse_model(path.read_text("utf-8"))
