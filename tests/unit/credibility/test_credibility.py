"""Publisher and cited sources, with evidence spans."""

import pytest

from tests.factories import make_entities
from topics.article import ArticleBilateral
from workers.credibility.assess import CredibilityAssessor
from workers.credibility.outlets import load_outlets
from workers.credibility.publisher import identify_publisher, registered_domain
from workers.credibility.sources import find_cited_sources


@pytest.fixture(scope="module")
def registry():
    return load_outlets()


def test_sample_article_publisher_and_sources(sample_article, registry):
    assert (
        identify_publisher(sample_article.url, None, registry).domain == "congluan.vn"
    )
    assert identify_publisher(sample_article.url, None, registry).country == "VNM"
    cited = {s.name: s for s in find_cited_sources(sample_article.text, registry)}
    assert cited["CCTV"].country == "CHN" and cited["CCTV"].state_affiliated
    assert cited["TASS"].country == "RUS" and cited["TASS"].state_affiliated
    scmp = cited["South China Morning Post"]
    assert scmp.country == "HKG" and scmp.state_affiliated is False
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
        ("L'accord a été signé, a rapporté l'agence Xinhua.", ["Xinhua"]),
        ("Des rumeurs circulent selon lesquelles il viendra.", []),
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


def test_publisher_from_source_field_when_url_missing(registry):
    assert identify_publisher(None, "Reuters", registry).domain == "reuters.com"
    assert identify_publisher(None, "english.cctv.com", registry).name == "CCTV"
    assert identify_publisher(None, None, registry).domain is None


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
