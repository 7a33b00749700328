"""Dump parse_figures output for every sentence of the corpora, or compare two dumps: a check that
a change to the parser changes nothing it reads. Prints figures; asserts nothing.

    .venv/bin/python bench/parse_same.py dump OUT.jsonl
    .venv/bin/python bench/parse_same.py diff BEFORE.jsonl AFTER.jsonl

``dump`` reads the BBC corpus and multinews_dev (``../shared/benchmarks``, or FACTCHECK_SHARED), the
seed articles in sources/, the labelled samples (bench/data/parse_sample.jsonl,
parse_heldout.jsonl) and 100,000 random strings of figures and the words around them, splits each article with ``factcheck.extract.sentences.split`` and writes one
line per sentence: where it is, and every field of every Quantity and Rejected that
``parse_figures`` returns for it (floats as ``repr``, so equal means bit-for-bit equal). To dump
another version of the parser, put its package first on the path:
``PYTHONPATH=/tmp/old .venv/bin/python bench/parse_same.py dump before.jsonl``.
``diff`` prints the sentences, figures and rejections compared, and every sentence that differs.
"""

from __future__ import annotations

import argparse
import json
import os
import random
from collections.abc import Iterator
from dataclasses import fields
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("FACTCHECK_SHARED", ROOT.parent / "shared"))
CORPORA = {
    "bbc": SHARED / "benchmarks" / "bbc_news" / "bbc_articles.jsonl",
    "multinews": SHARED / "benchmarks" / "multinews_dev" / "articles.jsonl",
}
SAMPLES = [ROOT / "bench" / "data" / "parse_sample.jsonl", ROOT / "bench" / "data" / "parse_heldout.jsonl"]


def _sentences() -> Iterator[tuple[str, str]]:
    """(where, sentence) for every sentence of every corpus, then the labelled samples' texts."""
    from factcheck.extract.sentences import split

    for name, path in CORPORA.items():
        if not path.exists():
            print(f"missing, skipped: {path}")
            continue
        for n, line in enumerate(path.open(encoding="utf-8"), 1):
            text = json.loads(line)["text"]
            for s, e in split(text):
                yield f"{name}:{n}:{s}", text[s:e]
    for path in sorted((ROOT / "sources").glob("*.txt")):
        text = path.read_text(encoding="utf-8", errors="replace")
        for s, e in split(text):
            yield f"sources/{path.name}:{s}", text[s:e]
    bbc: dict[str, str] = {}
    if CORPORA["bbc"].exists():
        bbc = {a["id"]: a["text"] for a in map(json.loads, CORPORA["bbc"].open(encoding="utf-8"))}
    for path in SAMPLES:
        for n, line in enumerate(path.open(encoding="utf-8"), 1):
            if line.startswith("#") or not line.strip():
                continue
            row = json.loads(line)
            if "text" in row:
                yield f"{path.name}:{n}", row["text"]
            elif row["article"] in bbc:
                yield f"{path.name}:{n}", bbc[row["article"]][row["start"]:row["end"]]
    yield from _soup()


# the pieces of figures and of the words around them, as in tests/test_quantities.py's soup
_TOKENS = ["0", "1", "2", "5", "9", "10", "12", "18", "2017", "1950", "1800", "737", ",", ".", "$",
           "US$", "£", "€", "%", "+", "-", "–", "?", " ", " ", " ", " ", "m", "bn", "k", "p", "s",
           "th", "'s", "’s", "C", "km", " miles", " tonnes", " million", " billion", " per cent",
           " percentage points", " times", "fold", " a barrel", " cents", " between ", " and ",
           " to ", "about ", "over ", "up to ", "minus ", "more than ", "one", "two", "twenty-",
           "seven", "third", "seventh", "quarter", " hundred", "a ", "dozen", "dozens of ",
           "half ", "thousands", " people", " workers", " of ", "the ", " win", " favourite",
           "July ", "#", ":", "/", "B", "x", "The ", "In ", "\n"]


def _soup(n: int = 100_000) -> Iterator[tuple[str, str]]:
    """``n`` strings of those pieces, always the same (a fixed seed)."""
    rng = random.Random(24)
    for i in range(n):
        yield f"soup:{i}", "".join(rng.choices(_TOKENS, k=rng.randint(1, 25)))


def _fields(obj: Any) -> list[str]:
    return [repr(getattr(obj, f.name)) for f in fields(obj)]


def dump(out: Path) -> None:
    from factcheck.extract import quantities
    from factcheck.extract.quantities import parse_figures

    print(f"parser: {Path(quantities.__file__).parent}")
    sentences = figures = rejected = 0
    with out.open("w", encoding="utf-8") as f:
        for where, sentence in _sentences():
            qs, rs = parse_figures(sentence)
            sentences, figures, rejected = sentences + 1, figures + len(qs), rejected + len(rs)
            row = [where, [_fields(q) for q in qs], [_fields(r) for r in rs]]
            f.write(json.dumps(row, ensure_ascii=False) + "\n")
    print(f"{sentences} sentences, {figures} figures, {rejected} rejected -> {out}")


def diff(before: Path, after: Path) -> None:
    a = before.read_text(encoding="utf-8").splitlines()
    b = after.read_text(encoding="utf-8").splitlines()
    rows = [json.loads(x) for x in a]
    print(f"sentences {len(a)} before, {len(b)} after; figures {sum(len(r[1]) for r in rows)}, "
          f"rejected {sum(len(r[2]) for r in rows)} before")
    differ = [(x, y) for x, y in zip(a, b, strict=False) if x != y]
    for x, y in differ[:50]:
        print("BEFORE", x, "\nAFTER ", y)
    print(f"{len(differ)} sentences differ" + ("" if len(a) == len(b) else " (and the counts)"))


def main() -> None:
    ap = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    d = sub.add_parser("dump")
    d.add_argument("out", type=Path)
    c = sub.add_parser("diff")
    c.add_argument("before", type=Path)
    c.add_argument("after", type=Path)
    args = ap.parse_args()
    if args.cmd == "dump":
        dump(args.out)
    else:
        diff(args.before, args.after)


if __name__ == "__main__":
    main()
