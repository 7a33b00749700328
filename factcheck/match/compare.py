"""Pair-level judgement of two passages: the batch's own stages and flag decision, on two texts.

``compare_texts`` treats each passage as an article, extracts its claims and mentions, and
decides every candidate pair with ``decide_all``, exactly as the batch run does. The
outcome of a pair is the strongest thing found: ``conflict`` > ``changed`` > ``agree``
(figures matched and consistent) > ``unrelated`` (no figures matched).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from factcheck.extract.dates import publication_date
from factcheck.extract.normalize import repair
from factcheck.match.candidates import all_candidates
from factcheck.match.decide import FLOOR, decide_all
from factcheck.match.embed import Embedder, VectorCache
from factcheck.pipeline import align, embed_mentions, extract_claims, find_mentions
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
                  ) -> list[PairOutcome]:
    """Judge each (passage A, passage B) pair; all contexts are embedded in one batch."""
    prepared = []
    for k, (a_text, b_text) in enumerate(pairs):
        da, db = dates[k] if dates else (None, None)
        arts = [passage_article("A", a_text, da), passage_article("B", b_text, db)]
        claims = extract_claims(arts)
        prepared.append((claims, find_mentions(claims, arts), align(claims, arts)))
    vecs, _ = embed_mentions([m for _, ms, _ in prepared for m in ms], embedder, cache)
    out, pos = [], 0
    for claims, ms, aligned in prepared:
        v = vecs[pos:pos + len(ms)]
        pos += len(ms)
        decisions = decide_all(((ms[i], ms[j], c) for i, j, c in all_candidates(ms, v, floor=FLOOR)),
                               threshold, aligned)
        flags = tuple(d.flag for d in decisions if d.flag)
        kinds = {f.kind for f in flags}
        matched = sum(d.kind not in UNMATCHED for d in decisions)
        kind = ("conflict" if "conflict" in kinds else "changed" if "changed" in kinds
                else "agree" if matched else "unrelated")
        out.append(PairOutcome(kind, flags, matched, {c.id: c for c in claims}))
    return out
