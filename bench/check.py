"""Benchmark: `factcheck check` of one new article against a 100,000-claim base. Prints figures; asserts nothing.

    .venv/bin/python bench/check.py [--claims N] [--corpus PATH] [--limit N] [--cache-dir DIR] [--keep DIR]

The base is built from the BBC corpus (../shared/benchmarks/bbc_news/bbc_articles.jsonl, read
in place, never copied): its articles run through the pipeline once, and are then
replicated under new ids with perturbed figures (digits shifted, values scaled to match) and
their vectors with a little noise, until the base holds N claims. One corpus article is
held out and written to a temporary file: that is the new article (the business story with
the most money figures). A second check files a stored story again under a new name: its
perturbed copies in the base all disagree with it, so it raises many flags.

Figures: start-up (import and model load), opening the base, the check itself (read and
extract the article, embed it, match it, format the report), the size of the base on
disk; the same for the base of the seed articles in claims/base. The embedding cache is
off unless --cache-dir is given (it only speeds up building the base, not the check).
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "benchmarks" / "bbc_news" / "bbc_articles.jsonl"
SEED_BASE = ROOT / "claims" / "base"
PLANTED = ("SenseTime files for listing after record funding round\n\n"
           "SenseTime, the Chinese facial recognition company, said on Monday that it had raised "
           "$750 million in its Series C round led by Alibaba.\n")


def peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def size_on_disk(folder: Path) -> tuple[int, dict[str, int]]:
    """Bytes of the files of the base (base.sqlite and its column files)."""
    files = {f.name: f.stat().st_size for f in sorted(folder.iterdir()) if f.is_file()}
    return sum(files.values()), files


def mib(n: int) -> str:
    return f"{n / 2**20:.1f} MiB"


_NUMBER = re.compile(r"\d[\d,]*(?:\.\d+)?")


def perturbed(q, r: int):
    """``q`` with the digits of its first number shifted by ``r`` (same length, so offsets hold),
    and its value and bounds scaled to match. Years and figures in words stay as they are."""
    m = _NUMBER.search(q.text)
    if not m or q.kind in ("year", "decade"):
        return q
    digits = "".join(str((int(ch) + r) % 10 or (1 if k == 0 else 0)) if ch.isdigit() else ch
                     for k, ch in enumerate(m.group()))
    old, new = float(m.group().replace(",", "")), float(digits.replace(",", ""))
    if not old:
        return q
    f = new / old
    return replace(q, text=q.text[:m.start()] + digits + q.text[m.end():], value=q.value * f, low=q.low * f,
                   high=q.high * f)


def replica(result, r: int, rng: np.random.Generator, noise: float):
    """A copy of ``result``'s articles under new ids, figures perturbed, vectors jittered."""
    from factcheck.extract.claims import claim_id
    from factcheck.pipeline import Result

    articles = [replace(a, id=f"{a.id}~{r}") for a in result.articles]
    new_id = {a.id: b.id for a, b in zip(result.articles, articles)}
    claims, seen, renamed = [], {}, {}
    for c in result.claims:
        text, qs = c.text, []
        for q in c.quantities:
            p = perturbed(q, r) if text[q.start:q.end] == q.text else q
            text = text[:q.start] + p.text + text[q.end:]
            qs.append(p)
        aid = new_id[c.article_id]
        k = seen[(aid, text)] = seen.get((aid, text), -1) + 1
        claims.append(replace(c, id=claim_id(aid, text, k), article_id=aid, text=text, quantities=tuple(qs)))
        renamed[c.id] = claims[-1]
    mentions = [replace(m, claim=renamed[m.claim.id]) for m in result.mentions]
    vecs = result.vectors + rng.normal(0, noise, result.vectors.shape).astype(np.float32)
    vecs /= np.linalg.norm(vecs, axis=1, keepdims=True)
    return Result(articles, claims, mentions, vecs, [], [], result.model)


def truncated(result, max_claims: int):
    """The articles of ``result``, in order, that fit in ``max_claims`` claims."""
    from factcheck.pipeline import Result

    keep, n = set(), 0
    per_article: dict[str, int] = {}
    for c in result.claims:
        per_article[c.article_id] = per_article.get(c.article_id, 0) + 1
    for a in result.articles:
        if n + per_article.get(a.id, 0) > max_claims:
            continue
        keep.add(a.id)
        n += per_article.get(a.id, 0)
    rows = [j for j, m in enumerate(result.mentions) if m.article_id in keep]
    return Result([a for a in result.articles if a.id in keep], [c for c in result.claims if c.article_id in keep],
                  [result.mentions[j] for j in rows], result.vectors[rows], [], [], result.model)


def by_money_figures(articles) -> list[int]:
    """Indexes of the business stories, most money figures first: the hardest to check."""
    business = [i for i, a in enumerate(articles) if a.id.split("#")[-1].startswith("business/")]
    return sorted(business, key=lambda i: (-len(re.findall(r"[$£€]\d", articles[i].text)), i))


