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

import math
import re
from bisect import bisect_right
from dataclasses import dataclass, fields, replace
from decimal import Decimal, InvalidOperation

from factcheck.extract.lexicon import FUNCTION_WORDS, MONTH, URL_START
from factcheck.extract.quantities import units, words
from factcheck.records import Quantity

__all__ = ["Rejected", "parse_quantities", "rejected_figures", "score_sides"]

# --------------------------------------------------------------------------- vocabulary

_UNITS_WORDS: dict[str, int] = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90,
}
_BIG_WORDS: dict[str, float] = {
    "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12,
}
_SCALES: dict[str, float] = {
    **_BIG_WORDS, "lakh": 1e5, "crore": 1e7,
    "bn": 1e9, "mn": 1e6, "mln": 1e6, "mil": 1e6, "bil": 1e9, "tn": 1e12, "m": 1e6, "k": 1e3, "b": 1e9,
}
# vague plural -> (low, high) before any "of thousands/millions/billions"
_VAGUE: dict[str, tuple[float, float]] = {
    "dozens": (24.0, 99.0), "tens": (20.0, 99.0), "hundreds": (200.0, 999.0),
    "thousands": (2e3, 1e6 - 1), "millions": (2e6, 1e9 - 1), "billions": (2e9, 1e12 - 1),
}
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
_DOLLAR_CODES: dict[str, str] = {
    "": "USD", "US": "USD", "U.S.": "USD", "USD": "USD", "HK": "HKD", "AU": "AUD",
    "A": "AUD", "C": "CAD", "CA": "CAD", "S": "SGD", "NZ": "NZD",
}
_ISO = ("USD|GBP|EUR|JPY|CNY|RMB|INR|HKD|AUD|CAD|SGD|SEK|ZAR|CHF|NOK|DKK|NZD|KRW|BRL|RUB"
        "|MXN|PLN")
_SYMBOLS: dict[str, str] = {"£": "GBP", "€": "EUR", "¥": "JPY", "₹": "INR"}
_CODES: dict[str, str] = {
    **{c: c for c in _ISO.split("|")}, "RMB": "CNY", "Rmb": "CNY", "Rs": "INR", "Rs.": "INR",
}
_DOLLAR_KINDS: dict[str, str] = {
    "us": "USD", "u.s.": "USD", "american": "USD", "hong kong": "HKD", "hk": "HKD",
    "australian": "AUD", "canadian": "CAD", "singapore": "SGD", "new zealand": "NZD",
}
_CURRENCY_NOUNS: dict[str, str] = {
    "dollar": "USD", "pound": "GBP", "sterling": "GBP", "euro": "EUR", "yen": "JPY",
    "yuan": "CNY", "renminbi": "CNY", "rupee": "INR", "krona": "SEK", "kronor": "SEK",
    "kroner": "DKK",
    "franc": "CHF", "rand": "ZAR", "rouble": "RUB", "ruble": "RUB", "rial": "IRR",
    "zloty": "PLN", "shekel": "ILS", "baht": "THB", "ringgit": "MYR", "real": "BRL",
}
_STOP: frozenset[str] = FUNCTION_WORDS | frozenset("""
according across again ago alone already although am among any apiece are be because
been being between can could did do does done down earlier even ever every
fewer had has have having hers him how including instead into is later least
less like may me might minus must my never no nor not off onto
ours out per plus quite rather respectively said say says shall should such theirs
them thereby though through till told too until up us versus very via vs
was were where whereas whereby whom whose why will without would your
""".split())
_ADJECTIVES: frozenset[str] = frozenset("""
more new other additional extra big small large major key main top leading full senior
former local foreign domestic old young high low different separate single whole further
such own first last next few many several various total overall current recent
""".split())
_UNIT_NOUNS: frozenset[str] = frozenset("""
km kg mph ft mw gw kw kwh mb gb tb lb oz mm cm sq ha staff people police personnel data
cattle equipment feet men women children
""".split())
_IRREGULAR: dict[str, str] = {
    "people": "people", "staff": "staff", "police": "police", "personnel": "personnel",
    "data": "data", "cattle": "cattle", "men": "man", "women": "woman",
    "children": "child", "feet": "foot", "teeth": "tooth", "mice": "mouse",
    "geese": "goose",
}
_IES_KEEP: frozenset[str] = frozenset(
    "series species movies cookies calories zombies ties lies pies".split())
_FRACTIONS: frozenset[str] = frozenset(
    "half halves third thirds quarter quarters fifth fifths tenth tenths".split())
_ONE_STRICT_BEFORE = re.compile(
    r"(?<![\w])(?:no|any|every|each|which|the|this|that|only)\s+$", re.I)

# --------------------------------------------------------------------------- patterns

_SMALL = (r"(?:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)"
          r"(?:[-\s](?:one|two|three|four|five|six|seven|eight|nine)\b)?"
          r"|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen"
          r"|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen)\b")
_BIG = r"(?:hundred|thousand|million|billion|trillion|dozen)\b"
_WORD_NUMBER = (rf"(?:(?:half\s+)?an?\s+{_BIG}(?:\s+(?:and\s+)?{_SMALL})?"
                rf"(?:\s+{_BIG}(?:\s+(?:and\s+)?{_SMALL})?)*"
                rf"|{_SMALL}(?:\s+{_BIG}(?:\s+(?:and\s+)?{_SMALL})?)*)")
_VAGUE_RE = (r"(?:(?:tens|dozens|hundreds)\s+of\s+(?:thousands|millions|billions)"
             r"|dozens|tens(?=\s+of\s)|hundreds|thousands|millions|billions)\b")

_FIGURE = r"(?P<num>[0-9]+(?:,[0-9]+)*(?:\.[0-9]+)?)"
# Searched in ASCII-lower-cased text; the look-ahead lists the first letters of number words
# and makes the scan several times faster than an IGNORECASE pattern.
_CORE = re.compile(
    rf"{_FIGURE}|\b(?=[abdefhmnost])(?:(?P<vague>{_VAGUE_RE})|(?P<word>{_WORD_NUMBER}))")
# the same with ordinals, fractions and multiples, for the sentences that have such a word
_CORE_ALL = re.compile(
    rf"{_FIGURE}|\b(?=[abdefhmnost])(?:(?P<vague>{_VAGUE_RE})"
    rf"|(?P<frac>{words.FRACTION_RE})(?!\s+an?\s+{_BIG})|(?P<fold>{words.FOLD_RE})"
    rf"|(?P<ord>{words.ORDINAL_RE})|(?P<word>{_WORD_NUMBER}))")
_WORD_SPLIT = re.compile(r"[\s-]+")
_CORE_DIGITS = re.compile(_FIGURE)  # when the text has no number word: much faster
_DIGIT = re.compile(r"[0-9]")
_LOWER_WORD = re.compile(r"[a-z]+")
_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")
_NUMBER_WORDS: frozenset[str] = frozenset(
    [*_UNITS_WORDS, "hundred", "dozen", *_BIG_WORDS, *_VAGUE])
_OTHER_WORDS: frozenset[str] = frozenset(
    [*words.ORDINALS, *words.DENOMINATORS, *words.FOLDS])
_ALL_WORDS = _NUMBER_WORDS | _OTHER_WORDS
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

_NBSP = r"[ \u00a0]"
_PREFIX = re.compile(  # "A$", "C$", "S$" only when glued: "Series C $600m" is USD
    rf"(?:(?<![A-Za-z])(?:(?P<dcode>US|U\.S\.|USD|HK|AU|CA|NZ){_NBSP}?|(?P<dletter>[ACS])))?"
    rf"\${_NBSP}?$"
    rf"|(?P<sym>[£€¥₹]){_NBSP}?$"
    rf"|(?<![A-Za-z])(?P<code>{_ISO}|Rmb|Rs\.?){_NBSP}?$")
