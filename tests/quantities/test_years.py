"""Years, decades, and the dates whose day numbers are no figure."""

from __future__ import annotations

import pytest

from .cases import Figure, Form, expect, expect_form, form, ids, read

FORMS: list[Form] = [
    ("in 2017", 2017, 2017, 2017, "year", "year", ""),
    ("since 2014", 2014, 2014, 2014, "year", "year", ""),
    ("2004", 2004, 2004, 2004, "year", "year", ""),
    ("2000 people", 2000, 1700, 2300, "people", "count", ""),
    ("the 1950s", 1950, 1950, 1959, "decade", "decade", ""),
    ("the 1980’s", 1980, 1980, 1989, "decade", "decade", ""),
    ("1980's", 1980, 1980, 1989, "decade", "decade", ""),
]


@pytest.mark.parametrize(("text", "value", "low", "high", "unit", "kind", "qualifier"), FORMS,
                         ids=ids(FORMS))
def test_form(text: str, value: float, low: float, high: float, unit: str, kind: str,
              qualifier: str) -> None:
    assert form(text) == expect_form(value, low, high, unit, kind, qualifier)


CASES: list[tuple[str, list[Figure]]] = [
    ("Founded in 2014, the Chinese startup is working with brands", [("2014", "year", "year", 2014, "")]),
    ("TimeWarner also has to restate 2000 and 2003 results following a probe",
     [("2000", "year", "year", 2000, ""), ("2003", "year", "year", 2003, "")]),
    ("the university has been at the frontier since the 1950s", [("1950s", "decade", "decade", 1950, "")]),
    ("The firm was founded in 1998.", [("1998", "year", "year", 1998, "")]),
    ("During the 1990s the market grew.", [("1990s", "decade", "decade", 1990, "")]),
    ("The 2012 Olympics were in London.", [("2012", "year", "year", 2012, "")]),
    ("Between 2001 and 2005 prices rose.", [("Between 2001 and 2005", "year", "year", 2003, "range")]),
    ("Copyright ©1999-2018 Chinanews.com", [("1999-2018", "year", "year", 2008.5, "range")]),
    ("in the 2017-18 season", [("2017", "year", "year", 2017, "")]),
    ("He was born on 12 May 1970.", [("1970", "year", "year", 1970, "")]),
    ("Beijing, China - July 11, 2017 - SenseTime announced", [("2017", "year", "year", 2017, "")]),
    # a figure in 1800..2100 that counts, or is bounded, is no year
    ("About 1,900 people attended.", [("About 1,900", "count", "people", 1900, "about")]),
    ("more than 2000 staff", [("more than 2000", "count", "staff", 2000, "over")]),
    # dates and times
    ("from 6 to 9 January", []),
    ("on 22/05/2018", []),
    ("2018-05-22 15:49:30China Daily Editor", []),
    ("By 1700 GMT, shares had fallen 3%", [("3%", "percent", "%", 3, "")]),
    ("at 10:30am", []),
    ("Tang Xiao'ou, who is also a PhD '96 MIT alumnus, said", []),
]


@pytest.mark.parametrize(("text", "expected"), CASES, ids=ids(CASES))
def test_reads(text: str, expected: list[Figure]) -> None:
    assert read(text) == expect(expected)
