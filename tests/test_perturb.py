"""The perturbation benchmark's building blocks (bench/perturb.py), on made-up sentences: no corpus needed."""

from __future__ import annotations

import random
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))

import perturb


def applied(kind: str, sentence: str) -> list[str]:
    return [sentence[:lo] + new + sentence[hi:] for lo, hi, new in perturb.PLANTERS[kind](sentence)]


def test_planted_changes():
    assert applied("tenfold", "The market will reach £3.2m by 2010.") == ["The market will reach £32m by 2010."]
    assert applied("tenfold", "It lost 464,000 subscribers.") == ["It lost 4,640,000 subscribers."]
    assert applied("digits", "Sales rose 45% in May.") == ["Sales rose 54% in May."]
    assert applied("scale", "It raised $1.5bn and 2 million users.") == [
        "It raised $1.5m and 2 million users.", "It raised $1.5bn and 2 billion users."]
    assert applied("year", "The 1970s band split in 2003.") == [
        "The 1980s band split in 2003.", "The 1970s band split in 2004."]
    assert applied("ordinal", "His fifth Budget, and the 21st since 1984.") == [
        "His sixth Budget, and the 21st since 1984.", "His fifth Budget, and the 22nd since 1984."]
    assert applied("percent", "A 13% rise.") == ["A 20% rise."]


def test_what_is_never_a_figure_to_change():
    assert applied("tenfold", "The Under-21 side won the 200-yard dash 42-18.") == []
    assert applied("scale", "She won the 60m hurdles.") == []
    assert applied("digits", "He was 19-year-old.") == []


def test_equivalent_rewrites():
    assert applied("eq_words", "Up to 1.4m workers.") == ["Up to 1.4 million workers."]
    assert applied("eq_millions", "It paid $1.5bn.") == ["It paid $1,500m."]
    assert applied("eq_percent", "A rise of 13 per cent.") == ["A rise of 13%."]
    assert "There are 2,000,000 fans." in applied("eq_number", "There are two million fans.")
    assert applied("eq_number", "It gets between three and four million requests.") == []
    assert applied("eq_number", "It has 2-3 million users.") == []


def test_rewording_moves_attribution_and_keeps_the_marked_figure():
    rng = random.Random(1)
    s = "Police said \x0114\x02 people were held after the raid in Leeds."
    out = perturb.reword(s, rng)
    assert out is not None and out.startswith("\x0114\x02 people were held") and out.endswith(", police stated.")
    assert perturb.reword("Nothing here to move at all", rng) is None


def test_split_is_fixed_by_article_key():
    assert perturb.split_of("business/001.txt") == perturb.split_of("business/001.txt")
    keys = [f"business/{i:03}.txt" for i in range(1, 501)]
    share = sum(perturb.split_of(k) == "test" for k in keys) / len(keys)
    assert 0.15 < share < 0.25


@pytest.mark.parametrize("form", ["identical", "reworded"])
def test_pairs_mark_the_changed_figure_in_both_texts(form):
    text = "Shares rose 6% on Monday, analysts said.\n\nThe firm said profits rose to £3.2m in 2004."
    s = text.index("The firm")
    lo = text.index("3.2") - s
    p = perturb._make("x", "dev", "tenfold", form, text, s, len(text), (lo, lo + 3, "32"), random.Random(0))
    assert p is not None and p.must_flag
    assert p.a_figure == "3.2" and p.b_figure == "32"
    assert p.b_text.startswith("Shares rose 6% on Monday, analysts said.\n\n")


def test_character_references_and_seconds_of_time_are_no_figures():
    assert applied("digits", "Wayne Rooney se volvi&#243; loco en el Bernab&#233;u.") == []
    assert applied("year", "It cost &#1983; in 1983.") == ["It cost &#1983; in 1984."]
    assert applied("ordinal", "Six megabits per second, the second fastest.") == [
        "Six megabits per second, the third fastest."]


def test_dates_and_clock_times_are_left_alone():
    assert applied("tenfold", "The awards are on 27 February, or February 27, at 1030 GMT.") == []
