"""A flag decision in a journalist's words, for ``factcheck explain``: what the two figures are
and why they are or are not compared, before the technical trace ("these count different
things: Klan members vs counter-protesters", not "apart: different units").
"""

from __future__ import annotations

import re

from factcheck.match.decide import Decision
from factcheck.records import Mention

_KIND = {"money": "a sum of money", "percent": "a percentage", "count": "a count", "year": "a year",
         "decade": "a decade", "ordinal": "a rank (first, second...)", "score": "a score", "number": "a bare number"}


def _plural(word: str) -> str:
    last = word.rsplit(" ", 1)[-1]
    irregular = {"person": "people", "man": "men", "woman": "women", "child": "children"}
    if last.lower() in irregular:
        return word[:len(word) - len(last)] + irregular[last.lower()]
    if re.search(r"(s|x|z|ch|sh)$", last):
        return word + "es"
    if re.search(r"[^aeiou]y$", last):
        return word[:-1] + "ies"
    return word + "s"


def thing(m: Mention) -> str:
    """What the figure counts or measures, in words: "Klan members", "US dollars", "a percentage"."""
    q = m.quantity
    if q.kind == "count" and q.unit:
        counted = m.dimension.split(":", 1)[1] if m.dimension.startswith("count:") else q.unit  # "klan member"
        found = re.search(r"\b" + r"\s+".join(map(re.escape, counted.split())) + r"[\w-]*", m.claim.text, re.IGNORECASE)
        noun = " ".join(found.group(0).split()) if found else counted
        return noun if noun.lower().endswith("s") or q.value == 1 else _plural(noun)
    if q.kind == "money":
        return f"money in {q.unit}" if q.unit else "money"
    return _KIND.get(q.kind, q.kind)


def _names(ms: tuple[Mention, Mention], attr: str) -> str:
    def one(m: Mention) -> str:
        v = getattr(m, attr)
        if isinstance(v, frozenset):
            return ", ".join(sorted(v)) or "none named"
        return str(v) if v else "none named"
    return f"{one(ms[0])} vs {one(ms[1])}"


def plain(d: Decision) -> str:
    """One or two sentences a reporter can act on."""
    return _flagged(d) or _settled(d) or _not_compared(d)


def _flagged(d: Decision) -> str | None:
    """A flag in plain words: a conflict, a change over time or a conversion that does not add up."""
    a, b = d.a, d.b
    qa, qb = a.quantity.text, b.quantity.text
    if d.flag is None:
        return None
    if d.kind == "conflict":
        if "too large to read as a change" in d.reason:
            return (f"These disagree: {qa} and {qb} for {a.measure} are dated only days apart, too close for "
                    "such a move to be a change over time. Check which figure is right.")
        return f"These disagree: one article says {qa}, the other {qb}, for the same {a.measure}. Check which is right."
    if d.kind == "changed":
        return (f"This reads as a change over time, not an error: {qa} as of {a.date or 'an unknown date'}, "
                f"{qb} as of {b.date or 'an unknown date'} ({a.measure}).")
    if d.kind == "inconsistent":
        return f"The conversion does not add up: {qa} is not {qb} at any exchange rate of the article's year."
    return None


_SETTLED = {
    "unplaced": "Not compared: a price or rate with no date on one side could be from any day.",
    "restated": "Not flagged: the other sentence also gives a figure that agrees with this one.",
    "paired elsewhere": "Not compared with each other: each figure is compared with its twin in a "
                        "near-identical sentence instead.",
}


def _settled(d: Decision) -> str | None:
    """A pair the decision settles by its kind alone: the figures agree, or are not compared for a fixed reason."""
    if d.kind == "agree":
        return f"These agree: {d.a.quantity.text} and {d.b.quantity.text} can both be true (the wording allows both)."
    return _SETTLED.get(d.kind)


# A reason's start, the attribute whose values it names, and the sentence around them.
_NAMED = [
    ("different funding rounds", "round", "Not compared: these are about different funding rounds ({})."),
    ("different measures", "role", "Not compared: these measure different things ({})."),
    ("different subjects", "subjects", "Not compared: these are about different people or organisations ({})."),
    ("different periods", "times", "Not compared: these are about different times ({})."),
    ("different spans", "periods", "Not compared: these cover different spans of time ({})."),
]
# A reason's start and the sentence that says it.
_FIXED = [
    ("a running total", "Not compared: one is a running total, the other a single figure."),
    ("a rise, fall", "Not compared: one is a rise or fall, the other a level."),
    ("plans, talks", "Not compared: one is a plan, talks or a forecast, not something that happened."),
    ("a side names nobody", "Not compared: one sentence does not say whose figure it is, and the sentences are "
                            "not alike enough to tell."),
]


def _not_compared(d: Decision) -> str:
    """Why the two figures were not compared, from the decision's reason."""
    a, b, r = d.a, d.b, d.reason
    if r.startswith("different units"):
        what = "count" if a.quantity.kind == b.quantity.kind == "count" else "measure"
        return f"Not compared: these {what} different things: {thing(a)} vs {thing(b)}."
    for start, attr, sentence in _NAMED:
        if r.startswith(start):
            return sentence.format(_names((a, b), attr))
    for start, sentence in _FIXED:
        if r.startswith(start):
            return sentence
    p = "" if d.confidence is None else f" (probability {d.confidence:.2f}, {d.needed:.2f} needed)"
    if r.startswith("one story, but not enough evidence") and a.dimension != b.dimension:
        return f"Not compared: these count different things: {thing(a)} vs {thing(b)}{p}."
    if r.startswith("one story, but not enough evidence"):
        return f"Not compared: one story, but the sentences do not clearly talk about the same thing{p}."
    if r.startswith("not enough evidence"):
        return f"Not compared: the sentences do not clearly talk about the same thing{p}."
    if r.startswith("more than one figure"):
        return "Not flagged: several figures of the near-identical sentences differ, so they describe two periods or events."
    return f"Not compared: {r}."
