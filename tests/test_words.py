"""The claim base's word index (``base/words.py``): it answers what the search of the stored
lines answers, ``check`` gives the same flags and report with it as without it, it grows with
each update as a whole build would make it, and a base saved without it still works."""

from __future__ import annotations

import json
import re
import shutil
import sqlite3

import numpy as np
import pytest

from factcheck.base.check import aligned, check, load_new, longest_words, sharing_rows
from factcheck.base.store import ClaimBase, open_base, update
from factcheck.base.words import WordIndex, line_terms
from factcheck.errors import StoreError
from factcheck.match.align import MIN_SCORE, _candidates, tokens
from factcheck.outputs.check_formats import to_json, to_text
from factcheck.pipeline import extract_claims, run

from .conftest import ROOT, SOURCES

# words the stored lines hold outside the claim text too (field names, units, article ids),
# apostrophes straight and curly, letters outside ASCII, a name with a one-letter part
ODD = """date 2019-05-02 O'Neill's café sells its stake

O'Neill's café, which the company’s founder opened in 1999, sold a 40% stake for £3m, its unit said on the date set.
The "quantities" were about 5 million units, the text said\\n of the deal.
Café owners in Dublin paid €2m for the O’Neill site, a rise of 12% on the year.
"""


def _without_index(folder):
    """The base read without its word index: ``check`` searches the stored lines instead."""
    base = open_base(folder)
    base.words = None
    return base


def _same_as_a_build(base):
    """The database's word index answers as ``WordIndex.build`` of the live claims does: each
    term's rows, and each claim's content words."""
    rows = base.claim_rows()
    base.claims.parse_rows(rows)
    whole = WordIndex.build([base.claims.lines[int(r)] for r in rows], [base.claims[int(r)] for r in rows])
    for k, w in enumerate(whole.words):
        want = rows[whole.term_rows[whole.term_start[k]:whole.term_start[k + 1]]]
        got = base.words.sharing(base.claims.lines, [w]) if w.isalpha() and len(w) >= 3 else want
        if not np.array_equal(np.sort(got), np.sort(want)):
            return False
    vocab = dict(sqlite3.connect(base.path / "base.sqlite").execute("SELECT id, word FROM vocab").fetchall())
    ends = np.asarray(base.content_end)
    for i, r in enumerate(rows.tolist()):
        lo = int(ends[r - 1]) if r else 0
        got = sorted(vocab[int(x)] for x in base.content_words[lo:int(ends[r])])
        want = [whole.words[x] for x in whole.content_words[whole.content_start[i]:whole.content_start[i + 1]]]
        if got != sorted(want):
            return False
    return True


@pytest.fixture(scope="module")
def seeds(tmp_path_factory):
    """The seed articles and one of odd words, through the pipeline (hashing embedder)."""
    from .conftest import HashEmbedder

    folder = tmp_path_factory.mktemp("src")
    for p in SOURCES.iterdir():
        shutil.copy(p, folder / p.name)
    (folder / "odd.txt").write_text(ODD, encoding="utf-8")
    return folder, run([folder], HashEmbedder())


@pytest.fixture(scope="module")
def seeds_base(seeds, tmp_path_factory):
    """``update`` of the seed folder into a new base, made once; ``stored`` gives each test a copy."""
    from .conftest import made_base

    return made_base(tmp_path_factory.mktemp("made") / "base", [seeds[0]])


@pytest.fixture
def stored(seeds_base, tmp_path):
    """A base of the seed folder, this test's own (as ``update(tmp_path / "base", [folder])`` makes it)."""
    return shutil.copytree(seeds_base, tmp_path / "base")


