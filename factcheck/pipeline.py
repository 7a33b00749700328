"""The stages of a run, as public functions, and the one place that strings them together.

    load_sources → extract_claims → find_mentions → embed_mentions → find_flags

``find_flags`` (``factcheck.match.run``) is the whole matcher: candidates, the aligned
channel, the flag decision and each article's own bracketed conversions. ``analyse`` and
``run`` are the batch run; ``factcheck check``, ``factcheck update``, ``explain`` and the
benchmarks compose the same functions.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from factcheck.errors import UsageError
from factcheck.extract.claims import extract_all
from factcheck.extract.load import load
from factcheck.extract.mentions import mentions as _mentions
from factcheck.match.decide import Decision
from factcheck.match.embed import Embedder, VectorCache, embed
from factcheck.match.learned import DecisionModel, current
from factcheck.match.near import closeness
from factcheck.match.run import find_flags
from factcheck.match.stories import Story, assign
from factcheck.progress import NULL, Progress
from factcheck.records import Article, Claim, Flag, Mention, Note


@dataclass
class Result:
    """Everything a run found: ``vectors[i]`` embeds ``mentions[i]``."""

    articles: list[Article]
    claims: list[Claim]
    mentions: list[Mention]
    vectors: np.ndarray
    flags: list[Flag]
    notes: list[Note]
    model: str
    seconds: dict[str, float] = field(default_factory=dict)
    embedded: int = 0  # texts the model had to encode (the rest came from the cache)
    stories: list[Story] = field(default_factory=list)  # which articles report one event (match.stories)

    @property
    def article_index(self) -> dict[str, Article]:
        return {a.id: a for a in self.articles}

    @property
    def claim_index(self) -> dict[str, Claim]:
        return {c.id: c for c in self.claims}


class Clock:
    """Seconds spent per stage."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}
        self.t = time.perf_counter()

    def restart(self) -> None:
        """Leave what happened since the last lap out of every stage (the model's start-up)."""
        self.t = time.perf_counter()

    def lap(self, stage: str) -> None:
        now = time.perf_counter()
        self.seconds[stage] = self.seconds.get(stage, 0.0) + now - self.t
        self.t = now


# -- the stages


def load_sources(sources: Iterable[str | Path]) -> tuple[list[Article], list[Note]]:
    """Every article under ``sources`` (files or folders), each with its story (given or inferred:
    ``match.stories``), and notes on what was recovered."""
    articles, notes = load(sources)
    return assign(articles)[0], notes


def extract_claims(articles: Iterable[Article], notes: list[Note] | None = None) -> list[Claim]:
    """The sentences that carry figures, with the figures parsed, in article order; figures
    that cannot be true become notes in ``notes`` when it is given."""
    return extract_all(articles, notes)


def find_mentions(claims: Sequence[Claim], articles: Iterable[Article]) -> list[Mention]:
    """Each comparable figure of the claims with what it measures."""
    return _mentions(claims, {a.id: a for a in articles})


def embed_mentions(ms: Sequence[Mention], embedder: Embedder, cache: VectorCache | None = None
                   ) -> tuple[np.ndarray, int]:
    """One unit vector per mention (its masked context), and how many the model encoded."""
    if not ms:
        return np.zeros((0, embedder.dim), dtype=np.float32), 0
    return embed([m.window for m in ms], embedder, cache)


# -- whole runs


def analyse(articles: list[Article], notes: list[Note], embedder: Embedder,
            cache: VectorCache | None = None, threshold: float | None = None,
            clock: Clock | None = None, progress: Progress = NULL, decision: DecisionModel | None = None) -> Result:
    """Claims, mentions, vectors and flags for articles already loaded. ``decision``: the
    same-attribute model (default: ``learned.current()``, found here once)."""
    clock = clock or Clock()
    progress.stage("claims")
    articles, stories = assign(articles)
    notes = list(notes)
    claims = extract_claims(progress.items(articles), notes)
    ms = find_mentions(claims, articles)
    clock.lap("claims")
    progress.stage("embed")
    vecs, computed = embed_mentions(ms, progress.embedder(embedder), cache)
    close = closeness(ms, embedder, cache, articles)
    clock.lap("embed")
    progress.stage("match")
    flags = find_flags(ms, vecs, claims, articles, decision or current(), threshold=threshold, close=close).flags
    clock.lap("match")
    progress.close()
    return Result(articles, claims, ms, vecs, flags, notes, embedder.identity, clock.seconds, computed, stories)


def run(sources: Iterable[str | Path], embedder: Embedder, cache: VectorCache | None = None,
        threshold: float | None = None, progress: Progress = NULL, decision: DecisionModel | None = None) -> Result:
    """Load every article under ``sources`` and find the discrepancies between them."""
    clock = Clock()
    progress.stage("load")
    articles, notes = load_sources(sources)
    clock.lap("load")
    return analyse(articles, notes, embedder, cache, threshold, clock, progress, decision)


def explain(articles: Sequence[Article], claim_a: str, claim_b: str, embedder: Embedder,
            cache: VectorCache | None = None, threshold: float | None = None, decision: DecisionModel | None = None
            ) -> tuple[Claim, Claim, list[Decision]]:
    """Every figure pair of two claims decided as the batch decides it (one-to-one pairing
    within their two articles included), flagged or not, each with its reason."""
    articles = assign(articles)[0]
    claims = {c.id: c for c in extract_claims(articles)}
    missing = [cid for cid in (claim_a, claim_b) if cid not in claims]
    if missing:
        raise UsageError(f"no claim {', '.join(missing)} in these sources: claim ids are in report.json "
                         "(\"claims\": [{\"id\": ...}]); pass the sources the report was made from")
    ca, cb = claims[claim_a], claims[claim_b]
    if ca.article_id == cb.article_id:
        raise UsageError(f"{claim_a} and {claim_b} are in the same article ({ca.article_id}): "
                         "factcheck compares figures across articles only")
    sides = [[c for c in claims.values() if c.article_id == aid] for aid in (ca.article_id, cb.article_id)]
    arts = [a for a in articles if a.id in (ca.article_id, cb.article_id)]
    ms = [*find_mentions(sides[0], arts), *find_mentions(sides[1], arts)]
    vecs, _ = embed_mentions(ms, embedder, cache)
    decisions = find_flags(ms, vecs, [*sides[0], *sides[1]], arts, decision or current(), threshold=threshold,
                           close=closeness(ms, embedder, cache, arts),
                           every=True, between=ca.article_id).decisions
    wanted = {claim_a, claim_b}
    return ca, cb, [d for d in decisions if {d.a.claim.id, d.b.claim.id} == wanted]
