"""The verdict store and the claim base under damage: a clear StoreError or a note, never
another exception; an update cut short leaves the old base, and the next one cuts off what it left."""

from __future__ import annotations

import shutil

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from factcheck.base import vectors
from factcheck.base.store import open_base, text_sha1, update
from factcheck.errors import StoreError
from factcheck.review.verdicts import VerdictStore

from ..conftest import HashEmbedder, made_base

pytestmark = pytest.mark.slow  # damaged and cut-short stores: `make test`; tests/test_base_db.py keeps the store's rules quick

SLOW_OK = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
GOOD = b'{"flag_id": "f1", "verdict": "confirmed", "note": "", "reviewer": "ana", "at": "2025-01-01T00:00:00Z"}\n'
LINES = st.sampled_from([
    GOOD, GOOD.rstrip(b"\n"), b"\n", b"not json\n", b'{"flag_id": "f2"', b'["x"]\n', b"\xff\xfe\n",
    b'{"flag_id": "f3", "verdict": "perhaps", "at": "2025-01-01T00:00:00Z"}\n', b"[" * 5000 + b"\n",
    b'{"flag_id": "f4", "verdict": "confirmed", "at": "2025-01-01T00:00:00Z", "note": 5}\n',
]) | st.binary(max_size=80)


@pytest.mark.slow  # the quick loop leaves it out (`make test` runs it)
@SLOW_OK
@given(st.lists(LINES, max_size=6))
def test_verdict_store_reads_or_refuses_and_never_loses_a_save(tmp_path_factory, lines):
    path = tmp_path_factory.mktemp("v") / "verdicts.jsonl"
    path.write_bytes(b"".join(lines))
    vs = VerdictStore(path)
    try:
        readable = vs.latest()
    except StoreError as e:
        assert str(e).startswith(str(path))
        readable = None
    before = path.read_bytes()
    try:
        vs.record("new-flag", "confirmed", reviewer="bo")
    except StoreError:
        assert readable is None and path.read_bytes() == before  # refused: nothing written
    else:
        assert readable is not None
        assert VerdictStore(path).latest()["new-flag"].verdict == "confirmed"


@pytest.fixture(scope="module")
def saved(tmp_path_factory):
    src = tmp_path_factory.mktemp("src")
    for i in range(4):
        (src / f"s{i}.txt").write_text(f"Acme {i} said it raised ${i + 2} million in its Series A round.\n",
                                       encoding="utf-8")
    return made_base(tmp_path_factory.mktemp("b") / "base", [src])


FILES = ["base.sqlite", "vectors.1.bin", "mention_claim.1.bin", "claim_article.1.bin", "content_end.1.bin",
         "content_words.1.bin"]


@pytest.mark.slow  # the quick loop leaves it out (`make test` runs it)
@SLOW_OK
@given(st.sampled_from(FILES), st.integers(min_value=0, max_value=10**6), st.integers(min_value=0, max_value=255),
       st.sampled_from(["truncate", "flip", "append", "empty"]))
def test_damaged_base_is_a_store_error(saved, tmp_path_factory, name, at, byte, how):
    folder = tmp_path_factory.mktemp("d") / "base"
    shutil.copytree(saved, folder)
    data = (folder / name).read_bytes()
    at %= max(len(data), 1)
    damaged = {"truncate": data[:at], "flip": data[:at] + bytes([byte]) + data[at + 1:],
               "append": data + bytes([byte]), "empty": b""}[how]
    (folder / name).write_bytes(damaged)
    try:
        base = open_base(folder)
        base.verify()
    except StoreError as e:
        assert str(folder) in str(e)
    else:  # SQLite keeps no checksum of its pages: a flipped byte in a title or free space reads as it is
        assert damaged == data or how == "append" or name == "base.sqlite"


def _digest(folder):
    base = open_base(folder)
    return base.digests[base.article_row("s0.txt#1")]


def test_update_cut_short_after_writing_its_segment_leaves_the_old_base(saved, tmp_path, monkeypatch):
    """Killed between the column files and the commit: the bytes past the committed rows are
    not part of the base; the next update cuts them off and writes its own."""
    folder = tmp_path / "base"
    shutil.copytree(saved, folder)
    src = tmp_path / "src"
    src.mkdir()
    (src / "s0.txt").write_text("Acme 0 said it raised $9 million in its Series A round.\n", encoding="utf-8")
    old = _digest(folder)
    real = vectors.append

    def cut_short(*args, **kwargs):
        real(*args, **kwargs)
        raise KeyboardInterrupt  # as a kill: after the segment is on disk, before the commit

    monkeypatch.setattr(vectors, "append", cut_short)
    with pytest.raises(KeyboardInterrupt):
        update(folder, [src], HashEmbedder())
    monkeypatch.undo()
    base = open_base(folder)
    assert _digest(folder) == old and (folder / "vectors.1.bin").stat().st_size > base.ends.mentions * 2 * base.dim
    base.verify()
    update(folder, [src], HashEmbedder())
    base = open_base(folder)
    assert _digest(folder) == text_sha1((src / "s0.txt").read_text(encoding="utf-8"))
    assert (folder / "vectors.1.bin").stat().st_size == base.ends.mentions * 2 * base.dim
    base.verify()


def test_update_that_fails_leaves_the_old_base(saved, tmp_path, monkeypatch):
    folder = tmp_path / "base"
    shutil.copytree(saved, folder)
    src = tmp_path / "src"
    src.mkdir()
    (src / "s0.txt").write_text("Acme 0 said it raised $9 million in its Series A round.\n", encoding="utf-8")
    before = open_base(folder).meta

    def full_disk(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(vectors, "append", full_disk)
    with pytest.raises(StoreError, match="No space left on device .*unchanged"):
        update(folder, [src], HashEmbedder())
    monkeypatch.undo()
    assert open_base(folder).meta == before
    open_base(folder).verify()
