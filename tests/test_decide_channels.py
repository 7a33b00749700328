"""The aligned-passage channel and bracketed conversions in the flag decision, on hand-made twins."""

from __future__ import annotations

import pytest

from factcheck.extract.mentions import mentions
from factcheck.match.decide import decide_all, judge_conversions
from factcheck.match.run import align

from .helpers import MODEL, article, claim


def _aligned(text_a: str, text_b: str, dates: tuple[str | None, str | None] = (None, None)):
    """The aligned channel's pairs of two one-sentence articles, a.txt and b.txt (the batch's own ``align``)."""
    a, b = claim(text_a, "a.txt#1", dates[0]), claim(text_b, "b.txt#1", dates[1])
    return align([a, b], [article(text_a, "a.txt#1", date=dates[0]), article(text_b, "b.txt#1", date=dates[1])])


def _decisions(text_a: str, text_b: str, dates: tuple[str | None, str | None] = (None, None)):
    return decide_all([], aligned=_aligned(text_a, text_b, dates), model=MODEL)


def _kinds(text_a: str, text_b: str) -> list[str]:
    return [d.kind for d in _decisions(text_a, text_b)]


@pytest.mark.parametrize("a, b", [
    ("The market is forecast to reach £3.2m by 2010, analysts at Jupiter said.",
     "The market is forecast to reach £32m by 2010, analysts at Jupiter said."),
    ("Sales at the retail chain rose 10% over the Christmas period.",
     "Sales at the retail chain rose 15% over the Christmas period."),  # rounding intervals overlap
    ("More than 100,000 people marched through central London on Saturday.",
     "More than 1,000,000 people marched through central London on Saturday."),  # two bounds
    ("The band, which formed in the 1970s, split up after a tour of Japan.",
     "The band, which formed in the 1960s, split up after a tour of Japan."),  # a decade as a label
    ("Only 7% of those asked wanted a player that could also handle games and video.",
     "Only 10% of those asked wanted a player that could also handle games and video."),  # 10 rounds no 7
    ("Figures suggest 29% of people aged between 18 and 24 were not on the electoral roll.",
     "Figures suggest 29% of people aged between 18 and 240 were not on the electoral roll."),  # a range's end
    ("Aged 18 years and 185 days, the Mallorcan became the youngest player to win the cup.",
     "Aged 18 years and 1850 days, the Mallorcan became the youngest player to win the cup."),  # read as a year
    ("The firm said it hoped to sell 5 million shares, a third of the firm, on the market.",
     "The firm said it hoped to sell 5 million shares, a fourth of the firm, on the market."),  # a fraction
])
def test_decide_twin_sentences_with_one_figure_changed_conflict(a, b):
    kinds = _kinds(a, b)
    assert kinds.count("conflict") == 1 and set(kinds) <= {"conflict", "agree"}


@pytest.mark.parametrize("a, b", [
    ("About 1.4m workers at the firm went on strike in London.", "About 1.4 million workers at the firm went on strike in London."),
    ("The company paid $1.5bn for the rival chain last year.", "The company paid $1,500m for the rival chain last year."),
    ("Profits at the group rose to $1.13bn in the final quarter.", "Profits at the group rose to $1.1bn in the final quarter."),
    ("Air China raised $1.07bn (£558m) in its stock market debut last month.",
     "Air China raised $1,070m (£558m) in its stock market debut last month."),
    ("Around 1,980 fans of the club watched the game in the ground on Saturday.",
     "Around 2,000 fans of the club watched the game in the ground on Saturday."),
    ("The group expects annual profits of between £415m and £425m this year.",
     "The group expects annual profits of £415m-£425m this year."),
])
def test_decide_twin_sentences_with_the_same_value_agree(a, b):
    kinds = _kinds(a, b)
    assert kinds and set(kinds) == {"agree"}


def test_decide_twins_with_a_span_of_years_moved_conflict_on_the_span():
    decisions = _decisions("Milburn scored 200 league and cup goals between 1946 and 1957.",
                           "Milburn scored 200 league and cup goals between 1946 and 1958.")
    assert [d.a.quantity.text for d in decisions if d.flag] == ["between 1946 and 1957"]


def test_decide_twins_with_a_time_clause_moved_before_a_forecast_word_conflict():
    kinds = _kinds("The poll is the first to pose the question chosen for the referendum, expected in 2006.",
                   "In 2007, the poll is the first to pose the question chosen for the referendum, expected.")
    assert kinds == ["conflict"]


def test_decide_twins_that_name_different_years_are_apart():
    kinds = _kinds("Profits at the German carmaker rose 5% in 2003, the firm said.",
                   "Profits at the German carmaker rose 7% in 2004, the firm said.")
    assert "conflict" not in kinds


def test_decide_no_flag_is_ever_of_kind_agree():
    decisions = _decisions("The brand languished in the 1990s under new owners.",
                           "The brand languished in the 1990s under new owners.")
    assert decisions and {d.kind for d in decisions} == {"agree"} and not any(d.flag for d in decisions)


def _converted(text: str, aid: str):
    c = claim(text, aid)
    (m,) = mentions([c], {aid: article(text, aid)})
    return m


