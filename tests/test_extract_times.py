"""Times a sentence names and the span of time a figure covers."""

from __future__ import annotations

import pytest

from factcheck.extract.times import periods, portion, time_refs


@pytest.mark.parametrize("text, refs", [
    ("Profits rose in 2004.", {"2004"}),
    ("Sales in January beat December's.", {"january", "december"}),
    ("Third quarter profits fell.", {"q3"}),
    ("Profits in Q2 were flat.", {"q2"}),
    ("It is currently valued at $3bn.", {"now"}),
    ("In 1850 the firm was founded.", set()),  # outside the years news cites as a time reference
    ("It raised $5m.", set()),
])
def test_times_time_refs(text, refs):
    assert time_refs(text) == refs


@pytest.mark.parametrize("text, spans", [
    ("quarterly profits of $5m", {"quarter"}),
    ("annual sales of $5m", {"year"}),
    ("a daily rise of 3%", {"day"}),
    ("the economy expanded by 1.7% in 2004", {"year"}),  # "in <year>" covers a whole year
    ("profits of $5m", set()),
    ("the film took 1.5bn yen in its first two days", {"opening", "day"}),  # an opening span
    ("it took $40m over its opening weekend", {"opening"}),
    ("its opening-week takings of $56m", {"opening", "week"}),
    ("sales rose 5% in the first quarter", {"quarter"}),  # a period, not an opening span
    ("it took 20bn yen to become the biggest film in Japan in 2004", {"year"}),
    ("profits rose 5% in the first half", {"half"}),
    ("a call for nearly a half-trillion dollars in spending, half a million jobs", set()),  # amounts, no span
])
def test_times_periods(text, spans):
    assert periods(text, 0, len(text)) == frozenset(spans)


@pytest.mark.parametrize("text, fig, marks", [
    ("He held off the challenge over the final 200m to win.", "200m", True),
    ("Chelsea scored twice in the last 10 minutes.", "10 minutes", True),
    ("The first 100 customers get a discount.", "100", True),
    ("The race is run over 200m.", "200m", False),
    ("Profits rose 10 minutes after the open.", "10 minutes", False),
])
def test_times_a_portion_of_an_event(text, fig, marks):
    assert portion(text, text.index(fig)) is marks
