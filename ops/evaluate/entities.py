"""Score entity tagging on gold NER sets: the raw model against the full stage.

    python -m ops.evaluate.entities --data ../shared/data

Exact character spans with labels (PER, ORG, LOC, MISC): precision, recall and F1
per label and micro-averaged, plus micro F1 when only the boundaries count. Tokens
are joined with single spaces (none in Chinese) and sentences with newlines, so
offsets are exact; the Japanese set gives its text and character spans.
The raw model's labels are mapped as the model comes: spaCy's OntoNotes and WikiNER
labels as the stage maps them (workers/entities/spacy_names.py: PERSON/PER -> PER;
ORG -> ORG; GPE, LOC, FAC -> LOC; the rest MISC; numbers and dates dropped),
GiNZA's through its own ENE_ONTONOTES_MAPPING, natasha's PER/LOC/ORG as they are,
jieba's nr/ns/nt as PER/LOC/ORG. Sets without MISC (UNER, Europeana, Stockmark as
mapped, CoNLL-2002 as the issue scores it) are scored without MISC predictions.
A language with no model is tagged by the gazetteer alone ("raw" then finds nothing).
"""

import argparse
import json
import sys
import time
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from workers.entities.jieba_names import JiebaNames
from workers.entities.models import KNOWN_MODELS, ModelRegistry, select_models
from workers.entities.names import Name
from workers.entities.spacy_names import is_ginza, published_labels
from workers.entities.tag import EntityTagger
from workers.geo import load_gazetteer

