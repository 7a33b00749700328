"""The same-attribute decision for figures whose articles' stories are known (``match.stories``).

Figures of different stories are compared on the attribute channel only with strong evidence
that they measure one thing: near-identical contexts (``ACROSS_COSINE``), or one named subject
and one specific role word on both sides (SenseTime's valuation in March and in May: two
events of one company, a change over time). Different events share words and round numbers
by chance ("12 people were arrested" in two riots). Two figures of one story go to the story model (below). A pair whose stories are not
known (``factcheck check`` against the claim base, ``compare_texts``) is decided as before.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import ClassVar

from factcheck.extract.roles import VAGUE_ROLES
from factcheck.extract.subjects import STOP_WORDS
from factcheck.match.learned import LogisticModel, _tokens
from factcheck.records import Mention

AGES_APART = "ages of different people, or of someone not named (the 25-year-old): whose age it is cannot be checked"
ACROSS_COSINE = 0.95  # contexts of two different stories' figures must be this close to be compared


def across(a: Mention, b: Mention, cosine: float) -> str | None:
    """Why two figures of different stories are not compared, or None (same or unknown story, or near-identical contexts)."""
    if a.dimension == "age" and not a.subjects & b.subjects:
        return AGES_APART
    if a.story is None or b.story is None or a.story == b.story or cosine >= ACROSS_COSINE:
        return None
    if a.subjects & b.subjects and a.role and a.role == b.role and a.role not in VAGUE_ROLES:
        return None
    return (f"different stories ({a.story} vs {b.story}): only near-identical contexts (cosine {cosine:.2f} < "
            f"{ACROSS_COSINE:.2f}) or one named subject with one specific role word are compared")


# -- what a figure measures, from the words around it (see docs/stories.md for the measurements)

_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")
_NAME = re.compile(r"\b[A-Z][a-z]+(?:[ -][A-Z][a-z]+)*")
_LINK = frozenset("of the a an to in on at for by and or its their his her per".split())
NEAR = 5  # words either side of a figure that say what happens to it ("three people were stabbed")


@lru_cache(maxsize=65536)
def _words(text: str) -> tuple[tuple[str, int, int], ...]:
    return tuple((m.group().lower().replace("’", "'"), m.start(), m.end()) for m in _WORD.finditer(text))


def _stem(w: str) -> str:
    return w[:5]


def head(m: Mention) -> str | None:
    """The thing a figure counts or measures: a count's noun ("people"), an age, a measurement's
    dimension; for money and percentages the first content word right after the figure ("$3
    billion deal" -> deal; "20% of the vote" -> vote)."""
    kind = m.dimension.split(":", 1)[0]
    if kind == "count":
        return m.dimension.split(":", 1)[1].split()[-1]
    if kind not in ("money", "percent"):
        return m.dimension
    q = m.quantity
    for w, s, _ in _words(m.claim.text):
        if s < q.end:
            continue
        if s > q.end + 30:
            break
        if w in _LINK or w in STOP_WORDS:
            continue
        return _stem(w)
    return None


def near_words(m: Mention) -> frozenset[str]:
    """Content words within ``NEAR`` words of the figure, stemmed: what happens to it, and to whom."""
    q = m.quantity
    ws = [(w, s) for w, s, _ in _words(m.claim.text) if w not in STOP_WORDS and len(w) > 2]
    before = [w for w, s in ws if s < q.start][-NEAR:]
    after = [w for w, s in ws if s >= q.end][:NEAR]
    return frozenset(_stem(w) for w in before + after)


def names(m: Mention) -> frozenset[str]:
    """Named things of the figure's sentence (capitalised runs, not at its start), normalised."""
    text = m.claim.text
    return frozenset(x.group().lower() for x in _NAME.finditer(text)
                     if x.start() > 0 and x.group().lower() not in STOP_WORDS)


def _jaccard(x: frozenset[str], y: frozenset[str]) -> float:
    u = x | y
    return len(x & y) / len(u) if u else 0.0


FEATURES = ("cosine", "words", "near", "names", "same_head", "other_head", "same_subject", "other_subject",
            "same_role", "other_role", "other_times", "other_periods", "other_total", "hedged", "same_person_age", "unnamed", "crowded")


def evidence(a: Mention, b: Mention, cosine: float) -> tuple[float, ...]:
    """The features of two figures of one story, in ``FEATURES`` order."""
    ta, tb = _tokens(a.claim), _tokens(b.claim)
    ha, hb = head(a), head(b)
    specific = a.role and a.role not in VAGUE_ROLES
    return (
        cosine,
        _jaccard(ta.content, tb.content),
        _jaccard(near_words(a), near_words(b)),
        _jaccard(names(a), names(b)),
        float(bool(ha and ha == hb)),
        float(bool(ha and hb and ha != hb)),
        float(bool(a.subjects & b.subjects)),
        float(bool(a.subjects and b.subjects and not a.subjects & b.subjects)),
        float(bool(specific and a.role == b.role)),
        float(bool(a.role and b.role and a.role != b.role)),
        float(bool(a.times and b.times and not a.times & b.times)),
        float(bool(a.periods and b.periods and not a.periods & b.periods)),
        float(a.total != b.total),
        float(a.hedged or b.hedged),
        float(a.dimension == "age" and bool(a.subjects & b.subjects)),
        float(not (a.subjects and b.subjects)),
        min(_others(a) + _others(b), 3) / 3,
    )


def _others(m: Mention) -> int:
    """Other figures of the same kind and unit in the figure's sentence: which of them pairs with which is a guess."""
    q = m.quantity
    return sum(1 for i, o in enumerate(m.claim.quantities) if i != m.index and o.kind == q.kind and o.unit == q.unit)


def certain(a: Mention, b: Mention) -> str | None:
    """What keeps two figures of one story apart for certain: their units, their funding
    rounds, a rise vs a level, ages of two people or of nobody named; scores and ordinals pair
    only in twin sentences."""
    if a.dimension != b.dimension:
        return "different units"
    if a.quantity.kind in ("score", "ordinal"):
        return f"{a.quantity.kind}s are compared only in twin sentences (aligned passages)"
    if a.round != b.round:
        return f"different funding rounds ({a.round or 'none named'} vs {b.round or 'none named'})"
    if a.moving != b.moving:
        return "a rise, fall or increment vs a level"
    if a.dimension == "age" and not a.subjects & b.subjects:
        return AGES_APART
    return None


# -- the model: a logistic regression over FEATURES, fitted by bench/stories_fit.py on hand-labelled pairs

MODEL = Path(__file__).with_name("story_decision.json")


@dataclass(frozen=True)
class StoryModel(LogisticModel):
    """The same-attribute decision within one story, over this module's ``FEATURES``."""

    features: ClassVar[tuple[str, ...]] = FEATURES
    what: ClassVar[str] = "same-story decision model"
    refit: ClassVar[str] = "bench/stories_fit.py"


@lru_cache(maxsize=1)
def model() -> StoryModel:
    return StoryModel.load(MODEL)


def within(a: Mention, b: Mention, cosine: float) -> tuple[str | None, float | None] | None:
    """For two figures of one story: why they are apart (or None) and the story model's
    probability that they are the same attribute; None when the story is not known to be one."""
    if a.story is None or a.story != b.story:
        return None
    why = certain(a, b)
    if why:
        return why, None
    m = model()
    x = evidence(a, b, cosine)
    p = m.probability(x)
    if p < m.threshold:
        return (f"one story, but not enough evidence of the same attribute (probability {p:.2f} < {m.threshold:.2f}: "
                f"{describe(x)})"), p
    return None, p


def describe(x: Sequence[float]) -> str:
    said = [f"cosine {x[0]:.2f}", f"{x[1]:.0%} words shared", f"{x[2]:.0%} near words shared", f"{x[3]:.0%} names shared"]
    said += [name.replace("_", " ") for name, v in zip(FEATURES[4:], x[4:]) if v]
    return ", ".join(said)
