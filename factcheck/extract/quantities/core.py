"""What every figure kind shares: the figure record (:class:`Atom`), rounding, intervals,
plausibility, and the :class:`~factcheck.records.Quantity` a record becomes."""

from __future__ import annotations

import enum
import functools
import math
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Final, Literal, TypeAlias

from factcheck.records import Quantity

__all__ = ["NEXT", "Atom", "Digits", "Pass", "Refined", "Rejected", "Suffix", "copy", "finish", "implausible", "interval", "rounding",
           "valid_figure"]


@dataclass(slots=True)
class Atom:
    """One figure before range merging. ``figure`` × ``scale`` is the value. Never changed
    once made (``copy`` makes a new one); not frozen only because a frozen dataclass is
    several times slower to build, and atoms are built for every figure."""

    start: int  # span start: qualifier, currency prefix or figure
    lead: int  # start of the currency prefix or of the figure
    end: int
    figure: float
    tol: float  # rounding, in figure units
    scale: float = 1.0
    scaled: bool = False  # a scale word was written
    currency: str = ""
    percent: bool = False
    noun: str = ""
    qualifier: str = ""
    kind: str = ""  # "year" | "decade" | a measurement, ordinal... (then noun is its unit)
    between: int = -1  # start of a "between" before the atom, -1 if none
    tail: bool = False  # the figure directly follows "<digit>-"
    fixed: tuple[float, float, float] | None = None  # (value, low, high)
    factor: float = 1.0  # to the kind's base unit: value = figure × scale × factor + offset
    offset: float = 0.0

    @property
    def value(self) -> float:
        if self.fixed:
            return self.fixed[0]
        return self.figure * self.scale * self.factor + self.offset

    @property
    def signature(self) -> str:
        if self.kind:
            return "#" + self.kind
        return self.currency or ("%" if self.percent else self.noun)


def copy(atom: Atom, **changes: object) -> Atom:
    """``dataclasses.replace`` for atoms, several times as fast (one is made for most figures).
    Every field of :class:`Atom` is listed here in order (tests/quantities/test_core.py checks)."""
    new = Atom(atom.start, atom.lead, atom.end, atom.figure, atom.tol, atom.scale, atom.scaled,
               atom.currency, atom.percent, atom.noun, atom.qualifier, atom.kind, atom.between,
               atom.tail, atom.fixed, atom.factor, atom.offset)
    for name, value in changes.items():
        setattr(new, name, value)
    return new


@dataclass(slots=True)
class Suffix:  # not frozen, for speed, as Atom
    """What follows a figure (see :func:`factcheck.extract.quantities.context.suffix`)."""

    end: int
    scale: float = 1.0
    scaled: bool = False
    percent: bool = False
    currency: str = ""
    qualifier: str = ""


@dataclass(slots=True)
class Digits:
    """What the refiners of a figure in digits know of it (see :mod:`.digits`): its text
    ``raw`` at ``p``..``e``, the currency prefix from ``lead``, the qualifier from ``start``,
    what follows it (``suf``) and, from the refiner that builds it on, the plain figure."""

    text: str
    raw: str
    p: int
    e: int
    lead: int
    currency: str  # of the prefix
    start: int
    qualifier: str  # before the figure
    between: int
    tail: bool  # right after "<digit>-"
    integer: bool
    plain: bool  # a whole number with no currency prefix
    bare: bool  # plain, with no scale, percent, currency or qualifier after it
    glued: bool  # a letter, "°" or an apostrophe right after the digits
    figure: float
    suf: Suffix
    atom: Atom = field(init=False)


class Pass(enum.Enum):
    """A reader's answer that the figure is not its business: the next reader decides."""

    NEXT = "next"


NEXT: Final = Pass.NEXT
# what a reader answers: the figure (an atom), no figure at all (None), or not mine (NEXT)
Refined: TypeAlias = "Atom | None | Literal[Pass.NEXT]"


# --------------------------------------------------------------------------- rounding

_PLAIN_FIGURE = re.compile(r"[0-9,]+(?:\.[0-9]+)?")


@functools.lru_cache(maxsize=4096)  # most figures are a few hundred strings ("1", "10", "2017")
def rounding(figure: str) -> float:
    """0.49 × the place value of the last non-zero digit of ``figure``."""
    if _PLAIN_FIGURE.fullmatch(figure) and len(figure) < 300:  # the common case, fast
        whole, _, decimals = figure.replace(",", "").partition(".")
        decimals = decimals.rstrip("0")
        if decimals:
            return 0.49 * 10.0 ** -len(decimals)
        whole = whole.lstrip("0")
        if not whole:
            return 0.0
        return 0.49 * 10.0 ** (len(whole) - len(whole.rstrip("0")))
    try:
        d = Decimal(figure.replace(",", ""))
    except InvalidOperation:
        return 0.0
    if d == 0 or not d.is_finite():
        return 0.0
    exponent = int(d.normalize().as_tuple().exponent)  # finite, so an int
    return 0.49 * 10.0 ** exponent if exponent < 300 else math.inf


