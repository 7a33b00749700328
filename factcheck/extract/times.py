"""Time around a figure: the times a sentence names, and the span of time a figure covers."""

from __future__ import annotations

import re

from factcheck.extract.lexicon import FULL_MONTH, REFERENCE_YEAR, YEAR

_PERIOD = re.compile(  # "half" of a year, not "a half-trillion dollars" or "half a million"
    r"\b(quarter|month|year|week|day|half(?![\s-]+(?:an?\s+)?(?:dozen|hundred|thousand|million|billion|trillion)\b)"
    r"|annual|daily)(?:ly|s)?\b", re.I)
_PERIOD_NAME = {"annual": "year", "daily": "day"}
_IN_YEAR = re.compile(rf"\b(?:in|for|during|over)\s+{YEAR}\b")
_YEAR_REF = re.compile(rf"\b{REFERENCE_YEAR}\b")
_MONTH_NAME = re.compile(rf"\b({FULL_MONTH})\b")
_QUARTER = re.compile(r"\b(first|second|third|fourth|final|last|q[1-4])[\s-]+quarter\b|\b(q[1-4])\b", re.I)
_QUARTER_NAME = {"first": "q1", "second": "q2", "third": "q3", "fourth": "q4", "final": "q4"}
# takings or sales of an opening span: "in its first two days", "its opening weekend", "opening week"
_OPENING = re.compile(r"\b(?:(?:its|their|the) (?:first|opening) (?:[\w-]+ )?(?:days?|weeks?|weekend|hours?)"
                      r"|opening[ -](?:day|week|weekend)s?)\b", re.I)
OPENING = "opening"  # the span of a figure over the first days of a film, a sale, a release
PORTION = "portion"  # a figure that marks out part of an event: "the final 200m", "the last 10 minutes"
_PORTION = re.compile(r"\b(?:final|last|first|opening|closing)\s+$", re.I)
_NOW = re.compile(r"\b(?:now|currently|today|at present|presently|this week)\b", re.I)


def time_refs(text: str) -> set[str]:
    """The times a sentence names: years, months, quarters, and "now" for the present."""
    refs = {m.group() for m in _YEAR_REF.finditer(text)}
    refs |= {m.group(1).lower() for m in _MONTH_NAME.finditer(text)}
    for m in _QUARTER.finditer(text):
        word = (m.group(1) or m.group(2)).lower()
        refs.add(_QUARTER_NAME.get(word, word if word.startswith("q") else "last-quarter"))
    if _NOW.search(text):
        refs.add("now")
    return refs


def portion(text: str, start: int) -> bool:
    """The figure at ``start`` marks out part of an event ("over the final 200m", "in the last 10
    minutes", "the first 100 customers"): a stretch the sentence describes, not a figure it reports."""
    return bool(_PORTION.search(text, max(0, start - 12), start))


def periods(text: str, lo: int, hi: int) -> frozenset[str]:
    """The spans of time a figure in ``text[lo:hi]`` covers: "quarter", "year", "day"...

    "expanded by 1.7% in 2004" covers a whole year; "took $40m in its first two days" covers an
    ``OPENING`` span (and days): a figure of an opening span is never one of a whole run."""
    found = frozenset(_PERIOD_NAME.get(p, p) for p in (m.group(1).lower() for m in _PERIOD.finditer(text, lo, hi)))
    if _OPENING.search(text, lo, hi):
        found |= {OPENING}
    if not found and _IN_YEAR.search(text, lo, hi):
        return frozenset({"year"})
    return found
