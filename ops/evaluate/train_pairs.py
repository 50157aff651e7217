"""Fit the bilateral stage's pair judge on the study fold; write its model file.

    python -m ops.evaluate.train_pairs --shared-data ../shared/data \\
        [--out workers/bilateral/data/pair_model.json]

Candidates are the pairs of actors named in one sentence of a study-fold article
of which the rules read no statement, as the stage judges them
(`workers.bilateral.judge`); a candidate is positive when the gold lists the
pair. PLOVER's one-sentence records are never judged, so never read here. A
logistic regression (L2, standardised features, numpy only) is fitted on them;
its threshold is the one with the best pair F1 of the stage (rules and judge
together) in a 5-way cross-validation inside the study fold. Two models are
fitted: the default on the English sets (Reuters, BBC), and Spanish and
Japanese's on every set together, because their gold alone holds too few pairs to
fit. The check fold is never read here: `python -m ops.evaluate.bilateral` scores
the result on it.
"""

import argparse
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

from ops.evaluate.bilateral import (
    ARTICLE_SETS,
    GOLD_CODES,
    OTHER_LANGUAGES,
    Predictor,
)
from ops.evaluate.bilateral_data import Article, in_fold, load_articles, pair
from workers.bilateral.judge import DEFAULT, FEATURES, PairModel, models_json
from workers.bilateral.rules import switched_off

DEFAULT_OUT = Path("workers/bilateral/data/pair_model.json")
L2 = 1.0  # the penalty on the weights of standardised features
FOLDS = 5
THRESHOLDS = tuple(round(0.1 + 0.05 * n, 2) for n in range(15))  # 0.10 .. 0.80

Matrix = NDArray[np.float64]
Counts = tuple[int, int, int]


def candidates(
    predictor: Predictor, articles: Sequence[Article]
) -> tuple[Matrix, Matrix, list[int], Counts]:
    """Features, labels and the article index of every candidate the stage
    judges in `articles`, and the rules' own true, false and missed pairs."""
    rows, labels, owners = [], [], []
    tp = fp = fn = 0
    for index, item in enumerate(articles):
        article = predictor.article(item.text, item.id, item.language)
        gold = item.polarity.keys()
        with switched_off(["pair-model"]):
            found = predictor.pairs(article, GOLD_CODES).keys()
        tp, fp, fn = (
            tp + len(found & gold),
            fp + len(found - gold),
            fn + len(gold - found),
        )
        reading = predictor.finder.read(
            article.text, article.entities, item.language, article.syntax
        )
        if reading is None or reading.sentence_count < 2:
            continue
        for candidate in reading.unstated():
            a, b = (GOLD_CODES.get(code, code) for code in candidate.pair)
            rows.append(reading.features(candidate))
            labels.append(float(pair(a, b) in gold))
            owners.append(index)
    return np.array(rows), np.array(labels), owners, (tp, fp, fn)


def fit(
    x: Matrix, y: Matrix, steps: int = 3000
) -> tuple[Matrix, Matrix, Matrix, float]:
    """Means, scales, weights and bias of an L2 logistic regression (gradient
    descent on standardised features: a convex problem, so plain steps reach it)."""
    means = x.mean(axis=0)
    scales = x.std(axis=0)
    scales[scales == 0] = 1.0
    z = (x - means) / scales
    weights = np.zeros(z.shape[1])
    bias = 0.0
    rate = 0.5
    for _ in range(steps):
        p = 1.0 / (1.0 + np.exp(-(z @ weights + bias)))
        error = p - y
        weights -= rate * (z.T @ error / len(y) + L2 * weights / len(y))
        bias -= rate * float(error.mean())
    return means, scales, weights, bias


def _model(x: Matrix, y: Matrix, threshold: float) -> PairModel:
    means, scales, weights, bias = fit(x, y)
    return PairModel(
        tuple(float(v) for v in means),
        tuple(float(v) for v in scales),
        tuple(float(v) for v in weights),
        float(bias),
        threshold,
    )


def _f1(
    model: PairModel, x: Matrix, y: Matrix, threshold: float
) -> tuple[int, int, int]:
    kept = np.array([model.probability(row) >= threshold for row in x])
    truth = y > 0.5
    return (
        int((kept & truth).sum()),
        int((kept & ~truth).sum()),
        int((~kept & truth).sum()),
    )


