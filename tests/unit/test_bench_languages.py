"""The mixed-language bench reads each language's articles from the data folder."""

import json
from pathlib import Path

from ops.bench.languages import SENTENCES_PER_ARTICLE, load_mix


def _write_jsonl(path: Path, texts: list[str]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        "".join(
            json.dumps({"id": str(i), "text": t}) + "\n" for i, t in enumerate(texts)
        )
    )


def test_each_language_gets_its_articles_and_leipzig_sentences_are_grouped(tmp_path):
    _write_jsonl(tmp_path / "news_bbc_2004_2005/bbc_dev.jsonl", ["a", "b", "c"])
    _write_jsonl(tmp_path / "news_ja_wikinews/ja_wikinews_dev.jsonl", ["日本"] * 3)
    _write_jsonl(
        tmp_path / "rel_es_bilateral/es_bilateral_dev_articles.jsonl", ["uno", "dos"]
    )
    leipzig = tmp_path / "langid_leipzig_lingua/langid_dev.csv"
    leipzig.parent.mkdir()
    rows = ["id,lang,kind,lang_group,n_chars,text"]
    rows += [f"ru-{i},ru,sentence,core,3,Фраза{i}." for i in range(25)]
    rows += ["ru-w,ru,single_word,core,3,слово"]
    rows += [f"fr-{i},fr,sentence,core,3,Phrase{i}." for i in range(5)]
    leipzig.write_text("\n".join(rows) + "\n")
    mix = load_mix(tmp_path, 2)
    assert mix["en"] == ["a", "b"]
    assert len(mix["ja"]) == 2
    assert mix["es"] == ["uno", "dos"]
    assert len(mix["ru"]) == 2
    assert mix["ru"][0].split() == [f"Фраза{i}." for i in range(SENTENCES_PER_ARTICLE)]
    assert "слово" not in " ".join(mix["ru"])  # sentences only
    assert mix["fr"] == [" ".join(f"Phrase{i}." for i in range(5))]  # what there is
