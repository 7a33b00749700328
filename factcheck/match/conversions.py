"""Bracketed currency conversions checked against the year's exchange rate.

"$2.4 billion (£1.3 million)" states a figure and its conversion; the implied rate (1.3m/2.4bn
pounds per dollar) cannot be right in any year. ``inconsistent_conversions`` finds, in one
claim, the conversions whose implied rate is more than ``TOLERANCE`` off the yearly average
rate of the article's year (or, with no year, off every year's rate in the table). Each
figure's interval is used, not its value, so rounding of the figures as written never
triggers it.

``inconsistent_flags`` turns them into flags of kind ``inconsistent``: one passage, so the
flag's ``a`` and ``b`` are the same claim, ``a_quantity`` the figure as stated and
``b_quantity`` its bracketed conversion; ``similarity`` is 1.0 (nothing was matched: both
figures are in the one sentence); the id hashes the kind, the article id and both figures as
written, so a verdict survives a re-run, and the fingerprint hashes the passage.

Rates: yearly averages of currency units per US dollar, 1990–2025, for USD, GBP, EUR, JPY, CNY
and HKD. Source: the Federal Reserve Board's G.5A release (foreign exchange rates, annual
averages of the noon buying rates in New York; https://www.federalreserve.gov/releases/g5a/),
with the ECU standing in for the euro before 1999 (Eurostat) and the IMF's International
Financial Statistics for the yuan before 1994's unification. Transcribed to three significant
figures; good to about 2%, which is far inside the tolerance. Years after the table use its
last year.
"""

from __future__ import annotations

import hashlib
import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from factcheck.match.figures import fingerprint
from factcheck.records import Article, Claim, Flag, Quantity

TOLERANCE = 0.25  # an implied rate more than 25% off the year's rate cannot be a rounding
KIND = "inconsistent"  # the flag kind: a figure and its conversion in one passage that cannot both hold

# currency units per US dollar, yearly average
_PER_USD: dict[str, tuple[float, ...]] = {
    # 1990 ... 1999
    # 2000 ... 2009
    # 2010 ... 2019
    # 2020 ... 2025
    "GBP": (0.560, 0.566, 0.566, 0.666, 0.653, 0.634, 0.640, 0.611, 0.604, 0.618,
            0.660, 0.695, 0.666, 0.612, 0.546, 0.549, 0.543, 0.500, 0.539, 0.639,
            0.647, 0.623, 0.631, 0.639, 0.607, 0.654, 0.737, 0.776, 0.749, 0.783,
            0.779, 0.727, 0.808, 0.804, 0.782, 0.758),
    "EUR": (0.786, 0.807, 0.770, 0.854, 0.840, 0.765, 0.787, 0.882, 0.892, 0.938,
            1.082, 1.116, 1.058, 0.884, 0.805, 0.803, 0.796, 0.729, 0.680, 0.717,
            0.754, 0.718, 0.778, 0.753, 0.752, 0.901, 0.903, 0.886, 0.847, 0.893,
            0.876, 0.845, 0.950, 0.925, 0.924, 0.885),
    "JPY": (144.8, 134.7, 126.7, 111.2, 102.2, 94.1, 108.8, 121.0, 130.9, 113.9,
            107.8, 121.5, 125.3, 115.9, 108.2, 110.2, 116.3, 117.8, 103.4, 93.6,
            87.8, 79.7, 79.8, 97.6, 105.9, 121.0, 108.8, 112.2, 110.4, 109.0,
            106.8, 109.8, 131.5, 140.5, 151.4, 150.0),
    "CNY": (4.78, 5.32, 5.51, 5.76, 8.62, 8.35, 8.31, 8.29, 8.28, 8.28,
            8.28, 8.28, 8.28, 8.28, 8.28, 8.19, 7.97, 7.61, 6.95, 6.83,
            6.77, 6.46, 6.31, 6.20, 6.14, 6.23, 6.64, 6.76, 6.62, 6.91,
            6.90, 6.45, 6.73, 7.08, 7.19, 7.19),
    "HKD": (7.79, 7.77, 7.74, 7.74, 7.73, 7.74, 7.73, 7.74, 7.75, 7.76,
            7.79, 7.80, 7.80, 7.79, 7.79, 7.78, 7.77, 7.80, 7.79, 7.75,
            7.77, 7.78, 7.76, 7.76, 7.75, 7.75, 7.76, 7.79, 7.84, 7.84,
            7.76, 7.77, 7.83, 7.83, 7.80, 7.79),
}
FIRST_YEAR = 1990
LAST_YEAR = FIRST_YEAR + len(_PER_USD["GBP"]) - 1
CURRENCIES = frozenset({"USD", *_PER_USD})

# between a figure and its conversion: "$2.4bn (£1.3bn)", "68m euros ($89m; £47m)"
_OPEN = re.compile(r"\s*[(\[]\s*(?:about\s+|around\s+|roughly\s+|some\s+|or\s+)?$", re.I)
_NEXT = re.compile(r"\s*(?:[;,/]|\bor\b|\band\b)\s*$", re.I)


