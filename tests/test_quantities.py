"""Tests for factcheck.quantities.parse_quantities."""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from factcheck.extract.quantities import parse_quantities, rejected_figures
from factcheck.records import Quantity

INF = math.inf


def approx(x: float) -> object:
    return pytest.approx(x, rel=1e-9, abs=1e-9)


def only(text: str) -> Quantity:
    qs = parse_quantities(text)
    assert qs, f"no quantity in {text!r}"
    return qs[0]


def check_spans(text: str, qs: tuple[Quantity, ...]) -> None:
    last_end = 0
    for q in qs:
        assert text[q.start:q.end] == q.text
        assert q.start >= last_end, "quantities overlap or are out of order"
        last_end = q.end


# --------------------------------------------------------------------------- the forms
# text, value, low, high, unit, kind, qualifier (of the first quantity)
FORMS = [
    ("$410 million", 4.1e8, 4.051e8, 4.149e8, "USD", "money", ""),
    ("US$4.5 billion", 4.5e9, 4.451e9, 4.549e9, "USD", "money", ""),
    ("USD $2 billion", 2e9, 1.51e9, 2.49e9, "USD", "money", ""),
    ("USD $15.7 trillion", 1.57e13, 1.5651e13, 1.5749e13, "USD", "money", ""),
    ("$1.5bn", 1.5e9, 1.451e9, 1.549e9, "USD", "money", ""),
    ("$1,500 million", 1.5e9, 1.451e9, 1.549e9, "USD", "money", ""),
    ("£800m", 8e8, 7.51e8, 8.49e8, "GBP", "money", ""),
    ("$1.13bn (£600m)", 1.13e9, 1.1251e9, 1.1349e9, "USD", "money", ""),
    ("$639m", 6.39e8, 6.3851e8, 6.3949e8, "USD", "money", ""),
    ("$50k", 5e4, 4.51e4, 5.49e4, "USD", "money", ""),
    ("$ 29.3 mil", 2.93e7, 2.9251e7, 2.9349e7, "USD", "money", ""),  # a headline's abbreviation
    ("$2.1 bil", 2.1e9, 2.051e9, 2.149e9, "USD", "money", ""),
    ("$3b", 3e9, 2.51e9, 3.49e9, "USD", "money", ""),
    ("1.4m workers", 1.4e6, 1.351e6, 1.449e6, "worker", "count", ""),
    ("1.4 million workers", 1.4e6, 1.351e6, 1.449e6, "worker", "count", ""),
    ("8,000 GPUs", 8000, 7510, 8490, "gpu", "count", ""),
    ("464,000 subscribers", 464000, 463510, 464490, "subscriber", "count", ""),
    ("600", 600, 551, 649, "", "number", ""),
    ("13%", 13, 12.51, 13.49, "%", "percent", ""),
    ("400%", 400, 351, 449, "%", "percent", ""),
    ("13 per cent", 13, 12.51, 13.49, "%", "percent", ""),
    ("13 percent", 13, 12.51, 13.49, "%", "percent", ""),
    ("100 million+ mobiles", 1e8, 1e8, INF, "mobile", "count", "at_least"),
    ("400 million people", 4e8, 3.51e8, 4.49e8, "people", "count", ""),
    ("400 customers", 400, 351, 449, "customer", "count", ""),
    ("more than US$3 billion", 3e9, 3e9, INF, "USD", "money", "over"),
    ("over $4.5 billion", 4.5e9, 4.5e9, INF, "USD", "money", "over"),
    ("around $3 billion", 3e9, 2.51e9, 3.49e9, "USD", "money", "about"),
    ("about $3 billion", 3e9, 2.51e9, 3.49e9, "USD", "money", "about"),
    ("roughly 1,200 jobs", 1200, 1080, 1320, "job", "count", "about"),
    ("~$3bn", 3e9, 2.51e9, 3.49e9, "USD", "money", "about"),
    ("close to 40 staff", 40, 35.1, 44.9, "staff", "count", "about"),
    ("nearly $2bn", 2e9, 1.8e9, 2e9, "USD", "money", "nearly"),
    ("almost 30m euros", 3e7, 2.7e7, 3e7, "EUR", "money", "nearly"),
    ("up to 500 jobs", 500, 0, 500, "job", "count", "at_most"),
    ("no more than 10 people", 10, 0, 10, "people", "count", "at_most"),
    ("at least 20 people", 20, 20, INF, "people", "count", "at_least"),
    ("50 or more people", 50, 50, INF, "people", "count", "at_least"),
    ("10+ years", 10, 10, INF, "year", "count", "at_least"),
    ("less than 5%", 5, 0, 5, "%", "percent", "under"),
    ("fewer than 100 firms", 100, 0, 100, "firm", "count", "under"),
    ("$2-3bn", 2.5e9, 1.51e9, 3.49e9, "USD", "money", "range"),
    ("between $2bn and $3bn", 2.5e9, 1.51e9, 3.49e9, "USD", "money", "range"),
    ("2 to 3 million", 2.5e6, 1.51e6, 3.49e6, "", "number", "range"),
    ("10-15%", 12.5, 5.1, 15.49, "%", "percent", "range"),
    ("between 10 and 15 per cent", 12.5, 5.1, 15.49, "%", "percent", "range"),
    ("10 to 15 years", 12.5, 5.1, 15.49, "year", "count", "range"),
    ("2.5bn euros", 2.5e9, 2.451e9, 2.549e9, "EUR", "money", ""),
    ("€5m", 5e6, 4.51e6, 5.49e6, "EUR", "money", ""),
    ("¥100 billion", 1e11, 5.1e10, 1.49e11, "JPY", "money", ""),
    ("RMB 1 billion", 1e9, 5.1e8, 1.49e9, "CNY", "money", ""),
    ("HK$3 billion", 3e9, 2.51e9, 3.49e9, "HKD", "money", ""),
    ("A$5m", 5e6, 4.51e6, 5.49e6, "AUD", "money", ""),
    ("C$2bn", 2e9, 1.51e9, 2.49e9, "CAD", "money", ""),
    ("Rs 500 crore", 5e9, 4.51e9, 5.49e9, "INR", "money", ""),
    ("410 million dollars", 4.1e8, 4.051e8, 4.149e8, "USD", "money", ""),
    ("3 billion yuan", 3e9, 2.51e9, 3.49e9, "CNY", "money", ""),
    ("20m pounds", 2e7, 1.51e7, 2.49e7, "GBP", "money", ""),
    ("two", 2, 1.51, 2.49, "", "number", ""),
    ("five departments", 5, 4.51, 5.49, "department", "count", ""),
    ("twenty-seven projects", 27, 26.51, 27.49, "project", "count", ""),
    ("one hundred leaders", 100, 51, 149, "leader", "count", ""),
    ("one million people", 1e6, 5.1e5, 1.49e6, "people", "count", ""),
    ("a dozen firms", 12, 11.51, 12.49, "firm", "count", ""),
    ("more than a dozen firms", 12, 12, INF, "firm", "count", "over"),
    ("dozens of companies", 24, 24, 99, "company", "count", "about"),
    ("hundreds of jobs", 200, 200, 999, "job", "count", "about"),
    ("thousands of people", 2000, 2000, 999999, "people", "count", "about"),
    ("millions of users", 2e6, 2e6, 999999999, "user", "count", "about"),
    ("tens of thousands of fans", 20000, 20000, 99999, "fan", "count", "about"),
    ("billions of dollars", 2e9, 2e9, 1e12 - 1, "USD", "money", "about"),
    ("half a million", 5e5, 4.51e5, 5.49e5, "", "number", ""),
    ("a billion dollars", 1e9, 5.1e8, 1.49e9, "USD", "money", ""),
    ("a hundred people", 100, 51, 149, "people", "count", ""),
    ("in 2017", 2017, 2017, 2017, "year", "year", ""),
    ("since 2014", 2014, 2014, 2014, "year", "year", ""),
    ("2004", 2004, 2004, 2004, "year", "year", ""),
    ("2000 people", 2000, 1510, 2490, "people", "count", ""),
    ("the 1950s", 1950, 1950, 1959, "decade", "decade", ""),
    ("the 1980’s", 1980, 1980, 1989, "decade", "decade", ""),
    ("1980's", 1980, 1980, 1989, "decade", "decade", ""),
    ("$410 ?million", 4.1e8, 4.051e8, 4.149e8, "USD", "money", ""),
]