_NAMED_PREFIX = re.compile(  # "Australian dollars 648m": searched only after a word and a space
    r"(?<![A-Za-z])(?:(?:US|Australian|Canadian|Hong\s+Kong|New\s+Zealand|Singapore)\s+dollars"
    r"|(?:Swiss\s+)?francs|euros|kronor|kroner|rand|yuan|rupees|roubles)\s+$")


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
_FROM = re.compile(r"(?<![\w])from\s+$", re.I)

_SCALE = re.compile(  # "?" stands for a space lost in damaged text: "$410 ?million"
    r"(?:[ \t\u00a0]*\?[ \t\u00a0]*|\s*-?\s*)"
    r"(?P<w>thousand|million|billion|trillion|lakh|crore)(?![A-Za-z])"
    r"|\s*(?P<a>bn|mn|mln|mil|bil|tn)(?![A-Za-z])|(?P<s>[mkb])(?![A-Za-z])", re.I)
_PERCENT = re.compile(
    r"\s*[%％]|\s*per\s*cent(?![A-Za-z])|\s*percent(?![A-Za-z])|\s+pc(?![A-Za-z])"
    r"|\s+pct(?![A-Za-z])", re.I)
_PLUS = re.compile(r"\+(?![\w+])")
_CURRENCY_WORD = re.compile(
    r"(?i:\s+(?:(?P<dk>US|U\.S\.|American|Hong\s+Kong|HK|Australian|Canadian|Singapore"
    r"|New\s+Zealand)\s+)?(?P<dol>dollars?)\b"
    r"|\s+(?P<gbp>pounds?(?:\s+sterling)?|sterling)\b(?!\s+(?:of|in weight)\b)|\s+(?P<eur>euros?)\b(?!\s+cents?\b)"
    r"|\s+(?P<jpy>yen)\b|\s+(?P<cny>yuan|renminbi)\b|\s+(?P<inr>rupees?)\b|\s+(?P<thb>baht)\b"
    r"|\s+(?P<rub>roubles?|rubles?)\b|\s+(?P<zar>rand)\b|\s+(?P<chf>Swiss\s+francs?)\b"
    r"|\s+(?P<ngn>naira)\b|\s+(?P<brl>reais)\b|\s+(?P<idr>rupiah)\b"
    r"|\s+(?P<krw>won)\b(?=\s*[(.,;)]|\s+(?:in|of|to|for)\b)"
    r"|[\s-]+(?P<sek>kronor|krona|Swedish\s+crowns?)\b|\s+(?P<dkk>Danish\s+kron(?:er|e))\b"
    r"|\s+(?P<nok>Norwegian\s+kron(?:er|e))\b|\s+(?P<dkk2>kroner)\b|\s+(?P<irr>rials?)\b|-(?P<zar2>rand)\b|\s+(?P<chf2>francs?)\b"
    r"|\s+(?P<pln>zlotys?)\b|\s+(?P<ils>shekels?)\b|\s+(?P<myr>ringgit)\b)"
    rf"|\s*(?P<code>{_ISO})\b")
_TAIL_QUALIFIER = re.compile(
    r"\s+or\s+(?P<at_least>more)\b|\s+or\s+(?P<about>so)\b|-(?P<plus>plus)\b", re.I)
_DECADE_S = re.compile(r"['’‘`´＊]?s(?![A-Za-z])")
_APOSTROPHES = "'’‘`´＊"

_GAP = r"[^\S\r\n]+"
_NEXT_WORD = re.compile(rf"{_GAP}([A-Za-z][A-Za-z-]*)(?:(?<=s)['’])?(?![\w'’])")
_OF = re.compile(
    rf"{_GAP}of(?:{_GAP}(?:the|these|those|its|their|our|his|her|your|my))?(?={_GAP})", re.I)
_ACRONYM_PLURAL = re.compile(r"[A-Z]{2,}s")
_COMPOUND = re.compile(r"[-‐]([A-Za-z]+)(?![A-Za-z])")
_OF_CURRENCY = re.compile(
    rf"{_GAP}of{_GAP}(?:(?:US|U\.S\.|American){_GAP})?"
    r"(?P<w>dollars|pounds|euros|yen|yuan|rupees)\b", re.I)

_MONTHS = MONTH
_MONTH_BEFORE = re.compile(rf"\b{_MONTHS}\.?\s+$")
_MONTH_AFTER = re.compile(
    rf"(?:\s*(?:[-–]|to|and)\s*\d{{1,2}}(?:st|nd|rd|th)?)?\s*(?:st|nd|rd|th)?,?\s+(?:of\s+)?"
    rf"{_MONTHS}\b")
_YEAR_CONTEXT = re.compile(
    r"(?:(?<![\w])(?:in|since|by|from|until|till|to|through|before|after|during|of|the|year"
    r"|and|or|its|their|his|her|our|fiscal|financial|early|late|mid|this|that|last|next|for"
    rf"|between|at|on|around|circa|spring|summer|autumn|fall|winter|{_MONTHS})"
    r"|['’]s|[-–&,(])\s*$", re.I)

_TIMES_AFTER = re.compile(r"\s*[*×xX]\s*[0-9]")
_TIMES_BEFORE = re.compile(r"[0-9]\s*[*×xX]\s*$")
_NUMBER_BEFORE = re.compile(r"(?<![\w])(?:number|No\.)\s+$", re.I)
_SENTENCE_START = re.compile(r"(?:^|[.!?:;\"“‘'(\n\t])\s*$")
_CAPITAL_BEFORE = re.compile(r"(?<![\w'’])([A-Z][\w'’]*)[ \u00a0]+$")
_RANGE_HYPHEN = re.compile(r"\s*[-–—]\s*")
_RANGE_TO = re.compile(r"\s+to\s+", re.I)
_RANGE_AND = re.compile(r"\s+and\s+", re.I)


# --------------------------------------------------------------------------- atoms

@dataclass(slots=True)
class _Atom:
    """One figure before range merging. ``figure`` × ``scale`` is the value. Never changed
    once made (``replace`` makes a new one); not frozen only because a frozen dataclass is
    several times slower to build, and atoms are built for every figure."""

    start: int  # span start: qualifier, currency prefix or figure
    lead: int  # start of the currency prefix or of the figure
    end: int
    figure: float
    tol: float  # rounding, in figure units
    scale: float = 1.0
    scaled: bool = False  # a scale word was written
    currency: str = ""
    percent: bool = False
    noun: str = ""
    qualifier: str = ""
    kind: str = ""  # "year" | "decade" | a measurement, ordinal... (then noun is its unit)
    between: int = -1  # start of a "between" before the atom, -1 if none
    tail: bool = False  # the figure directly follows "<digit>-"
    fixed: tuple[float, float, float] | None = None  # (value, low, high)
    factor: float = 1.0  # to the kind's base unit: value = figure × scale × factor + offset
    offset: float = 0.0

    @property
    def value(self) -> float:
        if self.fixed:
            return self.fixed[0]
        return self.figure * self.scale * self.factor + self.offset

    @property
    def signature(self) -> str:
        if self.kind:
            return "#" + self.kind
        return self.currency or ("%" if self.percent else self.noun)


_ATOM_FIELDS = tuple(f.name for f in fields(_Atom))


def _copy(atom: _Atom, **changes: object) -> _Atom:
    """``dataclasses.replace`` for atoms, about twice as fast (one is made for most figures)."""
    return _Atom(*[changes[f] if f in changes else getattr(atom, f)  # type: ignore[arg-type]
                   for f in _ATOM_FIELDS])


@dataclass(slots=True)
class _Suffix:  # not frozen, for speed, as _Atom
    end: int
    scale: float = 1.0
    scaled: bool = False
    percent: bool = False
    currency: str = ""
    qualifier: str = ""


_PLAIN_FIGURE = re.compile(r"[0-9,]+(?:\.[0-9]+)?")


