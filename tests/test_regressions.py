"""Regressions found by reading the flags on the BBC corpus, one line each, judged by the
real model through the same pair-level matcher the batch uses (``compare_texts``)."""

from __future__ import annotations

import pytest

from factcheck.match.compare import compare_texts

pytestmark = pytest.mark.model

CASES = [
    # a story filed twice: each figure pairs with its twin, never across ("eight" vs "three")
    ("The band have had eight top three hits, including four number ones, since 2002.",
     "The band have had eight top three hits, including four number ones, since 2002.", "agree"),
    ("Melzer has now beaten Agassi in two of their three meetings.",
     "Melzer has now beaten Agassi in two of their three meetings.", "agree"),
    # the figure in brackets restates the one before it in another currency
    ("Howl's Moving Castle took 1.5bn yen (£7.7m) in its first two days.",
     "Howl's Moving Castle took 20bn yen (£102m) to become the biggest film in Japan in 2004.", "unrelated"),
    # hypotheticals, plans and forecasts are not reported figures
    ("I would take £50m if we had no investment, but if we did, keep him.",
     "It doesn't matter if it's £30m, £40m or £50m, we will not accept offers.", "unrelated"),
    ("Economic growth is set to halve in Singapore this year to between 3% and 5%.",
     "Singapore growth was 8.1% in 2004.", "unrelated"),
    # different times named: a past year vs now, one quarter vs another
    ("In 2003 the figure was 29%.", "Now the figure is 14%.", "unrelated"),
    ("Growth was at an annual rate of 4% in the third quarter of 2004.",
     "In the fourth quarter, the city state's GDP rose at an annual rate of 2.4%.", "unrelated"),
    # a sentence that says nobody's figure is not matched on its wording alone
    ("Twenty-eight people, including a Briton, have been arrested after a global operation.",
     "Four people, two of them partly paralysed, moved a computer cursor.", "unrelated"),
    # ...and is taken to be about the article's main subject: two firms' results stay apart
    ("Shell beat forecasts on Thursday. Shell said net profit was up 6% at $16.6bn for 2004.",
     "Nokia beat forecasts on Thursday. Nokia said net profit was $186m for 2004.", "unrelated"),
    # gold medals are not medals
    ("Jones, who won five medals at the 2000 Olympics, denies using drugs.",
     "Jones won three gold medals and two bronzes in Sydney in 2000.", "unrelated"),
    # a rise with no date cannot be placed in time
    ("UK house prices fell 0.7% in December, according to the Office of the Deputy Prime Minister.",
     "UK house prices increased by 1.1% in December, the Halifax has said.", "unrelated"),
    # from reading EQUATE: a number word opening a sentence is nobody's name; deaths are counted
    ("Eight suspects were arrested.", "8 suspects have been arrested.", "agree"),
    ("Seventeen sailors were killed.", "Seventeen sailors died.", "agree"),
    # a figure in brackets restating the words before it: read on past the bracket
    ("Nearly two-thirds (62%) said they oppose U.S.-led efforts to topple the government.",
     "Nearly two-thirds (63%) expressed disapproval of the raid.", "unrelated"),
    # what must still be caught: the same figure reported differently
    ("Freddie Mac restated its earnings by $5bn last year after a probe of its books.",
     "Freddie Mac was forced to restate its earnings by $4.4bn last year.", "conflict"),
    ("The deal valued SenseTime at over $4.5 billion.",
     "The latest round of funding brings SenseTime's overall value to $3 billion.", "conflict"),
    ("SenseTime is valued at about $3 billion.", "SenseTime is valued at $3 billion.", "agree"),
    ("SenseTime raised $1.5bn in total.", "SenseTime raised $1,500 million in total.", "agree"),
]


@pytest.mark.parametrize("a, b, kind", CASES)
def test_regression_pair(embedder, a, b, kind):
    (outcome,) = compare_texts([(a, b)], embedder)
    assert outcome.kind == kind, [f.reason for f in outcome.flags]


def test_regression_dated_valuation_rise_is_a_change(embedder):
    (outcome,) = compare_texts(
        [("SenseTime, currently valued at around $3 billion, joined MIT.",
          "The deal valued SenseTime at over $4.5 billion.")],
        embedder, dates=[("2018-03-01", "2018-05-22")])
    assert outcome.kind == "changed"
