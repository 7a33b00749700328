"""Sentence splitting and dates."""

from __future__ import annotations

import pytest

from factcheck.extract.dates import publication_date, same_time, sentence_date
from factcheck.extract.sentences import split


def sentences(text):
    return [text[s:e] for s, e in split(text)]


@pytest.mark.parametrize("text, expected", [
    ("It rose. It fell.", ["It rose.", "It fell."]),
    ("the largest in the world.The B1 round closed.", ["the largest in the world.", "The B1 round closed."]),
    ("Mr. Smith paid $3.5 bn. in cash.", ["Mr. Smith paid $3.5 bn. in cash."]),
    ("He works in Washington, D.C. with others.", ["He works in Washington, D.C. with others."]),
    ("It is the U.S. Army. Then more.", ["It is the U.S. Army.", "Then more."]),
    ("to the benefit of society.”Li Xu said so.", ["to the benefit of society.”", "Li Xu said so."]),
    ("in intelligence.\"As an MIT alumnus, I agree.", ["in intelligence.", "\"As an MIT alumnus, I agree."]),
    ("Title of piece\tBody starts here.", ["Title of piece", "Body starts here."]),
    ("Line one\n\nLine two", ["Line one", "Line two"]),
    ("Is it? Yes! Sure.", ["Is it?", "Yes!", "Sure."]),
    ("See www.honda.co.jp/News.Html today.", ["See www.honda.co.jp/News.Html today."]),
    ("Sales rose 3.5% in 2004. Profit fell.", ["Sales rose 3.5% in 2004.", "Profit fell."]),
])
def test_split_sentences(text, expected):
    assert sentences(text) == expected


def test_split_spans_index_the_text():
    text = "  One here.  Two there.\n"
    assert [(s, e) for s, e in split(text)] == [(2, 11), (13, 23)]


@pytest.mark.parametrize("text, date", [
    (" date 2018-03-01 SenseTime, a leading", "2018-03-01"),
    ("Beijing, China – July 11, 2017 – SenseTime", "2017-07-11"),
    ("LINE\n1\n2018-05-22 15:49:30China Daily", "2018-05-22"),
    ("December 7, 2017 – Beijing, China", "2017-12-07"),
    ("Hong Kong, May 21, 2018– Alibaba", "2018-05-21"),
    ("Published 3 March 2005. Shares rose.", "2005-03-03"),
    ("Founded in 2014, the firm grew.", None),
])
def test_publication_date(text, date):
    assert publication_date(text) == date


@pytest.mark.parametrize("sentence, published, when", [
    ("The company raised $410 million in July last year", "2018-03-01", "2017-07"),
    ("SenseTime announced in April that it had raised", "2018-05-22", "2018-04"),
    ("SenseTime announced in April that it had raised", "2018-03-01", "2017-04"),
    ("spend on AI programs in 2016 was just $1.2 billion", None, "2016"),
    ("profits last year were $5m", "2005-02-01", "2004"),
    ("In February 2018, MIT announced", "2018-04-09", "2018-02"),
    ("currently valued at around $3 billion", "2018-03-01", None),
])
def test_sentence_date(sentence, published, when):
    assert sentence_date(sentence, published) == when


@pytest.mark.parametrize("a, b, same", [
    ("2018-03-01", "2018-05-22", False),
    ("2018-05-22", "2018-05-31", True),
    ("2018", "2018-05-22", True),
    ("2017-12", "2018", False),
    (None, "2018", None),
])
def test_same_time(a, b, same):
    assert same_time(a, b) is same


@pytest.mark.parametrize("line, ticker", [
    ("DOW 24,346.32 ▼ 1,175.21 (-4.6%) NASDAQ 6,967.53 ▼ 273.42 (-3.78%)", True),
    ("Markets: S&P 500 2,648.94 -113.19 -4.10% | Dow 24,345.75 -1,175.21 -4.60%", True),
    ("AAPL 171.51 +1.2%  GOOG 1,055.80 -0.4%  MSFT 88.22 +0.3%", True),
    ("The Dow ended down 1,175 points, or 4.6%, at 24,346.", False),  # prose about the figures
    ("Profits rose 7% to $2bn from $1.8bn, up 11%, it said.", False),
    ("Arsenal 2-1 Chelsea", False),
])
def test_ticker_lines(line, ticker):
    from factcheck.extract.sentences import is_ticker

    assert is_ticker(line) is ticker


def test_ticker_text_gives_no_claims():
    from factcheck.extract.claims import extract_all
    from factcheck.records import Article

    text = ("Stocks fell sharply on Monday.\n\nDOW 24,346.32 ▼ 1,175.21 (-4.6%) NASDAQ 6,967.53 ▼ 273.42 (-3.78%)\n\n"
            "The Dow ended down 1,175 points, or 4.6%, at 24,346.")
    claims = extract_all([Article(id="a", path="a.txt", record=1, line=1, title="", date=None, text=text)])
    assert [c.text for c in claims] == ["The Dow ended down 1,175 points, or 4.6%, at 24,346."]
