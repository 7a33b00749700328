"""Ranking passages against a query set, and the metrics that score a ranking.

``rank`` orders documents for each query by fusing two scores: the cosine of the model's
embeddings (the better of the document's text and its title, when it has one) and BM25
over words. By default the two rankings are merged by reciprocal-rank fusion; min-max
score fusion (``fuse``) and plain cosine are options. The choices were made on the
CLEF-2020 CheckThat! Task 2 dev set (``bench/eval_clef.py``; figures in docs/EVAL.md).

The metrics follow trec_eval, as the CLEF-2020 scorer does: ``average_precision`` at depth
k sums the precision at each relevant document ranked within the first k and divides by
the number of relevant documents.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from factcheck.extract.clauses import mask_figures
from factcheck.extract.quantities import parse_quantities
from factcheck.match.embed import Embedder, VectorCache, embed

FUSION = "rrf"  # how ``rank`` combines cosine and BM25: the best on the CLEF-2020 dev set
RRF_K = 60  # the usual constant of reciprocal-rank fusion; not tuned
WEIGHT = 0.6  # share of the cosine in min-max fusion: the best of 0, 0.1 ... 1 on the CLEF-2020 dev set
K1, B = 1.2, 0.75  # BM25's usual constants
_TOKEN = re.compile(r"(?u)\b\w\w+\b")


# ---------------------------------------------------------------- metrics

def average_precision(ranking: Sequence[str], relevant: Iterable[str], k: int = 5) -> float:
    """Average precision at depth ``k``: 1/rank for one relevant document ranked within k, else 0."""
    rel = set(relevant)
    if not rel:
        return 0.0
    hits, total = 0, 0.0
    for i, doc in enumerate(ranking[:k], start=1):
        if doc in rel:
            hits += 1
            total += hits / i
    return total / len(rel)


def reciprocal_rank(ranking: Sequence[str], relevant: Iterable[str]) -> float:
    """1 / the rank of the first relevant document; 0 when none is ranked."""
    rel = set(relevant)
    for i, doc in enumerate(ranking, start=1):
        if doc in rel:
            return 1.0 / i
    return 0.0


def recall(ranking: Sequence[str], relevant: Iterable[str], k: int) -> float:
    """Share of the relevant documents ranked within the first ``k``."""
    rel = set(relevant)
    return len(rel & set(ranking[:k])) / len(rel) if rel else 0.0


@dataclass(frozen=True)
class Scores:
    queries: int
    map5: float
    mrr: float
    recall: tuple[tuple[int, float], ...]  # (k, Recall@k)

    def as_row(self) -> dict[str, float]:
        return {"MAP@5": self.map5, "MRR": self.mrr, **{f"R@{k}": r for k, r in self.recall}}


def score_rankings(rankings: Mapping[str, Sequence[str]], qrels: Mapping[str, Iterable[str]],
                   ks: Sequence[int] = (1, 5, 20)) -> Scores:
    """MAP@5, MRR and Recall@k averaged over the queries of ``qrels``; a query with no
    ranking scores 0."""
    qids = sorted(qrels)
    if not qids:
        raise ValueError("no queries to score")
    rels = {q: set(qrels[q]) for q in qids}
    runs = {q: list(rankings.get(q, ())) for q in qids}

    def mean(xs: list[float]) -> float:
        return float(np.mean(xs))

    return Scores(
        queries=len(qids),
        map5=mean([average_precision(runs[q], rels[q], 5) for q in qids]),
        mrr=mean([reciprocal_rank(runs[q], rels[q]) for q in qids]),
        recall=tuple((k, mean([recall(runs[q], rels[q], k) for q in qids])) for k in ks),
    )


# ---------------------------------------------------------------- texts

def mask_numbers(text: str) -> str:
    """``text`` with every quantity the parser finds replaced by its kind, as the matcher
    masks its contexts: "$3bn in 2019" -> "[MONEY] in [YEAR]"."""
    return mask_figures(text, parse_quantities(text))


# ---------------------------------------------------------------- scores

class BM25:
    """Okapi BM25 over lower-cased words (two letters or more), fitted on the documents."""

    def __init__(self, docs: Sequence[str], k1: float = K1, b: float = B) -> None:
        from sklearn.feature_extraction.text import CountVectorizer

        self.vectorizer = CountVectorizer(token_pattern=_TOKEN.pattern, lowercase=True)
        tf = self.vectorizer.fit_transform(docs).tocsc().astype(np.float32)
        n = tf.shape[0]
        df = np.diff(tf.indptr)
        self.idf = np.log(1.0 + (n - df + 0.5) / (df + 0.5)).astype(np.float32)
        lengths = np.asarray(tf.sum(axis=1)).ravel()
        norm = k1 * (1.0 - b + b * lengths / max(float(lengths.mean()), 1e-9))
        tf = tf.tocoo()
        weights = tf.data * (k1 + 1.0) / (tf.data + norm[tf.row])
        from scipy.sparse import csr_matrix  # type: ignore[import-untyped]

        self.weights = csr_matrix((weights * self.idf[tf.col], (tf.row, tf.col)), shape=tf.shape)

    def scores(self, queries: Sequence[str]) -> np.ndarray:
        """(queries × documents) BM25 scores; each query word counts once."""
        q = self.vectorizer.transform(queries)
        q.data[:] = 1.0
        out: np.ndarray = np.asarray((q @ self.weights.T).todense(), dtype=np.float32)
        return out


def _minmax(s: np.ndarray) -> np.ndarray:
    lo = s.min(axis=1, keepdims=True)
    span = s.max(axis=1, keepdims=True) - lo
    out: np.ndarray = (s - lo) / np.where(span > 0, span, 1.0)
    return out


def fuse(cosine: np.ndarray, bm25: np.ndarray, weight: float = WEIGHT) -> np.ndarray:
    """``weight * cosine + (1 - weight) * bm25``, both min-max normalised per query (row)."""
    if not 0.0 <= weight <= 1.0:
        raise ValueError(f"weight must be between 0 and 1, got {weight}")
    if weight == 1.0:
        return cosine
    return weight * _minmax(cosine) + (1.0 - weight) * _minmax(bm25)


def top(scores: np.ndarray, n: int) -> np.ndarray:
    """Column indices of the ``n`` best scores of each row, best first (ties: lower index first)."""
    n = min(n, scores.shape[1])
    part = np.argpartition(-scores, n - 1, axis=1)[:, :n] if n < scores.shape[1] else \
        np.tile(np.arange(scores.shape[1]), (scores.shape[0], 1))
    rows = np.arange(scores.shape[0])[:, None]
    order = np.lexsort((part, -scores[rows, part]), axis=1)
    return part[rows, order]


def rrf(*scores: np.ndarray, k: int = RRF_K) -> np.ndarray:
    """Reciprocal-rank fusion: for each row, the sum over the scorings of 1 / (k + rank),
    rank 1 being the best score of that scoring (ties: the lower index ranks first)."""
    if not scores:
        raise ValueError("rrf needs at least one score matrix")
    out = np.zeros(scores[0].shape, dtype=np.float64)
    rows = np.arange(scores[0].shape[0])[:, None]
    for s in scores:
        order = np.argsort(-s, axis=1, kind="stable")
        ranks = np.empty(s.shape, dtype=np.int64)
        ranks[rows, order] = np.arange(1, s.shape[1] + 1)
        out += 1.0 / (k + ranks)
    return out


FUSIONS = ("rrf", "minmax", "cosine")


def rank(queries: Sequence[str], docs: Sequence[str], embedder: Embedder, cache: VectorCache | None = None,
         n: int = 20, titles: Sequence[str] | None = None, fusion: str = FUSION, weight: float = WEIGHT,
         bm25: BM25 | None = None) -> np.ndarray:
    """For each query, the indices of the ``n`` best documents, best first.

    ``fusion`` says how the cosine of the embeddings and BM25 combine: ``"rrf"``
    (reciprocal-rank fusion, the default), ``"minmax"`` (``fuse`` with ``weight``) or
    ``"cosine"`` (the embeddings alone). ``titles`` gives each document a second text, its
    headline: the cosine is then the better of the two, and BM25 reads both. Pass ``bm25``
    (fitted on the same texts) to reuse one index across calls.
    """
    if fusion not in FUSIONS:
        raise ValueError(f"unknown fusion {fusion!r}; choose one of {', '.join(FUSIONS)}")
    if titles is not None and len(titles) != len(docs):
        raise ValueError(f"{len(titles)} titles for {len(docs)} documents: give one title per document")
    if not docs:
        return np.zeros((len(queries), 0), dtype=np.int64)
    qv, _ = embed(list(queries), embedder, cache)
    dv, _ = embed(list(docs), embedder, cache)
    scores = qv @ dv.T
    if titles is not None:
        tv, _ = embed(list(titles), embedder, cache)
        scores = np.maximum(scores, qv @ tv.T)
    if fusion != "cosine":
        bm25 = bm25 or BM25(docs if titles is None else [f"{d} {t}" for d, t in zip(docs, titles)])
        lexical = bm25.scores(queries)
        scores = rrf(scores, lexical) if fusion == "rrf" else fuse(scores, lexical, weight)
    return top(scores, n)
