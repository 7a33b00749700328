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
    a, b = d.a, d.b
    qa, qb = a.quantity.text, b.quantity.text
    r = d.reason
    if d.flag is not None and d.kind == "conflict":
        if "too large to read as a change" in r:
            return (f"These disagree: {qa} and {qb} for {a.measure} are dated only days apart, too close for "
                    "such a move to be a change over time. Check which figure is right.")
        return f"These disagree: one article says {qa}, the other {qb}, for the same {a.measure}. Check which is right."
    if d.flag is not None and d.kind == "changed":
        return (f"This reads as a change over time, not an error: {qa} as of {a.date or 'an unknown date'}, "
                f"{qb} as of {b.date or 'an unknown date'} ({a.measure}).")
    if d.flag is not None and d.kind == "inconsistent":
        return f"The conversion does not add up: {qa} is not {qb} at any exchange rate of the article's year."
    if d.kind == "agree":
        return f"These agree: {qa} and {qb} can both be true (the wording allows both)."
    if d.kind == "unplaced":
        return "Not compared: a price or rate with no date on one side could be from any day."
    if d.kind == "restated":
        return "Not flagged: the other sentence also gives a figure that agrees with this one."
    if d.kind == "paired elsewhere":
        return "Not compared with each other: each figure is compared with its twin in a near-identical sentence instead."
    pair = (a, b)
    if r.startswith("different units"):
        ta, tb = thing(a), thing(b)
        if a.quantity.kind == b.quantity.kind == "count":
            return f"Not compared: these count different things: {ta} vs {tb}."
        return f"Not compared: these measure different things: {ta} vs {tb}."
    if r.startswith("different funding rounds"):
        return f"Not compared: these are about different funding rounds ({_names(pair, 'round')})."
    if r.startswith("different measures"):
        return f"Not compared: these measure different things ({_names(pair, 'role')})."
    if r.startswith("different subjects"):
        return f"Not compared: these are about different people or organisations ({_names(pair, 'subjects')})."
    if r.startswith("different periods"):
        return f"Not compared: these are about different times ({_names(pair, 'times')})."
    if r.startswith("different spans"):
        return f"Not compared: these cover different spans of time ({_names(pair, 'periods')})."
    if r.startswith("a running total"):
        return "Not compared: one is a running total, the other a single figure."
    if r.startswith("a rise, fall"):
        return "Not compared: one is a rise or fall, the other a level."
    if r.startswith("plans, talks"):
        return "Not compared: one is a plan, talks or a forecast, not something that happened."
    if r.startswith("a side names nobody"):
        return "Not compared: one sentence does not say whose figure it is, and the sentences are not alike enough to tell."
    if r.startswith("not enough evidence"):
        p = "" if d.confidence is None else f" (probability {d.confidence:.2f}, {d.needed:.2f} needed)"
        return f"Not compared: the sentences do not clearly talk about the same thing{p}."
    if r.startswith("more than one figure"):
        return "Not flagged: several figures of the near-identical sentences differ, so they describe two periods or events."
    return f"Not compared: {r}."
