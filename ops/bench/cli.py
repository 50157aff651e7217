"""The bench's options; light to import, for `newsenrich --help`."""

import argparse
from pathlib import Path


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The bench's options, shared by `newsenrich bench` and `python -m ops.bench`."""
    parser.add_argument(
        "--articles", type=int, default=1000, help="BBC articles (+ the sample)"
    )
    parser.add_argument(
        "--entities-articles",
        type=int,
        default=150,
        help="of those, for the spaCy stage",
    )
    parser.add_argument(
        "--rounds", type=int, default=3, help="timed rounds per figure (median)"
    )
    parser.add_argument("--e2e-seconds", type=float, default=60.0)
    parser.add_argument(
        "--json",
        type=Path,
        default=None,
        help="write the report here (docs/bench.json)",
    )
    parser.add_argument(
        "--dashboard",
        type=Path,
        default=None,
        help="draw the dashboard of the end-to-end run (needs prometheus)",
    )
