"""The loader under hostile files: each is read or skipped with a note, never an exception,
and the seed articles beside it load exactly as they do alone. The quick loop reads every
hostile file at once beside the seeds and checks each file's outcome there; `make test` also
reads each one alone beside them."""

from __future__ import annotations

import functools
import json
import shutil
import subprocess

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from factcheck.extract.decode import NotText, decode
from factcheck.extract.load import read_sources, read_text

from ..conftest import SOURCES, examples
from .corpus import HOSTILE, write_corpus

pytestmark = pytest.mark.slow  # hostile files beside the seeds: `make test`; tests/test_load.py keeps each loading rule in the quick loop


@functools.cache
def clean():
    """The seed articles read alone (once, when a test first needs them, not at collection)."""
    return read_sources([SOURCES])


def _seed_view(loaded):
    return [(a.id, a.text, a.line, a.title, a.date) for a in loaded.articles if a.path in {
        b.path for b in clean().articles}]


def _read_as_expected(loaded, hostile):
    """``hostile`` read, noted or skipped as its entry in the corpus says, in ``loaded``."""
    mine = [n for n in loaded.notes if n.path.startswith(hostile.name)]
    theirs = [a for a in loaded.articles if a.path.startswith(hostile.name)]
    skipped = [n for n in loaded.skipped if n.path.startswith(hostile.name)]
    if hostile.expect == "skip":
        assert not theirs and skipped, mine
        assert all(n.message.startswith("skipped: ") for n in skipped)
    elif hostile.expect == "note":
        assert mine, "a note names what was recovered"
    else:
        assert theirs and not skipped, mine
    assert all(hostile.why.lower() in " ".join(n.message for n in mine).lower() for _ in [0] if hostile.why)


@pytest.fixture(scope="module")
def every_hostile_file(tmp_path_factory):
    """The seed articles and every hostile file in one folder, read once for the module."""
    folder = tmp_path_factory.mktemp("every") / "in"
    shutil.copytree(SOURCES, folder)
    write_corpus(folder)
    yield read_sources([folder])
    subprocess.run(["rm", "-rf", str(folder)], check=False)  # trees deeper than rmtree's recursion


@pytest.mark.parametrize("hostile", HOSTILE, ids=[h.name for h in HOSTILE])
def test_hostile_file_among_all_of_them(every_hostile_file, hostile):
    _read_as_expected(every_hostile_file, hostile)


@pytest.mark.slow  # each file alone beside the seeds: 58 copies and reads (the quick loop reads them all at once)
@pytest.mark.parametrize("hostile", HOSTILE, ids=[h.name for h in HOSTILE])
def test_hostile_file_beside_the_seeds(seeds_beside, hostile):
    write_corpus(seeds_beside, [hostile.name])
    loaded = read_sources([seeds_beside])
    assert _seed_view(loaded) == _seed_view(clean())  # the good articles, untouched
    _read_as_expected(loaded, hostile)


def test_every_hostile_file_at_once(every_hostile_file):
    loaded = every_hostile_file
    assert _seed_view(loaded) == _seed_view(clean())
    assert len({a.id for a in loaded.articles}) == len(loaded.articles)
    skips = {h.name for h in HOSTILE if h.expect == "skip"}
    assert {n.path.split("/")[0] for n in loaded.skipped} == skips | {"cut.jsonl", "open_braces.jsonl"}  # lines of them


@settings(max_examples=examples(200), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=3000))
def test_any_bytes_decode_or_are_refused(data):
    try:
        text = decode(data).text
    except NotText as e:
        assert str(e)
    else:
        assert isinstance(text, str)


@pytest.mark.slow  # the quick loop leaves it out (`make test` runs it)
@settings(max_examples=100, deadline=None)
@given(st.text(alphabet=st.characters(min_codepoint=32, max_codepoint=0xFF, blacklist_categories=("Cc",)), min_size=20, max_size=400),
       st.sampled_from(["utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-32-le", "utf-32-be"]))
def test_latin_text_in_utf16_and_utf32_is_read_back(text, codec):
    text = "Acme said " + text
    assert decode(text.encode(codec)).text == text


JSON = st.recursive(st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
                    lambda kids: st.lists(kids, max_size=4) | st.dictionaries(st.text(max_size=8), kids, max_size=4),
                    max_leaves=12)
RECORD = st.fixed_dictionaries({"text": st.text(max_size=200) | JSON},
                               optional={"id": JSON, "date": JSON, "title": JSON})


@pytest.mark.slow  # the quick loop leaves it out (`make test` runs it)
@settings(max_examples=200, deadline=None)
@given(st.lists(RECORD | JSON, min_size=1, max_size=6))
def test_any_json_lines_give_articles_or_notes(objs):
    text = "".join(json.dumps(o) + "\n" for o in objs)
    notes, skipped = [], []
    articles = list(read_text(text, "feed.jsonl", notes, suffix=".jsonl", skipped=skipped))
    assert len(articles) + len(skipped) == len(objs)
    assert len({a.id for a in articles}) == len(articles)
    for a in articles:
        a.text.encode("utf-8")  # writable
        assert a.date is None or len(a.date) in (4, 7, 10)


@settings(max_examples=examples(100), deadline=None)
@given(st.text(max_size=600))
def test_any_text_file_reads(text):
    notes, skipped = [], []
    articles = list(read_text(text, "story.txt", notes, skipped=skipped))
    assert articles or skipped or "\t" in text  # a TSV of empty records: the file-level note covers it
    for a in articles:
        assert a.text and a.id.startswith("story.txt#")


UNREADABLE = """
import sys
from factcheck.extract.load import read_sources

loaded = read_sources([sys.argv[1]])
print([a.id for a in loaded.articles])
print([str(n) for n in loaded.skipped])
"""


def test_unreadable_file_and_folder_are_notes(tmp_path):
    """Permissions really refused (as root: without the capabilities that bypass them)."""
    import os
    import shutil
    import subprocess
    import sys

    (tmp_path / "good.txt").write_text("Acme raised $5 million.\n", encoding="utf-8")
    (tmp_path / "locked.txt").write_text("Acme raised $6 million.\n", encoding="utf-8")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "a.txt").write_text("Acme raised $7 million.\n", encoding="utf-8")
    os.chmod(tmp_path / "locked.txt", 0)
    os.chmod(tmp_path / "sub", 0)
    prefix = []
    if os.geteuid() == 0:
        if not shutil.which("setpriv"):
            pytest.skip("running as root without setpriv: permissions cannot be refused")
        caps = "-dac_override,-dac_read_search"
        prefix = ["setpriv", f"--inh-caps={caps}", f"--bounding-set={caps}"]
    try:
        out = subprocess.run([*prefix, sys.executable, "-c", UNREADABLE, str(tmp_path)], capture_output=True,
                             text=True, check=True).stdout.splitlines()
    finally:
        os.chmod(tmp_path / "sub", 0o755)
        os.chmod(tmp_path / "locked.txt", 0o644)
    assert out[0] == "['good.txt#1']"
    assert "sub/:1: skipped: cannot read this folder (Permission denied)" in out[1]
    assert "locked.txt:1: skipped: cannot read it (Permission denied)" in out[1]