def valid_figure(raw: str) -> bool:
    """Comma groups must be 1-3 digits then exactly 3 digits each."""
    if "," not in raw:
        return True
    groups = raw.split(".")[0].split(",")
    if len(groups) == 1:
        return True
    return 1 <= len(groups[0]) <= 3 and all(len(g) == 3 for g in groups[1:])


# --------------------------------------------------------------------------- intervals

# A round figure's rounding reaches at most this share of its value either side: "$12 million" covers
# $12,140,000 and "$3 billion" 2.55-3.45 billion, but a "30-car" pileup is no 25-vehicle one and "about
# $1 million" no "about $500,000" (half the last non-zero place alone would allow 25.1-34.9 and 0.51-1.49
# million: one significant figure). multinews_dev's labels (dev split): 6 labelled conflicts read as
# agreeing without it, no labelled equivalent that it parts (docs/stories.md).
ROUND_SHARE = 0.15


def interval(v: float, tol: float, qualifier: str, floor: float = 0.0,
             ceiling: float = math.inf) -> tuple[float, float]:
    """(low, high) for value ``v`` written with rounding ``tol`` (at most ``ROUND_SHARE`` of ``v``)
    under ``qualifier``; ``floor``/``ceiling`` bound what the kind allows (0 for most, -273.15 for °C, 1 for a
    fraction)."""
    lo, hi = (0.9 * v, 1.1 * v) if v >= 0 else (1.1 * v, 0.9 * v)
    tol = min(tol, ROUND_SHARE * abs(v))
    if qualifier == "about":
        return min(v - tol, lo), max(v + tol, hi)
    if qualifier in ("over", "at_least"):
        return v, ceiling
    if qualifier in ("under", "at_most"):
        return min(floor, v), v
    if qualifier == "nearly":
        return lo, v
    return v - tol, v + tol


_FLOORS = {"temperature": -273.15}
_CEILINGS = {"fraction": 1.0}


def finish(text: str, a: Atom) -> Quantity:
    """The quantity an atom of ``text`` stands for: its kind, unit and interval."""
    if a.kind in ("year", "decade"):
        kind, unit = a.kind, a.kind
    elif a.kind:
        kind, unit = a.kind, a.noun
    elif a.currency:
        kind, unit = "money", a.currency
    elif a.percent:
        kind, unit = "percent", "%"
    elif a.noun:
        kind, unit = "count", a.noun
    else:
        kind, unit = "number", ""
    if a.fixed is not None:
        value, low, high = a.fixed
    else:
        value = a.value
        if a.kind or a.factor != 1.0:
            low, high = interval(value, a.tol * a.scale * a.factor, a.qualifier,
                                 _FLOORS.get(a.kind, 0.0), _CEILINGS.get(a.kind, math.inf))
        else:
            low, high = interval(value, a.tol * a.scale, a.qualifier)
    return Quantity(text=text[a.start:a.end], start=a.start, end=a.end, value=value, low=low,
                    high=high, unit=unit, kind=kind, qualifier=a.qualifier)


# --------------------------------------------------------------------------- plausibility

@dataclass(frozen=True, slots=True)
class Rejected:
    """A figure as written that cannot be true, so the parser returns no quantity for it:
    ``$99999999999999999999999 billion``, ``12,000,000%``, ``$3-$2 billion``. The pipeline
    may turn it into a note."""

    text: str
    start: int
    end: int
    reason: str


_MAX_AMOUNT = 1e15  # money and counts above this are not figures a newsroom prints
_MAX_SMALL_UNIT = 1e18  # currencies of tiny units: "1,546 trillion rials" is a budget
_SMALL_UNITS = frozenset({"IRR", "IDR", "VND", "KRW", "TRL", "LBP", "UZS"})
_MAX_PERCENT = 1e4


def implausible(q: Quantity) -> str:
    """Why ``q`` cannot be true, or ""."""
    if -_MAX_PERCENT <= q.value <= _MAX_PERCENT and q.low > -math.inf:
        return ""  # most figures: the checks below cannot fire
    limit = _MAX_SMALL_UNIT if q.unit.split("/")[0] in _SMALL_UNITS else _MAX_AMOUNT
    if q.kind in ("money", "count", "rate") and abs(q.value) > limit:
        return f"{q.kind} beyond {limit:.0e}"
    if q.kind in ("percent", "points") and abs(q.value) > _MAX_PERCENT:
        return f"{'percentage' if q.kind == 'percent' else 'points'} beyond 1e4"
    if not (math.isfinite(q.value) and math.isfinite(q.low)):
        return "not a finite number"
    return ""
