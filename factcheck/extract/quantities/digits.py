"""A figure written in digits, read by an ordered list of small refiners (:data:`REFINERS`).

:func:`digit_atom` first drops what is no figure at all (a malformed figure, digits glued to
letters, dates, times, versions: :func:`_bad_context`) and reads the words around it (currency
prefix, qualifier, suffix). Then each refiner in turn either reads the figure as its kind,
says it is no figure, or passes: decade, ordinal, glued unit, glued letters, day of a date;
then, once the plain figure is built, a bare "200m", money, a "minus", a percentage, the word
after it (points, multiples, pence, units) and finally the counted noun or the year."""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from factcheck.extract.quantities.after import after_bare
from factcheck.extract.quantities.context import qualifier, suffix
from factcheck.extract.quantities.core import NEXT, Atom, Refined, Suffix, copy, rounding, valid_figure
from factcheck.extract.quantities.measures import glued_unit, scaled_alone
from factcheck.extract.quantities.money import glued_pence, prefix, rate, threshold, with_noun
from factcheck.extract.quantities.nouns import noun_after
from factcheck.extract.quantities.ordinals import ordinal_digits
from factcheck.extract.quantities.years import decade, is_day, is_year, year_or_count

__all__ = ["REFINERS", "digit_atom"]

_MAX_DIGITS = 40  # characters of a figure, commas and point included
_APOSTROPHES = "'’‘`´＊"
_TIMES_AFTER = re.compile(r"\s*[*×xX]\s*[0-9]")
_TIMES_BEFORE = re.compile(r"[0-9]\s*[*×xX]\s*$")


def _glued_before(text: str, start: int, end: int, raw: str) -> bool:
    """Digits glued to what precedes them: "B1", "COVID-19", "C+1", "'96", "v.2"."""
    before = text[start - 1] if start > 0 else " "
    before2 = text[start - 2] if start > 1 else " "
    if before.isalnum() or before in "_./:\\@&=":
        return True
    if before in "-‐–" and before2.isalpha():
        return True
    if before == "+" and before2.isalnum():
        return True
    after = text[end] if end < len(text) else " "
    return before in _APOSTROPHES and len(raw) == 2 and after not in "%％"


def _bad_context(text: str, start: int, end: int, raw: str, prefixed: bool) -> bool:
    """Digits glued to letters, dates, times, versions, apostrophe years and the like."""
    if not prefixed and _glued_before(text, start, end, raw):
        return True
    after = text[end] if end < len(text) else " "
    after2 = text[end + 1] if end + 1 < len(text) else " "
    if after in "/:." and after2.isdigit():
        return True
    near = text[max(0, start - 4):start] + text[end:end + 4]
    if ("*" in near or "x" in near or "X" in near or "×" in near) and (
            _TIMES_AFTER.match(text, end) or _TIMES_BEFORE.search(text, max(0, start - 4), start)):
        return True  # "2048 * 1080", "3 x 4"
    return after == "+" and after2.isalnum()


@dataclass(slots=True)
class _Digits:
    """What the refiners know of one figure in digits: its text ``raw`` at ``p``..``e``, the
    currency prefix from ``lead``, the qualifier from ``start``, and what follows (``suf``)."""

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
    figure: float
    suf: Suffix
    atom: Atom = field(init=False)  # the plain figure, built by _build

    @property
    def plain(self) -> bool:
        """A whole number with no currency prefix."""
        return self.integer and not self.currency

    @property
    def bare(self) -> bool:
        """A plain figure with nothing after it: no scale, percent, currency or qualifier."""
        s = self.suf
        return self.plain and not (s.scaled or s.percent or s.currency or s.qualifier)


def _read(text: str, m: re.Match[str], floor: int) -> _Digits | None:
    raw, p, e = m["num"], m.start(), m.end()
    if not valid_figure(raw) or len(raw) > _MAX_DIGITS:
        return None  # a malformed figure, or a digit run too long to be a figure
    lead, currency = prefix(text, p, floor)
    if _bad_context(text, p, e, raw, lead < p):
        return None
    start, qualified, between = qualifier(text, lead, floor)
    tail = p > 1 and text[p - 1] in "-‐–" and text[p - 2].isdigit() and lead == p
    return _Digits(text, raw, p, e, lead, currency, start, qualified, between, tail, raw.isdigit(),
                   float(raw.replace(",", "")), suffix(text, e, currency))


