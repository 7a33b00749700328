"""Ranges and scores: two neighbouring figures that make one.

A range ("between A and B", "A-B", "A to B" when A lacks the unit or scale that B has: "2 to
3 million") has value the midpoint and interval A - tolA .. B + tolB; it takes the shared
scale and unit of its second bound ("$3-$5 billion", "10-15km"). A range whose low end is
above its high end ("$3-$2 billion", "10-5%", "between $5bn and $3bn"; a spaced dash is no
range) is rejected. A score ("3-1 win", "6-3 4-6", "lost 39-31") has value first + second /
1000 (see :func:`score_sides`); betting odds ("2-1 favourite") are no figure. A vote's tally is a
score too ("approved 7-2", "a 5-4 ruling", "by a vote of 219 to 212"); :func:`is_vote` tells it
from a game's."""

from __future__ import annotations

import math
import re

from factcheck.extract.quantities.core import Atom, Rejected
from factcheck.records import Quantity

__all__ = ["is_vote", "merge_ranges", "score_sides"]

# --------------------------------------------------------------------------- ranges

_NO_RANGE_KINDS = frozenset({"#decade", "#ordinal", "#fraction", "#score"})
_RANGE_HYPHEN = re.compile(r"\s*[-–—]\s*")
_RANGE_TO = re.compile(r"\s+to\s+", re.I)
_RANGE_AND = re.compile(r"\s+and\s+", re.I)
_FROM = re.compile(r"(?<![\w])from\s+$", re.I)
_TIGHT_HYPHEN = re.compile(r"[-–]")
_REVERSED = object()  # a range whose low end is above its high end: no figure


def _compatible(a: Atom, b: Atom) -> bool:
    sa, sb = a.signature, b.signature
    if sa in _NO_RANGE_KINDS or sb in _NO_RANGE_KINDS:
        return False
    if a.percent != b.percent and (a.scaled or b.scaled):
        return False  # "rose 4% to 36bn"
    if sa.startswith("#") or sb.startswith("#"):  # "1999-2018", "10-15km", "$40-$50 a barrel"
        return sa == sb or ((not sa or (sb == "#rate" and sa == b.currency)) and sb != "#year")
    return sa == sb or not sa or not sb


def _range_to(text: str, a: Atom, b: Atom) -> bool:
    """Whether "A to B" is a range: B a rate just above A ("$1.48 to $1.52 per share", not
    "fell 32 cents to $51.43 a barrel"), or A lacking the scale or unit of B ("2 to 3
    million"), and no "from" before A ("from 2 to 3 million" is a change)."""
    if (b.kind == "rate" and not a.kind and a.currency == b.currency
            and a.factor == b.factor and a.value < b.value < 2 * a.value):
        return True
    inherits = b.scaled and not a.scaled and a.figure < b.figure
    lacking = inherits or (b.signature and not a.signature and a.scale == b.scale)
    return bool(lacking) and not _FROM.search(text, max(0, a.start - 8), a.start)


def _range_gap(text: str, a: Atom, b: Atom) -> bool:
    """Whether the text between ``a`` and ``b`` joins them into a range."""
    if b.qualifier or b.between >= 0:
        return False
    if _RANGE_HYPHEN.fullmatch(text, a.end, b.lead):
        return True
    if a.between >= 0 and _RANGE_AND.fullmatch(text, a.end, b.lead):
        return True
    if _RANGE_TO.fullmatch(text, a.end, b.lead):
        return _range_to(text, a, b)
    return False


def _low_scale(text: str, a: Atom, b: Atom) -> float | None:
    """The scale of the low bound: its own, or the one it shares with the high bound ("$3-$5
    billion"); None when both take the high one's and so the range is reversed ("$3-$2
    billion")."""
    if not (b.scaled and not a.scaled):
        return a.scale
    if a.figure < b.figure:
        return b.scale
    if a.currency != b.currency:
        return a.scale
    if (a.currency or not b.currency) and _TIGHT_HYPHEN.fullmatch(text, a.end, b.lead):
        return None
    return a.scale


