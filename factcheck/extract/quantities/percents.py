"""Percentages ("13%", "13 per cent", "13 pc") and percentage points ("0.3 percentage points",
"50 basis points" = 0.5, "a quarter of a percentage point"): unit "%" and "pp"."""

from __future__ import annotations

import re

from factcheck.extract.quantities.core import NEXT, Atom, Digits, Refined, copy

__all__ = ["PERCENT", "percent", "points_after", "points_after_fraction", "points_follow"]

PERCENT = re.compile(
    r"\s*[%％]|\s*per\s*cent(?![A-Za-z])|\s*percent(?![A-Za-z])|\s+pc(?![A-Za-z])"
    r"|\s+pct(?![A-Za-z])", re.I)
_POINTS = re.compile(
    r"[ \u00a0-]+(?:(?P<pp>percentage|percent|per\s+cent)|(?P<bp>basis))[ \u00a0-]+points?\b",
    re.I)
_FRACTION_POINTS = re.compile(r"\s+(?:of\s+an?\s+)?percentage[\s-]+points?\b", re.I)


def percent(d: Digits) -> Refined:
    """A figure with a percent sign or word is a percentage, whatever follows."""
    return d.atom if d.atom.percent else NEXT


def points_after(text: str, atom: Atom, pos: int) -> Atom | None:
    """"0.3 percentage points", "50 basis points" after a bare figure."""
    if m := _POINTS.match(text, pos):
        factor = 0.01 if m["bp"] else 1.0
        return copy(atom, end=m.end(), kind="points", noun="pp", factor=factor)
    return None


def points_after_fraction(text: str, atom: Atom) -> Atom | None:
    """"a quarter of a percentage point": the fraction ``atom`` read in points."""
    if pp := _FRACTION_POINTS.match(text, atom.end):
        v = atom.figure
        return copy(atom, end=pp.end(), kind="points", noun="pp", fixed=(v, v, v))
    return None


def points_follow(text: str, pos: int) -> bool:
    """Whether "percentage point(s)" follows a fraction word ending at ``pos``."""
    return _FRACTION_POINTS.match(text, pos) is not None
