"""The batch run, stage by stage: load → claims → mentions → embed → match → flags.

Only this module knows the order of the stages.
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from factcheck.extract.attributes import Mention, mentions
from factcheck.extract.claims import extract_all
from factcheck.extract.load import load
from factcheck.match.decide import SIMILARITY, find_flags
from factcheck.match.embed import Embedder, VectorCache, embed
from factcheck.progress import NULL, Progress
from factcheck.records import Article, Claim, Flag, Note


@dataclass
class Result:
    articles: list[Article]
    claims: list[Claim]
    mentions: list[Mention]
    vectors: np.ndarray
    flags: list[Flag]
    notes: list[Note]
    model: str
    seconds: dict[str, float] = field(default_factory=dict)
    embedded: int = 0  # texts the model had to encode (the rest came from the cache)

    @property
    def article_index(self) -> dict[str, Article]:
        return {a.id: a for a in self.articles}

    @property
    def claim_index(self) -> dict[str, Claim]:
        return {c.id: c for c in self.claims}


class _Clock:
    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}
        self.t = time.perf_counter()

    def lap(self, stage: str) -> None:
        now = time.perf_counter()
        self.seconds[stage] = self.seconds.get(stage, 0.0) + now - self.t
        self.t = now


def analyse(articles: list[Article], notes: list[Note], embedder: Embedder,
            cache: VectorCache | None = None, threshold: float = SIMILARITY,
            clock: _Clock | None = None, progress: Progress = NULL) -> Result:
    """Claims, mentions, vectors and flags for articles already loaded."""
    clock = clock or _Clock()
    progress.stage("claims")
    claims = extract_all(progress.items(articles))
    index = {a.id: a for a in articles}
    ms = mentions(claims, index)
    clock.lap("claims")
    progress.stage("embed")
    vecs, computed = embed([m.window for m in ms], progress.embedder(embedder), cache)
    clock.lap("embed")
    progress.stage("match")
    flags = find_flags(claims, index, ms, vecs, threshold=threshold)
    clock.lap("match")
    progress.close()
    return Result(articles, claims, ms, vecs, flags, notes, embedder.identity, clock.seconds, computed)


def run(sources: Iterable[str | Path], embedder: Embedder, cache: VectorCache | None = None,
        threshold: float = SIMILARITY, progress: Progress = NULL) -> Result:
    """Load every article under ``sources`` and find the discrepancies between them."""
    clock = _Clock()
    progress.stage("load")
    articles, notes = load(sources)
    clock.lap("load")
    return analyse(articles, notes, embedder, cache, threshold, clock, progress)