def _rounding(figure: str) -> float:
    """0.49 × the place value of the last non-zero digit of ``figure``."""
    if _PLAIN_FIGURE.fullmatch(figure) and len(figure) < 300:  # the common case, fast
        whole, _, decimals = figure.replace(",", "").partition(".")
        decimals = decimals.rstrip("0")
        if decimals:
            return 0.49 * 10.0 ** -len(decimals)
        whole = whole.lstrip("0")
        if not whole:
            return 0.0
        return 0.49 * 10.0 ** (len(whole) - len(whole.rstrip("0")))
    try:
        d = Decimal(figure.replace(",", ""))
    except InvalidOperation:
        return 0.0
    if d == 0 or not d.is_finite():
        return 0.0
    exponent = int(d.normalize().as_tuple().exponent)  # finite, so an int
    return 0.49 * 10.0 ** exponent if exponent < 300 else math.inf


def _valid_figure(raw: str) -> bool:
    """Comma groups must be 1-3 digits then exactly 3 digits each."""
    if "," not in raw:
        return True
    groups = raw.split(".")[0].split(",")
    if len(groups) == 1:
        return True
    return 1 <= len(groups[0]) <= 3 and all(len(g) == 3 for g in groups[1:])


def _interval(v: float, tol: float, qualifier: str, floor: float = 0.0,
              ceiling: float = math.inf) -> tuple[float, float]:
    """(low, high) for value ``v`` written with rounding ``tol`` under ``qualifier``;
    ``floor``/``ceiling`` bound what the kind allows (0 for most, -273.15 for °C, 1 for a
    fraction)."""
    lo, hi = (0.9 * v, 1.1 * v) if v >= 0 else (1.1 * v, 0.9 * v)
    if qualifier == "about":
        return min(v - tol, lo), max(v + tol, hi)
    if qualifier in ("over", "at_least"):
        return v, ceiling
    if qualifier in ("under", "at_most"):
        return min(floor, v), v
    if qualifier == "nearly":
        return lo, v
    return v - tol, v + tol


def _prefix(text: str, pos: int, floor: int) -> tuple[int, str]:
    """The currency prefix ending at ``pos``: (its start, ISO code) or (pos, "")."""
    m = _PREFIX.search(text, max(floor, pos - 7), pos)
    if m is None:
        if pos > 1 and text[pos - 1] == " " and text[pos - 2] in "sdnr":
            if n := _NAMED_PREFIX.search(text, max(floor, pos - 30), pos):
                return n.start(), _named_currency(n[0])
        return pos, ""
    if m["sym"]:
        return m.start(), _SYMBOLS[m["sym"]]
    if m["code"]:
        return m.start(), _CODES[m["code"]]
    return m.start(), _DOLLAR_CODES[m["dcode"] or m["dletter"] or ""]


def _qualifier(text: str, lead: int, floor: int) -> tuple[int, str, int]:
    """(span start, qualifier name, start of "between" or -1) for the words before ``lead``."""
    start, name, lo = lead, "", max(floor, lead - 24)
    words = text[lo:lead].split()
    tail = _LAST_WORD.search(words[-1]) if words else None
    last = tail[0].lower() if tail else ""
    if last in _QUALIFIER_LAST or last.endswith("~"):  # cheap test before the regex
        m = _QUALIFIER_RE.search(text, lo, lead)
        if m is not None:
            start, name = m.start(), ("about" if m.lastgroup == "tilde" else m.lastgroup or "")
    if not name and last != "between":
        return start, name, -1
    b = _BETWEEN.search(text, max(floor, start - 12), start)
    return start, name, (b.start() if b else -1)


def _suffix(text: str, pos: int, currency: str, allow_scale: bool = True) -> _Suffix:
    """Scale word, percent sign, "+", currency word and "or more" after a figure."""
    scale, scaled, percent, qualifier = 1.0, False, False, ""
    m = _SCALE.match(text, pos) if allow_scale else None
    if m is not None and (m["s"] is None or m["s"].lower() != "b" or currency):
        word = (m["w"] or m["a"] or m["s"]).lower()
        scale, scaled, pos = _SCALES[word], True, m.end()
    if not scaled and (m := _PERCENT.match(text, pos)):
        percent, pos = True, m.end()
    if m := _PLUS.match(text, pos):
        qualifier, pos = "at_least", m.end()
    if not currency and not percent and (m := _CURRENCY_WORD.match(text, pos)):
        currency, pos = _currency_word(m), m.end()
    if not qualifier and (m := _TAIL_QUALIFIER.match(text, pos)):
        qualifier, pos = ("about" if m["about"] else "at_least"), m.end()
    return _Suffix(pos, scale, scaled, percent, currency, qualifier)


def _currency_word(m: re.Match[str]) -> str:
    if m["dol"]:
        return _DOLLAR_KINDS.get(re.sub(r"\s+", " ", (m["dk"] or "us").lower()), "USD")
    if m["code"]:
        return _CODES[m["code"]]
    return (m.lastgroup or "").upper().rstrip("2")  # "dkk2" -> DKK


def _named_currency(name: str) -> str:
    name = " ".join(name.lower().split())
    if name.endswith("dollars"):
        return _DOLLAR_KINDS.get(name[:-8].strip() or "us", "USD")
    return _CURRENCY_NOUNS.get(_singular(name.split()[-1]), _CURRENCY_NOUNS.get(name, "USD"))


# --------------------------------------------------------------------------- nouns

def _is_plural(w: str) -> bool:
    if w in _IRREGULAR:
        return True
    return len(w) > 2 and w.endswith("s") and not w.endswith(("ss", "us", "is"))


_F_PLURALS = frozenset({"loaf", "leaf", "half", "shelf", "wolf", "calf", "thief", "self", "sheaf"})


def _singular(w: str) -> str:
    if w in _IRREGULAR:
        return _IRREGULAR[w]
    if w.endswith("ies") and w not in _IES_KEEP and len(w) > 4:
        return w[:-3] + "y"
    if w.endswith(("sses", "xes", "ches", "shes", "uses", "zzes")) and not w.endswith("ouses"):
        return w[:-2]
    if w.endswith("ves") and w[:-3] + "f" in _F_PLURALS:
        return w[:-3] + "f"
    if w.endswith("s") and not w.endswith(("ss", "us", "is")) and w not in _IES_KEEP:
        return w[:-1]
    return w


def _pick_noun(words: list[str], single: bool) -> str:
    """The counted noun among the words after a figure: the first plural, else (for a
    figure of one) the first plain lower-case word that is not an adjective."""
    for w in words if not single else ():
        if _ACRONYM_PLURAL.fullmatch(w):  # "GPUs", "CEOs"
            return w[:-1].lower()
        if w[0].islower() and _is_plural(w):
            return _singular(w)
    for w in words:
        lw = w.lower()
        if lw in _ADJECTIVES or lw.endswith("ly"):
            continue
        if lw in _UNIT_NOUNS:
            return _singular(lw)
        if single and (w[0].islower() or w.isupper()) and not lw.endswith("ed"):
            return _singular(lw)
        break
    return ""


def _noun_after(text: str, pos: int, *, single: bool, allow_of: bool = True,
                allow_compound: bool = True) -> str:
    """The counted noun after a figure ending at ``pos``, or ""."""
    m = _COMPOUND.match(text, pos)
    if m is not None:
        w = m[1].lower()
        if not allow_compound or w in _STOP or w in _FRACTIONS:
            return ""
        return _singular(w)
    if allow_of and (m := _OF.match(text, pos)):
        pos = m.end()
    words: list[str] = []
    while len(words) < 3 and (m := _NEXT_WORD.match(text, pos)):
        lw = m[1].lower()
        if (lw in _STOP and not m[1].isupper()) or lw in _SCALES:
            break
        words.append(m[1])
        pos = m.end()
    return _pick_noun(words, single)


# --------------------------------------------------------------------------- digit atoms

