"""The verdict store and the claim base under damage: a clear StoreError or a note, never
another exception; an interrupted save leaves the old base or the new one at every step."""

from __future__ import annotations

import json
import os
import shutil

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from factcheck.base import store as base_store
from factcheck.base.store import COMMITTED, STAGING, open_base, prepare, text_sha1, update
from factcheck.errors import StoreError
from factcheck.review.verdicts import VerdictStore

from ..conftest import HashEmbedder

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
    folder = tmp_path_factory.mktemp("b") / "base"
    update(folder, [src], HashEmbedder())
    return folder


FILES = ["manifest.json", "articles.jsonl", "claims.jsonl", "mentions.jsonl", "vectors.npz", "words.npz"]


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
    else:
        assert damaged == data or name == "manifest.json"  # only a no-op or a harmless manifest edit opens


def _digest(folder):
    base = open_base(folder)
    return base.digests[base.article_row("s0.txt#1")]


@pytest.mark.parametrize("moved", range(len(FILES) + 1))
def test_every_kill_point_of_a_save_leaves_old_or_new(saved, tmp_path, moved):
    """A save cut short after the switch mark with 0..5 files moved in: readers see the new
    base; the next update finishes the moves. Cut short before the mark: the old base."""
    old = tmp_path / "base"
    shutil.copytree(saved, old)
    src = tmp_path / "src"
    src.mkdir()
    (src / "s0.txt").write_text("Acme 0 said it raised $9 million in its Series A round.\n", encoding="utf-8")
    new_folder = tmp_path / "new"
    shutil.copytree(saved, new_folder)
    update(new_folder, [src], HashEmbedder())
    staging = old / STAGING
    staging.mkdir()
    order = sorted(FILES, key=lambda n: n == "manifest.json")  # the order _roll_forward moves them in
    for n in order:
        shutil.copy(new_folder / n, staging / n)
    new_digest = text_sha1("Acme 0 said it raised $9 million in its Series A round.\n")
    if moved == 0:  # cut short before the mark: the old base stands, the next update clears the rest
        assert _digest(old) != new_digest
        assert "cleared" in prepare(old, None).done.notes[0].message
        assert _digest(old) != new_digest
    else:
        (staging / COMMITTED).write_text("".join(f"{n}\n" for n in FILES))
        for n in order[:moved - 1]:
            os.replace(staging / n, old / n)
        assert _digest(old) == new_digest  # readers already see the new base
        assert "finished" in prepare(old, None).done.notes[0].message
        assert _digest(old) == new_digest
    assert not staging.exists() and not [n for n in os.listdir(old) if n.startswith(".")]


def test_save_that_fails_leaves_the_old_base(saved, tmp_path, monkeypatch):
    folder = tmp_path / "base"
    shutil.copytree(saved, folder)
    before = {n: (folder / n).read_bytes() for n in FILES}
    base = open_base(folder)

    def full_disk(folder_, files):
        (folder_ / STAGING).mkdir()
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(base_store, "_switch", full_disk)
    with pytest.raises(StoreError, match="No space left on device .*unchanged"):
        base.save(folder)
    assert {n: (folder / n).read_bytes() for n in FILES} == before
    monkeypatch.undo()
    prepare(folder, None)
    assert not (folder / STAGING).exists()
    assert json.loads((folder / "manifest.json").read_text())["files"]
