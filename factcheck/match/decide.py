"""The flag decision: given two figures from different articles and the evidence about
them, is this a flag, of which kind, and if not, why not. Batch runs, ``check`` and
``compare_texts`` all decide here, and ``factcheck explain`` prints the same trace.

A pair is decided in three steps:

1. **Same attribute?** (``ruled_apart``, then the model) No feature may tell the figures apart (``guard``:
   units, funding rounds, roles, running totals, plans, spans of time, periods named,
   subjects), and the learned model (``match.learned``) must give the pair a probability
   of being the same attribute at least its bar, from the evidence: context cosine,
   sentence alignment, shared words, a shared role word.
2. **One-to-one** (``pair_up``): within each pair of articles each figure pairs with at
   most one other, the most similar first, so a story filed twice pairs each sentence
   with its twin and "eight top three hits" never pairs eight with three.
3. **Do the values agree?** (``judge``) Overlapping intervals agree; otherwise the dates
   make it a ``changed`` (a figure that can move, from different months) or a
   ``conflict``. Prices and rises with no date on one side are not placed in time and
   not compared; a figure the other sentence also states is a restatement.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from factcheck.extract.clauses import conversions_of, is_conversion
from factcheck.kinds import is_fixed
from factcheck.match.align import MIN_SCORE, SlotMatch
from factcheck.match.figures import (
    as_stated,
    bounds_differ,
    distinctive,
    fingerprint,
    flag_id,
    hedged_anywhere,
    judge,
    number_rewritten,
    restated,
    roundings_differ,
)
from factcheck.match.guards import guard
from factcheck.match.learned import FEATURES, DecisionModel, describe, evidence
from factcheck.match.near import Closeness
from factcheck.match.story_decision import across, story_bar, within
from factcheck.records import Flag, Mention, source_order

CONVERSION_TOLERANCE = 0.02  # two conversions of one figure this close agree: rates move day to day
FLOOR = 0.5  # cosine below which two contexts are never candidates: no rule compares them
CONVERSION_COSINE = 0.65  # contexts this close make two figures written alike one figure, for its conversions
UNNAMED_COSINE = 0.90  # contexts this close are needed when a side names nobody: see ``_apart``
TWIN_COSINE = 1.0  # the context cosine taken for twin sentences' figures (masked, their contexts are one text)
VOLATILE = frozenset({"price", "rate", "change"})  # figures that move daily: need dates

Candidate = tuple[Mention, Mention, float]  # two figures and the cosine of their contexts
Aligned = tuple[Mention, Mention, SlotMatch]  # two figures of aligned passages
ALIGNED = MIN_SCORE  # alignment score two passages need to be compared slot by slot


@dataclass(frozen=True)
class Decision:
    """The outcome for one pair of figures, flagged or not, with its reason in words.

    ``kind``: "conflict" | "changed" (a flag: ``flag`` is set), "agree" (the same
    attribute, consistent values), "apart" (different attributes), "paired elsewhere"
    (one-to-one pairing gave a figure another partner), "unplaced" (a price or rise that
    cannot be placed in time), "restated" (the other sentence states an agreeing figure).
    """

    kind: str
    reason: str
    a: Mention
    b: Mention
    score: float  # the contexts' cosine; for a pair of aligned passages, their alignment score
    needed: float  # the bar: the learned model's probability bar (attribute channel), the alignment score's
    flag: Flag | None = None
    confidence: float | None = None  # the learned model's probability that the figures are the same attribute
    aligned: bool = False  # decided by the aligned channel: ``score`` is the passages' alignment score


def bar(threshold: float | None, model: DecisionModel) -> float:
    """The probability two figures need to count as the same attribute: the model's bar, or ``threshold``."""
    return model.threshold if threshold is None else threshold


def confidence(a: Mention, b: Mention, cosine: float, model: DecisionModel) -> float:
    """The learned model's probability that two figures are the same attribute."""
    return model.probability(evidence(a, b, cosine, model.reads_text))