def _merge(text: str, a: Atom, b: Atom) -> Atom | object | None:
    if a.fixed or b.fixed or not _compatible(a, b) or not _range_gap(text, a, b):
        return None
    scale = _low_scale(text, a, b)
    if scale is None:
        return _REVERSED  # "$3-$2 billion": both bounds take the billion
    unit = b if b.kind and not a.kind else a  # "10-15km": the first bound takes the unit
    lo_v, hi_v = a.figure * scale * unit.factor + unit.offset, b.value
    if not lo_v < hi_v:
        if (a.signature or b.signature) and (a.between >= 0 or _TIGHT_HYPHEN.fullmatch(
                text, a.end, b.lead)):
            return _REVERSED  # "10-5%", "between $5bn and $3bn"; not "£35bn - £2.5bn less"
        return None
    low, high = lo_v - a.tol * scale * unit.factor, hi_v + b.tol * b.scale * b.factor
    start = a.between if a.between >= 0 else a.start
    return Atom(start, a.lead, b.end, (lo_v + hi_v) / 2, 0.0,
                currency=a.currency or b.currency, percent=a.percent or b.percent,
                noun=b.noun or unit.noun, qualifier="range", kind=unit.kind,
                fixed=((lo_v + hi_v) / 2, low, high))


# --------------------------------------------------------------------------- scores

def _joined(text: str, a: Atom, b: Atom) -> bool:
    """Two bare whole numbers joined by a hyphen: "3-1", "6-0"."""
    plain = all(not (x.currency or x.percent or x.kind or x.scaled or x.fixed or x.qualifier)
                and x.figure.is_integer() for x in (a, b))
    return plain and b.tail and bool(_RANGE_HYPHEN.fullmatch(text, a.end, b.lead))


_SCORE_AFTER = re.compile(
    r"\s*(?:win|victory|defeat|loss|draw|lead|home|away|scoreline|success|triumph|thrashing"
    r"|drubbing|aggregate|reverse|result|semi|final|quarter|down|up\b|in\s+(?:the|their|a|extra)"
    r"|at\s+(?:half|the\s+break|full)|after\s+extra|on\s+(?:aggregate|penalties))", re.I)
_SCORE_BEFORE = re.compile(
    r"(?:\b(?:won|win|beat|beating|beaten|lost|lose|losing|drew|draw|trail|trailed|trailing"
    r"|led|leading|lead|defeated|thrashed|edged|score|scoreline|victory|defeat|finished|ended"
    r"|serving|serve|sets?)\b[^.;:]{0,30}|\(|\d\s)\s*$", re.I)
_ODDS = re.compile(
    r"\s*(?:fav|against(?!\s+[A-Za-z])|shot\b|chance\b|odds\b|outsider)", re.I)
_AT_BEFORE = re.compile(r"(?<![\w])at\s+$", re.I)
_BETTING = re.compile(r"\b(?:odds|favourite|bookmakers?|bookies|betting|punters|William Hill"
                      r"|Ladbrokes)\b", re.I)
_ODDS_BEFORE = re.compile(r"\b(?:odds\s+of|quoted\s+at|priced\s+at|price\s+of)\s+$", re.I)


_VOTE_BEFORE = re.compile(
    r"\b(?:vot(?:e|es|ed|ing)|approv(?:e|ed|es|al)|pass(?:ed|es)?|reject(?:ed|s)?|confirm(?:ed|s)?|upheld|uphold"
    r"|overturn(?:ed|s)?|rul(?:ed|ing)|decision|split|tally|ballots?)\b[^.;:]{0,30}$", re.I)
_VOTE_AFTER = re.compile(r"\s*(?:votes?\b|decision|ruling|verdict|majority|tally|in\s+fav(?:o|ou)r)", re.I)
# "N to M" is a tally only right after these words ("voted to raise it from 5 to 7" is a range)
_TALLY_TO = re.compile(r"\b(?:vote\s+of|voted|votes?\s+of|(?:by\s+)?a\s+(?:vote|margin|tally)\s+of|tally\s+of)\s+$", re.I)