def _bad_context(text: str, start: int, end: int, raw: str, prefixed: bool) -> bool:
    """Digits glued to letters, dates, times, versions, apostrophe years and the like."""
    before = text[start - 1] if start > 0 else " "
    before2 = text[start - 2] if start > 1 else " "
    after = text[end] if end < len(text) else " "
    after2 = text[end + 1] if end + 1 < len(text) else " "
    if not prefixed:
        if before.isalnum() or before in "_./:\\@&=":
            return True
        if before in "-‐–" and before2.isalpha():
            return True
        if before == "+" and before2.isalnum():
            return True
        if before in _APOSTROPHES and len(raw) == 2 and after not in "%％":
            return True
    if after in "/:." and after2.isdigit():
        return True
    near = text[max(0, start - 4):start] + text[end:end + 4]
    if ("*" in near or "x" in near or "X" in near or "×" in near) and (
            _TIMES_AFTER.match(text, end) or _TIMES_BEFORE.search(text, max(0, start - 4), start)):
        return True  # "2048 * 1080", "3 x 4"
    return after == "+" and after2.isalnum()


def _is_day(text: str, lead: int, end: int, value: int) -> bool:
    if not 1 <= value <= 31:
        return False
    return bool(_MONTH_BEFORE.search(text, max(0, lead - 12), lead)
                or _MONTH_AFTER.match(text, end))


def _digit_atom(text: str, m: re.Match[str], floor: int) -> _Atom | None:
    raw, p, e = m["num"], m.start(), m.end()
    if not _valid_figure(raw) or len(raw) > _MAX_DIGITS:
        return None  # a malformed figure, or a digit run too long to be a figure
    lead, currency = _prefix(text, p, floor)
    if _bad_context(text, p, e, raw, lead < p):
        return None
    start, qualifier, between = _qualifier(text, lead, floor)
    tail = p > 1 and text[p - 1] in "-‐–" and text[p - 2].isdigit() and lead == p
    integer = raw.isdigit()
    plain = integer and not currency
    if plain and len(raw) == 4 and raw.endswith("0") and 1800 <= int(raw) <= 2090:
        if d := _DECADE_S.match(text, e):
            v = float(raw)
            return _Atom(lead, lead, d.end(), v, 0.0, kind="decade", tail=tail,
                         fixed=(v, v, v + 9))
    figure = float(raw.replace(",", ""))
    if plain and text[e:e + 1] in _ORDINAL_FIRST and (o := _ORDINAL_SUFFIX.match(text, e)):
        if _is_day(text, lead, e, int(raw)) or figure == 0:
            return None  # "October 16th", "1st September"
        return _ordinal(text, lead, o.end(), figure)
    suf = _suffix(text, e, currency)
    if suf.end == e and not currency and e < len(text) and (
            text[e].isalpha() or text[e] in "°º"):
        atom = _glued_unit(text, raw, lead, start, qualifier, between, tail, e)
        if atom is not None:
            return atom
    if suf.end == e and e < len(text) and text[e].isalpha():
        return None  # "24h", "4G"
    plain = plain and not (suf.scaled or suf.percent or suf.currency or suf.qualifier)
    if plain and _is_day(text, lead, e, int(raw)):
        return None
    if not math.isfinite(figure * suf.scale):
        return None
    atom = _Atom(start, lead, suf.end, figure, _rounding(raw), suf.scale, suf.scaled,
                 currency or suf.currency, suf.percent, "", qualifier or suf.qualifier,
                 between=between, tail=tail)
    if suf.scaled and not currency and not suf.currency and suf.end == e + 1:
        # "200m", "17.30m", "5k": metres or a race unless a plural noun follows ("3m people")
        noun = _noun_after(text, suf.end, single=False, allow_of=False)
        if not noun or noun in _RACE_NOUNS:  # "the 400m runners" ran 400 metres
            if text[e] == "m" and units.is_metres(text, lead, suf.end, figure):
                return _copy(atom, scale=1.0, scaled=False, kind="length", noun="m")
            if raw.isdigit() or raw.endswith("0"):
                return None
    if atom.currency:
        return _rate(text, _threshold(text, atom))
    if (text.find("minus", max(0, lead - 7), lead) >= 0 and not qualifier
            and (minus := _MINUS_WORD.search(text, max(0, lead - 7), lead))):
        atom = _copy(atom, figure=-figure, start=minus.start())  # "minus 10", "minus 0.3%"
    if atom.percent:
        return atom
    if (bare := _after_bare(text, atom, integer)) is not None:
        return bare
    noun = _noun_after(text, suf.end, single=(figure == 1))
    if plain and len(raw) == 4 and 1800 <= int(raw) <= 2100:
        return _year_or_count(text, atom, noun)
    return _with_noun(atom, noun)


_RACE_NOUNS = frozenset("""hurdle runner title heat record event final race medal champion relay
sprinter specialist run winner victory crown gold silver bronze aaa indoor day time""".split())
_MAX_DIGITS = 40  # characters of a figure, commas and point included
_ORDINAL_FIRST = ("s", "n", "r", "t")
_ORDINAL_SUFFIX = re.compile(r"(?:st|nd|rd|th)(?![A-Za-z0-9])")
_MINUS = re.compile(r"(?:(?<![\w])minus\s+|(?<![\w.,-])[-−–])$", re.I)
_AFTER_WORD = re.compile(r"[ \u00a0-]*([A-Za-z°º]+)")
_TRIGGERS = frozenset("""percentage percent per basis fold times euro euros cent cents pence us
canadian australian hong singapore new pound pounds degrees""".split())
_MINUS_WORD = re.compile(r"(?<![\w])minus\s+$", re.I)
_PENCE_GLUED = re.compile(r"p(?![\w'’])")
_SUBUNIT = re.compile(  # lower case: "50 Cent" is a rapper
    r"[ \u00a0]?(?:(?P<euro>euros?[ \u00a0]?cents?)|(?P<p>pence)|(?P<c>cents?)"
    r"|(?P<named>US|Canadian|Australian|Hong Kong|Singapore|New Zealand)[ \u00a0]cents?)"
    r"(?![A-Za-z])")
_POINTS = re.compile(
    r"[ \u00a0-]+(?:(?P<pp>percentage|percent|per\s+cent)|(?P<bp>basis))[ \u00a0-]+points?\b",
    re.I)
_TIMES = re.compile(
    r"[ \u00a0-]*(?P<fold>-?fold)\b|[ \u00a0]+times(?=\s+(?:as|more|less|bigger|larger|higher"
    r"|greater|faster|slower|smaller|cheaper|lower|longer|the|that|what|its|their|his|her|our"
    r"|over|this)\b)", re.I)
_DECIMAL_TIMES = re.compile(r"[ \u00a0]+times\b", re.I)
_RATE = re.compile(
    r"[ \u00a0]+(?:a|an|per|each)[ \u00a0]+(?P<d>barrel|share|litre|liter|gallon|tonne|ton"
    r"|ounce|kilo|kg|unit|head|person|hour|day|week|month|year|annum|night|minute|visit"
    r"|ticket|copy|pupil|patient|passenger|household|employee|worker|megawatt-hour|mwh|kwh"
    r"|square\s+metre|square\s+foot|sq\s+ft|game|match|album|song|track|download|call"
    r"|text|message|mile|km|track)\b(?!\s+(?:ago|earlier|before|later|previously)\b)"
    r"|/(?P<d2>barrel|share|litre|tonne|ounce|kg|hour|day|week"
    r"|month|year)\b", re.I)
_RATE_NAMES = {"liter": "litre", "annum": "year", "kilo": "kg", "megawatt-hour": "mwh"}
_THRESHOLD_BEFORE = re.compile(
    r"(?<![\w])(?:(?P<over>above|over|beyond|past|topped|topping|broke|breaking|breached"
    r"|crossed|exceeded|surpassed)|(?P<under>below|under|beneath))\s+the\s+$", re.I)
_MARK_AFTER = re.compile(r"\s+(?:mark|level|barrier|threshold|ceiling|line)\b", re.I)
_ROLE_ADJ = frozenset("consecutive straight successive successful different annual".split())


