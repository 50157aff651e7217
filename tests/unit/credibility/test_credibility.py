"""Publisher, ratings with provenance, cited sources with evidence spans."""

from pathlib import Path

import pytest

from tests.factories import make_entities
from topics.article import ArticleBilateral
from workers.credibility.assess import CredibilityAssessor
from workers.credibility.outlets import load_outlets
from workers.credibility.publisher import PublisherIdentifier, registered_domain
from workers.credibility.ratings import (
    RatingIndex,
    RatingSources,
    disagree,
    load_lin2023,
)
from workers.credibility.sources import find_cited_sources
from workers.credibility.worker import CredibilitySettings
from workers.runtime.errors import RatingsError


@pytest.fixture(scope="module")
def registry():
    return load_outlets()


@pytest.fixture(scope="module")
def ratings(shared_data: Path) -> RatingIndex:
    return RatingIndex(
        RatingSources(
            shared_data / "cred_lin2023_domain_ratings" / "domain_ratings_dev.csv",
            (
                shared_data / "cred_baly_mbfc" / "emnlp18_corpus_dev.tsv",
                shared_data / "cred_baly_mbfc" / "acl2020_corpus_dev.tsv",
            ),
            shared_data / "cred_opensources" / "opensources_dev.csv",
        )
    )


def test_sample_article_publisher_and_sources(sample_article, registry):
    publisher = PublisherIdentifier(registry).identify(sample_article.url, None)
    assert publisher.domain == "congluan.vn"
    assert publisher.country == "VNM"
    assert publisher.identified_by == "url"
    cited = {s.name: s for s in find_cited_sources(sample_article.text, registry)}
    assert cited["CCTV"].country == "CHN" and cited["CCTV"].state_affiliated
    assert cited["CCTV"].ownership == "state" and cited["CCTV"].state_affiliation_basis
    assert cited["TASS"].country == "RUS" and cited["TASS"].state_affiliated
    scmp = cited["South China Morning Post"]
    assert scmp.country == "HKG" and scmp.state_affiliated is False
    assert scmp.ownership == "private"
    assert cited["Xinhua"].evidence == "Photo : Xinhua"
    for source in cited.values():
        assert sample_article.text[source.start : source.end] == source.evidence


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("Talks failed, according to Reuters.", ["Reuters"]),
        ("WASHINGTON (AP) — The talks failed.", ["Associated Press"]),
        ("The minister told AFP on Monday.", ["Agence France-Presse"]),
        ("Troops moved, TASS reported.", ["TASS"]),
        ("A report by Bloomberg said so.", ["Bloomberg"]),  # "reports?" as "report"
        ("L'accord a été signé, a rapporté l'agence Xinhua.", ["Xinhua"]),
        ("Le ministre, cité par RIA Novosti, a nié.", ["RIA Novosti"]),
        ("Des rumeurs circulent selon lesquelles il viendra.", []),
        # Spanish, Russian, Japanese: the cue before the outlet or after it.
        (
            "México firmó un acuerdo con Canadá, informó la agencia EFE.",
            ["Agencia EFE"],
        ),
        ("Según Reuters, las conversaciones fracasaron.", ["Reuters"]),
        ("La agencia Efe informó que el presidente viajará.", ["Agencia EFE"]),
        ("El ministro informó a Rusia de la decisión.", []),
        ("Россия и Китай договорились, сообщило агентство ТАСС.", ["TASS"]),
        ("По данным РИА Новости, переговоры прошли успешно.", ["RIA Novosti"]),
        ("Министр сообщил Интерфаксу, что визит состоится.", ["Interfax"]),
        ("Министр сообщил, что визит состоится.", []),
        ("共同通信によると、首相は北京を訪問する。", ["Kyodo News"]),
        ("両国は協定に署名したと新華社が伝えた。", ["Xinhua"]),
        ("ロイター通信によると、安保理は制裁を採択した。", ["Reuters"]),
        ("首相は共同声明を発表した。", []),
    ],
)
def test_citation_forms(registry, text, names):
    assert [s.name for s in find_cited_sources(text, registry)] == names


