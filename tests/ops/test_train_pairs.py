"""The pair judge's training: a logistic fit that finds what separates the data."""

import numpy as np
import pytest

from ops.evaluate.train_pairs import choose_threshold, fit


def test_fit_weighs_the_feature_that_decides_and_ignores_noise():
    rng = np.random.default_rng(7)
    x = rng.normal(size=(400, 3))
    y = (x[:, 0] + 0.1 * rng.normal(size=400) > 0).astype(float)
    means, scales, weights, _ = fit(x, y)
    assert means.shape == scales.shape == weights.shape == (3,)
    assert weights[0] > 1.0
    assert abs(weights[1]) < 0.3 and abs(weights[2]) < 0.3


def test_threshold_is_cross_validated_over_items():
    rng = np.random.default_rng(3)
    x = rng.normal(size=(300, 2))
    y = (x[:, 0] > 0.5).astype(float)
    scores = choose_threshold(x, y, owners=[n // 3 for n in range(300)])
    assert set(scores) and all(0.0 <= f <= 1.0 for f in scores.values())
    assert max(scores.values()) > 0.8


def test_the_threshold_serves_the_stages_f1_not_the_candidates():
    from ops.evaluate.train_pairs import _overall_f1

    rules = (60, 20, 40)  # the rules' true, false and missed pairs
    assert _overall_f1(rules, (0, 0, 0)) == pytest.approx(120 / 180)
    # A true pair the judge adds is one the rules missed: F1 rises...
    assert _overall_f1(rules, (10, 5, 0)) > _overall_f1(rules, (0, 0, 0))
    # ...and one true for three false lowers it, though it raises recall.
    assert _overall_f1(rules, (5, 15, 0)) < _overall_f1(rules, (0, 0, 0))


def test_candidates_of_two_sets_keep_their_articles_apart():
    from ops.evaluate.train_pairs import Candidates

    english = Candidates(np.ones((2, 3)), np.array([1.0, 0.0]), [0, 4], (5, 1, 2), 6)
    other = Candidates(np.zeros((1, 3)), np.array([1.0]), [0], (1, 0, 3), 2)
    both = english + other
    assert both.x.shape == (3, 3) and list(both.y) == [1.0, 0.0, 1.0]
    # The other set's first article is numbered after all six English ones.
    assert both.owners == [0, 4, 6]
    assert (both.base, both.articles) == ((6, 1, 5), 8)
