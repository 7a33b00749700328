"""Bracketed currency conversions against the year's rate (factcheck/match/conversions.py)."""

from __future__ import annotations

import pytest

from factcheck.extract.claims import extract
from factcheck.match.conversions import FIRST_YEAR, LAST_YEAR, conversions, inconsistent_conversions, rate
from factcheck.records import Article, Claim


def claim(text: str) -> Claim:
    (c,) = extract(Article(id="A", path="A", record=1, line=1, title="", date=None, text=text))
    return c


def bad(text: str, year: int | None) -> list[tuple[str, str]]:
    c = claim(text)
    return [(c.quantities[x.a_index].text, c.quantities[x.b_index].text) for x in inconsistent_conversions(c, year)]


def test_rates_are_consistent_and_plausible():
    assert rate("USD", "GBP", 2004) == pytest.approx(0.546, rel=0.05)  # $1.83 to the pound
    assert rate("GBP", "USD", 2004) == pytest.approx(1 / rate("USD", "GBP", 2004))
    assert rate("EUR", "GBP", 2004) == pytest.approx(0.68, rel=0.05)
    assert rate("USD", "JPY", 2011) == pytest.approx(79.8, rel=0.05)
    assert rate("USD", "HKD", 1995) == pytest.approx(7.74, rel=0.02)
    assert rate("USD", "GBP", 1900) == rate("USD", "GBP", FIRST_YEAR)  # outside the table: nearest year
    assert rate("USD", "GBP", 2031) == rate("USD", "GBP", LAST_YEAR)


def test_a_conversion_no_rate_allows_is_inconsistent_in_any_year():
    assert bad("The market is set to be worth $2.4 billion (£1.3 million) by 2009.", None) == [
        ("$2.4 billion", "£1.3 million")]
    assert bad("The market is set to be worth $2.4 billion (£1.3 million) by 2009.", 2004) == [
        ("$2.4 billion", "£1.3 million")]


def test_right_conversions_and_their_rounding_pass():
    assert bad("Quarterly profits jumped 76% to $1.13bn (£600m) for the three months to December.", 2004) == []
    assert bad("Dortmund posted a record loss of 68m euros ($89m; £47m) in the 12 months through June.", 2004) == []
    assert bad("A ticket costs $2 (£1).", 2004) == []  # rounding of small figures never triggers it
    assert bad("The fund holds 500m yen ($4.6m) of bonds.", 2004) == []


def test_the_year_decides():
    text = "The deficit reached $671.7bn (£484bn) last year."
    assert bad(text, 2004) == [("$671.7bn", "£484bn")]  # 0.72 pounds per dollar: 2004's was 0.55
    assert bad(text, 2001) == []  # 2001's was 0.69
    assert bad(text, None) == []  # right in some year


def test_every_figure_of_a_bracket_is_checked_and_only_brackets_count():
    c = claim("Loss of 68m euros ($89m; £470m) in June.")
    assert [(c.quantities[i].unit, c.quantities[j].unit) for i, j in conversions(c)] == [("EUR", "USD"), ("EUR", "GBP")]
    assert bad("Loss of 68m euros ($89m; £470m) in June.", 2004) == [("68m euros", "£470m")]
    assert conversions(claim("Sales rose to $5bn from £2bn a year earlier.")) == []
    assert conversions(claim("It paid A$5m (£2m) for the rights.")) == []  # no rate for AUD in the table
    assert bad("The firm raised over $5m (£1m) in June.", 2004) == []  # "over" allows any rate
