"""Fractions and multiples. A fraction ("two-thirds", "a quarter of", "more than half") has
unit "" and a value in 0..1; "third place", "the third quarter", "a third term" are ordinals
and "the preceding three quarters" a count of quarters. A multiple ("10 times as", "tenfold",
"twice as", "oversubscribed 16.2 times") has unit "x"."""

from __future__ import annotations

import re

from factcheck.extract.quantities import words
from factcheck.extract.quantities.context import is_name, qualifier
from factcheck.extract.quantities.core import Atom, copy, rounding
from factcheck.extract.quantities.money import with_noun
from factcheck.extract.quantities.nouns import STOP, noun_after, singular
from factcheck.extract.quantities.ordinals import ordinal, ordinal_word_atom
from factcheck.extract.quantities.percents import points_after_fraction, points_follow

__all__ = ["fold_atom", "fraction_atom", "multiple_after"]

# --------------------------------------------------------------------------- fractions

_NEXT_LOWER = re.compile(r"[ \u00a0]+([a-z][a-z-]*)\b")
_NEXT_NAME = re.compile(r"[ \u00a0]+[A-Z][a-z]+\b")


def _noun_follows(text: str, pos: int) -> bool:
    """Whether a plain lower-case word that can be a noun, or a name, follows ("a third term",
    "a third Six Nations win"), as against "a third of", "a third by 2025", "a fifth saying"."""
    m = _NEXT_LOWER.match(text, pos)
    if m is None:  # a name: "a third Six Nations win", "a third Deutsche Boerse shareholder"
        return bool(_NEXT_NAME.match(text, pos))
    w = m[1]
    return w not in STOP and not w.endswith(("ing", "ed")) and w != "percentage"


_HALF_FOLLOW = re.compile(r"\s+(?:of|the|its|their|his|her|our|all|them|that|those|these)\b",
                          re.I)
_SPAN_BEFORE = re.compile(
    r"(?<![\w])(?:first|second|last|next|past|previous|preceding|final|opening|closing"
    r"|remaining|consecutive|straight|successive)\s+$",
    re.I)
_OF_FOLLOWS = re.compile(r"\s+of\b", re.I)
_FOURTH = re.compile(r"fourth\b", re.I)


def _no_half(text: str, p: int, e: int, qualified: bool) -> bool:
    """"half-time", "the first half", "half an hour": no fraction."""
    if not qualified and not _HALF_FOLLOW.match(text, e):
        return True
    return bool(_SPAN_BEFORE.search(text, max(0, p - 12), p))


def _whole_parts(text: str, p: int, e: int, parts: list[str], num: int, den: int) -> bool:
    """Whether the parts make a whole or more, or a span: "the first three quarters", "two
    quarters", "five thirds"."""
    return bool(_SPAN_BEFORE.search(text, max(0, p - 16), p) or num >= den
                or (num == 2 and parts[-1] == "quarters"))


def _counted_numerator(text: str, m: re.Match[str], parts: list[str], num: int, start: int,
                       qualified: str) -> Atom | None:
    """"three quarter-point rises", "a three-quarter (rugby)": the numerator counts; "a
    fifth-round place" ranks, as "a fourth-round place" does."""
    p, e = m.start(), m.end()
    end = p + len(parts[0])
    if parts[0] in ("a", "one"):
        word = p + text[p:e].lower().rindex(parts[-1])
        ranked = text.startswith("-", e) and parts[-1] in words.ORDINALS
        return ordinal(text, word, e, float(words.ORDINALS[parts[-1]])) if ranked else None
    noun = noun_after(text, end, single=False)
    return with_noun(Atom(start, p, end, float(num), rounding(str(num)), qualifier=qualified),
                     noun)


def fraction_atom(text: str, m: re.Match[str], floor: int) -> Atom | None:
    """"two-thirds", "three quarters of", "a third", "more than half"; "a third term" is an
    ordinal and "the first three quarters" a count of quarters."""
    p, e = m.start(), m.end()
    surface = text[p:e]
    if is_name(text, p):
        return None
    parts = [w for w in re.split(r"[-\s]+", surface.lower()) if w]
    if parts[-1] == "fourth" and not _OF_FOLLOWS.match(text, e):  # "a fourth title": a rank
        rank = _FOURTH.match(text, p + surface.lower().rindex("fourth"))
        return ordinal_word_atom(text, rank) if rank else None
    num, den = words.fraction_value(" ".join(parts))
    start, qualified, between = qualifier(text, p, floor)
    if parts == ["half"]:
        if _no_half(text, p, e, bool(qualified)):
            return None
    elif _whole_parts(text, p, e, parts, num, den):
        if parts[0] in ("a", "one"):
            return None
        return Atom(start, p, e, float(num), rounding(str(num)), qualifier=qualified,
                    noun=singular(parts[-1]))  # "the first three quarters", "two quarters"
    elif text.startswith("-", e) or (num > 1 and not parts[-1].endswith("s")):
        return _counted_numerator(text, m, parts, num, start, qualified)
    elif parts[0] == "a" and _noun_follows(text, e):
        if parts[-1] in words.ORDINALS:  # "a third term"
            word = p + surface.lower().rindex(parts[-1])
            return ordinal(text, word, e, float(words.ORDINALS[parts[-1]]))
        if not points_follow(text, e):
            return None  # "a quarter century"
    atom = Atom(start, p, e, num / den, 0.0, qualifier=qualified, between=between,
                kind="fraction", noun="")
    return points_after_fraction(text, atom) or atom  # "a quarter of a percentage point"


# --------------------------------------------------------------------------- multiples

def fold_atom(text: str, m: re.Match[str], floor: int) -> Atom | None:
    """"tenfold", "twice as": a multiple."""
    p, e = m.start(), m.end()
    if is_name(text, p):
        return None
    n = words.FOLDS[text[p:e].lower()]
    start, qualified, between = qualifier(text, p, floor)
    return Atom(start, p, e, float(n), rounding(str(n)), qualifier=qualified,
                between=between, kind="multiple", noun="x")


_TIMES = re.compile(
    r"[ \u00a0-]*(?P<fold>-?fold)\b|[ \u00a0]+times(?=\s+(?:as|more|less|bigger|larger|higher"
    r"|greater|faster|slower|smaller|cheaper|lower|longer|the|that|what|its|their|his|her|our"
    r"|over|this)\b)", re.I)
_DECIMAL_TIMES = re.compile(r"[ \u00a0]+times\b", re.I)


def multiple_after(text: str, atom: Atom, pos: int, integer: bool) -> Atom | None:
    """"10 times as", "10-fold" after a bare figure; a decimal before any "times" ("16.2
    times")."""
    if m := _TIMES.match(text, pos):
        return copy(atom, end=m.end(), kind="multiple", noun="x")
    if not integer and (m := _DECIMAL_TIMES.match(text, pos)):
        return copy(atom, end=m.end(), kind="multiple", noun="x")  # "oversubscribed 16.2 times"
    return None
