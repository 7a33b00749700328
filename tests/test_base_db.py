"""The claim base as a database: names by path, conversion of the old format, export and
import, and what concurrent updates, readers during updates and killed updates leave."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import numpy as np
import pytest

from factcheck.base import legacy
from factcheck.base.store import export, import_base, open_base, update
from factcheck.errors import StoreError
from factcheck.pipeline import run

from .conftest import ROOT
from .test_base import FUNDING, HIRING


def story(n: int, figure: int) -> str:
    return (f"date 2018-03-{n % 28 + 1:02d} Acme Robotics round {n}\n\n"
            f"Acme Robotics, the Boston robotics startup number {n}, said it had raised ${figure} million in its "
            f"Series B round led by Foo Capital.\n")


def test_update_names_articles_by_path_not_file_name(tmp_path, fake_embedder, monkeypatch):
    monkeypatch.chdir(tmp_path)
    for sub, text in (("new", FUNDING), ("other", HIRING)):
        Path(sub).mkdir()
        Path(sub, "story.txt").write_text(text, encoding="utf-8")
    update("base", [Path("new/story.txt")], fake_embedder)
    done = update("base", [Path("other/story.txt")], fake_embedder)
    assert (done.added, done.replaced) == (1, 0)
    base = open_base("base")
    assert base.keys == ["new/story.txt#1", "other/story.txt#1"] and len(base.articles) == 2
    done = update("base", [Path("new")], fake_embedder)  # the same file through its folder
    assert (done.added, done.replaced, done.unchanged) == (0, 0, 1)
    Path("new/story.txt").write_text(FUNDING.replace("$50 million", "$55 million"), encoding="utf-8")
    done = update("base", [Path("new/story.txt")], fake_embedder)
    assert (done.added, done.replaced) == (0, 1)
    assert open_base("base").keys == ["other/story.txt#1", "new/story.txt#1"]


def test_update_converts_a_base_of_the_old_format_once(tmp_path, fake_embedder, monkeypatch):
    monkeypatch.chdir(tmp_path)
    Path("sources").mkdir()
    Path("sources/funding.txt").write_text(FUNDING, encoding="utf-8")
    Path("sources/hiring.txt").write_text(HIRING, encoding="utf-8")
    result = run([Path("sources")], fake_embedder)
    legacy.ClaimBase.from_result(result).save(Path("base"))
    with pytest.raises(StoreError, match=r"format of an older factcheck .* `factcheck update --base base`"):
        open_base("base")
    done = update("base", [Path("sources")], fake_embedder)
    assert done.converted and done.unchanged == 2 and (done.added, done.replaced) == (0, 0)
    assert any("converted the claim base" in n.message for n in done.notes)
    assert not Path("base/manifest.json").exists() and not Path("base/claims.jsonl").exists()
    base = open_base("base")
    assert base.keys == ["sources/funding.txt#1", "sources/hiring.txt#1"]  # named by path once seen
    assert [base.claims[int(i)] for i in base.claim_rows()] == result.claims
    assert [base.mention(j) for j in range(len(base.mentions))] == result.mentions
    assert np.abs(np.asarray(base.vectors, np.float32) - result.vectors).max() < 1e-3
    base.verify()
    assert not update("base", [Path("sources")], fake_embedder).converted


def _as_format_2(folder: Path) -> None:
    """Rewrite a base as factcheck wrote format 2: whole JSON records of figures, article records
    as text, word-index rows as raw int32, no screening columns, a dimension index."""
    import sqlite3

    from factcheck.base import db
    from factcheck.base.legacy import _line, _mention_json
    from factcheck.base.store import unpack_rows

    base = open_base(folder)
    figures = [(db.pack(_line(_mention_json(base.mention(j)))), j) for j in range(len(base.mentions))]
    base.close()
    conn = sqlite3.connect(folder / db.FILE, isolation_level=None)
    conn.execute("BEGIN")
    conn.executemany("UPDATE mentions SET data = ? WHERE row = ?", figures)
    conn.executemany("UPDATE articles SET data = ? WHERE row = ?",
                     [(db.unpack(d).decode(), r) for r, d in conn.execute("SELECT row, data FROM articles").fetchall()])
    conn.executemany("UPDATE terms SET rows = ? WHERE word = ? AND segment = ?",
                     [(unpack_rows(b).astype(np.int32).tobytes(), w, g)
                      for w, g, b in conn.execute("SELECT word, segment, rows FROM terms").fetchall()])
    conn.execute("DROP TABLE features")
    conn.execute("CREATE INDEX mentions_dimension ON mentions(dimension, row)")
    conn.execute("UPDATE meta SET value = '2' WHERE name = 'version'")
    conn.execute("COMMIT")
    conn.close()
    for name in ("mention_dimension", "mention_features", "mention_value"):
        for f in folder.glob(f"{name}.*.bin"):
            f.unlink()


def test_update_converts_a_base_of_format_2_once(tmp_path, fake_embedder, monkeypatch):
    from factcheck.base.check import check, read_new
    from factcheck.outputs.check_formats import to_json

    monkeypatch.chdir(tmp_path)
    Path("sources").mkdir()
    Path("sources/funding.txt").write_text(FUNDING, encoding="utf-8")
    Path("sources/hiring.txt").write_text(HIRING, encoding="utf-8")
    Path("new.txt").write_text(FUNDING.replace("$50 million", "$55 million"), encoding="utf-8")
    update("base", [Path("sources/funding.txt")], fake_embedder)
    update("base", [Path("sources")], fake_embedder)  # two segments
    export(open_base("base"), Path("before"))
    flags = to_json(check(open_base("base"), read_new([Path("new.txt")]), fake_embedder))
    assert "\"conflict\"" in flags  # a check with a flag to compare
    _as_format_2(Path("base"))
    with pytest.raises(StoreError, match=r"format version 2, this factcheck reads version 3: convert it once with "
                                         r"`factcheck update --base base`"):
        open_base("base")
    done = update("base", [], fake_embedder)
    assert done.converted and any("format version 3" in n.message for n in done.notes)
    base = open_base("base")
    assert base.meta["version"] == 3 and base.gen == 2 and not Path("base/vectors.1.bin").exists()
    base.verify()
    export(base, Path("after"))
    for name in ("articles.jsonl", "claims.jsonl", "mentions.jsonl", "vectors.npy"):
        assert Path("before", name).read_bytes() == Path("after", name).read_bytes(), name
    assert to_json(check(base, read_new([Path("new.txt")]), fake_embedder)) == flags
    assert not update("base", [Path("sources")], fake_embedder).converted  # once
    Path("sources/later.txt").write_text(FUNDING.replace("Acme", "Brio"), encoding="utf-8")
    done = update("base", [Path("sources")], fake_embedder)  # the next segment after the rewrite
    assert done.added == 1 and not done.converted
    open_base("base").verify()


def test_export_and_import_give_the_same_base(tmp_path, fake_embedder, monkeypatch):
    monkeypatch.chdir(tmp_path)
    Path("sources").mkdir()
    Path("sources/funding.txt").write_text(FUNDING, encoding="utf-8")
    Path("sources/hiring.txt").write_text(HIRING, encoding="utf-8")
    update("base", [Path("sources")], fake_embedder)
    export(open_base("base"), Path("export"))
    again = import_base(Path("export"), Path("copy"))
    export(again, Path("export2"))
    for name in ("articles.jsonl", "claims.jsonl", "mentions.jsonl", "vectors.npy", "base.json"):
        assert Path("export", name).read_bytes() == Path("export2", name).read_bytes(), name
    with pytest.raises(StoreError, match="already holds a claim base"):
        import_base(Path("export"), Path("copy"))
    lines = Path("export/claims.jsonl").read_text().splitlines()
    Path("export/claims.jsonl").write_text("\n".join([lines[0], "{not json", *lines[2:]]) + "\n")
    with pytest.raises(StoreError, match=r"claims.jsonl:2: not a valid record"):
        import_base(Path("export"), Path("third"))


def test_the_committed_base_is_a_database_with_its_export():
    folder = ROOT / "claims" / "base"
    assert (folder / "base.sqlite").exists() and not (folder / "manifest.json").exists()
    assert (ROOT / "claims" / "base-export" / "claims.jsonl").exists()


# -- processes: concurrent updates, readers during updates, killed updates

WORKER = textwrap.dedent("""
    import sys
    from pathlib import Path
    sys.path.insert(0, {root!r})
    from tests.conftest import HashEmbedder
    from factcheck.base.store import update
    for p in sys.argv[2:]:
        update(Path(sys.argv[1]), [Path(p)], HashEmbedder())
