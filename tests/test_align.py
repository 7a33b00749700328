"""The aligned-passage channel (factcheck/match/align.py): pure logic on real extraction, no model."""

from __future__ import annotations

from factcheck.extract.claims import extract
from factcheck.match.align import align_claims, passage_score, tokens
from factcheck.records import Article, Claim


def claims(aid: str, text: str) -> list[Claim]:
    return extract(Article(id=aid, path=aid, record=1, line=1, title="", date=None, text=text))


def slots(a: str, b: str, **kw: float) -> list[tuple[str, str, bool, str | None]]:
    out = []
    for m in align_claims(claims("A", a), claims("B", b), **kw):
        out.append((m.a.quantities[m.a_index].text, m.b.quantities[m.b_index].text, m.same_slot, m.differs))
    return out


def test_changed_figure_in_an_identical_sentence_is_at_the_same_slot():
    assert slots("The market is forecast to reach £3.2m by 2010, analysts at Ovum said.",
                 "The market is forecast to reach £32m by 2010, analysts at Ovum said.") == [
        ("£3.2m", "£32m", True, None), ("2010", "2010", True, None)]


def test_moved_attribution_and_swapped_verb_still_align():
    got = slots("Police said 14 people were held after the raid in Leeds on Sunday.",
                "14 people were arrested after the raid in Leeds on Sunday, police said.")
    assert got == [("14", "14", True, None)]


def test_several_figures_pair_by_place_not_by_order():
    got = slots("Quarterly profits at TimeWarner jumped 76% to $1.13bn (£600m) for the three months to December.",
                "For the three months to December, TimeWarner's quarterly profits jumped 76% to $1.13bn (£650m).")
    assert ("£600m", "£650m", True, None) in got
    assert ("$1.13bn", "$1.13bn", True, None) in got
    assert ("76%", "76%", True, None) in got


def test_bracketed_conversion_pairs_currency_with_currency():
    got = slots("The player's deal is worth $80,000 (£43,000) a week to the club, his agent said.",
                "The player's deal is worth $80,000 (£46,000) a week to the club, his agent said.")
    assert ("£43,000", "£46,000", True, None) in got and ("$80,000", "$80,000", True, None) in got


def test_differences_of_meaning_around_the_slot_are_named():
    year = slots("Profits at the carmaker rose to $5m in 2003, the firm said.",
                 "Profits at the carmaker rose to $5m in 2004, the firm said.")
    assert ("$5m", "$5m", True, "different year named (2003 vs 2004)") in year
    assert ("2003", "2004", True, None) in year  # the year at the slot is the disagreement itself
    rounds = slots("The Series C round raised $600m for the Beijing company.",
                   "The Series C+ round raised $620m for the Beijing company.")
    assert rounds[0][3] == "different round named (c vs c+)"
    direction = slots("Shares in the Beijing carmaker rose 6% in morning trade on Monday.",
                      "Shares in the Beijing carmaker fell 6% in morning trade on Monday.")
    assert direction[0][3] is not None and direction[0][3].startswith("a rise vs a fall")
    plan = slots("The Chancellor plans a 40% tax band for top earners from April.",
                 "The Chancellor introduced a 40% tax band for top earners from April.")
    assert plan[0][3] == "a plan or forecast vs a statement of fact"
    names = slots("Sony sold 2 million consoles in Japan during the holiday season.",
                  "Nintendo sold 3 million consoles in Japan during the holiday season.")
    assert names[0][3] == "different name in the same place (Sony vs Nintendo)"
    typo = slots("The figure comes from Jupiter Research, which tracks the download market in Europe, 12 times.",
                 "The figure comes from Juniper Research, which tracks the download market in Europe, 12 times.")
    assert typo and typo[0][3] is None


def test_different_sentences_do_not_align():
    assert slots("Sales rose 2.8% to 14.96bn euros.", "Its sales rose 3.5% to 2.7 million units.") == []
    assert slots("The club posted a record loss of 68m euros in the 12 months through June.",
                 "Ministers promised 3,000 new police officers for the capital by 2008.") == []


def test_one_sentence_aligns_with_one_twin_per_article_pair():
    a = claims("A", "Shares in Umbro rose 5% on Monday in London. Shares in Umbro rose 5% on Monday in London trade.")
    b = claims("B", "Shares in Umbro rose 5% on Monday in London.")
    got = align_claims(a, b)
    assert len(got) == 1 and got[0].a is a[0] and got[0].score == 1.0


def test_a_corpus_against_itself_sees_each_pair_once_and_never_within_an_article():
    corpus = (claims("A", "Shares in Umbro rose 5% on Monday in London. Umbro shares rose 5% on Monday in London.")
              + claims("B", "Shares in Umbro rose 6% on Monday in London."))
    got = align_claims(corpus, corpus)
    assert {(m.a.article_id, m.b.article_id) for m in got} == {("A", "B")}
    assert len(got) == 1


def test_score_masks_figures_and_keeps_classes():
    (a,), (b,), (c,) = (claims("X", "Profits rose to $5m."), claims("Y", "Profits rose to $500m."),
                        claims("Z", "Profits rose to 5%."))
    assert passage_score(tokens(a), tokens(b)) == 1.0
    assert passage_score(tokens(a), tokens(c)) < 1.0


def test_a_time_clause_moved_to_the_front_keeps_its_slot():
    got = slots("Mitch killed about 10,000 people and caused damage of about $10bn in 1998.",
                "In 1999, Mitch killed about 10,000 people and caused damage of about $10bn.")
    assert ("1998", "1999", True, None) in got
    assert ("about $10bn", "about $10bn", True, "different year named (1998 vs 1999)") in got


def test_the_same_kind_of_statement_has_no_difference_around_the_slot():
    # what the attribute matcher sets aside (plans, rises) is comparable here when both sides say the same
    plan = slots("The Chancellor plans a 40% tax band for top earners from April.",
                 "The Chancellor plans a 45% tax band for top earners from April.")
    assert plan == [("40%", "45%", True, None)]
    rise = slots("Shares in the Beijing carmaker rose 6% in morning trade on Monday.",
                 "Shares in the Beijing carmaker climbed 4.5% in morning trade on Monday.")
    assert rise == [("6%", "4.5%", True, None)]
