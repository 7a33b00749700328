"""Money: currency prefixes and words, scale words, pence and cents, rates, thresholds."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from factcheck.extract.quantities import parse_quantities, rejected_figures

from ..conftest import examples
from .cases import INF, Figure, Form, approx, check_spans, expect, expect_form, form, ids, read

FORMS: list[Form] = [
    ("$410 million", 4.1e8, 4.051e8, 4.149e8, "USD", "money", ""),
    ("US$4.5 billion", 4.5e9, 4.451e9, 4.549e9, "USD", "money", ""),
    ("USD $2 billion", 2e9, 1.7e9, 2.3e9, "USD", "money", ""),
    ("USD $15.7 trillion", 1.57e13, 1.5651e13, 1.5749e13, "USD", "money", ""),
    ("$1.5bn", 1.5e9, 1.451e9, 1.549e9, "USD", "money", ""),
    ("$1,500 million", 1.5e9, 1.451e9, 1.549e9, "USD", "money", ""),
    ("£800m", 8e8, 7.51e8, 8.49e8, "GBP", "money", ""),
    ("$1.13bn (£600m)", 1.13e9, 1.1251e9, 1.1349e9, "USD", "money", ""),
    ("$639m", 6.39e8, 6.3851e8, 6.3949e8, "USD", "money", ""),
    ("$50k", 5e4, 4.51e4, 5.49e4, "USD", "money", ""),
    ("$ 29.3 mil", 2.93e7, 2.9251e7, 2.9349e7, "USD", "money", ""),  # a headline's abbreviation
    ("$2.1 bil", 2.1e9, 2.051e9, 2.149e9, "USD", "money", ""),
    ("$3b", 3e9, 2.55e9, 3.45e9, "USD", "money", ""),
    ("more than US$3 billion", 3e9, 3e9, INF, "USD", "money", "over"),
    ("almost 30m euros", 3e7, 2.7e7, 3e7, "EUR", "money", "nearly"),
    ("2.5bn euros", 2.5e9, 2.451e9, 2.549e9, "EUR", "money", ""),
    ("€5m", 5e6, 4.51e6, 5.49e6, "EUR", "money", ""),
    ("¥100 billion", 1e11, 8.5e10, 1.15e11, "JPY", "money", ""),
    ("RMB 1 billion", 1e9, 8.5e8, 1.15e9, "CNY", "money", ""),
    ("HK$3 billion", 3e9, 2.55e9, 3.45e9, "HKD", "money", ""),
    ("A$5m", 5e6, 4.51e6, 5.49e6, "AUD", "money", ""),
    ("C$2bn", 2e9, 1.7e9, 2.3e9, "CAD", "money", ""),
    ("Rs 500 crore", 5e9, 4.51e9, 5.49e9, "INR", "money", ""),
    ("410 million dollars", 4.1e8, 4.051e8, 4.149e8, "USD", "money", ""),
    ("3 billion yuan", 3e9, 2.55e9, 3.45e9, "CNY", "money", ""),
    ("20m pounds", 2e7, 1.7e7, 2.3e7, "GBP", "money", ""),
    ("a billion dollars", 1e9, 8.5e8, 1.15e9, "USD", "money", ""),
    ("billions of dollars", 2e9, 2e9, 1e12 - 1, "USD", "money", "about"),
    ("$410 ?million", 4.1e8, 4.051e8, 4.149e8, "USD", "money", ""),
]


@pytest.mark.parametrize(("text", "value", "low", "high", "unit", "kind", "qualifier"), FORMS,
                         ids=ids(FORMS))
def test_form(text: str, value: float, low: float, high: float, unit: str, kind: str,
              qualifier: str) -> None:
    assert form(text) == expect_form(value, low, high, unit, kind, qualifier)


CASES: list[tuple[str, list[Figure]]] = [
    # pence and cents are money
    ("shares closed at 873p, up", [("873p", "money", "GBP", 8.73, "")]),
    ("up four pence at 274.5 pence", [("four pence", "money", "GBP", 0.04, ""),
                                      ("274.5 pence", "money", "GBP", 2.745, "")]),
    ("crude fell 32 cents to $51.43 a barrel",
     [("32 cents", "money", "USD", 0.32, ""), ("$51.43 a barrel", "rate", "USD/barrel", 51.43, "")]),
    ("a dividend of 70 euro cents", [("70 euro cents", "money", "EUR", 0.70, "")]),
    ("lost 65 Canadian cents", [("65 Canadian cents", "money", "CAD", 0.65, "")]),
    ("rapper 50 Cent said", [("50", "number", "", 50, "")]),
    ("Shares fell 12p to 240p.", [("12p", "money", "GBP", 0.12, ""), ("240p", "money", "GBP", 2.4, "")]),
    # rates: money per something
    ("an offer of 950p a share", [("950p a share", "rate", "GBP/share", 9.5, "")]),
    ("1.28p per litre", [("1.28p per litre", "rate", "GBP/litre", 0.0128, "")]),
    ("£57 a week", [("£57 a week", "rate", "GBP/week", 57, "")]),
    ("between $40 and $50 an ounce", [("between $40 and $50 an ounce", "rate", "USD/ounce", 45,
                                       "range")]),
    ("earnings of $1.48 to $1.52 per share",
     [("$1.48 to $1.52 per share", "rate", "USD/share", 1.5, "range")]),
    ("from a profit of $133m a year ago", [("$133m", "money", "USD", 133e6, "")]),
    ("two or three pounds per month", [("two", "number", "", 2, ""),
                                       ("three pounds per month", "rate", "GBP/month", 3, "")]),
    ("A ticket costs $20 a night.", [("$20 a night", "rate", "USD/night", 20, "")]),
    ("Wages rose to £9.50 an hour.", [("£9.50 an hour", "rate", "GBP/hour", 9.5, "")]),
    # currencies by name or code
    ("9.5bn kronor", [("9.5bn kronor", "money", "SEK", 9.5e9, "")]),
    ("a 418bn-rand budget", [("418bn-rand", "money", "ZAR", 418e9, "")]),
    ("Australian dollars 648m", [("Australian dollars 648m", "money", "AUD", 648e6, "")]),
    ("1bn Swiss francs", [("1bn Swiss francs", "money", "CHF", 1e9, "")]),
    ("sales of 36bn kroner", [("36bn kroner", "money", "DKK", 36e9, "")]),
    ("CHF 30m and SEK 2bn", [("CHF 30m", "money", "CHF", 30e6, ""), ("SEK 2bn", "money", "SEK", 2e9, "")]),
    ("24.2 trillion pesos", [("24.2 trillion", "count", "peso", 24.2e12, "")]),  # which peso?
    ("It cost Rs 2 lakh.", [("Rs 2 lakh", "money", "INR", 2e5, "")]),
    ("It earned 500,000 rupees.", [("500,000 rupees", "money", "INR", 5e5, "")]),
    ("The deal was worth US$ 2.5 billion.", [("US$ 2.5 billion", "money", "USD", 2.5e9, "")]),
    ("The club paid £35m for the striker.", [("£35m", "money", "GBP", 35e6, "")]),
    ("The fine was €1.2bn.", [("€1.2bn", "money", "EUR", 1.2e9, "")]),
    ("He paid 50 pounds for it", [("50 pounds", "money", "GBP", 50, "")]),
    # thresholds
    ("above the $50 mark", [("above the $50", "money", "USD", 50, "over")]),
    ("Oil rose above the $100 mark.", [("above the $100", "money", "USD", 100, "over")]),
    # "C $600m" is no Canadian dollar: a prefix letter counts only when glued
    ("raised in its Series C $600 million round", [("$600 million", "money", "USD", 6e8, "")]),
]


@pytest.mark.parametrize(("text", "expected"), CASES, ids=ids(CASES))
def test_reads(text: str, expected: list[Figure]) -> None:
    assert read(text) == expect(expected)


def test_bn_equals_thousand_million() -> None:
    (a,), (b,) = parse_quantities("$1.5bn"), parse_quantities("$1,500 million")
    assert a.value == approx(b.value) and a.unit == b.unit == "USD"
    assert a.overlaps(b) and b.overlaps(a)


def test_dollar_spellings_equivalent() -> None:
    qs = [parse_quantities(t)[0] for t in ("US$3 billion", "USD $3 billion", "$3 billion",
                                           "3 billion dollars", "3bn US dollars")]
    for q in qs:
        assert q.value == approx(3e9) and q.unit == "USD" and q.kind == "money"
        assert all(q.overlaps(other) for other in qs)


def test_pence_and_pounds_are_one_money() -> None:
    (p,), (gbp,) = parse_quantities("138p"), parse_quantities("£1.38")
    assert (p.kind, p.unit) == (gbp.kind, gbp.unit) == ("money", "GBP")
    assert p.overlaps(gbp) and p.value == approx(1.38)
    assert p.high - p.low == pytest.approx(0.0098)  # rounding of 138p is half a penny, not 49p


def test_rate_is_not_a_total() -> None:
    (rate,), (total,) = parse_quantities("$41.32 a barrel"), parse_quantities("$41.32")
    assert (rate.kind, rate.unit) == ("rate", "USD/barrel")
    assert (total.kind, total.unit) == ("money", "USD")


def test_series_c_plus_is_not_a_quantity() -> None:
    qs = parse_quantities("SenseTime raises US$620 million in Series C+ funding")
    assert [q.text for q in qs] == ["US$620 million"]


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


CURRENCIES = [("$", "USD"), ("US$", "USD"), ("USD $", "USD"), ("£", "GBP"), ("€", "EUR"),
              ("HK$", "HKD"), ("RMB ", "CNY"), ("¥", "JPY")]
SCALES = [("", 1.0), (" thousand", 1e3), (" million", 1e6), (" billion", 1e9),
          (" trillion", 1e12), ("bn", 1e9), (" bn", 1e9), ("m", 1e6), ("k", 1e3), ("b", 1e9),
          ("mn", 1e6), ("tn", 1e12)]


@settings(max_examples=examples(300), deadline=None)
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
    (q,) = qs
    assert q.text == surface and (q.kind, q.unit) == ("money", cur[1])
    assert q.value == approx(expected)
    assert q.low <= expected <= q.high
    assert q.high - q.low <= 0.98 * expected * (1 + 1e-9) + 1e-6