""")


def _worker(tmp_path: Path) -> Path:
    script = tmp_path / "worker.py"
    script.write_text(WORKER.format(root=str(ROOT)), encoding="utf-8")
    return script


def _stories(tmp_path: Path, n: int, start: int = 0) -> list[Path]:
    out = []
    for i in range(start, start + n):
        d = tmp_path / "in" / f"w{i}"
        d.mkdir(parents=True, exist_ok=True)
        (d / "story.txt").write_text(story(i, 10 + i), encoding="utf-8")  # one file name in every folder
        out.append(d / "story.txt")
    return out


@pytest.mark.slow  # concurrency: processes racing for the database
@pytest.mark.parametrize("writers", [2, 8])
def test_concurrent_updates_lose_nothing(tmp_path, fake_embedder, writers):
    base_dir = tmp_path / "base"
    first = _stories(tmp_path, 1, 1000)
    update(base_dir, first, fake_embedder)
    files = _stories(tmp_path, writers * 2)
    script = _worker(tmp_path)
    procs = [subprocess.Popen([sys.executable, str(script), str(base_dir), *map(str, files[k::writers])])
             for k in range(writers)]
    assert [p.wait(timeout=300) for p in procs] == [0] * writers
    base = open_base(base_dir)
    assert len(base.articles) == len(files) + 1 and len(set(base.keys)) == len(files) + 1
    assert base.meta["counts"]["articles"] == len(files) + 1
    base.verify()


READER = textwrap.dedent("""
    import sys, json
    from pathlib import Path
    sys.path.insert(0, {root!r})
    from tests.conftest import HashEmbedder
    from factcheck.base.store import open_base
    from factcheck.base.check import check
    seen = []
    for _ in range(int(sys.argv[3])):
        base = open_base(Path(sys.argv[1]))
        n = len(base.articles)
        chk = check(base, [Path(sys.argv[2])], HashEmbedder())
        assert chk.summary()["base_claims"] == len(base.claims)
        assert len(base.articles) == n == base.meta["counts"]["articles"]
        seen.append(n)
        base.close()
    print(json.dumps(seen))
