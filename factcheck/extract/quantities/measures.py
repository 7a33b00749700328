"""Measurements: a figure with a unit ("10.6km", "42in", "3 million tonnes", "minus 20C",
"6ft 4in"), converted to its kind's base unit by the table in :mod:`.units`; and the bare
"<figure>m" that is metres in a sentence about sport or size, else a million."""

from __future__ import annotations

import re

from factcheck.extract.quantities import units
from factcheck.extract.quantities.core import NEXT, Atom, Digits, Refined, copy, rounding
from factcheck.extract.quantities.nouns import noun_after

__all__ = ["MINUS", "glued_unit", "scaled_alone", "unit_after"]

MINUS = re.compile(r"(?:(?<![\w])minus\s+|(?<![\w.,-])[-−–])$", re.I)


def _signed(text: str, lead: int, figure: float) -> tuple[float, int]:
    """The figure with its sign ("minus 5", "-5") and the sign's start."""
    m = MINUS.search(text, max(0, lead - 7), lead)
    return (-figure, m.start()) if m else (figure, lead)


def glued_unit(d: Digits) -> Atom | None:
    """A unit glued to the digits: "10.6km", "160GB", "40C", "6ft 4in"."""
    text, start = d.text, d.start
    found = units.match_unit(text, d.e, glued_ok=True)
    if found is None:
        return None
    unit, end, surface = found
    if surface == "s" and "." not in d.raw:
        return None  # "20s" is an age or a decade, "9.85s" a time
    value, tol = d.figure, rounding(d.raw)
    if unit.kind == "temperature":
        value, s2 = _signed(text, d.lead, value)
        start = min(start, s2)
    if surface.lower() == "ft" and (inches := units.inches_after_feet(text, end)):
        value += inches[0] / 12  # "6ft 4in" is one length, rounded to the inch
        end, tol = inches[1], 0.49 / 12
    return Atom(start, d.lead, end, value, tol, qualifier=d.qualifier,
                between=d.between, tail=d.tail, kind=unit.kind, noun=unit.base,
                factor=unit.factor, offset=unit.offset)


_WEIGHT_POUNDS = re.compile(
    r"\s+(?P<w>pounds?)\s+(?:of|in weight)\b"
    r"|-(?P<c>pound)(?=\s+\w)(?!\s+(?:note|notes|fine|fee|bill|coin|charge|prize|bet|ticket)s?\b)|\s+(?P<p>pounds?)\b", re.I)
# a weighing verb before the figure, in the same clause: "it weighs 17 pounds", "weighing about 300 pounds"
WEIGHED = re.compile(r"\bweigh(?:s|ed|ing)?(?:\s+in)?(?:\s+at)?(?:\s+(?:about|around|roughly|nearly|almost|just|only|"
                     r"more|less|than|over|under|up|to|some|approximately|an|estimated))*\s*(?:[0-9][0-9.,]*)?$", re.I)


def _weight_pounds(text: str, atom: Atom, pos: int) -> int:
    """Where "pounds" of weight end after a figure, or -1: "350 pounds of cement", "an 18.6-pound
    laptop" (a compound: a sum of money is written "£18.60"), "it weighs 17 pounds"."""
    m = _WEIGHT_POUNDS.match(text, pos)
    if m is None:
        return -1
    if m["p"] and not WEIGHED.search(text, max(0, atom.start - 50), atom.start):
        return -1
    return m.end("w" if m["w"] else "c" if m["c"] else "p")


def unit_after(text: str, atom: Atom, pos: int) -> Atom | None:
    """A unit after a bare figure and a space: "10 miles", "3 million tonnes", "-5 degrees",
    "350 pounds of cement"."""
    found = units.match_unit(text, pos, glued_ok=False, signed=bool(
        MINUS.search(text, max(0, atom.lead - 7), atom.lead)))
    if found is None:
        if (end := _weight_pounds(text, atom, pos)) >= 0:  # "350 pounds of cement" weighs
            return copy(atom, end=end, kind="mass", noun="kg", factor=0.45359237)
        return None
    unit, end, _ = found
    out = copy(atom, end=end, kind=unit.kind, noun=unit.base, factor=unit.factor,
               offset=unit.offset)
    if unit.kind == "temperature":
        value, s2 = _signed(text, atom.lead, abs(atom.figure))
        out = copy(out, figure=value, start=min(out.start, s2))
    return out


_RACE_NOUNS = frozenset("""hurdle runner title heat record event final race medal champion relay
sprinter specialist run winner victory crown gold silver bronze aaa indoor day time""".split())


def scaled_alone(d: Digits) -> Refined:
    """"200m", "17.30m", "5k" glued, with no currency: metres or a race, a count when a plural
    noun follows ("3m people"), else no figure for a whole or round one ("profits rose to
    200m")."""
    atom, text, e = d.atom, d.text, d.e
    if not (atom.scaled and not atom.currency and atom.end == e + 1):
        return NEXT
    noun = noun_after(text, atom.end, single=False, allow_of=False)
    if noun and noun not in _RACE_NOUNS:  # "the 400m runners" ran 400 metres
        return NEXT
    if text[e] == "m" and units.is_metres(text, atom.lead, atom.end, atom.figure):
        return copy(atom, scale=1.0, scaled=False, kind="length", noun="m")
    return None if d.raw.isdigit() or d.raw.endswith("0") else NEXT


_PARTS_GAP = re.compile(r"(?:\s*,)?\s+(?:and\s+)?")
# imperial lengths and weights told in parts (factors to metres and kilograms, larger unit first):
# feet and inches, yards and feet, pounds and ounces (stone is no unit the parser reads)
_IMPERIAL_PARTS = frozenset({(0.3048, 0.0254), (0.9144, 0.3048), (0.45359237, round(0.45359237 / 16, 9))})


def _parts(a: Atom, b: Atom) -> bool:
    """Whether ``b`` goes on from ``a`` in a smaller unit of one measure: any two durations; imperial
    lengths and weights only as people write them ("5 feet 9 inches", not "10 miles, 5km": a list)."""
    if a.kind != b.kind or a.factor * a.scale <= b.factor * b.scale:
        return False
    if a.kind == "duration":
        return True
    return a.kind in ("length", "mass") and (round(a.factor, 9), round(b.factor, 9)) in _IMPERIAL_PARTS


def join_parts(text: str, atoms: list[Atom]) -> list[Atom]:
    """Durations and imperial measures written in parts as one figure: "2 hours 10 minutes" is 130
    minutes, "1 hour, 5 minutes and 30 seconds" 3,930 seconds, "5 feet 9 inches" 69 inches, "8 pounds
    3 ounces" 131 ounces; each part in a smaller unit than the one before."""
    out: list[Atom] = []
    for b in atoms:
        a = out[-1] if out else None
        if (a is not None and _parts(a, b) and a.between < 0 and b.between < 0 and not b.qualifier
                and (m := _PARTS_GAP.match(text, a.end)) is not None and m.end() == b.start):
            unit = b.factor * b.scale  # the sum in the last part's unit, rounded as that part is
            out[-1] = copy(a, end=b.end, figure=(a.value + b.value) / unit, tol=b.tol, scale=1.0, scaled=False,
                           factor=unit, offset=0.0, fixed=None)
        else:
            out.append(b)
    return out
