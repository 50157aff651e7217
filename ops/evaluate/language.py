"""Measure the language backends and strategies on real data; print Markdown tables.

    python -m ops.evaluate.language --data ../shared/data/langid_leipzig_lingua \\
        --news ../shared/data/news_bbc_2004_2005

Accuracy per language and text kind, macro averages over the 11 core languages,
how often distractor languages are read as a core one, the "und" trade-off of the
default thresholds, and throughput (sentences/s, whole news articles/s), one core.
"""

import argparse
import csv
import json
import sys
import time
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from workers.language.detect import LanguageDetector
from workers.language.worker import BackendName, LanguageSettings, build_strategy

CORE = ("en", "fr", "es", "de", "it", "pt", "ru", "zh", "ar", "vi", "ja")
KINDS = ("sentence", "word_pair", "single_word")
STRATEGIES: tuple[BackendName, ...] = ("langdetect", "fasttext", "lingua", "combined")
UND_THRESHOLDS = (0.0, 0.1, 0.15, 0.2, 0.3, 0.5)
ARTICLE_PREFIXES = (300, 1_000, 2_000, 100_000)


@dataclass(frozen=True)
class Item:
    """One labelled text of the language-ID set."""

    lang: str
    kind: str
    group: str
    text: str


@dataclass(frozen=True)
class Run:
    """One strategy's answers on every item."""

    name: str
    answers: list[tuple[str, float]]  # (code, confidence) per item
    sentence_rate: float


def load_items(data: Path) -> list[Item]:
    """The DEV csv of the Leipzig/lingua set."""
    path = data / "langid_dev.csv" if data.is_dir() else data
    with path.open(encoding="utf-8") as handle:
        return [
            Item(r["lang"], r["kind"], r["lang_group"], r["text"])
            for r in csv.DictReader(handle)
        ]


def run_strategy(name: BackendName, items: Sequence[Item]) -> Run:
    """Raw decisions (no "und" thresholds) and the sentence throughput."""
    detector = LanguageDetector(build_strategy(name), min_chars=1, min_confidence=0.0)
    answers = []
    sentence_seconds, sentences = 0.0, 0
    for index, item in enumerate(items):
        started = time.perf_counter()
        language = detector.detect(None, item.text)
        if item.kind == "sentence":
            sentence_seconds += time.perf_counter() - started
            sentences += 1
        answers.append((language.code, language.confidence))
        if index % 5_000 == 0:
            print(f"  {name}: {index}/{len(items)}", file=sys.stderr, flush=True)
    return Run(name, answers, sentences / sentence_seconds if sentence_seconds else 0.0)


def accuracy(
    items: Sequence[Item], codes: Sequence[str]
) -> dict[tuple[str, str], float]:
    """Share right per (kind, language), core languages only."""
    right: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0])
    for item, code in zip(items, codes, strict=True):
        if item.group == "core":
            cell = right[(item.kind, item.lang)]
            cell[0] += code == item.lang
            cell[1] += 1
    return {key: ok / total for key, (ok, total) in right.items()}


def macro(scores: dict[tuple[str, str], float], kind: str) -> float | None:
    """Mean over the core languages that have items of this kind."""
    values = [scores[(kind, lang)] for lang in CORE if (kind, lang) in scores]
    return sum(values) / len(values) if values else None


def distractor_confusion(items: Sequence[Item], codes: Sequence[str]) -> float:
    """How often a distractor-language text is read as one of the core languages."""
    pairs = [
        (i, c) for i, c in zip(items, codes, strict=True) if i.group == "distractor"
    ]
    return sum(c in CORE for _, c in pairs) / len(pairs) if pairs else 0.0


ArticleRow = tuple[str, int, float, float]