""")


@pytest.mark.slow  # two processes, 40 checks against 12 updates; `make test` runs it
def test_check_during_updates_sees_the_old_or_the_new_base(tmp_path, fake_embedder):
    base_dir = tmp_path / "base"
    update(base_dir, _stories(tmp_path, 1, 1000), fake_embedder)
    new = tmp_path / "new.txt"
    new.write_text(story(5, 99), encoding="utf-8")
    reader = tmp_path / "reader.py"
    reader.write_text(READER.format(root=str(ROOT)), encoding="utf-8")
    files = _stories(tmp_path, 12)
    r = subprocess.Popen([sys.executable, str(reader), str(base_dir), str(new), "40"], stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, text=True)
    w = subprocess.Popen([sys.executable, str(_worker(tmp_path)), str(base_dir), *map(str, files)])
    out, err = r.communicate(timeout=300)
    assert w.wait(timeout=300) == 0
    assert r.returncode == 0, err
    seen = [int(x) for x in out.strip()[1:-1].split(",")]
    assert seen == sorted(seen) and set(seen) <= set(range(1, 14))  # each a whole version, never damage

# kill -9 of an update at 30 random moments: tests/fuzz/test_fuzz_kill.py (slow)


@pytest.mark.slow  # concurrency: waits on the database's lock
def test_a_second_writer_waits_then_says_so_and_changes_nothing(tmp_path, fake_embedder, monkeypatch):
    import sqlite3

    base_dir = tmp_path / "base"
    update(base_dir, _stories(tmp_path, 1, 1000), fake_embedder)
    holder = sqlite3.connect(base_dir / "base.sqlite", isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # another update, mid-write
    monkeypatch.setenv("FACTCHECK_LOCK_TIMEOUT", "0.5")
    try:
        with pytest.raises(StoreError, match=r"another `factcheck update` has held the claim base for 0.5 s; nothing was "
                                             r"changed: run this update again"):
            update(base_dir, _stories(tmp_path, 1), fake_embedder)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert len(open_base(base_dir).articles) == 1
    assert update(base_dir, _stories(tmp_path, 1), fake_embedder).added == 1


def test_an_update_after_a_rebuild_takes_a_new_segment(tmp_path, fake_embedder, monkeypatch):
    """--rebuild rewrites the columns as one segment; the next update's segment must not reuse
    an id the word index's rows already have."""
    monkeypatch.chdir(tmp_path)
    Path("sources").mkdir()
    Path("sources/funding.txt").write_text(FUNDING, encoding="utf-8")
    update("base", [Path("sources")], fake_embedder)
    Path("sources/hiring.txt").write_text(HIRING, encoding="utf-8")
    update("base", [Path("sources")], fake_embedder)
    assert update("base", [], fake_embedder, rebuild=True).reembedded
    Path("sources/later.txt").write_text(FUNDING.replace("Acme", "Brio"), encoding="utf-8")
    assert update("base", [Path("sources")], fake_embedder).added == 1
    base = open_base("base")
    base.verify()
    assert len(base.articles) == 3


def test_a_database_whose_text_is_not_utf8_is_a_store_error(tmp_path, monkeypatch):
    """A byte flipped in base.sqlite can reach Python as text that is not UTF-8 (found by the fuzz
    suite in CI: sqlite3 raised UnicodeDecodeError on open): a StoreError naming the file."""
    import sqlite3

    from factcheck.base import db

    real = sqlite3.connect

    class Damaged:
        def __init__(self, conn):
            self.conn = conn

        def execute(self, *args):
            raise UnicodeDecodeError("utf-8", b"\x80", 0, 1, "invalid start byte")

    (tmp_path / db.FILE).write_bytes(b"")
    monkeypatch.setattr(db.sqlite3, "connect", lambda *a, **k: Damaged(real(*a, **k)))
    with pytest.raises(StoreError, match=str(tmp_path / db.FILE)):
        db.connect(tmp_path)