def choose_threshold(
    x: Matrix, y: Matrix, owners: list[int], base: Counts = (0, 0, 0)
) -> dict[float, float]:
    """Pair F1 of each threshold, cross-validated over items (never over
    candidates of one article split between fit and score). `base` is what the
    rules alone found (true, false, missed pairs): the F1 is the stage's, rules
    and judge together, so a pair is added only where it raises that."""
    groups = np.array(owners) % FOLDS
    counts = {t: [0, 0, 0] for t in THRESHOLDS}
    for held in range(FOLDS):
        train, test = groups != held, groups == held
        model = _model(x[train], y[train], 0.5)
        for t in THRESHOLDS:
            for i, n in enumerate(_f1(model, x[test], y[test], t)):
                counts[t][i] += n
    return {t: _overall_f1(base, found) for t, found in counts.items()}


def _overall_f1(base: Counts, added: Sequence[int]) -> float:
    """F1 of the rules' pairs and the judge's together: a true pair the judge
    adds is one the rules missed (when `base` counts the gold, else a miss)."""
    tp, fp, fn = base
    added_tp, added_fp, added_fn = added
    tp, fp = tp + added_tp, fp + added_fp
    fn = fn - added_tp if any(base) else added_fn
    return 2 * tp / (2 * tp + fp + fn) if tp else 0.0


@dataclass(frozen=True)
class Candidates:
    """What `candidates` finds in a set of articles."""

    x: Matrix
    y: Matrix
    owners: list[int]  # the article of each candidate
    base: Counts  # the rules' own true, false and missed pairs
    articles: int  # how many were read

    def __add__(self, other: "Candidates") -> "Candidates":
        """Both sets together; the other's articles numbered after this one's."""
        offset = self.articles
        return Candidates(
            np.vstack([self.x, other.x]),
            np.concatenate([self.y, other.y]),
            self.owners + [offset + n for n in other.owners],
            (
                self.base[0] + other.base[0],
                self.base[1] + other.base[1],
                self.base[2] + other.base[2],
            ),
            self.articles + other.articles,
        )


def fit_judge(found: Candidates) -> tuple[PairModel, dict[str, object]]:
    """The model with its cross-validated threshold, and what it was fitted on."""
    scores = choose_threshold(found.x, found.y, found.owners, found.base)
    best = max(scores, key=lambda t: (scores[t], -abs(t - 0.5)))
    return _model(found.x, found.y, best), {
        "candidates": len(found.y),
        "positives": int(found.y.sum()),
        "cross_validated_f1": {str(t): round(f, 3) for t, f in scores.items()},
    }


def main(argv: Sequence[str] | None = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--shared-data", type=Path, required=True)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args(argv)
    root: Path = args.shared_data
    if not root.is_dir():
        parser.error(f"{root} is not a folder")
    predictor = Predictor()
    english = [(folder, "en") for folder in ARTICLE_SETS.values()]
    others = list(OTHER_LANGUAGES.values())
    pooled = ",".join(code for _, code in others)  # the languages it serves
    found = {}
    for key, folders in ((DEFAULT, english), (pooled, others)):
        articles = [
            a
            for folder, language in folders
            for a in in_fold(load_articles(root / folder, language), "study")
        ]
        print(f"reading {len(articles)} study-fold articles ({key})", file=sys.stderr)
        found[key] = Candidates(*candidates(predictor, articles), len(articles))
    found[pooled] = found[DEFAULT] + found[pooled]  # with English's
    read = {DEFAULT: english, pooled: english + others}
    models, details = {}, {}
    for key, data in found.items():
        models[key], details[key] = fit_judge(data)
        details[key]["data"] = "study fold (60 %) of " + ", ".join(
            folder for folder, _ in read[key]
        )
    args.out.write_text(
        models_json(
            models,
            details,
            built=datetime.now(UTC).strftime("%Y-%m-%d"),
            by="python -m ops.evaluate.train_pairs --shared-data ../shared/data",
        )
        + "\n",
        encoding="utf-8",
    )
    for key, model in models.items():
        print(
            f"{key}: {details[key]['candidates']} candidates, "
            f"{details[key]['positives']} in the gold; threshold {model.threshold}"
        )
        for name, weight in zip(FEATURES, model.weights, strict=True):
            print(f"  {weight:+.2f}  {name}")
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
