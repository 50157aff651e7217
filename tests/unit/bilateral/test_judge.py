"""The pair judge: its shipped model, its file format, its decisions."""

import json

import pytest

from workers.bilateral.judge import FEATURES, PairModel, load_model, parse_model


def _model(weights: list[float], threshold: float = 0.5) -> PairModel:
    n = len(FEATURES)
    return PairModel(
        (0.0,) * n,
        (1.0,) * n,
        tuple(weights + [0.0] * (n - len(weights))),
        0.0,
        threshold,
    )


def test_the_shipped_model_reads_todays_features():
    model = load_model()
    assert len(model.weights) == len(FEATURES)
    assert 0.0 < model.threshold < 1.0
    found_by_rules = [1.0] + [0.0] * (len(FEATURES) - 1)
    nothing = [0.0] * len(FEATURES)
    # What the rules found weighs for the pair, whatever else the model learnt.
    assert model.probability(found_by_rules) > model.probability(nothing)


def test_a_model_file_round_trips_and_refuses_other_features():
    model = _model([2.0, -1.0], threshold=0.4)
    text = model.to_json(built="today")
    assert parse_model(text) == model
    raw = json.loads(text)
    raw["features"] = raw["features"][:-1]
    with pytest.raises(ValueError, match="rebuild it"):
        parse_model(json.dumps(raw))


def test_the_threshold_decides():
    model = _model([1.0], threshold=0.7)
    assert model.probability([0.0] * len(FEATURES)) == pytest.approx(0.5)
    assert not model.keeps([0.0] * len(FEATURES))
    assert model.keeps([3.0] + [0.0] * (len(FEATURES) - 1))
    with pytest.raises(ValueError, match="features given"):
        model.probability([1.0])
