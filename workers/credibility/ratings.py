"""Outlet ratings from published datasets, each kept with its provenance.

The datasets disagree, so no single score is made up: each rating keeps its
dataset, original value, scale and date, plus a 0..1 value (1 best) for comparing.
None of the files ships with the project; their paths come from settings.
"""

import csv
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from topics.article import Rating
from workers.runtime.errors import RatingsError

# Ratings whose 0..1 values differ by more than this are flagged as disagreeing.
DISAGREEMENT_MARGIN = 0.4

LIN2023 = "lin2023"
LIN2023_SCALE = "pc1, aggregate domain quality: 0 lowest to 1 highest"
MBFC_SCALE = "MBFC factual reporting: high, mixed, low"
MBFC_FACT = {
    "very high": 1.0,
    "high": 0.9,
    "mostly factual": 0.7,
    "mixed": 0.5,
    "low": 0.2,
    "very low": 0.0,
}
OPENSOURCES = "opensources"
OPENSOURCES_SCALE = "OpenSources.co label of the domain"
# A reading of OpenSources' label definitions as reliability; "unknown" is no rating.
OPENSOURCES_LABELS = {
    "reliable": 1.0,
    "political": 0.6,
    "bias": 0.4,
    "clickbait": 0.3,
    "satire": 0.3,
    "rumor": 0.2,
    "unreliable": 0.2,
    "state": 0.2,
    "junksci": 0.1,
    "conspiracy": 0.0,
    "fake": 0.0,
    "hate": 0.0,
}


def normalize_domain(value: str) -> str:
    """Lower case, no scheme, no path, no leading www."""
    host = value.strip().lower().split("://", 1)[-1].split("/", 1)[0]
    return host.removeprefix("www.")


def _rows(path: Path, delimiter: str, required: set[str]) -> Iterator[dict[str, str]]:
    if not path.is_file():
        raise RatingsError(f"ratings file not found: {path}")
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle, delimiter=delimiter)
        missing = required - set(reader.fieldnames or ())
        if missing:
            raise RatingsError(
                f"{path}: missing column(s) {', '.join(sorted(missing))}"
            )
        yield from reader


def load_lin2023(path: Path) -> Iterator[tuple[str, Rating]]:
    """Lin et al. 2023 domain ratings: `domain,pc1,...`."""
    for row in _rows(path, ",", {"domain", "pc1"}):
        score = float(row["pc1"])
        yield (
            normalize_domain(row["domain"]),
            Rating(
                dataset=LIN2023,
                value=row["pc1"],
                scale=LIN2023_SCALE,
                normalized=round(min(max(score, 0.0), 1.0), 4),
                date="2023",
            ),
        )


def load_mbfc(path: Path) -> Iterator[tuple[str, Rating]]:
    """MBFC labels as in the Baly et al. corpus (`source_url,…,fact,bias`)."""
    dataset = f"mbfc-{path.stem.split('_')[0]}"  # emnlp18 / acl2020 snapshot
    date = {"mbfc-emnlp18": "2018", "mbfc-acl2020": "2020"}.get(dataset)
    for row in _rows(path, "\t", {"source_url", "fact", "bias"}):
        fact = row["fact"].strip().lower()
        yield (
            normalize_domain(row["source_url"]),
            Rating(
                dataset=dataset,
                value=f"fact={fact}; bias={row['bias'].strip()}",
                scale=MBFC_SCALE,
                normalized=MBFC_FACT.get(fact),
                date=date,
            ),
        )


def load_opensources(path: Path) -> Iterator[tuple[str, Rating]]:
    """OpenSources labels: `url,type,2nd_type,3rd_type,...`."""
    for row in _rows(path, ",", {"url", "type"}):
        labels = [
            row.get(c, "").strip().lower() for c in ("type", "2nd_type", "3rd_type")
        ]
        labels = [label for label in labels if label]
        known = [
            OPENSOURCES_LABELS[label] for label in labels if label in OPENSOURCES_LABELS
        ]
        if not labels or labels == ["unknown"]:
            continue
        yield (
            normalize_domain(row["url"]),
            Rating(
                dataset=OPENSOURCES,
                value=", ".join(labels),
                scale=OPENSOURCES_SCALE,
                normalized=min(known) if known else None,
                date="2017",
            ),
        )


@dataclass(frozen=True)
class RatingSources:
    """Where each dataset's file is; any may be absent."""

    lin2023: Path | None = None
    mbfc: tuple[Path, ...] = ()
    opensources: Path | None = None


class RatingIndex:
    """Every rating by domain, from the configured files."""

    def __init__(self, sources: RatingSources) -> None:
        self._by_domain: dict[str, list[Rating]] = defaultdict(list)
        loaded = []
        if sources.lin2023:
            loaded.append(load_lin2023(sources.lin2023))
        loaded.extend(load_mbfc(path) for path in sources.mbfc)
        if sources.opensources:
            loaded.append(load_opensources(sources.opensources))
        for ratings in loaded:
            for domain, rating in ratings:
                self._by_domain[domain].append(rating)

    def __len__(self) -> int:
        return len(self._by_domain)

    def domains(self) -> set[str]:
        """Every rated domain."""
        return set(self._by_domain)

    def lookup(self, *hosts: str | None) -> list[Rating]:
        """Ratings of the first host that has any (most specific first)."""
        for host in hosts:
            if host and (found := self._by_domain.get(normalize_domain(host))):
                return list(found)
        return []


def disagree(ratings: list[Rating]) -> bool:
    """True when two ratings' 0..1 values are further apart than the margin."""
    values = [r.normalized for r in ratings if r.normalized is not None]
    return len(values) > 1 and max(values) - min(values) > DISAGREEMENT_MARGIN
