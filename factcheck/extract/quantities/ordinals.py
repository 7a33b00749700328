"""Ordinals: "seventh", "twenty-first", "86th", "21st"; value the rank, unit the noun it ranks
("86th minute" -> "minute"). Not dates ("October 16th"), not list markers ("Third, we..."),
not "second" as time ("30 second", "per second", "took a second to"); "first" is not read
(see :mod:`.words`). "a third term" and "a fourth title" are ordinals too, read from
:mod:`.fractions`."""

from __future__ import annotations

import re

from factcheck.extract.quantities import words
from factcheck.extract.quantities.context import SENTENCE_START, is_name
from factcheck.extract.quantities.core import NEXT, Atom, Digits, Refined
from factcheck.extract.quantities.nouns import ADJECTIVES, COMPOUND, NEXT_WORD, STOP, singular
from factcheck.extract.quantities.years import is_day

__all__ = ["ordinal", "ordinal_digits", "ordinal_word_atom"]

_ROLE_ADJ = frozenset("consecutive straight successive successful different annual".split())


def ordinal(text: str, start: int, end: int, n: float) -> Atom:
    """"86th", "seventh": the rank, counted noun as its unit ("86th minute" -> minute)."""
    following: list[str] = []
    pos = end
    while len(following) < 3 and (m := NEXT_WORD.match(text, pos)):
        if m[1].lower() in STOP:
            break
        following.append(m[1])
        pos = m.end()
    following = [w for w in following if w.lower() not in _ROLE_ADJ]
    noun = ""
    for w in following[:1]:
        lw = w.lower()
        if (w[0].islower() or w.isupper()) and lw not in ADJECTIVES and not lw.endswith("ly"):
            noun = singular(lw)
    if not noun and (c := COMPOUND.match(text, end)):
        noun = singular(c[1].lower())
    return Atom(start, start, end, n, 0.0, kind="ordinal", noun=noun, fixed=(n, n, n))


_ORDINAL_FIRST = ("s", "n", "r", "t")
_ORDINAL_SUFFIX = re.compile(r"(?:st|nd|rd|th)(?![A-Za-z0-9])")


def ordinal_digits(d: Digits) -> Refined:
    """"86th", "21st" from a plain figure; no figure for a day of a date ("October 16th",
    "1st September") or "0th"."""
    text, e = d.text, d.e
    if not d.plain or text[e:e + 1] not in _ORDINAL_FIRST:
        return NEXT
    if not (o := _ORDINAL_SUFFIX.match(text, e)):
        return NEXT
    if is_day(text, d.lead, e, int(d.raw)) or d.figure == 0:
        return None
    return ordinal(text, d.lead, o.end(), d.figure)


_LIST_MARKER = re.compile(r"(?:ly)?\s*[,:;)]")
_SECOND_OF_TIME = re.compile(r"(?:\d|\b(?:per|every|each|split|fraction of a|nano|milli|micro))[\s-]*$", re.I)
_A_SECOND = re.compile(r"\b(?:a|one)\s+$", re.I)  # "a second" is time when no noun follows it
_AFTER_TIME = re.compile(r"\s*(?:[,.;:!?)]|$|(?:to|or|and|ago|later|earlier|before|after|in|of|too)\b)", re.I)


def _second_of_time(text: str, p: int, e: int) -> bool:
    """"30 second", "per second", "took a second to": time, not a rank."""
    if text[p:e].lower() != "second":
        return False
    return bool(_SECOND_OF_TIME.search(text, max(0, p - 12), p) or (
        _A_SECOND.search(text, max(0, p - 5), p) and _AFTER_TIME.match(text, e)))


def ordinal_word_atom(text: str, m: re.Match[str], floor: int = 0) -> Atom | None:
    """"seventh", "twenty-first": an ordinal; a capitalised one inside a sentence is a name
    ("Fifth Avenue", "Third Way")."""
    p, e = m.start(), m.end()
    if is_name(text, p):
        return None
    if p > 0 and text[p - 1] in "-‐–":
        return None
    if _LIST_MARKER.match(text, e) and SENTENCE_START.search(text, max(0, p - 4), p):
        return None  # "Third, we will...": a list marker
    if _second_of_time(text, p, e):
        return None
    return ordinal(text, p, e, float(words.ordinal_value(" ".join(
        re.split(r"[-\s]+", text[p:e].lower())).replace(" ", "-"))))
