"""No input costs quadratic time (issue 23). Each test feeds one path a line shaped like the one
that once took quadratic time, large enough that the old code would take minutes to hours and
the linear one milliseconds; the bound (BOUND seconds) is so generous it cannot flake on a busy
machine. bench/linear.py prints the doubling tables. Each shape runs twice: small in the quick
loop (the same assertions on what is read), at full size under `slow` (the time bound)."""

from __future__ import annotations

import json
import re
import time
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from factcheck.extract import sentences
from factcheck.extract.claims import extract
from factcheck.extract.lexicon import MONTH
from factcheck.extract.load import dateline, read_sources, read_text
from factcheck.extract.quantities import parse_figures
from factcheck.records import Note

from .conftest import examples

BOUND = 30.0  # seconds; the old code took minutes (or hours) on each input below


def sizes(full: int) -> Any:
    """A shape's size: 1/100 of it in the quick loop, all of it in `make test` (slow)."""
    return pytest.mark.parametrize("n", [full // 100, pytest.param(full, marks=pytest.mark.slow)])


def _timed(fn: Callable[[], Any], bound: float = BOUND) -> Any:
    t0 = time.perf_counter()
    out = fn()
    took = time.perf_counter() - t0
    assert took < bound, f"{took:.1f} s: not linear"
    return out


def _article(text: str, suffix: str = ".txt"):
    notes: list[Note] = []
    arts = list(read_text(text, "t" + suffix, notes, suffix=suffix))
    return arts, notes


# -- the sentence splitter's end pattern: a run of stops not followed by a capital (old: 54.7 s at 60k)

@sizes(300_000)
def test_a_run_of_dots_splits_in_linear_time(n):
    for stop in ".?!":
        line = "Acme raised $7 million" + stop * n + " and more. Then it raised $5 million."
        spans = _timed(lambda line=line: list(sentences.split(line)))
        assert len(spans) == 2 and line[slice(*spans[0])].endswith(stop * 3 + " and more.")
        assert line[slice(*spans[1])] == "Then it raised $5 million."


@sizes(300_000)
def test_a_run_of_dots_through_claim_extraction(n):
    arts, _ = _article("Acme raised $7 million" + "." * n + " and more.\n")
    claims = _timed(lambda: extract(arts[0]))
    assert claims and claims[0].quantities[0].text == "$7 million"


# -- the dateline of a TSV record that lost its tab (old: 68.6 s at 40k names)

@sizes(200_000)
def test_a_long_list_of_names_in_a_tsv_line_reads_in_linear_time(n):
    text = "Acme funds\tAcme raised $5 million.\nAcme " + ", ".join(["Aa"] * n) + " raised $6 million.\n"
    arts, notes = _timed(lambda: _article(text, ".tsv"))
    assert len(arts) == 2 and any("no title field" in n.message for n in notes)


def test_the_dateline_split_is_the_old_patterns():
    old = re.compile(rf"\s+(?=[A-Z][A-Za-z]+(?:,\s*[A-Z][A-Za-z]+)*\s*[-–—]\s*{MONTH}\.?\s+\d{{1,2}},\s+\d{{4}})")
    for s in ["Acme raises $5m  BEIJING, China - May 22, 2018 Acme said", "Title BEIJING—Sept. 1, 2019 x",
              "Title x,BEIJING - May 1, 2018", "Title A - May 1, 2018", "T  Aa,  Bb ,Cc - Jan 2, 2020",
              "T Aa, Bb - Jan 2, 2020 and Cc - Feb 3, 2021", "No dateline here, at all"]:
        m = old.search(s)
        assert dateline(s) == (m.start() if m else None), s


@settings(max_examples=examples(300), deadline=None)
@given(st.lists(st.sampled_from(["A", "a", "Bb", "Beijing", " ", "  ", ",", ", ", "-", " - ", "—", "May ", "Sept. ",
                                 "1", "22, ", "2018", "x", "é", "\u00a0", "BEIJING, China - May 22, 2018"]), max_size=14))
def test_the_dateline_scan_agrees_with_the_old_pattern(parts):
    old = re.compile(rf"\s+(?=[A-Z][A-Za-z]+(?:,\s*[A-Z][A-Za-z]+)*\s*[-–—]\s*{MONTH}\.?\s+\d{{1,2}},\s+\d{{4}})")
    s = "".join(parts)
    m = old.search(s)
    assert dateline(s) == (m.start() if m else None)


# -- JSON Lines: a field of many escapes and entities (old: 29.4 s at 224 KB)

@sizes(100_000)
def test_a_jsonl_field_of_entities_and_escapes_reads_in_linear_time(n):
    text = json.dumps({"text": "Acme raised $5 million. " + "&amp;\n" * n + "It raised $6 million."}) + "\n"
    arts, _ = _timed(lambda: _article(text, ".jsonl"))
    a = arts[0]
    assert a.text.startswith("Acme raised $5 million. &\n&\n")
    end = a.text.index("$6 million")  # its file offset still points at it, past n escapes
    assert text[a.file_offset(end):a.file_offset(end) + 10] == "$6 million"


# -- the figure parser on long runs of space (old: 21 s at 8k; masked by the 600-character cut)

@sizes(500_000)
def test_the_figure_parser_on_long_runs_of_space(n):
    text = "Acme raised $7" + " " * n + "million and over $5 " + "\u00a0" * n + "billion."
    found, _ = _timed(lambda: parse_figures(text))
    assert [(q.value, q.unit) for q in found] == [(7e6, "USD"), (5e9, "USD")]
    assert all(text[q.start:q.end] == q.text for q in found)
    assert found[1].text.startswith("over $5") and found[1].text.endswith("billion")


# -- random long lines: the splitter and the parser stay linear, and say the same as on short text

TOKENS = [".", "?", "!", " ", "\u00a0", "Aa, ", "$7", " million", "5", ",", "-", "...", "Acme ", "(", "”", "A.",
          "\t", "over ", "%", "0.5", "bn "]


def _line(parts: list[tuple[str, int]]) -> str:
    return "".join(tok * k for tok, k in parts)


@pytest.mark.slow  # fuzz: 60 lines of up to 40,000 characters
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(st.lists(st.tuples(st.sampled_from(TOKENS), st.integers(1, 5000)), min_size=1, max_size=8))
def test_random_long_lines_split_in_linear_time(parts):
    line = _line(parts)
    spans = _timed(lambda: list(sentences.split(line)), bound=5.0)
    prev = 0
    for s, e in spans:
        assert prev <= s < e <= len(line) and not line[s].isspace() and not line[e - 1].isspace()
        prev = e


@pytest.mark.slow  # fuzz: 60 lines of up to 40,000 characters
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(st.lists(st.tuples(st.sampled_from(TOKENS), st.integers(1, 5000)), min_size=1, max_size=8))
def test_random_long_lines_parse_in_linear_time(parts):
    line = _line(parts)
    found, rejected = _timed(lambda: parse_figures(line), bound=5.0)
    assert all(line[q.start:q.end] == q.text for q in (*found, *rejected))


OLD_END = re.compile(r"""[.!?…]+["”’)\]]*(?=\s+["“‘(\[]?[A-Z0-9$£€¥])""")


@settings(max_examples=examples(400), deadline=None)
@given(st.text(alphabet=".!?…\"”’) \u00a0AaB1$(", max_size=30), st.integers(0, 30))
def test_the_end_pattern_finds_what_the_old_one_did(text, start):
    start = min(start, len(text))
    old = [m.span() for m in OLD_END.finditer(text, start, len(text))]
    assert [m.span() for m in sentences._ends(text, start, len(text))] == old


# -- `update`'s notes on skipped lines (old: 24.3 s at 20k lines; a list searched per note)

@sizes(50_000)
def test_update_with_many_skipped_lines_is_linear(tmp_path, fake_embedder, n):
    from factcheck.base.store import update

    src = tmp_path / "src"
    src.mkdir()
    (src / "story.txt").write_text("Acme raised $5 million in 2019.\n", encoding="utf-8")
    (src / "braces.jsonl").write_text("{\n" * n, encoding="utf-8")
    loaded = _timed(lambda: read_sources([src]))
    assert len(loaded.skipped) == n
    done = _timed(lambda: update(tmp_path / "base", [src], fake_embedder))
    assert sum(note.path == "braces.jsonl" for note in done.notes) == n
