"""The claim base on disk: build, save, open, update, and the errors a user can act on."""

from __future__ import annotations

import json
import sqlite3
import tempfile
from pathlib import Path

import numpy as np
import pytest

from factcheck.base import db
from factcheck.base import store as claim_base
from factcheck.base.store import ClaimBase, export, open_base, update
from factcheck.base.words import RULES
from factcheck.errors import StoreError
from factcheck.extract.claims import extract_all
from factcheck.extract.load import load
from factcheck.extract.mentions import mentions
from factcheck.pipeline import run

from .conftest import ROOT, SOURCES

FUNDING = """date 2018-03-01 Acme Robotics closes its funding round

Acme Robotics, the Boston robotics startup, said it had raised $50 million in its Series B round led by Foo Capital.

The deal valued Acme Robotics at $400 million, the company said.
"""
HIRING = """date 2018-03-02 Acme Robotics expands in Ohio after its funding round

Acme Robotics, the Boston robotics startup, has raised $80 million in its Series B round led by Foo Capital.

The company employs about 300 workers at its plant in Ohio.
"""


@pytest.fixture
def sources(tmp_path):
    folder = tmp_path / "sources"
    folder.mkdir()
    (folder / "funding.txt").write_text(FUNDING, encoding="utf-8")
    (folder / "hiring.txt").write_text(HIRING, encoding="utf-8")
    return folder


def test_base_round_trip(sources, tmp_path, fake_embedder):
    result = run([sources], fake_embedder)
    ClaimBase.from_result(result).save(tmp_path / "base")
    base = open_base(tmp_path / "base")
    assert base.model == "hash-bow@test" and base.dim == 64
    assert [a.as_json() for a in base.articles] == [a.as_json() for a in result.articles]
    assert [base.claims[i] for i in range(len(base.claims))] == result.claims
    assert [base.mention(j) for j in range(len(base.mentions))] == result.mentions
    assert base.vectors.dtype == np.float16
    assert np.abs(base.vectors.astype(np.float32) - result.vectors).max() < 1e-3
    assert [int(base.mention_article[j]) for j in range(len(base.mentions))] == [
        [a.id for a in base.articles].index(m.article_id) for m in result.mentions]


def test_base_meta_records_model_and_counts(sources, tmp_path, fake_embedder):
    update(tmp_path / "base", [sources], fake_embedder)
    meta = open_base(tmp_path / "base").meta
    assert meta["format"] == "factcheck-claim-base" and meta["version"] == 3
    assert meta["model"] == "hash-bow@test" and meta["model_name"] == "hash-bow"
    assert meta["weights_sha256_prefix"] == "test" and meta["dim"] == 64 and meta["dtype"] == "float16"
    assert meta["counts"] == {"articles": 2, "claims": 4, "mentions": 4}
    assert meta["word_rules"] == RULES
    assert sorted(p.name for p in (tmp_path / "base").iterdir() if not p.name.endswith(("-wal", "-shm"))) == [
        "base.sqlite", "claim_article.1.bin", "content_end.1.bin", "content_words.1.bin", "mention_claim.1.bin",
        "mention_dimension.1.bin", "mention_features.1.bin", "mention_value.1.bin", "vectors.1.bin"]


def test_base_exports_the_same_bytes_twice(sources, tmp_path, fake_embedder):
    base = ClaimBase.from_result(run([sources], fake_embedder))
    base.save(tmp_path / "saved")
    export(base, tmp_path / "one")
    export(open_base(tmp_path / "saved"), tmp_path / "two")
    for name in ("articles.jsonl", "claims.jsonl", "mentions.jsonl", "vectors.npy"):
        assert (tmp_path / "one" / name).read_bytes() == (tmp_path / "two" / name).read_bytes(), name


def test_base_update_adds_replaces_and_skips_unchanged(sources, tmp_path, fake_embedder):
    folder = tmp_path / "base"
    done = update(folder, [sources / "funding.txt"], fake_embedder)
    assert (done.created, done.added, done.replaced) == (True, 1, 0)
    done = update(folder, [sources], fake_embedder)
    assert (done.added, done.replaced, done.unchanged) == (1, 0, 1)
    before = open_base(folder).meta
    done = update(folder, [sources], fake_embedder)
    assert not done.changed and done.unchanged == 2
    assert open_base(folder).meta == before  # nothing was written

    (sources / "funding.txt").write_text(FUNDING.replace("$50 million", "$55 million"), encoding="utf-8")
    done = update(folder, [sources], fake_embedder)
    assert (done.added, done.replaced, done.unchanged) == (0, 1, 1)
    base = open_base(folder)
    assert [a.id for a in base.articles] == ["hiring.txt#1", "funding.txt#1"]  # the replaced one moves to the end
    texts = [base.claims[i].text for i in base.claim_rows()]  # rows of a replaced article are gone
    assert any("$55 million" in t for t in texts) and not any("$50 million" in t for t in texts)
    for j in base.rows("money:USD").tolist() + base.rows("count:worker").tolist():  # each figure: its own claim
        m = base.mention(j)
        assert base.claims[int(base.mention_claim[j])].article_id == m.article_id == m.claim.article_id
    base.verify()