@pytest.mark.parametrize(
    ("url", "domain"),
    [
        ("https://english.cctv.com/2025/a.shtml", "cctv.com"),
        ("http://news.bbc.co.uk/2/hi/a.stm", "bbc.co.uk"),
        ("https://www.congluan.vn/x", "congluan.vn"),
        ("not a url", None),
    ],
)
def test_registered_domain_uses_public_suffixes(url, domain):
    assert registered_domain(url) == domain


def test_subdomains_resolve_to_their_outlet(registry):
    identify = PublisherIdentifier(registry).identify
    assert identify("https://english.cctv.com/a", None).name == "CCTV"
    assert identify("https://en.people.cn/a", None).name == "People's Daily"
    assert identify("https://english.cctv.com/a", None).host == "english.cctv.com"


def test_publisher_without_url(registry):
    identify = PublisherIdentifier(registry).identify
    assert identify(None, "Reuters").domain == "reuters.com"
    assert identify(None, "english.cctv.com").name == "CCTV"
    dated = CredibilityAssessor(registry).assess(
        None, None, "MOSCOW (AP) — Talks ended."
    )
    assert dated.publisher.name == "Associated Press"
    assert dated.publisher.identified_by == "dateline"
    assert identify(None, None).domain is None


def test_ratings_keep_provenance_and_share_an_outlets_domains(registry, ratings):
    identify = PublisherIdentifier(registry, ratings).identify
    rt = identify("https://www.rt.com/news/1/", None)
    assert {r.dataset for r in rt.ratings} == {"lin2023", "mbfc-emnlp18", "opensources"}
    opensources = next(r for r in rt.ratings if r.dataset == "opensources")
    assert (opensources.value, opensources.normalized, opensources.date) == (
        "state",
        0.2,
        "2017",
    )
    assert all(r.scale for r in rt.ratings)
    bbc = identify("http://news.bbc.co.uk/2/hi/a.stm", None)  # rated as bbc.com
    assert [r.dataset for r in bbc.ratings] == ["lin2023"]


def test_disagreement_is_flagged():
    lin = next(iter(load_lin2023(Path(__file__).parent / "ratings_sample.csv")))[1]
    low = lin.model_copy(update={"normalized": 0.1, "dataset": "other"})
    assert disagree([lin, low])
    assert not disagree([lin])


def test_missing_or_malformed_files_fail_clearly(tmp_path):
    with pytest.raises(RatingsError, match="not found"):
        RatingIndex(RatingSources(lin2023=tmp_path / "nope.csv"))
    bad = tmp_path / "bad.csv"
    bad.write_text("site,score\na.com,1\n", encoding="utf-8")
    with pytest.raises(RatingsError, match="missing column"):
        RatingIndex(RatingSources(lin2023=bad))


def test_settings_read_paths_from_the_environment(monkeypatch, shared_data):
    monkeypatch.setenv(
        "NEWS_CREDIBILITY_MBFC_PATHS",
        f'["{shared_data}/cred_baly_mbfc/acl2020_corpus_dev.tsv"]',
    )
    sources = CredibilitySettings().rating_sources()
    assert len(sources.mbfc) == 1 and sources.lin2023 is None


def test_summary_explains_state_affiliation(registry):
    entities = make_entities("Selon CCTV et Reuters, la Chine a parlé.", "fr")
    article = ArticleBilateral.model_validate(
        {**entities.model_dump(), "bilateral": []}
    )
    summary = CredibilityAssessor(registry)(article).credibility.summary
    assert summary is not None
    assert summary.cited_count == 2 and summary.state_affiliated_count == 1
    assert summary.state_affiliated_share == 0.5
    assert "CCTV" in summary.explanation