def _signed(text: str, lead: int, figure: float) -> tuple[float, int]:
    """The figure with its sign ("minus 5", "-5") and the sign's start."""
    m = _MINUS.search(text, max(0, lead - 7), lead)
    return (-figure, m.start()) if m else (figure, lead)


def _glued_unit(text: str, raw: str, lead: int, start: int, qualifier: str, between: int,
                tail: bool, e: int) -> _Atom | None:
    """A unit or pence glued to the digits: "10.6km", "160GB", "40C", "873p", "6ft 4in"."""
    if e >= len(text) or not (text[e].isalpha() or text[e] in "°º"):
        return None
    figure = float(raw.replace(",", ""))
    tol = _rounding(raw)
    if _PENCE_GLUED.match(text, e) and raw not in ("480", "576", "720", "1080", "2160"):
        return _rate(text, _Atom(start, lead, e + 1, figure, tol, currency="GBP", factor=0.01,
                                 qualifier=qualifier, between=between, tail=tail))
    found = units.match_unit(text, e, glued_ok=True)
    if found is None:
        return None
    unit, end, surface = found
    if surface == "s" and "." not in raw:
        return None  # "20s" is an age or a decade, "9.85s" a time
    value = figure
    if unit.kind == "temperature":
        value, s2 = _signed(text, lead, figure)
        start = min(start, s2)
    if surface.lower() == "ft" and (inches := units.inches_after_feet(text, end)):
        value += inches[0] / 12  # "6ft 4in" is one length
        end = inches[1]
    return _Atom(start, lead, end, value, tol, qualifier=qualifier, between=between, tail=tail,
                 kind=unit.kind, noun=unit.base, factor=unit.factor, offset=unit.offset)


def _after_bare(text: str, atom: _Atom, integer: bool) -> _Atom | None:
    """A bare figure followed by a word that makes it something else: a unit ("10 miles",
    "3 million tonnes"), pence or cents, percentage points, a multiple ("10 times as")."""
    pos = atom.end
    if pos >= len(text) or text[pos] not in " -\u00a0°":
        return None
    w = _AFTER_WORD.match(text, pos)
    if w is None or (w[1].lower() not in _TRIGGERS and w[1].lower() not in units.FIRST_WORDS):
        return None
    if m := _POINTS.match(text, pos):
        factor = 0.01 if m["bp"] else 1.0
        return _copy(atom, end=m.end(), kind="points", noun="pp", factor=factor)
    if m := _TIMES.match(text, pos):
        return _copy(atom, end=m.end(), kind="multiple", noun="x")
    if not integer and (m := _DECIMAL_TIMES.match(text, pos)):
        return _copy(atom, end=m.end(), kind="multiple", noun="x")  # "oversubscribed 16.2 times"
    if not atom.scaled and (m := _SUBUNIT.match(text, pos)):
        if m["c"]:
            cur = "EUR" if ("€" in text or "euro" in text.lower()) and "$" not in text else "USD"
        elif m["named"]:
            cur = _DOLLAR_KINDS[m["named"].lower()]
        else:
            cur = "EUR" if m["euro"] else "GBP"
        return _rate(text, _copy(atom, end=m.end(), currency=cur, factor=0.01))
    found = units.match_unit(text, pos, glued_ok=False, signed=bool(
        _MINUS.search(text, max(0, atom.lead - 7), atom.lead)))
    if found is None:
        if m := _WEIGHT_POUNDS.match(text, pos):  # "350 pounds of cement" weighs
            return _copy(atom, end=m.end("w"), kind="mass", noun="kg", factor=0.45359237)
        return None
    unit, end, _ = found
    out = _copy(atom, end=end, kind=unit.kind, noun=unit.base, factor=unit.factor,
                  offset=unit.offset)
    if unit.kind == "temperature":
        value, s2 = _signed(text, atom.lead, abs(atom.figure))
        out = _copy(out, figure=value, start=min(out.start, s2))
    return out


def _rate(text: str, atom: _Atom) -> _Atom:
    """Money "a barrel", "per share", "a week": a rate, unit like "USD/barrel"."""
    if text[atom.end:atom.end + 1] not in (" ", "/", "\u00a0"):
        return atom
    m = _RATE.match(text, atom.end)
    if m is None:
        return atom
    d = " ".join((m["d"] or m["d2"]).lower().split())
    d = _RATE_NAMES.get(d, d)
    return _copy(atom, end=m.end(), kind="rate", noun=f"{atom.currency}/{d}")


def _threshold(text: str, atom: _Atom) -> _Atom:
    """"above the $50 mark": the figure is a bound."""
    if atom.qualifier or text.find("the", max(0, atom.lead - 5), atom.lead) < 0:
        return atom
    b = _THRESHOLD_BEFORE.search(text, max(0, atom.lead - 16), atom.lead)
    if b is None or not _MARK_AFTER.match(text, atom.end):
        return atom
    return _copy(atom, start=b.start(), qualifier="over" if b["over"] else "under")


def _ordinal(text: str, start: int, end: int, n: float) -> _Atom:
    """"86th", "seventh": the rank, counted noun as its unit ("86th minute" -> minute)."""
    words: list[str] = []
    pos = end
    while len(words) < 3 and (m := _NEXT_WORD.match(text, pos)):
        if m[1].lower() in _STOP:
            break
        words.append(m[1])
        pos = m.end()
    words = [w for w in words if w.lower() not in _ROLE_ADJ]
    noun = ""
    for w in words[:1]:
        lw = w.lower()
        if (w[0].islower() or w.isupper()) and lw not in _ADJECTIVES and not lw.endswith("ly"):
            noun = _singular(lw)
    if not noun and (c := _COMPOUND.match(text, end)):
        noun = _singular(c[1].lower())
    return _Atom(start, start, end, n, 0.0, kind="ordinal", noun=noun, fixed=(n, n, n))


_WEIGHT_POUNDS = re.compile(r"\s+(?P<w>pounds?)\s+(?:of|in weight)\b", re.I)


def _with_noun(atom: _Atom, noun: str) -> _Atom:
    if noun in _CURRENCY_NOUNS:
        return _copy(atom, currency=_CURRENCY_NOUNS[noun])
    return _copy(atom, noun=noun) if noun else atom


def _year_or_count(text: str, atom: _Atom, noun: str) -> _Atom:
    """A plain 1800..2100 figure: a count when a plural noun follows outside a year
    context ("2000 people"), a number after "more than"/"under", otherwise a year."""
    in_year_context = bool(_YEAR_CONTEXT.search(text, max(0, atom.start - 16), atom.start))
    if noun and not in_year_context:
        return _with_noun(atom, noun)
    q = atom.qualifier
    if q in ("over", "at_least", "under", "nearly") or (
            q == "at_most" and not text[atom.start:atom.lead].lower().startswith("up")):
        return _with_noun(atom, noun)
    return _copy(atom, start=atom.lead, tol=0.0, qualifier="", kind="year")


# --------------------------------------------------------------------------- word atoms

def _words_value(tokens: list[str]) -> float:
    total, current, half = 0.0, 0.0, False
    for t in tokens:
        if t == "half":
            half = True
        elif t in ("a", "an"):
            current = current or 1.0
        elif t in _UNITS_WORDS:
            current += _UNITS_WORDS[t]
        elif t == "hundred":
            current = (current or 1.0) * 100
        elif t == "dozen":
            current = (current or 1.0) * 12
        elif t in _BIG_WORDS:
            total += (current or 1.0) * _BIG_WORDS[t]
            current = 0.0
    value = total + current
    return value / 2 if half else value


