"""What every kind shares: qualifiers and the intervals they allow, rounding, plausibility, the
figure record."""

from __future__ import annotations

import dataclasses

import pytest

from factcheck.extract.quantities import parse_quantities, rejected_figures
from factcheck.extract.quantities.core import Atom, copy, rounding

from .cases import INF, Form, expect_form, form, ids

# the qualifiers, and the interval each allows around a figure
FORMS: list[Form] = [
    ("over $4.5 billion", 4.5e9, 4.5e9, INF, "USD", "money", "over"),
    ("around $3 billion", 3e9, 2.55e9, 3.45e9, "USD", "money", "about"),
    ("about $3 billion", 3e9, 2.55e9, 3.45e9, "USD", "money", "about"),
    ("roughly 1,200 jobs", 1200, 1080, 1320, "job", "count", "about"),
    ("~$3bn", 3e9, 2.55e9, 3.45e9, "USD", "money", "about"),
    ("close to 40 staff", 40, 35.1, 44.9, "staff", "count", "about"),
    ("40 or so staff", 40, 35.1, 44.9, "staff", "count", "about"),
    ("nearly $2bn", 2e9, 1.8e9, 2e9, "USD", "money", "nearly"),
    ("up to 500 jobs", 500, 0, 500, "job", "count", "at_most"),
    ("no more than 10 people", 10, 0, 10, "people", "count", "at_most"),
    ("at least 20 people", 20, 20, INF, "people", "count", "at_least"),
    ("50 or more people", 50, 50, INF, "people", "count", "at_least"),
    ("fewer than 100 firms", 100, 0, 100, "firm", "count", "under"),
    ("in excess of £2m", 2e6, 2e6, INF, "GBP", "money", "over"),
]


@pytest.mark.parametrize(("text", "value", "low", "high", "unit", "kind", "qualifier"), FORMS,
                         ids=ids(FORMS))
def test_form(text: str, value: float, low: float, high: float, unit: str, kind: str,
              qualifier: str) -> None:
    assert form(text) == expect_form(value, low, high, unit, kind, qualifier)


def test_qualifier_semantics() -> None:
    def one(text: str) -> object:
        (q,) = parse_quantities(text)
        return q

    plain, about = one("$3 billion"), one("about $3 billion")
    more, over = one("more than US$3 billion"), one("over $4.5 billion")
    assert about.overlaps(plain)  # type: ignore[attr-defined]
    assert more.overlaps(over)  # type: ignore[attr-defined]
    assert not plain.overlaps(over)  # type: ignore[attr-defined]
    assert one("up to $2bn").overlaps(one("$1bn"))  # type: ignore[attr-defined]
    assert not one("less than $1bn").overlaps(one("$2bn"))  # type: ignore[attr-defined]


def test_a_round_figure_stands_for_values_within_fifteen_percent() -> None:
    """Rounding reconciles what a reasonable writer rounds ("$12 million" for $12,140,000; "roughly
    $80 million" for $78 million), not anything within half the last non-zero place: a "30-car"
    pileup is not a 25-vehicle one, "about $1 million" is not "about $500,000"."""
    def one(text: str) -> object:
        return parse_quantities(text)[0]

    assert one("$12 million").overlaps(one("$12,140,000"))  # type: ignore[attr-defined]
    assert one("roughly $80 million").overlaps(one("$78 million"))  # type: ignore[attr-defined]
    assert not one("a 30-car pileup").overlaps(one("a 25-vehicle pileup"))  # type: ignore[attr-defined]
    assert not one("about $1 million in tax").overlaps(one("about $500,000 in tax"))  # type: ignore[attr-defined]
    assert not one("around 100,000 years ago").overlaps(one("around 50,000 years ago"))  # type: ignore[attr-defined]
    assert one("200 people").high == pytest.approx(230)  # type: ignore[attr-defined]


@pytest.mark.parametrize(("figure", "tol"), [
    ("8,000", 490), ("410", 4.9), ("1.13", 0.0049), ("3", 0.49), ("0", 0.0), ("2.50", 0.049),
    ("1" + "0" * 400, float("inf")),
])
def test_rounding_is_half_the_last_place(figure: str, tol: float) -> None:
    assert rounding(figure) == pytest.approx(tol)


def test_copy_keeps_every_field_of_an_atom() -> None:
    values = {"start": 1, "lead": 2, "end": 3, "figure": 4.0, "tol": 5.0, "scale": 6.0,
              "scaled": True, "currency": "USD", "percent": True, "noun": "n", "qualifier": "q",
              "kind": "k", "between": 7, "tail": True, "fixed": (8.0, 9.0, 10.0), "factor": 11.0,
              "offset": 12.0}
    assert set(values) == {f.name for f in dataclasses.fields(Atom)}
    atom = Atom(**values)  # type: ignore[arg-type]
    assert copy(atom) == atom and copy(atom) is not atom
    for name in values:
        assert getattr(copy(atom, **{name: None}), name) is None
        assert copy(atom, **{name: None}) == dataclasses.replace(atom, **{name: None})


@pytest.mark.parametrize(("text", "surface", "reason"), [
    ("$99999999999999999999999 billion", "$99999999999999999999999 billion", "money beyond 1e+15"),
    ("a 12,000,000% rise", "12,000,000%", "percentage beyond 1e4"),
    ("2,000 trillion people", "2,000 trillion", "count beyond 1e+15"),
])
def test_implausible_figures_are_rejected(text: str, surface: str, reason: str) -> None:
    assert parse_quantities(text) == ()
    (r,) = rejected_figures(text)
    assert (r.text, r.reason) == (surface, reason)
    assert text[r.start:r.end] == r.text


def test_plausible_figures_are_not_rejected() -> None:
    assert rejected_figures("$410 million and 13% and 1,546 trillion rials") == ()
    assert [q.unit for q in parse_quantities("1,546 trillion rials")] == ["IRR"]