def article_rates(news: Path, strategies: Sequence[BackendName]) -> list[ArticleRow]:
    """(strategy, prefix chars, articles/s, share read as English) on BBC articles."""
    path = news / "bbc_dev.jsonl" if news.is_dir() else news
    articles = [json.loads(line) for line in path.open(encoding="utf-8")]
    rows: list[ArticleRow] = []
    for name in strategies:
        strategy = build_strategy(name)
        for prefix in ARTICLE_PREFIXES:
            detector = LanguageDetector(strategy, max_chars=prefix)
            started = time.perf_counter()
            codes = [detector.detect(a.get("title"), a["text"]).code for a in articles]
            rate = len(articles) / (time.perf_counter() - started)
            rows.append(
                (name, prefix, rate, sum(c == "en" for c in codes) / len(codes))
            )
            print(f"  articles: {name} prefix {prefix}: {rate:.0f}/s", file=sys.stderr)
    return rows


def _fmt(value: float | None) -> str:
    return "-" if value is None else f"{value:.4f}"


def print_report(
    items: Sequence[Item],
    runs: list[Run],
    articles: list[ArticleRow],
) -> None:
    """All tables, Markdown."""
    print("### Macro accuracy over the 11 core languages (raw decision, no und)\n")
    print(
        "| strategy | sentences | word pairs | single words | distractor→core | "
        "sentences/s |"
    )
    print("|---|---|---|---|---|---|")
    for run in runs:
        codes = [code for code, _ in run.answers]
        scores = accuracy(items, codes)
        print(
            f"| {run.name} | "
            + " | ".join(_fmt(macro(scores, k)) for k in KINDS)
            + f" | {distractor_confusion(items, codes):.3f} | {run.sentence_rate:.0f} |"
        )
    best = runs[-1]
    scores = accuracy(items, [code for code, _ in best.answers])
    print(f"\n### Per language: {best.name}\n")
    print("| language | " + " | ".join(KINDS) + " |")
    print("|---|---|---|---|")
    for lang in CORE:
        print(
            f"| {lang} | "
            + " | ".join(_fmt(scores.get((k, lang))) for k in KINDS)
            + " |"
        )
    print(
        f'\n### The "und" threshold ({best.name}): accuracy counting und as wrong / '
        "und rate\n"
    )
    print("| min confidence | " + " | ".join(KINDS) + " |")
    print("|---|---|---|---|")
    for threshold in UND_THRESHOLDS:
        cells = []
        for kind in KINDS:
            kept = [
                (i, c if p >= threshold else "und")
                for i, (c, p) in zip(items, best.answers, strict=True)
                if i.kind == kind
            ]
            score = macro(accuracy([i for i, _ in kept], [c for _, c in kept]), kind)
            und = sum(c == "und" for _, c in kept) / len(kept)
            cells.append(f"{_fmt(score)} / {und:.3f}")
        print(f"| {threshold} | " + " | ".join(cells) + " |")
    if articles:
        print("\n### Whole news articles (BBC, English), title + body, one core\n")
        print("| strategy | prefix read (chars) | articles/s | detected as en |")
        print("|---|---|---|---|")
        for name, prefix, rate, share in articles:
            print(f"| {name} | {prefix} | {rate:.0f} | {share:.4f} |")


def main(argv: Sequence[str] | None = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--data",
        type=Path,
        required=True,
        help="langid_leipzig_lingua folder or its csv",
    )
    parser.add_argument("--news", type=Path, help="news_bbc_2004_2005 folder or jsonl")
    parser.add_argument(
        "--strategies", nargs="+", default=list(STRATEGIES), choices=STRATEGIES
    )
    parser.add_argument(
        "--limit", type=int, help="every Nth item only, for a quick look"
    )
    args = parser.parse_args(argv)
    items = load_items(args.data)
    if args.limit:
        items = items[:: max(1, len(items) // args.limit)]
    print(f"{len(items)} items; defaults: {LanguageSettings()}", file=sys.stderr)
    runs = [run_strategy(name, items) for name in args.strategies]
    articles = article_rates(args.news, args.strategies) if args.news else []
    print_report(items, runs, articles)
    return 0


if __name__ == "__main__":
    sys.exit(main())