def _word_atom(text: str, m: re.Match[str], floor: int) -> _Atom | None:
    p, e = m.start(), m.end()
    surface = text[p:e]
    tokens = [t for t in _WORD_SPLIT.split(surface.lower()) if t and t != "and"]
    value = _words_value(tokens)
    is_one = tokens == ["one"]
    if is_one and _ONE_STRICT_BEFORE.search(text, max(0, p - 8), p):
        return None
    if p > 1 and text[p - 1] in "-‐–" and text[p - 2].isalpha():
        return None  # "one-two"
    if surface[0].isupper() and not _SENTENCE_START.search(text, max(0, p - 4), p):
        return None  # a name: "the Six Nations", "Group of Eight", "a Five spokesman"
    c = _COMPOUND.match(text, e)
    if c is not None and c[1].lower() in _FRACTIONS:
        return None  # "two-thirds"
    scale = _BIG_WORDS.get(tokens[-1], 1.0)
    if h := _AND_HALF.match(text, e):  # "one and a half million", "two and a half years"
        is_one, e = False, h.end()
        value += 0.5 * scale
        if h["big"]:
            scale = _BIG_WORDS[h["big"].lower()]
            value *= scale
    figure = value / scale
    start, qualifier, between = _qualifier(text, p, floor)
    suf = _suffix(text, e, "", allow_scale=False)
    atom = _Atom(start, p, suf.end, figure, _rounding(repr(figure)), scale, scale != 1.0,
                 suf.currency, suf.percent, "", qualifier or suf.qualifier, between=between)
    if atom.currency:
        return _rate(text, atom)
    if atom.percent:
        return atom
    if (bare := _after_bare(text, atom, figure.is_integer())) is not None:
        return bare
    noun = _noun_after(text, suf.end, single=(value == 1), allow_of=not is_one,
                       allow_compound=not is_one)
    if is_one and not noun:
        return None  # "one of the", "one said"
    return _with_noun(atom, noun)


_AND_HALF = re.compile(
    r"[-\s]+and[-\s]+a[-\s]+half\b(?:\s+(?P<big>thousand|million|billion|trillion)\b)?", re.I)
_FRACTION_POINTS = re.compile(r"\s+(?:of\s+an?\s+)?percentage[\s-]+points?\b", re.I)
_NEXT_LOWER = re.compile(r"[ \u00a0]+([a-z][a-z-]*)\b")
_NEXT_NAME = re.compile(r"[ \u00a0]+[A-Z][a-z]+\b")


def _noun_follows(text: str, pos: int) -> bool:
    """Whether a plain lower-case word that can be a noun, or a name, follows ("a third term",
    "a third Six Nations win"), as against "a third of", "a third by 2025", "a fifth saying"."""
    m = _NEXT_LOWER.match(text, pos)
    if m is None:  # a name: "a third Six Nations win", "a third Deutsche Boerse shareholder"
        return bool(_NEXT_NAME.match(text, pos))
    w = m[1]
    return w not in _STOP and not w.endswith(("ing", "ed")) and w != "percentage"
_HALF_FOLLOW = re.compile(r"\s+(?:of|the|its|their|his|her|our|all|them|that|those|these)\b",
                          re.I)
_LIST_MARKER = re.compile(r"(?:ly)?\s*[,:;)]")
_SPAN_BEFORE = re.compile(
    r"(?<![\w])(?:first|second|last|next|past|previous|preceding|final|opening|closing"
    r"|remaining|consecutive|straight|successive)\s+$",
    re.I)


_OF_FOLLOWS = re.compile(r"\s+of\b", re.I)
_FOURTH = re.compile(r"fourth\b", re.I)


def _fraction_atom(text: str, m: re.Match[str], floor: int) -> _Atom | None:
    """"two-thirds", "three quarters of", "a third", "more than half"; "a third term" is an
    ordinal and "the first three quarters" a count of quarters."""
    p, e = m.start(), m.end()
    surface = text[p:e]
    if surface[0].isupper() and not _SENTENCE_START.search(text, max(0, p - 4), p):
        return None
    parts = [w for w in re.split(r"[-\s]+", surface.lower()) if w]
    if parts[-1] == "fourth" and not _OF_FOLLOWS.match(text, e):  # "a fourth title": a rank
        rank = _FOURTH.match(text, p + surface.lower().rindex("fourth"))
        return _ordinal_word_atom(text, rank) if rank else None
    num, den = words.fraction_value(" ".join(parts))
    start, qualifier, between = _qualifier(text, p, floor)
    if parts == ["half"]:
        if not qualifier and not _HALF_FOLLOW.match(text, e):
            return None  # "half-time", "the first half", "half an hour"
        if _SPAN_BEFORE.search(text, max(0, p - 12), p):
            return None
    elif (_SPAN_BEFORE.search(text, max(0, p - 16), p) or num >= den
          or (num == 2 and parts[-1] == "quarters")):
        if parts[0] in ("a", "one"):
            return None
        atom = _Atom(start, p, e, float(num), _rounding(str(num)), qualifier=qualifier,
                     noun=_singular(parts[-1]))  # "the first three quarters", "two quarters"
        return atom
    elif text.startswith("-", e) or (num > 1 and not parts[-1].endswith("s")):
        # "three quarter-point rises", "a three-quarter (rugby)": the numerator counts
        end = p + len(parts[0])
        if parts[0] in ("a", "one"):  # "a fifth-round place" ranks, as "a fourth-round place" does
            word = p + surface.lower().rindex(parts[-1])
            ranked = text.startswith("-", e) and parts[-1] in words.ORDINALS
            return _ordinal(text, word, e, float(words.ORDINALS[parts[-1]])) if ranked else None
        noun = _noun_after(text, end, single=False)
        return _with_noun(_Atom(start, p, end, float(num), _rounding(str(num)),
                                qualifier=qualifier), noun)
    elif parts[0] == "a" and _noun_follows(text, e):
        if parts[-1] in words.ORDINALS:  # "a third term"
            word = m.start() + surface.lower().rindex(parts[-1])
            return _ordinal(text, word, e, float(words.ORDINALS[parts[-1]]))
        if not (pp := _FRACTION_POINTS.match(text, e)):
            return None  # "a quarter century"
    if pp := _FRACTION_POINTS.match(text, e):  # "a quarter of a percentage point"
        return _Atom(start, p, pp.end(), num / den, 0.0, qualifier=qualifier, between=between,
                     kind="points", noun="pp", fixed=(num / den, num / den, num / den))
    value = num / den
    return _Atom(start, p, e, value, 0.0, qualifier=qualifier, between=between,
                 kind="fraction", noun="")


def _fold_atom(text: str, m: re.Match[str], floor: int) -> _Atom | None:
    """"tenfold", "twice as": a multiple."""
    p, e = m.start(), m.end()
    if text[p].isupper() and not _SENTENCE_START.search(text, max(0, p - 4), p):
        return None
    n = words.FOLDS[text[p:e].lower()]
    start, qualifier, between = _qualifier(text, p, floor)
    return _Atom(start, p, e, float(n), _rounding(str(n)), qualifier=qualifier,
                 between=between, kind="multiple", noun="x")


_SECOND_OF_TIME = re.compile(r"(?:\d|\b(?:per|every|each|split|fraction of a|nano|milli|micro))[\s-]*$", re.I)
_A_SECOND = re.compile(r"\b(?:a|one)\s+$", re.I)  # "a second" is time when no noun follows it
_AFTER_TIME = re.compile(r"\s*(?:[,.;:!?)]|$|(?:to|or|and|ago|later|earlier|before|after|in|of|too)\b)", re.I)


def _ordinal_word_atom(text: str, m: re.Match[str]) -> _Atom | None:
    """"seventh", "twenty-first": an ordinal; a capitalised one inside a sentence is a name
    ("Fifth Avenue", "Third Way")."""
    p, e = m.start(), m.end()
    if text[p].isupper() and not _SENTENCE_START.search(text, max(0, p - 4), p):
        return None
    if p > 0 and text[p - 1] in "-‐–":
        return None
    if _LIST_MARKER.match(text, e) and _SENTENCE_START.search(text, max(0, p - 4), p):
        return None  # "Third, we will...": a list marker
    if text[p:e].lower() == "second" and (_SECOND_OF_TIME.search(text, max(0, p - 12), p) or (
            _A_SECOND.search(text, max(0, p - 5), p) and _AFTER_TIME.match(text, e))):
        return None  # "30 second", "per second", "took a second to": time, not a rank
    return _ordinal(text, p, e, float(words.ordinal_value(" ".join(
        re.split(r"[-\s]+", text[p:e].lower())).replace(" ", "-"))))


