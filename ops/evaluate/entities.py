"""Score entity tagging on gold NER sets: the raw model against the full stage.

    python -m ops.evaluate.entities --data ../shared/data

Exact character spans with labels (PER, ORG, LOC, MISC): precision, recall and F1
per label and micro-averaged, plus micro F1 when only the boundaries count. Tokens
are joined with single spaces and sentences with newlines, so offsets are exact.
Label mapping of the spaCy models (the stage's own, workers/entities/tag.py):
PERSON/PER -> PER; ORG -> ORG; GPE, LOC, FAC -> LOC; NORP, EVENT, WORK_OF_ART, LAW,
PRODUCT, LANGUAGE, MISC -> MISC; numbers and dates are dropped. Sets without MISC
(UNER, Europeana) are scored without MISC predictions.
"""

import argparse
import sys
import time
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from workers.entities.models import DEFAULT_MODELS, ModelRegistry
from workers.entities.tag import LABELS, EntityTagger
from workers.geo import load_gazetteer

Span = tuple[int, int, str]


@dataclass(frozen=True)
class Document:
    """Text and its gold entity spans."""

    text: str
    gold: frozenset[Span]


@dataclass(frozen=True)
class GoldSet:
    """One NER set: where it is, how it is written, its language and labels."""

    name: str
    path: str
    scheme: str  # "io" (token TAG) or "iob2-conllu" (idx, token, tag, ...)
    language: str
    labels: tuple[str, ...]


SETS = (
    GoldSet(
        "ner_en_wikigold",
        "ner_en_wikigold/wikigold_dev.conll",
        "io",
        "en",
        ("PER", "ORG", "LOC", "MISC"),
    ),
    GoldSet(
        "ner_en_uner_pud",
        "ner_en_uner_pud/en_pud_dev.iob2",
        "iob2-conllu",
        "en",
        ("PER", "ORG", "LOC"),
    ),
    GoldSet(
        "ner_fr_europeana",
        "ner_fr_europeana/enp_fr_bnf_dev.bio",
        "io",
        "fr",
        ("PER", "ORG", "LOC"),
    ),
)


def _token_lines(path: Path, scheme: str) -> Iterator[tuple[str, str] | None]:
    """(token, tag) per token; None at a sentence end; -DOCSTART- at a document."""
    for raw in path.open(encoding="utf-8"):
        line = raw.rstrip("\n")
        if scheme == "iob2-conllu":
            if line.startswith("# newdoc"):
                yield ("-DOCSTART-", "O")
            elif not line.strip():
                yield None
            elif not line.startswith("#"):
                columns = line.split("\t")
                yield columns[1], columns[2]
        elif not line.strip():
            yield None
        else:
            token, tag = line.rsplit(" ", 1)
            yield token, tag


@dataclass
class _Open:
    """The entity being read: it grows while tokens continue it."""

    start: int
    end: int
    label: str


class _Reader:
    """Turns a token stream into documents: text joined by spaces, spans by offset."""

    def __init__(self) -> None:
        self.documents: list[Document] = []
        self._text: list[str] = []
        self._gold: set[Span] = set()
        self._length = 0
        self._open: _Open | None = None

    def token(self, token: str, tag: str) -> None:
        start = self._length
        self._text.append(token + " ")
        self._length += len(token) + 1
        label = tag[2:] if tag != "O" else None
        if self._open and label == self._open.label and not tag.startswith("B-"):
            self._open.end = start + len(
                token
            )  # IO tags: a run of one type is one name
            return
        self._close()
        if label:
            self._open = _Open(start, start + len(token), label)

    def sentence_end(self) -> None:
        self._close()
        if self._text and not self._text[-1].endswith("\n"):
            self._text[-1] = self._text[-1].rstrip(" ") + "\n"

    def document_end(self) -> None:
        self._close()
        if self._text:
            self.documents.append(
                Document("".join(self._text).rstrip(), frozenset(self._gold))
            )
        self._text, self._gold, self._length = [], set(), 0

    def _close(self) -> None:
        if self._open is not None:
            self._gold.add((self._open.start, self._open.end, self._open.label))
            self._open = None


def read_documents(path: Path, scheme: str) -> list[Document]:
    """Documents with gold spans; IO tags join runs of one type, IOB2 tags say B-."""
    reader = _Reader()
    for item in _token_lines(path, scheme):
        if item is None:
            reader.sentence_end()
        elif item[0] == "-DOCSTART-":
            reader.document_end()
        else:
            reader.token(*item)
    reader.document_end()
    return reader.documents