def test_decide_conversions_of_one_figure_that_differ_conflict():
    a = _converted("Yukos faces a $27.5bn (£14.5bn) back-tax bill from the authorities.", "a.txt#1")
    b = _converted("Yukos was handed a $27.5bn (£13bn) tax demand by the authorities.", "b.txt#1")
    d = judge_conversions(a, b, 0.7, MODEL)
    assert d is not None and d.kind == "conflict" and d.flag is not None
    assert {d.a.quantity.text, d.b.quantity.text} == {"£14.5bn", "£13bn"}


def test_decide_conversions_a_rate_apart_agree():
    a = _converted("CBS was fined $550,000 (£292,000) by the regulator last year.", "a.txt#1")
    b = _converted("CBS was fined $550,000 (£293,264) by the regulator last year.", "b.txt#1")
    d = judge_conversions(a, b, 0.7, MODEL)
    assert d is not None and d.kind == "agree"


def test_decide_conversions_a_few_percent_apart_conflict():
    """Rates move day to day, but not by 4%: two conversions of one figure 2% apart or more conflict."""
    a = _converted("Yukos faces a $27.5bn (£14.5bn) back-tax bill from the authorities.", "a.txt#1")
    b = _converted("Yukos was handed a $27.5bn (£13.9bn) tax demand by the authorities.", "b.txt#1")
    d = judge_conversions(a, b, 0.7, MODEL)
    assert d is not None and d.kind == "conflict" and "converted differently" in d.reason


def test_decide_conversions_of_different_figures_are_not_compared():
    a = _converted("Yukos faces a $27.5bn (£14.5bn) back-tax bill from the authorities.", "a.txt#1")
    b = _converted("Gazprom faces a $36m (£19m) claim from the authorities.", "b.txt#1")
    assert judge_conversions(a, b, 0.7, MODEL) is None


def test_decide_twins_with_several_figures_changed_describe_two_events():
    decisions = _decisions("Fat Albert entered the chart in second place after opening on Christmas Day, taking $12.7m.",
                           "Fat Albert moved down the chart to fourth place after opening on Christmas Day, taking $10.7m.")
    # both figures are aligned slot by slot, and both are kept apart for the reason of the rule
    assert [(d.a.quantity.text, d.b.quantity.text) for d in decisions] == [("second", "fourth"), ("$12.7m", "$10.7m")]
    assert all(d.kind == "apart" and "more than one figure" in d.reason for d in decisions)


def test_decide_twins_with_an_ordinal_changed_months_apart_conflict():
    """An ordinal is fixed once ("fifth place" that weekend): twins dated months apart that
    disagree on it conflict; they do not read as a change over time."""
    decisions = _decisions("The film entered the US box office chart in fifth place over the weekend, taking $12.7m.",
                           "The film entered the US box office chart in seventh place over the weekend, taking $12.7m.",
                           ("2004-01-10", "2004-03-20"))
    (flagged,) = [d for d in decisions if d.flag]
    assert (flagged.a.quantity.text, flagged.b.quantity.text) == ("fifth", "seventh")
    assert flagged.kind == "conflict" and "fixed once" in flagged.reason


def test_decide_reworded_twins_are_aligned_under_the_bar():
    """Twins reworded around the figure (alignment 0.82: over the bar 0.75, far from identical)
    are still compared slot by slot."""
    decisions = _decisions("Sales at the retail chain rose 10% over the Christmas period, the company said.",
                           "Sales at the retail chain jumped 15% over the Christmas period, bosses said.")
    assert [d.kind for d in decisions] == ["conflict"] and decisions[0].aligned
    assert 0.75 <= decisions[0].score < 0.9


def test_decide_all_flags_only_is_the_flagged_decisions_in_order(fake_embedder):
    """The batch's fast path (``flags_only``, no ``Decision`` kept for a pair not flagged) gives
    the flagged decisions of the full run, in its order, on every candidate pair of the seed
    articles and their aligned passages (and a story filed twice, figures changed)."""
    import re

    from factcheck.extract.load import load
    from factcheck.match.candidates import candidate_pairs
    from factcheck.match.run import align
    from factcheck.pipeline import embed_mentions, extract_claims, find_mentions
    from factcheck.records import Article

    from .conftest import SOURCES

    articles, _ = load([SOURCES])
    twin = articles[0]
    articles.append(Article(twin.id + "~2", twin.path + "~2", twin.record, twin.line, twin.title, twin.date,
                            re.sub(r"\d", lambda m: str((int(m.group()) + 3) % 10), twin.text)))
    claims = extract_claims(articles)
    ms = find_mentions(claims, articles)
    vecs, _ = embed_mentions(ms, fake_embedder)
    pairs = [(ms[i], ms[j], c) for i, j, c in candidate_pairs(ms, vecs, floor=0.0)]
    paired = align(claims, articles)
    full = decide_all(pairs, aligned=paired, model=MODEL)
    fast = decide_all(pairs, aligned=paired, flags_only=True, model=MODEL)
    kinds = {d.kind for d in full}
    assert {"apart", "agree", "conflict"} <= kinds and any(d.flag for d in full[:len(paired)])
    assert fast == [d for d in full if d.flag] and len(fast) >= 3
