"""Derive the bilateral stage's verb table from PETRARCH2's CAMEO dictionary.

    python -m ops.lexicon.derive_cameo ../shared/data/lex_petrarch2

Writes `workers/bilateral/data/cameo_verbs.tsv`, two kinds of rows: `verb` rows
(lemma, block, default CAMEO code or empty) and `pattern` rows (block, object words,
code), so a block's patterns are stored once for all its synonyms, as PETRARCH reads
them. The dictionary is MIT-licensed; the table ships with its notice.

Reading of the dictionary (its own header documents the format):
- `--- VERB [code] ---` opens a block; lines below are the block's verbs, each with
  an optional code of its own and irregular forms in braces.
- `- <before> * <after> [code] # VERB` is a pattern: `*` is the verb, the words
  after it an object or complement that picks a more specific code.
- A verb with no code of its own and a block without one (`[---]`) takes the root
  most of its own patterns share, when at least half of them (two or more) do;
  otherwise it codes only with an object pattern.
"""

import argparse
import re
import sys
from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path

OUTPUT = Path(__file__).resolve().parents[2] / "workers/bilateral/data/cameo_verbs.tsv"
MAX_CLASS = 40  # larger synonym sets (currencies, towns) say nothing about events
MAX_WORDS = 3  # longer object patterns are too specific to be worth the rows

_BLOCK = re.compile(r"^---\s+(\S+)\s+\[([^\]]*)\]")
_CODE = re.compile(r"\[([^\]]*)\]")
_WORD = re.compile(r"^[A-Z][A-Z'-]*$")


def _code(raw: str) -> str | None:
    """`042:043` is source:target coding; the source side names the act."""
    for part in raw.split(":"):
        part = part.strip()
        if part.isdigit():
            return part
    return None


def _classes(lines: Sequence[str]) -> dict[str, list[str]]:
    classes: dict[str, list[str]] = {}
    current: list[str] | None = None
    for line in lines:
        if line.startswith("####### VERB PATTERNS"):
            break
        if line.startswith("&"):
            current = classes.setdefault(line.split()[0], [])
        elif line.startswith("+") and current is not None:
            current.append(line[1:].split("#")[0].strip().replace("_", " ").lower())
        elif not line.strip():
            current = None
    return classes


def _object_words(after: str, classes: dict[str, list[str]]) -> list[tuple[str, ...]]:
    """The words after `*`, one tuple per synonym-set expansion."""
    options: list[list[str]] = [[]]
    for token in re.sub(r"[(){}]", " ", after).split():
        if token.startswith("&"):
            members = classes.get(token.rstrip("_"), classes.get(token, []))
            if not members or len(members) > MAX_CLASS:
                return []
            options = [[*o, m] for o in options for m in members]
        elif _WORD.match(token):
            options = [[*o, token.lower()] for o in options]
    return [tuple(o) for o in options if 0 < len(" ".join(o).split()) <= MAX_WORDS]


def _verb(line: str) -> tuple[str, str | None] | None:
    body = line.split("#")[0]
    code_match = _CODE.search(body)
    body = re.sub(r"\{[^}]*\}|\[[^\]]*\]", " ", body).strip()
    if not body or body.startswith(("-", "&")):
        return None
    lemma = body.lstrip("+").split()[0].rstrip("_").replace("_", " ").lower()
    return lemma, _code(code_match.group(1)) if code_match else None


Row = tuple[str, str, str, str]


def derive(lines: Sequence[str]) -> list[Row]:
    """`verb` and `pattern` rows (see the module docstring), in file order."""
    classes = _classes(lines)
    rows: list[Row] = []
    start = next(i for i, line in enumerate(lines) if line.startswith("####### VERB"))
    block: list[str] = []
    for line in [*lines[start:], "---  END   [---]  ---"]:
        if _BLOCK.match(line):
            rows.extend(dict.fromkeys(_block_rows(block, classes)))
            block = []
        block.append(line)
    return rows


def _block_rows(block: Sequence[str], classes: dict[str, list[str]]) -> Iterable[Row]:
    header = _BLOCK.match(block[0]) if block else None
    if header is None:
        return
    name = header.group(1).lower()
    block_code = _code(header.group(2))
    verbs: dict[str, str | None] = {}
    patterns: list[tuple[str, tuple[str, ...], str]] = []
    for line in block[1:]:
        if line.startswith("-"):
            pattern = _pattern(line, classes)
            patterns.extend(pattern)
        elif line.strip() and not line.startswith("#"):
            verb = _verb(line)
            if verb is not None:
                verbs[verb[0]] = verb[1] or block_code
    for lemma, code in verbs.items():
        code = code or _majority([c for v, _, c in patterns if v == lemma])
        yield "verb", lemma, name, code or ""
    for _, words, pattern_code in patterns:
        yield "pattern", name, " ".join(words), pattern_code


def _pattern(
    line: str, classes: dict[str, list[str]]
) -> list[tuple[str, tuple[str, ...], str]]:
    body, _, comment = line.partition("#")
    code_match = _CODE.search(body)
    code = _code(code_match.group(1)) if code_match else None
    if code is None or "*" not in body:
        return []
    after = body[body.index("*") + 1 : code_match.start() if code_match else None]
    verb = comment.strip().split()[0].lower() if comment.strip() else ""
    return [(verb, words, code) for words in _object_words(after, classes)]


def _majority(codes: list[str]) -> str | None:
    roots = Counter(code[:2] for code in codes)
    if not roots:
        return None
    root, count = roots.most_common(1)[0]
    return root + "0" if count >= 2 and count * 2 >= len(codes) else None


def write(rows: Iterable[Row], notice: str, output: Path) -> int:
    """The table, the dictionary's licence notice at its head; returns its rows."""
    rows = list(rows)
    header = [
        "# Derived from PETRARCH2's CAMEO verb dictionary (CAMEO.2.0.txt,",
        "# openeventdata/petrarch2) by ops/lexicon/derive_cameo.py.",
        "# verb <TAB> lemma <TAB> block <TAB> default CAMEO code (empty: none)",
        "# pattern <TAB> block <TAB> object words <TAB> CAMEO code",
        "#",
        *(f"# {line}".rstrip() for line in notice.strip().splitlines()),
    ]
    body = ["\t".join(row) for row in rows]
    output.write_text("\n".join([*header, *body]) + "\n", encoding="utf-8")
    return len(rows)


def main(argv: Sequence[str] | None = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("dictionaries", type=Path, help="the lex_petrarch2 folder")
    parser.add_argument("--output", type=Path, default=OUTPUT)
    args = parser.parse_args(argv)
    source = args.dictionaries / "CAMEO.2.0.txt"
    if not source.is_file():
        print(f"derive_cameo: no {source}", file=sys.stderr)
        return 2
    lines = source.read_text(encoding="utf-8", errors="replace").splitlines()
    notice = (args.dictionaries / "LICENSE").read_text(encoding="utf-8")
    count = write(derive(lines), notice, args.output)
    print(f"{count} rows written to {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