@pytest.mark.slow  # whole-base runs; the quick loop keeps check-with-index = check-without on seed 003
def test_word_index_sharing_is_the_search_of_the_lines(seeds):
    """For every word a new claim can put in the search, the index finds the rows the
    ``\\bword\\b`` search of the lower-cased lines finds."""
    _, result = seeds
    base = ClaimBase.from_result(result)
    index = base.words
    assert index is not None
    lines = base.claims.lines
    words = {w for c in result.claims for w in tokens(c).content if not w[0].isdigit()}
    words |= {"date", "text", "quantities", "unit", "usd", "qualifier", "o'neill", "o'neill's", "company's", "caf",
              "dublin", "nowhere"}
    assert {"o'neill's", "caf"} <= words
    lowered = [ln.lower() for ln in lines]
    for w in sorted(words):
        rx = re.compile(rb"\b" + re.escape(w.encode()) + rb"\b")
        expected = [i for i, ln in enumerate(lowered) if rx.search(ln)]
        assert index.sharing(lines, [w]).tolist() == expected, w
    assert "date" in line_terms(lines[0]) and len(index.sharing(lines, ["date"])) == len(lines)


@pytest.mark.parametrize("held_out", sorted(p.name for p in SOURCES.iterdir()) + ["odd.txt"])
def test_word_index_blocking_is_the_batch_blocking(seeds, held_out):
    """The pairs ``WordIndex.blocked`` keeps for one article's claims against the stored rows
    are ``align._candidates``' for the same claims, on every row and on the rows sharing a word."""
    folder, result = seeds
    base = ClaimBase.from_result(result)
    assert base.words is not None
    new = [c for c in result.claims if c.article_id.startswith(held_out)]
    every = np.arange(len(base.claims))
    for rows in (every, np.asarray(sharing_rows(base, new), np.int64)):
        stored = [base.claims[int(i)] for i in rows]
        expected = _candidates([tokens(c) for c in new], [tokens(c) for c in stored], MIN_SCORE, False)
        assert base.words.blocked([tokens(c).content for c in new], rows, MIN_SCORE) == sorted(expected)
    assert sharing_rows(base, new) == base.words.sharing(base.claims.lines, longest_words(new)).tolist()


def _check_both_ways(folder, paths, embedder, tmp_path):
    """Check with the word index, and of the base read without it: their flags and their
    reports (json, text)."""
    with_index, without = open_base(folder), _without_index(folder)
    assert with_index.words is not None and without.words is None
    fast, slow = check(with_index, paths, embedder), check(without, paths, embedder)
    assert [f.id for f in fast.flags] == [f.id for f in slow.flags]
    assert [to_json(fast), to_text(fast)] == [to_json(slow), to_text(slow)]
    return fast.flags


# the quick loop holds out 003 (one of the two seeds that raise a flag here); `make test` each of the five
@pytest.mark.parametrize("held_out", [p.name if p.name.startswith("003_") else pytest.param(p.name, marks=pytest.mark.slow)
                                      for p in sorted(SOURCES.iterdir())])
def test_check_with_the_word_index_is_check_without(seeds, fake_embedder, tmp_path, held_out):
    """Each seed article checked against a base of the others, and checked in place of its
    stored version against all of them: the same aligned pairs, flags and reports."""
    folder, result = seeds
    arts, _, _ = load_new([folder / held_out])
    claims = extract_claims(arts)
    for name, keep in (("others", lambda aid: not aid.startswith(held_out)), ("all", lambda aid: True)):
        base_dir = tmp_path / name
        update(base_dir, [p for p in sorted(folder.iterdir()) if keep(p.name)], fake_embedder)
        a, b = aligned(open_base(base_dir), claims, arts), aligned(open_base(base_dir), claims, arts, index=False)
        assert [(x.key, y.key, s) for x, y, s in a] == [(x.key, y.key, s) for x, y, s in b]
        _check_both_ways(base_dir, [folder / held_out], fake_embedder, tmp_path / name)


