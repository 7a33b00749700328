"""Find the quantities in a sentence: money, percentages, counts, years, decades,
measurements, rates, percentage points, ordinals, fractions, multiples and scores.

``parse_quantities(text)`` returns one :class:`~factcheck.records.Quantity` per figure,
in order of position. Each carries its exact span (``text[q.start:q.end] == q.text``,
qualifier words and currency symbols included), its value in base units and the
interval ``low``..``high`` that the wording allows.

Interval rules
--------------
Let ``v`` be the value and ``tol`` the rounding of the figure as written: 0.49 times the
place value of its last non-zero digit, times the scale word ("$3 billion" -> tol 0.49e9,
"$410 million" -> 4.9e6, "$1.13bn" -> 4.9e6, "8,000" -> 490). Years are exact and a
decade ("1950s") is 1950..1959.

==========  ===========================================================  ==========================
qualifier   wording                                                      interval
==========  ===========================================================  ==========================
""          none                                                         v - tol .. v + tol
about       about, around, approximately, roughly, some, an estimated,   min(v - tol, 0.9 v) ..
            circa, ~, close to, "or so"                                  max(v + tol, 1.1 v)
over        more than, over, above, in excess of, exceeding, upwards of, v .. inf
            north of, just over
at_least    at least, no less than, a minimum of, trailing "+",          v .. inf
            "or more"
under       less than, under, below, fewer than, just under              0 .. v
at_most     up to, at most, no more than, as much as, a maximum of       0 .. v
nearly      nearly, almost                                               0.9 v .. v
range       "between A and B", "A-B", "A to B" (A lacking the unit or    A - tolA .. B + tolB,
            scale that B has: "2 to 3 million")                          value = midpoint
==========  ===========================================================  ==========================

Vague plurals are read as "about", from twice the unit up to just below the next scale
word: "dozens" is 24..99, "hundreds" 200..999, "thousands" 2,000..999,999, "tens of
thousands" 20,000..99,999; their value is the low end.

Units: an ISO currency code for money, "%" for percentages, "year"/"decade", or the
counted noun, lower-cased and singularised ("1.4m workers" -> "worker"); "" for a bare
number. The counted noun is the first lower-case plural among the next three words
(after an optional "of the"), so "400 large-scale partners" -> "partner"; after a figure
of one it is the first word that is not an adjective ("one firm" -> "firm"). A plain
four-digit figure in 1800..2100 is a year unless a plural noun follows outside a year
context ("2000 people" is a count; "in 2000" and "the 2003 results" are years). "one"
alone counts only before a noun ("one of the" is no quantity).

Kinds beyond money/percent/count/year/decade/number; ``unit`` is the kind's base unit and
value, low and high are converted to it:

- measurements (see :mod:`.units`): "10.6km", "42in (106cm)", "38mph", "160GB", "40C",
  "minus 20C" (kind "length", "data", "speed", "temperature"...); "m" after a bare figure is
  metres only in a sentence about sport or size, else a million ("100m net users");
- pence and cents are money: "138p" is 1.38 GBP, "32 cents" 0.32 USD ("euro cents": EUR);
- "rate": money per something, unit "USD/barrel", "GBP/week" ("$41.32 a barrel", "950p a
  share"; "$133m a year ago" is no rate);
- "points": percentage points, unit "pp" ("0.3 percentage points", "50 basis points" = 0.5);
- "ordinal": "seventh", "86th", "21st" (not dates: "October 16th"; not list markers:
  "Third, we..."; "first" and "second" are not read), unit the noun it ranks ("minute");
- "fraction": "two-thirds", "a quarter of", "more than half", unit "" (value 0..1);
  "third place", "the third quarter", "a third term" are ordinals and "the preceding
  three quarters" a count of quarters;
- "multiple": "10 times as", "tenfold", "twice as", "16.2 times", unit "x";
- "score": "3-1", "6-3 4-6", "lost 39-31": value = first + second / 1000 (see
  :func:`score_sides`); betting odds ("2-1 favourite") are no figure.

"minus 10", "minus 0.3%" and "-5C" are negative; "down 3%" stays 3 (a fall is a word).
"above the $50 mark" is "over". Ranges take the shared scale and unit of their second
bound ("$3-$5 billion", "10-15km").

Figures that cannot be true are not returned but listed by :func:`rejected_figures` for the
pipeline to note: money, counts and rates beyond 1e15 (1e18 in currencies of tiny units
such as the rial), percentages and points beyond 1e4, a range whose low end is above its
high end ("$3-$2 billion", "10-5%", "between $5bn and $3bn"; a spaced dash is no range). A digit run of more than 40 characters is no number at all.

Skipped: dates and day numbers ("July 11", "2018-05-22"), times, phone numbers, URLs,
digits glued to letters ("B1", "4G", "COVID-19", "24h"), "#23", "PhD '96", bare numbers
that label a name ("PlayStation 3", "number six"), "200m" without a currency, a plural
noun or a sporting context, and malformed figures such as "$110,00".
"""

from __future__ import annotations

from factcheck.extract.quantities.core import Rejected
from factcheck.extract.quantities.ranges import score_sides
from factcheck.extract.quantities.scanner import parse
from factcheck.records import Quantity

__all__ = ["Rejected", "parse_figures", "parse_quantities", "rejected_figures", "score_sides"]


def parse_quantities(text: str) -> tuple[Quantity, ...]:
    """Every quantity in ``text`` (one sentence or a short passage), in order of position."""
    return parse(text)[0]


def parse_figures(text: str) -> tuple[tuple[Quantity, ...], tuple[Rejected, ...]]:
    """The quantities of ``text`` and the figures rejected as impossible, in one pass."""
    return parse(text)


def rejected_figures(text: str) -> tuple[Rejected, ...]:
    """The figures in ``text`` that cannot be true and so yield no quantity (see
    :class:`Rejected`), for the pipeline to report as notes."""
    return parse(text)[1]
