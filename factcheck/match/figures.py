"""How two figures compare by value (``judge``: agree, conflict or changed, and why), and the ids a flag is known by: a value unlikely to
recur by chance (``distinctive``), a number rewritten or a bound or rounding that differs
between twin sentences, a figure the other sentence restates, and the content-derived flag id
and passage fingerprint that verdicts are keyed by."""

from __future__ import annotations

import hashlib
import math
import re
from dataclasses import dataclass
from datetime import date

from factcheck.extract.ages import whose_all
from factcheck.extract.dates import same_time
from factcheck.extract.roles import is_hedged
from factcheck.kinds import is_fixed, is_twins_only, is_year_like
from factcheck.records import Claim, Mention, Quantity

BOUNDS = frozenset({"over", "at_least", "under", "at_most", "nearly"})  # qualifiers that state a bound
ROUNDING_SPAN = 0.98  # a plain figure's interval spans 0.98 of its place value (quantities: ±0.49)
BOUND_TOLERANCE = 0.05  # two stated bounds further apart than this share of the larger one differ

SUDDEN_DAYS = 31  # figures dated this close (to the day) ...
SUDDEN_RATIO = 2.0  # ... and this many times apart disagree: no change over time moves so fast


@dataclass(frozen=True)
class Judgement:
    kind: str  # "agree" | "conflict" | "changed"
    reason: str


def judge(qa: Quantity, qb: Quantity, when_a: str | None, when_b: str | None,
          changeable: bool = True, measure: str = "") -> Judgement:
    """What two figures for the same attribute mean together."""
    if qa.overlaps(qb):
        return Judgement("agree", f"{qa.described()} and {qb.described()} overlap")
    same = same_time(when_a, when_b)
    what = f"{measure}: " if measure else ""
    jump = sudden(qa, qb, when_a, when_b) if same is False and changeable else None
    if jump:
        return Judgement("conflict", f"{what}{qa.described()} as of {when_a} vs {qb.described()} as of {when_b}: {jump}")
    if same is False and changeable:
        return Judgement("changed", (
            f"{what}{qa.described()} as of {when_a} vs {qb.described()} as of {when_b}: "
            "the figures are from different dates, so this reads as a change over time"))
    if same is False:
        why = "a figure fixed once (a year or a funding round) cannot change over time"
    elif same:
        why = f"both as of {when_a[:7] if when_a and when_b and min(len(when_a), len(when_b)) >= 7 else when_a}"
    else:
        known = when_a or when_b
        why = f"dates: {when_a or 'unknown'} vs {when_b or 'unknown'}" if known else "neither side is dated"
    return Judgement("conflict", f"{what}{qa.described()} vs {qb.described()} do not overlap; {why}")


def sudden(qa: Quantity, qb: Quantity, when_a: str | None, when_b: str | None) -> str | None:
    """Why two sums of money dated days apart cannot read as a change: they are at most
    ``SUDDEN_DAYS`` apart (both dated to the day) and one is ``SUDDEN_RATIO`` times the other
    or more, at the nearest ends of their intervals ("over $4.5 billion" on 31 May, "$1.5
    billion" on 2 June). ``None`` when the move may be a change over time."""
    if qa.kind != "money" or not (when_a and when_b and len(when_a) >= 10 and len(when_b) >= 10):
        return None  # counts (a death toll) can rise many times over in days; sums of money do not
    try:
        days = abs((date.fromisoformat(when_a[:10]) - date.fromisoformat(when_b[:10])).days)
    except ValueError:
        return None
    lo, hi = (qa, qb) if qa.high < qb.low else (qb, qa)
    if days > SUDDEN_DAYS or lo.high <= 0 or hi.low / lo.high < SUDDEN_RATIO:
        return None
    return (f"only {days} day{'s' * (days != 1)} apart, a {hi.low / lo.high:.1f}x difference is too large "
            "to read as a change over time")


def distinctive(q: Quantity) -> bool:
    """A value unlikely to recur by chance: two or more significant digits ("$550,000", "$27.5bn";
    not "$600m" or "10%"), and not a year, decade, ordinal or score."""
    if is_fixed(q.kind) or is_twins_only(q.kind) or q.value == 0:
        return False
    return len(f"{abs(q.value):.6g}".split("e")[0].replace(".", "").strip("0")) >= 2


def hedged_anywhere(m: Mention) -> bool:
    """The sentence holds a plan or forecast word anywhere. A twin whose time clause moved to
    the front ("In 2007, the poll ... expected" / "the poll ... expected in 2006") puts the
    figure before the word: the same statement, not a fact against a plan."""
    return is_hedged(m.claim.text, len(m.claim.text))


