"""Candidate pairs: mentions of the same dimension in different articles whose contexts are
close in embedding space. Every pair the matcher judges starts here."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Sequence

import numpy as np

from factcheck.records import Mention

CHUNK = 2048  # rows of the similarity matrix computed at once: bounds memory


def candidate_pairs(ms: Sequence[Mention], vecs: np.ndarray, floor: float) -> Iterator[tuple[int, int, float]]:
    """Index pairs (i < j) of mentions in different articles, same dimension, cosine >= floor."""
    groups: dict[str, list[int]] = defaultdict(list)
    for i, m in enumerate(ms):
        groups[m.dimension].append(i)
    for idx in groups.values():
        if len(idx) < 2:
            continue
        ids = np.asarray(idx)
        arts = np.asarray([hash(ms[i].article_id) for i in idx])
        v = vecs[ids]
        for lo in range(0, len(ids), CHUNK):
            sims = v[lo:lo + CHUNK] @ v.T
            rows, cols = np.nonzero(sims >= floor)
            for r, c in zip(rows, cols):
                i, j = lo + int(r), int(c)
                if j <= i or arts[i] == arts[j]:
                    continue
                yield int(ids[i]), int(ids[j]), float(sims[r, c])


def all_pairs(a: Sequence[Mention], va: np.ndarray, b: Sequence[Mention], vb: np.ndarray
              ) -> Iterator[tuple[Mention, Mention, float]]:
    """Every pair of a figure in ``a`` with one in ``b``, whatever its dimension or cosine:
    what ``factcheck explain`` decides, to say why a pair was or was not flagged."""
    sims = va @ vb.T if len(a) and len(b) else np.zeros((len(a), len(b)), np.float32)
    for i, m in enumerate(a):
        for j, n in enumerate(b):
            yield m, n, float(sims[i, j])
