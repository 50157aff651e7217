"""Benchmark the entities and bilateral stages on a mix of languages, in-process.

    python -m ops.bench.languages --data ../shared/data --per-language 40

Articles in English (BBC), Japanese (Wikinews), Spanish (EFE, the bilateral
gold's texts: research use, read here, never shipped), Russian and French (Leipzig
news sentences, ten to an article). Each stage runs as its worker runs it, on one
core: the entities stage in batches of 32 (`EntityTagger.batch`), the bilateral
stage article by article on what the entities stage gave. Rates are medians of
three rounds over the shuffled mix and over each language alone; the memory each
bilateral parser adds is the process's resident growth as it loads, in load order.
"""

import argparse
import csv
import random
import sys
from collections.abc import Sequence
from itertools import islice
from pathlib import Path

from ops.evaluate.bilateral_data import _jsonl
from ops.evaluate.timing import median_rate
from topics.article import ArticleEntities, ArticleLanguage, Language
from workers.bilateral.parse import SentenceParser
from workers.bilateral.relate import RelationFinder
from workers.entities.models import DEFAULT_MODELS, ModelRegistry
from workers.entities.tag import EntityTagger
from workers.geo import load_gazetteer
from workers.runtime.memory import memory_mb

BATCH = 32  # the entities worker's batch
SENTENCES_PER_ARTICLE = 10
ROUNDS = 3


def _leipzig(path: Path, language: str, count: int) -> list[str]:
    """Articles of ten news sentences each from the language-ID set."""
    with path.open(encoding="utf-8", newline="") as rows:
        sentences = [
            row["text"]
            for row in csv.DictReader(rows)
            if row["lang"] == language and row["kind"] == "sentence"
        ]
    step = SENTENCES_PER_ARTICLE
    return [" ".join(sentences[i : i + step]) for i in range(0, step * count, step)]


# Articles as JSON lines, by language: the file under the data folder.
JSONL_ARTICLES = {
    "en": "news_bbc_2004_2005/bbc_dev.jsonl",
    "ja": "news_ja_wikinews/ja_wikinews_dev.jsonl",
    "es": "rel_es_bilateral/es_bilateral_dev_articles.jsonl",
}
LEIPZIG_LANGUAGES = ("ru", "fr")


def load_mix(data: Path, per_language: int) -> dict[str, list[str]]:
    """Article texts per language, `per_language` of each."""
    texts = {
        language: [str(a["text"]) for a in islice(_jsonl(data / path), per_language)]
        for language, path in JSONL_ARTICLES.items()
    }
    leipzig = data / "langid_leipzig_lingua" / "langid_dev.csv"
    for language in LEIPZIG_LANGUAGES:
        texts[language] = _leipzig(leipzig, language, per_language)
    return {language: [t for t in found if t] for language, found in texts.items()}


def _rates(
    tagger: EntityTagger, finder: RelationFinder, articles: list[ArticleLanguage]
) -> tuple[float, float]:
    """Articles/s of the entities stage (in the worker's batches), then of the
    bilateral stage (article by article, on what the entities stage gave)."""
    enriched: list[ArticleEntities] = tagger.batch(articles)
    batches = [articles[i : i + BATCH] for i in range(0, len(articles), BATCH)]
    per_batch = len(articles) / len(batches)
    entities = median_rate(tagger.batch, batches, ROUNDS) * per_batch
    return entities, median_rate(finder, enriched, ROUNDS)


def parser_memory(parser: SentenceParser, languages: Sequence[str]) -> dict[str, float]:
    """Resident MB each language's bilateral parser adds as it loads (Japanese
    has none: its parse comes from the entities stage)."""
    added = {}
    for language in languages:
        before = memory_mb("self", "VmRSS")
        parser.parse(["Loading."], language)  # a pipeline loads on first use
        added[language] = memory_mb("self", "VmRSS") - before
    return added


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, required=True, help="../shared/data")
    parser.add_argument("--per-language", type=int, default=40)
    args = parser.parse_args(argv)
    if not args.data.is_dir():
        parser.error(f"{args.data} is not a folder")
    texts = load_mix(args.data, args.per_language)
    articles = {
        language: [
            ArticleLanguage(
                id=f"{language}-{i}",
                text=text,
                language=Language(code=language, confidence=1.0, detector="bench"),
            )
            for i, text in enumerate(found)
        ]
        for language, found in texts.items()
    }
    print("loading the entities stage's models…", file=sys.stderr, flush=True)
    tagger = EntityTagger(ModelRegistry(DEFAULT_MODELS), load_gazetteer())
    tagger.models.preload()
    sentence_parser = SentenceParser()
    finder = RelationFinder(sentence_parser)
    print("loading the bilateral stage's parsers…", file=sys.stderr, flush=True)
    memory = parser_memory(sentence_parser, list(articles))
    mix = [a for found in articles.values() for a in found]
    random.Random(0).shuffle(mix)  # noqa: S311 - a fixed order, not a secret
    print("timing…", file=sys.stderr, flush=True)
    rows: list[tuple[str, int, float, float]] = []
    for language, found in [*articles.items(), ("mix", mix)]:
        rows.append((language, len(found), *_rates(tagger, finder, found)))
        print(f"  {language}: done", file=sys.stderr, flush=True)
    print("| language | articles | entities art/s | bilateral art/s | ratio |")
    print("|---|---|---|---|---|")
    for language, count, entities_rate, bilateral_rate in rows:
        print(
            f"| {language} | {count} | {entities_rate:,.1f} | {bilateral_rate:,.1f} "
            f"| {bilateral_rate / entities_rate:,.1f}× |"
        )
    print("\n| bilateral parser | resident MB added on load |")
    print("|---|---|")
    for language, added in memory.items():
        print(f"| {language} | {added:,.0f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
