"""Ordinals: ranks in words and digits, with the noun they rank; never dates, list markers or
"second" as time."""

from __future__ import annotations

import pytest

from .cases import Figure, expect, ids, read

CASES: list[tuple[str, list[Figure]]] = [
    ("his seventh title", [("seventh", "ordinal", "title", 7, "")]),
    ("in the 86th minute", [("86th", "ordinal", "minute", 86, "")]),
    ("the 21st century", [("21st", "ordinal", "century", 21, "")]),
    ("finished in third place", [("third", "ordinal", "place", 3, "")]),
    ("profits in the third quarter", [("third", "ordinal", "quarter", 3, "")]),
    ("a third term in power", [("third", "ordinal", "term", 3, "")]),
    ("despite a third Six Nations win", [("third", "ordinal", "", 3, "")]),
    ("bidding for a fourth title", [("fourth", "ordinal", "title", 4, "")]),
    ("failed to score a fourth to kill the tie", [("fourth", "ordinal", "", 4, "")]),
    ("his best effort of a fifth-round place", [("fifth", "ordinal", "round", 5, "")]),
    ("it made a third-quarter loss", [("third", "ordinal", "quarter", 3, "")]),
    ("It was his 100th goal for the club.", [("100th", "ordinal", "goal", 100, "")]),
    ("It is the twenty-first year of the festival.", [("twenty-first", "ordinal", "year", 21, "")]),
    ("He won a fifth title.", [("fifth", "ordinal", "title", 5, "")]),
    ("a third consecutive win", [("third", "ordinal", "win", 3, "")]),
    ("It slipped to second place with $17m.", [("second", "ordinal", "place", 2, ""),
                                               ("$17m", "money", "USD", 17e6, "")]),
    ("He won a second term.", [("second", "ordinal", "term", 2, "")]),
    ("The second-largest bank.", [("second", "ordinal", "largest", 2, "")]),
    # no ordinal: dates, list markers, names, "first", "second" as time
    ("on October 16th", []),
    ("On 3rd March the firm said.", []),
    ("Third, we will cooperate", []),
    ("Second, the plan is too costly.", []),
    ("on Fifth Avenue", []),
    ("It was one of the first", []),
    ("It took a second to load.", []),
    ("Wait a second.", []),
    ("It took a split second.", []),
    ("It runs at 30 seconds a lap.", [("30 seconds", "duration", "s", 30, "")]),
]


@pytest.mark.parametrize(("text", "expected"), CASES, ids=ids(CASES))
def test_reads(text: str, expected: list[Figure]) -> None:
    assert read(text) == expect(expected)
