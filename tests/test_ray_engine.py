"""`factcheck run --engine ray`: the same articles, claims and flags as the local run.

Ray runs on this machine (a local instance: Ray has no in-process local mode any more);
the shards are read, split and embedded by Ray Data workers, matched on the driver.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from factcheck.engine.ray_engine import extract_shard, shards
from factcheck.extract.claims import extract_all
from factcheck.extract.load import load
from factcheck.extract.mentions import mentions

from .conftest import ROOT, SOURCES

SEED_FLAGS = ["f425e99ab44f2", "f5d532c496e32", "f913302a8227b", "fa160d336228d"]


@pytest.mark.slow  # starts Ray
def test_shards_read_as_the_local_run_does(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.txt").write_text("Acme said it raised $5 million in 2019.\n", encoding="utf-8")
    (tmp_path / "a.txt").write_text("Acme, the robot maker, is valued at $40 million.\n", encoding="utf-8")
    for src in ([SOURCES], [tmp_path], [tmp_path / "sub" / "b.txt", SOURCES]):
        articles, notes = load(src)
        claims = extract_all(articles)
        ms = mentions(claims, {a.id: a for a in articles})
        got = [extract_shard(part) for part in shards(src, size=2)]
        assert [a.id for g in got for a in g[0]] == [a.id for a in articles]
        assert [a.path for g in got for a in g[0]] == [a.path for a in articles]
        assert [n for g in got for n in g[1]] == notes
        assert [c for g in got for c in g[2]] == claims
        assert [m.window for g in got for m in g[3]] == [m.window for m in ms]


@pytest.mark.model
@pytest.mark.slow
@pytest.mark.parametrize("cache", ["cache", "no-cache"])
def test_ray_run_gives_the_seed_flags(tmp_path, seed_result, cache):
    """As a user runs it: the default cache on (its SQLite connection used from Ray's worker
    threads once crashed the run), and off."""
    out = tmp_path / "out"
    env = {**os.environ, "FACTCHECK_CACHE": str(tmp_path / "cache")}
    done = subprocess.run([str(Path(sys.executable).parent / "factcheck"), "run", str(SOURCES), "--out", str(out),
                           "--engine", "ray", *(["--no-cache"] if cache == "no-cache" else [])],
                          capture_output=True, text=True, timeout=600, cwd=ROOT, env=env)
    assert done.returncode == 0, done.stderr[-3000:]
    assert "17 articles, 109 claims: 2 conflicts, 2 changes over time" in done.stdout
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert sorted(f["id"] for f in report["flags"]) == SEED_FLAGS
    local = {f.id: f.similarity for f in seed_result.flags}
    assert {f["id"]: f["similarity"] for f in report["flags"]} == pytest.approx(local, abs=1e-4)  # the report rounds to 4 digits
    assert [c["id"] for c in report["claims"]] == [c.id for c in seed_result.claims]
    assert (tmp_path / "cache" / "vectors.sqlite").exists() == (cache == "cache")


@pytest.mark.model
@pytest.mark.slow
def test_ray_run_twice_with_the_cache_the_second_from_the_cache(tmp_path, seed_result):
    from factcheck.engine.ray_engine import run

    first = run([SOURCES], cache_dir=tmp_path / "cache", num_cpus=2)  # the model's own bar, as `run` uses it
    second = run([SOURCES], cache_dir=tmp_path / "cache", num_cpus=2)
    assert first.embedded > 0 and second.embedded == 0  # every vector of the second run came from the cache
    local = {f.id: f.similarity for f in seed_result.flags}
    for result in (first, second):
        assert {f.id: f.similarity for f in result.flags} == pytest.approx(local, abs=1e-4)
