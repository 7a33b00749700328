"""Cross-article matching of mentions, and the pair-level judgement.

Two mentions are candidates when they have the same dimension, come from different
articles, and their masked contexts are similar. Guards then keep different attributes
apart (role words, funding rounds, the times named, subjects). ``judge`` decides
what a surviving pair means: ``agree``, ``conflict`` or ``changed``.
"""

from __future__ import annotations

import hashlib
import math
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np

from factcheck.extract.attributes import VAGUE_ROLES, Mention
from factcheck.extract.dates import same_time
from factcheck.match.candidates import candidate_pairs
from factcheck.records import Article, Claim, Flag, Quantity

SIMILARITY = 0.65  # cosine needed when both figures have the same role word ("valued")
UNKNOWN_SUBJECT = 0.90  # cosine needed when a sentence does not say whose figure it is
UNTYPED_MARGIN = 0.20  # extra cosine needed without a specific role word to go by
VOLATILE = frozenset({"price", "rate", "change"})  # figures that move daily: need dates


@dataclass(frozen=True)
class Judgement:
    kind: str  # "agree" | "conflict" | "changed"
    reason: str


def guard(a: Mention, b: Mention) -> str | None:
    """Why two mentions are about different things, or None if nothing tells them apart."""
    if a.dimension != b.dimension:
        return "different units"
    if a.round != b.round:
        return f"different funding rounds ({a.round or 'none named'} vs {b.round or 'none named'})"
    if a.role != b.role:
        return f"different measures ({a.role or 'none named'} vs {b.role or 'none named'})"
    if a.total != b.total:
        return "a running total vs a single figure"
    if a.hedged or b.hedged:
        return "plans, talks and forecasts are not compared"
    if a.periods and b.periods and not a.periods & b.periods:
        return f"different spans of time ({', '.join(sorted(a.periods))} vs {', '.join(sorted(b.periods))})"
    if a.times and b.times and not a.times & b.times:
        return f"different periods ({', '.join(sorted(a.times))} vs {', '.join(sorted(b.times))})"
    if a.subjects and b.subjects and not a.subjects & b.subjects:
        return "different subjects"
    return None


def needed(a: Mention, b: Mention, threshold: float = SIMILARITY) -> float:
    """The cosine two mentions need to count as the same attribute."""
    specific = a.role and a.role == b.role and a.role not in VAGUE_ROLES
    need = threshold if specific else threshold + UNTYPED_MARGIN
    return need if a.subjects and b.subjects else max(need, UNKNOWN_SUBJECT)


def judge(qa: Quantity, qb: Quantity, when_a: str | None, when_b: str | None,
          changeable: bool = True, measure: str = "") -> Judgement:
    """What two figures for the same attribute mean together."""
    if qa.overlaps(qb):
        return Judgement("agree", f"{qa.text} ({qa.interval_text()}) and {qb.text} ({qb.interval_text()}) overlap")
    same = same_time(when_a, when_b)
    what = f"{measure}: " if measure else ""
    if same is False and changeable:
        return Judgement("changed", (
            f"{what}{qa.text} ({qa.interval_text()}) as of {when_a} vs {qb.text} ({qb.interval_text()}) as of {when_b}: "
            "the figures are from different dates, so this reads as a change over time"))
    if same is False:
        why = "a figure fixed once (a year or a funding round) cannot change over time"
    elif same:
        why = f"both as of {when_a[:7] if when_a and when_b and min(len(when_a), len(when_b)) >= 7 else when_a}"
    else:
        known = when_a or when_b
        why = f"dates: {when_a or 'unknown'} vs {when_b or 'unknown'}" if known else "neither side is dated"
    return Judgement("conflict", f"{what}{qa.text} ({qa.interval_text()}) vs {qb.text} ({qb.interval_text()}) do not overlap; {why}")


def _key(article_id: str, q: Quantity) -> str:
    return f"{article_id}|{' '.join(q.text.lower().split())}"


def flag_id(a_article: str, qa: Quantity, b_article: str, qb: Quantity, dimension: str) -> str:
    keys = sorted([_key(a_article, qa), _key(b_article, qb)])
    return "f" + hashlib.sha1("\x00".join([*keys, dimension]).encode("utf-8")).hexdigest()[:12]