@pytest.mark.parametrize(("text", "value", "low", "high", "unit", "kind", "qualifier"), FORMS,
                         ids=[f[0] for f in FORMS])
def test_form(text: str, value: float, low: float, high: float, unit: str, kind: str,
              qualifier: str) -> None:
    qs = parse_quantities(text)
    check_spans(text, qs)
    q = qs[0]
    assert (q.value, q.low, q.high) == (approx(value), approx(low), approx(high))
    assert (q.unit, q.kind, q.qualifier) == (unit, kind, qualifier)


@pytest.mark.parametrize(("text", "surface"), [
    ("over US$4.5 billion", "over US$4.5 billion"),
    ("a valuation of about $3 billion today", "about $3 billion"),
    ("100 million+ mobiles", "100 million+"),
    ("raised 410 million dollars", "410 million dollars"),
    ("between $2bn and $3bn", "between $2bn and $3bn"),
    ("since the 1950s", "1950s"),
    ("valued at $2-3bn.", "$2-3bn"),
    ("between 2 countries", "2"),
])
def test_surface_text(text: str, surface: str) -> None:
    qs = parse_quantities(text)
    check_spans(text, qs)
    assert qs[0].text == surface


# --------------------------------------------------------------------------- multi / skip
# text, [(surface, kind, unit, value), ...] — every quantity, in order
MULTI = [
    ("$1.13bn (£600m)", [("$1.13bn", "money", "USD", 1.13e9), ("£600m", "money", "GBP", 6e8)]),
    ("MIT announced that the two would fund 27 projects across the school's five departments.",
     [("two", "number", "", 2), ("27", "count", "project", 27),
      ("five", "count", "department", 5)]),
    ("Beijing, China - July 11, 2017 - SenseTime announced", [("2017", "year", "year", 2017)]),
    ("TimeWarner also has to restate 2000 and 2003 results following a probe",
     [("2000", "year", "year", 2000), ("2003", "year", "year", 2003)]),
    ("2018-05-22 15:49:30China Daily Editor", []),
    ("the Ritz Carlton (#23-26) during the Expo in Shenzhen, October 20, 2017",
     [("2017", "year", "year", 2017)]),
    ("Tang Xiao'ou, who is also a PhD '96 MIT alumnus, said", []),
    ("the MIT Intelligence Quest, launched in early February", []),
    ("The company raised $410 million in July last year and was also eyeing $500 million",
     [("$410 million", "money", "USD", 4.1e8), ("$500 million", "money", "USD", 5e8)]),
    ("sales rose 2% to $11.1bn from $10.9bn.",
     [("2%", "percent", "%", 2), ("$11.1bn", "money", "USD", 1.11e10),
      ("$10.9bn", "money", "USD", 1.09e10)]),
    ("Copyright ©1999-2018 Chinanews.com", [("1999-2018", "year", "year", 2008.5)]),
    ("in the 2017-18 season", [("2017", "year", "year", 2017)]),
    ("a 3-1 win over Chelsea", [("3-1", "score", "", 3.001)]),
    ("It was one of the first", []),
    ("Happy Mondays dancer Bez is now 2-1 favourite", []),
    ("unemployment rose 32,000 to 1.41 million",
     [("32,000", "number", "", 32000), ("1.41 million", "number", "", 1.41e6)]),
    ("from 2 to 3 million", [("2", "number", "", 2), ("3 million", "number", "", 3e6)]),
    ("raised in its Series C $600 million round", [("$600 million", "money", "USD", 6e8)]),
    ("CES runs from 6 to 9 January and showcases more than 50,000 new gadgets",
     [("more than 50,000", "count", "gadget", 50000)]),
    ("By 1700 GMT, shares had fallen 3%", [("3%", "percent", "%", 3)]),
]