def test_base_fresh_drops_what_is_stored(sources, tmp_path, fake_embedder):
    folder = tmp_path / "base"
    update(folder, [sources], fake_embedder)
    update(folder, [sources / "hiring.txt"], fake_embedder, fresh=True)
    assert [a.id for a in open_base(folder).articles] == ["hiring.txt#1"]


def test_base_leaves_no_temporary_files(sources, tmp_path, fake_embedder):
    folder = tmp_path / "base"
    update(folder, [sources], fake_embedder)
    update(folder, [sources], fake_embedder, fresh=True)
    assert not [p.name for p in folder.iterdir() if p.name.startswith(".")]


class OtherEmbedder:
    identity = "other-model@0123456789abcdef"
    dim = 64

    def __init__(self, inner):
        self.inner = inner

    def encode(self, texts):
        return self.inner.encode(texts)


def test_base_refuses_vectors_of_another_model(sources, tmp_path, fake_embedder):
    folder = tmp_path / "base"
    update(folder, [sources / "funding.txt"], fake_embedder)
    with pytest.raises(StoreError) as e:
        update(folder, [sources / "hiring.txt"], OtherEmbedder(fake_embedder))
    msg = str(e.value)
    assert "hash-bow@test" in msg and "other-model@0123456789abcdef" in msg
    assert f"factcheck update --rebuild --base {folder}" in msg
    assert len(open_base(folder).articles) == 1  # nothing was mixed in


def test_base_rebuild_reembeds_with_the_new_model(sources, tmp_path, fake_embedder):
    folder = tmp_path / "base"
    update(folder, [sources / "funding.txt"], fake_embedder)
    done = update(folder, [sources / "hiring.txt"], OtherEmbedder(fake_embedder), rebuild=True)
    assert done.reembedded and done.added == 1
    base = open_base(folder)
    assert base.model == "other-model@0123456789abcdef" and len(base.articles) == 2
    assert open_base(folder).meta["model"] == "other-model@0123456789abcdef"


def test_base_missing_folder_says_how_to_build_one(tmp_path):
    with pytest.raises(StoreError, match=r"no claim base at .*nowhere: build one with `factcheck update SOURCES"):
        open_base(tmp_path / "nowhere")


def test_base_accepts_the_claims_folder(sources, tmp_path, fake_embedder):
    update(tmp_path / "claims" / "base", [sources], fake_embedder)
    assert open_base(tmp_path / "claims").path == tmp_path / "claims" / "base"


@pytest.fixture
def saved(sources, tmp_path, fake_embedder):
    folder = tmp_path / "base"
    update(folder, [sources], fake_embedder)
    return folder


def _sql(folder, statement, *args):
    conn = sqlite3.connect(folder / "base.sqlite", isolation_level=None)
    try:
        conn.execute(statement, args)
    finally:
        conn.close()


def test_base_missing_database_is_named(saved):
    (saved / "base.sqlite").unlink()
    with pytest.raises(StoreError, match=r"base.sqlite is missing"):
        open_base(saved)


@pytest.mark.parametrize("name", ["vectors", "mention_claim", "claim_article", "content_end", "content_words"])
def test_base_missing_column_file_is_named(saved, name):
    (saved / f"{name}.1.bin").unlink()
    with pytest.raises(StoreError, match=rf"{name}.1.bin is missing"):
        open_base(saved)


def test_base_truncated_column_file_is_named(saved):
    data = (saved / "vectors.1.bin").read_bytes()
    (saved / "vectors.1.bin").write_bytes(data[:-128])
    with pytest.raises(StoreError, match=r"vectors.1.bin: not readable \(vectors.1.bin holds 3 rows, the database "
                                         r"records 4\)"):
        open_base(saved)


