"""Whether an article reports a relation the rules did not read: a small model.

The rules (`frames`) read statements out of single sentences, and what they find
stands. Whether the article as a whole reports a relation between two actors
also depends on what no one sentence shows: how often and where the two are
named together, whether those sentences are lists or market tables, how much
diplomacy they hold, how crowded the article is. Every other pair of actors
named in one sentence of an article of two sentences or more is a candidate; a
logistic model over these figures adds the pairs it judges reported.

`data/pair_model.json` is built from the study fold of the DEV sets by
`python -m ops.evaluate.train_pairs` (the check fold is never used to fit it). It
holds two models: the default, fitted on the English sets (the largest gold), and
one for the languages with a small gold of their own (Spanish, Japanese), fitted
on their sets and English's together. French and Russian have no gold: the
default serves them, as it does English.
"""

import json
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from importlib.resources import files

from workers.bilateral.lexicon import Cue, tone
from workers.bilateral.sentences import Sentence

# A sentence of figures: two numbers or more ("took 263,051 tonnes, 90,944 ...").
NUMBER = re.compile(r"\d[\d,.]*")
# The key of the model that serves every language without a model of its own; a
# model file's other keys list the languages they serve, comma-separated.
DEFAULT = "*"
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

    def as_dict(self) -> dict[str, object]:
        """The model's numbers, as its file holds them."""
        return {
            "means": self.means,
            "scales": self.scales,
            "weights": self.weights,
            "bias": self.bias,
            "threshold": self.threshold,
        }


def models_json(
    models: Mapping[str, PairModel],
    details: Mapping[str, Mapping[str, object]] | None = None,
    **provenance: object,
) -> str:
    """The model file's text: models keyed by the languages they serve ("es,ja";
    `DEFAULT` for the rest), each with its `details` (what it was fitted on), and
    where it came from."""
    details = details or {}
    return json.dumps(
        {
            "features": list(FEATURES),
            "models": {
                language: {**model.as_dict(), **details.get(language, {})}
                for language, model in models.items()
            },
            **provenance,
        },
        indent=1,
    )


def parse_models(text: str) -> dict[str, PairModel]:
    """The models of a model file, by language (a model keyed "es,ja" is listed
    under each); its features must be today's and it must hold the `DEFAULT`."""
    raw = json.loads(text)
    if tuple(raw["features"]) != FEATURES:
        raise ValueError(
            "pair_model.json was built for other features: rebuild it with "
            "`python -m ops.evaluate.train_pairs`"
        )
    models: dict[str, PairModel] = {}
    for key, m in raw["models"].items():
        model = PairModel(
            tuple(m["means"]),
            tuple(m["scales"]),
            tuple(m["weights"]),
            float(m["bias"]),
            float(m["threshold"]),
        )
        models.update((language, model) for language in key.split(","))
    if DEFAULT not in models:
        raise ValueError(f"pair_model.json has no {DEFAULT!r} model")
    return models


def model_for(models: Mapping[str, PairModel], language: str) -> PairModel:
    """The model that serves the language: its own, else the default."""
    return models.get(language, models[DEFAULT])


@cache
def load_models() -> dict[str, PairModel]:
    """The shipped models, read once per process."""
    path = files("workers.bilateral").joinpath("data", "pair_model.json")
    return parse_models(path.read_text("utf-8"))
