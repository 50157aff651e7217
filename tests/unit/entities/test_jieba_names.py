"""Chinese names from jieba on text converted to simplified characters."""

import pytest

from workers.entities.jieba_names import JiebaNames

pytestmark = pytest.mark.model

TEXT = "習近平在北京會見了俄羅斯總統普京。於是他們討論了關於烏克蘭的問題。"


@pytest.fixture(scope="module")
def jieba_names():
    return JiebaNames()


def test_offsets_index_the_traditional_text(jieba_names):
    names = jieba_names.tag([TEXT])[0]
    found = {TEXT[n.start : n.end]: n.label for n in names}
    assert found["習近平"] == "PER"
    assert found["北京"] == "LOC"
    assert found["俄羅斯"] == "LOC"


def test_one_character_guesses_and_stop_words_are_dropped(jieba_names):
    names = jieba_names.tag([TEXT])[0]
    assert all(n.end - n.start > 1 for n in names)
    assert "關於" not in {TEXT[n.start : n.end] for n in names}


def test_as_it_comes_is_jieba_alone():
    plain = JiebaNames(as_it_comes=True).tag([TEXT])[0]
    assert {TEXT[n.start : n.end] for n in plain} != {
        TEXT[n.start : n.end] for n in JiebaNames().tag([TEXT])[0]
    }
