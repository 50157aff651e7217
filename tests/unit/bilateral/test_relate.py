"""Pairs, polarity, joint actors and speakers, from sentences and the sample article."""

import pytest

from tests.factories import make_entities, make_language
from topics.article import BilateralPair
from workers.bilateral.lexicon import find_cues, quad_class
from workers.bilateral.relate import RelationFinder
from workers.bilateral.sentences import split_sentences
from workers.entities.models import ModelRegistry
from workers.entities.tag import EntityTagger
from workers.geo import load_gazetteer


def _pairs(text: str) -> dict[tuple[str, str], BilateralPair]:
    article = RelationFinder()(make_entities(text))
    return {p.pair: p for p in article.bilateral}


def test_relation_statement_is_a_positive_pair_with_its_speaker():
    pairs = _pairs("Xi said China-Russia relations are like fire-tempered steel.")
    pair = pairs[("CHN", "RUS")]
    assert pair.label == "positive"
    assert pair.statements[0].speaker == "Xi"
    assert pair.statements[0].speaker_country == "CHN"
    assert "fire-tempered steel" in pair.statements[0].cues


def test_joint_statement_against_a_third_party():
    pairs = _pairs("Moscow and Beijing call NATO expansion unacceptable.")
    assert pairs[("CHN", "NATO")].label == "negative"
    assert pairs[("NATO", "RUS")].label == "negative"
    assert pairs[("CHN", "RUS")].label == "positive"  # same side, not adversaries


def test_negation_turns_a_cue():
    [cue] = find_cues("relations are not friendly")
    assert cue.weight < 0
    assert quad_class("SANCTION", -0.8) == "material conflict"
    assert quad_class("CONSULT", 0.3) == "verbal cooperation"


def test_actor_never_pairs_with_itself_and_venues_are_not_parties():
    pairs = _pairs("Russian officials met in Moscow with Chinese diplomats in Ankara.")
    assert set(pairs) == {("CHN", "RUS")}


def test_action_carries_its_plover_category_and_quad_class():
    pair = _pairs("Israeli tanks shelled Palestinian positions near Rafah.")[
        ("ISR", "PSE")
    ]
    assert pair.label == "negative"
    assert pair.statement_count == len(pair.statements) == 1
    event = pair.statements[0].event
    assert event is not None
    assert (event.category, event.quad_class) == ("ASSAULT", "material conflict")


def test_a_trailing_list_pairs_with_the_subject_only():
    pairs = _pairs("The United States lifted sanctions on Iran, Libya and Cuba.")
    assert set(pairs) == {("IRN", "USA"), ("LBY", "USA"), ("CUB", "USA")}


def test_reported_clause_parties_are_inside_the_clause():
    pairs = _pairs(
        "The Russian Security Council said that Moscow and Beijing oppose "
        "NATO expansion, calling it unacceptable."
    )
    assert pairs[("CHN", "NATO")].label == "negative"
    assert pairs[("NATO", "RUS")].label == "negative"
    assert pairs[("CHN", "RUS")].label == "positive"


def test_trailing_attribution_is_a_source_not_a_party():
    assert set(_pairs("Israel attacked Lebanon, the UN refugee agency reported.")) == {
        ("ISR", "LBN")
    }


def test_a_venue_counts_when_nothing_else_would_pair():
    pairs = _pairs("France is ready to send 4,000 troops to a peace force in Liberia.")
    assert set(pairs) == {("FRA", "LBR")}
    assert pairs[("FRA", "LBR")].label == "positive"


def test_relation_phrase_continues_the_pair_just_discussed():
    article = RelationFinder()(
        make_entities(
            "Xi met Putin in Beijing on Friday. The two countries agreed to deepen "
            "cooperation. The weather was fine."
        )
    )
    [pair] = article.bilateral
    assert pair.pair == ("CHN", "RUS")
    assert [s.sentence for s in pair.statements][1].startswith("The two countries")


def test_single_actor_makes_no_pair():
    assert _pairs("Russia said the weather was fine.") == {}


def test_sentences_do_not_break_after_honorifics():
    sentences = split_sentences("M. Poutine a parlé. The U.S. agreed. Fin")
    assert [s.text for s in sentences] == [
        "M. Poutine a parlé.",
        "The U.S. agreed.",
        "Fin",
    ]


@pytest.mark.model
def test_sample_article_pairs(sample_article):
    tagger = EntityTagger(ModelRegistry(), load_gazetteer())
    article = RelationFinder()(tagger(make_language(sample_article, "fr")))
    pairs = {tuple(p.pair): p for p in article.bilateral}
    china_russia = pairs[("CHN", "RUS")]
    assert china_russia.label == "positive" and china_russia.score > 0.3
    assert len(china_russia.statements) >= 3
    evidence = " ".join(s.sentence for s in china_russia.statements)
    assert "acier trempé au feu" in evidence and "fermes et inébranlables" in evidence
    speakers = {s.speaker for s in china_russia.statements}
    assert {"Xi Jinping", "Wang Yi"} <= speakers
    assert pairs[("CHN", "NATO")].label == "negative"
    assert pairs[("NATO", "RUS")].label == "negative"
    assert pairs[("RUS", "USA")].label != "negative"
    for pair in article.bilateral:
        for s in pair.statements:
            assert sample_article.text[s.start : s.end] == s.sentence