def ruled_apart(a: Mention, b: Mention, cosine: float) -> str | None:
    """Why the rules keep two figures apart before the learned model is asked, or None: the
    guards, and a side that names nobody without a near-identical context."""
    why = guard(a, b)
    if why or (a.subjects and b.subjects) or cosine >= UNNAMED_COSINE:
        return why
    # Whose figure it is cannot be checked, so only near-identical contexts will do. A rule, not
    # learned: in the labelled rows nearly every BBC figure has a subject (the article's, at
    # worst), and the subject-less ones come from EQUATE's restatements, so the rows teach
    # "no subject, same attribute" — the opposite of what look-alike sentences need.
    return f"a side names nobody, and its context is not near-identical (cosine {cosine:.2f} < {UNNAMED_COSINE:.2f})"


def _apart(a: Mention, b: Mention, cosine: float, need: float, model: DecisionModel,
           close: Closeness | None = None) -> tuple[str | None, float | None]:
    """Why not (or None), and the model's probability when the rules let it be asked (the
    story model's for two figures of one story: ``close`` holds their local vectors)."""
    story = within(a, b, cosine, close)
    if story is not None:
        return story
    why = across(a, b, cosine) or ruled_apart(a, b, cosine)
    if why:
        return why, None
    x = evidence(a, b, cosine, model.reads_text)
    p = model.probability(x)
    if p < need:
        return (f"not enough evidence of the same attribute (probability {p:.2f} < {need:.2f}: "
                f"{describe(x, model.reads_text)})"), p
    return None, p


def pair_up(pairs: Iterable[Candidate]) -> tuple[list[Candidate], list[tuple[Candidate, Candidate]]]:
    """Step 2: keep, for each pair of articles, a one-to-one pairing of their figures: the
    most similar first, then the one at the same place in its sentence. A figure that is
    several people's age ("German and Williams, both 13") pairs once for each of them. Returns
    the kept pairs and each dropped pair with the kept pair that took one of its figures."""
    by_articles: dict[tuple[str, str], list[Candidate]] = defaultdict(list)
    for a, b, cos in pairs:
        by_articles[(a.article_id, b.article_id)].append((a, b, cos))
    kept: list[Candidate] = []
    dropped: list[tuple[Candidate, Candidate]] = []
    for group in by_articles.values():
        taken: dict[tuple[Mention, str | None], Candidate] = {}
        for a, b, cos in sorted(group, key=lambda p: (-round(p[2], 3), abs(p[0].index - p[1].index))):
            slots = _slots(a, b), _slots(b, a)
            free = [next((k for k in side if k not in taken), None) for side in slots]
            if free[0] is None or free[1] is None:
                dropped.append(((a, b, cos), taken[slots[0][0]] if free[0] is None else taken[slots[1][0]]))
                continue
            taken[free[0]] = taken[free[1]] = (a, b, cos)
            kept.append((a, b, cos))
    return kept, dropped


def _slots(m: Mention, other: Mention) -> list[tuple[Mention, str | None]]:
    """The places ``m`` can fill in a one-to-one pairing with ``other``'s article: one, or for the
    age of several people, one for each of them that ``other`` is about too."""
    if m.dimension == "age" and len(m.subjects) > 1 and (shared := sorted(m.subjects & other.subjects)):
        return [(m, s) for s in shared]
    return [(m, None)]


def decide(a: Mention, b: Mention, cosine: float, model: DecisionModel, threshold: float | None = None,
           close: Closeness | None = None) -> Decision:
    """Steps 1 and 3 for one pair: the whole decision when no other pair competes."""
    need = story_bar(a, b, bar(threshold, model))
    why, p = _apart(a, b, cosine, need, model, close)
    if why:
        return Decision("apart", why, a, b, cosine, need, confidence=p)
    return judge_pair(a, b, cosine, need, p)


def _ordered(a: Mention, b: Mention) -> tuple[Mention, Mention]:
    """a is the earlier side when both are dated, else the one first in the sources."""
    if (a.date and b.date and b.date < a.date) or (not (a.date and b.date) and source_order(b) < source_order(a)):
        return b, a
    return a, b


def measured(a: Mention, b: Mention) -> str:
    """What two figures measure, in the words of a flag's reason: their measure ("valuation
    (USD)"); an age says whose it is when both sentences name the person ("age of German")."""
    people = a.subjects & b.subjects if a.dimension == "age" else frozenset()
    names = [n for key in sorted(people) if (n := _as_written(key, a.claim.text, b.claim.text))]
    return f"age of {' and '.join(names)}" if names and len(names) == len(people) else a.measure


