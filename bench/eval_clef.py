"""Evaluation: CLEF-2020 CheckThat! Task 2 (verified-claim retrieval), MAP@5, MRR, Recall@k.

    .venv/bin/python bench/eval_clef.py [--data DIR] [--cache DIR]

Ranks all 10,375 verified claims for each tweet of the dev set (197) and the test set (200)
and scores the rankings against the gold links. Several scorings are tried; every choice
(which variant, the fusion weight) is made on dev and only then read on test. Reads
../shared/benchmarks/clef2020_task2/ in place. Embeddings are cached on disk, so only the
first run encodes the claims (a few minutes); re-runs take seconds.
"""

from __future__ import annotations

import argparse
import csv
import re
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT.parent / "shared" / "benchmarks" / "clef2020_task2"
CACHE = Path.home() / ".cache" / "factcheck" / "eval"
SPLITS = {"dev": "v3.0/dev", "test": "test"}
GRID = [round(w / 10, 1) for w in range(11)]
DEPTH = 100  # documents kept per query: enough for every metric printed
# Tweet furniture: links and the "— Name (@handle) Month d, yyyy" trailer (a variant tries without them)
URL = re.compile(r"(?:https?://|pic\.twitter\.com/|www\.)\S+")
TRAILER = re.compile(r"\s*[—–-]\s*[^—–]{0,80}\(@\w+\)\s*\w+ \d{1,2}, \d{4}\s*$")

sys.path.insert(0, str(ROOT))
csv.field_size_limit(1 << 30)


@dataclass(frozen=True)
class Split:
    name: str
    qids: list[str]
    tweets: list[str]
    qrels: dict[str, set[str]]


def read_tsv(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f, delimiter="\t"))
    return rows[1:]  # a header line: "", "vclaim", "title" / "", "tweet_content"


def load(data: Path) -> tuple[list[str], list[str], list[str], dict[str, Split]]:
    rows = read_tsv(data / "v3.0" / "verified_claims.docs.tsv")
    ids, claims, titles = [r[0] for r in rows], [r[1] for r in rows], [r[2] for r in rows]
    splits = {}
    for name, folder in SPLITS.items():
        queries = read_tsv(data / folder / "tweets.queries.tsv")
        qrels: dict[str, set[str]] = {}
        for line in (data / folder / "tweet-vclaim-pairs.qrels").read_text(encoding="utf-8").splitlines():
            if line.strip():
                qid, _, doc, rel = line.split()
                if int(rel) > 0:
                    qrels.setdefault(qid, set()).add(doc)
        splits[name] = Split(name, [q[0] for q in queries], [q[1] for q in queries], qrels)
    return ids, claims, titles, splits


