"""Measurements: units glued or spaced, converted to one base unit per kind; "m" as metres only
in a sentence about sport or size; signed temperatures."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from factcheck.extract.quantities import parse_quantities

from ..conftest import examples
from .cases import Figure, approx, expect, ids, read

CASES: list[tuple[str, list[Figure]]] = [
    ("The 912km pipeline will run", [("912km", "length", "m", 912e3, "")]),
    ("won in 6.46secs, his best", [("6.46secs", "duration", "s", 6.46, "")]),
    ("Patrick Vieira is 6ft 4in and", [("6ft 4in", "length", "m", 76 * 0.0254, "")]),
    ("It can hold 160GB of music", [("160GB", "data", "B", 160e9, "")]),
    ("speeds of 2Mbps", [("2Mbps", "bitrate", "bit/s", 2e6, "")]),
    ("a 3.2GHz chip", [("3.2GHz", "frequency", "Hz", 3.2e9, "")]),
    ("cutting the limit from 80mg", [("80mg", "mass", "kg", 80e-6, "")]),
    ("temperatures of 40C in the shade", [("40C", "temperature", "C", 40, "")]),
    ("It reached 104F in Phoenix", [("104F", "temperature", "C", 40, "")]),
    ("about 20 miles from Lille", [("about 20 miles", "length", "m", 20 * 1609.344, "about")]),
    ("12,900 acres of land", [("12,900 acres", "area", "m2", 12900 * 4046.8564224, "")]),
    ("4.2 million tonnes of grain", [("4.2 million tonnes", "mass", "kg", 4.2e9, "")]),
    ("350 pounds of cement", [("350 pounds", "mass", "kg", 350 * 0.45359237, "")]),
    # pounds of weight: after a weighing verb, or in a compound ("an 18.6-pound laptop"); else money
    ("It weighs 17 pounds, so", [("17 pounds", "mass", "kg", 17 * 0.45359237, "")]),
    ("The 18.6-pound Horizon 27 is big.", [("18.6-pound", "mass", "kg", 18.6 * 0.45359237, "")]),
    ("It weighed 2.5 pounds and cost 40 pounds.", [("2.5 pounds", "mass", "kg", 2.5 * 0.45359237, ""),
                                                   ("40 pounds", "money", "GBP", 40, "")]),
    ("He got a 10-pound fine.", [("10", "money", "GBP", 10, "")]),
    ("a 16-inch monitor", [("16-inch", "length", "m", 16 * 0.0254, "")]),
    ("a 90-minute match", [("90-minute", "duration", "s", 5400, "")]),
    ("The storm brought 30cm of snow.", [("30cm", "length", "m", 0.3, "")]),
    ("He ran 26.2 miles in the rain.", [("26.2 miles", "length", "m", 26.2 * 1609.344, "")]),
    ("The plane flew at 500mph.", [("500mph", "speed", "m/s", 500 * 1609.344 / 3600, "")]),
    ("The tower is 330 metres tall.", [("330 metres", "length", "m", 330, "")]),
    ("It weighs 2.5kg.", [("2.5kg", "mass", "kg", 2.5, "")]),
    ("The drive holds 2TB of data.", [("2TB", "data", "B", 2e12, "")]),
    ("The plant makes 500MW of power.", [("500MW", "power", "W", 5e8, "")]),
    ("The reservoir holds 3 million litres.", [("3 million litres", "volume", "l", 3e6, "")]),
    ("The race took 2 hours.", [("2 hours", "duration", "s", 7200, "")]),
    # a duration in parts is one figure, in the last part's unit
    ("The meeting lasted 2 hours 10 minutes.", [("2 hours 10 minutes", "duration", "s", 7800, "")]),
    ("in 1 hour, 5 minutes and 30 seconds", [("1 hour, 5 minutes and 30 seconds", "duration", "s", 3930, "")]),
    ("after 10 minutes, 2 hours passed", [("10 minutes", "duration", "s", 600, ""), ("2 hours", "duration", "s", 7200, "")]),
    # imperial lengths and weights in parts too, as people write them; a list of distances stays a list
    ("He is 5 feet 9 inches tall.", [("5 feet 9 inches", "length", "m", 69 * 0.0254, "")]),
    ("The baby weighed 8 pounds 3 ounces.", [("8 pounds 3 ounces", "mass", "kg", (8 + 3 / 16) * 0.45359237, "")]),
    ("They ran 10 miles, 5 km and 3 miles.", [("10 miles", "length", "m", 10 * 1609.344, ""), ("5 km", "length", "m", 5000, ""),
                                             ("3 miles", "length", "m", 3 * 1609.344, "")]),
    # "m" stays million unless the sentence is about sport or size
    ("she cleared 4.91m to claim gold", [("4.91m", "length", "m", 4.91, "")]),
    ("the 400m final", [("400m", "length", "m", 400, "")]),
    ("the 400m runners", [("400m", "length", "m", 400, "")]),
    ("100m net users", [("100m", "count", "user", 1e8, "")]),
    ("sales hit 1.3m last year", [("1.3m", "number", "", 1.3e6, "")]),
    ("profits rose to 200m last year", []),
    ("the 21 Grams star", [("21", "number", "", 21, "")]),  # a title, no unit
    # signed temperatures
    ("minus 20C and less", [("minus 20C", "temperature", "C", -20, "")]),
    ("-5 degrees", [("-5 degrees", "temperature", "C", -5, "")]),
    ("Temperatures fell to minus 5C overnight.", [("minus 5C", "temperature", "C", -5, "")]),
]


@pytest.mark.parametrize(("text", "expected"), CASES, ids=ids(CASES))
def test_reads(text: str, expected: list[Figure]) -> None:
    assert read(text) == expect(expected)


def test_two_forms_of_one_length_agree() -> None:
    inches, cm = parse_quantities("a 42in (106cm) screen")
    assert (inches.kind, inches.unit) == (cm.kind, cm.unit) == ("length", "m")
    assert inches.overlaps(cm)
    mph, kmh = parse_quantities("38mph (61km/h)")
    assert (mph.unit, kmh.unit) == ("m/s", "m/s") and mph.overlaps(kmh)
    assert not parse_quantities("40mph")[0].overlaps(parse_quantities("30mph")[0])


def test_a_temperature_under_a_bound_reaches_down_to_absolute_zero() -> None:
    (q,) = parse_quantities("temperatures under 5C")
    assert (q.kind, q.low, q.high, q.qualifier) == ("temperature", -273.15, 5, "under")


@settings(max_examples=examples(300), deadline=None)
@given(n=st.integers(1, 999), unit=st.sampled_from(
    [("km", "length", 1e3), ("cm", "length", 0.01), ("GB", "data", 1e9), ("mph", "speed", 0.44704),
     ("kg", "mass", 1.0), ("MB", "data", 1e6), (" miles", "length", 1609.344),
     (" tonnes", "mass", 1e3), ("secs", "duration", 1.0), (" hours", "duration", 3600.0)]))
def test_unit_round_trip(n: int, unit: tuple[str, str, float]) -> None:
    text = f"It measured {n}{unit[0]} in the test."
    (q,) = parse_quantities(text)
    assert q.text == f"{n}{unit[0]}" and q.kind == unit[1]
    assert q.value == approx(n * unit[2])
    assert q.low <= q.value <= q.high


def test_feet_and_inches_are_rounded_to_the_inch() -> None:
    """"6ft 4in" and "6ft 5in" are two heights: the rounding is the inch's, not the foot's."""
    (a,), (b,) = parse_quantities("He is 6ft 4in."), parse_quantities("He is 6ft 5in.")
    assert not a.overlaps(b)
