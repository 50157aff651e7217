"""Tag people, organisations and places with spaCy, then resolve them to actors."""

from collections import defaultdict
from collections.abc import Iterable, Sequence

from spacy.tokens import Doc

from topics.article import (
    ArticleEntities,
    ArticleLanguage,
    Entity,
    EntityLabel,
    EntitySummary,
    extend,
)
from workers.entities.models import ModelRegistry
from workers.entities.spans import trim
from workers.furniture import not_prose_spans
from workers.geo.gazetteer import Gazetteer, Mention

# spaCy's OntoNotes labels (English) and WikiNER labels (French) to the contract's four.
LABELS: dict[str, EntityLabel] = {
    "PERSON": "PER",
    "PER": "PER",
    "ORG": "ORG",
    "NORP": "MISC",
    "GPE": "LOC",
    "LOC": "LOC",
    "FAC": "LOC",
    "EVENT": "MISC",
    "WORK_OF_ART": "MISC",
    "LAW": "MISC",
    "PRODUCT": "MISC",
    "LANGUAGE": "MISC",
    "MISC": "MISC",
}
GAZETTEER_LABELS: dict[str, EntityLabel] = {
    "person": "PER",
    "name": "LOC",
    "bloc": "ORG",
    "institution": "ORG",
    "demonym": "MISC",
    "compound": "MISC",
    "prefix": "MISC",
}
# Page furniture a model may read as a name.
FURNITURE = frozenset(
    {"photo", "comment", "comments", "source", "video", "vidéo", "share"}
)
GAZETTEER_TAGGER = "gazetteer"


class EntityTagger:
    """Holds the model registry and the gazetteer; build once per process."""

    def __init__(self, models: ModelRegistry, gazetteer: Gazetteer) -> None:
        self.models = models
        self._gazetteer = gazetteer

    def __call__(self, article: ArticleLanguage) -> ArticleEntities:
        """Enrich an article with its entities."""
        nlp = self.models.get(article.language.code)
        return self._enriched(article, nlp(article.text) if nlp is not None else None)

    def batch(self, articles: Sequence[ArticleLanguage]) -> list[ArticleEntities]:
        """Enrich many articles, one nlp.pipe call per language."""
        docs: dict[int, Doc] = {}
        by_language: dict[str, list[int]] = defaultdict(list)
        for index, article in enumerate(articles):
            by_language[article.language.code].append(index)
        for language, indexes in by_language.items():
            nlp = self.models.get(language)
            if nlp is not None:
                texts = [articles[i].text for i in indexes]
                docs.update(
                    zip(indexes, nlp.pipe(texts, batch_size=len(texts)), strict=True)
                )
        return [
            self._enriched(article, docs.get(i)) for i, article in enumerate(articles)
        ]

    def _enriched(self, article: ArticleLanguage, doc: Doc | None) -> ArticleEntities:
        entities = self._entities(article.text, doc)
        tagger = self.models.package(article.language.code) if doc is not None else None
        return extend(
            article,
            ArticleEntities,
            entities=entities,
            entity_tagger=tagger or GAZETTEER_TAGGER,
            entity_summary=summarize(entities),
        )

    def tag(self, text: str, language: str) -> tuple[list[Entity], str]:
        """Entities of a text, and which tagger found them."""
        nlp = self.models.get(language)
        doc = nlp(text) if nlp is not None else None
        return self._entities(text, doc), self.models.package(
            language
        ) or GAZETTEER_TAGGER

    def _entities(self, text: str, doc: Doc | None) -> list[Entity]:
        blocked = not_prose_spans(text)
        found = [] if doc is None else list(self._from_doc(doc, blocked))
        taken = [(e.start, e.end) for e in found]
        for mention in self._gazetteer.find(text):
            if not _overlaps(mention.start, mention.end, taken + blocked):
                found.append(self._from_mention(mention))
        found.sort(key=lambda e: e.start)
        return found

    def _from_doc(self, doc: Doc, blocked: list[tuple[int, int]]) -> Iterable[Entity]:
        for span in doc.ents:
            label = LABELS.get(span.label_)
            text, start = trim(span.text.split("\n", 1)[0].strip(), span.start_char)
            end = start + len(text)
            if label is None or not text or text.lower() in FURNITURE:
                continue
            if _overlaps(start, end, blocked):
                continue
            yield self._resolved(text, label, span.label_, start, end)

    def _resolved(
        self, text: str, label: EntityLabel, model_label: str, start: int, end: int
    ) -> Entity:
        entry = self._gazetteer.resolve(text)
        actors = list(entry.actors) if entry else []
        wikidata = entry.wikidata if entry else None
        if entry is not None and entry.kind == "person" and label != "PER":
            label = "PER"  # the model misread a leader's name
        person = entry.person if entry else None
        return Entity(
            text=text,
            label=label,
            model_label=model_label,
            start=start,
            end=end,
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
