"""What every case table of the parser's tests shares: read a sentence, check the invariants of
every figure (its span is its text, figures in order and apart, value inside its interval), and
compare with the table."""

from __future__ import annotations

import math

import pytest

from factcheck.extract.quantities import parse_quantities
from factcheck.records import Quantity

INF = math.inf
# a figure of a table: surface, kind, unit, value in the base unit, qualifier
Figure = tuple[str, str, str, float, str]
# a form: text, value, low, high, unit, kind, qualifier of its first figure
Form = tuple[str, float, float, float, str, str, str]


def approx(x: float) -> object:
    return pytest.approx(x, rel=1e-9, abs=1e-9)


def check_spans(text: str, qs: tuple[Quantity, ...]) -> None:
    last_end = 0
    for q in qs:
        assert text[q.start:q.end] == q.text
        assert q.start >= last_end, "quantities overlap or are out of order"
        assert q.low <= q.value <= q.high
        last_end = q.end


def read(text: str) -> list[tuple[str, str, str, float, str]]:
    """Every figure of ``text`` as (surface, kind, unit, value, qualifier)."""
    qs = parse_quantities(text)
    check_spans(text, qs)
    return [(q.text, q.kind, q.unit, q.value, q.qualifier) for q in qs]


def expect(figures: list[Figure]) -> list[tuple[str, str, str, object, str]]:
    return [(s, k, u, approx(v), q) for s, k, u, v, q in figures]


def form(text: str) -> tuple[object, ...]:
    """(value, low, high, unit, kind, qualifier) of the first figure of ``text``."""
    qs = parse_quantities(text)
    check_spans(text, qs)
    assert qs, f"no quantity in {text!r}"
    q = qs[0]
    return (q.value, q.low, q.high, q.unit, q.kind, q.qualifier)


def expect_form(value: float, low: float, high: float, unit: str, kind: str,
                qualifier: str) -> tuple[object, ...]:
    return (approx(value), approx(low), approx(high), unit, kind, qualifier)


def ids(rows: list[tuple[object, ...]]) -> list[str]:
    return [str(r[0])[:40] for r in rows]
