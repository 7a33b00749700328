"""Fractions (value 0..1) and multiples (unit "x"); the fraction words that are ranks or counts."""

from __future__ import annotations

import pytest

from .cases import Figure, expect, ids, read

CASES: list[tuple[str, list[Figure]]] = [
    # fractions
    ("two-thirds of voters", [("two-thirds", "fraction", "", 2 / 3, "")]),
    ("a third of the money", [("a third", "fraction", "", 1 / 3, "")]),
    ("a fourth of all new PCs", [("a fourth", "fraction", "", 0.25, "")]),
    ("three-fourths of voters", [("three-fourths", "fraction", "", 0.75, "")]),
    ("three quarters of staff", [("three quarters", "fraction", "", 0.75, "")]),
    ("more than half of them", [("more than half", "fraction", "", 0.5, "over")]),
    ("less than half of them", [("less than half", "fraction", "", 0.5, "under")]),
    ("Almost half of the staff left.", [("Almost half", "fraction", "", 0.5, "nearly")]),
    ("A quarter of the budget went on wages.", [("A quarter", "fraction", "", 0.25, "")]),
    ("Three-quarters of voters agreed.", [("Three-quarters", "fraction", "", 0.75, "")]),
    ("the elderly nearly a third by 2025", [("nearly a third", "fraction", "", 1 / 3, "nearly"),
                                            ("2025", "year", "year", 2025, "")]),
    # counts of parts, ranks and no figure
    ("in the preceding three quarters", [("three quarters", "count", "quarter", 3, "")]),
    ("three quarter-point rises", [("three", "count", "rise", 3, "")]),
    ("a quarter century", []),
    ("at half-time", []),
    ("He spent half an hour there.", []),
    ("the first half of the year", []),
    ("one and a half million copies", [("one and a half million", "count", "copy", 1.5e6, "")]),
    # multiples
    ("10 times more than", [("10 times", "multiple", "x", 10, "")]),
    ("a tenfold rise", [("tenfold", "multiple", "x", 10, "")]),
    ("a 10-fold rise", [("10-fold", "multiple", "x", 10, "")]),
    ("one-and-a-half times the size", [("one-and-a-half times", "multiple", "x", 1.5, "")]),
    ("oversubscribed 16.2 times, bankers said", [("16.2 times", "multiple", "x", 16.2, "")]),
    ("Profits rose threefold.", [("threefold", "multiple", "x", 3, "")]),
    ("Sales were twice as high.", [("twice", "multiple", "x", 2, "")]),
    ("Demand is 2.5 times higher.", [("2.5 times", "multiple", "x", 2.5, "")]),
    ("he won it three times", [("three", "count", "time", 3, "")]),
]


@pytest.mark.parametrize(("text", "expected"), CASES, ids=ids(CASES))
def test_reads(text: str, expected: list[Figure]) -> None:
    assert read(text) == expect(expected)
