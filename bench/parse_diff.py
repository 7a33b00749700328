"""Dump or compare every figure the parser reads in the BBC corpus. Prints figures; asserts nothing.

    .venv/bin/python bench/parse_diff.py dump OUT.jsonl [--corpus PATH]
    .venv/bin/python bench/parse_diff.py diff BEFORE.jsonl AFTER.jsonl

``dump`` splits each article with ``factcheck.extract.sentences.split`` and writes one line per
figure: article id, sentence offset, span, text, kind, unit, value, low, high, qualifier.
``diff`` counts figures kept, lost, changed and added, by kind, and prints each lost or
changed figure with its sentence, so every change can be explained.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("FACTCHECK_SHARED", ROOT.parent / "shared"))
CORPUS = SHARED / "benchmarks" / "bbc_news" / "bbc_articles.jsonl"


def dump(corpus: Path, out: Path) -> None:
    from factcheck.extract.quantities import parse_quantities
    from factcheck.extract.sentences import split

    n = 0
    with out.open("w", encoding="utf-8") as f:
        for line in corpus.open(encoding="utf-8"):
            art = json.loads(line)
            text = art["text"]
            for s, e in split(text):
                for q in parse_quantities(text[s:e]):
                    row = {"id": art["id"], "s": s, "start": s + q.start, "end": s + q.end,
                           "text": q.text, "kind": q.kind, "unit": q.unit, "value": q.value,
                           "low": q.low, "high": None if math.isinf(q.high) else q.high,
                           "qualifier": q.qualifier}
                    f.write(json.dumps(row, ensure_ascii=False) + "\n")
                    n += 1
    print(f"{n} figures -> {out}")


def _load(path: Path) -> dict[tuple[str, int, int], dict[str, object]]:
    rows = (json.loads(x) for x in path.open(encoding="utf-8"))
    return {(r["id"], r["start"], r["end"]): r for r in rows}


def _same(a: dict[str, object], b: dict[str, object]) -> bool:
    return all(a[k] == b[k] for k in ("kind", "unit", "value", "low", "high", "qualifier"))


def diff(before: Path, after: Path) -> None:
    a, b = _load(before), _load(after)
    kept = [k for k in a if k in b and _same(a[k], b[k])]
    changed = [k for k in a if k in b and not _same(a[k], b[k])]
    gone = [k for k in a if k not in b]
    added = [k for k in b if k not in a]
    print(f"before {len(a)}, after {len(b)}: kept {len(kept)}, changed {len(changed)}, "
          f"lost or respanned {len(gone)}, added {len(added)}")
    moves = Counter(f"{a[k]['kind']}:{a[k]['unit']} -> {b[k]['kind']}:{b[k]['unit']}"
                    for k in changed)
    print("changed, by kind:unit:", dict(moves.most_common()))
    print("added, by kind:", dict(Counter(str(b[k]["kind"]) for k in added).most_common()))
    for k in changed:
        print("CHANGED", k[0], json.dumps(a[k]["text"]), _fmt(a[k]), "->", _fmt(b[k]))
    for k in gone:
        near = [b[j] for j in b if j[0] == k[0] and j[1] < k[2] and k[1] < j[2]]
        print("LOST", k[0], json.dumps(a[k]["text"]), _fmt(a[k]), "now:",
              "; ".join(f"{json.dumps(r['text'])} {_fmt(r)}" for r in near) or "-")


def _fmt(r: dict[str, object]) -> str:
    return f"{r['kind']}:{r['unit']} {r['value']:g} [{r['low']:g}, {r['high']}] {r['qualifier']}"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    d = sub.add_parser("dump")
    d.add_argument("out", type=Path)
    d.add_argument("--corpus", type=Path, default=CORPUS)
    c = sub.add_parser("diff")
    c.add_argument("before", type=Path)
    c.add_argument("after", type=Path)
    args = ap.parse_args()
    if args.cmd == "dump":
        if not args.corpus.exists():
            sys.exit(f"corpus not found: {args.corpus} (set FACTCHECK_SHARED)")
        dump(args.corpus, args.out)
    else:
        diff(args.before, args.after)


if __name__ == "__main__":
    main()
