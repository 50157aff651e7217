"""Publish reads .jsonl, .csv and plain text, and says which line is wrong."""

import json

from tests.conftest import SAMPLE
from workers.readers import read_articles


def test_plain_text_takes_url_from_source_line_and_drops_furniture(sample_article):
    assert sample_article.url is not None
    assert sample_article.url.startswith("https://www.congluan.vn/")
    assert "Source :" not in sample_article.text
    assert "Comment (0)" not in sample_article.text
    assert "Photo : Xinhua" in sample_article.text
    assert sample_article.text.endswith("(selon CCTV, TASS, SCMP)")


def test_ids_are_stable_across_files(tmp_path, sample_article):
    copy = tmp_path / "again.txt"
    copy.write_text(SAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    result = next(read_articles(copy))
    assert result.article is not None
    assert result.article.id == sample_article.id


def test_jsonl_reports_bad_lines_by_number(tmp_path):
    path = tmp_path / "in.jsonl"
    path.write_text(
        "\n".join(
            [
                json.dumps({"id": "a", "text": "Bonjour à tous"}),
                "{broken",
                json.dumps({"id": "b", "text": ""}),
                "",
                json.dumps({"text": "no id given"}),
            ]
        ),
        encoding="utf-8",
    )
    results = list(read_articles(path))
    assert [r.where.rsplit(":", 1)[1] for r in results] == ["1", "2", "3", "5"]
    assert results[0].article is not None and results[0].article.id == "a"
    assert results[1].error is not None and "not JSON" in results[1].error
    assert results[2].error is not None and "text" in results[2].error
    assert results[3].article is not None and results[3].article.id


def test_csv_accepts_content_column(tmp_path):
    path = tmp_path / "in.csv"
    path.write_text(
        'id,title,content,url\n1,T,"Le corps, avec virgule",https://a.fr/x\n',
        encoding="utf-8",
    )
    [result] = read_articles(path)
    assert result.article is not None
    assert result.article.text == "Le corps, avec virgule"
    assert result.article.url == "https://a.fr/x"
