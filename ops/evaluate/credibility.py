"""Coverage of the credibility stage, agreement between rating datasets, throughput.

    python -m ops.evaluate.credibility --data ../shared/data

Prints Markdown: per article set, the share of articles whose publisher has at
least one rating and the share with cited sources found; per pair of datasets,
how their 0..1 values agree on the domains both rate; articles/s in-process.
"""

import argparse
import csv
import json
import statistics
import sys
from collections.abc import Iterator, Sequence
from itertools import combinations
from pathlib import Path

from ops.evaluate.timing import median_rate
from topics.article import ArticleBilateral
from workers.credibility.assess import CredibilityAssessor
from workers.credibility.outlets import load_outlets
from workers.credibility.ratings import (
    DISAGREEMENT_MARGIN,
    RatingIndex,
    RatingSources,
    load_lin2023,
    load_mbfc,
    load_opensources,
)

Article = tuple[str | None, str | None, str]  # url, source, text


def rating_sources(data: Path) -> RatingSources:
    """The DEV copies of the three datasets."""
    return RatingSources(
        data / "cred_lin2023_domain_ratings" / "domain_ratings_dev.csv",
        (
            data / "cred_baly_mbfc" / "emnlp18_corpus_dev.tsv",
            data / "cred_baly_mbfc" / "acl2020_corpus_dev.tsv",
        ),
        data / "cred_opensources" / "opensources_dev.csv",
    )


def article_sets(data: Path) -> dict[str, list[Article]]:
    """(url, source, text) per article of each set that has articles or URLs."""

    def jsonl(path: Path) -> Iterator[dict[str, str]]:
        with path.open(encoding="utf-8") as handle:
            yield from (json.loads(line) for line in handle)

    sets: dict[str, list[Article]] = {
        "news_bbc_2004_2005": [
            (None, a.get("source"), a["text"])
            for a in jsonl(data / "news_bbc_2004_2005" / "bbc_dev.jsonl")
        ],
        "news_fakenewscorpus_sample": [
            (a.get("url"), a.get("domain"), a.get("content") or "")
            for a in jsonl(
                data / "news_fakenewscorpus_sample" / "news_sample_dev.jsonl"
            )
        ],
        "news_ja_wikinews": [
            (None, a.get("source"), a["text"])
            for a in jsonl(data / "news_ja_wikinews" / "ja_wikinews_dev.jsonl")
        ],
    }
    with (data / "rel_gdelt_events_sample" / "gdelt_events_dev.tsv").open(
        encoding="utf-8"
    ) as handle:
        urls = [
            row["SOURCEURL"]
            for row in csv.DictReader(handle, delimiter="\t")
            if row.get("SOURCEURL")
        ]
    sets["rel_gdelt_events_sample (URLs only)"] = [(url, None, "") for url in urls]
    return sets


def coverage(
    assessor: CredibilityAssessor, articles: list[Article]
) -> tuple[float, float]:
    """(share with a rated publisher, share of texts with a cited source found)."""
    results = [assessor.assess(url, source, text) for url, source, text in articles]
    rated = sum(bool(r.publisher.ratings) for r in results) / len(results)
    with_text = [r for r, (_, _, text) in zip(results, articles, strict=True) if text]
    cited = (
        sum(bool(r.cited_sources) for r in with_text) / len(with_text)
        if with_text
        else 0.0
    )
    return rated, cited


def agreement(
    sources: RatingSources,
) -> list[tuple[str, str, int, float | None, float]]:
    """(dataset a, dataset b, shared domains, Pearson r, share within the margin)."""
    per_dataset: dict[str, dict[str, float]] = {}
    loaded = [load_lin2023(sources.lin2023)] if sources.lin2023 else []
    loaded += [load_mbfc(p) for p in sources.mbfc]
    loaded += [load_opensources(sources.opensources)] if sources.opensources else []
    for ratings in loaded:
        for domain, rating in ratings:
            if rating.normalized is not None:
                per_dataset.setdefault(rating.dataset, {})[domain] = rating.normalized
    rows = []
    for a, b in combinations(sorted(per_dataset), 2):
        shared = sorted(set(per_dataset[a]) & set(per_dataset[b]))
        xs = [per_dataset[a][d] for d in shared]
        ys = [per_dataset[b][d] for d in shared]
        r = (
            statistics.correlation(xs, ys)
            if len(shared) > 2 and len(set(xs)) > 1 and len(set(ys)) > 1
            else None
        )
        within = (
            sum(abs(x - y) <= DISAGREEMENT_MARGIN for x, y in zip(xs, ys, strict=True))
            / len(shared)
            if shared
            else 0.0
        )
        rows.append((a, b, len(shared), r, within))
    return rows


def throughput(assessor: CredibilityAssessor, data: Path, rounds: int = 3) -> float:
    """Articles/s through the whole stage (validation included), BBC articles."""
    path = data / "news_bbc_2004_2005" / "bbc_dev.jsonl"
    with path.open(encoding="utf-8") as handle:
        articles = [
            ArticleBilateral.model_validate(
                {
                    **json.loads(line),
                    "language": {"code": "en", "confidence": 1.0, "detector": "bench"},
                    "entities": [],
                    "bilateral": [],
                }
            )
            for line in handle
        ]
    return median_rate(assessor, articles, rounds)


def main(argv: Sequence[str] | None = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--data", type=Path, required=True, help="the shared data folder"
    )
    args = parser.parse_args(argv)
    sources = rating_sources(args.data)
    ratings = RatingIndex(sources)
    assessor = CredibilityAssessor(load_outlets(), ratings)
    print(f"{len(ratings)} rated domains loaded", file=sys.stderr)
    print("### Coverage\n\n| articles | n | publisher rated | cited source found |")
    print("|---|---|---|---|")
    for name, articles in article_sets(args.data).items():
        rated, cited = coverage(assessor, articles)
        print(
            f"| {name} | {len(articles)} | {rated:.3f} | {cited:.3f} |"
            if any(t for _, _, t in articles)
            else f"| {name} | {len(articles)} | {rated:.3f} | - |"
        )
    print("\n### Agreement on shared domains (normalized 0..1 values)\n")
    margin = DISAGREEMENT_MARGIN
    print(f"| dataset A | dataset B | shared domains | Pearson r | within {margin} |")
    print("|---|---|---|---|---|")
    for a, b, n, r, within in agreement(sources):
        print(
            f"| {a} | {b} | {n} | {'-' if r is None else f'{r:.3f}'} | {within:.3f} |"
        )
    rate = throughput(assessor, args.data)
    print(
        f"\n### Throughput\n\n{rate:,.0f} articles/s in-process, one core "
        "(BBC articles, median of 3 rounds)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
