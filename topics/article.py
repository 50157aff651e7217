"""The article records, stage by stage: each stage adds one top-level field.

Records are read leniently: unknown fields are kept (``extra="allow"``) so that a
field added upstream by a newer producer flows through every stage untouched.
"""

from datetime import datetime
from typing import Any, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

MAX_ID_LENGTH = 512


class _Record(BaseModel):
    model_config = ConfigDict(frozen=True, extra="allow")


class _Part(BaseModel):
    model_config = ConfigDict(frozen=True, extra="allow")


class TraceEntry(_Part):
    """One stage's passage over an article."""

    stage: str
    version: str
    processed_at: datetime
    duration: float = Field(ge=0.0, description="seconds spent enriching")


class ArticleRaw(_Record):
    """A news article as published to news.article.raw.v1."""

    id: str = Field(
        min_length=1,
        max_length=MAX_ID_LENGTH,
        description="article id; the message key",
    )
    text: str = Field(min_length=1, description="body text, as published")
    url: str | None = None
    title: str | None = None
    published_at: datetime | None = Field(default=None, description="ISO 8601")
    source: str | None = Field(
        default=None, description="outlet name or domain, if known"
    )
    language_hint: str | None = Field(
        default=None,
        description="ISO 639-1 code suggested by the producer; a prior only",
    )
    trace: list[TraceEntry] = Field(
        default_factory=list, description="one entry per stage"
    )

    @field_validator("text")
    @classmethod
    def _text_has_content(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("text is blank")
        return value


Record = TypeVar("Record", bound=ArticleRaw)


def extend(article: ArticleRaw, record: type[Record], **fields: Any) -> Record:
    """The next stage's record: everything `article` had, plus `fields`, validated.

    `dict(article)` keeps nested parts as model instances, which pydantic accepts
    without validating them again; a model_dump() here doubled a stage's cost.
    """
    return record.model_validate({**dict(article), **fields})


class LanguageCandidate(_Part):
    """A language the detector considered, with its probability."""

    code: str
    probability: float = Field(ge=0.0, le=1.0)


class Language(_Part):
    """The detected language of an article."""

    code: str = Field(pattern=r"^([a-z]{2}|und)$", description='ISO 639-1, or "und"')
    confidence: float = Field(ge=0.0, le=1.0)
    candidates: list[LanguageCandidate] = Field(default_factory=list)
    detector: str = Field(description="backend that decided, e.g. langdetect")


class ArticleLanguage(ArticleRaw):
    """An article with its detected language (news.article.language.v1)."""

    language: Language


EntityLabel = Literal["PER", "ORG", "LOC", "MISC"]


class Entity(_Part):
    """A named entity; offsets index the article text as published."""

    text: str
    label: EntityLabel
    model_label: str = Field(description="the tagger's own label")
    start: int = Field(ge=0)
    end: int = Field(ge=0)
    country: str | None = Field(
        default=None,
        pattern=r"^[A-Z]{3}$",
        description="ISO 3166 alpha-3 it stands for",
    )
    actors: list[str] = Field(
        default_factory=list,
        description="states (alpha-3) and blocs (e.g. NATO) the mention stands for",
    )
    wikidata: str | None = Field(
        default=None, description="Wikidata id of what it resolves to"
    )
    canonical: str | None = Field(
        default=None,
        description="full name of a resolved person (M. Poutine: Vladimir Putin)",
    )
    role: str | None = Field(default=None, description="the resolved person's office")


class EntitySummary(_Part):
    """One entity of the article, its mentions merged."""

    text: str = Field(description="canonical name, or the surface form")
    label: EntityLabel
    country: str | None = None
    actors: list[str] = Field(default_factory=list)
    wikidata: str | None = None
    mentions: int = Field(ge=1)


class Syntax(_Part):
    """A dependency parse of the text, column by column: entry i of each list is
    token i. Labels are Universal Dependencies'; offsets index the article text."""

    parser: str = Field(description="package that parsed the text, e.g. ja_ginza")
    starts: list[int]
    ends: list[int]
    heads: list[int] = Field(description="each token's head; a root is its own")
    deps: list[str]
    pos: list[str] = Field(description="universal part of speech")
    lemmas: list[str]

    @model_validator(mode="after")
    def _columns_align(self) -> "Syntax":
        columns = (self.ends, self.heads, self.deps, self.pos, self.lemmas)
        if any(len(column) != len(self.starts) for column in columns):
            raise ValueError("every column of a parse has one entry per token")
        if any(not 0 <= head < len(self.starts) for head in self.heads):
            raise ValueError("a head is the index of a token of the parse")
        return self


class ArticleEntities(ArticleLanguage):
    """An article with its named entities (news.article.entities.v1)."""

    entities: list[Entity]
    entity_summary: list[EntitySummary] = Field(
        default_factory=list, description="entities merged, with mention counts"
    )
    entity_tagger: str = Field(
        default="gazetteer",
        description='spaCy package that tagged the text; "gazetteer" if none fits',
    )
    syntax: Syntax | None = Field(
        default=None,
        description="the tagger's own parse, where it parses as it tags (Japanese: "
        "GiNZA), so that the bilateral stage does not parse twice; the bilateral "
        "stage reads it and hands on null",
    )


class Event(_Part):
    """What the statement does, PLOVER-style, when it is an action or a stance."""

    category: str = Field(
        description="PLOVER-style event type, e.g. COOPERATE, SANCTION"
    )
    quad_class: str = Field(description="verbal/material cooperation/conflict")


class Statement(_Part):
    """A sentence that characterises a relation, with who said it."""

    sentence: str
    start: int = Field(ge=0)
    end: int = Field(ge=0)
    speaker: str | None = None
    speaker_country: str | None = Field(
        default=None, description="state the speaker speaks for"
    )
    score: float = Field(ge=-1.0, le=1.0)
    cues: list[str] = Field(default_factory=list)
    event: Event | None = None
    source: str | None = Field(
        default=None,
        description="the actor that acts or speaks (GDELT Actor1, PLOVER source); "
        "null when the two act together or the relation itself is named",
    )
    target: str | None = Field(
        default=None, description="the actor acted on or spoken of; null as source"
    )


PairLabel = Literal["positive", "negative", "neutral"]


class BilateralPair(_Part):
    """The relation between two actors across an article."""

    pair: tuple[str, str]
    score: float = Field(ge=-1.0, le=1.0)
    label: PairLabel
    statement_count: int = Field(default=0, ge=0)
    statements: list[Statement]


class ArticleBilateral(ArticleEntities):
    """An article with its bilateral relations (news.article.bilateral.v1)."""

    bilateral: list[BilateralPair]


class Rating(_Part):
    """One dataset's rating of an outlet, with its provenance."""

    dataset: str
    value: str = Field(description="the dataset's original value")
    scale: str = Field(description="what the original value means")
    normalized: float | None = Field(
        default=None, ge=0.0, le=1.0, description="0 worst, 1 best"
    )
    date: str | None = Field(default=None, description="when the dataset was published")


class Publisher(_Part):
    """The outlet that published the article."""

    domain: str | None = Field(default=None, description="registered domain")
    host: str | None = Field(default=None, description="host of the URL, if any")
    name: str | None = None
    country: str | None = None
    ownership: str | None = Field(
        default=None, description="state, public-service, private"
    )
    state_affiliated: bool | None = None
    state_affiliation_basis: str | None = None
    identified_by: str | None = Field(
        default=None, description="url, source field or dateline: how it was found"
    )
    ratings: list[Rating] = Field(default_factory=list)
    ratings_disagree: bool = Field(
        default=False, description="two ratings' normalized values differ by over 0.4"
    )


class CitedSource(_Part):
    """An outlet the article relies on."""

    name: str
    domain: str | None = None
    country: str | None = None
    ownership: str | None = None
    state_affiliated: bool | None = None
    state_affiliation_basis: str | None = None
    evidence: str | None = Field(default=None, description="the phrase that cites it")
    start: int | None = Field(default=None, ge=0)
    end: int | None = Field(default=None, ge=0)


class CredibilitySummary(_Part):
    """Article-level figures about the sources, with a sentence that explains them."""

    cited_count: int = Field(ge=0)
    state_affiliated_count: int = Field(ge=0)
    state_affiliated_share: float | None = Field(default=None, ge=0.0, le=1.0)
    explanation: str


class Credibility(_Part):
    """Who published the article and whom it cites."""

    publisher: Publisher
    cited_sources: list[CitedSource]
    summary: CredibilitySummary | None = None


class ArticleEnriched(ArticleBilateral):
    """A fully enriched article (news.article.enriched.v1)."""

    credibility: Credibility
