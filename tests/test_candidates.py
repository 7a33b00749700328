"""The candidate search: exact for small groups, HNSW (faiss) for large ones, brute force as the oracle."""

from __future__ import annotations

import numpy as np
import pytest

from factcheck.match.candidates import candidate_pairs, knn_pairs
from factcheck.records import Claim, Mention


def _mention(i: int, article: str, dimension: str) -> Mention:
    claim = Claim(id=f"c{i}", article_id=article, text=f"claim {i}", start=0, end=7, file_start=0, file_end=7,
                  line=1, quantities=())
    return Mention(claim=claim, index=0, article_path=article, article_record=1, date=None, dimension=dimension,
                   role=None, total=False, hedged=False, periods=frozenset(), moving=False, round=None,
                   times=frozenset(), subjects=frozenset(), window=f"w{i}", measure="amount")


def clustered(n: int, dim: int = 64, clusters: int = 300, noise: float = 0.05, seed: int = 0) -> np.ndarray:
    """Unit vectors around random centres: like figure contexts, many near neighbours, many far."""
    rng = np.random.default_rng(seed)
    centres = rng.normal(size=(clusters, dim))
    v = centres[rng.integers(0, clusters, n)] + rng.normal(scale=noise * np.sqrt(dim) / 4, size=(n, dim))
    return (v / np.linalg.norm(v, axis=1, keepdims=True)).astype(np.float32)


def brute_force(ms, vecs, floor):
    """Every pair i < j of one dimension, from two articles, at or over the floor (all n² compared)."""
    dims, arts = np.array([m.dimension for m in ms]), np.array([m.article_id for m in ms])
    keep = (dims[:, None] == dims[None, :]) & (arts[:, None] != arts[None, :]) & (vecs @ vecs.T >= floor)
    i, j = np.nonzero(np.triu(keep, k=1))
    return set(zip(i.tolist(), j.tolist()))


def test_small_groups_give_every_pair_over_the_floor():
    vecs = clustered(600, clusters=40)
    ms = [_mention(i, f"a{i % 50}", "percent" if i % 3 else "money:USD") for i in range(len(vecs))]
    got = list(candidate_pairs(ms, vecs, 0.8))
    assert {(i, j) for i, j, _ in got} == brute_force(ms, vecs, 0.8)
    assert all(i < j and abs(c - float(vecs[i] @ vecs[j])) < 1e-5 for i, j, c in got)
    assert len(got) == len({(i, j) for i, j, _ in got})


@pytest.mark.slow  # the quick loop leaves it out (`make test` runs it)
def test_hnsw_finds_what_exact_search_finds():
    vecs = clustered(6000)
    arts = np.arange(len(vecs)) // 4  # four figures an article
    er, ec, es = knn_pairs(vecs, arts, 0.6, k=16, exact=True)
    ar, ac, as_ = knn_pairs(vecs, arts, 0.6, k=16)
    exact, approx = set(zip(er.tolist(), ec.tolist())), set(zip(ar.tolist(), ac.tolist()))
    assert len(exact) > 20_000
    assert len(exact & approx) / len(exact) >= 0.99
    assert all(arts[i] != arts[j] for i, j in approx)  # never within one article
    assert (ar < ac).all() and (es >= 0.6).all() and (as_ >= 0.6).all()
    assert np.allclose(as_, (vecs[ar] * vecs[ac]).sum(axis=1), atol=1e-4)


@pytest.mark.slow  # the quick loop leaves it out (`make test` runs it)
def test_large_groups_use_the_index_and_keep_k_per_figure():
    vecs = clustered(3000, clusters=20)  # about 150 neighbours each: more than k
    ms = [_mention(i, f"a{i // 3}", "percent") for i in range(len(vecs))]
    exact = brute_force(ms, vecs, 0.7)
    got = {(i, j) for i, j, _ in candidate_pairs(ms, vecs, 0.7, exact_max=1000, k=8)}
    assert got <= exact  # every candidate is a real pair over the floor
    per_figure = np.bincount(np.asarray([x for p in got for x in p]), minlength=len(vecs))
    assert len(got) <= 8 * len(vecs) < len(exact) / 5  # at most k a figure found from its side: not quadratic
    assert np.median(per_figure) >= 8


@pytest.mark.parametrize("n", [0, 1, 2])
def test_tiny_inputs(n):
    vecs = clustered(max(n, 1))[:n]
    ms = [_mention(i, f"a{i}", "percent") for i in range(n)]
    assert len(list(candidate_pairs(ms, vecs, 0.5, exact_max=0))) <= 1


def test_an_archive_bounds_every_group_by_nearest_neighbours():
    vecs = clustered(1200, clusters=10)
    ms = [_mention(i, f"a{i // 2}", f"count:g{i % 4}") for i in range(len(vecs))]  # four groups of 300
    got = {(i, j) for i, j, _ in candidate_pairs(ms, vecs, 0.6, exact_max=1000, k=5)}  # 1,200 > 1,000: an archive
    want = set()
    for g in range(4):
        idx = np.arange(g, len(vecs), 4)
        arts = np.asarray([i // 2 for i in idx])
        r, c, _ = knn_pairs(vecs[idx], arts, 0.6, k=5, exact=True)  # small groups: brute force, the same k
        want |= {(int(idx[a]), int(idx[b])) for a, b in zip(r, c)}
    assert got == {(min(p), max(p)) for p in want}
    assert len(got) < len(brute_force(ms, vecs, 0.6)) / 3


def test_converted_figures_written_alike_pair_below_the_floor():
    from factcheck.extract.mentions import mentions
    from factcheck.match.candidates import all_candidates, converted_pairs

    from .helpers import article, claim

    texts = {"a.txt#1": "The court cut the claim of $280bn (£149bn) against the tobacco firms.",
             "b.txt#1": "Prosecutors had sought $280bn (£155bn) in what they call ill-gotten profits.",
             "c.txt#1": "Its profits reached $280bn last year, the firm said."}  # no conversion: not paired
    cs = [claim(t, k) for k, t in texts.items()]
    ms = [m for m in mentions(cs, {k: article(t, k) for k, t in texts.items()}) if m.quantity.text == "$280bn"]
    assert len(ms) == 3
    far = np.eye(3, 8, dtype=np.float32)  # orthogonal contexts: cosine 0, under any floor
    assert list(converted_pairs(ms, far, 0.5)) == [(0, 1, 0.0)]
    assert list(candidate_pairs(ms, far, 0.5)) == []
    assert [p[:2] for p in all_candidates(ms, far, 0.5)] == [(0, 1)]
    near = np.ones((3, 8), dtype=np.float32) / np.sqrt(8)  # at the floor the cosine search has them already
    assert list(converted_pairs(ms, near, 0.5)) == []
