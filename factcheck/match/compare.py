"""Pair-level judgement of two passages: the batch's own matching, on two texts.

``compare_texts`` treats each passage as an article, extracts its claims and mentions, and
runs exactly the matcher the batch run uses (``same_attribute``, then ``make_flag``).
The outcome of a pair is the strongest thing found: ``conflict`` > ``changed`` > ``agree``
(figures matched and consistent) > ``unrelated`` (no figures matched).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from factcheck.extract.attributes import mentions
from factcheck.extract.claims import extract
from factcheck.extract.dates import publication_date
from factcheck.extract.normalize import repair
from factcheck.match.candidates import candidate_pairs
from factcheck.match.decide import SIMILARITY, make_flag, same_attribute
from factcheck.match.embed import Embedder, VectorCache, embed
from factcheck.records import Article, Claim, Flag


@dataclass(frozen=True)
class PairOutcome:
    kind: str  # "conflict" | "changed" | "agree" | "unrelated"
    flags: tuple[Flag, ...]
    matched: int  # figure pairs the matcher took to be the same attribute
    claims: dict[str, Claim] = field(default_factory=dict)  # every claim of both passages, by id


def _article(aid: str, text: str, date: str | None) -> Article:
    fixed = repair(text).text
    return Article(id=aid, path=aid, record=1, line=1, title="", date=date or publication_date(fixed),
                   text=fixed)


def compare_texts(pairs: Sequence[tuple[str, str]], embedder: Embedder, cache: VectorCache | None = None,
                  threshold: float = SIMILARITY, dates: Sequence[tuple[str | None, str | None]] | None = None,
                  ) -> list[PairOutcome]:
    """Judge each (passage A, passage B) pair; all contexts are embedded in one batch."""
    prepared = []
    for k, (a_text, b_text) in enumerate(pairs):
        da, db = dates[k] if dates else (None, None)
        arts = {"A": _article("A", a_text, da), "B": _article("B", b_text, db)}
        claims = extract(arts["A"]) + extract(arts["B"])
        prepared.append((arts, claims, mentions(claims, arts)))
    windows = [m.window for _, _, ms in prepared for m in ms]
    vecs, _ = embed(windows, embedder, cache) if windows else (np.zeros((0, 1), np.float32), 0)
    out, pos = [], 0
    for arts, claims, ms in prepared:
        v = vecs[pos:pos + len(ms)]
        pos += len(ms)
        candidates = ((ms[i], ms[j], c) for i, j, c in candidate_pairs(ms, v, floor=threshold))
        kept = same_attribute(candidates, threshold)
        flags = [f for f in (make_flag(claims, arts, a, b, c) for a, b, c in kept) if f]
        kinds = {f.kind for f in flags}
        kind = ("conflict" if "conflict" in kinds else "changed" if "changed" in kinds
                else "agree" if kept else "unrelated")
        out.append(PairOutcome(kind, tuple(flags), len(kept), {c.id: c for c in claims}))
    return out
