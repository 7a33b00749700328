"""Role words, funding rounds and kinds of statement, one component at a time."""

from __future__ import annotations

import pytest

from factcheck.extract.clauses import clause
from factcheck.extract.roles import is_hedged, is_moving, is_total, role_and_label, round_near

from .helpers import claim, figure


@pytest.mark.parametrize("text, fig, role", [
    ("The deal valued SenseTime at over $4.5 billion.", "over $4.5 billion", "valuation"),
    ("SenseTime raised $600 million in its Series C round.", "$600 million", "funding"),
    ("Its revenue reached $2 billion last year.", "$2 billion", "revenue"),
    ("The group made a profit of $300m.", "$300m", "profit"),
    ("Yukos faces a $27.5bn (£14.5bn) back-tax bill.", "$27.5bn", "tax"),  # the noun phrase after the figure
    ("Shares rose 6% on Monday.", "6%", "change"),
    ("The team had 400 customers.", "400", None),
])
def test_roles_nearest_role_word(text, fig, role):
    c = claim(text)
    i = figure(c, fig)
    assert role_and_label(c, i, *clause(c, i))[0] == role


def test_roles_specific_role_beats_a_vague_one():
    c = claim("Sales rose to $5bn.")  # "rose" is a vague change word, "sales" names the measure
    i = figure(c, "$5bn")
    assert role_and_label(c, i, *clause(c, i))[0] == "revenue"


@pytest.mark.parametrize("text, fig, name", [
    ("It raised $600 million in a Series C round.", "$600 million", "C"),
    ("It raised $620 million in its Series C+ round.", "$620 million", "C+"),
    ("The B1 round brought in $10m.", "$10m", "B1"),
    ("Its seed round raised $2m.", "$2m", "SEED"),
    ("The latest round of funding brought in $100m.", "$100m", "LATEST"),
    ("It raised $600 million from investors.", "$600 million", None),
])
def test_roles_round_near_the_figure(text, fig, name):
    c = claim(text)
    assert round_near(text, c.quantities[figure(c, fig)]) == name


@pytest.mark.parametrize("text, total", [
    ("It has raised over $2.6 billion since its founding.", True),
    ("Total financing now stands at $1.6 billion.", True),
    ("It has raised $900 million so far.", True),
    ("It raised $600 million in May.", False),
])
def test_roles_running_total(text, total):
    assert is_total(text) is total


@pytest.mark.parametrize("text, hedged", [
    ("The company is eyeing to raise $500 million.", True),
    ("It could be worth $10bn.", True),
    ("Analysts expect revenue of $2bn.", True),
    ("The company raised $500 million.", False),
])
def test_roles_plans_and_forecasts(text, hedged):
    assert is_hedged(text, len(text)) is hedged


def test_roles_a_percentage_rise_moves_a_level_does_not():
    rise, level = claim("Shares rose 6% on Monday."), claim("Its market share is 6%.")
    assert is_moving(rise.quantities[0], rise.text, *clause(rise, 0))
    assert not is_moving(level.quantities[0], level.text, *clause(level, 0))


@pytest.mark.parametrize("text, fig, moving", [
    ("The campaign took UKIP into third place with an extra 10 MEPs.", "10", True),  # an increment
    ("The firm will cut a further 200 jobs.", "200", True),
    ("There were more than 40 MEPs in the same group.", "more than 40", False),
    ("The firm employs another company's 200 staff.", "200", False),  # "another" not right before it
    ("The EU will add 12 more people to the list.", "12", True),  # after the figure
    ("Obama called for nearly a half-trillion dollars in more government stimulus.", "nearly a half-trillion dollars", True),
    ("The firm has 200 more staff than its rival.", "200", False),  # a comparison, no increment
])
def test_roles_an_increment_moves(text, fig, moving):
    c = claim(text)
    i = figure(c, fig)
    assert is_moving(c.quantities[i], c.text, *clause(c, i)) is moving


@pytest.mark.parametrize("text", ["This compares with $1.354 to the euro in late trading in New York.",
                                  "The dollar was trading at $1.3652 versus the euro on Friday morning."])
def test_roles_an_exchange_rate_is_a_rate(text):
    c = claim(text)
    assert role_and_label(c, 0, *clause(c, 0))[0] == "rate"
