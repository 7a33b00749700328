"""Mentions built from hand-made claims: dimensions, what is skipped, and the features kept."""

from __future__ import annotations

import pytest

from factcheck.extract.mentions import dimension, measure, mentions

from .helpers import article, claim


@pytest.mark.parametrize("text, dim", [
    ("It raised $5m.", "money:USD"),
    ("It raised £5m.", "money:GBP"),
    ("Sales rose 13%.", "percent"),
    ("It has 400 customers.", "count:customer"),
    ("It has 400 million users.", "count:user"),
    ("They won three gold medals.", "count:gold medal"),
    ("It took three years.", None),  # a span of time is no figure anyone reports differently
    ("It was 42.", None),  # a bare number
])
def test_mentions_dimension(text, dim):
    c = claim(text)
    assert dimension(c.quantities[0], c.text) == dim


def test_mentions_400_customers_users_and_growth_are_three_dimensions():
    dims = {dimension(claim(t).quantities[0], t) for t in
            ("It has 400 customers.", "It has 400 million users.", "Revenue grew 400%.")}
    assert len(dims) == 3


def test_mentions_skip_bare_years_and_bracketed_conversions():
    c = claim("In 2004 profits rose to $1.13bn (£600m).")
    ms = mentions([c], {c.article_id: article(c.text, c.article_id)})
    assert [m.quantity.text for m in ms] == ["$1.13bn"]


def test_mentions_carry_their_claim_figure_and_date():
    art = article("SenseTime raised $600 million in its Series C round.", "a.txt#2", date="2018-05-01")
    c = claim(art.text, art.id)
    (m,) = mentions([c], {art.id: art})
    assert m.claim is c and m.quantity.text == "$600 million" and m.index == 0
    assert (m.article_id, m.article_path, m.article_record, m.date) == ("a.txt#2", "a.txt", 2, "2018-05-01")
    assert m.round == "C" and m.role == "funding" and m.subjects == frozenset({"sensetime"})
    assert "[MONEY]" in m.window and "$600 million" not in m.window


def test_mentions_sentence_date_wins_over_the_articles():
    art = article("It was valued at $3bn in December.", date="2018-05-01")
    c = claim(art.text, art.id, date="2017-12")
    (m,) = mentions([c], {art.id: art})
    assert m.date == "2017-12"


def test_mentions_measure_in_words():
    assert measure("money:USD", "valuation", None, False, "valuation") == "valuation (USD)"
    assert measure("money:USD", "funding", "C", True, "funding") == "total funding, Series C (USD)"
    assert measure("money:GBP", "valuation", None, False, None) == "amount (GBP)"  # the words say too little
    assert measure("count:user", None, None, False) == "user"


@pytest.mark.parametrize("text, label", [
    ("Heavy spending has pushed the budget deficit to a record $427bn.", "budget deficit (USD)"),
    ("The deal valued SenseTime at over $4.5 billion.", "valuation (USD)"),
    ("The UK market for games was worth a record £1,152m in 2003.", "amount (GBP)"),
    ("It paid $5m for the firm.", "amount (USD)"),
    ("Annual sales reached £3bn.", "annual sales (GBP)"),
])
def test_mentions_measure_is_named_in_the_passages_own_words(text, label):
    c = claim(text)
    (m,) = mentions([c], {c.article_id: article(text, c.article_id)})
    assert m.measure == label


def test_mentions_a_figure_dated_in_its_own_clause_keeps_that_date():
    text = ("There were 922 cases of fraud in EU funds in the UK in 2003, worth £38.5m, "
            "up from 831 cases worth £35.7m in 2002.")
    c = claim(text, date="2003")
    dates = {m.quantity.text: m.date for m in mentions([c], {c.article_id: article(text, c.article_id)})}
    assert dates["£38.5m"] == "2003" and dates["£35.7m"] == "2002"