@pytest.mark.parametrize(("text", "expected"), MULTI, ids=[m[0][:40] for m in MULTI])
def test_multi(text: str, expected: list[tuple[str, str, str, float]]) -> None:
    qs = parse_quantities(text)
    check_spans(text, qs)
    got = [(q.text, q.kind, q.unit, q.value) for q in qs]
    assert got == [(s, k, u, approx(v)) for s, k, u, v in expected]


SKIP = [
    "$110,00", "1,0000 people", "paid 1,23 euros", "#23-26", "15:49:30", "2018-05-22",
    "Series C+ funding", "the B1 round", "the G7 summit", "a 4G network", "MP3 players",
    "the COVID-19 pandemic", "c171207c.html", "Most popular in 24h", "PhD ’96",
    "call +86 10 8888 6666", "call (020) 7946 0018",
    "see http://news.mit.edu/2018/mit-sensetime-announce-effort", "one of the first",
    "on October 16th", "a great one-two",
    "the world number 60", "the PlayStation 3", "one-off gains", "version 1.4.2",
    "no one knows", "at 10:30am", "on 22/05/2018", "in the Six Nations", "",
    "It was a good year.", "a resolution of 2048 * 1080", "a 3 x 4 grid",
    "By 1700 GMT", "from 6 to 9 January", "profits rose to 200m last year",
]


