"""Years and decades, and the day numbers of dates that are no figure. A plain four-digit
figure in 1800..2100 is a year unless a plural noun follows outside a year context ("2000
people" is a count; "in 2000" and "the 2003 results" are years); "1950s" and "the 1980's" are
decades, 1950..1959. "July 11" and "16th October" are dates: no figure."""

from __future__ import annotations

import re

from factcheck.extract.lexicon import MONTH
from factcheck.extract.quantities.core import NEXT, Atom, Digits, Refined, copy
from factcheck.extract.quantities.money import with_noun

__all__ = ["day", "decade", "is_day", "is_year", "year_or_count"]

_DECADE_S = re.compile(r"['’‘`´＊]?s(?![A-Za-z])")


def decade(d: Digits) -> Refined:
    """"1950s", "1980's": a decade, if the plain figure is one."""
    raw = d.raw
    if d.plain and len(raw) == 4 and raw.endswith("0") and 1800 <= int(raw) <= 2090:
        if s := _DECADE_S.match(d.text, d.e):
            v = float(raw)
            return Atom(d.lead, d.lead, s.end(), v, 0.0, kind="decade", tail=d.tail,
                        fixed=(v, v, v + 9))
    return NEXT


_MONTH_BEFORE = re.compile(rf"\b{MONTH}\.?\s+$")
_MONTH_AFTER = re.compile(
    rf"(?:\s*(?:[-–]|to|and)\s*\d{{1,2}}(?:st|nd|rd|th)?)?\s*(?:st|nd|rd|th)?,?\s+(?:of\s+)?"
    rf"{MONTH}\b")


def is_day(text: str, lead: int, end: int, value: int) -> bool:
    """Whether the figure ``value`` at ``lead``..``end`` is the day of a date: "July 11",
    "16th October", "6 to 9 January"."""
    if not 1 <= value <= 31:
        return False
    return bool(_MONTH_BEFORE.search(text, max(0, lead - 12), lead)
                or _MONTH_AFTER.match(text, end))


def day(d: Digits) -> Refined:
    """A bare figure that is the day of a date ("July 11", "6 to 9 January"): no figure."""
    return None if d.bare and is_day(d.text, d.lead, d.e, int(d.raw)) else NEXT


def is_year(raw: str) -> bool:
    """Whether a plain whole figure can be a year: four digits in 1800..2100."""
    return len(raw) == 4 and 1800 <= int(raw) <= 2100


_YEAR_CONTEXT = re.compile(
    r"(?:(?<![\w])(?:in|since|by|from|until|till|to|through|before|after|during|of|the|year"
    r"|and|or|its|their|his|her|our|fiscal|financial|early|late|mid|this|that|last|next|for"
    rf"|between|at|on|around|circa|spring|summer|autumn|fall|winter|{MONTH})"
    r"|['’]s|[-–&,(])\s*$", re.I)


def year_or_count(text: str, atom: Atom, noun: str) -> Atom:
    """A plain 1800..2100 figure: a count when a plural noun follows outside a year
    context ("2000 people"), a number after "more than"/"under", otherwise a year."""
    in_year_context = bool(_YEAR_CONTEXT.search(text, max(0, atom.start - 16), atom.start))
    if noun and not in_year_context:
        return with_noun(atom, noun)
    q = atom.qualifier
    if q in ("over", "at_least", "under", "nearly") or (
            q == "at_most" and not text[atom.start:atom.lead].lower().startswith("up")):
        return with_noun(atom, noun)
    return copy(atom, start=atom.lead, tol=0.0, qualifier="", kind="year")
