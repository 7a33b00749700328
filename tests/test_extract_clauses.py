"""Clause spans, bracketed conversions and figure masking, on hand-written sentences."""

from __future__ import annotations

import pytest

from factcheck.extract.clauses import clause, figure_end, is_conversion, mask_figures, masked

from .helpers import claim, figure

TW = "Quarterly profits at TimeWarner jumped 76% to $1.13bn (£600m) for the three months to December."


def test_clauses_conversion_in_brackets_after_money_restates_it():
    c = claim(TW)
    assert is_conversion(c, figure(c, "£600m"))
    assert not is_conversion(c, figure(c, "$1.13bn"))
    assert not is_conversion(c, figure(c, "76%"))


def test_clauses_figure_end_reads_past_its_conversion():
    c = claim(TW)
    assert c.text[:figure_end(c, figure(c, "$1.13bn"))].endswith("(£600m)")
    assert c.text[:figure_end(c, figure(c, "76%"))].endswith("76%")


def test_clauses_mask_target_by_kind_and_others_by_hash():
    c = claim(TW)
    lo, hi = clause(c, figure(c, "76%"))
    window = masked(c, lo, hi, target=figure(c, "76%"))
    assert "[PERCENT]" in window and "#" in window and "76%" not in window and "$1.13bn" not in window


def test_clauses_two_figures_of_one_sentence_never_share_a_context():
    c = claim("The firm raised $50m and spent $20m on staff.")
    spans = [clause(c, i) for i in range(2)]
    assert masked(c, *spans[0], target=0) != masked(c, *spans[1], target=1)


def test_clauses_clause_stops_at_a_clause_mark_after_enough_words():
    c = claim("Founded in Beijing in 2014, the company, which employs staff, raised $600 million last year.")
    lo, hi = clause(c, figure(c, "$600 million"))
    # back past "raised" (too few words) to the comma before "which"; not on to "Founded"
    assert c.text[lo:hi] == "which employs staff, raised $600 million last year."


def test_clauses_short_clause_reads_on_for_enough_words():
    c = claim("Twenty-eight people, including a Briton, were held by police on Sunday.")
    lo, hi = clause(c, 0)
    assert len(c.text[lo:hi].split()) >= 5


@pytest.mark.parametrize("target, expected", [
    (None, "[MONEY] in [YEAR]"),
    (0, "[MONEY] in #"),
])
def test_clauses_mask_figures_of_plain_text(target, expected):
    from factcheck.extract.quantities import parse_quantities

    text = "$3bn in 2019"
    assert mask_figures(text, parse_quantities(text), target=target) == expected


def test_a_second_conversion_in_one_bracket_is_a_conversion_too():
    from factcheck.extract.claims import extract
    from factcheck.extract.clauses import conversions_of, is_conversion
    from factcheck.records import Article

    text = "It emerged that 4bn euros ($5.2bn; £2.8bn) did not exist, and $3m, £2m went missing."
    (claim,) = extract(Article("a", "a", 1, 1, "", None, text))
    figures = [q.text for q in claim.quantities]
    assert figures[:3] == ["4bn euros", "$5.2bn", "£2.8bn"]
    assert [is_conversion(claim, i) for i in range(len(figures))] == [False, True, True, False, False]
    assert conversions_of(claim, 0) == [1, 2] and conversions_of(claim, 1) == [] and conversions_of(claim, 3) == []
