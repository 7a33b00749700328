"""Every command under bad input: exit status 2 with `Error:` before the model loads, or the
documented status (0, 1, 3); never a traceback. One test per exit status per command."""

from __future__ import annotations

import json
import shutil

import pytest

from factcheck.base.store import open_base, update
from factcheck.cli import cli

from ..conftest import ROOT, SOURCES
from ..test_check import CONFLICT, FUNDING, LATER_VALUE, OTHER_ROUND
from .corpus import write_corpus

pytestmark = pytest.mark.slow  # fuzz through the CLI on a built desk: `make test` runs it, the quick loop does not

BAD_STORE = b'{"flag_id": "f1", "verdict": "perhaps", "at": "2025-01-01T00:00:00Z"}\n'


def _ok(result, code):
    """The exit status, and no traceback: any exception but SystemExit is a crash."""
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output
    assert result.exit_code == code, result.output
    if code == 2:
        assert "Error: " in result.stderr


@pytest.fixture(scope="module")
def desk_made(tmp_path_factory):
    """The desk, made once for the module; each test works on its own copy (``desk``)."""
    from ..conftest import HashEmbedder

    tmp_path, fake_embedder = tmp_path_factory.mktemp("desk"), HashEmbedder()
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "funding.txt").write_text(FUNDING, encoding="utf-8")
    (tmp_path / "src" / "other_round.txt").write_text(OTHER_ROUND, encoding="utf-8")
    (tmp_path / "new").mkdir()
    (tmp_path / "new" / "conflict.txt").write_text(CONFLICT, encoding="utf-8")
    (tmp_path / "new" / "later.txt").write_text(LATER_VALUE, encoding="utf-8")
    (tmp_path / "hostile").mkdir()
    write_corpus(tmp_path / "hostile", ["photo.txt", "only_cut.jsonl", "empty.txt"])
    (tmp_path / "mixed").mkdir()
    shutil.copy(tmp_path / "new" / "later.txt", tmp_path / "mixed")
    write_corpus(tmp_path / "mixed", ["photo.txt"])
    (tmp_path / "a_file").write_text("x")
    (tmp_path / "bad_verdicts.jsonl").write_bytes(BAD_STORE)
    update(tmp_path / "base", [tmp_path / "src"], fake_embedder)
    return tmp_path


@pytest.fixture
def desk(desk_made, tmp_path):
    """A copy of the desk: sources, new articles, hostile files and a claim base of the sources."""
    shutil.copytree(desk_made, tmp_path, symlinks=True, dirs_exist_ok=True)
    return tmp_path


