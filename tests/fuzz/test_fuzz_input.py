"""Input that once gave a traceback, a hang or a wrong exit (issue 23): a damaged report.json
read back by `verdict`, `learn`, `export` and `review`; command-line text that is not UTF-8; a
closed stdout; a dangling link for a verdict store; a file swapped for a FIFO between the
folder walk and the read. Each gives `Error:` and exit 2, or the documented status."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest

import factcheck.extract.load as load_module
from factcheck.cli import cli
from factcheck.errors import StoreError
from factcheck.outputs.report_input import read_report

from ..conftest import ROOT
from ..test_review import build_report

pytestmark = pytest.mark.slow  # hostile input channels (closed pipes, odd paths) through subprocesses: `make test`

NOT_UTF8 = os.fsdecode(b"caf\xe9")  # as Python hands a non-UTF-8 argument over: a lone surrogate

DAMAGED = {
    "flag_1.json": ({"flags": [1]}, "flag 1 is not an object (a number)"),
    "flag_id_list.json": ({"flags": [{"id": ["x"]}]}, 'flag 1: "id" is a list, not a string'),
    "flags_object.json": ({"flags": {"id": "x"}}, "no \"flags\" list"),
    "list.json": ([1, 2], "is a list, not a report"),
    "claim_text.json": ({"flags": [], "claims": [{"id": "c1", "text": 5}]}, 'claim 1 (c1): "text" is a number'),
    "no_a.json": ({**build_report(), "flags": [{**build_report()["flags"][0], "a": None}]},
                  'flag 1 (f000000000001): "a" is null, not a string'),
    "missing_claim.json": ({**build_report(), "flags": [{**build_report()["flags"][0], "a": "c9"}]},
                           'its "a" names no claim'),
    "bad_figure.json": ({**build_report(), "flags": [{**build_report()["flags"][0], "a_quantity": 7}]},
                        '"a_quantity" is not a figure of claim c1'),
}


@pytest.fixture
def desk(tmp_path):
    for name, (data, _) in DAMAGED.items():
        (tmp_path / name).write_text(json.dumps(data), encoding="utf-8")
    (tmp_path / "good.json").write_text(json.dumps(build_report()), encoding="utf-8")
    (tmp_path / "not_json.json").write_bytes(b'{"flags": [')
    (tmp_path / "dangling.jsonl").symlink_to(tmp_path / "nowhere" / "verdicts.jsonl")
    return tmp_path


def _error(result, *words):
    assert "Traceback" not in result.output and result.exit_code == 2, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert "\nError: " in "\n" + result.stderr and all(w in result.stderr for w in words), result.stderr


def _commands(report: str, store: str) -> dict[str, list[str]]:
    return {
        "verdict": ["verdict", "f000000000001", "confirmed", "--store", store, "--report", report],
        "learn": ["learn", "--report", report, "--store", store, "--out", store + ".decision.json"],
        "export": ["export", "--claimreview", "--url", "https://example.org/c", "--publisher", "P",
                   "--report", report, "--store", store],
        "review": ["review", "--report", report, "--store", store, "--no-browser", "--port", "0"],
    }


PASSAGES_ONLY = {"missing_claim.json", "bad_figure.json"}  # only export and review read the passages
CASES = [(c, n) for n in [*DAMAGED, "not_json.json"] for c in ("verdict", "learn", "export", "review")
         if n not in PASSAGES_ONLY or c in ("export", "review")]


@pytest.mark.parametrize(("command", "name"), CASES, ids=[f"{c}-{n}" for c, n in CASES])
def test_a_damaged_report_is_an_error_naming_file_and_item(desk, no_model, command, name):
    result = no_model.invoke(cli, _commands(str(desk / name), str(desk / "v.jsonl"))[command])
    why = DAMAGED[name][1] if name in DAMAGED else "not a readable report.json"
    _error(result, f"{desk / name}: ", why)
    assert not (desk / "v.jsonl").exists()  # nothing was recorded


def test_the_hand_made_report_passes_the_check(desk):
    assert read_report(desk / "good.json", passages=True)["flags"][0]["id"] == "f000000000001"
    with pytest.raises(StoreError, match="flag 1 is not an object"):
        read_report(desk / "flag_1.json")


@pytest.mark.parametrize(("args", "option"), [
    (["verdict", "f1", "confirmed", "--note", NOT_UTF8], "--note"),
    (["verdict", "f1", "confirmed", "--reviewer", NOT_UTF8], "--reviewer"),
    (["export", "--claimreview", "--url", "https://example.org/c", "--publisher", NOT_UTF8], "--publisher"),
    (["verdicts", NOT_UTF8], "FLAG_ID"),
])
def test_text_that_is_not_utf8_is_refused_naming_the_option(desk, no_model, args, option):
    _error(no_model.invoke(cli, [*args, "--store", str(desk / "v.jsonl")]), f"Error: {option}: ", "not UTF-8")
    assert not (desk / "v.jsonl").exists()


def test_a_reviewer_name_from_the_environment_that_is_not_utf8(desk, no_model, monkeypatch):
    monkeypatch.setenv("FACTCHECK_REVIEWER", NOT_UTF8)
    _error(no_model.invoke(cli, ["verdict", "f1", "confirmed", "--store", str(desk / "v.jsonl"),
                                 "--report", str(desk / "none.json")]), "FACTCHECK_REVIEWER", "not UTF-8")
    assert not (desk / "v.jsonl").exists()


def test_the_verdict_store_refuses_a_dangling_link(desk, no_model):
    _error(no_model.invoke(cli, ["verdict", "f1", "confirmed", "--store", str(desk / "dangling.jsonl"),
                                 "--report", str(desk / "none.json")]), "dangling.jsonl", "does not exist")
    assert not (desk / "nowhere").exists()  # the link's target was not created


def test_a_closed_stdout_ends_quietly(tmp_path):
    """`factcheck verdicts | head -1`: the reader leaves after one line; exit 0, nothing on stderr."""
    store = tmp_path / "v.jsonl"
    store.write_text("".join(json.dumps({"flag_id": f"f{i:012d}", "verdict": "confirmed", "note": "x" * 200,
                                         "reviewer": "ana", "at": f"2025-01-01T00:00:{i % 60:02d}.{i:03d}Z"}) + "\n"
                             for i in range(5000)), encoding="utf-8")
    cmd = [str(Path(sys.executable).parent / "factcheck"), "verdicts", "--store", str(store)]
    done = subprocess.run(f"{' '.join(cmd)} | head -1; echo \"exit ${{PIPESTATUS[0]}}\"", shell=True,
                          executable="/bin/bash", capture_output=True, text=True, timeout=120, cwd=ROOT)
    out = done.stdout.splitlines()
    assert len(out) == 2 and "f00000000" in out[0] and out[1] == "exit 0", done.stdout + done.stderr
    assert done.stderr == "", done.stderr


def test_a_file_swapped_for_a_fifo_after_the_walk_is_skipped_not_waited_on(tmp_path, monkeypatch):
    src = tmp_path / "src"
    src.mkdir()
    (src / "a.txt").write_text("Acme raised $5 million in 2019.\n", encoding="utf-8")
    (src / "b.txt").write_text("Acme raised $6 million in 2019.\n", encoding="utf-8")
    walk = load_module.discover

    def walk_then_swap(paths):
        found = walk(paths)
        (src / "b.txt").unlink()
        os.mkfifo(src / "b.txt")  # nobody ever writes to it: a blocking open would wait forever
        return found

    monkeypatch.setattr(load_module, "discover", walk_then_swap)
    got: list[object] = []
    reader = threading.Thread(target=lambda: got.append(load_module.read_sources([src])), daemon=True)
    reader.start()
    reader.join(60)
    assert not reader.is_alive(), "the read blocked on the FIFO"
    loaded = got[0]
    assert [a.id for a in loaded.articles] == ["a.txt#1"]  # type: ignore[attr-defined]
    assert [str(n) for n in loaded.skipped] == ["b.txt:1: skipped: not a regular file"]  # type: ignore[attr-defined]


def test_a_path_that_is_not_utf8_is_still_a_path(tmp_path):
    """Only text options are checked: a file name may hold any bytes, and is printed as it came."""
    folder = os.fsencode(tmp_path)
    cmd = [os.fsencode(Path(sys.executable).parent / "factcheck"), b"verdict", b"f1", b"confirmed",
           b"--store", folder + b"/caf\xe9.jsonl", b"--report", folder + b"/none.json"]
    done = subprocess.run(cmd, capture_output=True, timeout=120, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    assert os.path.exists(folder + b"/caf\xe9.jsonl") and b"caf\xe9.jsonl" in done.stdout
