"""CI states of a flag (``base.ci_states``), the refusal of `update` to add a confirmed,
uncorrected figure, and the rule that two sums of money days apart and far apart conflict
rather than read as a change over time."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

from factcheck.base.ci_states import blocked, fails, state
from factcheck.extract.load import load
from factcheck.match.figures import SUDDEN_DAYS, judge
from factcheck.records import Verdict

from .helpers import claim, figure

AT = "2026-12-01T10:00:00.000Z"


def _v(verdict: str, fingerprint: str = "fp1") -> Verdict:
    return Verdict("f1", verdict, "", "ana", AT, fingerprint)


def test_states_and_what_fails() -> None:
    assert state(None, "fp1") == "new" and fails("conflict", None, "fp1") and not fails("changed", None, "fp1")
    assert fails("changed", None, "fp1", strict=True) and fails("inconsistent", None, "fp1")
    assert state(_v("confirmed"), "fp1") == "confirmed"
    for kind in ("conflict", "changed", "inconsistent"):
        assert fails(kind, _v("confirmed"), "fp1")  # a known-wrong figure fails until it is corrected
        assert not fails(kind, _v("corrected"), "fp1") and state(_v("corrected"), "fp1") == "corrected"
        for settling in ("not_a_conflict", "changed_over_time", "extraction_error"):
            assert not fails(kind, _v(settling), "fp1") and state(_v(settling), "fp1") == "settled"
    # the article changed (the flag's passages, so its fingerprint): the confirmed verdict is stale
    assert state(_v("confirmed"), "fp2") == "stale" and fails("conflict", _v("confirmed"), "fp2")
    assert not fails("changed", _v("confirmed"), "fp2")  # a stale verdict counts as none


def test_a_corrected_flag_still_teaches_the_learned_decision() -> None:
    """`corrected` follows `confirmed`: the figures did measure one thing and disagree."""
    from factcheck.match.learned import FEATURES, verdict_rows

    flag = {"id": "f1", "evidence": dict.fromkeys(FEATURES, 0.5)}
    assert [r.label for r in verdict_rows([flag], {"f1": "corrected"})] == [1]
    assert [r.label for r in verdict_rows([flag], {"f1": "not_a_conflict"})] == [0]


def test_update_refuses_an_article_holding_a_confirmed_passage(tmp_path: Path) -> None:
    text = "Acme Robotics raised $80 million in its Series B round, the company said."
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "story.txt").write_text(f"Acme news\n\n{text}\n", encoding="utf-8")
    articles, _ = load([tmp_path / "in"])
    report = {"claims": [{"id": "c1", "article_id": "story.txt#1", "text": text},
                         {"id": "c2", "article_id": "other.txt#1", "text": "Acme raised $50 million."}],
              "flags": [{"id": "f1", "a": "c1", "b": "c2", "fingerprint": "fp1"}]}
    saved = tmp_path / "check.json"
    saved.write_text(json.dumps(report), encoding="utf-8")
    (found,) = blocked(articles, {"f1": _v("confirmed")}, [saved, tmp_path / "missing.json"])
    assert found.article.id == "story.txt#1" and found.flag_id == "f1" and "says: \"Acme Robotics raised $80" in str(found)
    assert blocked(articles, {"f1": _v("corrected")}, [saved]) == []
    assert blocked(articles, {"f1": _v("confirmed", "fp-other")}, [saved]) == []  # given on other passages
    assert blocked(articles, {}, [saved]) == []
    fixed = [replace(articles[0], text="Acme news\n\nAcme Robotics raised $50 million in its Series B round.")]
    assert blocked(fixed, {"f1": _v("confirmed")}, [saved]) == []  # the article was fixed
    # check names a new article by the path typed on its command line
    report["claims"][0]["article_id"] = "in/story.txt#1"
    saved.write_text(json.dumps(report), encoding="utf-8")
    assert [b.article.id for b in blocked(articles, {"f1": _v("confirmed")}, [saved])] == ["story.txt#1"]


def test_money_days_apart_and_three_times_apart_is_a_conflict() -> None:
    a = claim("SenseTime is valued at over US$4.5 billion.", "a.txt#1")
    b = claim("SenseTime is valued at $1.5 billion.", "b.txt#1")
    qa, qb = a.quantities[figure(a, "over US$4.5 billion")], b.quantities[figure(b, "$1.5 billion")]
    j = judge(qa, qb, "2018-05-31", "2018-06-02", True, "valuation (USD)")
    assert j.kind == "conflict" and "only 2 days apart" in j.reason and "2.9x" in j.reason
    # months apart: a change over time, as before
    assert judge(qa, qb, "2018-01-31", "2018-06-02", True).kind == "changed"
    # days apart but a small move: a change
    c = claim("SenseTime is valued at $2.5 billion.", "c.txt#1")
    qc = c.quantities[figure(c, "$2.5 billion")]
    assert judge(qc, qb, "2018-05-31", "2018-06-02").kind == "changed"  # 1.6x at the nearest ends
    assert SUDDEN_DAYS == 31
    assert judge(qa, qb, "2018-05-02", "2018-06-02").kind == "conflict"  # 31 days
    assert judge(qa, qb, "2018-05-01", "2018-06-02").kind == "changed"  # 32 days
    # a count (a death toll) can rise many times over in days: still a change
    d1, d2 = claim("The storm killed 25 people.", "d.txt#1"), claim("The storm killed 100 people.", "e.txt#1")
    assert judge(d1.quantities[0], d2.quantities[0], "2018-05-31", "2018-06-02").kind == "changed"
    # dated only to the month: not placed to the day, a change
    assert judge(qa, qb, "2018-05", "2018-06").kind == "changed"
