"""Build records for tests without repeating their required fields."""

from typing import Any

from topics.article import (
    ArticleEntities,
    ArticleLanguage,
    ArticleRaw,
    Entity,
    Language,
    extend,
)
from workers.entities.models import ModelRegistry
from workers.entities.tag import EntityTagger
from workers.geo import load_gazetteer


def make_article(
    text: str = "Le président a parlé aux journalistes.", **fields: Any
) -> ArticleRaw:
    """A raw article; the id defaults to one derived from the text."""
    return ArticleRaw(id=fields.pop("id", f"a-{abs(hash(text))}"), text=text, **fields)


def make_language(article: ArticleRaw, code: str = "fr") -> ArticleLanguage:
    """The article as the language stage would emit it."""
    language = Language(code=code, confidence=0.99, detector="test")
    return extend(article, ArticleLanguage, language=language)


def gazetteer_entities(text: str) -> list[Entity]:
    """Entities as the entities stage finds them in a language with no model."""
    entities, _ = EntityTagger(ModelRegistry({}), load_gazetteer()).tag(text, "xx")
    return entities


def make_entities(text: str, code: str = "en") -> ArticleEntities:
    """An article with gazetteer entities, ready for the bilateral stage."""
    article = make_language(make_article(text), code)
    return extend(article, ArticleEntities, entities=gazetteer_entities(text))
