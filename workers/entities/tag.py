"""Tag people, organisations and places with each language's model; resolve them."""

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import replace

from topics.article import (
    ArticleEntities,
    ArticleLanguage,
    Entity,
    EntityLabel,
    EntitySummary,
    Syntax,
    extend,
)
from workers.entities.clean import is_common_word
from workers.entities.models import ModelRegistry
from workers.entities.names import Name, ParsingTagger
from workers.entities.relabel import corrected_label, join_institution_suffix
from workers.entities.spans import join_interpunct, trim
from workers.furniture import not_prose_spans
from workers.geo.gazetteer import Gazetteer, Mention

GAZETTEER_LABELS: dict[str, EntityLabel] = {
    "person": "PER",
    "name": "LOC",
    "bloc": "ORG",
    "institution": "ORG",
    "demonym": "MISC",
    "compound": "MISC",
    "prefix": "MISC",
}
GAZETTEER_TAGGER = "gazetteer"
# A text's names and, where its model parses as it tags, its parse.
Tagged = tuple[list[Name], Syntax | None]


class EntityTagger:
    """Holds the model registry and the gazetteer; build once per process."""

    def __init__(self, models: ModelRegistry, gazetteer: Gazetteer) -> None:
        self.models = models
        self._gazetteer = gazetteer

    def __call__(self, article: ArticleLanguage) -> ArticleEntities:
        """Enrich an article with its entities."""
        return self.batch([article])[0]

    def batch(self, articles: Sequence[ArticleLanguage]) -> list[ArticleEntities]:
        """Enrich many articles, one tagger call per language."""
        tagged: dict[int, Tagged] = {}
        by_language: dict[str, list[int]] = defaultdict(list)
        for index, article in enumerate(articles):
            by_language[article.language.code].append(index)
        for language, indexes in by_language.items():
            found = self._tag([articles[i].text for i in indexes], language)
            if found is not None:
                tagged.update(zip(indexes, found, strict=True))
        return [
            self._enriched(article, tagged.get(i)) for i, article in enumerate(articles)
        ]

    def _tag(self, texts: list[str], language: str) -> list[Tagged] | None:
        """Each text's names and parse from the language's model; None: no model."""
        tagger = self.models.get(language)
        if tagger is None:
            return None
        if isinstance(tagger, ParsingTagger):
            return tagger.tag_and_parse(texts)
        return [(names, None) for names in tagger.tag(texts)]

    def _enriched(
        self, article: ArticleLanguage, tagged: Tagged | None
    ) -> ArticleEntities:
        names, syntax = tagged if tagged is not None else (None, None)
        entities = self.entities(article.text, article.language.code, names, syntax)
        tagger = (
            self.models.package(article.language.code) if names is not None else None
        )
        return extend(
            article,
            ArticleEntities,
            entities=entities,
            entity_tagger=tagger or GAZETTEER_TAGGER,
            entity_summary=summarize(entities),
            syntax=syntax,
        )

    def tag(self, text: str, language: str) -> tuple[list[Entity], str]:
        """Entities of a text, and which tagger found them."""
        found = self._tag([text], language)
        names, syntax = found[0] if found is not None else (None, None)
        return self.entities(text, language, names, syntax), self.models.package(
            language
        ) or GAZETTEER_TAGGER

    def entities(
        self,
        text: str,
        language: str,
        names: list[Name] | None,
        syntax: Syntax | None = None,
    ) -> list[Entity]:
        """A model's names (None: no model), cleaned and resolved; the gazetteer's,
        read over the parse's tokens where there is one (scripts without spaces)."""
        blocked = not_prose_spans(text)
        found = (
            [] if names is None else list(self._names(text, language, names, blocked))
        )
        taken = [(e.start, e.end) for e in found]
        tokens = (
            list(zip(syntax.starts, syntax.ends, strict=True))
            if syntax is not None
            else None
        )
        for mention in self._gazetteer.find(text, tokens):
            if not _overlaps(mention.start, mention.end, taken + blocked):
                found.append(self._from_mention(mention))
        found.sort(key=lambda e: e.start)
        return found

    def _names(
        self,
        text: str,
        language: str,
        names: list[Name],
        blocked: list[tuple[int, int]],
    ) -> Iterable[Entity]:
        for name in join_institution_suffix(
            text, language, join_interpunct(text, names)
        ):
            surface = text[name.start : name.end]
            trimmed, start = trim(surface.split("\n", 1)[0].strip(), name.start)
            end = start + len(trimmed)
            if not trimmed or is_common_word(trimmed, language):
                continue
            if _overlaps(start, end, blocked):
                continue
            yield self._resolved(trimmed, language, replace(name, start=start, end=end))

    def _resolved(self, text: str, language: str, name: Name) -> Entity:
        """`text` is the name's span of the article, trimmed."""
        entry = self._gazetteer.resolve(text)
        actors = list(entry.actors) if entry else []
        wikidata = entry.wikidata if entry else None
        kind = entry.kind if entry else None
        person = entry.person if entry else None
        return Entity(
            text=text,
            label=corrected_label(text, language, name.label, kind),
            model_label=name.model_label,
            start=name.start,
            end=name.end,
            country=self._gazetteer.single_state(actors),
            actors=actors,
            wikidata=wikidata,
            canonical=person.name if person else None,
            role=person.role if person else None,
        )

    def _from_mention(self, mention: Mention) -> Entity:
        actors = list(mention.actors)
        return Entity(
            text=mention.text,
            label=GAZETTEER_LABELS.get(mention.kind, "MISC"),
            model_label=GAZETTEER_TAGGER,
            start=mention.start,
            end=mention.end,
            country=self._gazetteer.single_state(actors),
            actors=actors,
            wikidata=mention.wikidata,
            canonical=mention.person.name if mention.person else None,
            role=mention.person.role if mention.person else None,
        )


def summarize(entities: list[Entity]) -> list[EntitySummary]:
    """Merge mentions of the same entity (by canonical name or text, and label)."""
    groups: dict[tuple[str, str], list[Entity]] = defaultdict(list)
    for entity in entities:
        groups[(entity.canonical or entity.text, entity.label)].append(entity)
    summary = [
        EntitySummary(
            text=name,
            label=first.label,
            country=first.country,
            actors=first.actors,
            wikidata=first.wikidata,
            mentions=len(group),
        )
        for (name, _), group in groups.items()
        for first in group[:1]
    ]
    return sorted(summary, key=lambda item: (-item.mentions, item.text))


def _overlaps(start: int, end: int, spans: list[tuple[int, int]]) -> bool:
    return any(
        start < other_end and other_start < end for other_start, other_end in spans
    )