def number_rewritten(qa: Quantity, qb: Quantity) -> bool:
    """Two figures written alike but for their digits ("1979" / "1980", "185" / "1850", "2100"
    / "1200") with different values: the parser read them as different kinds ("1979 series" a
    year, "1980 series" a count; "185 days" a count, "1850 days" a year) only because the
    number changed. In twin sentences that is a changed figure, whatever the kinds."""
    if math.isclose(qa.value, qb.value, rel_tol=1e-9):
        return False
    x, y = qa.text.lower(), qb.text.lower()
    head = 0
    while head < min(len(x), len(y)) and x[head] == y[head]:
        head += 1
    tail = 0
    while tail < min(len(x), len(y)) - head and x[-1 - tail] == y[-1 - tail]:
        tail += 1
    dx, dy = x[head:len(x) - tail], y[head:len(y) - tail]
    return bool(_DIGITS.fullmatch(dx) and _DIGITS.fullmatch(dy)) and any(c.isdigit() for c in dx + dy)


_DIGITS = re.compile(r"[0-9.,]*")


def bounds_differ(qa: Quantity, qb: Quantity) -> bool:
    """Two bounds with the same qualifier ("up to", "more than") whose stated values differ
    beyond rounding, or two ranges with an end moved ("between 18 and 24" / "between 18 and
    240"): as intervals they overlap, but in twin sentences the bound was changed."""
    dated = is_year_like(qa.kind)  # "between 1946 and 1957" / "... 1958": a year moved is moved
    if qa.qualifier == qb.qualifier == "range":
        return any(_apart_by(x, y, dated) for x, y in ((qa.low, qb.low), (qa.high, qb.high)))
    if qa.qualifier != qb.qualifier or qa.qualifier not in BOUNDS:
        return False
    return _apart_by(qa.value, qb.value, dated)


def _apart_by(x: float, y: float, dated: bool = False) -> bool:
    lo, hi = sorted((abs(x), abs(y)))
    if dated:
        return hi - lo >= 1
    return math.isfinite(hi) and hi > 0 and (hi - lo) / hi > BOUND_TOLERANCE


def roundings_differ(qa: Quantity, qb: Quantity) -> bool:
    """Two plain figures neither of which is the other rounded ("10%" vs "15%"; but "$1.1bn"
    is "$1.13bn" rounded). Their rounding intervals may overlap all the same: "10%" allows
    5.1–14.9. In twin sentences a figure written differently, not as a rounding, was changed."""
    if math.isclose(qa.value, qb.value, rel_tol=1e-9) or qa.qualifier or qb.qualifier or is_year_like(qa.kind):
        return False
    if not (math.isfinite(qa.high) and math.isfinite(qb.high)):
        return False
    place = max(qa.high - qa.low, qb.high - qb.low) / ROUNDING_SPAN  # the coarser figure's place value
    if place <= 0:
        return qa.value != qb.value
    coarse, fine = (qa, qb) if qa.high - qa.low >= qb.high - qb.low else (qb, qa)
    fine_place = (fine.high - fine.low) / ROUNDING_SPAN
    if fine_place > 0 and _digits(coarse.value, place) >= _digits(fine.value, fine_place):
        return True  # "10%" is no rounding of "7%": a rounding keeps fewer significant digits
    rounded = math.floor(fine.value / place + 0.5 + 1e-9) * place  # half up, as a writer rounds
    return abs(rounded - coarse.value) > 0.01 * place


def _digits(value: float, place: float) -> int:
    """Significant digits of a figure written to ``place``: 1 for "7" and "10" (place 10), 3 for "1.13"."""
    return math.floor(math.log10(abs(value) / place) + 1e-9) + 1 if value else 0


def as_stated(q: Quantity) -> Quantity:
    """``q`` read as its stated value alone (the qualifier set aside), for comparing two bounds."""
    return Quantity(q.text, q.start, q.end, q.value, q.value, q.value, q.unit, q.kind, q.qualifier)


def restated(q: Quantity, other: Claim, whose: frozenset[str] | None = None) -> bool:
    """True when the other sentence also states a figure that agrees with ``q``: the pair
    compared is then most likely two different figures of one story, not a discrepancy.
    ``whose``: ``q`` is the age of the person of that surname, and only that person's age in the
    other sentence restates it (another suspect's age of 25 says nothing of Kevin Johnson's)."""
    if math.isinf(q.high):
        return False
    return any(o.kind == q.kind and o.unit == q.unit and not math.isinf(o.high) and o.overlaps(q)
               and (whose is None or _age_of(other.text, o, whose)) for o in other.quantities)


def _age_of(text: str, q: Quantity, whose: frozenset[str]) -> bool:
    """``q`` in ``text`` is the age of someone of a surname in ``whose``."""
    return bool(whose_all(text, q) & whose)


def _figure_key(article_id: str, q: Quantity) -> str:
    return f"{article_id}|{' '.join(q.text.lower().split())}"


def flag_id(a_article: str, qa: Quantity, b_article: str, qb: Quantity, dimension: str) -> str:
    """Content-derived: both articles, both figures as written, their dimension. Symmetric."""
    keys = sorted([_figure_key(a_article, qa), _figure_key(b_article, qb)])
    return "f" + hashlib.sha1("\x00".join([*keys, dimension]).encode("utf-8")).hexdigest()[:12]


def fingerprint(a: Claim, b: Claim) -> str:
    """A hash of both passages: a verdict given on other text is stale."""
    texts = sorted([" ".join(a.text.split()), " ".join(b.text.split())])
    return hashlib.sha1("\x00".join(texts).encode("utf-8")).hexdigest()[:16]