Span = tuple[int, int, str]
# Documents tagged in one model call.
BATCH = 64


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
    scheme: str  # "io" (token TAG), "iob2-conllu" (idx, token, tag, ...), "spans"
    language: str
    labels: tuple[str, ...]
    joiner: str = " "  # between tokens; Chinese is written without spaces
    # Tag each sentence alone: the set's articles are reconstructed, and the
    # models' published figures are per sentence.
    sentence_documents: bool = False


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
    GoldSet(
        "ner_ru_uner_pud",
        "ner_ru_uner_pud/ru_pud_dev.iob2",
        "iob2-conllu",
        "ru",
        ("PER", "ORG", "LOC"),
    ),
    GoldSet(
        "ner_es_conll2002",
        "ner_es_conll2002/esp_conll2002_dev.conll",
        "io",
        "es",
        ("PER", "ORG", "LOC"),
        sentence_documents=True,
    ),
    GoldSet(
        "ner_ja_stockmark",
        "ner_ja_stockmark/ja_stockmark_dev.jsonl",
        "spans",
        "ja",
        ("PER", "ORG", "LOC"),
    ),
    GoldSet(
        "ner_zh_uner_pud",
        "ner_zh_uner_pud/zh_pud_dev.iob2",
        "iob2-conllu",
        "zh",
        ("PER", "ORG", "LOC"),
        joiner="",
    ),
    GoldSet(
        "ner_de_uner_pud",
        "ner_de_uner_pud/de_pud_dev.iob2",
        "iob2-conllu",
        "de",
        ("PER", "ORG", "LOC"),
    ),
    GoldSet(
        "ner_pt_uner_pud",
        "ner_pt_uner_pud/pt_pud_dev.iob2",
        "iob2-conllu",
        "pt",
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

    def __init__(self, joiner: str) -> None:
        self.documents: list[Document] = []
        self._joiner = joiner
        self._text: list[str] = []
        self._gold: set[Span] = set()
        self._length = 0
        self._open: _Open | None = None

    def token(self, token: str, tag: str) -> None:
        start = self._length
        self._text.append(token + self._joiner)
        self._length += len(token) + len(self._joiner)
        label = tag[2:] if tag != "O" else None
        if self._open and label == self._open.label and not tag.startswith("B-"):
            # IO tags: a run of one type is one name.
            self._open.end = start + len(token)
            return
        self._close()
        if label:
            self._open = _Open(start, start + len(token), label)

    def sentence_end(self) -> None:
        self._close()
        if self._text and not self._text[-1].endswith("\n"):
            last = self._text[-1]
            self._text[-1] = last.removesuffix(self._joiner) + "\n"
            self._length += len(self._text[-1]) - len(last)

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


def read_documents(gold_set: GoldSet, data: Path) -> list[Document]:
    """Documents with gold spans; IO tags join runs of one type, IOB2 tags say B-."""
    path = data / gold_set.path
    if gold_set.scheme == "spans":
        return [_spans_document(json.loads(line)) for line in path.open("rb")]
    reader = _Reader(gold_set.joiner)
    for item in _token_lines(path, gold_set.scheme):
        if item is None and gold_set.sentence_documents:
            reader.document_end()
        elif item is None:
            reader.sentence_end()
        elif item[0] == "-DOCSTART-":
            reader.document_end()
        else:
            reader.token(*item)
    reader.document_end()
    return reader.documents


def _spans_document(record: dict[str, Any]) -> Document:
    gold = {(e["start"], e["end"], e["label"]) for e in record["entities"]}
    return Document(record["text"], frozenset(gold))


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
    """Scores of the raw model and of the full stage on one set (one model run)."""
    scores = {
        "raw model": Score(Counter(), Counter(), Counter()),
        "full stage": Score(Counter(), Counter(), Counter()),
    }
    package = tagger.models.package(gold_set.language)
    model = tagger.models.get(gold_set.language)
    # The baseline is the model as it comes: jieba without the stage's conversion,
    # GiNZA's labels through its own OntoNotes table.
    baseline = JiebaNames(as_it_comes=True) if package == "jieba" else None
    published = published_labels(package) if package and is_ginza(package) else None
    for start in range(0, len(documents), BATCH):
        batch = documents[start : start + BATCH]
        texts = [document.text for document in batch]
        names: Sequence[list[Name] | None] = [None] * len(batch)
        raw_names = names
        if model is not None:
            names = model.tag(texts)
            raw_names = baseline.tag(texts) if baseline is not None else names
        for document, found, as_it_comes in zip(batch, names, raw_names, strict=True):
            raw = {
                (n.start, n.end, label)
                for n in as_it_comes or []
                if (label := published.get(n.model_label) if published else n.label)
            }
            stage = {
                (e.start, e.end, e.label)
                for e in tagger.entities(document.text, gold_set.language, found)
            }
            gold = frozenset(s for s in document.gold if s[2] in gold_set.labels)
            for system, spans in (("raw model", raw), ("full stage", stage)):
                scores[system].add(gold, {s for s in spans if s[2] in gold_set.labels})
    return scores


def main(argv: Sequence[str] | None = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--data", type=Path, required=True, help="the shared data folder"
    )
    parser.add_argument(
        "--sets",
        nargs="*",
        default=[gold_set.name for gold_set in SETS],
        help="the gold sets to score (default: all)",
    )
    parser.add_argument(
        "--models",
        type=json.loads,
        default={},
        help='JSON over the known table, e.g. {"fr": "fr_core_news_sm"}',
    )
    args = parser.parse_args(argv)
    chosen = [gold_set for gold_set in SETS if gold_set.name in args.sets]
    languages = sorted({g.language for g in chosen} & {*KNOWN_MODELS, *args.models})
    tagger = EntityTagger(
        ModelRegistry(select_models(languages, args.models)), load_gazetteer()
    )
    print(
        "| set | system | tagger | "
        + " | ".join(f"{label} F1" for label in ("PER", "ORG", "LOC", "MISC"))
        + " | micro P | micro R | micro F1 | boundary F1 | k chars/s |"
    )
    print("|---" * 12 + "|")
    for gold_set in chosen:
        documents = read_documents(gold_set, args.data)
        tagger.models.get(gold_set.language)  # loaded before the clock starts
        started = time.perf_counter()
        scores = evaluate(gold_set, documents, tagger)
        elapsed = time.perf_counter() - started
        chars = sum(len(d.text) for d in documents)
        package = tagger.models.package(gold_set.language) or "gazetteer"
        for system, score in scores.items():
            per_label = " | ".join(
                f"{score.f1(label)[2]:.3f}" if label in gold_set.labels else "-"
                for label in ("PER", "ORG", "LOC", "MISC")
            )
            p, r, f = score.f1()
            print(
                f"| {gold_set.name} | {system} | {package} | {per_label} | {p:.3f} | "
                f"{r:.3f} | {f:.3f} | {score.boundary_f1():.3f} | "
                f"{chars / elapsed / 1000:,.1f} |",
                flush=True,
            )
        print(f"  {gold_set.name}: {len(documents)} documents", file=sys.stderr)
    for load in tagger.models.loads:
        print(
            f"  loaded {load.package} ({load.language}) in {load.seconds:.1f} s, "
            f"+{load.rss_mb:.0f} MB resident",
            file=sys.stderr,
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
