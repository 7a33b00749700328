"""Counts and figures in words: "five departments", "twenty-seven projects", "one and a half
million copies", "a dozen firms"; and vague plurals, read as "about" from twice the unit up to
just below the next scale word: "dozens" is 24..99, "hundreds" 200..999, "thousands"
2,000..999,999, "tens of thousands" 20,000..99,999 (value the low end). "one" alone counts
only before a noun ("one of the" is no quantity). The vocabulary is in :mod:`.numbers`; the
counted noun is found by :mod:`.nouns`."""

from __future__ import annotations

import re

from factcheck.extract.quantities.after import after_bare
from factcheck.extract.quantities.context import is_name, qualifier, suffix
from factcheck.extract.quantities.core import Atom, copy, rounding
from factcheck.extract.quantities.money import currency_of, rate, with_noun
from factcheck.extract.quantities.nouns import COMPOUND, noun_after
from factcheck.extract.quantities.numbers import BIG_WORDS, VAGUE, words_value
from factcheck.extract.quantities.words import FRACTION_NOUNS

__all__ = ["vague_atom", "word_atom"]

_WORD_SPLIT = re.compile(r"[\s-]+")
_ONE_STRICT_BEFORE = re.compile(
    r"(?<![\w])(?:no|any|every|each|which|the|this|that|only)\s+$", re.I)
_AND_HALF = re.compile(
    r"[-\s]+and[-\s]+a[-\s]+half\b(?:\s+(?P<big>thousand|million|billion|trillion)\b)?", re.I)


def _no_number(text: str, p: int, e: int, is_one: bool) -> bool:
    """"no one", "one-two", "the Six Nations", "two-thirds": number words that are no figure."""
    if is_one and _ONE_STRICT_BEFORE.search(text, max(0, p - 8), p):
        return True
    if p > 1 and text[p - 1] in "-‐–" and text[p - 2].isalpha():
        return True  # "one-two"
    if is_name(text, p):
        return True  # a name: "the Six Nations", "Group of Eight", "a Five spokesman"
    c = COMPOUND.match(text, e)
    return c is not None and c[1].lower() in FRACTION_NOUNS  # "two-thirds"


def word_atom(text: str, m: re.Match[str], floor: int) -> Atom | None:
    """A number in words, with what it counts: "five departments", "half a million"."""
    p, e = m.start(), m.end()
    tokens = [t for t in _WORD_SPLIT.split(text[p:e].lower()) if t and t != "and"]
    value = words_value(tokens)
    is_one = tokens == ["one"]
    if _no_number(text, p, e, is_one):
        return None
    scale = BIG_WORDS.get(tokens[-1], 1.0)
    if h := _AND_HALF.match(text, e):  # "one and a half million", "two and a half years"
        is_one, e = False, h.end()
        value += 0.5 * scale
        if h["big"]:
            scale = BIG_WORDS[h["big"].lower()]
            value *= scale
    figure = value / scale
    start, qualified, between = qualifier(text, p, floor)
    suf = suffix(text, e, "", allow_scale=False)
    atom = Atom(start, p, suf.end, figure, rounding(repr(figure)), scale, scale != 1.0,
                suf.currency, suf.percent, "", qualified or suf.qualifier, between=between)
    if atom.currency:
        return rate(text, atom)
    if atom.percent:
        return atom
    if (bare := after_bare(text, atom, figure.is_integer())) is not None:
        return bare
    noun = noun_after(text, suf.end, single=(value == 1), allow_of=not is_one,
                      allow_compound=not is_one)
    if is_one and not noun:
        return None  # "one of the", "one said"
    return with_noun(atom, noun)


def vague_atom(text: str, m: re.Match[str], floor: int = 0) -> Atom:
    """"dozens of companies", "tens of thousands of fans", "billions of dollars"."""
    plural = m["vague"].lower().split()
    low, high = VAGUE[plural[0]]
    if len(plural) == 3:
        mult = BIG_WORDS[plural[2][:-1]]
        low, high = low * mult, (high + 1) * mult - 1
    atom = Atom(m.start(), m.start(), m.end(), low, 0.0, qualifier="about",
                fixed=(low, low, high))
    if currency := currency_of(text, m.end()):
        return copy(atom, currency=currency)
    return with_noun(atom, noun_after(text, m.end(), single=False))