# -- exit 2 before the model loads: (command, arguments), "{d}" is the desk folder
ERRORS = [
    ("run", ["{d}/nope"]),
    ("run", ["{d}/hostile/photo.txt"]),
    ("run", ["{d}/hostile", "--out", "{d}/o"]),
    ("run", ["{d}/new", "--out", "{d}/a_file"]),
    ("run", ["{d}/new", "--out", "{d}/a_file/sub"]),
    ("run", ["{d}/new", "--verdicts", "{d}/bad_verdicts.jsonl", "--out", "{d}/o"]),
    ("run", ["{d}/new", "--verdicts", "{d}/src", "--out", "{d}/o"]),
    ("run", ["{d}/new", "--cache-dir", "{d}/a_file", "--out", "{d}/o"]),
    ("run", ["{d}/new", "--threshold", "-1"]),
    ("run", ["{d}/new", "--threshold", "abc"]),
    ("run", ["{d}/mixed", "--strict", "--out", "{d}/o"]),
    ("run", ["{d}/new", "--model", "{d}/a_file"]),
    ("run", ["{d}/new", "--no-such-option"]),
    ("check", ["{d}/nope", "--base", "{d}/base"]),
    ("check", ["{d}/new", "--base", "{d}/none"]),
    ("check", ["{d}/new", "--base", "{d}/a_file"]),
    ("check", ["{d}/new", "--base", "{d}/src"]),
    ("check", ["{d}/hostile", "--base", "{d}/base"]),
    ("check", ["{d}/mixed", "--base", "{d}/base", "--strict"]),
    ("check", ["{d}/new", "--base", "{d}/base", "--output", "{d}/src"]),
    ("check", ["{d}/new", "--base", "{d}/base", "--output", "{d}/a_file/x.xml"]),
    ("check", ["{d}/new", "--base", "{d}/base", "--verdicts", "{d}/bad_verdicts.jsonl"]),
    ("check", ["{d}/new", "--base", "{d}/base", "--cache-dir", "{d}/a_file"]),
    ("check", ["{d}/new", "--base", "{d}/base", "--format", "yaml"]),
    ("check", ["{d}/new", "{d}/new/conflict.txt", "--base", "{d}/base"]),
    ("update", ["--base", "{d}/b2"]),
    ("update", ["--fresh", "--rebuild", "--base", "{d}/b2"]),
    ("update", ["{d}/nope", "--base", "{d}/b2"]),
    ("update", ["{d}/hostile", "--base", "{d}/b2"]),
    ("update", ["{d}/mixed", "--base", "{d}/b2", "--strict"]),
    ("update", ["{d}/new", "--base", "{d}/a_file"]),
    ("update", ["{d}/new", "--base", "{d}/base", "--cache-dir", "{d}/a_file"]),
    ("verdict", ["f1", "perhaps", "--store", "{d}/v.jsonl"]),
    ("verdict", ["bad id!", "confirmed", "--store", "{d}/v.jsonl"]),
    ("verdict", ["f1", "confirmed", "--store", "{d}/bad_verdicts.jsonl"]),
    ("verdict", ["f1", "confirmed", "--store", "{d}/src"]),
    ("verdict", ["f1", "confirmed", "--store", "{d}/v.jsonl", "--report", "{d}/bad_verdicts.jsonl"]),
    ("verdicts", ["--store", "{d}/bad_verdicts.jsonl"]),
    ("verdicts", ["--store", "{d}/src"]),
    ("review", ["--report", "{d}/nope.json", "--no-browser"]),
    ("review", ["--report", "{d}/a_file", "--no-browser"]),
]


@pytest.mark.parametrize(("command", "args"), ERRORS, ids=[f"{c}-{i}" for i, (c, _) in enumerate(ERRORS)])
def test_exit_2_before_the_model_loads(desk, no_model, command, args):
    before = open_base(desk / "base").meta  # "updated" and the counts change with any write
    _ok(no_model.invoke(cli, [command, *(a.format(d=desk) for a in args)]), 2)
    assert open_base(desk / "base").meta == before
    assert (desk / "bad_verdicts.jsonl").read_bytes() == BAD_STORE


# -- exits 0, 1 and 3 (the hashing embedder: what is tested is the status, not the matching)

def test_run_exit_0_and_3(desk, fake_model):
    _ok(fake_model.invoke(cli, ["run", str(desk / "new"), "--out", str(desk / "o")]), 0)
    done = fake_model.invoke(cli, ["run", str(desk / "mixed"), "--out", str(desk / "o")])
    _ok(done, 3)
    assert "photo.txt:3: skipped: binary file" in done.stderr and "skipped 1 input(s)" in done.stderr
    report = json.loads((desk / "o" / "report.json").read_text(encoding="utf-8"))
    assert [a["id"] for a in report["articles"]] == ["later.txt#1"]
    assert any(n["path"] == "photo.txt" for n in report["notes"])


def test_check_exit_0_1_and_3(desk, fake_model):
    base = ["--base", str(desk / "base")]
    _ok(fake_model.invoke(cli, ["check", str(desk / "new" / "later.txt"), *base]), 0)
    _ok(fake_model.invoke(cli, ["check", str(desk / "new" / "conflict.txt"), *base]), 1)
    _ok(fake_model.invoke(cli, ["check", str(desk / "mixed"), *base]), 3)
    shutil.copy(desk / "new" / "conflict.txt", desk / "mixed")
    _ok(fake_model.invoke(cli, ["check", str(desk / "mixed"), *base]), 1)  # a finding outranks a skip


def test_update_exit_0_and_3(desk, fake_model):
    _ok(fake_model.invoke(cli, ["update", str(desk / "new"), "--base", str(desk / "b2")]), 0)
    _ok(fake_model.invoke(cli, ["update", str(desk / "mixed"), "--base", str(desk / "b3")]), 3)


def test_verdict_and_verdicts_exit_0(desk, no_model):
    store = str(desk / "v.jsonl")
    _ok(no_model.invoke(cli, ["verdict", "f1", "confirmed", "--store", store, "--report", str(desk / "none.json")]), 0)
    _ok(no_model.invoke(cli, ["verdicts", "--store", store]), 0)