def _as_written(key: str, *texts: str) -> str | None:
    """A surname (``key``, lower case) as the texts write it, capitalised ("German"), or None."""
    for text in texts:
        for m in re.finditer(rf"\b{re.escape(key)}\b", text, re.I):
            if m.group()[0].isupper():
                return m.group()
    return None


def _changeable(a: Mention, b: Mention) -> bool:
    """Whether the figure can move over time: a year, an ordinal or a round's size cannot."""
    return not is_fixed(a.quantity.kind) and not (a.round or b.round)


def _flagged(kind: str, reason: str, a: Mention, b: Mention, score: float, need: float,
             p: float | None, cosine: float | None = None) -> Decision:
    """A flag; ``cosine`` is the contexts' (``score`` unless that is an alignment score)."""
    qa, qb = a.quantity, b.quantity
    flag = Flag(
        id=flag_id(a.article_id, qa, b.article_id, qb, a.dimension), kind=kind,
        a=a.claim.id, b=b.claim.id, a_quantity=a.index, b_quantity=b.index,
        similarity=score, reason=reason, measure=measured(a, b), fingerprint=fingerprint(a.claim, b.claim),
        confidence=p, evidence=dict(zip(FEATURES, evidence(a, b, score if cosine is None else cosine))))
    return Decision(kind, reason, a, b, score, need, flag, p)


def judge_pair(a: Mention, b: Mention, cosine: float, need: float, p: float | None = None) -> Decision:
    """Step 3 for two figures of the same attribute: a flag, or why the values stand."""
    a, b = _ordered(a, b)
    qa, qb = a.quantity, b.quantity
    if (a.role in VOLATILE or a.moving or b.moving) and not (a.date and b.date):
        return Decision("unplaced", "a price, rate or rise with no date on one side cannot be placed in time",
                        a, b, cosine, need, confidence=p)
    j = judge(qa, qb, a.date, b.date, _changeable(a, b), measured(a, b))
    if j.kind == "agree":
        return Decision("agree", j.reason, a, b, cosine, need, confidence=p)
    # an age is restated only by the age of someone the pair is about: "German and Williams, both 13"
    # vs "German, 14, and Williams, 13" is German's age in two reports, and Williams's 13 restates nothing
    people = (a.subjects & b.subjects) if a.dimension == "age" else frozenset()
    for x, mine, other in ((qa, a, b.claim), (qb, b, a.claim)):
        if restated(x, other, (people or mine.subjects) if mine.dimension == "age" else None):
            return Decision("restated", f"the other sentence also states a figure that agrees with {x.text}: "
                            "most likely two different figures of one story", a, b, cosine, need, confidence=p)
    return _flagged(j.kind, j.reason, a, b, cosine, need, p)


def judge_aligned(a: Mention, b: Mention, slot: SlotMatch, model: DecisionModel) -> Decision:
    """The aligned-passage channel: two figures at the same place of two passages that say the
    same thing in nearly the same words are compared directly, whoever the subject and whatever
    the role word; only a difference of meaning around the slot keeps them apart."""
    return replace(_judge_aligned(a, b, slot, model), aligned=True)