@pytest.mark.parametrize("text", SKIP)
def test_skipped(text: str) -> None:
    assert parse_quantities(text) == ()


# --------------------------------------------------------------------------- equivalences

def test_million_abbreviation_equivalent() -> None:
    a, b = only("1.4m workers"), only("1.4 million workers")
    assert (a.value, a.low, a.high, a.unit) == (b.value, b.low, b.high, b.unit)


def test_bn_equals_thousand_million() -> None:
    a, b = only("$1.5bn"), only("$1,500 million")
    assert a.value == approx(b.value) and a.unit == b.unit == "USD"
    assert a.overlaps(b) and b.overlaps(a)


def test_dollar_spellings_equivalent() -> None:
    qs = [only(t) for t in ("US$3 billion", "USD $3 billion", "$3 billion", "3 billion dollars",
                            "3bn US dollars")]
    for q in qs:
        assert q.value == approx(3e9) and q.unit == "USD" and q.kind == "money"
        assert all(q.overlaps(other) for other in qs)


def test_qualifier_semantics() -> None:
    plain, about = only("$3 billion"), only("about $3 billion")
    more, over = only("more than US$3 billion"), only("over $4.5 billion")
    assert about.overlaps(plain)
    assert more.overlaps(over)
    assert not plain.overlaps(over)
    assert only("up to $2bn").overlaps(only("$1bn"))
    assert not only("less than $1bn").overlaps(only("$2bn"))


def test_series_c_plus_is_not_a_quantity() -> None:
    qs = parse_quantities("SenseTime raises US$620 million in Series C+ funding")
    assert [q.text for q in qs] == ["US$620 million"]
    assert all("C+" not in q.text for q in qs)


# --------------------------------------------------------------------------- real sentences

def test_sensetime_financing() -> None:
    text = ("SenseTime now enjoys a total financing of more than US$1.6 billion and a valuation "
            "of over US$4.5 billion, maintaining its position")
    qs = parse_quantities(text)
    check_spans(text, qs)
    assert [(q.kind, q.unit, q.qualifier, q.high) for q in qs] == [
        ("money", "USD", "over", INF), ("money", "USD", "over", INF)]
    assert [q.value for q in qs] == [approx(1.6e9), approx(4.5e9)]
    assert qs[0].text == "more than US$1.6 billion" and qs[1].text == "over US$4.5 billion"


def test_timewarner() -> None:
    text = ("Quarterly profits at US media giant TimeWarner jumped 76% to $1.13bn (£600m) for the "
            "three months to December, from $639m year-earlier.")
    qs = parse_quantities(text)
    check_spans(text, qs)
    picked = [(q.kind, q.unit, q.value) for q in qs if q.kind in ("money", "percent")]
    assert picked == [("percent", "%", approx(76)), ("money", "USD", approx(1.13e9)),
                      ("money", "GBP", approx(6e8)), ("money", "USD", approx(6.39e8))]


def test_founded_year() -> None:
    qs = parse_quantities("Founded in 2014, the Chinese startup is currently working with brands")
    assert [(q.text, q.kind, q.unit, q.value, q.low, q.high) for q in qs] == [
        ("2014", "year", "year", 2014, 2014, 2014)]


def test_people_and_mobiles() -> None:
    text = ("Thanks to him, SenseTime now provides 400 million people with Face ID, and 100 "
            "million+ mobiles with technological supports.")
    qs = parse_quantities(text)
    check_spans(text, qs)
    assert [(q.value, q.unit, q.kind, q.qualifier) for q in qs] == [
        (approx(4e8), "people", "count", ""), (approx(1e8), "mobile", "count", "at_least")]