@dataclass(frozen=True)
class Conversion:
    """A figure and its bracketed conversion whose implied rate is far from the year's."""

    claim: Claim
    a_index: int  # the figure converted, index into claim.quantities
    b_index: int  # its conversion in brackets
    implied: float  # units of b's currency per unit of a's, as the text has it
    expected: float  # the year's rate (with no year: the table's rate nearest the implied one)
    year: int | None
    reason: str


def rate(source: str, target: str, year: int) -> float:
    """Units of ``target`` per unit of ``source``: the yearly average of ``year``."""
    k = min(max(year, FIRST_YEAR), LAST_YEAR) - FIRST_YEAR
    per_usd = {c: v[k] for c, v in _PER_USD.items()} | {"USD": 1.0}
    return per_usd[target] / per_usd[source]


def conversions(claim: Claim) -> list[tuple[int, int]]:
    """(figure, its bracketed conversion) index pairs in a claim, both in known currencies."""
    qs = sorted(range(len(claim.quantities)), key=lambda i: claim.quantities[i].start)
    out: list[tuple[int, int]] = []
    for pos, i in enumerate(qs):
        qa = claim.quantities[i]
        if qa.kind != "money" or qa.unit not in CURRENCIES:
            continue
        prev_end, sep = qa.end, _OPEN
        for j in qs[pos + 1:]:
            qb = claim.quantities[j]
            if qb.kind != "money" or not sep.match(claim.text[prev_end:qb.start]):
                break
            if qb.unit in CURRENCIES and qb.unit != qa.unit:
                out.append((i, j))
            prev_end, sep = qb.end, _NEXT
    return out


def _bounds(q: Quantity) -> tuple[float, float]:
    return max(q.low, 0.0), q.high


def inconsistent_conversions(claim: Claim, year: int | None) -> list[Conversion]:
    """The claim's bracketed conversions whose implied rate is more than TOLERANCE off the rate of
    ``year`` (the article's year), or, when ``year`` is None, off every year's rate in the table."""
    out = []
    for i, j in conversions(claim):
        qa, qb = claim.quantities[i], claim.quantities[j]
        (alo, ahi), (blo, bhi) = _bounds(qa), _bounds(qb)
        if alo <= 0 or math.isinf(ahi) or math.isinf(bhi) or qa.value <= 0:
            continue  # "over $5m (£2.7m)" and its like allow any rate
        lo, hi = blo / ahi, bhi / alo  # every rate the two intervals allow
        years = [year] if year is not None else list(range(FIRST_YEAR, LAST_YEAR + 1))
        rates = [rate(qa.unit, qb.unit, y) for y in years]
        if any(lo <= r * (1 + TOLERANCE) and r * (1 - TOLERANCE) <= hi for r in rates):
            continue
        implied = qb.value / qa.value
        near = min(range(len(rates)), key=lambda k: abs(math.log(implied / rates[k])))
        expected = rates[near]
        head = f"{qa.text} ({qb.text}) implies {implied:.4g} {qb.unit} per {qa.unit}"
        if year is not None:
            why = f"the average rate in {year} was {expected:.4g} (more than {TOLERANCE:.0%} away)"
        else:
            why = (f"no yearly average rate {FIRST_YEAR}–{LAST_YEAR} is within {TOLERANCE:.0%} of that "
                   f"(nearest: {expected:.4g}, in {years[near]}; the article has no date)")
        out.append(Conversion(claim, i, j, implied, expected, year, f"{head}; {why}"))
    return out


def article_year(article: Article | None) -> int | None:
    """The year the article was published, when it says: the year whose rate applies."""
    if article is None or not article.date:
        return None
    try:
        return int(article.date[:4])
    except ValueError:
        return None


def measure(c: Conversion) -> str:
    qa, qb = c.claim.quantities[c.a_index], c.claim.quantities[c.b_index]
    return f"conversion ({qa.unit} to {qb.unit})"


def conversion_flag_id(article_id: str, qa: Quantity, qb: Quantity) -> str:
    """Content-derived: the kind, the article and both figures as written (not the sentence,
    so an edit elsewhere in it keeps the id and only makes a verdict stale)."""
    keys = [KIND, article_id, *(" ".join(q.text.lower().split()) for q in (qa, qb))]
    return "f" + hashlib.sha1("\x00".join(keys).encode("utf-8")).hexdigest()[:12]


def as_flag(c: Conversion) -> Flag:
    qa, qb = c.claim.quantities[c.a_index], c.claim.quantities[c.b_index]
    return Flag(id=conversion_flag_id(c.claim.article_id, qa, qb), kind=KIND, a=c.claim.id, b=c.claim.id,
                a_quantity=c.a_index, b_quantity=c.b_index, similarity=1.0, reason=c.reason, measure=measure(c),
                fingerprint=fingerprint(c.claim, c.claim))


def inconsistent_flags(claims: Iterable[Claim], articles: Mapping[str, Article]) -> list[Flag]:
    """A flag for each bracketed conversion of ``claims`` that no rate of its article's year
    allows, in the claims' order; one per id (the same figures twice in an article are one flag)."""
    out: dict[str, Flag] = {}
    for claim in claims:
        for c in inconsistent_conversions(claim, article_year(articles.get(claim.article_id))):
            f = as_flag(c)
            out.setdefault(f.id, f)
    return list(out.values())
