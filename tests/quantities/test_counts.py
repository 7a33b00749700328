"""Counts and numbers: figures in digits or words, vague plurals, the counted noun."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from factcheck.extract.quantities import parse_quantities

from ..conftest import examples
from .cases import INF, Figure, Form, expect, expect_form, form, ids, read

FORMS: list[Form] = [
    ("1.4m workers", 1.4e6, 1.351e6, 1.449e6, "worker", "count", ""),
    ("1.4 million workers", 1.4e6, 1.351e6, 1.449e6, "worker", "count", ""),
    ("8,000 GPUs", 8000, 7510, 8490, "gpu", "count", ""),
    ("464,000 subscribers", 464000, 463510, 464490, "subscriber", "count", ""),
    ("600", 600, 551, 649, "", "number", ""),
    ("100 million+ mobiles", 1e8, 1e8, INF, "mobile", "count", "at_least"),
    ("400 million people", 4e8, 3.51e8, 4.49e8, "people", "count", ""),
    ("400 customers", 400, 351, 449, "customer", "count", ""),
    ("10+ years", 10, 10, INF, "year", "count", "at_least"),
    ("two", 2, 1.7, 2.3, "", "number", ""),
    ("five departments", 5, 4.51, 5.49, "department", "count", ""),
    ("twenty-seven projects", 27, 26.51, 27.49, "project", "count", ""),
    ("one hundred leaders", 100, 85, 115, "leader", "count", ""),
    ("one million people", 1e6, 8.5e5, 1.15e6, "people", "count", ""),
    ("a dozen firms", 12, 11.51, 12.49, "firm", "count", ""),
    ("more than a dozen firms", 12, 12, INF, "firm", "count", "over"),
    ("dozens of companies", 24, 24, 99, "company", "count", "about"),
    ("hundreds of jobs", 200, 200, 999, "job", "count", "about"),
    ("thousands of people", 2000, 2000, 999999, "people", "count", "about"),
    ("millions of users", 2e6, 2e6, 999999999, "user", "count", "about"),
    ("tens of thousands of fans", 20000, 20000, 99999, "fan", "count", "about"),
    ("half a million", 5e5, 4.51e5, 5.49e5, "", "number", ""),
    ("a hundred people", 100, 85, 115, "people", "count", ""),
]


@pytest.mark.parametrize(("text", "value", "low", "high", "unit", "kind", "qualifier"), FORMS,
                         ids=ids(FORMS))
def test_form(text: str, value: float, low: float, high: float, unit: str, kind: str,
              qualifier: str) -> None:
    assert form(text) == expect_form(value, low, high, unit, kind, qualifier)


CASES: list[tuple[str, list[Figure]]] = [
    ("MIT announced that the two would fund 27 projects across the school's five departments.",
     [("two", "number", "", 2, ""), ("27", "count", "project", 27, ""),
      ("five", "count", "department", 5, "")]),
    ("Thanks to him, SenseTime now provides 400 million people with Face ID, and 100 "
     "million+ mobiles with technological supports.",
     [("400 million", "count", "people", 4e8, ""), ("100 million+", "count", "mobile", 1e8, "at_least")]),
    ("Twelve people were hurt.", [("Twelve", "count", "people", 12, "")]),
    # a noun in scare quotes is still the noun counted; a quoted function word is not
    ('State television said three "terrorists" and a policeman were killed.', [("three", "count", "terrorist", 3, "")]),
    ("Police held 12 “rioters”.", [("12", "count", "rioter", 12, "")]),
    ('He said 3 "the" things.', [("3", "number", "", 3, "")]),
    ("nearly a half-trillion dollars in spending", [("nearly a half-trillion dollars", "money", "USD", 5e11, "nearly")]),
    ("A half million people marched.", [("A half million", "count", "people", 5e5, "")]),
    ("A half-dozen agents came, then half a dozen more.", [("A half-dozen", "count", "agent", 6, ""), ("half a dozen", "number", "", 6, "")]),
    # a bare number counts people by its verb
    ("The blast killed two and wounded 30 in the north.",
     [("two", "count", "people", 2, ""), ("30", "count", "people", 30, "")]),
    ("Six of those arrested are Klan supporters; police arrested 12 on Saturday, and he sold 12.",
     [("Six", "count", "people", 6, ""), ("12", "count", "people", 12, ""), ("12", "number", "", 12, "")]),
    ("Police killed two of the gunmen; five specimens were kept.",
     [("two", "count", "gunman", 2, ""), ("five", "count", "specimen", 5, "")]),
    ("PHILADELPHIA (Reuters) - Eight people were hurt.", [("Eight", "count", "people", 8, "")]),
    ("LONDON — Three firms bid; the Six Nations went on.", [("Three", "count", "firm", 3, "")]),
    ("The firm employs 4,500 staff.", [("4,500", "count", "staff", 4500, "")]),
    ("Hundreds of fans queued.", [("Hundreds", "count", "fan", 200, "about")]),
    ("Some 40 countries signed.", [("Some 40", "count", "country", 40, "about")]),
    ("One firm pulled out.", [("One", "count", "firm", 1, "")]),
    ("three and a half years", [("three and a half", "count", "year", 3.5, "")]),
    ("tens of millions of viewers", [("tens of millions", "count", "viewer", 2e7, "about")]),
    ("CES runs from 6 to 9 January and showcases more than 50,000 new gadgets",
     [("more than 50,000", "count", "gadget", 50000, "over")]),
    ("unemployment rose 32,000 to 1.41 million",
     [("32,000", "number", "", 32000, ""), ("1.41 million", "number", "", 1.41e6, "")]),
    ("12 buses left the depot", [("12", "count", "bus", 12, "")]),
    ("3 loaves of bread", [("3", "count", "loaf", 3, "")]),
    ("40 houses were built", [("40", "count", "house", 40, "")]),
    # number words that are no figure
    ("No one was hurt.", []),
    ("one of the first", []),
    ("a great one-two", []),
    ("one-off gains", []),
    ("in the Six Nations", []),
    ("The Group of Eight met.", []),
]


@pytest.mark.parametrize(("text", "expected"), CASES, ids=ids(CASES))
def test_reads(text: str, expected: list[Figure]) -> None:
    assert read(text) == expect(expected)


def test_million_abbreviation_equivalent() -> None:
    (a,), (b,) = parse_quantities("1.4m workers"), parse_quantities("1.4 million workers")
    assert (a.value, a.low, a.high, a.unit) == (b.value, b.low, b.high, b.unit)


@settings(max_examples=examples(200), deadline=None)
@given(n=st.integers(2, 10**9))
def test_count_round_trip(n: int) -> None:
    text = f"The firm hired {n:,} workers last year."
    (q,) = parse_quantities(text)
    assert (q.text, q.value, q.unit, q.kind) == (f"{n:,}", n, "worker", "count")
    assert q.low <= n <= q.high
