"""The pair judge: its shipped model, its file format, its decisions."""

import json

import pytest

from workers.bilateral.judge import (
    DEFAULT,
    FEATURES,
    PairModel,
    load_models,
    model_for,
    models_json,
    parse_models,
)


def _model(weights: list[float], threshold: float = 0.5) -> PairModel:
    n = len(FEATURES)
    return PairModel(
        (0.0,) * n,
        (1.0,) * n,
        tuple(weights + [0.0] * (n - len(weights))),
        0.0,
        threshold,
    )


def test_the_shipped_models_read_todays_features():
    models = load_models()
    assert {"es", "ja", DEFAULT} <= models.keys()
    assert models["es"] is models["ja"] != models[DEFAULT]
    for model in models.values():
        assert len(model.weights) == len(FEATURES)
        assert 0.0 < model.threshold < 1.0
    # Salience weighs for a pair and a crowd against it, in every model learnt.
    salient = FEATURES.index("mentions of the less named side (log)")
    crowded = FEATURES.index("other actors in those sentences (mean)")
    for model in models.values():
        assert model.weights[salient] > 0 > model.weights[crowded]


def test_a_model_file_round_trips_and_refuses_other_features():
    pooled, default = _model([2.0, -1.0], 0.4), _model([1.0], 0.3)
    models = {"es,ja": pooled, DEFAULT: default}
    text = models_json(models, {"es,ja": {"positives": 3}}, built="today")
    assert parse_models(text) == {"es": pooled, "ja": pooled, DEFAULT: default}
    raw = json.loads(text)
    assert raw["models"]["es,ja"]["positives"] == 3 and raw["built"] == "today"
    raw["features"] = raw["features"][:-1]
    with pytest.raises(ValueError, match="rebuild it"):
        parse_models(json.dumps(raw))
    no_default = json.loads(text)
    del no_default["models"][DEFAULT]
    with pytest.raises(ValueError, match="no '\\*' model"):
        parse_models(json.dumps(no_default))


def test_a_language_without_its_own_model_gets_the_default():
    models = {"ja": _model([2.0], 0.4), DEFAULT: _model([1.0], 0.3)}
    assert model_for(models, "ja") is models["ja"]
    assert model_for(models, "fr") is models[DEFAULT]


def test_the_threshold_decides():
    model = _model([1.0], threshold=0.7)
    assert model.probability([0.0] * len(FEATURES)) == pytest.approx(0.5)
    assert not model.keeps([0.0] * len(FEATURES))
    assert model.keeps([3.0] + [0.0] * (len(FEATURES) - 1))
    with pytest.raises(ValueError, match="features given"):
        model.probability([1.0])