def _judge_aligned(a: Mention, b: Mention, slot: SlotMatch, model: DecisionModel) -> Decision:
    score, need = slot.score, ALIGNED
    p = confidence(a, b, TWIN_COSINE, model)
    why = None
    qa, qb = a.quantity, b.quantity
    if not slot.same_slot:
        why = "the figures are not at the same place of the aligned passages"
    elif slot.differs:
        why = slot.differs
    elif (qa.kind, qa.unit) != (qb.kind, qb.unit) and not number_rewritten(qa, qb):
        why = f"different units ({qa.unit or qa.kind} vs {qb.unit or qb.kind})"
    elif a.hedged != b.hedged and hedged_anywhere(a) != hedged_anywhere(b):
        why = "a plan or forecast vs a statement of fact"
    elif a.total != b.total:
        why = "a running total vs a single figure"
    if why:
        return Decision("apart", why, a, b, score, need, confidence=p)
    a, b = _ordered(a, b)
    qa, qb = a.quantity, b.quantity
    what = measured(a, b)
    if (qa.kind, qa.unit) != (qb.kind, qb.unit):  # "1979 series" / "1980 series": read as a year, then a count
        j = judge(as_stated(qa), as_stated(qb), a.date, b.date, False, what)
        return _flagged(j.kind, f"{qa.text} vs {qb.text}: the same place of two passages that say the same thing "
                        f"in nearly the same words (alignment {score:.2f}) holds a different number", a, b, score, need,
                        p, TWIN_COSINE)
    j = judge(qa, qb, a.date, b.date, _changeable(a, b), what)
    if j.kind == "agree" and not bounds_differ(qa, qb) and not roundings_differ(qa, qb):
        return Decision("agree", j.reason, a, b, score, need, confidence=p)
    if j.kind == "agree":  # "more than £3m" / "more than £30m", "10%" / "15%": the twin's figure was changed
        j = judge(as_stated(qa), as_stated(qb), a.date, b.date, _changeable(a, b), what)
    if j.kind == "agree":
        return Decision("agree", j.reason, a, b, score, need, confidence=p)
    return _flagged(j.kind, f"{j.reason}; the passages say the same thing in nearly the same words "
                    f"(alignment {score:.2f}) with this figure changed", a, b, score, need, p, TWIN_COSINE)


@dataclass
class _Twins:
    """What the aligned channel settled, for the attribute matcher: the pairs it decided
    (``covered``), the figures paired with a twin in another article (``twinned``: (figure, that
    article)) and the pairs of articles that share an aligned passage (``related``)."""

    covered: set[tuple[tuple[str, int], tuple[str, int]]] = field(default_factory=set)
    twinned: set[tuple[Mention, str]] = field(default_factory=set)
    related: set[frozenset[str]] = field(default_factory=set)

    def has_twin(self, a: Mention, b: Mention) -> bool:
        return bool(self.twinned) and ((a, b.article_id) in self.twinned or (b, a.article_id) in self.twinned)

    def tell_one_story(self, a: Mention, b: Mention) -> bool:
        return bool(self.related) and frozenset((a.article_id, b.article_id)) in self.related


@dataclass
class _Screened:
    """The candidate pairs after step 1, in the order given: ``decided`` holds a decision per
    pair (None where step 2 and 3 decide it: ``places[k]`` is where ``same[k]`` goes)."""

    decided: list[Decision | None] = field(default_factory=list)
    same: list[Candidate] = field(default_factory=list)  # the pairs of the same attribute
    probability: dict[tuple[int, int], float | None] = field(default_factory=dict)  # by the figures' identities
    needed: dict[tuple[int, int], float] = field(default_factory=dict)  # the bar each pair was held to
    places: list[int] = field(default_factory=list)
    conversions: list[Decision] = field(default_factory=list)


def decide_all(candidates: Iterable[Candidate], threshold: float | None = None,
               aligned: Iterable[Aligned] = (), flags_only: bool = False, *,
               model: DecisionModel, close: Closeness | None = None) -> list[Decision]:
    """Every pair decided: the aligned pairs first (steps of ``judge_aligned``), then the
    candidate pairs of the attribute matcher (steps 1 to 3), in the order given.

    A figure at the same slot as its twin in an aligned passage is paired with that twin:
    the attribute matcher does not pair it with another figure of the same article, and a
    pair both channels see is decided by the aligned channel. ``flags_only``: only the
    flagged decisions, in the same order (a batch run's; no ``Decision`` is kept for a pair
    that is not flagged). ``model``: the same-attribute model (``learned.current()`` finds the
    one in use; the command line does, once). ``close``: the local vectors of the figures of
    stories (``match.near``), for the story decision."""
    need = bar(threshold, model)
    out, twins = _decide_aligned(list(aligned), model)
    if flags_only:
        out = [d for d in out if d.flag]
    screened = _Screened()
    for c in candidates:
        _screen(c, twins, need, model, flags_only, screened, close)
    judged = _pair_and_judge(screened, flags_only)
    if flags_only:
        found = (judged.get((id(a), id(b))) for a, b, _ in screened.same)
        return out + [d for d in found if d is not None] + screened.conversions
    for k, (a, b, _) in zip(screened.places, screened.same):
        screened.decided[k] = judged[(id(a), id(b))]
    return out + [d for d in screened.decided if d is not None] + screened.conversions


