"""The evaluator's study and check folds: fixed, disjoint, about 60/40."""

import json

import pytest

from ops.evaluate.bilateral_data import fold, in_fold, load_articles


def test_folds_are_fixed_by_id_and_split_sixty_forty():
    ids = [f"article-{n}" for n in range(2000)]
    first = [fold(i) for i in ids]
    assert first == [fold(i) for i in ids]  # the same every run
    share = first.count("study") / len(ids)
    assert 0.55 < share < 0.65


def test_in_fold_partitions_the_items(tmp_path):
    (tmp_path / "x_dev_articles.jsonl").write_text(
        "\n".join(
            json.dumps({"id": f"a{n}", "title": "", "text": f"text {n}"})
            for n in range(50)
        )
    )
    (tmp_path / "x_dev_gold.jsonl").write_text(
        json.dumps(
            {"id": "a1", "pairs": [{"pair": ["USA", "JPN"], "polarity": "negative"}]}
        )
    )
    articles = load_articles(tmp_path)
    study, check = in_fold(articles, "study"), in_fold(articles, "check")
    assert {a.id for a in study}.isdisjoint(a.id for a in check)
    assert len(study) + len(check) == len(in_fold(articles, "all")) == 50
    gold = next(a for a in articles if a.id == "a1")
    assert gold.polarity == {("JPN", "USA"): "negative"}  # sorted, as scored
    with pytest.raises(ValueError, match="no fold"):
        in_fold(articles, "train")
    assert {a.language for a in articles} == {"en"}
    assert {a.language for a in load_articles(tmp_path, "es")} == {"es"}


def test_a_folder_without_its_files_is_named_in_the_error(tmp_path):
    with pytest.raises(FileNotFoundError, match="_dev_gold"):
        load_articles(tmp_path)
