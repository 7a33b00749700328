"""The scan: find each figure's start with one pattern, hand the match to the reader its group
names (:data:`READERS`), merge ranges and scores, drop labels ("PlayStation 3") and turn the
rest into quantities, setting aside those that cannot be true. Dates, times, phone numbers,
URLs and "#23" are skipped before any reader sees them."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable
from dataclasses import replace

from factcheck.extract.lexicon import URL_START
from factcheck.extract.quantities import words
from factcheck.extract.quantities.core import Atom, Rejected, finish, implausible
from factcheck.extract.quantities.counts import vague_atom, word_atom
from factcheck.extract.quantities.digits import digit_atom
from factcheck.extract.quantities.fractions import fold_atom, fraction_atom
from factcheck.extract.quantities.measures import join_parts
from factcheck.extract.quantities.nouns import STOP, implied_people
from factcheck.extract.quantities.numbers import BIG, BIG_WORDS, UNITS_WORDS, VAGUE, VAGUE_RE, WORD_NUMBER
from factcheck.extract.quantities.ordinals import ordinal_word_atom
from factcheck.extract.quantities.ranges import merge_ranges
from factcheck.records import Quantity

__all__ = ["READERS", "parse"]

# pattern group -> the reader of its matches: (text, match, end of the previous figure) -> atom
READERS: dict[str, Callable[[str, re.Match[str], int], Atom | None]] = {
    "num": digit_atom, "vague": vague_atom, "frac": fraction_atom, "fold": fold_atom,
    "ord": ordinal_word_atom, "word": word_atom,
}

_FIGURE = r"(?P<num>[0-9]+(?:,[0-9]+)*(?:\.[0-9]+)?)"
# Searched in ASCII-lower-cased text; the look-ahead lists the first letters of number words
# and makes the scan several times faster than an IGNORECASE pattern.
_CORE = re.compile(
    rf"{_FIGURE}|\b(?=[abdefhmnost])(?:(?P<vague>{VAGUE_RE})|(?P<word>{WORD_NUMBER}))")
# the same with ordinals, fractions and multiples, for the sentences that have such a word
_CORE_ALL = re.compile(
    rf"{_FIGURE}|\b(?=[abdefhmnost])(?:(?P<vague>{VAGUE_RE})"
    rf"|(?P<frac>{words.FRACTION_RE})(?!\s+an?\s+{BIG}|[-\s]{BIG})|(?P<fold>{words.FOLD_RE})"
    rf"|(?P<ord>{words.ORDINAL_RE})|(?P<word>{WORD_NUMBER}))")
_CORE_DIGITS = re.compile(_FIGURE)  # when the text has no number word: much faster
_DIGIT = re.compile(r"[0-9]")
_LOWER_WORD = re.compile(r"[a-z]+")
_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")
_NUMBER_WORDS: frozenset[str] = frozenset(
    [*UNITS_WORDS, "hundred", "dozen", *BIG_WORDS, *VAGUE])
_OTHER_WORDS: frozenset[str] = frozenset(
    [*words.ORDINALS, *words.DENOMINATORS, *words.FOLDS])
_ALL_WORDS = _NUMBER_WORDS | _OTHER_WORDS

# --------------------------------------------------------------------------- skipped spans

_TWEET_DATE = re.compile(r"\(@\w{1,30}\)\s+[A-Za-z]{3,9}\.?\s+\d{1,2},\s+\d{4}")  # "(@jsmith) March 3, 2015"
_URL = re.compile(rf"{URL_START}\S+|[\w.+-]+@[\w-]+\.[\w.]+")
_SKIP = re.compile(r"""  # the leading look-ahead lets the scan skip most positions fast
  (?=[0-9(+\#])(?:
    \b\d{4}[-/.]\d{1,2}[-/.]\d{1,2}\b
  | \b\d{1,2}[/.]\d{1,2}[/.]\d{2,4}\b
  | \b\d{1,2}:\d{2}(?::\d{2})?(?:\s*[ap]\.?m\b\.?)?
  | \b\d{1,2}(?:[.:]\d{2})?\s*[ap]\.?m\.?(?![a-z])
  | \b\d{1,4}(?:[.:]\d{2})?\s*(?:GMT|BST|UTC|CET|EST|EDT|PST)\b
  | \+\d{1,3}[\s.-]?\(?\d{1,4}\)?(?:[\s.-]?\d{2,4}){2,}
  | \(?\b\d{3,4}\)?[\s.-]\d{3,4}[\s.-]\d{4}\b
  | \#\s?\d+(?:[-–]\d+)*
)""", re.X | re.I)


def _skip_spans(text: str) -> list[tuple[int, int]]:
    """Spans whose digits are no quantity: dates, times, phone numbers, URLs, "#23", a tweet's date."""
    d = _DIGIT.search(text)  # each such span starts at most two characters before a digit
    spans = [m.span() for m in _SKIP.finditer(text, max(0, d.start() - 2))] if d else []
    if "@" in text or "://" in text or "www." in text:
        spans += [m.span() for m in _URL.finditer(text)]
    if "(@" in text:  # an embedded tweet's signature dates the tweet, not a figure of the story
        spans += [m.span() for m in _TWEET_DATE.finditer(text)]
    return spans


# --------------------------------------------------------------------------- the scan

def _atoms(text: str, scan: str, core: re.Pattern[str]) -> list[Atom]:
    """The figures in ``text``, found by searching ``scan`` (same length) with ``core``."""
    skips = _skip_spans(text)
    atoms: list[Atom] = []
    m = core.search(scan)
    while m is not None:
        pos = m.end()
        skip_end = -1
        for s, e in skips:
            if s <= m.start() < e:
                skip_end = e
                break
        if skip_end >= 0:
            pos = skip_end
        else:
            atom = READERS[m.lastgroup or "word"](text, m, atoms[-1].end if atoms else 0)
            if atom is not None:
                atoms.append(atom)
                pos = max(pos, atom.end)
        m = core.search(scan, pos)
    return atoms


_NUMBER_BEFORE = re.compile(r"(?<![\w])(?:number|No\.)\s+$", re.I)
_CAPITAL_BEFORE = re.compile(r"(?<![\w'’])([A-Z][\w'’]*)[ \u00a0]+$")


def _is_label(text: str, a: Atom) -> bool:
    """A bare number right after a capitalised name: "PlayStation 3", "FTSE 100"."""
    if a.signature or a.qualifier or a.scaled:
        return False
    if _NUMBER_BEFORE.search(text, max(0, a.start - 12), a.start):
        return True  # "number six", "No. 3"
    m = _CAPITAL_BEFORE.search(text, max(0, a.start - 24), a.start)
    return m is not None and m[1].lower() not in STOP


def _scan(text: str) -> list[Atom]:
    """Every atom of ``text``, with the fastest pattern that can find them all."""
    lower = text.lower()
    if len(lower) != len(text):  # a few letters lower-case to two characters ("İ")
        lower = text.translate(_ASCII_LOWER)  # keeps every offset
    found = _ALL_WORDS.intersection(_LOWER_WORD.findall(lower))
    if found and not _OTHER_WORDS.isdisjoint(found) or "ty-first" in lower or "ty-second" in lower:
        return _atoms(text, lower, _CORE_ALL)
    if found:
        return _atoms(text, lower, _CORE)
    if _DIGIT.search(text) is not None:
        return _atoms(text, text, _CORE_DIGITS)
    return []


_LONG_SPACE = re.compile(r"\s{17,}")  # a run the scan keeps only the ends of: 8 characters each side
_SPACE_KEPT = 8


def parse(text: str) -> tuple[tuple[Quantity, ...], tuple[Rejected, ...]]:
    """The quantities of ``text`` and the figures rejected as impossible, in time linear in long
    runs of space: the patterns that look back over space ("[ ]+$" before a figure) read a run once
    per character of it, so a run of more than 16 characters is scanned as its first and last 8,
    and the spans are mapped back."""
    runs = list(_LONG_SPACE.finditer(text))
    if not runs:
        return _parse(text)
    parts, cuts, prev, dropped = [], [], 0, 0
    for m in runs:
        keep_to, resume = m.start() + _SPACE_KEPT, m.end() - _SPACE_KEPT
        parts.append(text[prev:keep_to])
        dropped += resume - keep_to
        cuts.append((resume - dropped, dropped))  # from here on, the short text is ``dropped`` behind
        prev = resume
    parts.append(text[prev:])
    starts = [c for c, _ in cuts]

    def back(i: int) -> int:  # an index of the short text in ``text``
        k = bisect_right(starts, i) - 1
        return i + (cuts[k][1] if k >= 0 else 0)

    found, rejected = _parse("".join(parts))
    return (tuple(replace(q, text=text[back(q.start):back(q.end)], start=back(q.start), end=back(q.end))
                  for q in found),
            tuple(replace(r, text=text[back(r.start):back(r.end)], start=back(r.start), end=back(r.end))
                  for r in rejected))


def _parse(text: str) -> tuple[tuple[Quantity, ...], tuple[Rejected, ...]]:
    atoms = _scan(text)
    if not atoms:
        return (), ()
    rejects: list[Rejected] = []
    out: list[Quantity] = []
    for a in join_parts(text, merge_ranges(text, atoms, rejects)):
        if _is_label(text, a):
            continue
        q = finish(text, a)
        if q.kind == "number" and implied_people(text, q.start, q.end):
            q = replace(q, kind="count", unit="people")
        if why := implausible(q):
            rejects.append(Rejected(q.text, q.start, q.end, why))
        else:
            out.append(q)
    return tuple(out), tuple(sorted(rejects, key=lambda r: r.start)) if rejects else ()
