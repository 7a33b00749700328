"""Evaluation: the pair-level judgement on EQUATE (numeric NLI), as confusion tables.

    .venv/bin/python bench/eval_equate.py [--subset NAME] [--limit N] [--every K] [--show N]

Runs ``factcheck.compare.compare_texts`` (the matcher the batch run uses) on each
(premise, hypothesis) pair of the EQUATE subsets and counts gold label (entailment /
neutral / contradiction) against outcome (conflict / changed / agree / unrelated).
Target: under 3% of the entailed news pairs (NewsNLI + RTE_Quant) flagged as conflicts.
Reads ../shared/benchmarks/equate/*.csv in place. Vectors are cached on disk, so re-runs
skip the model. StressTest (7,596 pairs) runs in full (about a minute); --every K samples
every K-th row of it for a quicker look.
"""

from __future__ import annotations

import argparse
import csv
import sys
import time
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT.parent / "shared" / "benchmarks" / "equate"
CACHE = Path.home() / ".cache" / "factcheck" / "eval"
SUBSETS = ("NewsNLI", "RTE_Quant", "RedditNLI", "AWPNLI", "StressTest")
NEWS = ("NewsNLI", "RTE_Quant")  # real news text: where a false conflict costs a reader's trust
LABELS = ("entailment", "neutral", "contradiction")
OUTCOMES = ("conflict", "changed", "agree", "unrelated")
TARGET = 0.03  # most entailed news pairs flagged as conflicts
STRESS_EVERY = 1  # StressTest in full takes ~1 min (its templated texts share contexts): no sampling
BATCH = 256


@dataclass(frozen=True)
class Pair:
    subset: str
    row: int  # 0-based data row in the CSV
    premise: str
    hypothesis: str
    label: str


def confusion(gold: Iterable[str], outcomes: Iterable[str]) -> dict[str, Counter[str]]:
    """Counts of outcome by gold label: ``table[label][outcome]``, every label and outcome present."""
    table = {label: Counter(dict.fromkeys(OUTCOMES, 0)) for label in LABELS}
    for g, o in zip(gold, outcomes, strict=True):
        if g not in table:
            raise ValueError(f"unknown gold label {g!r}; expected one of {', '.join(LABELS)}")
        if o not in OUTCOMES:
            raise ValueError(f"unknown outcome {o!r}; expected one of {', '.join(OUTCOMES)}")
        table[g][o] += 1
    return table


def rate(table: dict[str, Counter[str]], label: str, outcomes: Sequence[str]) -> tuple[int, int]:
    """(pairs of ``label`` judged one of ``outcomes``, pairs of ``label``)."""
    row = table[label]
    return sum(row[o] for o in outcomes), sum(row.values())


def pct(k: int, n: int) -> str:
    return f"{k}/{n} = {100 * k / n:.1f}%" if n else "n/a (no pairs)"


def why_not_flagged(premise: str, hypothesis: str, embedder, cache) -> str:
    """The reason the flag decision gives for the pair of differing figures that came closest
    to a flag (diagnosis only: the same stages and decision as ``compare_texts``)."""
    from factcheck.match.candidates import all_pairs
    from factcheck.match.compare import passage_article
    from factcheck.match.decide import decide_all
    from factcheck.match.learned import current
    from factcheck.pipeline import embed_mentions, extract_claims, find_mentions

    arts = [passage_article("A", premise), passage_article("B", hypothesis)]
    claims = extract_claims(arts)
    ms = find_mentions(claims, arts)
    sides = {m.article_id for m in ms}
    if sides != {"A", "B"}:
        side = "premise" if "A" not in sides else "hypothesis"
        parsed = any(c.article_id == ("A" if side == "premise" else "B") for c in claims)
        return f"no comparable figure in the {side}" + ("" if parsed else " (no number parsed)")
    ma, mb = [m for m in ms if m.article_id == "A"], [m for m in ms if m.article_id == "B"]
    if not any(x.dimension == y.dimension for x in ma for y in mb):
        return "no figure of the same dimension on both sides"
    if all(x.quantity.overlaps(y.quantity) for x in ma for y in mb if x.dimension == y.dimension):
        return "every same-dimension pair overlaps (a qualifier or rounding interval): nothing to flag"
    vecs, _ = embed_mentions([*ma, *mb], embedder, cache)
    decisions = [d for d in decide_all(all_pairs(ma, vecs[:len(ma)], mb, vecs[len(ma):]), model=current())
                 if d.a.dimension == d.b.dimension and not d.a.quantity.overlaps(d.b.quantity)]
    d = max(decisions, key=lambda d: (d.kind != "apart", d.score - d.needed))
    return f"{d.kind}: {d.reason.split(' (')[0]}"


def read(subset: str, data: Path, every: int = 1, limit: int = 0) -> list[Pair]:
    path = data / f"{subset}.csv"
    with path.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    pairs = [Pair(subset, i, r["premise"], r["hypothesis"], r["label"].strip().lower())
             for i, r in enumerate(rows) if i % every == 0]
    return pairs[:limit] if limit else pairs


