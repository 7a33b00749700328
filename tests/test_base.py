"""The claim base on disk: build, save, open, update, and the errors a user can act on."""

from __future__ import annotations

import json

import numpy as np
import pytest

from factcheck.base import store as claim_base
from factcheck.base.store import ClaimBase, open_base, update
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


def test_base_manifest_records_model_and_counts(sources, tmp_path, fake_embedder):
    update(tmp_path / "base", [sources], fake_embedder)
    manifest = json.loads((tmp_path / "base" / "manifest.json").read_text())
    assert manifest["format"] == "factcheck-claim-base" and manifest["version"] == 1
    assert manifest["model"] == "hash-bow@test" and manifest["model_name"] == "hash-bow"
    assert manifest["weights_sha256_prefix"] == "test" and manifest["dim"] == 64 and manifest["dtype"] == "float16"
    assert manifest["counts"] == {"articles": 2, "claims": 4, "mentions": 4}
    assert sorted(p.name for p in (tmp_path / "base").iterdir()) == [
        "articles.jsonl", "claims.jsonl", "manifest.json", "mentions.jsonl", "vectors.npz", "words.npz"]
    assert manifest["word_index"]["rules"] == RULES and set(manifest["files"]) == {
        "articles.jsonl", "claims.jsonl", "mentions.jsonl", "vectors.npz", "words.npz"}


def test_base_saves_the_same_bytes_twice(sources, tmp_path, fake_embedder):
    base = ClaimBase.from_result(run([sources], fake_embedder))
    base.save(tmp_path / "one")
    base.save(tmp_path / "two")
    for name in ("articles.jsonl", "claims.jsonl", "mentions.jsonl", "vectors.npz"):
        assert (tmp_path / "one" / name).read_bytes() == (tmp_path / "two" / name).read_bytes(), name


def test_base_update_adds_replaces_and_skips_unchanged(sources, tmp_path, fake_embedder):
    folder = tmp_path / "base"
    done = update(folder, [sources / "funding.txt"], fake_embedder)
    assert (done.created, done.added, done.replaced) == (True, 1, 0)
    done = update(folder, [sources], fake_embedder)
    assert (done.added, done.replaced, done.unchanged) == (1, 0, 1)
    before = (folder / "claims.jsonl").read_bytes()
    done = update(folder, [sources], fake_embedder)
    assert not done.changed and done.unchanged == 2
    assert (folder / "claims.jsonl").read_bytes() == before

    (sources / "funding.txt").write_text(FUNDING.replace("$50 million", "$55 million"), encoding="utf-8")
    done = update(folder, [sources], fake_embedder)
    assert (done.added, done.replaced, done.unchanged) == (0, 1, 1)
    base = open_base(folder)
    assert [a.id for a in base.articles] == ["hiring.txt#1", "funding.txt#1"]  # the replaced one moves to the end
    texts = [base.claims[i].text for i in range(len(base.claims))]
    assert any("$55 million" in t for t in texts) and not any("$50 million" in t for t in texts)
    for j in range(len(base.mentions)):  # every figure still points at its own claim and article
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
    assert json.loads((folder / "manifest.json").read_text())["model"] == "other-model@0123456789abcdef"


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


@pytest.mark.parametrize("name", ["articles.jsonl", "claims.jsonl", "mentions.jsonl", "vectors.npz"])
def test_base_missing_file_is_named(saved, name):
    (saved / name).unlink()
    with pytest.raises(StoreError, match=rf"{name} is missing"):
        open_base(saved)


def test_base_truncated_file_is_named(saved):
    lines = (saved / "claims.jsonl").read_text().splitlines(keepends=True)
    (saved / "claims.jsonl").write_text("".join(lines[:-1]))
    with pytest.raises(StoreError, match=r"claims.jsonl: 3 lines, the manifest says 4"):
        open_base(saved)


def _drop_digests(folder):
    """The manifest of a base saved before file digests were recorded."""
    manifest = json.loads((folder / "manifest.json").read_text())
    del manifest["files"]
    (folder / "manifest.json").write_text(json.dumps(manifest))


def test_base_changed_file_with_the_same_line_count_is_refused(saved):
    lines = (saved / "claims.jsonl").read_text().splitlines(keepends=True)
    (saved / "claims.jsonl").write_text("".join([lines[0].replace('"line":', '"line": ', 1)] + lines[1:]))
    with pytest.raises(StoreError, match=r"claims.jsonl: its content is not the one the manifest records"):
        open_base(saved)


def test_base_corrupt_line_is_named_with_its_number(saved):
    lines = (saved / "mentions.jsonl").read_text().splitlines(keepends=True)
    lines[1] = lines[1][: len(lines[1]) // 2] + "\n"
    (saved / "mentions.jsonl").write_text("".join(lines))
    _drop_digests(saved)
    base = open_base(saved)  # lines are parsed when needed ...
    base.mention(0)
    with pytest.raises(StoreError, match=r"mentions.jsonl:2: not a valid record"):
        base.mention(1)
    with pytest.raises(StoreError, match=r"mentions.jsonl:2: not a valid record"):
        base.mentions.parse_rows([0, 1, 2])  # ... alone or in bulk


def test_base_corrupt_vectors_are_named(saved):
    (saved / "vectors.npz").write_bytes(b"not a zip file")
    with pytest.raises(StoreError, match=r"vectors.npz: not a readable vector file"):
        open_base(saved)


def test_base_lines_that_do_not_belong_together(saved):
    """Mentions swapped by hand: the figures no longer tie to their claims' articles."""
    lines = (saved / "mentions.jsonl").read_text().splitlines(keepends=True)
    lines.reverse()
    (saved / "mentions.jsonl").write_text("".join(lines))
    _drop_digests(saved)
    with pytest.raises(StoreError, match=r"mentions.jsonl:1: a figure of .* do not belong together"):
        open_base(saved).mention(0)


def test_base_newer_format_asks_for_an_upgrade(saved):
    manifest = json.loads((saved / "manifest.json").read_text())
    manifest["version"] = 99
    (saved / "manifest.json").write_text(json.dumps(manifest))
    with pytest.raises(StoreError, match=r"format version 99, this factcheck reads version 1: upgrade factcheck"):
        open_base(saved)


def test_base_built_with_other_figure_attributes_must_be_rebuilt(saved):
    manifest = json.loads((saved / "manifest.json").read_text())
    manifest["mention_fields"] = manifest["mention_fields"][:-1]
    (saved / "manifest.json").write_text(json.dumps(manifest))
    with pytest.raises(StoreError, match=r"describes a figure by other attributes .* --fresh"):
        open_base(saved)


def test_base_not_a_manifest(saved):
    (saved / "manifest.json").write_text("{}")
    with pytest.raises(StoreError, match=r"manifest.json: not a factcheck claim base manifest"):
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


def test_base_rows_by_dimension(saved):
    base = open_base(saved)
    usd = base.rows("money:USD")
    assert len(usd) == 3 and all(base.mention(int(j)).dimension == "money:USD" for j in usd)
    assert len(base.rows("percent")) == 0


def test_base_stores_no_article_text(saved):
    stored = (saved / "articles.jsonl").read_text()
    assert "led by Foo Capital" not in stored and stored.count("\n") == 2
