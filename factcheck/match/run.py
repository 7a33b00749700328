"""The one way through the matcher: mentions and their vectors in, flags out.

``find_flags`` owns every step after the embedding: the candidate pairs (cosine search and
converted figures), the aligned-passage channel, the flag decision (``decide_all``), one flag
per pair of figures (``best_flags``) and each article's own bracketed conversions
(``inconsistent_flags``). The batch run, the Ray engine, ``factcheck check``, ``explain``
and ``compare_texts`` all call it, so they cannot drift apart.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from itertools import chain

import numpy as np

from factcheck.extract.mentions import mentions as _mentions
from factcheck.match.align import align_claims
from factcheck.match.candidates import all_candidates, all_pairs, story_pairs
from factcheck.match.conversions import inconsistent_flags
from factcheck.match.decide import FLOOR, Aligned, Candidate, Decision, best_flags, decide_all
from factcheck.match.learned import DecisionModel
from factcheck.match.near import Closeness
from factcheck.match.stories import mark
from factcheck.records import Article, Claim, Flag, Mention


@dataclass
class Found:
    """What the matcher found: the flags, and the decisions behind them.

    ``decisions``: the flagged decisions, one per flag id (``best_flags``' order); with
    ``every``, every pair decided, flagged or not, in the decision's order. ``flags``: the
    conflicts and changes (one per pair of figures), then the inconsistent conversions."""

    flags: list[Flag]
    decisions: list[Decision] = field(default_factory=list)


def align(claims: Sequence[Claim], articles: Iterable[Article], others: Sequence[Claim] | None = None,
          pairs: Iterable[tuple[int, int]] | None = None) -> list[Aligned]:
    """The aligned-passage channel's pairs: figures of near-identical sentences in different
    articles, among ``claims`` (or between ``claims`` and ``others``: of those ``pairs`` when
    the blocking was done already), each as a mention."""
    slots = align_claims(claims, claims if others is None else others, pairs=pairs)
    if not slots:
        return []
    involved = {c.id: c for s in slots for c in (s.a, s.b)}
    figures = {m.key: m for m in _mentions(list(involved.values()), {a.id: a for a in articles}, every=True)}
    return [(figures[(s.a.id, s.a_index)], figures[(s.b.id, s.b_index)], s) for s in slots]


def find_flags(mentions: Sequence[Mention], vectors: np.ndarray, claims: Sequence[Claim],
               articles: Sequence[Article], model: DecisionModel, *, threshold: float | None = None,
               extra: Iterable[Candidate] = (), extra_aligned: Iterable[Aligned] = (), every: bool = False,
               between: str | None = None, close: Closeness | None = None) -> Found:
    """The flags among ``mentions`` (``vectors[i]`` embeds ``mentions[i]``) of ``claims``.

    ``model`` decides whether two figures are the same attribute (``threshold``: its bar, when
    given). ``extra`` and ``extra_aligned``: further candidate and aligned pairs (a check's
    pairs with the stored figures), decided after the batch's own. ``every``: keep every
    decision, not only the flags. ``between``: an article id; only the pairs between its
    figures and the others' are decided, every pair whatever its dimension or cosine (what
    ``factcheck explain`` shows). ``close``: the local vectors of the figures of stories
    (``match.near``); figures of one story are then paired whatever their cosine
    (``story_pairs``) and decided by the story model with them."""
    if between is None:
        found = list(all_candidates(mentions, vectors, floor=FLOOR))
        if close is not None:
            found += story_pairs(mentions, vectors, {(i, j) for i, j, _ in found})
        candidates: Iterable[Candidate] = ((mentions[i], mentions[j], cos) for i, j, cos in found)
        aligned = align(claims, articles)
    else:
        ia = [k for k, m in enumerate(mentions) if m.article_id == between]
        ib = [k for k, m in enumerate(mentions) if m.article_id != between]
        candidates = all_pairs([mentions[k] for k in ia], vectors[ia], [mentions[k] for k in ib], vectors[ib])
        aligned = align([c for c in claims if c.article_id == between], articles,
                        [c for c in claims if c.article_id != between])
    decisions = decide_all(chain(candidates, extra), threshold, [*aligned, *extra_aligned],
                           flags_only=not every, model=model, close=close)
    flagged = best_flags(decisions)
    flags = [d.flag for d in flagged if d.flag] + inconsistent_flags(claims, {a.id: a for a in articles})
    return Found(mark(flags, claims, articles), decisions if every else flagged)