@pytest.mark.slow  # whole-base runs; the quick loop keeps check-with-index = check-without on seed 003
def test_check_with_the_word_index_finds_stored_twins(stored, fake_embedder, tmp_path):
    """The comparison above has work to do: a seed story filed again under a new name aligns
    with its stored twin through the index, and raises the same flags either way."""
    story = max(SOURCES.iterdir(), key=lambda p: len(p.read_text(encoding="utf-8")))
    refiled = tmp_path / "refiled.txt"
    refiled.write_text(re.sub(r"\d", lambda m: str((int(m.group()) + 1) % 10), story.read_text(encoding="utf-8")),
                       encoding="utf-8")
    arts, _, _ = load_new([refiled])
    pairs = aligned(open_base(stored), extract_claims(arts), arts)
    assert any(b.article_id.startswith(story.name) for _, b, _ in pairs)
    assert _check_both_ways(stored, [refiled], fake_embedder, tmp_path)


def _same_index(a: WordIndex, b: WordIndex) -> bool:
    x, y = a.arrays(), b.arrays()
    return x.keys() == y.keys() and all(np.array_equal(x[k], y[k]) for k in x)


@pytest.mark.slow  # whole-base runs; the quick loop keeps check-with-index = check-without on seed 003
def test_word_index_grows_with_each_update_as_a_whole_build(seeds, fake_embedder, tmp_path):
    """Adding articles one update at a time, and replacing one, leaves the index a build of the
    final base from scratch would make."""
    folder, _ = seeds
    shutil.copytree(folder, tmp_path / "src")
    paths = sorted((tmp_path / "src").iterdir())
    base_dir = tmp_path / "base"
    update(base_dir, paths[:5], fake_embedder)
    update(base_dir, paths[5:], fake_embedder)
    paths[2].write_text(paths[2].read_text(encoding="utf-8").replace("2", "7"), encoding="utf-8")  # edited in place
    done = update(base_dir, [paths[2]], fake_embedder)
    assert done.replaced and done.added == 0
    base = open_base(base_dir)
    assert base.words is not None and len(base.claim_rows()) < base.ends.claims  # the replaced rows are gone
    assert _same_as_a_build(base)
    ClaimBase.from_result(run(paths, fake_embedder)).save(tmp_path / "once")
    assert _same_as_a_build(open_base(tmp_path / "once"))


def test_word_index_rows_hold_their_words_in_order(seeds):
    """Each claim's word ids ascend (a set's order, which changes from one process to the next,
    never reaches the file), and the committed base's index is the one a build makes."""
    _, result = seeds
    base = ClaimBase.from_result(result)
    index = WordIndex.build([base.claims.lines[i] for i in range(len(base.claims))],
                            [base.claims[i] for i in range(len(base.claims))])
    cs, cw = index.content_start, index.content_words
    assert all(np.all(np.diff(cw[cs[i]:cs[i + 1]]) > 0) for i in range(len(cs) - 1))
    assert _same_as_a_build(base)
    assert _same_as_a_build(open_base(ROOT / "claims" / "base"))


def test_word_index_of_other_rules_is_refused(seeds, stored, fake_embedder):
    """An index built by other tokenisation rules would block differently: the base must be
    built afresh."""
    folder, _ = seeds
    base_dir = stored
    conn = sqlite3.connect(base_dir / "base.sqlite", isolation_level=None)
    conn.execute("UPDATE meta SET value = ? WHERE name = 'word_rules'", [json.dumps("0" * 16)])
    conn.close()
    with pytest.raises(StoreError, match=r"word index was built by other rules: .* --fresh"):
        open_base(base_dir)
    update(base_dir, [folder], fake_embedder, fresh=True)
    assert _same_as_a_build(open_base(base_dir))


def test_word_index_damaged_is_named(stored):
    base_dir = stored
    data = bytearray((base_dir / "content_words.1.bin").read_bytes())
    data[len(data) // 2] ^= 1
    (base_dir / "content_words.1.bin").write_bytes(bytes(data))
    with pytest.raises(StoreError, match=r"segment 1 of the column files is not what was written"):
        open_base(base_dir).verify()
    (base_dir / "content_words.1.bin").unlink()
    with pytest.raises(StoreError, match=r"content_words.1.bin is missing"):
        open_base(base_dir)