def _vague_atom(text: str, m: re.Match[str]) -> _Atom:
    words = m["vague"].lower().split()
    low, high = _VAGUE[words[0]]
    if len(words) == 3:
        mult = _BIG_WORDS[words[2][:-1]]
        low, high = low * mult, (high + 1) * mult - 1
    atom = _Atom(m.start(), m.start(), m.end(), low, 0.0, qualifier="about",
                 fixed=(low, low, high))
    if c := _OF_CURRENCY.match(text, m.end()):
        return _copy(atom, currency=_CURRENCY_NOUNS[_singular(c["w"].lower())])
    return _with_noun(atom, _noun_after(text, m.end(), single=False))


# --------------------------------------------------------------------------- ranges

_NO_RANGE_KINDS = frozenset({"#decade", "#ordinal", "#fraction", "#score"})


def _compatible(a: _Atom, b: _Atom) -> bool:
    sa, sb = a.signature, b.signature
    if sa in _NO_RANGE_KINDS or sb in _NO_RANGE_KINDS:
        return False
    if a.percent != b.percent and (a.scaled or b.scaled):
        return False  # "rose 4% to 36bn"
    if sa.startswith("#") or sb.startswith("#"):  # "1999-2018", "10-15km", "$40-$50 a barrel"
        return sa == sb or ((not sa or (sb == "#rate" and sa == b.currency)) and sb != "#year")
    return sa == sb or not sa or not sb


def _range_gap(text: str, a: _Atom, b: _Atom) -> bool:
    """Whether the text between ``a`` and ``b`` joins them into a range."""
    if b.qualifier or b.between >= 0:
        return False
    if _RANGE_HYPHEN.fullmatch(text, a.end, b.lead):
        return True
    if a.between >= 0 and _RANGE_AND.fullmatch(text, a.end, b.lead):
        return True
    if _RANGE_TO.fullmatch(text, a.end, b.lead):
        if (b.kind == "rate" and not a.kind and a.currency == b.currency
                and a.factor == b.factor and a.value < b.value < 2 * a.value):
            return True  # "$1.48 to $1.52 per share", not "fell 32 cents to $51.43 a barrel"
        inherits = b.scaled and not a.scaled and a.figure < b.figure
        lacking = inherits or (b.signature and not a.signature and a.scale == b.scale)
        return bool(lacking) and not _FROM.search(text, max(0, a.start - 8), a.start)
    return False


_TIGHT_HYPHEN = re.compile(r"[-–]")
_REVERSED = object()  # a range whose low end is above its high end: no figure


def _merge(text: str, a: _Atom, b: _Atom) -> _Atom | object | None:
    if a.fixed or b.fixed or not _compatible(a, b) or not _range_gap(text, a, b):
        return None
    scale = a.scale
    if b.scaled and not a.scaled:
        if a.figure < b.figure or a.currency != b.currency:
            scale = b.scale if a.figure < b.figure else scale
        elif (a.currency or not b.currency) and _TIGHT_HYPHEN.fullmatch(text, a.end, b.lead):
            return _REVERSED  # "$3-$2 billion": both bounds take the billion
    kind, noun, factor, offset = a.kind, a.noun, a.factor, a.offset
    if b.kind and not a.kind:  # "10-15km": the first bound takes the unit
        kind, noun, factor, offset = b.kind, b.noun, b.factor, b.offset
    lo_v, hi_v = a.figure * scale * factor + offset, b.value
    if not lo_v < hi_v:
        if (a.signature or b.signature) and (a.between >= 0 or _TIGHT_HYPHEN.fullmatch(
                text, a.end, b.lead)):
            return _REVERSED  # "10-5%", "between $5bn and $3bn"; not "£35bn - £2.5bn less"
        return None
    low, high = lo_v - a.tol * scale * factor, hi_v + b.tol * b.scale * b.factor
    start = a.between if a.between >= 0 else a.start
    return _Atom(start, a.lead, b.end, (lo_v + hi_v) / 2, 0.0,
                 currency=a.currency or b.currency, percent=a.percent or b.percent,
                 noun=b.noun or noun, qualifier="range", kind=kind,
                 fixed=((lo_v + hi_v) / 2, low, high))


def _joined(text: str, a: _Atom, b: _Atom) -> bool:
    """Two bare whole numbers joined by a hyphen: "3-1", "6-0"."""
    plain = all(not (x.currency or x.percent or x.kind or x.scaled or x.fixed or x.qualifier)
                and x.figure.is_integer() for x in (a, b))
    return plain and b.tail and bool(_RANGE_HYPHEN.fullmatch(text, a.end, b.lead))


_SCORE_AFTER = re.compile(
    r"\s*(?:win|victory|defeat|loss|draw|lead|home|away|scoreline|success|triumph|thrashing"
    r"|drubbing|aggregate|reverse|result|semi|final|quarter|down|up\b|in\s+(?:the|their|a|extra)"
    r"|at\s+(?:half|the\s+break|full)|after\s+extra|on\s+(?:aggregate|penalties))", re.I)
_SCORE_BEFORE = re.compile(
    r"(?:\b(?:won|win|beat|beating|beaten|lost|lose|losing|drew|draw|trail|trailed|trailing"
    r"|led|leading|lead|defeated|thrashed|edged|score|scoreline|victory|defeat|finished|ended"
    r"|serving|serve|sets?)\b[^.;:]{0,30}|\(|\d\s)\s*$", re.I)
_ODDS = re.compile(
    r"\s*(?:fav|against(?!\s+[A-Za-z])|shot\b|chance\b|odds\b|outsider)", re.I)
_AT_BEFORE = re.compile(r"(?<![\w])at\s+$", re.I)
_BETTING = re.compile(r"\b(?:odds|favourite|bookmakers?|bookies|betting|punters|William Hill"
                      r"|Ladbrokes)\b", re.I)
_ODDS_BEFORE = re.compile(r"\b(?:odds\s+of|quoted\s+at|priced\s+at|price\s+of)\s+$", re.I)


def _score(text: str, a: _Atom, b: _Atom) -> _Atom | None | bool:
    """A score ("3-1 win", "beat them 2-3"): an atom; betting odds ("2-1 favourite"): False;
    neither: None. Its value is first + second / 1000 (see :func:`score_sides`)."""
    if not b.tail or not _joined(text, a, b):
        return None
    if _ODDS.match(text, b.lead + len(str(int(b.figure)))) or _ODDS_BEFORE.search(
            text, max(0, a.lead - 12), a.lead):
        return False
    end = b.lead + len(str(int(b.figure)))
    sporting = bool(_SCORE_AFTER.match(text, end)
                    or _SCORE_BEFORE.search(text, max(0, a.lead - 40), a.lead))
    if (not sporting and _AT_BEFORE.search(text, max(0, a.lead - 4), a.lead)
            and _BETTING.search(text)):
        return False  # "the favourite ..., followed by Kenzie at 5-2": a price
    if not sporting and a.figure < b.figure:
        return None  # a range: "2-3 days"
    if a.figure > 200 or b.figure > 200:
        return None if a.figure < b.figure else False
    v = a.figure + b.figure / 1000
    return _Atom(a.lead, a.lead, end, v, 0.0, kind="score", fixed=(v, v, v))


def score_sides(q: Quantity) -> tuple[int, int]:
    """The two sides of a score quantity: (3, 1) for "3-1"."""
    first = math.floor(q.value + 1e-9)
    return first, round((q.value - first) * 1000)


