"""Benchmark: the aligned-passage channel on the whole BBC corpus. Prints figures; asserts nothing.

    .venv/bin/python bench/align_bbc.py [--corpus PATH] [--min-score 0.75] [--show N]

Extracts the claims of all 2,225 articles (read in place from ../shared/benchmarks, or
$FACTCHECK_SHARED/benchmarks) and aligns every claim against every other
(``factcheck.match.align.align_claims``), timing the alignment alone.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("FACTCHECK_SHARED", ROOT.parent / "shared"))
CORPUS = SHARED / "benchmarks" / "bbc_news" / "bbc_articles.jsonl"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=CORPUS)
    ap.add_argument("--min-score", type=float, default=None)
    ap.add_argument("--show", type=int, default=0, help="print N differing slot pairs")
    args = ap.parse_args()
    if not args.corpus.exists():
        sys.exit(f"corpus not found: {args.corpus} (it lives in ../shared/benchmarks/)")
    from factcheck.extract.claims import extract_all
    from factcheck.extract.load import load
    from factcheck.match import align

    articles, _ = load([args.corpus])
    t = time.perf_counter()
    claims = extract_all(articles)
    extract_s = time.perf_counter() - t
    t = time.perf_counter()
    matches = align.align_claims(claims, claims, args.min_score if args.min_score is not None else align.MIN_SCORE)
    align_s = time.perf_counter() - t
    pairs = {(m.a.id, m.b.id) for m in matches}
    articles_paired = {(m.a.article_id, m.b.article_id) for m in matches}
    slots = [m for m in matches if m.same_slot]
    differing = [m for m in slots if m.a.quantities[m.a_index].text != m.b.quantities[m.b_index].text]
    print(f"articles {len(articles)}, claims {len(claims)} (extraction {extract_s:.1f} s)")
    print(f"alignment of all claims against all: {align_s:.1f} s")
    print(f"aligned claim pairs {len(pairs)} across {len(articles_paired)} article pairs; "
          f"figure pairs {len(matches)}, at the same slot {len(slots)}, written differently {len(differing)}")
    print("differences around differing slots:",
          dict(Counter((m.differs or "none").split(" (")[0] for m in differing).most_common()))
    for m in differing[:args.show]:
        qa, qb = m.a.quantities[m.a_index], m.b.quantities[m.b_index]
        print(f"\n{m.score:.2f} {m.a.article_id} {qa.text!r} vs {m.b.article_id} {qb.text!r} [{m.differs}]")
        print("  A:", m.a.text[:300])
        print("  B:", m.b.text[:300])


if __name__ == "__main__":
    main()
