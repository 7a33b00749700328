"""Pair-level judgement of two passages: the batch's own stages and matcher, on two texts.

``compare_texts`` treats each passage as an article, extracts its claims and mentions, and
finds the flags with ``find_flags``, exactly as the batch run does. The
outcome of a pair is the strongest thing found: ``conflict`` > ``changed`` > ``agree``
(figures matched and consistent) > ``unrelated`` (no figures matched).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from factcheck.extract.claims import extract_all
from factcheck.extract.dates import publication_date
from factcheck.extract.mentions import mentions
from factcheck.extract.normalize import repair
from factcheck.match.embed import Embedder, VectorCache, embed
from factcheck.match.learned import DecisionModel, current
from factcheck.match.run import find_flags
from factcheck.records import Article, Claim, Flag

UNMATCHED = frozenset({"apart", "paired elsewhere"})  # decisions that found no shared attribute


@dataclass(frozen=True)
class PairOutcome:
    kind: str  # "conflict" | "changed" | "agree" | "unrelated"
    flags: tuple[Flag, ...]
    matched: int  # figure pairs the matcher took to be the same attribute
    claims: dict[str, Claim] = field(default_factory=dict)  # every claim of both passages, by id


def passage_article(article_id: str, text: str, date: str | None = None) -> Article:
    """A passage as a one-record article (repaired; dated from its text when no date is given)."""
    fixed = repair(text).text
    return Article(id=article_id, path=article_id, record=1, line=1, title="",
                   date=date or publication_date(fixed), text=fixed)


def compare_texts(pairs: Sequence[tuple[str, str]], embedder: Embedder, cache: VectorCache | None = None,
                  threshold: float | None = None, dates: Sequence[tuple[str | None, str | None]] | None = None,
                  decision: DecisionModel | None = None) -> list[PairOutcome]:
    """Judge each (passage A, passage B) pair; all contexts are embedded in one batch.
    ``decision``: the same-attribute model (default: ``learned.current()``, found here once)."""
    model = decision or current()
    prepared = []
    for k, (a_text, b_text) in enumerate(pairs):
        da, db = dates[k] if dates else (None, None)
        arts = [passage_article("A", a_text, da), passage_article("B", b_text, db)]
        claims = extract_all(arts)
        prepared.append((arts, claims, mentions(claims, {a.id: a for a in arts})))
    texts = [m.window for _, _, ms in prepared for m in ms]
    vecs = embed(texts, embedder, cache)[0] if texts else np.zeros((0, embedder.dim), dtype=np.float32)
    out, pos = [], 0
    for arts, claims, ms in prepared:
        v = vecs[pos:pos + len(ms)]
        pos += len(ms)
        found = find_flags(ms, v, claims, arts, model, threshold=threshold, every=True)
        decisions = found.decisions
        flags = tuple(found.flags)
        kinds = {f.kind for f in flags}
        matched = sum(d.kind not in UNMATCHED for d in decisions)
        kind = ("conflict" if "conflict" in kinds else "changed" if "changed" in kinds
                else "agree" if matched else "unrelated")
        out.append(PairOutcome(kind, flags, matched, {c.id: c for c in claims}))
    return out
