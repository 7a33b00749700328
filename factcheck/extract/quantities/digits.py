"""A figure written in digits, read by an ordered list of small refiners (:data:`REFINERS`).

:func:`digit_atom` first drops what is no figure at all (a malformed figure, digits glued to
letters, dates, times, versions: :func:`_bad_context`) and reads the words around it (currency
prefix, qualifier, suffix). Then each refiner in turn either reads the figure as its kind,
says it is no figure, or passes: decade, ordinal, a unit or letters glued to the digits, day of
a date; then, once the plain figure is built, a bare "200m", money, a "minus", a percentage,
the word after it (points, multiples, pence, units) and finally the counted noun or the year.
Each kind's refiner lives in the kind's module and reads a :class:`~.core.Digits`."""

from __future__ import annotations

import math
import re
from collections.abc import Callable

from factcheck.extract.quantities.after import after_bare
from factcheck.extract.quantities.context import qualifier, suffix
from factcheck.extract.quantities.core import NEXT, Atom, Digits, Refined, copy, rounding, valid_figure
from factcheck.extract.quantities.measures import glued_unit, scaled_alone
from factcheck.extract.quantities.money import glued_pence, prefix, priced, with_noun
from factcheck.extract.quantities.nouns import noun_after
from factcheck.extract.quantities.ordinals import ordinal_digits
from factcheck.extract.quantities.percents import percent
from factcheck.extract.quantities.years import day, decade, is_year, year_or_count

__all__ = ["REFINERS", "digit_atom"]

_MAX_DIGITS = 40  # characters of a figure, commas and point included
_APOSTROPHES = "'’‘`´＊"
_GLUED_MARKS = "°º" + _APOSTROPHES  # besides letters: "40°C", "1950's"
_TIMES_AFTER = re.compile(r"\s*[*×xX]\s*[0-9]")
_TIMES_BEFORE = re.compile(r"[0-9]\s*[*×xX]\s*$")


def _glued_before(text: str, start: int, end: int, raw: str) -> bool:
    """Digits glued to what precedes them: "B1", "COVID-19", "C+1", "'96", "v.2", '.”5', "town[51]"."""
    before = text[start - 1] if start > 0 else " "
    before2 = text[start - 2] if start > 1 else " "
    if before.isalnum() or before in "_./:\\@&=":
        return True
    if before in "-‐–" and before2.isalpha():
        return True
    if before == "+" and before2.isalnum():
        return True
    if before in "”\"’)]" and before2 in ".,;:!?":
        return True  # a footnote mark glued to a quotation's end: 'the times.”5'
    if before == "[" and (before2.isalnum() or before2 in ".,;:!?)]”\"[") and text[end:end + 1] == "]":
        return True  # a footnote mark in brackets glued to the text: "the town.[51]", "[[51]]"
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


def _read(text: str, m: re.Match[str], floor: int) -> Digits | None:
    raw, p, e = m["num"], m.start(), m.end()
    if not valid_figure(raw) or len(raw) > _MAX_DIGITS:
        return None  # a malformed figure, or a digit run too long to be a figure
    lead, currency = prefix(text, p, floor)
    if _bad_context(text, p, e, raw, lead < p):
        return None
    start, qualified, between = qualifier(text, lead, floor)
    tail = p > 1 and text[p - 1] in "-‐–" and text[p - 2].isdigit() and lead == p
    integer = raw.isdigit()
    plain = integer and not currency
    suf = suffix(text, e, currency)
    bare = plain and not (suf.scaled or suf.percent or suf.currency or suf.qualifier)
    glued = e < len(text) and (text[e].isalpha() or text[e] in _GLUED_MARKS)
    return Digits(text, raw, p, e, lead, currency, start, qualified, between, tail, integer, plain,
                  bare, glued, float(raw.replace(",", "")), suf)


# --------------------------------------------------------------------------- the refiners

def _glued(d: Digits) -> Refined:
    """Something glued to the digits: pence or a unit ("873p", "10.6km", "40C"); other letters
    ("24h", "4G") make no figure."""
    text, e = d.text, d.e
    if d.suf.end != e or e >= len(text):
        return NEXT
    c = text[e]
    if not d.currency and (c.isalpha() or c in "°º"):
        atom = glued_pence(d) or glued_unit(d)
        if atom is not None:
            return atom
    return None if c.isalpha() else NEXT


def _build(d: Digits) -> Refined:
    """The plain figure, for the refiners after this one; no figure if it overflows."""
    suf = d.suf
    if not math.isfinite(d.figure * suf.scale):
        return None
    d.atom = Atom(d.start, d.lead, suf.end, d.figure, rounding(d.raw), suf.scale, suf.scaled,
                  d.currency or suf.currency, suf.percent, "", d.qualifier or suf.qualifier,
                  between=d.between, tail=d.tail)
    return NEXT


_MINUS_WORD = re.compile(r"(?<![\w])minus\s+$", re.I)


def _minus(d: Digits) -> Refined:
    """"minus 10", "minus 0.3%": negative. Changes the atom; always passes."""
    text, lead = d.text, d.lead
    if (text.find("minus", max(0, lead - 7), lead) >= 0 and not d.qualifier
            and (minus := _MINUS_WORD.search(text, max(0, lead - 7), lead))):
        d.atom = copy(d.atom, figure=-d.figure, start=minus.start())
    return NEXT


def _word_after(d: Digits) -> Refined:
    bare = after_bare(d.text, d.atom, d.integer)
    return NEXT if bare is None else bare


def _counted(d: Digits) -> Refined:
    """The last refiner: the counted noun, or the year a plain 1800..2100 figure may be."""
    noun = noun_after(d.text, d.suf.end, single=(d.figure == 1))
    if d.bare and is_year(d.raw):
        return year_or_count(d.text, d.atom, noun)
    return with_noun(d.atom, noun)


# (refiner, whether it reads only what is glued to the digits: a letter, "°" or an apostrophe)
REFINERS: tuple[tuple[Callable[[Digits], Refined], bool], ...] = (
    (decade, True), (ordinal_digits, True), (_glued, True), (day, False),
    (_build, False),  # the plain figure, for the refiners below
    (scaled_alone, True), (priced, False), (_minus, False), (percent, False),
    (_word_after, False), (_counted, False),
)
_ALL = tuple(refine for refine, _ in REFINERS)
_UNGLUED = tuple(refine for refine, glued_only in REFINERS if not glued_only)  # most figures


def digit_atom(text: str, m: re.Match[str], floor: int) -> Atom | None:
    """The figure of a match of digits, read by :data:`REFINERS` in order."""
    d = _read(text, m, floor)
    if d is None:
        return None
    for refine in _ALL if d.glued else _UNGLUED:
        out = refine(d)
        if out is not NEXT:
            return out
    return None  # not reached: _counted always answers
