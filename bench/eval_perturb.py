"""Run the real tool on the perturbation benchmark (bench/perturb.py). Prints figures; asserts nothing.

    .venv/bin/python bench/eval_perturb.py [--per-cell 100] [--split dev|test|all] [--cache-dir DIR] [--misses N]

Each pair (original article, copy with one sentence changed) goes through
``factcheck.match.compare.compare_texts`` with the real model. A planted change is **found**
when a flag has the changed figure of the copy as one of its sides (the flag's quantity span
in the copy overlaps the planted span). Printed per split (dev, test): recall of planted
changes by kind of change and by form (identical / reworded sentence), the pairs that also
got a flag elsewhere, and the false-flag rate on equivalent rewrites (a pair of an equivalent
rewrite with any flag at all is a false alarm: nothing else differs).

A second table shows what the aligned-passage channel (``factcheck.match.align``) alone would
find with the simplest decision over it: a pair of figures at the same slot of aligned
sentences, same kind and unit, nothing different around the slot, intervals apart. It is a
sketch of what the decision can gain, not the tool's figure.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from perturb import CHANGES, CORPUS, EQUIVALENTS, FORMS, PER_CELL, Perturbation, pairs

from factcheck.extract.normalize import repair
from factcheck.records import Quantity

CHUNK = 200


def planted_span(p: Perturbation) -> tuple[int, int]:
    """The planted figure's span in the copy as the tool reads it: after the text's repairs
    (``&#233;`` read as one character), which shift the offsets of everything after them."""
    anchors = repair(p.b_text).anchors

    def at(i: int) -> int:
        t, f = max((a for a in anchors if a[1] <= i), key=lambda a: a[1])
        return t + (i - f)
    return at(p.b_span[0]), at(p.b_span[1])


def outcome(p: Perturbation, flags: tuple, claims: dict) -> tuple[bool, int]:  # type: ignore[type-arg]
    """(the planted figure is a side of some flag, how many flags are elsewhere). Only flags between
    the two texts count: an inconsistent conversion inside one text is not the pair's disagreement."""
    hit, other = False, 0
    lo, hi = planted_span(p)
    for f in flags:
        if f.kind == "inconsistent":
            continue
        on_it = False
        for cid, qi in ((f.a, f.a_quantity), (f.b, f.b_quantity)):
            c = claims[cid]
            q = c.quantities[qi]
            if c.article_id == "B" and c.start + q.start < hi and c.start + q.end > lo:
                on_it = True
        hit |= on_it
        other += not on_it
    return hit, other


def apart(qa: Quantity, qb: Quantity) -> bool:
    """Two figures at one slot that say different things: intervals apart, or the same qualifier
    ("more than 100,000" / "more than 1,000,000") with different values."""
    if not qa.overlaps(qb):
        return True
    return bool(qa.qualifier) and qa.qualifier == qb.qualifier and abs(qa.value - qb.value) > 1e-9 * abs(qa.value)


def channel(p: Perturbation, claims: dict) -> tuple[bool, int]:  # type: ignore[type-arg]
    """(the aligned-passage sketch flags the planted figure, how many other figures it flags)."""
    from factcheck.match.align import align_claims

    a = [c for c in claims.values() if c.article_id == "A"]
    b = [c for c in claims.values() if c.article_id == "B"]
    hit, other = False, 0
    lo, hi = planted_span(p)
    for m in align_claims(a, b):
        qa, qb = m.a.quantities[m.a_index], m.b.quantities[m.b_index]
        if not m.same_slot or m.differs or qa.kind != qb.kind or qa.unit != qb.unit or not apart(qa, qb):
            continue
        if m.b.start + qb.start < hi and m.b.start + qb.end > lo:
            hit = True
        else:
            other += 1
    return hit, other


def report(title: str, splits: tuple[str, ...], results: dict[tuple[str, str, str], list[tuple[bool, int]]]) -> None:
    for split in splits:
        print(f"\n== {title}: {split} ==")
        print(f"{'change':10} " + " ".join(f"{f:>18}" for f in FORMS) + "   pairs with flags elsewhere")
        tot: dict[str, list[int]] = {f: [0, 0] for f in FORMS}
        for kind in CHANGES:
            cells = []
            elsewhere = 0
            for form in FORMS:
                r = results.get((split, kind, form), [])
                found = sum(h for h, _ in r)
                elsewhere += sum(o > 0 for _, o in r)
                tot[form][0] += found
                tot[form][1] += len(r)
                cells.append(f"{found:4}/{len(r):<4} {100 * found / max(len(r), 1):5.1f}%")
            print(f"{kind:10} " + " ".join(f"{c:>18}" for c in cells) + f"   {elsewhere}")
        print(f"{'all':10} " + " ".join(f"{f'{a:4}/{n:<4} {100 * a / max(n, 1):5.1f}%':>18}" for a, n in tot.values()))
        print(f"{'equivalent':14} false alarms")
        fa_all = n_all = 0
        for kind in EQUIVALENTS:
            r = results.get((split, kind, "identical" if kind != "eq_reworded" else "reworded"), [])
            fa = sum(h or o > 0 for h, o in r)
            fa_all, n_all = fa_all + fa, n_all + len(r)
            print(f"{kind:14} {fa:4}/{len(r):<4} {100 * fa / max(len(r), 1):5.1f}%")
        print(f"{'all':14} {fa_all:4}/{n_all:<4} {100 * fa_all / max(n_all, 1):5.1f}%")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=CORPUS)
    ap.add_argument("--per-cell", type=int, default=PER_CELL)
    ap.add_argument("--split", choices=("dev", "test", "all"), default="all")
    ap.add_argument("--cache-dir", type=Path, default=None, help="embedding cache (default: a fresh temporary one)")
    ap.add_argument("--misses", type=int, default=0, help="print N missed changes and N false alarms per split")
    args = ap.parse_args()
    if not args.corpus.exists():
        sys.exit(f"corpus not found: {args.corpus} (it lives in ../shared/benchmarks/)")
    from factcheck.match.compare import compare_texts
    from factcheck.match.embed import SentenceEmbedder, VectorCache

    t0 = time.perf_counter()
    embedder = SentenceEmbedder()
    tmp = tempfile.TemporaryDirectory()
    cache = VectorCache(args.cache_dir or tmp.name)
    splits = ("dev", "test") if args.split == "all" else (args.split,)
    ps = list(pairs(args.corpus, args.per_cell, splits))
    results: dict[tuple[str, str, str], list[tuple[bool, int]]] = defaultdict(list)
    sketch: dict[tuple[str, str, str], list[tuple[bool, int]]] = defaultdict(list)
    misses: dict[str, list[tuple[Perturbation, int]]] = defaultdict(list)
    for lo in range(0, len(ps), CHUNK):
        chunk = ps[lo:lo + CHUNK]
        for p, out in zip(chunk, compare_texts([(p.a_text, p.b_text) for p in chunk], embedder, cache)):
            hit, other = outcome(p, out.flags, out.claims)
            results[(p.split, p.kind, p.form)].append((hit, other))
            sketch[(p.split, p.kind, p.form)].append(channel(p, out.claims))
            if (p.must_flag and not hit) or (not p.must_flag and out.flags):
                misses[p.split].append((p, len(out.flags)))
    cache.close()
    print(f"{len(ps)} pairs, {time.perf_counter() - t0:.0f} s (model start-up included)")
    report("the tool (compare_texts)", splits, results)
    report("aligned-passage channel alone (sketch)", splits, sketch)
    for split in splits:
        for p, n in misses[split][:args.misses]:
            what = "missed" if p.must_flag else f"false alarm ({n} flags)"
            print(f"  {what}: {p.kind}/{p.form} {p.article} {p.a_figure!r} -> {p.b_figure!r}")


if __name__ == "__main__":
    main()
