"""Money: currency prefixes ("US$", "£", "Rs", "Australian dollars 648m"), currency words
after a figure ("20m pounds", "9.5bn kronor"), pence and cents ("873p", "32 cents"), rates
("$41.32 a barrel", "950p a share") and thresholds ("above the $50 mark"). Unit: an ISO
code, or "CODE/thing" for a rate."""

from __future__ import annotations

import re
import string

from factcheck.extract.quantities.core import NEXT, Atom, Digits, Refined, copy, rounding
from factcheck.extract.quantities.nouns import singular

__all__ = ["CURRENCY_WORD", "DOLLAR_KINDS", "ISO", "currency_of", "currency_word", "glued_pence",
           "prefix", "priced", "rate", "subunit_after", "threshold", "with_noun"]

_DOLLAR_CODES: dict[str, str] = {
    "": "USD", "US": "USD", "U.S.": "USD", "USD": "USD", "HK": "HKD", "AU": "AUD",
    "A": "AUD", "C": "CAD", "CA": "CAD", "S": "SGD", "NZ": "NZD",
}
ISO = ("USD|GBP|EUR|JPY|CNY|RMB|INR|HKD|AUD|CAD|SGD|SEK|ZAR|CHF|NOK|DKK|NZD|KRW|BRL|RUB"
       "|MXN|PLN")