def print_table(name: str, table: dict[str, Counter[str]]) -> None:
    print(f"{name:<28}" + "".join(f"{o:>11}" for o in OUTCOMES) + f"{'pairs':>8}")
    for label in LABELS:
        row = table[label]
        if sum(row.values()):
            print(f"  {label:<26}" + "".join(f"{row[o]:>11}" for o in OUTCOMES) + f"{sum(row.values()):>8}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=DATA)
    ap.add_argument("--cache", type=Path, default=CACHE, help=f"vector cache folder (default {CACHE})")
    ap.add_argument("--subset", action="append", choices=SUBSETS, help="only this subset (repeatable)")
    ap.add_argument("--limit", type=int, default=0, help="only the first N pairs of each subset")
    ap.add_argument("--every", type=int, default=STRESS_EVERY,
                    help=f"StressTest: take only every K-th row (default {STRESS_EVERY}: all 7,596)")
    ap.add_argument("--show", type=int, default=20,
                    help="print up to N false conflicts on entailed news pairs, with the reason (default 20)")
    ap.add_argument("--why", action=argparse.BooleanOptionalAction, default=True,
                    help="tally the stage that stopped each missed contradiction (default on)")
    args = ap.parse_args()
    missing = [s for s in args.subset or SUBSETS if not (args.data / f"{s}.csv").exists()]
    if missing:
        sys.exit(f"EQUATE data not found: {', '.join(f'{s}.csv' for s in missing)} in {args.data} "
                 "(it lives in ../shared/benchmarks/equate/)")

    t0 = time.perf_counter()
    sys.path.insert(0, str(ROOT))
    from factcheck.match.compare import PairOutcome, compare_texts
    from factcheck.match.embed import SentenceEmbedder, VectorCache

    embedder = SentenceEmbedder()
    cache = VectorCache(args.cache)
    tables: dict[str, dict[str, Counter[str]]] = {}
    false_conflicts: list[tuple[Pair, PairOutcome]] = []
    for subset in args.subset or SUBSETS:
        every = max(args.every, 1) if subset == "StressTest" else 1
        pairs = read(subset, args.data, every, args.limit)
        t = time.perf_counter()
        outcomes: list[PairOutcome] = []
        for lo in range(0, len(pairs), BATCH):
            chunk = pairs[lo:lo + BATCH]
            outcomes += compare_texts([(p.premise, p.hypothesis) for p in chunk], embedder, cache)
        tables[subset] = table = confusion([p.label for p in pairs], [o.kind for o in outcomes])
        note = f", every {every}th row (sampled)" if every > 1 else ""
        print(f"\n{subset}: {len(pairs):,} pairs{note}, {time.perf_counter() - t:.0f} s")
        print_table(subset, table)
        k, n = rate(table, "entailment", ["conflict"])
        print(f"  false conflicts on entailed pairs: {pct(k, n)}")
        if rate(table, "contradiction", OUTCOMES)[1]:
            print(f"  recall on contradictions: conflict {pct(*rate(table, 'contradiction', ['conflict']))}; "
                  f"conflict or changed {pct(*rate(table, 'contradiction', ['conflict', 'changed']))}")
        if args.why:
            missed = Counter(why_not_flagged(p.premise, p.hypothesis, embedder, cache)
                             for p, o in zip(pairs, outcomes)
                             if p.label == "contradiction" and o.kind not in ("conflict", "changed"))
            if missed:
                print("  why contradictions were not flagged:")
                for reason, k in missed.most_common():
                    print(f"    {k:>5}  {reason}")
        false_conflicts += [(p, o) for p, o in zip(pairs, outcomes)
                            if subset in NEWS and p.label == "entailment" and o.kind == "conflict"]

    news = [s for s in NEWS if s in tables]
    if news:
        k = sum(rate(tables[s], "entailment", ["conflict"])[0] for s in news)
        n = sum(rate(tables[s], "entailment", ["conflict"])[1] for s in news)
        verdict = "PASS" if n and k / n < TARGET else "FAIL"
        print(f"\nentailed news pairs ({' + '.join(news)}) flagged as conflicts: {pct(k, n)} "
              f"-> {verdict} (target < {TARGET:.0%})")
    if false_conflicts and args.show:
        print(f"\nfalse conflicts on entailed news pairs (first {min(args.show, len(false_conflicts))} "
              f"of {len(false_conflicts)}):")
        for p, o in false_conflicts[:args.show]:
            print(f"- {p.subset} row {p.row}\n    P: {p.premise}\n    H: {p.hypothesis}")
            for f in o.flags:
                if f.kind == "conflict":
                    print(f"    flag: {f.reason} (cosine {f.similarity:.2f})")
    print(f"\ntotal {time.perf_counter() - t0:.0f} s")
    cache.close()


if __name__ == "__main__":
    main()
