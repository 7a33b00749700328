"""kill -9 at random moments: `verdict` loses no acknowledged verdict and leaves a readable
store; `update` leaves the old base or the new one (the update all in or all out), never a
broken one, and the next update cuts off what the killed one left past the committed rows."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time

import pytest

from factcheck.base.store import open_base, prepare, text_sha1, update
from factcheck.review.verdicts import VerdictStore

from ..conftest import ROOT, HashEmbedder

pytestmark = pytest.mark.slow

VERDICT = "from factcheck.cli import main; main()"
UPDATER = """
import sys
sys.path.insert(0, sys.argv[3])
from tests.conftest import HashEmbedder
from factcheck.base.store import update
update(sys.argv[1], [sys.argv[2]], HashEmbedder())
print("done", flush=True)
"""


def test_kill_9_during_verdicts(tmp_path):
    store = tmp_path / "verdicts.jsonl"
    rng = random.Random(12)
    acknowledged = []
    for round_ in range(25):
        procs = []
        for k in range(3):
            flag = f"f{round_}-{k}"
            procs.append((flag, subprocess.Popen(
                [sys.executable, "-c", VERDICT, "verdict", flag, "confirmed", "--store", str(store),
                 "--report", str(tmp_path / "none.json"), "--reviewer", "ana"],
                cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)))
        time.sleep(rng.uniform(0.05, 0.6))
        victim = rng.randrange(3)
        procs[victim][1].send_signal(signal.SIGKILL)
        for flag, p in procs:
            err = p.communicate(timeout=60)[1].decode()
            assert "Traceback" not in err
            if p.returncode == 0:
                acknowledged.append(flag)
    vs = VerdictStore(store)
    kept = set(vs.latest())  # readable: a torn last line at most, reported as a note
    assert set(acknowledged) <= kept
    assert len(acknowledged) >= 40  # most writers were not the victim or finished first


def _story(folder, figure):
    (folder / "story.txt").write_text(f"Acme Robotics said on Monday its latest round valued it at ${figure} "
                                      "billion, its chief executive said.\n", encoding="utf-8")


def _stored(folder):
    base = open_base(folder)
    base.verify()
    return base.digests[base.article_row("story.txt#1")]


def test_kill_9_during_updates(tmp_path, fake_embedder):
    src = tmp_path / "src"
    src.mkdir()
    for i in range(40):  # a base big enough that a save takes a while
        (src / f"filler{i:02}.txt").write_text(
            f"Filler Corp {i} said it had raised ${i + 1} million in its Series A round.\n" * 20, encoding="utf-8")
    _story(src, 3)
    folder = tmp_path / "base"
    update(folder, [src], fake_embedder)
    def updater():
        return subprocess.Popen([sys.executable, "-c", UPDATER, str(folder), str(src), str(ROOT)],
                                cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE)

    t = time.perf_counter()
    _story(src, 4)
    assert updater().communicate(timeout=120)[0].strip() == b"done"
    full = time.perf_counter() - t  # one whole update; kills fall in its second half, where it writes
    rng = random.Random(7)
    vectors = folder / "vectors.1.bin"
    kills = cut_mid_write = 0
    for round_ in range(30):
        figure = 5 if round_ % 2 == 0 else 3
        old = _stored(folder)
        _story(src, figure)
        new = text_sha1((src / "story.txt").read_text(encoding="utf-8"))
        size = vectors.stat().st_size
        p = updater()
        if round_ % 2:  # at a random moment of the whole run
            time.sleep(rng.uniform(0.5, 1.0) * full)
        else:  # as soon as the new segment is in the column files (before the commit), plus up to 5 ms
            while p.poll() is None and vectors.stat().st_size == size:
                time.sleep(0.0002)
            time.sleep(rng.uniform(0, 0.005))
        if p.poll() is None:
            os.kill(p.pid, signal.SIGKILL)
            kills += 1
        p.communicate(timeout=60)
        base = open_base(folder)
        cut_mid_write += vectors.stat().st_size > base.ends.mentions * 2 * base.dim
        base.close()
        assert _stored(folder) in (old, new)  # never broken: the old version or the new one
        prepare(folder, None)
        assert not [n for n in os.listdir(folder) if n.startswith(".")]
    assert kills >= 10, (kills, full)
    print(f"{kills} kills, {cut_mid_write} of them after the segment was written and before the commit")
    _story(src, 6)  # a last update that writes: it cuts off what a killed one left
    done = update(folder, [src], HashEmbedder())
    base = open_base(folder)
    assert base.digests[base.article_row("story.txt#1")] == text_sha1((src / "story.txt").read_text(encoding="utf-8"))
    assert vectors.stat().st_size == base.ends.mentions * 2 * base.dim  # what was cut short is cut off
    assert len(base.articles) == 41 and done.notes == []
    base.verify()
