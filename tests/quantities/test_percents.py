"""Percentages and percentage points."""

from __future__ import annotations

import pytest

from .cases import Figure, Form, expect, expect_form, form, ids, read

FORMS: list[Form] = [
    ("13%", 13, 12.51, 13.49, "%", "percent", ""),
    ("400%", 400, 351, 449, "%", "percent", ""),
    ("13 per cent", 13, 12.51, 13.49, "%", "percent", ""),
    ("13 percent", 13, 12.51, 13.49, "%", "percent", ""),
    ("13 pc of them", 13, 12.51, 13.49, "%", "percent", ""),
    ("less than 5%", 5, 0, 5, "%", "percent", "under"),
]


@pytest.mark.parametrize(("text", "value", "low", "high", "unit", "kind", "qualifier"), FORMS,
                         ids=ids(FORMS))
def test_form(text: str, value: float, low: float, high: float, unit: str, kind: str,
              qualifier: str) -> None:
    assert form(text) == expect_form(value, low, high, unit, kind, qualifier)


CASES: list[tuple[str, list[Figure]]] = [
    ("Inflation rose to 3.2%.", [("3.2%", "percent", "%", 3.2, "")]),
    ("The jobless rate is 5 per cent.", [("5 per cent", "percent", "%", 5, "")]),
    ("growth of minus 0.3%", [("minus 0.3%", "percent", "%", -0.3, "")]),
    ("shares were down 3% today", [("3%", "percent", "%", 3, "")]),  # a fall stays a fall
    ("up 0.3 percentage points from", [("0.3 percentage points", "points", "pp", 0.3, "")]),
    ("a cut of 50 basis points", [("50 basis points", "points", "pp", 0.5, "")]),
    ("Rates rose by 25 basis points.", [("25 basis points", "points", "pp", 0.25, "")]),
    ("Turnout fell 3 percentage points.", [("3 percentage points", "points", "pp", 3, "")]),
    ("by a quarter of a percentage point", [("a quarter of a percentage point", "points", "pp",
                                             0.25, "")]),
]


@pytest.mark.parametrize(("text", "expected"), CASES, ids=ids(CASES))
def test_reads(text: str, expected: list[Figure]) -> None:
    assert read(text) == expect(expected)