_SYMBOLS: dict[str, str] = {"£": "GBP", "€": "EUR", "¥": "JPY", "₹": "INR"}
_CODES: dict[str, str] = {
    **{c: c for c in ISO.split("|")}, "RMB": "CNY", "Rmb": "CNY", "Rs": "INR", "Rs.": "INR",
}
DOLLAR_KINDS: dict[str, str] = {
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

# --------------------------------------------------------------------------- before the figure

_NBSP = r"[ \u00a0]"
_PREFIX = re.compile(  # "A$", "C$", "S$" only when glued: "Series C $600m" is USD
    rf"(?:(?<![A-Za-z])(?:(?P<dcode>US|U\.S\.|USD|HK|AU|CA|NZ){_NBSP}?|(?P<dletter>[ACS])))?"
    rf"\${_NBSP}?$"
    rf"|(?P<sym>[£€¥₹]){_NBSP}?$"
    rf"|(?<![A-Za-z])(?P<code>{ISO}|Rmb|Rs\.?){_NBSP}?$")
_NAMED_PREFIX = re.compile(  # "Australian dollars 648m": searched only after a word and a space
    r"(?<![A-Za-z])(?:(?:US|Australian|Canadian|Hong\s+Kong|New\s+Zealand|Singapore)\s+dollars"
    r"|(?:Swiss\s+)?francs|euros|kronor|kroner|rand|yuan|rupees|roubles)\s+$")


# what a prefix can end with: "$", a symbol, the last letter of a code ("USD", "Rmb", "Rs."),
# or a line break ("$" anchors before one); before a space also "dollars", "rand", "yuan"
_PREFIX_END = frozenset("$£€¥₹.bs\n" + string.ascii_uppercase)
_SPACED_END = _PREFIX_END | frozenset("dnr")


def prefix(text: str, pos: int, floor: int) -> tuple[int, str]:
    """The currency prefix ending at ``pos``: (its start, ISO code) or (pos, "")."""
    last = text[pos - 1:pos] if pos else ""
    if last not in _PREFIX_END and not (last in (" ", "\u00a0")
                                        and text[pos - 2:pos - 1] in _SPACED_END):
        return pos, ""  # a cheap test first: no prefix can end here (most figures)
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


def _named_currency(name: str) -> str:
    name = " ".join(name.lower().split())
    if name.endswith("dollars"):
        return DOLLAR_KINDS.get(name[:-8].strip() or "us", "USD")
    return _CURRENCY_NOUNS.get(singular(name.split()[-1]), _CURRENCY_NOUNS.get(name, "USD"))


# --------------------------------------------------------------------------- after the figure

CURRENCY_WORD = re.compile(
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
    rf"|\s*(?P<code>{ISO})\b")


def currency_word(m: re.Match[str]) -> str:
    """The ISO code of a match of :data:`CURRENCY_WORD`."""
    if m["dol"]:
        return DOLLAR_KINDS.get(re.sub(r"\s+", " ", (m["dk"] or "us").lower()), "USD")
    if m["code"]:
        return _CODES[m["code"]]
    return (m.lastgroup or "").upper().rstrip("2")  # "dkk2" -> DKK


def with_noun(atom: Atom, noun: str) -> Atom:
    """The atom counting ``noun``; money when the noun is a currency ("50 pounds")."""
    if noun in _CURRENCY_NOUNS:
        return copy(atom, currency=_CURRENCY_NOUNS[noun])
    return copy(atom, noun=noun) if noun else atom


_OF_CURRENCY = re.compile(
    r"[^\S\r\n]+of[^\S\r\n]+(?:(?:US|U\.S\.|American)[^\S\r\n]+)?"
    r"(?P<w>dollars|pounds|euros|yen|yuan|rupees)\b", re.I)


def currency_of(text: str, pos: int) -> str:
    """The currency of "of dollars" at ``pos`` ("billions of dollars"), or ""."""
    c = _OF_CURRENCY.match(text, pos)
    return _CURRENCY_NOUNS[singular(c["w"].lower())] if c else ""


# --------------------------------------------------------------------------- pence and cents

_PENCE_GLUED = re.compile(r"p(?![\w'’])")
_SUBUNIT = re.compile(  # lower case: "50 Cent" is a rapper
    r"[ \u00a0]?(?:(?P<euro>euros?[ \u00a0]?cents?)|(?P<p>pence)|(?P<c>cents?)"
    r"|(?P<named>US|Canadian|Australian|Hong Kong|Singapore|New Zealand)[ \u00a0]cents?)"
    r"(?![A-Za-z])")


def glued_pence(d: Digits) -> Atom | None:
    """"873p", "1.28p per litre": pence glued to the digits (not "1080p", a screen)."""
    if not _PENCE_GLUED.match(d.text, d.e) or d.raw in ("480", "576", "720", "1080", "2160"):
        return None
    return rate(d.text, Atom(d.start, d.lead, d.e + 1, d.figure, rounding(d.raw), currency="GBP",
                             factor=0.01, qualifier=d.qualifier, between=d.between, tail=d.tail))


def subunit_after(text: str, atom: Atom, pos: int) -> Atom | None:
    """"32 cents", "274.5 pence", "70 euro cents" after a bare figure: money."""
    if atom.scaled or not (m := _SUBUNIT.match(text, pos)):
        return None
    if m["c"]:
        cur = "EUR" if ("€" in text or "euro" in text.lower()) and "$" not in text else "USD"
    elif m["named"]:
        cur = DOLLAR_KINDS[m["named"].lower()]
    else:
        cur = "EUR" if m["euro"] else "GBP"
    return rate(text, copy(atom, end=m.end(), currency=cur, factor=0.01))


# --------------------------------------------------------------------------- rates, thresholds

_RATE = re.compile(
    r"[ \u00a0]+(?:a|an|per|each)[ \u00a0]+(?P<d>barrel|share|litre|liter|gallon|tonne|ton"
    r"|ounce|kilo|kg|unit|head|person|hour|day|week|month|year|annum|night|minute|visit"
    r"|ticket|copy|pupil|patient|passenger|household|employee|worker|megawatt-hour|mwh|kwh"
    r"|square\s+metre|square\s+foot|sq\s+ft|game|match|album|song|track|download|call"
    r"|text|message|mile|km|track)\b(?!\s+(?:ago|earlier|before|later|previously)\b)"
    r"|/(?P<d2>barrel|share|litre|tonne|ounce|kg|hour|day|week"
    r"|month|year)\b", re.I)
_RATE_NAMES = {"liter": "litre", "annum": "year", "kilo": "kg", "megawatt-hour": "mwh"}


def rate(text: str, atom: Atom) -> Atom:
    """Money "a barrel", "per share", "a week": a rate, unit like "USD/barrel"."""
    if text[atom.end:atom.end + 1] not in (" ", "/", "\u00a0"):
        return atom
    m = _RATE.match(text, atom.end)
    if m is None:
        return atom
    d = " ".join((m["d"] or m["d2"]).lower().split())
    d = _RATE_NAMES.get(d, d)
    return copy(atom, end=m.end(), kind="rate", noun=f"{atom.currency}/{d}")


_THRESHOLD_BEFORE = re.compile(
    r"(?<![\w])(?:(?P<over>above|over|beyond|past|topped|topping|broke|breaking|breached"
    r"|crossed|exceeded|surpassed)|(?P<under>below|under|beneath))\s+the\s+$", re.I)
_MARK_AFTER = re.compile(r"\s+(?:mark|level|barrier|threshold|ceiling|line)\b", re.I)


def priced(d: Digits) -> Refined:
    """A figure with a currency: money, a rate or a threshold."""
    return rate(d.text, threshold(d.text, d.atom)) if d.atom.currency else NEXT


def threshold(text: str, atom: Atom) -> Atom:
    """"above the $50 mark": the figure is a bound."""
    if atom.qualifier or text.find("the", max(0, atom.lead - 5), atom.lead) < 0:
        return atom
    b = _THRESHOLD_BEFORE.search(text, max(0, atom.lead - 16), atom.lead)
    if b is None or not _MARK_AFTER.match(text, atom.end):
        return atom
    return copy(atom, start=b.start(), qualifier="over" if b["over"] else "under")