def fingerprint(a: Claim, b: Claim) -> str:
    texts = sorted([" ".join(a.text.split()), " ".join(b.text.split())])
    return hashlib.sha1("\x00".join(texts).encode("utf-8")).hexdigest()[:16]


def when(claim: Claim, article: Article) -> str | None:
    return claim.date or article.date


def find_flags(claims: Sequence[Claim], articles: dict[str, Article], ms: Sequence[Mention],
               vecs: np.ndarray, threshold: float = SIMILARITY) -> list[Flag]:
    """Every conflict and change among the mentions, one flag per pair of figures."""
    candidates = ((ms[i], ms[j], cos) for i, j, cos in candidate_pairs(ms, vecs, floor=threshold))
    best: dict[str, Flag] = {}
    for a, b, cos in same_attribute(candidates, threshold):
        flag = make_flag(claims, articles, a, b, cos)
        if flag and (flag.id not in best or flag.similarity > best[flag.id].similarity):
            best[flag.id] = flag
    return sorted(best.values(), key=lambda f: (f.kind != "conflict", -f.similarity, f.id))


def same_attribute(pairs: Iterable[tuple[Mention, Mention, float]],
                   threshold: float = SIMILARITY) -> list[tuple[Mention, Mention, float]]:
    """The candidate pairs that measure the same attribute: cosine over the bar, no guard
    telling them apart, and one-to-one within each pair of articles (``align``). The batch,
    ``check`` and ``compare_texts`` all decide through here."""
    return align((a, b, cos) for a, b, cos in pairs if cos >= needed(a, b, threshold) and not guard(a, b))


def align(pairs: Iterable[tuple[Mention, Mention, float]]) -> list[tuple[Mention, Mention, float]]:
    """Keep, for each pair of articles, a one-to-one pairing of their figures: the most
    similar first, then the one at the same place in its sentence. Two copies of
    "eight top three hits" pair eight with eight and three with three, never across, and
    a story filed twice pairs each sentence with its twin."""
    by_articles: dict[tuple[str, str], list[tuple[Mention, Mention, float]]] = defaultdict(list)
    for a, b, cos in pairs:
        by_articles[(a.article_id, b.article_id)].append((a, b, cos))
    kept = []
    for group in by_articles.values():
        used_a: set[Mention] = set()
        used_b: set[Mention] = set()
        for a, b, cos in sorted(group, key=lambda p: (-round(p[2], 3), abs(p[0].quantity - p[1].quantity))):
            if a in used_a or b in used_b:
                continue
            used_a.add(a)
            used_b.add(b)
            kept.append((a, b, cos))
    return kept


def _restated(q: Quantity, other: Claim) -> bool:
    """True when the other sentence also states a figure that agrees with ``q``: the pair
    compared is then most likely two different figures of one story, not a discrepancy."""
    if math.isinf(q.high):
        return False
    return any(o.kind == q.kind and o.unit == q.unit and not math.isinf(o.high) and o.overlaps(q)
               for o in other.quantities)


def make_flag(claims: Sequence[Claim], articles: dict[str, Article], a: Mention, b: Mention,
              similarity: float) -> Flag | None:
    ca, cb = claims[a.claim], claims[b.claim]
    qa, qb = ca.quantities[a.quantity], cb.quantities[b.quantity]
    wa, wb = when(ca, articles[a.article_id]), when(cb, articles[b.article_id])
    # a is the earlier side when dates are known, else the one first in source order
    if (wa and wb and wb < wa) or (not (wa and wb) and (b.article_id, cb.start) < (a.article_id, ca.start)):
        a, b, ca, cb, qa, qb, wa, wb = b, a, cb, ca, qb, qa, wb, wa
    if (a.role in VOLATILE or a.moving or b.moving) and not (wa and wb):
        return None  # a price or a rise with no date on one side cannot be placed in time
    changeable = qa.kind not in ("year", "decade") and not (a.round or b.round)
    j = judge(qa, qb, wa, wb, changeable, a.measure)
    if j.kind == "agree" or _restated(qa, cb) or _restated(qb, ca):
        return None
    return Flag(
        id=flag_id(a.article_id, qa, b.article_id, qb, a.dimension), kind=j.kind,
        a=ca.id, b=cb.id, a_quantity=a.quantity, b_quantity=b.quantity,
        similarity=similarity, reason=j.reason, measure=a.measure, fingerprint=fingerprint(ca, cb))
