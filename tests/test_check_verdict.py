"""`factcheck check` → `factcheck verdict` → `factcheck check` again, through the command
line with the real model: the command check prints is the command that settles its flags."""

from __future__ import annotations

import json
import shlex
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from factcheck.cli import cli
from factcheck.cli import common as cli_module  # the commands load the model through common.make_embedder

from .conftest import ROOT
from .test_check import PLANTED


@pytest.mark.model
def test_check_verdict_check_again_round_trip(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, embedder) -> None:
    monkeypatch.setattr(cli_module, "make_embedder", lambda model: embedder)
    shutil.copytree(ROOT / "claims" / "base", tmp_path / "desk" / "claims" / "base")
    monkeypatch.chdir(tmp_path / "desk")  # out/check.json and claims/verdicts.jsonl go here
    Path("planted.txt").write_text(PLANTED, encoding="utf-8")
    runner = CliRunner()

    first = runner.invoke(cli, ["check", "planted.txt", "--base", "claims/base"])
    assert first.exit_code == 1, first.output
    hint = next(ln for ln in first.stderr.splitlines() if "factcheck verdict" in ln)
    command = shlex.split(hint.split("e.g.: ", 1)[1])
    assert command[:2] == ["factcheck", "verdict"] and command[3] == "confirmed"
    saved = json.loads(Path("out/check.json").read_text(encoding="utf-8"))
    failing = [f["id"] for f in saved["flags"] if f["fails"]]
    assert command[2] in failing and len(failing) == 2

    for flag_id in failing:  # the printed command, for each failing flag
        done = runner.invoke(cli, [*command[1:2], flag_id, *command[3:]])
        assert done.exit_code == 0, done.output
        assert f"{flag_id}: confirmed by " in done.stdout

    stored = [json.loads(ln) for ln in Path("claims/verdicts.jsonl").read_text(encoding="utf-8").splitlines()]
    fingerprints = {f["id"]: f["fingerprint"] for f in saved["flags"]}
    assert [(v["flag_id"], v["fingerprint"]) for v in stored] == [(fid, fingerprints[fid]) for fid in failing]

    # confirmed: the article is wrong, so the check keeps failing until it is corrected
    again = runner.invoke(cli, ["check", "planted.txt", "--base", "claims/base"])
    assert again.exit_code == 1, again.output
    assert again.stdout.count("confirmed: the figures disagree and no correction is recorded") == 2
    # and `update` will not put the known-wrong figures into the base unless told to
    refused = runner.invoke(cli, ["update", "planted.txt", "--base", "claims/base"])
    assert refused.exit_code == 2 and "Not added: planted.txt: flag " in refused.stderr
    assert "--allow-confirmed" in refused.stderr and "factcheck verdict" in refused.stderr
    before = _base_bytes()

    for flag_id in failing:  # the correction is recorded
        done = runner.invoke(cli, ["verdict", flag_id, "corrected", "--note", "correction ran on Tuesday"])
        assert done.exit_code == 0, done.output
    again = runner.invoke(cli, ["check", "planted.txt", "--base", "claims/base"])
    assert again.exit_code == 0, again.output
    assert "0 new conflicts, 0 new changes over time, 2 already reviewed" in again.stdout
    assert "factcheck verdict" not in again.stderr
    assert _base_bytes() == before  # the refused update changed nothing
    allowed = runner.invoke(cli, ["update", "planted.txt", "--base", "claims/base"])  # corrected: no refusal
    assert allowed.exit_code == 0, allowed.output


def test_verdict_finds_flags_of_the_last_check(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Without --report, `verdict` looks in out/report.json, then in out/check.json."""
    monkeypatch.chdir(tmp_path)
    Path("out").mkdir()
    Path("out/report.json").write_text(json.dumps({"flags": [{"id": "f000000000001", "fingerprint": "a"}]}))
    Path("out/check.json").write_text(json.dumps({"flags": [{"id": "f000000000002", "fingerprint": "b"}]}))
    for fid, fp in (("f000000000001", "a"), ("f000000000002", "b")):
        done = CliRunner().invoke(cli, ["verdict", fid, "not_a_conflict", "--reviewer", "ana"])
        assert done.exit_code == 0, done.output
        assert json.loads(Path("claims/verdicts.jsonl").read_text().splitlines()[-1])["fingerprint"] == fp
    missing = CliRunner().invoke(cli, ["verdict", "f000000000003", "confirmed", "--reviewer", "ana"])
    assert missing.exit_code == 2
    assert "No flag 'f000000000003' in out/report.json or out/check.json" in missing.stderr


def test_review_page_serves_the_flags_check_saved(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`factcheck review --report out/check.json` shows check's flags with both passages."""
    from factcheck.base.store import update
    from factcheck.review.server import ReviewApp
    from factcheck.review.verdicts import VerdictStore

    from .conftest import HashEmbedder
    from .test_check import CONFLICT, FUNDING, OTHER_ROUND

    monkeypatch.setattr(cli_module, "make_embedder", lambda model: HashEmbedder())
    monkeypatch.chdir(tmp_path)
    Path("sources").mkdir()
    Path("sources/funding.txt").write_text(FUNDING, encoding="utf-8")
    Path("sources/other_round.txt").write_text(OTHER_ROUND, encoding="utf-8")
    update(Path("claims/base"), [Path("sources")], HashEmbedder())
    Path("new.txt").write_text(CONFLICT, encoding="utf-8")
    done = CliRunner().invoke(cli, ["check", "new.txt"])
    assert done.exit_code == 1, done.output
    assert "factcheck verdict f" in done.stderr and "factcheck review --report out/check.json" in done.stderr
    views = ReviewApp(Path("out/check.json"), VerdictStore(Path("claims/verdicts.jsonl"))).flags()["flags"]
    assert len(views) == 2 and {s["path"] for v in views for s in v["sides"]} >= {"new.txt"}
    assert all(v["sides"][0]["text"] and v["sides"][1]["text"] for v in views)


def _base_bytes() -> dict[str, bytes]:
    """The claim base's files (the database and its vector segments; not SQLite's -wal/-shm)."""
    return {p.name: p.read_bytes() for p in sorted(Path("claims/base").iterdir())
            if not p.name.endswith(("-wal", "-shm"))}