def is_vote(text: str, start: int, end: int) -> bool:
    """Whether the score at ``start``-``end`` of ``text`` is a vote's tally ("the council approved it
    7-2", "a 5-4 decision", "a 52-48 vote"), not a game's: one vote told by two outlets is one figure."""
    return bool(_VOTE_BEFORE.search(text, max(0, start - 45), start) or _VOTE_AFTER.match(text, end))


def _tally_to(text: str, a: Atom, b: Atom) -> Atom | None:
    """A tally written "N to M" after a vote's words: "passed by a vote of 219 to 212"."""
    plain = all(not (x.currency or x.percent or x.kind or x.scaled or x.fixed or x.qualifier)
                and x.figure.is_integer() and x.figure <= 1000 for x in (a, b))
    if not (plain and _RANGE_TO.fullmatch(text, a.end, b.lead) and _TALLY_TO.search(text, max(0, a.lead - 30), a.lead)):
        return None
    v = a.figure + b.figure / 1000
    return Atom(a.lead, a.lead, b.lead + len(str(int(b.figure))), v, 0.0, kind="score", fixed=(v, v, v))


def _score(text: str, a: Atom, b: Atom) -> Atom | None | bool:
    """A score ("3-1 win", "beat them 2-3"): an atom; betting odds ("2-1 favourite"): False;
    neither: None. Its value is first + second / 1000 (see :func:`score_sides`)."""
    if not b.tail:
        return _tally_to(text, a, b)
    if not _joined(text, a, b):
        return None
    end = b.lead + len(str(int(b.figure)))
    if _ODDS.match(text, end) or _ODDS_BEFORE.search(text, max(0, a.lead - 12), a.lead):
        return False
    sporting = bool(_SCORE_AFTER.match(text, end)
                    or _SCORE_BEFORE.search(text, max(0, a.lead - 40), a.lead))
    if (not sporting and _AT_BEFORE.search(text, max(0, a.lead - 4), a.lead)
            and _BETTING.search(text)):
        return False  # "the favourite ..., followed by Kenzie at 5-2": a price
    if not sporting and a.figure < b.figure:
        return None  # a range: "2-3 days"
    if a.figure > 200 or b.figure > 200:
        return None if a.figure < b.figure else False
    v = a.figure + b.figure / 1000
    return Atom(a.lead, a.lead, end, v, 0.0, kind="score", fixed=(v, v, v))


def score_sides(q: Quantity) -> tuple[int, int]:
    """The two sides of a score quantity: (3, 1) for "3-1"."""
    first = math.floor(q.value + 1e-9)
    return first, round((q.value - first) * 1000)


# --------------------------------------------------------------------------- both

def merge_ranges(text: str, atoms: list[Atom], rejects: list[Rejected]) -> list[Atom]:
    """``atoms`` with each score and range made one; reversed ranges go to ``rejects``."""
    out: list[Atom] = []
    i = 0
    while i < len(atoms):
        a = atoms[i]
        b = atoms[i + 1] if i + 1 < len(atoms) else None
        score = _score(text, a, b) if b is not None else None
        if isinstance(score, Atom):
            out.append(score)
            i += 2
            continue
        merged = _merge(text, a, b) if b is not None and score is None else None
        if merged is _REVERSED and b is not None:
            s = a.between if a.between >= 0 else a.start
            rejects.append(Rejected(text[s:b.end], s, b.end, "range low above high"))
            i += 2
        elif isinstance(merged, Atom):
            out.append(merged)
            i += 2
        elif b is not None and score is False:  # betting odds: "2-1 favourite"
            i += 2
        else:
            if not a.tail:  # an unmatched "<digit>-N" ("2017-18") is dropped
                out.append(a)
            i += 1
    return out