@pytest.mark.slow  # the quick loop leaves it out (`make test` runs it)
def test_seed_folder_with_every_hostile_file_runs(tmp_path, fake_model):
    """All the hostile files at once beside the seeds: a report, one note per skipped file, exit 3."""
    folder = tmp_path / "in"
    shutil.copytree(SOURCES, folder)
    made = write_corpus(folder)
    done = fake_model.invoke(cli, ["run", str(folder), "--out", str(tmp_path / "o")])
    _ok(done, 3)
    report = json.loads((tmp_path / "o" / "report.json").read_text(encoding="utf-8"))
    seeds = {p.name for p in SOURCES.iterdir()}
    assert seeds <= {a["path"] for a in report["articles"]}
    skipped = {n["path"].split("/")[0] for n in report["notes"] if n["message"].startswith("skipped: ")}
    assert skipped >= {h.name for h in made if h.expect == "skip"}
    import subprocess
    subprocess.run(["rm", "-rf", str(folder)], check=False)


@pytest.mark.model
def test_seed_flags_survive_every_hostile_file(tmp_path, embedder, monkeypatch):
    """With the real model: the seed run's four flags are all still found beside the hostile files."""
    from click.testing import CliRunner

    from factcheck.cli import common as cli_module  # the commands load the model through common.make_embedder
    monkeypatch.setattr(cli_module, "make_embedder", lambda model: embedder)
    folder = tmp_path / "in"
    shutil.copytree(SOURCES, folder)
    write_corpus(folder)
    done = CliRunner().invoke(cli, ["run", str(folder), "--out", str(tmp_path / "o"), "--no-cache"])
    _ok(done, 3)
    flags = {f["id"] for f in json.loads((tmp_path / "o" / "report.json").read_text())["flags"]}
    assert {"f425e99ab44f2", "f5d532c496e32", "f913302a8227b", "fa160d336228d"} <= flags
    import subprocess
    subprocess.run(["rm", "-rf", str(folder)], check=False)
    assert ROOT


def test_threshold_zero_is_zero_not_the_default():
    from factcheck.cli import _bar
    from factcheck.match.learned import current

    model = current()
    assert _bar(0.0, model) == 0.0 and _bar(None, model) == model.threshold and _bar(0.9, model) == 0.9


@pytest.mark.model
@pytest.mark.slow
def test_seed_run_through_the_real_command(tmp_path):
    """`factcheck run sources` as a user runs it: a process, the real model, exit 0, the seed totals."""
    import os
    import subprocess
    import sys

    env = {**os.environ, "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1"}
    done = subprocess.run([sys.executable, "-c", "from factcheck.cli import main; main()", "run", str(SOURCES),
                           "--out", str(tmp_path / "o"), "--no-cache"], capture_output=True, text=True, env=env,
                          cwd=ROOT)
    assert done.returncode == 0, done.stderr
    assert "17 articles, 109 claims: 2 conflicts, 2 changes over time" in done.stdout
    assert "Traceback" not in done.stderr
    flags = sorted(f["id"] for f in json.loads((tmp_path / "o" / "report.json").read_text())["flags"])
    assert flags == ["f425e99ab44f2", "f5d532c496e32", "f913302a8227b", "fa160d336228d"]


@pytest.mark.slow  # the quick loop leaves it out (`make test` runs it)
def test_update_and_check_over_every_hostile_file(tmp_path, fake_model):
    """The whole corpus beside the seeds through `update` then `check`: skipped files named, no traceback."""
    import subprocess

    folder = tmp_path / "in"
    shutil.copytree(SOURCES, folder)
    made = write_corpus(folder)
    base = str(tmp_path / "base")
    done = fake_model.invoke(cli, ["update", str(folder), "--base", base])
    _ok(done, 3)
    assert "It holds" in done.stdout
    for h in made:
        if h.expect == "skip":
            assert f"note: {h.name}" in done.stderr, h.name
    checked = fake_model.invoke(cli, ["check", str(folder), "--base", base, "--format", "junit"])
    assert checked.exit_code in (1, 3)  # 1 if the hashing embedder pairs two seed figures, else 3
    _ok(checked, checked.exit_code)
    assert "skipped" in checked.stderr
    subprocess.run(["rm", "-rf", str(folder)], check=False)