def time_check(base_dir: Path, new_file: Path, embedder, label: str, runs: int = 3) -> None:
    from factcheck.base.check import check
    from factcheck.base.store import open_base
    from factcheck.outputs.check_formats import to_text

    t = time.perf_counter()
    base = open_base(base_dir)
    open_s = time.perf_counter() - t
    total, files = size_on_disk(base_dir)
    times, chk = [], None
    for _ in range(runs):
        base = open_base(base_dir)  # each check on a freshly opened base: nothing parsed yet
        t = time.perf_counter()
        chk = check(base, [new_file], embedder)
        to_text(chk)
        times.append(time.perf_counter() - t)
    assert chk is not None
    s = chk.summary()
    print(f"-- {label}")
    print(f"base              {len(base.articles)} articles, {len(base.claims)} claims, {len(base.mentions)} figures")
    print(f"size on disk      {mib(total)}  (" + ", ".join(f"{k} {mib(v)}" for k, v in files.items()) + ")")
    print(f"open base         {open_s:.3f} s")
    print(f"check             {times[0]:.3f} s first, {min(times):.3f} s best of {runs}  "
          f"(one article, {s['claims']} claims, {len(chk.new.mentions)} figures)")
    print("  stages          " + ", ".join(f"{k} {v:.3f} s" for k, v in chk.seconds.items()))
    print(f"  parsed lazily   {len(base.claims._parsed)} claims, {len(base.mentions._parsed)} figures of the base")
    print(f"flags             {s['conflicts']} conflicts, {s['changes']} changes (exit {s['exit']})")


def full_parse(base_dir: Path) -> float:
    """Seconds to parse every stored claim and figure: what the lazy opening avoids."""
    from factcheck.base.store import open_base

    base = open_base(base_dir)
    t = time.perf_counter()
    rows = base.claim_rows().tolist()
    for k in range(0, len(rows), 5000):
        base.claims.parse_rows(rows[k:k + 5000])
    for k in range(0, base.ends.mentions, 5000):
        base.mentions.parse_rows(range(k, min(k + 5000, base.ends.mentions)))
    return time.perf_counter() - t


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=CORPUS)
    ap.add_argument("--claims", type=int, default=100_000, help="claims in the base (default 100,000)")
    ap.add_argument("--limit", type=int, default=0, help="only the first N corpus articles")
    ap.add_argument("--noise", type=float, default=0.01, help="per-dimension jitter of replicated vectors")
    ap.add_argument("--cache-dir", type=Path, default=None, help="embedding cache for building the base")
    ap.add_argument("--keep", type=Path, default=None, help="save the big base here instead of a temporary folder")
    args = ap.parse_args()
    if not args.corpus.exists():
        sys.exit(f"corpus not found: {args.corpus} (it lives in ../shared/benchmarks/)")

    t0 = time.perf_counter()
    from factcheck.match.embed import load_embedder
    embedder = load_embedder()  # ONNX Runtime, as `factcheck check` runs it
    startup = time.perf_counter() - t0
    print(f"cpu cores         {os.cpu_count()}")
    print(f"start-up          {startup:.1f} s (import and model load, ONNX Runtime; no torch)")

    from factcheck.base.store import create, open_base
    from factcheck.extract.load import load
    from factcheck.match.embed import VectorCache
    from factcheck.pipeline import analyse

    with tempfile.TemporaryDirectory(prefix="factcheck-bench-") as tmp:
        work = Path(tmp)
        new_file = work / "new.txt"
        if SEED_BASE.exists():
            new_file.write_text(PLANTED, encoding="utf-8")
            time_check(SEED_BASE, new_file, embedder, f"seed base ({SEED_BASE.relative_to(ROOT)}), planted conflict")

        t = time.perf_counter()
        articles, notes = load([args.corpus])
        if args.limit:
            articles = articles[: args.limit]
        dense = by_money_figures(articles)
        new, refiled = articles[dense[0]], articles[dense[1]]
        articles = [a for a in articles if a is not new]
        new_file = work / (new.id.split("#")[-1].replace("/", "_"))
        new_file.write_text(new.text, encoding="utf-8")
        refiled_file = work / ("refiled_" + refiled.id.split("#")[-1].replace("/", "_"))
        refiled_file.write_text(refiled.text, encoding="utf-8")
        cache = VectorCache(args.cache_dir) if args.cache_dir else None
        print(f"   building       {len(articles)} corpus articles through the pipeline ...", file=sys.stderr)
        result = analyse(articles, [], embedder, cache)
        print(f"   replicating    to {args.claims:,} claims ...", file=sys.stderr)
        folder = args.keep or work / "base"
        create(folder, result.model, int(result.vectors.shape[1]))  # written in place, one commit per batch
        base = open_base(folder)
        base.add(truncated(result, args.claims))
        rng = np.random.default_rng(0)
        r = 0
        while 0 < len(base.claims) < args.claims:
            r += 1
            more = truncated(replica(result, r, rng, args.noise), args.claims - len(base.claims))
            if not more.claims:
                break
            base.add(more)
        print(f"-- built          {len(result.articles)} corpus articles, {len(result.claims)} claims, "
              f"{len(result.mentions)} figures; {r} replicas; {time.perf_counter() - t:.0f} s "
              f"(embedding {result.seconds.get('embed', 0):.0f} s, {result.embedded} texts)")
        time_check(folder, new_file, embedder, f"{len(base.claims):,} claims, new article {new.id} (held out)")
        time_check(folder, refiled_file, embedder, f"{len(base.claims):,} claims, {refiled.id} filed again "
                                                   f"under a new name (it and {r} perturbed copies are on file)")
        print(f"full parse        {full_parse(folder):.2f} s to parse every stored claim and figure "
              "(not done by a check: rows are parsed when matched)")
    print(f"peak memory       {peak_mib():.0f} MiB")


if __name__ == "__main__":
    main()