def _merge_ranges(text: str, atoms: list[_Atom],
                  rejects: list[Rejected]) -> list[_Atom]:
    out: list[_Atom] = []
    i = 0
    while i < len(atoms):
        a = atoms[i]
        b = atoms[i + 1] if i + 1 < len(atoms) else None
        score = _score(text, a, b) if b is not None and b.tail else None
        if isinstance(score, _Atom):
            out.append(score)
            i += 2
            continue
        merged = _merge(text, a, b) if b is not None and score is None else None
        if merged is _REVERSED and b is not None:
            s = a.between if a.between >= 0 else a.start
            rejects.append(Rejected(text[s:b.end], s, b.end, "range low above high"))
            i += 2
        elif isinstance(merged, _Atom):
            out.append(merged)
            i += 2
        elif b is not None and score is False:  # betting odds: "2-1 favourite"
            i += 2
        else:
            if not a.tail:  # an unmatched "<digit>-N" ("2017-18") is dropped
                out.append(a)
            i += 1
    return out


# --------------------------------------------------------------------------- output

@dataclass(frozen=True, slots=True)
class Rejected:
    """A figure as written that cannot be true, so the parser returns no quantity for it:
    ``$99999999999999999999999 billion``, ``12,000,000%``, ``$3-$2 billion``. The pipeline
    may turn it into a note."""

    text: str
    start: int
    end: int
    reason: str


_MAX_AMOUNT = 1e15  # money and counts above this are not figures a newsroom prints
_MAX_SMALL_UNIT = 1e18  # currencies of tiny units: "1,546 trillion rials" is a budget
_SMALL_UNITS = frozenset({"IRR", "IDR", "VND", "KRW", "TRL", "LBP", "UZS"})
_MAX_PERCENT = 1e4


def _implausible(q: Quantity) -> str:
    if -_MAX_PERCENT <= q.value <= _MAX_PERCENT and q.low > -math.inf:
        return ""  # most figures: the checks below cannot fire
    limit = _MAX_SMALL_UNIT if q.unit.split("/")[0] in _SMALL_UNITS else _MAX_AMOUNT
    if q.kind in ("money", "count", "rate") and abs(q.value) > limit:
        return f"{q.kind} beyond {limit:.0e}"
    if q.kind in ("percent", "points") and abs(q.value) > _MAX_PERCENT:
        return f"{'percentage' if q.kind == 'percent' else 'points'} beyond 1e4"
    if not (math.isfinite(q.value) and math.isfinite(q.low)):
        return "not a finite number"
    return ""


_FLOORS = {"temperature": -273.15}
_CEILINGS = {"fraction": 1.0}


def _finish(text: str, a: _Atom) -> Quantity:
    if a.kind in ("year", "decade"):
        kind, unit = a.kind, a.kind
    elif a.kind:
        kind, unit = a.kind, a.noun
    elif a.currency:
        kind, unit = "money", a.currency
    elif a.percent:
        kind, unit = "percent", "%"
    elif a.noun:
        kind, unit = "count", a.noun
    else:
        kind, unit = "number", ""
    if a.fixed is not None:
        value, low, high = a.fixed
    else:
        value = a.value
        if a.kind or a.factor != 1.0:
            low, high = _interval(value, a.tol * a.scale * a.factor, a.qualifier,
                                  _FLOORS.get(a.kind, 0.0), _CEILINGS.get(a.kind, math.inf))
        else:
            low, high = _interval(value, a.tol * a.scale, a.qualifier)
    return Quantity(text=text[a.start:a.end], start=a.start, end=a.end, value=value, low=low,
                    high=high, unit=unit, kind=kind, qualifier=a.qualifier)


def _is_label(text: str, a: _Atom) -> bool:
    """A bare number right after a capitalised name: "PlayStation 3", "FTSE 100"."""
    if a.signature or a.qualifier or a.scaled:
        return False
    if _NUMBER_BEFORE.search(text, max(0, a.start - 12), a.start):
        return True  # "number six", "No. 3"
    m = _CAPITAL_BEFORE.search(text, max(0, a.start - 24), a.start)
    return m is not None and m[1].lower() not in _STOP


def _skip_spans(text: str) -> list[tuple[int, int]]:
    """Spans whose digits are no quantity: dates, times, phone numbers, URLs, "#23"."""
    d = _DIGIT.search(text)  # each such span starts at most two characters before a digit
    spans = [m.span() for m in _SKIP.finditer(text, max(0, d.start() - 2))] if d else []
    if "@" in text or "://" in text or "www." in text:
        spans += [m.span() for m in _URL.finditer(text)]
    return spans


def _atoms(text: str, scan: str, core: re.Pattern[str]) -> list[_Atom]:
    """The figures in ``text``, found by searching ``scan`` (same length) with ``core``."""
    skips = _skip_spans(text)
    atoms: list[_Atom] = []
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
            floor = atoms[-1].end if atoms else 0
            if m.lastgroup == "num":
                atom = _digit_atom(text, m, floor)
            elif m.lastgroup == "vague":
                atom = _vague_atom(text, m)
            elif m.lastgroup == "frac":
                atom = _fraction_atom(text, m, floor)
            elif m.lastgroup == "fold":
                atom = _fold_atom(text, m, floor)
            elif m.lastgroup == "ord":
                atom = _ordinal_word_atom(text, m)
            else:
                atom = _word_atom(text, m, floor)
            if atom is not None:
                atoms.append(atom)
                pos = max(pos, atom.end)
        m = core.search(scan, pos)
    return atoms


_LONG_SPACE = re.compile(r"\s{17,}")  # a run the scan keeps only the ends of: 8 characters each side
_SPACE_KEPT = 8


def _parse(text: str) -> tuple[tuple[Quantity, ...], tuple[Rejected, ...]]:
    """``_scan`` in time linear in long runs of space: the patterns that look back over space
    ("[ ]+$" before a figure) read a run once per character of it, so a run of more than 16
    characters is scanned as its first and last 8, and the spans are mapped back."""
    runs = list(_LONG_SPACE.finditer(text))
    if not runs:
        return _scan(text)
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

    found, rejected = _scan("".join(parts))
    return (tuple(replace(q, text=text[back(q.start):back(q.end)], start=back(q.start), end=back(q.end))
                  for q in found),
            tuple(replace(r, text=text[back(r.start):back(r.end)], start=back(r.start), end=back(r.end))
                  for r in rejected))


def _scan(text: str) -> tuple[tuple[Quantity, ...], tuple[Rejected, ...]]:
    lower = text.lower()
    if len(lower) != len(text):  # a few letters lower-case to two characters ("İ")
        lower = text.translate(_ASCII_LOWER)  # keeps every offset
    found = _ALL_WORDS.intersection(_LOWER_WORD.findall(lower))
    if found and not _OTHER_WORDS.isdisjoint(found) or "ty-first" in lower or "ty-second" in lower:
        atoms = _atoms(text, lower, _CORE_ALL)
    elif found:
        atoms = _atoms(text, lower, _CORE)
    elif _DIGIT.search(text) is not None:
        atoms = _atoms(text, text, _CORE_DIGITS)
    else:
        return (), ()
    rejects: list[Rejected] = []
    atoms = _merge_ranges(text, atoms, rejects)
    out: list[Quantity] = []
    for a in atoms:
        if _is_label(text, a):
            continue
        q = _finish(text, a)
        if why := _implausible(q):
            rejects.append(Rejected(q.text, q.start, q.end, why))
        else:
            out.append(q)
    return tuple(out), tuple(sorted(rejects, key=lambda r: r.start)) if rejects else ()


def parse_quantities(text: str) -> tuple[Quantity, ...]:
    """Every quantity in ``text`` (one sentence or a short passage), in order of position."""
    return _parse(text)[0]


def parse_figures(text: str) -> tuple[tuple[Quantity, ...], tuple[Rejected, ...]]:
    """The quantities of ``text`` and the figures rejected as impossible, in one pass."""
    return _parse(text)


def rejected_figures(text: str) -> tuple[Rejected, ...]:
    """The figures in ``text`` that cannot be true and so yield no quantity (see
    :class:`Rejected`), for the pipeline to report as notes."""
    return _parse(text)[1]