def test_since_the_1950s() -> None:
    text = "the university has been at the frontier of intelligence research since the 1950s"
    (q,) = parse_quantities(text)
    assert (q.text, q.kind, q.unit, q.low, q.high) == ("1950s", "decade", "decade", 1950, 1959)


# --------------------------------------------------------------------------- properties

CURRENCIES = [("$", "USD"), ("US$", "USD"), ("USD $", "USD"), ("£", "GBP"), ("€", "EUR"),
              ("HK$", "HKD"), ("RMB ", "CNY"), ("¥", "JPY")]
SCALES = [("", 1.0), (" thousand", 1e3), (" million", 1e6), (" billion", 1e9),
          (" trillion", 1e12), ("bn", 1e9), (" bn", 1e9), ("m", 1e6), ("k", 1e3), ("b", 1e9),
          ("mn", 1e6), ("tn", 1e12)]


@settings(max_examples=300, deadline=None)
@given(n=st.integers(0, 10**10), decimals=st.integers(0, 3), cur=st.sampled_from(CURRENCIES),
       scale=st.sampled_from(SCALES))
def test_money_round_trip(n: int, decimals: int, cur: tuple[str, str],
                          scale: tuple[str, float]) -> None:
    figure = f"{n / 10**decimals:,.{decimals}f}"
    surface = f"{cur[0]}{figure}{scale[0]}"
    text = f"Revenue reached {surface} last year."
    qs = parse_quantities(text)
    check_spans(text, qs)
    expected = float(figure.replace(",", "")) * scale[1]
    if expected > 1e15:  # beyond plausibility: no figure, a rejection to report
        assert qs == () and [r.text for r in rejected_figures(text)] == [surface]
        return
    assert len(qs) == 1
    (q,) = qs
    assert q.text == surface and (q.kind, q.unit) == ("money", cur[1])
    assert q.value == approx(expected)
    assert q.low <= expected <= q.high
    assert q.high - q.low <= 0.98 * expected * (1 + 1e-9) + 1e-6


@settings(max_examples=200, deadline=None)
@given(n=st.integers(2, 10**9))
def test_count_round_trip(n: int) -> None:
    text = f"The firm hired {n:,} workers last year."
    (q,) = parse_quantities(text)
    assert (q.text, q.value, q.unit, q.kind) == (f"{n:,}", n, "worker", "count")
    assert q.low <= n <= q.high


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_never_raises_on_any_text(text: str) -> None:
    qs = parse_quantities(text)
    check_spans(text, qs)


TOKENS = ["0", "1", "2", "5", "9", "10", "2017", "1950", ",", ".", "$", "US$", "£", "€", "%",
          "+", "-", "–", "?", " ", " ", " ", "m", "bn", "k", "s", "'s", "’s", " million",
          " billion", " per cent", " between ", " and ", " to ", "about ", "over ", "up to ",
          "one", "two", "twenty-", "seven", " hundred", "a ", "dozen", "dozens of ", "half ",
          "thousands", " people", " workers", " of ", "July ", "#", ":", "/", "B", "x", "\n"]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(TOKENS), max_size=25).map("".join))
def test_invariants_on_number_soup(text: str) -> None:
    qs = parse_quantities(text)
    check_spans(text, qs)
    for q in qs:
        assert q.low <= q.value <= q.high
        assert q.low >= 0 or q.kind == "temperature"
        assert q.kind in ("money", "percent", "count", "year", "decade", "number", "rate",
                          "ordinal", "fraction", "multiple", "score", "points", "length",
                          "duration", "mass", "temperature", "data")
        assert q.qualifier in ("", "about", "over", "at_least", "under", "at_most", "nearly",
                               "range")
        assert q.kind not in ("percent", "number") or q.unit in ("", "%")


@pytest.mark.parametrize("text, unit, kind", [
    ("350 pounds of cement", "kg", "mass"),  # a weight, from EQUATE
    ("He paid 50 pounds for it", "GBP", "money"),
    ("12 buses left the depot", "bus", "count"),
    ("3 loaves of bread", "loaf", "count"),
    ("40 houses were built", "house", "count"),
])
def test_quantities_weights_and_plurals(text, unit, kind):
    (q,) = parse_quantities(text)
    assert (q.unit, q.kind) == (unit, kind)