def clean_tweet(text: str) -> str:
    """A tweet without its links and its "— Name (@handle) Month d, yyyy" trailer."""
    text = TRAILER.sub("", text)
    return " ".join(URL.sub(" ", text).split())


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=DATA)
    ap.add_argument("--cache", type=Path, default=CACHE, help=f"vector cache folder (default {CACHE})")
    args = ap.parse_args()
    if not (args.data / "v3.0" / "verified_claims.docs.tsv").exists():
        sys.exit(f"CLEF-2020 Task 2 data not found in {args.data}: it lives in ../shared/benchmarks/clef2020_task2/")

    t0 = time.perf_counter()
    from factcheck.eval.retrieval import BM25, FUSION, RRF_K, WEIGHT, fuse, mask_numbers, rank, rrf, score_rankings, top
    from factcheck.match.embed import SentenceEmbedder, VectorCache, embed

    ids, claims, titles, splits = load(args.data)
    print(f"CLEF-2020 CheckThat! Task 2: {len(ids):,} verified claims; "
          + ", ".join(f"{s.name} {len(s.qids)} tweets / {sum(map(len, s.qrels.values()))} gold links"
                      for s in splits.values()))
    for s in splits.values():
        unlinked = sorted(set(s.qids) - set(s.qrels), key=int)
        if unlinked:
            print(f"  {s.name}: tweet {', '.join(unlinked)} has no gold link; scores average over the "
                  f"{len(s.qrels)} tweets that have one, as trec_eval does")
    embedder = SentenceEmbedder()
    cache = VectorCache(args.cache)
    encoded = 0

    def vectors(texts: list[str]) -> np.ndarray:
        nonlocal encoded
        v, n = embed(texts, embedder, cache)
        encoded += n
        return v

    t = time.perf_counter()
    both = [f"{c} {ti}" for c, ti in zip(claims, titles)]
    doc_vecs = {"claim": vectors(claims), "title": vectors(titles),
                "claim masked": vectors([mask_numbers(c) for c in claims])}
    bm25 = {"claim": BM25(claims), "claim + title": BM25(both)}
    print(f"claims embedded in {time.perf_counter() - t:.0f} s ({encoded:,} new vectors), BM25 indexes built")

    # every scoring: split -> (queries x claims) score matrix
    Scoring = Callable[[Split], np.ndarray]
    cache_q: dict[tuple[str, str], np.ndarray] = {}

    def qvec(split: Split, how: str) -> np.ndarray:
        if (split.name, how) not in cache_q:
            texts = {"raw": split.tweets, "clean": [clean_tweet(x) for x in split.tweets],
                     "masked": [mask_numbers(x) for x in split.tweets]}[how]
            cache_q[split.name, how] = vectors(texts)
        return cache_q[split.name, how]

    def cos(split: Split, how: str, field: str) -> np.ndarray:
        q = qvec(split, how)
        if field == "max(claim, title)":
            return np.maximum(q @ doc_vecs["claim"].T, q @ doc_vecs["title"].T)
        return q @ doc_vecs[field].T

    def bm(split: Split, how: str, field: str) -> np.ndarray:
        return bm25[field].scores(split.tweets if how == "raw" else [clean_tweet(x) for x in split.tweets])

    variants: dict[str, Scoring] = {
        "cosine: tweet · claim (plain cosine)": lambda s: cos(s, "raw", "claim"),
        "cosine: clean tweet · claim": lambda s: cos(s, "clean", "claim"),
        "cosine: numbers masked, tweet · claim": lambda s: cos(s, "masked", "claim masked"),
        "cosine: tweet · title": lambda s: cos(s, "raw", "title"),
        "cosine: tweet · max(claim, title)": lambda s: cos(s, "raw", "max(claim, title)"),
        "cosine: clean tweet · max(claim, title)": lambda s: cos(s, "clean", "max(claim, title)"),
        "BM25: tweet · claim": lambda s: bm(s, "raw", "claim"),
        "BM25: clean tweet · claim": lambda s: bm(s, "clean", "claim"),
        "BM25: tweet · claim + title": lambda s: bm(s, "raw", "claim + title"),
        "BM25: clean tweet · claim + title": lambda s: bm(s, "clean", "claim + title"),
    }
    results: dict[str, dict[str, dict[str, float]]] = {}

    def evaluate(name: str, scoring: Scoring) -> None:
        results[name] = {}
        for split in splits.values():
            scores = scoring(split)
            ranked = scores if scores.dtype.kind == "i" else top(scores, DEPTH)  # already a ranking
            runs = {q: [ids[j] for j in row] for q, row in zip(split.qids, ranked)}
            results[name][split.name] = score_rankings(runs, split.qrels).as_row()

    for name, scoring in variants.items():
        evaluate(name, scoring)

    # The hybrids fuse the best cosine and the best BM25 on dev among those that read the tweet as
    # it is (cleaning tweets lost on dev: see the table), with a fusion weight chosen on dev.
    def best(prefix: str) -> str:
        return max((n for n in results if n.startswith(prefix) and "clean" not in n),
                   key=lambda n: results[n]["dev"]["MAP@5"])

    cos_name, bm_name = best("cosine"), best("BM25")
    cos_f, bm_f = variants[cos_name], variants[bm_name]
    curve = {}
    for w in GRID:
        evaluate(f"_w{w}", lambda s, w=w: fuse(cos_f(s), bm_f(s), w))
        curve[w] = results.pop(f"_w{w}")
    weight = max(GRID, key=lambda w: (curve[w]["dev"]["MAP@5"], w))
    hybrid = f"hybrid: {weight:g}·cosine + {1 - weight:g}·BM25 (min-max, w from dev)"
    results[hybrid] = curve[weight]
    evaluate(f"hybrid: reciprocal-rank fusion (k={RRF_K})", lambda s: rrf(cos_f(s), bm_f(s)))
    # the library function with its defaults, as other code would call it
    lib = {s.name: rank(s.tweets, claims, embedder, cache, n=DEPTH, titles=titles, bm25=bm25["claim + title"])
           for s in splits.values()}
    library = f"factcheck.retrieval.rank (defaults: {FUSION}, titles)"
    evaluate(library, lambda s: lib[s.name])

    print(f"\nbest cosine on dev: {cos_name}; best BM25 on dev: {bm_name}")
    print("fusion weight w (share of cosine) on dev, MAP@5:  "
          + "  ".join(f"{w:g}:{curve[w]['dev']['MAP@5']:.3f}" for w in GRID))
    print("cross-encoder re-rank: not tried, no cross-encoder model is installed on disk (offline)\n")

    cols = ["MAP@5", "MRR", "R@1", "R@5", "R@20"]
    width = max(map(len, results)) + 2
    print(f"{'variant':<{width}}" + "".join(f"{'dev ' + c:>11}" for c in cols) + " |"
          + "".join(f"{'test ' + c:>12}" for c in cols))
    for name, row in results.items():
        print(f"{name:<{width}}" + "".join(f"{row['dev'][c]:>11.3f}" for c in cols) + " |"
              + "".join(f"{row['test'][c]:>12.3f}" for c in cols))
    base = "cosine: tweet · claim (plain cosine)"
    for split in ("dev", "test"):
        print(f"{split}: factcheck.retrieval.rank MAP@5 {results[library][split]['MAP@5']:.3f} vs plain cosine "
              f"{results[base][split]['MAP@5']:.3f} ({results[library][split]['MAP@5'] - results[base][split]['MAP@5']:+.3f})")
    fusions = {"minmax": hybrid, "rrf": f"hybrid: reciprocal-rank fusion (k={RRF_K})"}
    chosen = max(fusions, key=lambda f: results[fusions[f]]["dev"]["MAP@5"])
    if chosen != FUSION or weight != WEIGHT:
        print(f"NOTE: dev now prefers {chosen} (min-max w={weight:g}); the library's defaults are "
              f"FUSION={FUSION!r}, WEIGHT={WEIGHT:g}: update factcheck/retrieval.py and docs/EVAL.md")
    print("(best reported CLEF-2020 systems: about 0.93 MAP@5 on test)")
    print(f"total {time.perf_counter() - t0:.0f} s; {encoded:,} texts encoded (the rest came from the cache {cache.path})")
    cache.close()


if __name__ == "__main__":
    main()
