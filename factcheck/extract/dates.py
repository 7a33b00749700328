"""Dates: when an article was published, and when a sentence says its figures held.

Dates are ISO strings: ``YYYY-MM-DD`` for a day, ``YYYY-MM`` for a month, ``YYYY`` for a
year. Two dates compare at the coarser of their two precisions.
"""

from __future__ import annotations

import re

from factcheck.extract.lexicon import MONTH, MONTH_NAMES, YEAR

MONTHS = {m.lower(): i for i, m in enumerate(MONTH_NAMES, 1)}
MONTHS.update({m[:3]: i for m, i in list(MONTHS.items())})
MONTHS["sept"] = 9
_MONTH = MONTH + r"\.?"
_YEAR = YEAR

_DATE_MARKER = re.compile(rf"^\s*date\s+({_YEAR})-(\d\d)-(\d\d)\b", re.I | re.M)
_TIMESTAMP = re.compile(rf"\b({_YEAR})-(\d\d)-(\d\d)[ T]\d\d:\d\d")
_MDY = re.compile(rf"\b({_MONTH})\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+({_YEAR})\b")
_DMY = re.compile(rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+({_MONTH}),?\s+({_YEAR})\b")
_ISO_DAY = re.compile(rf"\b({_YEAR})-(\d\d)-(\d\d)\b")

# In-text references that place a figure in time.
_REL_YEAR = re.compile(r"\b(last|this|next|previous)\s+year\b", re.I)
_MONTH_REF = re.compile(rf"\b(?:in|since|by|during|until|of|early|mid|late|end of)[\s-]+(?:early\s+|mid[\s-]+|late\s+)?({_MONTH})(?:\s+({_YEAR}|last year|this year))?\b", re.I)
_YEAR_REF = re.compile(rf"\b(?:in|since|by|during|for|of|until|as of|from)\s+(?:fiscal\s+|financial\s+year\s+)?({_YEAR})\b", re.I)


def _month(name: str) -> int:
    return MONTHS[name.lower().rstrip(".")[:4] if name.lower().startswith("sept") else name.lower().rstrip(".")[:3]]


def _iso(y: int, m: int | None = None, d: int | None = None) -> str | None:
    if m is not None and not 1 <= m <= 12:
        return None
    if d is not None and not 1 <= d <= 31:
        return None
    return f"{y:04d}" + (f"-{m:02d}" if m else "") + (f"-{d:02d}" if d else "")


def publication_date(text: str, head: int = 400) -> str | None:
    """The article's date: a ``date YYYY-MM-DD`` line, a timestamp, or a dateline near the top."""
    for rx in (_DATE_MARKER, _TIMESTAMP):
        m = rx.search(text, 0, head)
        if m:
            return _iso(int(m[1]), int(m[2]), int(m[3]))
    found = []
    for m in _MDY.finditer(text, 0, head):
        found.append((m.start(), _iso(int(m[3]), _month(m[1]), int(m[2]))))
    for m in _DMY.finditer(text, 0, head):
        found.append((m.start(), _iso(int(m[3]), _month(m[2]), int(m[1]))))
    for m in _ISO_DAY.finditer(text, 0, head):
        found.append((m.start(), _iso(int(m[1]), int(m[2]), int(m[3]))))
    found = [f for f in found if f[1]]
    return min(found)[1] if found else None


def sentence_date(sentence: str, published: str | None) -> str | None:
    """When the sentence says its figures held ("in July last year"), else None.

    Relative references are resolved against ``published``; a month with no year is the
    latest such month not after publication.
    """
    pub_year = int(published[:4]) if published else None
    pub_month = int(published[5:7]) if published and len(published) >= 7 else None
    m = _MONTH_REF.search(sentence)
    if m:
        month = _month(m[1])
        year_text = (m[2] or "").lower()
        if year_text.isdigit():
            return _iso(int(year_text), month)
        if pub_year is None:
            return None
        if year_text == "last year":
            return _iso(pub_year - 1, month)
        if year_text == "this year":
            return _iso(pub_year, month)
        year = pub_year - 1 if pub_month and month > pub_month else pub_year
        return _iso(year, month)
    m = _REL_YEAR.search(sentence)
    if m and pub_year is not None:
        offset = {"last": -1, "previous": -1, "this": 0, "next": 1}[m[1].lower()]
        return _iso(pub_year + offset)
    m = _YEAR_REF.search(sentence)
    if m:
        return m[1]
    return None


def same_time(a: str | None, b: str | None) -> bool | None:
    """Whether two dates fall in the same period at their common precision; None if unknown."""
    if not a or not b:
        return None
    n = min(len(a), len(b), 7)  # compare to the month at most: days within a month are one period
    return a[:n] == b[:n]


_FIGURE_YEAR = re.compile(rf"\b(?:in|during|for|as of)\s+(?:fiscal\s+|financial\s+year\s+)?({_YEAR})\b", re.I)


def figure_year(sentence: str, start: int, end: int, lo: int, hi: int) -> str | None:
    """The year a figure's own clause (``sentence[lo:hi]``, the figure at ``start:end``) says it
    held, when that differs from the rest of the sentence: "up from 831 cases worth £35.7m in
    2002" in a sentence about 2003. The nearest "in/during/for <year>" within the clause."""
    found = [(min(abs(m.start() - end), abs(start - m.end())), m.group(1))
             for m in _FIGURE_YEAR.finditer(sentence, lo, hi)]
    return min(found)[1] if found else None
