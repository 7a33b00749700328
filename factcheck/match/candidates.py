"""Candidate pairs: mentions of the same dimension in different articles whose contexts are
close in embedding space. Every pair the matcher judges starts here.

An input of up to ``EXACT_MAX`` mentions (a batch: the 2,225 BBC articles hold 8,849) is
searched exhaustively: every pair in a dimension group with a cosine at or above the floor.
In a larger input (an archive) each figure gets its ``NEIGHBOURS`` nearest figures of other
articles, kept when at or above the floor: by brute force in groups of up to ``HNSW_MIN``
figures, through an approximate nearest-neighbour index (faiss HNSW, inner product on unit
vectors) in larger ones. That bounds the pairs per figure, so the search grows as n log n
instead of n². On the BBC claims,
8,634 of 8,849 figures have at most 10 others at cosine 0.65 or more (the lowest bar a pair
must reach to be compared by attribute) and none more than 43.
``knn_pairs(..., exact=True)`` answers the same question by brute force: the oracle of the
tests and of ``bench/scale.py``'s recall figure.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Sequence

import numpy as np

from factcheck.extract.clauses import conversions_of
from factcheck.kinds import is_year_like
from factcheck.match.near import story_groups
from factcheck.records import Mention

CHUNK = 2048  # rows of the similarity matrix computed at once: bounds memory
EXACT_MAX = 20_000  # an input of up to this many mentions is searched exhaustively
HNSW_MIN = 2000  # in a larger input, a group of more than this many mentions is searched through HNSW
NEIGHBOURS = 10  # nearest figures of other articles kept per figure in a larger input
HNSW_LINKS = 16  # faiss HNSW: links per node
HNSW_BUILD = 40  # faiss HNSW: candidate list while building (efConstruction)
HNSW_SEARCH = 48  # faiss HNSW: candidate list while searching (efSearch), at least NEIGHBOURS + spare
CONVERTED_MAX = 50  # a converted figure written alike in more mentions than this is too common to pair on


def candidate_pairs(ms: Sequence[Mention], vecs: np.ndarray, floor: float,
                    exact_max: int = EXACT_MAX, k: int = NEIGHBOURS) -> Iterator[tuple[int, int, float]]:
    """Index pairs (i < j) of mentions in different articles, same dimension, cosine >= floor.

    Up to ``exact_max`` mentions: every such pair. More: each mention's ``k`` nearest of
    other articles (approximate in groups over ``HNSW_MIN``), the pairs found from either side."""
    groups: dict[str, list[int]] = defaultdict(list)
    for i, m in enumerate(ms):
        groups[m.dimension].append(i)
    articles: dict[str, int] = {}
    for idx in groups.values():
        if len(idx) < 2:
            continue
        ids = np.asarray(idx)
        arts = np.asarray([articles.setdefault(ms[i].article_id, len(articles)) for i in idx])
        v = np.ascontiguousarray(vecs[ids], dtype=np.float32)
        if len(ms) <= exact_max:
            yield from _all_pairs(ids, arts, v, floor)
        else:
            rows, cols, sims = knn_pairs(v, arts, floor, k, exact=len(idx) <= HNSW_MIN)
            for r, c, s in zip(ids[rows].tolist(), ids[cols].tolist(), sims.tolist()):
                yield (r, c, s) if r < c else (c, r, s)


def converted_pairs(ms: Sequence[Mention], vecs: np.ndarray, floor: float) -> Iterator[tuple[int, int, float]]:
    """Index pairs (i < j) the cosine search leaves out (cosine below ``floor``) of one money
    figure written alike in two articles and each time converted in brackets ("$280bn
    (£149bn)" / "$280bn (£155bn)"): the figure itself is the evidence that the conversions
    are of one thing, however differently the two sentences go on. ``decide.judge_conversions``
    still asks for a shared subject, role word or story before it compares them. A figure
    converted in more than ``CONVERTED_MAX`` mentions ("$1bn") says nothing by itself."""
    groups: dict[tuple[str, float], list[int]] = defaultdict(list)
    for i, m in enumerate(ms):
        if m.quantity.kind == "money" and conversions_of(m.claim, m.index):
            groups[(m.dimension, m.quantity.value)].append(i)
    for idx in groups.values():
        if len(idx) > CONVERTED_MAX:
            continue
        for x, i in enumerate(idx):
            for j in idx[x + 1:]:
                if ms[i].article_id != ms[j].article_id:
                    cos = float(np.dot(vecs[i], vecs[j]))
                    if cos < floor:
                        yield i, j, cos


def all_candidates(ms: Sequence[Mention], vecs: np.ndarray, floor: float) -> Iterator[tuple[int, int, float]]:
    """Every pair the flag decision weighs: the cosine search's, then ``converted_pairs``."""
    yield from candidate_pairs(ms, vecs, floor)
    yield from converted_pairs(ms, vecs, floor)


def _all_pairs(ids: np.ndarray, arts: np.ndarray, v: np.ndarray, floor: float) -> Iterator[tuple[int, int, float]]:
    for lo in range(0, len(ids), CHUNK):
        sims = v[lo:lo + CHUNK] @ v.T
        rows, cols = np.nonzero(sims >= floor)
        keep = (cols > rows + lo) & (arts[rows + lo] != arts[cols])
        rows, cols = rows[keep], cols[keep]
        yield from zip(ids[rows + lo].tolist(), ids[cols].tolist(), sims[rows, cols].astype(float).tolist())


def knn_pairs(v: np.ndarray, arts: np.ndarray, floor: float, k: int = NEIGHBOURS,
              exact: bool = False) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Each row's ``k`` nearest rows of other articles with cosine >= ``floor``, as unique
    pairs (row < col) with their cosines, sorted. ``exact``: by brute force, else through HNSW."""
    n = len(v)
    spare = k + 8  # rows of the same article crowd the nearest; ask for a few more
    if exact:
        nbr, sim = _exact_knn(v, spare)
    else:
        nbr, sim = _hnsw_knn(v, spare)
    rows = np.repeat(np.arange(n), nbr.shape[1]).reshape(nbr.shape)
    ok = (nbr >= 0) & (sim >= floor)
    ok &= arts[rows] != arts[np.where(nbr >= 0, nbr, 0)]
    # keep the k nearest of other articles per row (nbr is sorted by similarity)
    ok &= np.cumsum(ok, axis=1) <= k
    r, c, s = rows[ok], nbr[ok], sim[ok]
    lo, hi = np.minimum(r, c), np.maximum(r, c)
    key, first = np.unique(lo.astype(np.int64) * n + hi, return_index=True)
    return (key // n).astype(np.int64), (key % n).astype(np.int64), s[first].astype(np.float32)


def _exact_knn(v: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    n = len(v)
    k = min(k, n - 1)
    nbr = np.empty((n, k), dtype=np.int64)
    sim = np.empty((n, k), dtype=np.float32)
    for lo in range(0, n, CHUNK):
        s = v[lo:lo + CHUNK] @ v.T
        s[np.arange(len(s)), np.arange(lo, lo + len(s))] = -np.inf  # not itself
        part = np.argpartition(-s, k - 1, axis=1)[:, :k]
        ps = np.take_along_axis(s, part, axis=1)
        order = np.argsort(-ps, axis=1, kind="stable")
        nbr[lo:lo + len(s)] = np.take_along_axis(part, order, axis=1)
        sim[lo:lo + len(s)] = np.take_along_axis(ps, order, axis=1)
    return nbr, sim


def _hnsw_knn(v: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    import faiss

    index = faiss.IndexHNSWFlat(v.shape[1], HNSW_LINKS, faiss.METRIC_INNER_PRODUCT)
    index.hnsw.efConstruction = HNSW_BUILD
    index.add(v)
    index.hnsw.efSearch = max(HNSW_SEARCH, k + 1)
    sim, nbr = index.search(v, k + 1)  # the first is mostly the row itself
    self_hit = nbr == np.arange(len(v))[:, None]
    sim = np.where(self_hit, -np.inf, sim)
    order = np.argsort(-sim, axis=1, kind="stable")
    nbr = np.take_along_axis(np.where(self_hit, -1, nbr), order, axis=1)[:, :k]
    sim = np.take_along_axis(sim, order, axis=1)[:, :k]
    return nbr.astype(np.int64), sim.astype(np.float32)


def all_pairs(a: Sequence[Mention], va: np.ndarray, b: Sequence[Mention], vb: np.ndarray
              ) -> Iterator[tuple[Mention, Mention, float]]:
    """Every pair of a figure in ``a`` with one in ``b``, whatever its dimension or cosine:
    what ``factcheck explain`` decides, to say why a pair was or was not flagged."""
    sims = va @ vb.T if len(a) and len(b) else np.zeros((len(a), len(b)), np.float32)
    for i, m in enumerate(a):
        for j, n in enumerate(b):
            yield m, n, float(sims[i, j])


def story_pairs(ms: Sequence[Mention], vecs: np.ndarray, known: set[tuple[int, int]]
                ) -> Iterator[tuple[int, int, float]]:
    """Index pairs (i < j) of figures of one story in different articles that ``known`` lacks,
    whatever their cosine: a story's reports reword, so its figures are compared by the story
    decision, not found by the context's cosine. Counts pair whatever their nouns ("30-car",
    "25-vehicle"); other figures only within one dimension; years and decades not at all (a
    story's years date its different events: "founded in 1900", "opened in 1912")."""
    for idx in story_groups(ms).values():
        if is_year_like(ms[idx[0]].quantity.kind):
            continue
        sims = vecs[idx] @ vecs[idx].T
        for x, i in enumerate(idx):
            for y in range(x + 1, len(idx)):
                j = idx[y]
                if ms[i].article_id != ms[j].article_id and (i, j) not in known:
                    yield i, j, float(sims[x, y])
