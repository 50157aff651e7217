"""Entities of the sample article with the real French model."""

import pytest

from tests.factories import gazetteer_entities, make_article, make_language
from topics.article import EntityLabel
from workers.entities.models import DEFAULT_MODELS, ModelRegistry
from workers.entities.names import Name
from workers.entities.tag import EntityTagger
from workers.geo import load_gazetteer
from workers.runtime.errors import ConfigurationError

pytestmark = pytest.mark.model


@pytest.fixture(scope="module")
def tagged(sample_article):
    tagger = EntityTagger(ModelRegistry(), load_gazetteer())
    return tagger(make_language(sample_article, "fr"))


@pytest.mark.parametrize(
    ("name", "country"),
    [
        ("Xi Jinping", "CHN"),
        ("Sergueï Choïgou", "RUS"),
        ("Vladimir Poutine", "RUS"),
        ("Wang Yi", "CHN"),
        ("Sergueï Lavrov", "RUS"),
        ("Marco Rubio", "USA"),
        ("Donald Trump", "USA"),
    ],
)
def test_people_are_per_and_resolved(tagged, name, country):
    matches = [e for e in tagged.entities if e.text == name]
    assert matches, f"{name} not found"
    assert all(e.label == "PER" and e.country == country for e in matches)


def test_capitals_and_blocs_resolve(tagged):
    by_text = {e.text: e for e in tagged.entities}
    assert by_text["Pékin"].country == "CHN"
    assert by_text["Moscou"].country == "RUS"
    assert by_text["OTAN"].actors == ["NATO"]
    assert by_text["sino-russes"].actors == ["CHN", "RUS"]


def test_furniture_and_urls_are_not_entities(tagged, sample_article):
    texts = {e.text for e in tagged.entities}
    assert "Photo" not in texts
    assert not any("http" in t or "Comment" in t for t in texts)


def test_offsets_index_the_published_text(tagged, sample_article):
    assert all(sample_article.text[e.start : e.end] == e.text for e in tagged.entities)
    assert tagged.entity_tagger == DEFAULT_MODELS["fr"]


def test_language_without_a_model_uses_the_gazetteer_and_says_so():
    tagger = EntityTagger(ModelRegistry(), load_gazetteer())
    enriched = tagger(make_language(make_article("Putin visited Beijing."), "vi"))
    assert enriched.entity_tagger == "gazetteer"
    assert {e.country for e in enriched.entities} == {"RUS", "CHN"}


def test_missing_model_package_fails_clearly():
    with pytest.raises(ConfigurationError, match="not installed"):
        ModelRegistry({"xx": "xx_no_such_model_pkg"})


def _names(text: str, *spans: tuple[str, EntityLabel]) -> list[Name]:
    """Names as a model would give them: (surface, label) in order of appearance."""
    names, start = [], 0
    for surface, label in spans:
        start = text.index(surface, start)
        names.append(Name(start, start + len(surface), label, label))
        start += len(surface)
    return names


def test_stop_words_and_lowercase_words_are_not_names():
    text = "Según aseguró el ministro, Pedro Sánchez viajó a Bruselas."
    names = _names(text, ("Según", "PER"), ("aseguró", "ORG"), ("Pedro Sánchez", "PER"))
    entities = EntityTagger(ModelRegistry({}), load_gazetteer()).entities(
        text, "es", names
    )
    assert [e.text for e in entities if e.model_label != "gazetteer"] == [
        "Pedro Sánchez"
    ]


def test_acronyms_that_spell_a_stop_word_stay():
    text = "The US said so."
    names = _names(text, ("US", "LOC"))
    entities = EntityTagger(ModelRegistry({}), load_gazetteer()).entities(
        text, "en", names
    )
    assert [(e.text, e.actors) for e in entities] == [("US", ["USA"])]


def test_bodies_named_after_a_place_and_misread_countries_are_relabelled():
    text = "El Gobierno de Colombia y España firmaron."
    names = _names(text, ("Gobierno de Colombia", "LOC"), ("España", "PER"))
    entities = EntityTagger(ModelRegistry({}), load_gazetteer()).entities(
        text, "es", names
    )
    assert [(e.text, e.label) for e in entities] == [
        ("Gobierno de Colombia", "ORG"),
        ("España", "LOC"),
    ]


def test_gazetteer_only_finds_demonyms_and_compounds():
    texts = {e.text: e.label for e in gazetteer_entities("Les relations sino-russes.")}
    assert texts == {"sino-russes": "MISC"}


def test_byline_author_is_not_an_entity(tagged):
    assert "Hoai Phuong" not in {e.text for e in tagged.entities}


def test_short_mentions_resolve_to_the_full_entry(tagged):
    poutine = next(e for e in tagged.entities if e.text == "Poutine")  # "M. Poutine"
    assert (poutine.canonical, poutine.role, poutine.country) == (
        "Vladimir Putin",
        "President",
        "RUS",
    )
    assert poutine.wikidata == "Q7747"


def test_summary_merges_mentions(tagged):
    summary = {(s.text, s.label): s for s in tagged.entity_summary}
    xi = summary[("Xi Jinping", "PER")]
    assert xi.mentions >= 4  # "Xi Jinping" twice, "Xi", "M. Xi Jinping"
    assert xi.country == "CHN"
    assert sum(s.mentions for s in tagged.entity_summary) == len(tagged.entities)


def test_batch_path_equals_one_by_one(sample_article):
    tagger = EntityTagger(ModelRegistry(), load_gazetteer())
    articles = [
        make_language(sample_article, "fr"),
        make_language(
            make_article("Reuters said Putin met Xi in Moscow.", id="en-1"), "en"
        ),
        make_language(make_article("Putin visited Beijing.", id="vi-1"), "vi"),
    ]
    assert tagger.batch(articles) == [tagger(article) for article in articles]
