"""Validate bench/data/stories_labels.jsonl, the hand-labelled pairs of figures (standard library only).

Checks every row: the fields are present, the label is one of the five LABELLING.md allows, the split
matches the hash rule (held-out when int(sha1(story), 16) % 10 < 3), each fragment is 30-80 characters, an
exact substring of its article's text and holds its figure, both articles belong to the row's story, and
no pair of figures is labelled twice. Prints counts by label and split; exits 1 naming each bad line.

    python3 bench/check_labels.py [--labels PATH] [--articles PATH]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_LABELS = ROOT / "bench" / "data" / "stories_labels.jsonl"
SHARED = Path(os.environ.get("FACTCHECK_SHARED", ROOT.parent / "shared"))
DEFAULT_ARTICLES = SHARED / "benchmarks" / "multinews_dev" / "articles.jsonl"
LABELS = ("conflict", "changed", "equivalent", "apart", "unsure")
FIELDS = ("story", "a", "b", "fragment_a", "fragment_b", "figure_a", "figure_b", "label", "why", "split")


def split_of(story: str) -> str:
    return "held-out" if int(hashlib.sha1(story.encode("utf-8")).hexdigest(), 16) % 10 < 3 else "dev"


def load_articles(path: Path) -> dict[str, dict[str, str]]:
    out: dict[str, dict[str, str]] = {}
    with path.open(encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            try:
                row = json.loads(line)
                out[row["id"]] = row
            except (json.JSONDecodeError, KeyError, TypeError) as e:
                raise SystemExit(f"{path}:{n}: bad article row: {e}") from e
    return out


def check(labels: Path, articles: dict[str, dict[str, str]]) -> tuple[list[str], list[dict[str, object]]]:
    """Return (errors, rows); each error names the file and line."""
    errors: list[str] = []
    rows: list[dict[str, object]] = []
    seen: dict[tuple[object, ...], int] = {}
    with labels.open(encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            where = f"{labels}:{n}"
            if not line.strip():
                errors.append(f"{where}: empty line")
                continue
            try:
                row = json.loads(line)
            except json.JSONDecodeError as e:
                errors.append(f"{where}: not JSON: {e}")
                continue
            if not isinstance(row, dict):
                errors.append(f"{where}: not an object")
                continue
            missing = [k for k in FIELDS if not isinstance(row.get(k), str) or not row.get(k)]
            if missing:
                errors.append(f"{where}: missing or empty {', '.join(missing)}")
                continue
            if row["label"] not in LABELS:
                errors.append(f"{where}: label {row['label']!r} not one of {', '.join(LABELS)}")
            if row["split"] != split_of(row["story"]):
                errors.append(f"{where}: split {row['split']!r} but the hash rule gives {split_of(row['story'])!r}")
            if row["a"] == row["b"]:
                errors.append(f"{where}: a and b are the same article")
            for side in ("a", "b"):
                art = articles.get(row[side])
                if art is None:
                    errors.append(f"{where}: article {row[side]!r} not in articles.jsonl")
                    continue
                if art["story"] != row["story"]:
                    errors.append(f"{where}: article {row[side]} is of story {art['story']}, not {row['story']}")
                frag, fig = row["fragment_" + side], row["figure_" + side]
                if not 30 <= len(frag) <= 80:
                    errors.append(f"{where}: fragment_{side} is {len(frag)} characters (30-80 wanted)")
                if frag not in art["text"]:
                    errors.append(f"{where}: fragment_{side} is not an exact substring of {row[side]}")
                if fig not in frag:
                    errors.append(f"{where}: figure_{side} {fig!r} not in fragment_{side}")
                off = row.get("offset_" + side)
                if isinstance(off, int) and art["text"][off:off + len(fig)] != fig:
                    errors.append(f"{where}: offset_{side} {off} does not point at {fig!r}")
            key = (row["story"],) + tuple(sorted([(row["a"], row["fragment_a"], row["figure_a"]),
                                                  (row["b"], row["fragment_b"], row["figure_b"])]))
            if key in seen:
                errors.append(f"{where}: the same pair is labelled on line {seen[key]}")
            else:
                seen[key] = n
            rows.append(row)
    return errors, rows


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--labels", type=Path, default=DEFAULT_LABELS)
    ap.add_argument("--articles", type=Path, default=DEFAULT_ARTICLES)
    args = ap.parse_args()
    for p in (args.labels, args.articles):
        if not p.exists():
            sys.exit(f"{p}: not found")
    errors, rows = check(args.labels, load_articles(args.articles))
    by = Counter((str(r["split"]), str(r["label"])) for r in rows)
    stories = {s: len({str(r["story"]) for r in rows if r["split"] == s}) for s in ("dev", "held-out")}
    print(f"{len(rows)} labelled pairs in {len({str(r['story']) for r in rows})} stories")
    print(f"{'label':12s} {'dev':>6s} {'held-out':>9s} {'all':>6s}")
    for lab in LABELS:
        d, h = by[("dev", lab)], by[("held-out", lab)]
        print(f"{lab:12s} {d:6d} {h:9d} {d + h:6d}")
    d, h = sum(by[("dev", x)] for x in LABELS), sum(by[("held-out", x)] for x in LABELS)
    print(f"{'total':12s} {d:6d} {h:9d} {d + h:6d}")
    print(f"{'stories':12s} {stories['dev']:6d} {stories['held-out']:9d}")
    for e in errors:
        print(e, file=sys.stderr)
    if errors:
        sys.exit(1)


if __name__ == "__main__":
    main()