# --------------------------------------------------------------------------- the refiners

def _decade(d: _Digits) -> Refined:
    return decade(d.text, d.raw, d.lead, d.e, d.tail) if d.plain else NEXT


def _ordinal(d: _Digits) -> Refined:
    return ordinal_digits(d.text, d.raw, d.lead, d.e) if d.plain else NEXT


def _glued_unit(d: _Digits) -> Refined:
    """"873p", "10.6km", "40C": pence or a unit glued to the digits."""
    text, e = d.text, d.e
    if d.suf.end != e or d.currency or e >= len(text) or not (text[e].isalpha() or text[e] in "°º"):
        return NEXT
    atom = (glued_pence(text, d.raw, d.lead, d.start, d.qualifier, d.between, d.tail, e)
            or glued_unit(text, d.raw, d.lead, d.start, d.qualifier, d.between, d.tail, e))
    return NEXT if atom is None else atom


def _glued_letters(d: _Digits) -> Refined:
    """"24h", "4G": no figure."""
    glued = d.suf.end == d.e and d.e < len(d.text) and d.text[d.e].isalpha()
    return None if glued else NEXT


def _day(d: _Digits) -> Refined:
    """"July 11", "6 to 9 January": no figure."""
    return None if d.bare and is_day(d.text, d.lead, d.e, int(d.raw)) else NEXT


def _build(d: _Digits) -> Refined:
    """The plain figure, for the refiners after this one; no figure if it overflows."""
    suf = d.suf
    if not math.isfinite(d.figure * suf.scale):
        return None
    d.atom = Atom(d.start, d.lead, suf.end, d.figure, rounding(d.raw), suf.scale, suf.scaled,
                  d.currency or suf.currency, suf.percent, "", d.qualifier or suf.qualifier,
                  between=d.between, tail=d.tail)
    return NEXT


def _scaled_alone(d: _Digits) -> Refined:
    return scaled_alone(d.text, d.atom, d.raw, d.e)


def _money(d: _Digits) -> Refined:
    return rate(d.text, threshold(d.text, d.atom)) if d.atom.currency else NEXT


_MINUS_WORD = re.compile(r"(?<![\w])minus\s+$", re.I)


def _minus(d: _Digits) -> Refined:
    """"minus 10", "minus 0.3%": negative. Changes the atom; always passes."""
    text, lead = d.text, d.lead
    if (text.find("minus", max(0, lead - 7), lead) >= 0 and not d.qualifier
            and (minus := _MINUS_WORD.search(text, max(0, lead - 7), lead))):
        d.atom = copy(d.atom, figure=-d.figure, start=minus.start())
    return NEXT


def _percent(d: _Digits) -> Refined:
    return d.atom if d.atom.percent else NEXT


def _word_after(d: _Digits) -> Refined:
    bare = after_bare(d.text, d.atom, d.integer)
    return NEXT if bare is None else bare


def _counted(d: _Digits) -> Refined:
    """The last refiner: the counted noun, or the year a plain 1800..2100 figure may be."""
    noun = noun_after(d.text, d.suf.end, single=(d.figure == 1))
    if d.bare and is_year(d.raw):
        return year_or_count(d.text, d.atom, noun)
    return with_noun(d.atom, noun)


REFINERS: tuple[Callable[[_Digits], Refined], ...] = (
    _decade, _ordinal, _glued_unit, _glued_letters, _day,
    _build, _scaled_alone, _money, _minus, _percent, _word_after, _counted,
)


def digit_atom(text: str, m: re.Match[str], floor: int) -> Atom | None:
    """The figure of a match of digits, read by :data:`REFINERS` in order."""
    d = _read(text, m, floor)
    if d is None:
        return None
    for refine in REFINERS:
        out = refine(d)
        if out is not NEXT:
            return out
    return None  # not reached: _counted always answers