def raw_spans(tagger: EntityTagger, text: str, language: str) -> set[Span]:
    """The model's entities, labels mapped and nothing else."""
    nlp = tagger.models.get(language)
    if nlp is None:
        return set()
    return {
        (e.start_char, e.end_char, LABELS[e.label_])
        for e in nlp(text).ents
        if e.label_ in LABELS
    }


def stage_spans(tagger: EntityTagger, text: str, language: str) -> set[Span]:
    """What the entities stage emits."""
    entities, _ = tagger.tag(text, language)
    return {(e.start, e.end, e.label) for e in entities}


@dataclass
class Score:
    """Counts of one system on one set."""

    tp: Counter[str]
    fp: Counter[str]
    fn: Counter[str]
    boundary_tp: int = 0
    boundary_fp: int = 0
    boundary_fn: int = 0

    def add(self, gold: frozenset[Span], found: set[Span]) -> None:
        """Count one document."""
        for _, _, label in found & gold:
            self.tp[label] += 1
        for _, _, label in found - gold:
            self.fp[label] += 1
        for _, _, label in gold - found:
            self.fn[label] += 1
        gold_bounds = {(s, e) for s, e, _ in gold}
        found_bounds = {(s, e) for s, e, _ in found}
        self.boundary_tp += len(gold_bounds & found_bounds)
        self.boundary_fp += len(found_bounds - gold_bounds)
        self.boundary_fn += len(gold_bounds - found_bounds)

    def f1(self, label: str | None = None) -> tuple[float, float, float]:
        """Precision, recall, F1 for one label, or micro over all."""
        tp = self.tp[label] if label else sum(self.tp.values())
        fp = self.fp[label] if label else sum(self.fp.values())
        fn = self.fn[label] if label else sum(self.fn.values())
        return _prf(tp, fp, fn)

    def boundary_f1(self) -> float:
        """Micro F1 when only the span boundaries count."""
        return _prf(self.boundary_tp, self.boundary_fp, self.boundary_fn)[2]


def _prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def evaluate(
    gold_set: GoldSet, documents: Sequence[Document], tagger: EntityTagger
) -> dict[str, Score]:
    """Scores of the raw model and of the full stage on one set."""
    scores = {
        "raw model": Score(Counter(), Counter(), Counter()),
        "full stage": Score(Counter(), Counter(), Counter()),
    }
    for document in documents:
        for system, spans in (("raw model", raw_spans), ("full stage", stage_spans)):
            found = {
                s
                for s in spans(tagger, document.text, gold_set.language)
                if s[2] in gold_set.labels
            }
            scores[system].add(document.gold, found)
    return scores


def main(argv: Sequence[str] | None = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--data", type=Path, required=True, help="the shared data folder"
    )
    parser.add_argument("--fr-model", default=DEFAULT_MODELS["fr"])
    args = parser.parse_args(argv)
    tagger = EntityTagger(
        ModelRegistry({"en": DEFAULT_MODELS["en"], "fr": args.fr_model}),
        load_gazetteer(),
    )
    print(
        "| set | system | "
        + " | ".join(f"{label} F1" for label in ("PER", "ORG", "LOC", "MISC"))
        + " | micro P | micro R | micro F1 | boundary F1 | tokens/s |"
    )
    print("|---" * 11 + "|")
    for gold_set in SETS:
        documents = read_documents(args.data / gold_set.path, gold_set.scheme)
        started = time.perf_counter()
        scores = evaluate(gold_set, documents, tagger)
        elapsed = time.perf_counter() - started
        tokens = sum(len(d.text.split()) for d in documents)
        for system, score in scores.items():
            per_label = " | ".join(
                f"{score.f1(label)[2]:.3f}" if label in gold_set.labels else "-"
                for label in ("PER", "ORG", "LOC", "MISC")
            )
            p, r, f = score.f1()
            print(
                f"| {gold_set.name} | {system} | {per_label} | {p:.3f} | {r:.3f} | "
                f"{f:.3f} | {score.boundary_f1():.3f} | {2 * tokens / elapsed:,.0f} |"
            )
        print(f"  {gold_set.name}: {len(documents)} documents", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
