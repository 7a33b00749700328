"""Pair-level judgement and the guards that keep different attributes apart."""

from __future__ import annotations

import math

import pytest

from factcheck.match.decide import guard
from factcheck.match.figures import flag_id, judge
from factcheck.records import Claim, Mention, Quantity

from .helpers import MODEL


def usd(text, value, low, high, qualifier=""):
    return Quantity(text, 0, len(text), value, low, high, "USD", "money", qualifier)


THREE = usd("$3 billion", 3e9, 2.51e9, 3.49e9)
ABOUT_THREE = usd("around $3 billion", 3e9, 2.51e9, 3.49e9 + 0.3e9, "about")
OVER_4_5 = usd("over $4.5 billion", 4.5e9, 4.5e9, math.inf, "over")
OVER_3 = usd("more than US$3 billion", 3e9, 3e9, math.inf, "over")


def mention(article_id="a", **kw):
    claim = Claim("c" + article_id, article_id, "$3 billion", 0, 10, 0, 10, 1, (THREE,))
    base = dict(claim=claim, index=0, article_path=article_id, article_record=1, date=None, dimension="money:USD",
                role=None, total=False, hedged=False, periods=frozenset(), moving=False, round=None,
                times=frozenset(), subjects=frozenset(), window="", measure="amount (USD)")
    base.update(kw)
    return Mention(**base)


@pytest.mark.parametrize("qa, qb, kind", [
    (ABOUT_THREE, THREE, "agree"),  # a qualifier is an interval
    (OVER_3, OVER_4_5, "agree"),  # two lower bounds never contradict
    (THREE, OVER_4_5, "conflict"),
])
def test_judge_undated(qa, qb, kind):
    assert judge(qa, qb, None, None).kind == kind


def test_judge_values_at_different_dates_are_a_change():
    j = judge(ABOUT_THREE, OVER_4_5, "2018-03-01", "2018-05-22", changeable=True, measure="valuation (USD)")
    assert j.kind == "changed"
    assert "2018-03-01" in j.reason and "2018-05-22" in j.reason


def test_judge_same_month_is_a_conflict():
    j = judge(THREE, OVER_4_5, "2018-05-22", "2018-05-31")
    assert j.kind == "conflict" and "do not overlap" in j.reason


def test_judge_fixed_figures_do_not_change_over_time():
    assert judge(THREE, OVER_4_5, "2018-03-01", "2018-05-22", changeable=False).kind == "conflict"


def test_judge_one_side_undated_is_a_conflict_and_says_so():
    j = judge(THREE, OVER_4_5, None, "2018-05-22")
    assert j.kind == "conflict" and "unknown vs 2018-05-22" in j.reason


@pytest.mark.parametrize("a, b, why", [
    (dict(round="C"), dict(round="C+"), "different funding rounds"),
    (dict(dimension="count:customer"), dict(dimension="count:user"), "different units"),
    (dict(dimension="count:user"), dict(dimension="percent"), "different units"),
    (dict(round="C"), dict(round=None), "different funding rounds"),
    (dict(role="valuation"), dict(role="funding"), "different measures"),
    (dict(role="valuation"), dict(role=None), "different measures"),
    (dict(role="funding", total=True), dict(role="funding"), "a running total"),
    (dict(role="funding", hedged=True), dict(role="funding"), "plans, talks and forecasts"),
    (dict(role="funding", hedged=True), dict(role="funding", hedged=True), "plans, talks and forecasts"),
    (dict(periods=frozenset({"quarter"})), dict(periods=frozenset({"year"})), "different spans of time"),
    (dict(times=frozenset({"2004"})), dict(times=frozenset({"2009"})), "different periods"),
    (dict(times=frozenset({"2003"})), dict(times=frozenset({"now"})), "different periods"),
    (dict(times=frozenset({"q3", "2004"})), dict(times=frozenset({"q4"})), "different periods"),
    (dict(subjects=frozenset({"timewarner"})), dict(subjects=frozenset({"disney"})), "different subjects"),
])
def test_guard_keeps_attributes_apart(a, b, why):
    assert why in guard(mention(**a), mention(article_id="b", **b))


@pytest.mark.parametrize("a, b", [
    (dict(round="C+"), dict(round="C+")),
    (dict(role="valuation"), dict(role="valuation")),
    (dict(subjects=frozenset({"sensetime", "alibaba"})), dict(subjects=frozenset({"sensetime"}))),
    (dict(times=frozenset({"2004"})), dict(times=frozenset())),
    (dict(times=frozenset({"2004", "january"})), dict(times=frozenset({"january"}))),
])
def test_guard_lets_same_attribute_through(a, b):
    assert guard(mention(**a), mention(article_id="b", **b)) is None


def test_flag_id_is_symmetric_and_content_derived():
    x = flag_id("a#1", THREE, "b#1", OVER_4_5, "money:USD")
    assert x == flag_id("b#1", OVER_4_5, "a#1", THREE, "money:USD")
    assert x != flag_id("a#1", THREE, "b#2", OVER_4_5, "money:USD")
    assert x.startswith("f") and len(x) == 13


def _count(text, value):
    return Quantity(text, 0, len(text), value, value - 0.49, value + 0.49, "hit", "count")


def _figure(article_id, claim_text, q, index=0):
    c = Claim("c" + article_id, article_id, claim_text, 0, len(claim_text), 0, len(claim_text), 1,
              (_count("eight", 8), _count("three", 3)))
    return mention(article_id=article_id, claim=c, index=index, dimension="count:hit", role=None,
                   subjects=frozenset({"band"}), measure="hit")


def test_decision_pairs_figures_one_to_one_within_two_articles():
    """A story filed twice with "eight top three hits": eight pairs with eight and three with
    three; the cross pairs, similar as they are, are never judged."""
    from factcheck.match.decide import decide_all

    text = "The band had eight top three hits."
    a8, a3 = _figure("a", text, None, 0), _figure("a", text, None, 1)
    b8, b3 = _figure("b", text, None, 0), _figure("b", text, None, 1)
    decisions = decide_all([(a8, b3, 0.97), (a8, b8, 0.98), (a3, b3, 0.98), (a3, b8, 0.97)], model=MODEL)
    kinds = {(d.a.quantity.text, d.b.quantity.text): d.kind for d in decisions}
    assert kinds[("eight", "eight")] == kinds[("three", "three")] == "agree"
    assert kinds[("eight", "three")] == kinds[("three", "eight")] == "paired elsewhere"
    assert not any(d.flag for d in decisions)
