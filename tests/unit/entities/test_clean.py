"""Spans that are not names: furniture, stop words, lowercase words."""

import pytest

from workers.entities.clean import is_common_word, stop_words


@pytest.mark.parametrize(
    ("text", "language", "common"),
    [
        ("Según", "es", True),
        ("También", "es", True),
        ("aseguró", "es", True),  # lowercase in a cased script
        ("Photo", "en", True),
        ("US", "en", False),  # an acronym, though "us" is a stop word
        ("May", "en", True),
        ("Pedro Sánchez", "es", False),
        ("東京", "ja", False),  # no case: never "lowercase"
        ("Según", "xx", False),  # no list for the language: only case counts
    ],
)
def test_is_common_word(text, language, common):
    assert is_common_word(text, language) is common


def test_languages_without_a_spacy_list_have_none():
    assert stop_words("xx") == frozenset()
    assert "según" in stop_words("es")
