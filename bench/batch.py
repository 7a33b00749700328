"""Benchmark: the batch run on the BBC corpus (2,225 articles). Prints figures; asserts nothing.

    .venv/bin/python bench/batch.py [--limit N] [--corpus PATH]

Reads ../shared/benchmarks/bbc_news/bbc_articles.jsonl in place (never copied). The
embedding cache is off, so every figure is a cold run; the raw encoder rate is the model
alone on the same texts, for comparison.
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "benchmarks" / "bbc_news" / "bbc_articles.jsonl"


def peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=CORPUS)
    ap.add_argument("--limit", type=int, default=0, help="only the first N articles")
    args = ap.parse_args()
    if not args.corpus.exists():
        sys.exit(f"corpus not found: {args.corpus} (it lives in ../shared/benchmarks/)")

    t0 = time.perf_counter()
    from factcheck.extract.load import load
    from factcheck.match.embed import SentenceEmbedder
    from factcheck.pipeline import analyse

    embedder = SentenceEmbedder()
    startup = time.perf_counter() - t0

    t = time.perf_counter()
    articles, notes = load([args.corpus])
    if args.limit:
        articles = articles[: args.limit]
    load_s = time.perf_counter() - t
    result = analyse(articles, notes, embedder, cache=None)
    seconds = {"load": load_s, **result.seconds}
    total = sum(seconds.values())

    texts = [m.window for m in result.mentions]
    unique = list(dict.fromkeys(texts))
    sample = unique[:2000]
    t = time.perf_counter()
    embedder.encode(sample)
    raw_windows = len(sample) / (time.perf_counter() - t)
    sentences = list(dict.fromkeys(c.text for c in result.claims))[:2000]
    t = time.perf_counter()
    embedder.encode(sentences)
    raw_sentences = len(sentences) / (time.perf_counter() - t)

    kinds = Counter(f.kind for f in result.flags)
    print(f"corpus            {args.corpus.name}")
    print(f"articles          {len(result.articles)}")
    print(f"claims            {len(result.claims)}")
    print(f"mentions          {len(result.mentions)} ({len(unique)} distinct contexts embedded)")
    print(f"flags             {len(result.flags)} (conflict {kinds['conflict']}, changed {kinds['changed']}, "
          f"inconsistent {kinds['inconsistent']})")
    print(f"model start-up    {startup:.1f} s")
    for stage, s in seconds.items():
        print(f"stage {stage:<11} {s:.1f} s")
    print(f"total             {total:.1f} s")
    print(f"claims/s          {len(result.claims) / total:.0f} (whole run after start-up)")
    print(f"encoder, pipeline {result.embedded / max(seconds['embed'], 1e-9):.0f} contexts/s")
    print(f"encoder, raw      {raw_windows:.0f} contexts/s, {raw_sentences:.0f} full sentences/s (same texts, model alone)")
    print(f"peak memory       {peak_mib():.0f} MiB")


if __name__ == "__main__":
    main()