def _decide_aligned(pairs: list[Aligned], model: DecisionModel) -> tuple[list[Decision], _Twins]:
    """The aligned channel's decisions, and what they settle for the attribute matcher."""
    decisions = _periods_apart([judge_aligned(a, b, s, model) for a, b, s in pairs])
    twins = _Twins(related={frozenset((a.article_id, b.article_id)) for a, b, _ in pairs})
    for (a, b, slot), d in zip(pairs, decisions):
        if slot.same_slot:
            twins.covered.add(_pair_key(a, b))
            if d.kind != "apart":
                twins.twinned |= {(a, b.article_id), (b, a.article_id)}
    return decisions, twins


def _screen(c: Candidate, twins: _Twins, need: float, model: DecisionModel, flags_only: bool,
            into: _Screened, close: Closeness | None = None) -> None:
    """Step 1 for one candidate pair (and its conversions), unless the aligned channel decided it."""
    a, b, cos = c
    if twins.covered and _pair_key(a, b) in twins.covered:
        return
    need = story_bar(a, b, need)
    why, p = _apart(a, b, cos, need, model, close)
    if why or twins.has_twin(a, b):
        if not flags_only:
            into.decided.append(Decision("apart", why, a, b, cos, need, confidence=p) if why else Decision(
                "paired elsewhere", "a figure is paired with its twin in an aligned passage of the same article",
                a, b, cos, need, confidence=p))
    else:
        into.same.append(c)
        into.probability[(id(a), id(b))] = p
        into.needed[(id(a), id(b))] = need
        if not flags_only:
            into.places.append(len(into.decided))
            into.decided.append(None)
    conv = judge_conversions(a, b, cos, model, twins.tell_one_story(a, b), need, p)
    if conv is not None and (conv.flag or not flags_only):
        into.conversions.append(conv)


def _pair_and_judge(screened: _Screened, flags_only: bool) -> dict[tuple[int, int], Decision]:
    """Steps 2 and 3 for the pairs of the same attribute, by the two figures' identities
    (with ``flags_only``, only the flags)."""
    kept, dropped = pair_up(screened.same)
    judged: dict[tuple[int, int], Decision] = {}
    if not flags_only:
        for (a, b, cos), (ka, kb, kcos) in dropped:
            judged[(id(a), id(b))] = Decision(
                "paired elsewhere", f"one figure is paired with a closer match ({ka.quantity.text} with "
                f"{kb.quantity.text}, cosine {kcos:.2f})", a, b, cos, screened.needed[(id(a), id(b))],
                confidence=screened.probability[(id(a), id(b))])
    for a, b, cos in kept:
        d = judge_pair(a, b, cos, screened.needed[(id(a), id(b))], screened.probability[(id(a), id(b))])
        if d.flag or not flags_only:
            judged[(id(a), id(b))] = d
    return judged


def judge_conversions(a: Mention, b: Mention, cosine: float, model: DecisionModel, related: bool = False,
                      need: float | None = None, p: float | None = None) -> Decision | None:
    """The same figure, written alike in two articles and each time followed by a conversion in
    brackets into one currency ("$27.5bn (£14.5bn)" vs "$27.5bn (£13bn)"; any of several in one
    bracket, "(£2.8bn; $4.8bn)"): the conversions are compared. Only for the same subject (a full
    name and its surname alike) or role word, contexts at ``CONVERSION_COSINE`` or a pair the
    learned model calls the same attribute, or two articles that tell one story (``related``:
    they share an aligned passage). The figure written alike is the evidence here; the cosine
    only keeps a round "$500m" of one story from another's."""
    qa, qb = a.quantity, b.quantity
    if a.dimension != b.dimension or qa.value != qb.value or qa.kind != "money":
        return None
    need = bar(need, model)
    p = confidence(a, b, cosine, model) if p is None else p
    if not _one_figure(a, b, cosine, related, p >= need):
        return None
    return _compare_conversions(a, b, cosine, need, p)


