"""Benchmark: matching at archive scale, the encoders' throughput, and `factcheck check`'s
whole-process wall time. Prints figures; asserts nothing.

    .venv/bin/python bench/scale.py [--sizes 10000,100000,1000000] [--skip-encoders] [--skip-check]
    make bench-scale

Archives are built from the BBC corpus (../shared/benchmarks/bbc_news, read in place): its
articles run through the pipeline once (embedding cache in --cache-dir), then are
replicated under new article ids with perturbed figures and jittered vectors
(``bench/check.py``'s ``replica``) until the archive holds N claims, so the matcher has
real work: every copy of a story disagrees with the others' figures. By default a story has at
most 8 copies (``--copies``); further replicas are new stories, their vectors turned by a
random rotation, as a real archive grows by new stories. ``--copies 0``: every replica copies
the same stories (77 copies of each at 1M, so the flags grow faster than the archive).

For each size, in a fresh child process (so peak memory is that size's alone):
matching time (``pipeline.match``: candidate search, the flag decision; the aligned-passage
channel is left out: replicas are near-identical passages by construction), peak memory,
and the flags found. At the sizes given in --recall-sizes, candidate recall:
the approximate neighbour search (faiss HNSW) against exact search for the same question
(each figure's nearest figures of other articles above the floor), over every dimension
group larger than 1,000 figures. Then the encoders' throughput on one core (ONNX Runtime
vs sentence-transformers with torch) on the same BBC contexts, and `factcheck check` of one
new article against a 100,000-claim base: median wall time of 10 whole-process runs.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "benchmarks" / "bbc_news" / "bbc_articles.jsonl"
CACHE = Path(os.environ.get("FACTCHECK_CACHE", Path.home() / ".cache" / "factcheck"))
sys.path.insert(0, str(Path(__file__).resolve().parent))


def peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def bbc_result(corpus: Path, cache_dir: Path):
    """The BBC corpus through the pipeline (vectors from the cache after the first run)."""
    from factcheck.extract.load import load
    from factcheck.match.embed import VectorCache, load_embedder
    from factcheck.pipeline import analyse

    articles, notes = load([corpus])
    return analyse(articles, notes, load_embedder(), VectorCache(cache_dir))


def rotation(dim: int, seed: int) -> np.ndarray:
    """A random orthogonal matrix: it keeps every cosine among the vectors it turns, and turns
    them away from everything else (cosines with other vectors near 0 in 384 dimensions)."""
    q, r = np.linalg.qr(np.random.default_rng(seed).normal(size=(dim, dim)))
    return (q * np.sign(np.diag(r))).astype(np.float32)


def archive(result, claims: int, noise: float = 0.01, copies: int = 0):
    """``result`` and perturbed replicas of it, cut at ``claims`` claims, as one Result.

    ``copies`` > 0: at most that many copies of each story. Every further run of ``copies``
    replicas is its own "universe": its vectors turned by a random rotation, so its stories
    are new ones (no cosine with another universe's reaches the floor) while each keeps the
    BBC's structure. A real archive grows by new stories, not by ever more copies of the
    same ones; with 0, every replica copies the same stories (77 copies each at 1M)."""
    from dataclasses import replace as with_

    from check import replica, truncated

    from factcheck.pipeline import Result

    rng = np.random.default_rng(0)
    parts = [truncated(result, claims)]
    n, r = len(parts[0].claims), 0
    while n < claims:
        r += 1
        part = truncated(replica(result, r, rng, noise), claims - n)
        if not part.claims:
            break
        if copies and r // copies:
            part = with_(part, vectors=part.vectors @ rotation(part.vectors.shape[1], r // copies))
        parts.append(part)
        n += len(part.claims)
    arts, cls, ms, vecs = [], [], [], []
    for p in parts:
        arts += p.articles
        cls += p.claims
        ms += p.mentions
        vecs.append(p.vectors)
    return Result(arts, cls, ms, np.concatenate(vecs), [], [], result.model), r


def recall(ms, vecs, floor: float, min_group: int = 1000) -> tuple[float, int, int]:
    """Candidate recall of the HNSW search against exact search over groups of >= min_group figures."""
    from collections import defaultdict

    from factcheck.match.candidates import knn_pairs

    groups: dict[str, list[int]] = defaultdict(list)
    for i, m in enumerate(ms):
        groups[m.dimension].append(i)
    found = total = searched = 0
    ids: dict[str, int] = {}
    for idx in groups.values():
        if len(idx) < min_group:
            continue
        v = np.ascontiguousarray(vecs[idx], dtype=np.float32)
        arts = np.asarray([ids.setdefault(ms[i].article_id, len(ids)) for i in idx])
        er, ec, _ = knn_pairs(v, arts, floor, exact=True)
        ar, ac, _ = knn_pairs(v, arts, floor)
        exact = er * len(idx) + ec
        found += int(np.isin(exact, ar * len(idx) + ac).sum())
        total += len(exact)
        searched += len(idx)
    return (found / total if total else 1.0), total, searched


def one_size(claims: int, corpus: Path, cache_dir: Path, with_recall: bool, match_too: bool,
             copies: int = 0) -> dict[str, Any]:
    """Build the archive of ``claims`` claims and match it: run in a child process."""
    from factcheck.match.candidates import candidate_pairs
    from factcheck.match.decide import FLOOR
    from factcheck.match.learned import current
    from factcheck.match.run import find_flags

    result = bbc_result(corpus, cache_dir)
    t = time.perf_counter()
    arch, replicas = archive(result, claims, copies=copies)
    build_s = time.perf_counter() - t
    del result
    before = peak_mib()
    out: dict[str, Any] = {"claims": len(arch.claims), "mentions": len(arch.mentions),
                           "articles": len(arch.articles), "replicas": replicas, "build_s": build_s,
                           "peak_before_match_mib": before}
    t, cpu = time.perf_counter(), time.process_time()
    out["candidates"] = sum(1 for _ in candidate_pairs(arch.mentions, arch.vectors, FLOOR))
    out["cand_s"], out["cand_cpu_s"] = time.perf_counter() - t, time.process_time() - cpu
    out["peak_cand_mib"] = peak_mib()
    if match_too:
        t, cpu = time.perf_counter(), time.process_time()
        try:
            flags = find_flags(arch.mentions, arch.vectors, arch.claims, arch.articles, current()).flags
        except MemoryError:
            out["match"] = "MemoryError"
        else:
            out["match_s"], out["match_cpu_s"] = time.perf_counter() - t, time.process_time() - cpu
            out["flags"], out["conflicts"] = len(flags), sum(f.kind == "conflict" for f in flags)
        out["peak_mib"] = peak_mib()
    if with_recall:
        t = time.perf_counter()
        out["recall"], out["recall_pairs"], out["recall_figures"] = recall(arch.mentions, arch.vectors, FLOOR)
        out["recall_s"] = time.perf_counter() - t
    return out


def encoder_rates(corpus: Path, cache_dir: Path, n: int = 1000) -> None:
    """Contexts a second on one core: ONNX Runtime, then sentence-transformers (torch)."""
    from factcheck.extract.claims import extract_all
    from factcheck.extract.load import load
    from factcheck.extract.mentions import mentions

    articles, _ = load([corpus])
    ms = mentions(extract_all(articles), {a.id: a for a in articles})
    texts = list(dict.fromkeys(m.window for m in ms))[:n]
    from factcheck.match.onnx_encoder import OnnxEmbedder

    onnx = OnnxEmbedder(threads=1)
    onnx.encode(texts[:32])
    t = time.perf_counter()
    a = onnx.encode(texts)
    onnx_rate = len(texts) / (time.perf_counter() - t)
    import torch

    from factcheck.match.embed import SentenceEmbedder

    torch.set_num_threads(1)
    st = SentenceEmbedder()
    st.encode(texts[:32])
    t = time.perf_counter()
    b = st.encode(texts)
    torch_rate = len(texts) / (time.perf_counter() - t)
    cos = (a * b).sum(axis=1)
    print(f"encoder, 1 core    ONNX Runtime {onnx_rate:.0f} contexts/s, torch {torch_rate:.0f} contexts/s "
          f"({onnx_rate / torch_rate:.2f}x) on {len(texts)} BBC contexts; min cosine between them {cos.min():.7f}")


def check_wall(corpus: Path, cache_dir: Path, claims: int = 100_000, runs: int = 10) -> None:
    """`factcheck check` of one held-out article against a base of ``claims`` claims, whole process."""
    from check import by_money_figures

    from factcheck.base.store import ClaimBase
    from factcheck.extract.load import load
    from factcheck.match.embed import VectorCache, load_embedder
    from factcheck.pipeline import analyse

    articles, notes = load([corpus])
    new = articles[by_money_figures(articles)[0]]
    result = analyse([a for a in articles if a is not new], notes, load_embedder(), VectorCache(cache_dir))
    arch, _ = archive(result, claims)
    with tempfile.TemporaryDirectory(prefix="factcheck-scale-") as tmp:
        base = ClaimBase.from_result(arch)
        base.save(Path(tmp) / "base")
        new_file = Path(tmp) / "new.txt"
        new_file.write_text(new.text, encoding="utf-8")
        cmd = [str(Path(sys.executable).parent / "factcheck"), "check", str(new_file), "--base", str(Path(tmp) / "base")]
        times, code = [], None
        for _ in range(runs):
            t = time.perf_counter()
            done = subprocess.run(cmd, capture_output=True, text=True)
            times.append(time.perf_counter() - t)
            code = done.returncode
        print(f"check, 100k base   median {statistics.median(times):.2f} s wall over {runs} whole-process runs "
              f"(min {min(times):.2f}, max {max(times):.2f}); {len(base.claims):,} claims, exit {code}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=CORPUS)
    ap.add_argument("--cache-dir", type=Path, default=CACHE, help="embedding cache (default: factcheck's)")
    ap.add_argument("--sizes", default="10000,100000,1000000", help="archive sizes in claims")
    ap.add_argument("--recall-sizes", default="10000,100000", help="sizes at which to measure recall")
    ap.add_argument("--skip-encoders", action="store_true")
    ap.add_argument("--skip-check", action="store_true")
    ap.add_argument("--match-max", type=int, default=1_000_000,
                    help="run the whole flag decision up to this size (above it: the candidate search alone)")
    ap.add_argument("--mem-limit-gib", type=float, default=10.0,
                    help="address-space limit of each size's child process: a MemoryError, not the OOM killer")
    ap.add_argument("--copies", type=int, default=8,
                    help="at most this many copies of each story; more claims come as new stories (rotated "
                         "replicas). 0: every replica copies the same stories")
    ap.add_argument("--one", type=int, default=0, help=argparse.SUPPRESS)  # child: one size, JSON out
    ap.add_argument("--match", action="store_true", help=argparse.SUPPRESS)
    ap.add_argument("--with-recall", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if not args.corpus.exists():
        sys.exit(f"corpus not found: {args.corpus} (it lives in ../shared/benchmarks/)")
    if args.one:
        limit = int(args.mem_limit_gib * 2**30)
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
        print(json.dumps(one_size(args.one, args.corpus, args.cache_dir, args.with_recall, args.match, args.copies)))
        return

    print(f"machine            {os.cpu_count()} cores (shared with other jobs: compare on an idle machine)")
    bbc_result(args.corpus, args.cache_dir)  # fills the embedding cache once
    recall_sizes = {int(s) for s in args.recall_sizes.split(",") if s}
    times: dict[int, float] = {}
    cpu: dict[int, float] = {}
    match_s: dict[int, float] = {}
    match_cpu: dict[int, float] = {}
    for size in (int(s) for s in args.sizes.split(",")):
        cmd = [sys.executable, __file__, "--one", str(size), "--corpus", str(args.corpus),
               "--cache-dir", str(args.cache_dir), "--mem-limit-gib", str(args.mem_limit_gib),
               "--copies", str(args.copies)]
        cmd += (["--with-recall"] if size in recall_sizes else []) + (["--match"] if size <= args.match_max else [])
        done = subprocess.run(cmd, capture_output=True, text=True)
        if done.returncode:
            print(f"{size:>9,} claims: failed\n{done.stderr[-2000:]}")
            continue
        r = json.loads(done.stdout.strip().splitlines()[-1])
        times[size], cpu[size] = r["cand_s"], r["cand_cpu_s"]
        line = (f"{r['claims']:>9,} claims  {r['mentions']:>9,} figures  archive {r['peak_before_match_mib'] / 1024:.2f} GiB"
                f"\n    candidate search {r['cand_s']:7.1f} s (CPU {r['cand_cpu_s']:.1f} s), {r['candidates']:,} pairs, "
                f"peak {r['peak_cand_mib'] / 1024:.2f} GiB")
        if "match_s" in r:
            match_s[size], match_cpu[size] = r["match_s"], r["match_cpu_s"]
            line += (f"\n    whole match      {r['match_s']:7.1f} s (CPU {r['match_cpu_s']:.1f} s), peak "
                     f"{r['peak_mib'] / 1024:.2f} GiB, flags {r['flags']:,} ({r['conflicts']:,} conflicts)")
        elif "match" in r:
            line += f"\n    whole match      {r['match']} under the {args.mem_limit_gib:g} GiB limit"
        if "recall" in r:
            line += (f"\n    recall {100 * r['recall']:.2f}% of {r['recall_pairs']:,} exact pairs "
                     f"({r['recall_figures']:,} figures in groups > 1,000; {r['recall_s']:.0f} s)")
        print(line, flush=True)
    sizes = sorted(times)
    for a, b in zip(sizes, sizes[1:]):
        print(f"growth {a:,} -> {b:,}: candidate search exponent {math.log(times[b] / times[a]) / math.log(b / a):.2f} "
              f"(wall), {math.log(cpu[b] / cpu[a]) / math.log(b / a):.2f} (CPU)"
              + (f"; whole match {math.log(match_s[b] / match_s[a]) / math.log(b / a):.2f} (wall), "
                 f"{math.log(match_cpu[b] / match_cpu[a]) / math.log(b / a):.2f} (CPU)"
                 if a in match_s and b in match_s else ""))
    if not args.skip_encoders:
        encoder_rates(args.corpus, args.cache_dir)
    if not args.skip_check:
        check_wall(args.corpus, args.cache_dir)


if __name__ == "__main__":
    main()