def test_base_changed_column_file_is_found_by_verify(saved):
    data = bytearray((saved / "vectors.1.bin").read_bytes())
    data[10] ^= 0xFF
    (saved / "vectors.1.bin").write_bytes(bytes(data))
    base = open_base(saved)  # not hashed at open ...
    with pytest.raises(StoreError, match=r"segment 1 of the column files is not what was written \(sha256\)"):
        base.verify()  # ... but by the full check


def test_base_verify_says_what_it_checked(saved):
    done = open_base(saved).verify()
    assert done[0] == "database pages (integrity_check)" and "1 segment(s)" in done[1] and "4 figures" in done[2]


def test_base_corrupt_record_is_named_with_its_row(saved):
    _sql(saved, "UPDATE mentions SET data = ? WHERE row = 1", b"\x00garbage")
    base = open_base(saved)  # rows are parsed when needed ...
    base.mention(0)
    with pytest.raises(StoreError, match=r"base.sqlite: mentions row 1: not a valid record"):
        base.mention(1)
    with pytest.raises(StoreError, match=r"base.sqlite: mentions row 1: not a valid record"):
        open_base(saved).mentions.parse_rows([0, 1, 2])  # ... alone or in bulk


def test_base_rows_that_do_not_belong_together(saved):
    """A figure's row moved to another article's claim by hand: it no longer ties to the claim
    its column records."""
    base = open_base(saved)
    other = next(j for j in range(4) if base.mention(j).article_id != base.mention(0).article_id)
    claim = sqlite3.connect(saved / "base.sqlite").execute("SELECT claim FROM mentions WHERE row = ?",
                                                            [other]).fetchone()[0]
    _sql(saved, "UPDATE mentions SET claim = ? WHERE row = 0", claim)
    with pytest.raises(StoreError, match=r"mentions row 0: a figure of .* do not belong together"):
        open_base(saved).mention(0)


def _meta(folder, name, value):
    _sql(folder, "UPDATE meta SET value = ? WHERE name = ?", json.dumps(value), name)


def test_base_newer_format_asks_for_an_upgrade(saved):
    _meta(saved, "version", 99)
    with pytest.raises(StoreError, match=r"format version 99, this factcheck reads version 3: upgrade factcheck"):
        open_base(saved)


def test_base_built_with_other_figure_attributes_must_be_rebuilt(saved):
    _meta(saved, "mention_fields", claim_base.MENTION_FIELDS[:-1])
    with pytest.raises(StoreError, match=r"describes a figure by other attributes .* --fresh"):
        open_base(saved)


def test_base_not_a_base(saved):
    _meta(saved, "format", "something else")
    with pytest.raises(StoreError, match=r"base.sqlite: not a factcheck claim base"):
        open_base(saved)


def test_base_committed_matches_the_sources():
    """claims/base is what the current code extracts from sources/: else run `make base`."""
    from factcheck.match.embed import MODEL_NAME, WEIGHTS_SHA256

    folder = ROOT / "claims" / "base"
    hint = "claims/base is out of date: rebuild it with `make base` (factcheck update sources/ --fresh)"
    try:
        base = open_base(folder)
    except StoreError as e:
        pytest.fail(f"{hint}: {e}")
    assert base.model == f"{MODEL_NAME}@{WEIGHTS_SHA256[:16]}"
    articles, _ = load([SOURCES])
    assert [(a.id, claim_base.text_sha1(a.text)) for a in articles] == list(
        zip([a.id for a in base.articles], base.digests)), hint
    claims = extract_all(articles)
    assert [base.claims[i] for i in range(len(base.claims))] == claims, hint
    assert [base.mention(j) for j in range(len(base.mentions))] == mentions(claims, {a.id: a for a in articles}), hint
    base.verify()
    assert base.words is not None, hint
    exported = ROOT / "claims" / "base-export"
    with tempfile.TemporaryDirectory() as tmp:
        export(base, Path(tmp))
        for name in claim_base.EXPORT_FILES:
            assert (Path(tmp) / name).read_bytes() == (exported / name).read_bytes(), \
                f"claims/base-export/{name} is not the export of claims/base: run `make base`"


def test_base_rows_by_dimension(saved):
    base = open_base(saved)
    usd = base.rows("money:USD")
    assert len(usd) == 3 and all(base.mention(int(j)).dimension == "money:USD" for j in usd)
    assert len(base.rows("percent")) == 0


def test_base_stores_no_article_text(saved):
    stored = sqlite3.connect(saved / "base.sqlite").execute("SELECT data FROM articles").fetchall()
    assert len(stored) == 2 and not any(b"led by Foo Capital" in db.unpack(d) for (d,) in stored)