def _one_figure(a: Mention, b: Mention, cosine: float, related: bool, same_attribute: bool) -> bool:
    """Whether two figures written alike are one figure, for comparing their conversions (see
    ``judge_conversions``). Under the floor (``converted_pairs``): a shared subject, story, or
    role and a rare figure."""
    # "Bernie Ebbers" and "Ebbers" are one subject: a full name and its surname
    named = any(x.endswith(y) or y.endswith(x) for x in a.subjects for y in b.subjects if min(len(x), len(y)) >= 4)
    same_role = bool(a.role and a.role == b.role)
    return bool(a.subjects & b.subjects or named or related or (cosine >= FLOOR and (
        cosine >= CONVERSION_COSINE or same_attribute or same_role)) or (same_role and distinctive(a.quantity)))


def _compare_conversions(a: Mention, b: Mention, cosine: float, need: float, p: float) -> Decision | None:
    """The conversions of one figure compared: the one that differs most, else one that agrees."""
    # each conversion into a currency both brackets hold: "(£2.8bn; $4.8bn)" vs "($5.2bn; £2.8bn)"
    pairs = [(ia, ib) for ia in conversions_of(a.claim, a.index) for ib in conversions_of(b.claim, b.index)
             if a.claim.quantities[ia].unit == b.claim.quantities[ib].unit]
    decisions = []
    for ia, ib in pairs:
        unit = a.claim.quantities[ia].unit
        what = f"{a.measure}, converted to {unit}"
        ca = replace(a, index=ia, dimension=f"money:{unit}", measure=what)
        cb = replace(b, index=ib, dimension=f"money:{unit}", measure=what)
        ca, cb = _ordered(ca, cb)
        j = judge(ca.quantity, cb.quantity, ca.date, cb.date, True, what)
        lo, hi = sorted((abs(ca.quantity.value), abs(cb.quantity.value)))
        if j.kind == "agree" or hi - lo <= CONVERSION_TOLERANCE * hi:  # rates of different days, rounded
            decisions.append(Decision("agree", j.reason, ca, cb, cosine, need, confidence=p))
        else:
            decisions.append(_flagged(j.kind, f"{j.reason}; the same {a.quantity.text} is converted differently",
                                      ca, cb, cosine, need, p))
    # one decision per pair of figures: the conversion that differs most, else one that agrees
    flagged = [d for d in decisions if d.flag]
    if flagged:
        return max(flagged, key=lambda d: abs(d.a.quantity.value - d.b.quantity.value)
                   / max(abs(d.a.quantity.value), abs(d.b.quantity.value)))
    return decisions[0] if decisions else None


def _periods_apart(decisions: list[Decision]) -> list[Decision]:
    """Twin sentences in which more than one figure changed ("rose 5% in 2003" / "rose 7% in
    2004"; "second place ... $12.7m" / "fourth place ... $10.7m") describe two periods or two
    events: none of their figures is flagged. A figure that changed alone (with its conversion
    in brackets) is the disagreement itself."""
    changed: dict[tuple[str, str], int] = defaultdict(int)
    for d in decisions:
        a, b = d.a, d.b
        converts = is_conversion(a.claim, a.index) and is_conversion(b.claim, b.index)
        if a.quantity.value != b.quantity.value and not converts:
            changed[(a.claim.id, b.claim.id)] += 1
    out = []
    for d in decisions:
        if d.flag and changed[(d.a.claim.id, d.b.claim.id)] > 1:
            d = Decision("apart", "more than one figure of the twin sentences changed: two periods or events",
                         d.a, d.b, d.score, d.needed, aligned=True)
        out.append(d)
    return out


def _pair_key(a: Mention, b: Mention) -> tuple[tuple[str, int], tuple[str, int]]:
    ka, kb = a.key, b.key
    return (ka, kb) if ka <= kb else (kb, ka)


def best_flags(decisions: Iterable[Decision]) -> list[Decision]:
    """The flagged decisions, one per flag id (the most similar pair of passages; the first
    of equals), conflicts first, then by confidence, then by similarity."""
    best: dict[str, tuple[Flag, Decision]] = {}
    for d in decisions:
        f = d.flag
        if f and (f.id not in best or f.similarity > best[f.id][0].similarity):
            best[f.id] = (f, d)
    ranked = sorted(best.values(), key=lambda fd: (fd[0].kind != "conflict", -(fd[0].confidence or 0.0),
                                                   -fd[0].similarity, fd[0].id))
    return [d for _, d in ranked]
