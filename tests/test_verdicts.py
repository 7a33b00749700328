"""The verdict store: format, latest-wins, audit trail, torn lines, real concurrent processes."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from factcheck.cli import _load_verdicts, cli
from factcheck.errors import StoreError, UsageError
from factcheck.review.verdicts import VERDICTS, VerdictStore, make_verdict, parse_line

from .test_review import write_report

ROOT = Path(__file__).resolve().parent.parent

# A child process that records COUNT verdicts (COUNT < 0: forever) once START exists.
WRITER = """
import os, sys, time
from factcheck.review.verdicts import VerdictStore
path, tag, count, start = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
while not os.path.exists(start):
    time.sleep(0.001)
store, i = VerdictStore(path), 0
while count < 0 or i < count:
    store.record(f"{tag}-{i}", "confirmed", note=f"{tag} says " + "x" * (i % 50), reviewer=tag)
    i += 1
"""

# A child that takes the store's lock, writes half a record and hangs there.
HALF_WRITER = """
import os, sys, time
from filelock import FileLock
FileLock(sys.argv[1] + ".lock").acquire()
fd = os.open(sys.argv[1], os.O_RDWR | os.O_APPEND | os.O_CREAT)
os.write(fd, b'{"flag_id": "f-torn", "verdict": "confir')
print("ready", flush=True)
time.sleep(60)
"""


@pytest.fixture
def store(tmp_path: Path) -> VerdictStore:
    return VerdictStore(tmp_path / "claims" / "verdicts.jsonl")


def _spawn(script: str, *args: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-c", script, *args], cwd=ROOT, stdout=subprocess.PIPE, text=True)


def test_verdicts_round_trip_one_line_per_record(store: VerdictStore) -> None:
    v = store.record("f1", "confirmed", note="AP: \"$4.5bn\"\nsecond line — ü", reviewer="Ana B", fingerprint="fp")
    assert store.history() == [v]
    lines = store.path.read_bytes().split(b"\n")
    assert lines[1:] == [b""] and parse_line(lines[0]) == v
    assert list(json.loads(lines[0])) == ["flag_id", "verdict", "note", "reviewer", "at", "fingerprint"]
    assert v.at.endswith("Z") and v.as_json()["note"].endswith("ü")


def test_verdicts_latest_wins_and_audit_trail_is_kept(store: VerdictStore) -> None:
    store.record("f1", "confirmed", reviewer="ana")
    store.record("f2", "extraction_error", reviewer="bo")
    store.record("f1", "not_a_conflict", note="same fact, rounded", reviewer="bo")
    latest = store.latest()
    assert {k: v.verdict for k, v in latest.items()} == {"f1": "not_a_conflict", "f2": "extraction_error"}
    assert [v.verdict for v in store.history("f1")] == ["confirmed", "not_a_conflict"]
    assert len(store.path.read_text().splitlines()) == 3


def test_verdicts_latest_is_by_time_then_by_line(store: VerdictStore) -> None:
    """After a git merge lines may be out of time order: the later ``at`` still wins."""
    store.add(make_verdict("f1", "confirmed", reviewer="a", at="2025-01-02T00:00:00.000Z"))
    store.add(make_verdict("f1", "not_a_conflict", reviewer="b", at="2025-01-01T00:00:00.000Z"))
    store.add(make_verdict("f2", "confirmed", reviewer="a", at="2025-01-01T00:00:00.000Z"))
    store.add(make_verdict("f2", "extraction_error", reviewer="b", at="2025-01-01T00:00:00.000Z"))
    assert {k: v.verdict for k, v in store.latest().items()} == {"f1": "confirmed", "f2": "extraction_error"}


def test_verdicts_invalid_name_lists_the_valid_ones(store: VerdictStore) -> None:
    with pytest.raises(UsageError) as e:
        store.record("f1", "wrong", reviewer="ana")
    assert str(e.value) == ("Unknown verdict 'wrong'. Valid verdicts: confirmed, not_a_conflict, "
                            "changed_over_time, extraction_error, corrected.")
    assert not store.path.exists()


@pytest.mark.parametrize(("flag_id", "reviewer", "message"), [
    ("", "ana", "Invalid flag id"),
    ("f1 f2", "ana", "Invalid flag id"),
    ("f1\n", "ana", "Invalid flag id"),
    ("f1", "  ", "reviewer's name is empty"),
])
def test_verdicts_rejects_bad_fields(flag_id: str, reviewer: str, message: str) -> None:
    with pytest.raises(UsageError, match=message):
        make_verdict(flag_id, "confirmed", reviewer=reviewer)


def test_verdicts_reviewer_defaults_to_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FACTCHECK_REVIEWER", "  Desk  Two ")
    assert make_verdict("f1", "confirmed").reviewer == "Desk Two"
    monkeypatch.delenv("FACTCHECK_REVIEWER")
    assert make_verdict("f1", "confirmed").reviewer  # the login name


def test_verdicts_is_stale_compares_fingerprints() -> None:
    v = make_verdict("f1", "confirmed", reviewer="a", fingerprint="aaa")
    assert v.is_stale("bbb") and not v.is_stale("aaa") and not v.is_stale(None)
    assert not make_verdict("f1", "confirmed", reviewer="a").is_stale("bbb")


def test_verdicts_missing_store_is_empty(store: VerdictStore) -> None:
    assert store.latest() == {} and store.history() == [] and store.notes == []


def test_verdicts_torn_last_line_is_skipped_reported_then_set_aside(store: VerdictStore) -> None:
    store.record("f1", "confirmed", reviewer="ana")
    store.record("f2", "confirmed", reviewer="ana")
    with open(store.path, "ab") as f:
        f.write(b'{"flag_id": "f3", "verdict": "conf')
    assert sorted(store.latest()) == ["f1", "f2"]
    assert [(n.line, "torn last line skipped" in n.message) for n in store.notes] == [(3, True)]

    store.record("f4", "extraction_error", reviewer="bo")
    assert [n.message for n in store.notes] == ["torn last line moved to verdicts.jsonl.torn"]
    assert sorted(store.latest()) == ["f1", "f2", "f4"] and store.notes == []
    assert store.path.with_name("verdicts.jsonl.torn").read_bytes() == b'{"flag_id": "f3", "verdict": "conf\n'


def test_verdicts_unterminated_valid_last_line_is_kept(store: VerdictStore) -> None:
    """A hand edit that dropped the final newline loses nothing."""
    store.record("f1", "confirmed", reviewer="ana")
    store.path.write_bytes(store.path.read_bytes().rstrip(b"\n"))
    assert sorted(store.latest()) == ["f1"] and store.notes == []
    store.record("f2", "confirmed", reviewer="ana")
    assert sorted(store.latest()) == ["f1", "f2"]
    assert store.path.read_bytes().count(b"\n") == 2


@pytest.mark.parametrize(("bad", "message"), [
    (b"not json", "not a JSON object"),
    (b'["a list"]', "not a JSON object"),
    (b'{"flag_id": "f9", "verdict": "perhaps", "at": "2025-01-01T00:00:00Z"}',
     "unknown verdict 'perhaps' (valid: confirmed, not_a_conflict, changed_over_time, extraction_error, corrected)"),
    (b'{"flag_id": "f9", "verdict": "confirmed"}', "missing or non-text field(s): at"),
    (b'{"flag_id": "f9", "verdict": "confirmed", "at": "yesterday"}', "not an ISO 8601 time"),
    (b'{"flag_id": "f9", "verdict": "confirmed", "at": "2025-01-01T00:00:00"}', "no time zone"),
])
def test_verdicts_invalid_line_elsewhere_names_file_and_line(store: VerdictStore, bad: bytes, message: str) -> None:
    store.record("f1", "confirmed", reviewer="ana")
    with open(store.path, "ab") as f:
        f.write(bad + b"\n")
    before = store.path.read_bytes()
    with pytest.raises(StoreError) as refused:  # no append to a store that cannot be read
        store.record("f2", "confirmed", reviewer="ana")
    assert store.path.read_bytes() == before
    with pytest.raises(StoreError) as e:
        store.latest()
    for err in (refused, e):
        assert str(err.value).startswith(f"{store.path}:2: invalid verdict record: ")
        assert message in str(err.value)


@pytest.mark.parametrize("bad", [b'{"flag_id": "f9", "verdict": "perhaps", "at": "2025-01-01T00:00:00Z"}',
                                 b'{"flag_id": "f9", "verdict": "confirmed"}'])
def test_verdicts_last_line_that_is_json_but_invalid_is_an_error_not_torn(store: VerdictStore, bad: bytes) -> None:
    """Only a line that is not JSON at all reads as torn; a valid JSON record stays where it is."""
    store.record("f1", "confirmed", reviewer="ana")
    with open(store.path, "ab") as f:
        f.write(bad)
    before = store.path.read_bytes()
    with pytest.raises(StoreError, match=r"verdicts.jsonl:2: invalid verdict record"):
        store.latest()
    with pytest.raises(StoreError, match=r"verdicts.jsonl:2: invalid verdict record"):
        store.record("f2", "confirmed", reviewer="ana")
    assert store.path.read_bytes() == before and not store.path.with_name("verdicts.jsonl.torn").exists()


@pytest.mark.slow  # the quick loop leaves it out (`make test` runs it)
def test_verdicts_two_processes_lose_nothing(store: VerdictStore, tmp_path: Path) -> None:
    start = tmp_path / "go"
    writers = [_spawn(WRITER, str(store.path), tag, "200", str(start)) for tag in ("p1", "p2")]
    time.sleep(0.5)  # both interpreters up and waiting
    start.touch()
    assert [w.wait(timeout=120) for w in writers] == [0, 0]
    history = store.history()
    assert store.notes == []
    assert sorted(v.flag_id for v in history) == sorted(f"{t}-{i}" for t in ("p1", "p2") for i in range(200))
    assert len(store.path.read_bytes().splitlines()) == 400
    for tag in ("p1", "p2"):  # each writer's own lines stay in its order
        assert [v.flag_id for v in history if v.reviewer == tag] == [f"{tag}-{i}" for i in range(200)]


@pytest.mark.slow  # a kill loop; the quick loop keeps the kill mid-line below
def test_verdicts_killed_mid_burst_leaves_readable_store(store: VerdictStore, tmp_path: Path) -> None:
    start = tmp_path / "go"
    start.touch()
    writer = _spawn(WRITER, str(store.path), "burst", "-1", str(start))
    deadline = time.monotonic() + 60
    while (not store.path.exists() or store.path.stat().st_size < 20_000) and time.monotonic() < deadline:
        time.sleep(0.01)
    writer.send_signal(signal.SIGKILL)
    writer.wait(timeout=10)
    history = store.history()
    assert len(history) > 50
    assert [v.flag_id for v in history] == [f"burst-{i}" for i in range(len(history))]
    store.record("after", "confirmed", reviewer="ana")  # the dead writer's lock is gone
    assert store.latest()["after"].verdict == "confirmed"


def test_verdicts_killed_holding_the_lock_mid_line(store: VerdictStore) -> None:
    store.record("f1", "confirmed", reviewer="ana")
    child = _spawn(HALF_WRITER, str(store.path))
    assert child.stdout.readline().strip() == "ready"
    os.kill(child.pid, signal.SIGKILL)
    child.wait(timeout=10)
    assert sorted(store.latest()) == ["f1"] and "torn" in store.notes[0].message
    store.record("f2", "not_a_conflict", reviewer="bo")
    assert sorted(store.latest()) == ["f1", "f2"] and store.notes == []


def test_verdicts_every_verdict_name_is_accepted(store: VerdictStore) -> None:
    for i, name in enumerate(VERDICTS):
        store.record(f"f{i}", name, reviewer="ana")
    assert [v.verdict for v in store.history()] == list(VERDICTS)


# -- the command line

def test_verdicts_cli_records_with_fingerprint(tmp_path: Path) -> None:
    report, store = write_report(tmp_path), tmp_path / "claims" / "verdicts.jsonl"
    result = CliRunner().invoke(cli, ["verdict", "f000000000001", "confirmed", "--note", "AP has 4.5bn",
                                      "--reviewer", "ana", "--store", str(store), "--report", str(report)])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("f000000000001: confirmed by ana at ")
    v = VerdictStore(store).latest()["f000000000001"]
    assert (v.note, v.reviewer, v.fingerprint) == ("AP has 4.5bn", "ana", "fp1")


def test_verdicts_cli_unknown_flag(tmp_path: Path) -> None:
    report, store = write_report(tmp_path), tmp_path / "v.jsonl"
    result = CliRunner().invoke(cli, ["verdict", "fnope", "confirmed", "--store", str(store), "--report", str(report)])
    assert result.exit_code == 2
    assert result.output.startswith(f"Error: No flag 'fnope' in {report}.")
    assert not store.exists()


def test_verdicts_cli_invalid_verdict_name(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["verdict", "f1", "wrong", "--store", str(tmp_path / "v.jsonl")])
    assert result.exit_code == 2
    assert result.output == ("Error: Unknown verdict 'wrong'. Valid verdicts: confirmed, not_a_conflict, "
                             "changed_over_time, extraction_error, corrected.\n")


def test_verdicts_cli_without_report_notes_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FACTCHECK_REVIEWER", "desk")
    store = tmp_path / "v.jsonl"
    result = CliRunner().invoke(cli, ["verdict", "f1", "extraction_error", "--store", str(store),
                                      "--report", str(tmp_path / "none.json")])
    assert result.exit_code == 0
    assert "not found: flag id not checked, no fingerprint kept" in result.output
    v = VerdictStore(store).latest()["f1"]
    assert (v.reviewer, v.fingerprint) == ("desk", None)


def test_verdicts_cli_lists_latest_and_history(tmp_path: Path) -> None:
    store = VerdictStore(tmp_path / "v.jsonl")
    store.record("f1", "confirmed", reviewer="ana")
    store.record("f1", "not_a_conflict", note="same fact", reviewer="bo")
    store.record("f2", "extraction_error", reviewer="ana")
    runner = CliRunner()
    latest = runner.invoke(cli, ["verdicts", "--store", str(store.path)])
    assert latest.exit_code == 0
    assert [line.split()[1:3] for line in latest.output.splitlines()] == [["f1", "not_a_conflict"],
                                                                         ["f2", "extraction_error"]]
    trail = runner.invoke(cli, ["verdicts", "f1", "--store", str(store.path)])
    assert [line.split()[2] for line in trail.output.splitlines()] == ["confirmed", "not_a_conflict"]
    assert trail.output.splitlines()[1].endswith("bo  same fact")
    empty = runner.invoke(cli, ["verdicts", "--store", str(tmp_path / "none.jsonl")])
    assert empty.output == f"No verdicts in {tmp_path / 'none.jsonl'}.\n"


def test_verdicts_cli_broken_store_is_a_clean_error(tmp_path: Path) -> None:
    path = tmp_path / "v.jsonl"
    path.write_text("garbage\n" + json.dumps(make_verdict("f1", "confirmed", reviewer="a").as_json()) + "\n")
    result = CliRunner().invoke(cli, ["verdicts", "--store", str(path)])
    assert result.exit_code == 2
    assert result.output.startswith(f"Error: {path}:1: invalid verdict record: not a JSON object")


def test_verdicts_run_reads_the_store_for_the_report(tmp_path: Path) -> None:
    store = VerdictStore(tmp_path / "v.jsonl")
    store.record("f1", "confirmed", reviewer="ana", fingerprint="fp")
    loaded = _load_verdicts(store.path)
    assert set(loaded) == {"f1"}
    assert {"flag_id", "verdict", "note", "reviewer", "at", "fingerprint"} <= set(loaded["f1"].as_json())
    assert _load_verdicts(tmp_path / "none.jsonl") == {}


@pytest.mark.parametrize("command", ["verdict", "verdicts", "review"])
def test_verdicts_cli_commands_have_help(command: str) -> None:
    result = CliRunner().invoke(cli, [command, "--help"])
    assert result.exit_code == 0
    assert "Example" in result.output and "--store" in result.output
