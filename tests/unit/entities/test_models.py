"""Which languages load, with which package; errors name the setting to change."""

import pytest

from workers.entities.models import (
    DEFAULT_LANGUAGES,
    KNOWN_MODELS,
    ModelRegistry,
    select_models,
)
from workers.entities.worker import EntitiesSettings
from workers.runtime.errors import ConfigurationError


def test_the_default_loads_five_languages_and_not_chinese():
    assert DEFAULT_LANGUAGES == ("en", "fr", "ru", "ja", "es")
    assert EntitiesSettings().languages == DEFAULT_LANGUAGES
    assert "zh" in KNOWN_MODELS


def test_languages_setting_is_a_comma_list(monkeypatch):
    monkeypatch.setenv("NEWS_ENTITIES_LANGUAGES", "en, zh")
    assert EntitiesSettings().languages == ("en", "zh")


def test_overrides_replace_one_package_and_keep_the_rest():
    chosen = select_models(["en", "fr"], {"fr": "fr_core_news_sm"})
    assert chosen == {"en": KNOWN_MODELS["en"], "fr": "fr_core_news_sm"}


def test_an_unknown_language_names_the_setting():
    with pytest.raises(ConfigurationError, match="no entity tagger for de"):
        select_models(["en", "de"], {})
    assert select_models(["de"], {"de": "de_pkg"}) == {"de": "de_pkg"}


def test_missing_package_names_the_language_setting():
    with pytest.raises(ConfigurationError, match="NEWS_ENTITIES_LANGUAGES"):
        ModelRegistry({"xx": "xx_no_such_model_pkg"})


def test_nothing_loads_before_it_is_needed():
    registry = ModelRegistry({"en": KNOWN_MODELS["en"]})
    assert registry.loads == []
    assert registry.get("vi") is None
    assert registry.package("en") == KNOWN_MODELS["en"]
