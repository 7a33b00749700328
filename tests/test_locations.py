"""Every claim's ``line`` and file offsets point at its text in the file, for each input format."""

from __future__ import annotations

import json
import re

import pytest

from factcheck.extract.claims import extract_all
from factcheck.extract.load import load

from .conftest import SHARED, SOURCES

TSV = "002_f5a84a02b796e88a.txt"
# ../shared beside the clone (CI), or beside the folder of worktrees
BBC = next((p for p in (SHARED / "benchmarks" / "bbc_news" / "bbc_articles.jsonl",
                        SHARED.parent.parent / "shared" / "benchmarks" / "bbc_news" / "bbc_articles.jsonl")
            if p.exists()), SHARED / "benchmarks" / "bbc_news" / "bbc_articles.jsonl")


def _letters(s: str) -> str:
    """ASCII letters and digits only: what the seed repairs (punctuation, spaces) never touch."""
    return re.sub(r"[^A-Za-z0-9]", "", s)


def _claims(folder):
    articles, _ = load([folder])
    return articles, extract_all(articles)


@pytest.fixture(scope="module")
def seed_claims():
    """The seed articles and their claims, read once for the module (the tests only read them)."""
    return _claims(SOURCES)


def _line_of(raw: str, offset: int) -> int:
    return raw.count("\n", 0, offset) + 1


@pytest.mark.parametrize("name", ["000_4b9686e93201d282.txt", "001_04631ecc3b75b74c.txt", TSV,
                                  "003_b5c2766ab9873b28.txt", "004_43698ed40160f2b4.txt"])
def test_seed_claims_point_at_their_text(seed_claims, name):
    """Plain text and the damaged TSV: the file's text at the offsets is the claim, repairs aside."""
    raw = (SOURCES / name).read_text(encoding="utf-8")
    articles, claims = seed_claims
    ids = {a.id for a in articles if a.path == name}
    mine = [c for c in claims if c.article_id in ids]
    assert mine
    for c in mine:
        span = raw[c.file_start:c.file_end]
        assert _letters(span) == _letters(c.text), (c.line, span, c.text)
        assert span[0] == c.text[0] or not c.text[0].isascii()
        assert span[-1] == c.text[-1] or not c.text[-1].isascii()
        assert c.line == _line_of(raw, c.file_start)


def test_tsv_records_keep_their_own_lines(seed_claims):
    """The TSV's records after the glued line keep their file lines (record 13 is on line 12)."""
    articles, claims = seed_claims
    last = next(a for a in articles if a.id == f"{TSV}#13")
    assert last.line == 12
    assert {c.line for c in claims if c.article_id == last.id} == {12}


JSONL_LINES = [
    {"id": "business/001.txt", "title": "Acme raises $5m \u2018quickly\u2019",
     "text": "Acme Robotics said it raised $50 million.\n\nIts \"Series B\" round valued it at $400 million \U0001F680."},
    {"text": "Tab\there: the fund holds \u00a3300m.\nA second line says 12% of staff left.", "id": 7,
     "date": "2018-03-01"},
    {"title": "No figures here", "text": "Nothing to count."},
    {"text": "The \\ backslash and \u00e9t\u00e9 sales rose 40% to $1.2bn, \u201cwe\u201d said."},
]


def _write_jsonl(path, objs, ascii_only):
    with open(path, "w", encoding="utf-8") as f:
        for obj in objs:
            f.write(json.dumps(obj, ensure_ascii=ascii_only) + "\n\n")


@pytest.mark.parametrize("ascii_only", [True, False], ids=["escaped", "utf8"])
def test_jsonl_claims_point_at_their_text(tmp_path, ascii_only):
    """Escapes (\\n, \\", \\u2019, surrogate pairs) included: decoding the span gives the claim."""
    _write_jsonl(tmp_path / "feed.jsonl", JSONL_LINES, ascii_only)
    raw = (tmp_path / "feed.jsonl").read_text(encoding="utf-8")
    articles, claims = _claims(tmp_path)
    # line 7 has no id, so it is numbered 7: taken by line 3's id, it becomes 7~2
    assert [a.id for a in articles] == ["feed.jsonl#business/001.txt", "feed.jsonl#7", "feed.jsonl#5",
                                        "feed.jsonl#7~2"]
    assert articles[0].title == "Acme raises $5m \u2018quickly\u2019"
    assert [a.line for a in articles] == [1, 3, 5, 7]
    assert len(claims) >= 5
    for c in claims:
        span = raw[c.file_start:c.file_end]
        assert json.loads(f'"{span}"') == c.text, (span, c.text)
        assert c.line == _line_of(raw, c.file_start) == next(a.line for a in articles if a.id == c.article_id)


def test_utf16_file_offsets_index_the_decoded_text(tmp_path):
    text = "Acme Robotics said it raised $50 million.\nThe round valued it at $400 million.\n"
    (tmp_path / "wide.txt").write_bytes(text.encode("utf-16-le"))
    (tmp_path / "wide_bom.txt").write_bytes(text.encode("utf-16"))
    articles, claims = _claims(tmp_path)
    assert [a.text for a in articles] == [text, text]
    for c in claims:
        assert text[c.file_start:c.file_end] == c.text and c.line == _line_of(text, c.file_start)


@pytest.mark.skipif(not BBC.exists(), reason="BBC corpus not present (../shared/benchmarks)")
def test_bbc_jsonl_claims_point_at_their_line(tmp_path):
    """The corpus's first 200 records: every claim on its record's line, its span decoding to it."""
    with open(BBC, encoding="utf-8") as f:
        head = [next(f) for _ in range(200)]
    (tmp_path / "bbc.jsonl").write_text("".join(head), encoding="utf-8")
    raw = "".join(head)
    articles, claims = _claims(tmp_path)
    assert len(articles) == 200 and articles[96].id == "bbc.jsonl#business/097.txt"
    assert articles[96].title == json.loads(head[96])["title"]
    by_id = {a.id: a for a in articles}
    for c in claims:
        assert c.line == by_id[c.article_id].line
        assert json.loads(f'"{raw[c.file_start:c.file_end]}"') == c.text
