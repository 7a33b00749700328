"""The words around a figure that every kind reads: the qualifier before it ("more than",
"about", "up to", "~", "between"), and after it the scale word, percent sign, "+", currency
word and "or more"/"or so" (:func:`suffix`); and whether a capital marks a name."""

from __future__ import annotations

import re

from factcheck.extract.quantities.core import Suffix
from factcheck.extract.quantities.measures import WEIGHED
from factcheck.extract.quantities.money import CURRENCY_WORD, currency_word
from factcheck.extract.quantities.numbers import SCALE, SCALES
from factcheck.extract.quantities.percents import PERCENT

__all__ = ["SENTENCE_START", "is_name", "qualifier", "suffix"]

_QUALIFIERS: dict[str, tuple[str, ...]] = {
    "about": ("about", "around", "approximately", "approx.", "approx", "roughly", "some",
              "an estimated", "estimated", "circa", "close to"),
    "over": ("more than", "over", "above", "in excess of", "exceeding", "upwards of",
             "upward of", "north of", "just over", "well over", "just above", "well above",
             "greater than"),
    "at_least": ("at least", "no less than", "not less than", "no fewer than",
                 "a minimum of"),
    "under": ("less than", "under", "below", "fewer than", "just under", "just below",
              "well under", "well below"),
    "at_most": ("up to", "at most", "no more than", "not more than", "as much as",
                "as many as", "a maximum of"),
    "nearly": ("nearly", "almost", "just shy of"),
}


def _phrase(p: str) -> str:
    return r"\s+".join(re.escape(w) for w in p.split())


def _alternatives(phrases: tuple[str, ...]) -> str:
    return "|".join(_phrase(p) for p in sorted(phrases, key=len, reverse=True))


_QUALIFIER_RE = re.compile(
    r"(?<![\w])(?:"
    + "|".join(f"(?P<{name}>{_alternatives(ps)})" for name, ps in _QUALIFIERS.items())
    + r")\s*$|(?P<tilde>~)\s*$", re.I)
_LAST_WORD = re.compile(r"[A-Za-z.~]*$")
_QUALIFIER_LAST: frozenset[str] = frozenset(
    p.split()[-1].lower() for ps in _QUALIFIERS.values() for p in ps)
_BETWEEN = re.compile(r"(?<![\w])between\s+$", re.I)


def qualifier(text: str, lead: int, floor: int) -> tuple[int, str, int]:
    """(span start, qualifier name, start of "between" or -1) for the words before ``lead``."""
    start, name, lo = lead, "", max(floor, lead - 24)
    before = text[lo:lead].split()
    tail = _LAST_WORD.search(before[-1]) if before else None
    last = tail[0].lower() if tail else ""
    if last in _QUALIFIER_LAST or last.endswith("~"):  # cheap test before the regex
        m = _QUALIFIER_RE.search(text, lo, lead)
        if m is not None:
            start, name = m.start(), ("about" if m.lastgroup == "tilde" else m.lastgroup or "")
    if not name and last != "between":
        return start, name, -1
    b = _BETWEEN.search(text, max(floor, start - 12), start)
    return start, name, (b.start() if b else -1)


_PLUS = re.compile(r"\+(?![\w+])")
_TAIL_QUALIFIER = re.compile(
    r"\s+or\s+(?P<at_least>more)\b|\s+or\s+(?P<about>so)\b|-(?P<plus>plus)\b", re.I)



def _currency_after(text: str, pos: int) -> re.Match[str] | None:
    """A currency word at ``pos`` ("dollars", "pounds sterling"), unless the pounds are weighed ("it weighs 17 pounds")."""
    m = CURRENCY_WORD.match(text, pos)
    return None if m is None or (m["gbp"] and WEIGHED.search(text, max(0, pos - 60), pos)) else m


def suffix(text: str, pos: int, currency: str, allow_scale: bool = True) -> Suffix:
    """Scale word, percent sign, "+", currency word and "or more" after a figure."""
    scale, scaled, percent, qualifier = 1.0, False, False, ""
    m = SCALE.match(text, pos) if allow_scale else None
    if m is not None and (m["s"] is None or m["s"].lower() != "b" or currency):
        word = (m["w"] or m["a"] or m["s"]).lower()
        scale, scaled, pos = SCALES[word], True, m.end()
    if not scaled and (m := PERCENT.match(text, pos)):
        percent, pos = True, m.end()
    if text.startswith("+", pos) and (m := _PLUS.match(text, pos)):
        qualifier, pos = "at_least", m.end()
    if not currency and not percent and (m := _currency_after(text, pos)):
        currency, pos = currency_word(m), m.end()
    c = text[pos:pos + 1]  # "or more", "or so", "-plus" start with a space (\s) or a hyphen
    if not qualifier and (c == "-" or c.isspace()) and (m := _TAIL_QUALIFIER.match(text, pos)):
        qualifier, pos = ("about" if m["about"] else "at_least"), m.end()
    return Suffix(pos, scale, scaled, percent, currency, qualifier)


# where a sentence starts: also after a dateline's dash ("PHILADELPHIA (Reuters) - Eight people")
SENTENCE_START = re.compile(r"(?:^|[.!?:;\"“‘'(\n\t—–]|\s-)\s*$")


def is_name(text: str, p: int) -> bool:
    """Whether the word at ``p`` is capitalised inside a sentence: a name ("the Six Nations",
    "Fifth Avenue"), no figure."""
    return text[p].isupper() and not SENTENCE_START.search(text, max(0, p - 4), p)
