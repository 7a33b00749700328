"""Ranges (value the midpoint, the shared scale and unit of the second bound) and scores (first +
second / 1000); betting odds and reversed ranges are no figure."""

from __future__ import annotations

import pytest

from factcheck.extract.quantities import parse_quantities, rejected_figures, score_sides

from .cases import Figure, Form, expect, expect_form, form, ids, read

FORMS: list[Form] = [
    ("$2-3bn", 2.5e9, 1.51e9, 3.49e9, "USD", "money", "range"),
    ("between $2bn and $3bn", 2.5e9, 1.51e9, 3.49e9, "USD", "money", "range"),
    ("2 to 3 million", 2.5e6, 1.51e6, 3.49e6, "", "number", "range"),
    ("10-15%", 12.5, 5.1, 15.49, "%", "percent", "range"),
    ("between 10 and 15 per cent", 12.5, 5.1, 15.49, "%", "percent", "range"),
    ("10 to 15 years", 12.5, 5.1, 15.49, "year", "count", "range"),
]


@pytest.mark.parametrize(("text", "value", "low", "high", "unit", "kind", "qualifier"), FORMS,
                         ids=ids(FORMS))
def test_form(text: str, value: float, low: float, high: float, unit: str, kind: str,
              qualifier: str) -> None:
    assert form(text) == expect_form(value, low, high, unit, kind, qualifier)


CASES: list[tuple[str, list[Figure]]] = [
    # ranges
    ("valued at $2-3bn.", [("$2-3bn", "money", "USD", 2.5e9, "range")]),
    ("$3-$5 billion", [("$3-$5 billion", "money", "USD", 4e9, "range")]),
    ("It costs $10-$20m.", [("$10-$20m", "money", "USD", 15e6, "range")]),
    ("10-15km away", [("10-15km", "length", "m", 12500, "range")]),
    ("temperatures of 10-15C", [("10-15C", "temperature", "C", 12.5, "range")]),
    ("Prices rose 5-10%.", [("5-10%", "percent", "%", 7.5, "range")]),
    ("between 20 and 30 people", [("between 20 and 30", "count", "people", 25, "range")]),
    ("It will take 3-5 years.", [("3-5", "count", "year", 4, "range")]),
    ("over the next 12-18 months", [("12-18", "count", "month", 15, "range")]),
    ("Boeing 737-800 planes", [("737-800", "count", "plane", 768.5, "range")]),
    # no range: a change, a percentage and an amount
    ("from 2 to 3 million", [("2", "number", "", 2, ""), ("3 million", "number", "", 3e6, "")]),
    ("from 10 to 20 people", [("10", "number", "", 10, ""), ("20", "count", "people", 20, "")]),
    ("sales rose 2% to $11.1bn from $10.9bn.",
     [("2%", "percent", "%", 2, ""), ("$11.1bn", "money", "USD", 1.11e10, ""),
      ("$10.9bn", "money", "USD", 1.09e10, "")]),
    ("rose 4% to 36bn kroner", [("4%", "percent", "%", 4, ""), ("36bn kroner", "money", "DKK", 36e9, "")]),
    # scores
    ("a 3-1 win", [("3-1", "score", "", 3.001, "")]),
    # a vote's tally is a score; "N to M" only right after a vote's words
    ("The council approved the plan 7-2 on Tuesday.", [("7-2", "score", "", 7.002, "")]),
    ("The bill passed by a vote of 219 to 212.", [("219 to 212", "score", "", 219.212, "")]),
    ("They voted to raise it from 5 to 7 percent.", [("5", "number", "", 5, ""), ("7 percent", "percent", "%", 7, "")]),
    ("a 3-1 win over Chelsea", [("3-1", "score", "", 3.001, "")]),
    ("Chelsea won 2-0 at home.", [("2-0", "score", "", 2, "")]),
    ("They drew 1-1.", [("1-1", "score", "", 1.001, "")]),
    ("The States lost 39-31 against France", [("39-31", "score", "", 39.031, "")]),
    ("6-3 3-6 6-3", [("6-3", "score", "", 6.003, ""), ("3-6", "score", "", 3.006, ""),
                     ("6-3", "score", "", 6.003, "")]),
    ("She won 6-4 6-2.", [("6-4", "score", "", 6.004, ""), ("6-2", "score", "", 6.002, "")]),
    ("levelled the scores at 27-27", [("27-27", "score", "", 27.027, "")]),
    ("Agassi was serving at 5-6 down in the first set", [("5-6", "score", "", 5.006, "")]),
    # betting odds
    ("Bez is now 2-1 favourite", []),
    ("Happy Mondays dancer Bez is now 2-1 favourite", []),
    ("Bez is the favourite, followed by Kenzie at 5-2 and Jeremy Edwards at 4-1", []),
]


@pytest.mark.parametrize(("text", "expected"), CASES, ids=ids(CASES))
def test_reads(text: str, expected: list[Figure]) -> None:
    assert read(text) == expect(expected)


def test_score_sides() -> None:
    (q,) = parse_quantities("beat them 12-10")
    assert score_sides(q) == (12, 10)
    (q,) = parse_quantities("a 0-0 draw")
    assert score_sides(q) == (0, 0)


@pytest.mark.parametrize(("text", "surface"), [
    ("$3-$2 billion", "$3-$2 billion"),
    ("a 10-5% fall", "10-5%"),
    ("between $5bn and $3bn", "between $5bn and $3bn"),
])
def test_reversed_ranges_are_rejected(text: str, surface: str) -> None:
    assert parse_quantities(text) == ()
    (r,) = rejected_figures(text)
    assert (r.text, r.reason) == (surface, "range low above high")
    assert text[r.start:r.end] == r.text
