"""`factcheck check`: new articles against the claim base, its output formats and exit codes.

The first half runs on hand-made articles with the hashing embedder (pure logic); the
second half is the project's own CI regression check with the real model against the
committed base in claims/base.
"""

from __future__ import annotations

import json
import re
import shutil
import sqlite3
import xml.etree.ElementTree as ET
from dataclasses import replace

import numpy as np
import pytest
from click.testing import CliRunner

from factcheck.base.check import check
from factcheck.base.store import ClaimBase, open_base, update
from factcheck.cli import cli
from factcheck.cli import common as cli_module  # the commands load the model through common.make_embedder
from factcheck.outputs.check_formats import FORMATS, to_github, to_json, to_junit, to_text
from factcheck.pipeline import Result, run
from factcheck.records import Verdict

from .conftest import ROOT, SOURCES

FUNDING = """date 2018-03-01 Acme Robotics closes its funding round

Acme Robotics, the Boston robotics startup, said it had raised $50 million in its Series B round led by Foo Capital.

The deal valued Acme Robotics at $400 million, the company said.
"""
OTHER_ROUND = """date 2018-03-02 Acme Robotics expands in Ohio after its funding round

Acme Robotics, the Boston robotics startup, has raised $80 million in its Series B round led by Foo Capital.
"""
CONFLICT = """date 2018-03-05 Acme Robotics hires for its new plant in Ohio

Its chief executive spoke in Boston on Monday.
Acme Robotics, the Boston robotics startup, has raised $120 million in its Series B round led by Foo Capital, its chief executive said.
"""
PARAPHRASE = """date 2018-03-06 Foo Capital backs the robot makers of Boston

Acme Robotics, the Boston robotics startup, has raised $50 million in its Series B round led by Foo Capital, the fund said.
"""
LATER_VALUE = """date 2018-09-20 Acme Robotics is worth more after a strong summer

The latest deal valued Acme Robotics at $900 million, the company said.
"""


@pytest.fixture
def desk(tmp_path, fake_embedder):
    """A base of FUNDING and OTHER_ROUND (which conflict with each other), and new articles beside it."""
    sources, new = tmp_path / "sources", tmp_path / "new"
    sources.mkdir()
    new.mkdir()
    (sources / "funding.txt").write_text(FUNDING, encoding="utf-8")
    (sources / "other_round.txt").write_text(OTHER_ROUND, encoding="utf-8")
    for name, text in (("conflict", CONFLICT), ("paraphrase", PARAPHRASE), ("later_value", LATER_VALUE)):
        (new / f"{name}.txt").write_text(text, encoding="utf-8")
    update(tmp_path / "base", [sources], fake_embedder)
    return tmp_path


def quantities(chk, f):
    new, other = chk.sides(f)
    return new.quantity.text, other.quantity.text


def test_check_flags_new_against_base_never_base_against_base(desk, fake_embedder):
    chk = check(open_base(desk / "base"), [desk / "new" / "conflict.txt"], fake_embedder)
    assert sorted(quantities(chk, f) for f in chk.flags) == [("$120 million", "$50 million"),
                                                             ("$120 million", "$80 million")]
    assert {f.kind for f in chk.flags} == {"conflict"} and chk.exit_code == 1
    for f in chk.flags:
        new, other = chk.sides(f)
        assert new.new and not other.new
        assert new.path == str(desk / "new" / "conflict.txt") and new.claim.line == 4


def test_check_equal_figures_pass(desk, fake_embedder):
    base = open_base(desk / "base")
    chk = check(base, [desk / "new" / "paraphrase.txt"], fake_embedder)
    # $50 million agrees with funding.txt; other_round.txt's $80 million was on file already, and
    # disagreeing with it is a new flag: the paraphrase restates one side of a known conflict
    assert [quantities(chk, f) for f in chk.flags] == [("$50 million", "$80 million")]


def test_check_agrees_with_the_batch_run(desk, fake_embedder):
    batch = run([desk / "sources" / "funding.txt", desk / "sources" / "other_round.txt",
                 desk / "new" / "conflict.txt", desk / "new" / "later_value.txt"], fake_embedder)
    chk = check(open_base(desk / "base"), [desk / "new" / "conflict.txt", desk / "new" / "later_value.txt"],
                fake_embedder)
    new_ids = {a.id for a in chk.new.articles}
    claims = batch.claim_index
    expected = [f for f in batch.flags if {claims[f.a].article_id, claims[f.b].article_id} & new_ids]
    def key(f):
        return f.id, f.kind, f.a, f.b, f.a_quantity, f.b_quantity, f.reason, f.measure, f.fingerprint

    assert sorted(map(key, chk.flags)) == sorted(map(key, expected))
    assert expected and len(expected) < len(batch.flags)  # the base-vs-base flag is the batch's alone


def test_check_new_against_new(desk, fake_embedder):
    chk = check(open_base(desk / "base"), [desk / "new" / "conflict.txt", desk / "new" / "paraphrase.txt"],
                fake_embedder)
    both_new = [f for f in chk.flags if all(s.new for s in chk.sides(f))]
    assert [sorted(quantities(chk, f)) for f in both_new] == [["$120 million", "$50 million"]]
    names = [c.get("name") for c in ET.fromstring(to_junit(chk)).iter("testcase")]
    assert not [n for n in names if "no conflicting figures" in n]  # both articles raised a flag


def test_check_change_over_time_fails_only_when_strict(desk, fake_embedder):
    base = open_base(desk / "base")
    chk = check(base, [desk / "new" / "later_value.txt"], fake_embedder)
    assert [(f.kind, *quantities(chk, f)) for f in chk.flags] == [("changed", "$900 million", "$400 million")]
    assert chk.exit_code == 0
    strict = check(base, [desk / "new" / "later_value.txt"], fake_embedder, strict=True)
    assert strict.exit_code == 1


def test_check_reviewed_flags_do_not_fail(desk, fake_embedder):
    base = open_base(desk / "base")
    first = check(base, [desk / "new" / "conflict.txt"], fake_embedder)
    verdicts = {f.id: Verdict(f.id, "not_a_conflict", "", "ana", "2025-11-23T09:30:12.345Z", f.fingerprint)
                for f in first.flags}
    chk = check(base, [desk / "new" / "conflict.txt"], fake_embedder, verdicts=verdicts)
    assert {chk.status(f) for f in chk.flags} == {"reviewed"} and chk.exit_code == 0
    assert chk.summary()["reviewed"] == 2 and chk.summary()["conflicts"] == 0
    # confirmed (the article is wrong) keeps failing until a correction is recorded
    confirmed = {fid: replace(v, verdict="confirmed") for fid, v in verdicts.items()}
    chk = check(base, [desk / "new" / "conflict.txt"], fake_embedder, verdicts=confirmed)
    assert {chk.status(f) for f in chk.flags} == {"reviewed"} and chk.exit_code == 1
    assert "2 confirmed and not corrected (failing)" in FORMATS["text"](chk)
    corrected = {fid: replace(v, verdict="corrected") for fid, v in verdicts.items()}
    assert check(base, [desk / "new" / "conflict.txt"], fake_embedder, verdicts=corrected).exit_code == 0
    stale = {fid: replace(v, fingerprint="0" * 16) for fid, v in verdicts.items()}
    chk = check(base, [desk / "new" / "conflict.txt"], fake_embedder, verdicts=stale)
    assert {chk.status(f) for f in chk.flags} == {"stale"} and chk.exit_code == 1


def test_check_article_on_file_is_checked_in_place_of_its_stored_version(desk, fake_embedder):
    chk = check(open_base(desk / "base"), [desk / "sources" / "funding.txt"], fake_embedder)
    # never against its own stored copy; against the other article on file, as in the batch run
    assert [quantities(chk, f) for f in chk.flags] == [("$50 million", "$80 million")]


def test_check_two_new_articles_with_one_id_is_a_usage_error(desk, fake_embedder):
    from factcheck.errors import UsageError

    (desk / "other").mkdir()
    shutil.copy(desk / "new" / "conflict.txt", desk / "other" / "conflict.txt")
    with pytest.raises(UsageError, match="would both be article conflict.txt#1"):
        check(open_base(desk / "base"), [desk / "new" / "conflict.txt", desk / "other" / "conflict.txt"],
              fake_embedder)


def test_check_paths_as_given_for_folders(desk, fake_embedder, monkeypatch):
    monkeypatch.chdir(desk)
    chk = check(open_base("base"), ["new"], fake_embedder)
    assert {chk.sides(f)[0].path for f in chk.flags} == {"new/conflict.txt", "new/paraphrase.txt",
                                                         "new/later_value.txt"}


# -- output formats


@pytest.fixture
def flagged(desk, fake_embedder):
    return check(open_base(desk / "base"), [desk / "new" / "conflict.txt", desk / "new" / "later_value.txt"],
                 fake_embedder)


def test_check_text_lists_both_passages_and_locations(flagged, desk):
    text = to_text(flagged)
    new = desk / "new" / "conflict.txt"
    assert f"{new}:4: conflict f" in text
    assert f"  new   {new}:4: $120 million (115.1 m–124.9 m) in \"Acme Robotics, the Boston" in text
    assert "  base  funding.txt:3: $50 million (45.1 m–54.9 m) in \"Acme Robotics, the Boston" in text
    assert "(2018-03-01, Acme Robotics closes its funding round)" in text
    assert text.rstrip().splitlines()[-1].startswith("Checked 2 articles (2 claims) against 3 claims in ")
    assert text.rstrip().endswith("2 new conflicts, 1 new change over time.")


def test_check_json_is_report_json_flags_with_their_claims(flagged):
    data = json.loads(to_json(flagged))
    assert set(data) == {"version", "model", "base", "checked", "articles", "claims", "flags", "notes", "summary"}
    flag_keys = {"id", "kind", "a", "b", "a_quantity", "b_quantity", "similarity", "reason", "measure",
                 "fingerprint", "verdict"}
    claims = {c["id"]: c for c in data["claims"]}
    articles = {a["id"]: a for a in data["articles"]}
    for f in data["flags"]:
        assert flag_keys <= set(f) and f["status"] == "new"
        for cid in (f["a"], f["b"]):
            assert claims[cid]["article_id"] in articles
    assert [(f["kind"], f["fails"]) for f in data["flags"]] == [("conflict", True), ("conflict", True),
                                                                ("changed", False)]
    assert data["summary"] == {"checked": 2, "claims": 2, "base_claims": 3, "flags": 3, "conflicts": 2,
                               "changes": 1, "inconsistent": 0, "reviewed": 0, "failing": 2, "strict": False, "exit": 1}


def test_check_junit_has_one_test_case_per_flag(flagged, desk, fake_embedder):
    root = ET.fromstring(to_junit(flagged))
    suite = root.find("testsuite")
    cases = suite.findall("testcase")
    assert suite.get("tests") == "3" and suite.get("failures") == "2"
    assert [c.find("failure") is not None for c in cases] == [True, True, False]
    assert cases[2].find("system-out") is not None  # the change: reported, not failed
    assert cases[0].get("classname") == str(desk / "new" / "conflict.txt")
    assert cases[0].get("name").startswith(f"{desk / 'new' / 'conflict.txt'}:4 conflict ")
    assert "do not overlap" in cases[0].find("failure").get("message")

    quiet = check(flagged.base, [desk / "sources" / "other_round.txt"], fake_embedder)
    quiet.flags = []
    cases = ET.fromstring(to_junit(quiet)).find("testsuite").findall("testcase")
    assert [(c.get("name"), list(c)) for c in cases] == [
        (f"{desk / 'sources' / 'other_round.txt'}:1: no conflicting figures", [])]


def test_check_github_annotations(flagged, desk):
    lines = to_github(flagged).splitlines()
    new = str(desk / "new").replace(":", "%3A").replace(",", "%2C")
    assert re.fullmatch(rf"::error file={re.escape(new)}/conflict.txt,line=4,title=factcheck conflict::"
                        r"funding, Series B \(USD\): .* do not overlap; .*\. On file: .*\[flag f[0-9a-f]{12}\]",
                        lines[0])
    assert lines[2].startswith(f"::warning file={new}/later_value.txt,line=3,title=factcheck change over time::")
    assert lines[3].startswith("Checked 2 articles")
    assert all("\n" not in ln for ln in lines)


def test_check_github_escapes_newlines_and_percent():
    from factcheck.outputs.check_formats import _escape_data, _escape_property

    assert _escape_data("50% up\r\nnext") == "50%25 up%0D%0Anext"
    assert _escape_property("a,b:c") == "a%2Cb%3Ac"


def test_check_output_is_deterministic(desk, fake_embedder):
    paths = [desk / "new" / "later_value.txt", desk / "new" / "conflict.txt", desk / "new" / "paraphrase.txt"]
    outputs = set()
    for order in (paths, paths[::-1]):
        chk = check(open_base(desk / "base"), order, fake_embedder)
        outputs.add((to_text(chk), to_junit(chk), to_github(chk),
                     json.dumps(list(json.loads(to_json(chk))["flags"]))))
    assert len(outputs) == 1


# -- CLI, pure logic


@pytest.fixture
def fake_cli(monkeypatch, fake_embedder, tmp_path):
    monkeypatch.setattr(cli_module, "make_embedder", lambda model: fake_embedder)
    monkeypatch.chdir(tmp_path)  # check saves out/check.json in the working folder
    return CliRunner()


def test_check_cli_exit_codes(desk, fake_cli):
    base = str(desk / "base")
    assert fake_cli.invoke(cli, ["check", str(desk / "new" / "conflict.txt"), "--base", base]).exit_code == 1
    assert fake_cli.invoke(cli, ["check", str(desk / "new" / "later_value.txt"), "--base", base]).exit_code == 0
    strict = fake_cli.invoke(cli, ["check", str(desk / "new" / "later_value.txt"), "--base", base, "--strict"])
    assert strict.exit_code == 1


def test_check_cli_input_errors_exit_2(desk, fake_cli):
    missing = fake_cli.invoke(cli, ["check", str(desk / "new" / "nope.txt"), "--base", str(desk / "base")])
    assert missing.exit_code == 2 and "Error: " in missing.stderr and "nope.txt" in missing.stderr
    no_base = fake_cli.invoke(cli, ["check", str(desk / "new" / "conflict.txt"), "--base", str(desk / "none")])
    assert no_base.exit_code == 2 and "no claim base at" in no_base.stderr
    assert fake_cli.invoke(cli, ["check"]).exit_code == 2
    assert fake_cli.invoke(cli, ["check", "x.txt", "--format", "yaml"]).exit_code == 2


def test_check_cli_reads_verdicts_beside_the_base(desk, fake_cli, fake_embedder):
    base = open_base(desk / "base")
    flags = check(base, [desk / "new" / "conflict.txt"], fake_embedder).flags
    with open(desk / "verdicts.jsonl", "w", encoding="utf-8") as f:
        for flag in flags:
            f.write(json.dumps({"flag_id": flag.id, "verdict": "not_a_conflict", "note": "", "reviewer": "ana",
                                "at": "2025-11-23T09:30:12.345Z", "fingerprint": flag.fingerprint}) + "\n")
    done = fake_cli.invoke(cli, ["check", str(desk / "new" / "conflict.txt"), "--base", str(desk / "base")])
    assert done.exit_code == 0, done.output
    assert "0 new conflicts, 0 new changes over time, 2 already reviewed" in done.stdout


def test_check_cli_writes_output_file(desk, fake_cli):
    out = desk / "reports" / "factcheck.xml"
    done = fake_cli.invoke(cli, ["check", str(desk / "new" / "conflict.txt"), "--base", str(desk / "base"),
                                 "--format", "junit", "-o", str(out)])
    assert done.exit_code == 1 and done.stdout == ""
    assert ET.parse(out).getroot().find("testsuite").get("failures") == "2"


def test_update_cli_builds_then_leaves_unchanged(desk, fake_cli):
    folder = desk / "claims" / "base"
    first = fake_cli.invoke(cli, ["update", str(desk / "sources"), "--base", str(folder)])
    assert first.exit_code == 0, first.output
    assert first.stdout.startswith(f"{folder}: created: 2 added, 0 replaced, 0 unchanged")
    again = fake_cli.invoke(cli, ["update", str(desk / "sources"), "--base", str(folder)])
    assert again.stdout == f"{folder}: unchanged (2 articles already on file).\n"
    added = fake_cli.invoke(cli, ["update", str(desk / "new" / "conflict.txt"), "--base", str(desk / "claims")])
    assert "1 added" in added.stdout and "holds 3 articles" in added.stdout


def test_update_cli_usage_errors(fake_cli, tmp_path):
    nothing = fake_cli.invoke(cli, ["update", "--base", str(tmp_path / "b")])
    assert nothing.exit_code == 2 and "Nothing to do" in nothing.stderr
    fresh = fake_cli.invoke(cli, ["update", "--fresh", "--rebuild", "--base", str(tmp_path / "b")])
    assert fresh.exit_code == 2 and "--fresh builds the base from ARTICLES" in fresh.stderr


def test_check_and_update_have_help():
    for name in ("check", "update"):
        text = CliRunner().invoke(cli, [name, "--help"]).stdout
        assert "Example" in text and "--base" in text


# -- the project's own CI regression check: the real model against the committed base

PLANTED = """SenseTime files for a listing after its record funding round

SenseTime, the Chinese facial recognition company, said on Monday that it had raised $750 million in its Series C round led by Alibaba.

The company was founded in 2014 and works with China Mobile and UnionPay.
"""
RESTATED = """SenseTime files for a listing after its record funding round

Alibaba led the $600 million Series C round in SenseTime, the Chinese facial recognition company said on Monday.

The company was founded in 2014 and works with China Mobile and UnionPay.
"""


@pytest.fixture
def real_cli(monkeypatch, embedder, tmp_path):
    monkeypatch.setattr(cli_module, "make_embedder", lambda model: embedder)
    monkeypatch.chdir(tmp_path)  # check saves out/check.json in the working folder
    return CliRunner()


@pytest.fixture
def ci_base(tmp_path):
    shutil.copytree(ROOT / "claims" / "base", tmp_path / "claims" / "base")
    return tmp_path / "claims" / "base"


def stored_claim(folder, needle):
    base = open_base(folder)
    found = [json.loads(base.claims.lines[int(i)]) for i in base.claim_rows()]
    found = [c for c in found if needle in c["text"]]
    assert len(found) == 1, needle
    return found[0]


@pytest.mark.model
def test_check_ci_planted_conflict_exits_1(real_cli, ci_base, tmp_path):
    article = tmp_path / "planted.txt"
    article.write_text(PLANTED, encoding="utf-8")
    done = real_cli.invoke(cli, ["check", str(article), "--base", str(ci_base), "--format", "json"])
    assert done.exit_code == 1, done.output
    data = json.loads(done.stdout)
    claims = {c["id"]: c for c in data["claims"]}
    found = set()
    for f in data["flags"]:
        new, base = (f["a"], f["b"]) if claims[f["a"]]["article_id"] == "planted.txt#1" else (f["b"], f["a"])
        qn = claims[new]["quantities"][f["a_quantity"] if new == f["a"] else f["b_quantity"]]["text"]
        qb = claims[base]["quantities"][f["b_quantity"] if new == f["a"] else f["a_quantity"]]["text"]
        assert f["kind"] == "conflict" and f["measure"] == "funding, Series C (USD)" and f["fails"]
        assert f["file"] == str(article) and f["line"] == 3
        found.add((qn, qb, base))
    round_c = stored_claim(ci_base, "raised $600 million in its Round C funding led by online retailer Alibaba")
    series_c = stored_claim(ci_base, "has successfully raised US$600 million in its Series C round")
    assert found == {("$750 million", "$600 million", round_c["id"]),
                     ("$750 million", "US$600 million", series_c["id"])}


@pytest.mark.model
def test_check_ci_restated_figures_exit_0(real_cli, ci_base, tmp_path):
    article = tmp_path / "restated.txt"
    article.write_text(RESTATED, encoding="utf-8")
    done = real_cli.invoke(cli, ["check", str(article), "--base", str(ci_base)])
    assert done.exit_code == 0, done.output
    assert done.stdout.startswith("Checked 1 article (2 claims) against ")
    assert "0 new conflicts, 0 new changes over time." in done.stdout


@pytest.mark.model
def test_check_ci_base_of_another_model_exits_2(real_cli, ci_base, tmp_path):
    conn = sqlite3.connect(ci_base / "base.sqlite", isolation_level=None)
    conn.execute("UPDATE meta SET value = ? WHERE name = 'model'", [json.dumps("paraphrase-MiniLM-L3-v2@0123456789abcdef")])
    conn.close()
    article = tmp_path / "planted.txt"
    article.write_text(PLANTED, encoding="utf-8")
    done = real_cli.invoke(cli, ["check", str(article), "--base", str(ci_base)])
    assert done.exit_code == 2
    assert done.stderr.startswith(f"Error: {ci_base} was embedded with paraphrase-MiniLM-L3-v2@0123456789abcdef, "
                                  "but the model loaded is all-MiniLM-L6-v2@")
    assert f"Re-embed the base with `factcheck update --rebuild --base {ci_base}`" in done.stderr


@pytest.mark.model
def test_check_ci_junit_and_github(real_cli, ci_base, tmp_path):
    article = tmp_path / "planted.txt"
    article.write_text(PLANTED, encoding="utf-8")
    junit = real_cli.invoke(cli, ["check", str(article), "--base", str(ci_base), "--format", "junit"])
    suite = ET.fromstring(junit.stdout).find("testsuite")
    assert suite.get("failures") == "2" and len(suite.findall("testcase")) == 2
    github = real_cli.invoke(cli, ["check", str(article), "--base", str(ci_base), "--format", "github"])
    annotations = [ln for ln in github.stdout.splitlines() if ln.startswith("::")]
    assert len(annotations) == 2 and github.exit_code == 1
    for ln in annotations:
        assert ln.startswith(f"::error file={article},line=3,title=factcheck conflict::funding, Series C (USD): ")


@pytest.mark.model
def test_check_ci_output_is_deterministic(real_cli, ci_base, tmp_path):
    article = tmp_path / "planted.txt"
    article.write_text(PLANTED, encoding="utf-8")
    runs = [real_cli.invoke(cli, ["check", str(article), "--base", str(ci_base), "--format", fmt]).stdout_bytes
            for fmt in ("json", "json", "text", "text")]
    assert runs[0] == runs[1] and runs[2] == runs[3]


def subset(result: Result, keep) -> Result:
    """``result`` restricted to the articles ``keep`` accepts, vectors included (nothing re-embedded)."""
    rows = [j for j, m in enumerate(result.mentions) if keep(m.article_id)]
    return Result([a for a in result.articles if keep(a.id)], [c for c in result.claims if keep(c.article_id)],
                  [result.mentions[j] for j in rows],
                  result.vectors[rows].reshape(len(rows), result.vectors.shape[1]), [], [], result.model)


@pytest.mark.model
@pytest.mark.parametrize("held_out", sorted(p.name for p in SOURCES.iterdir()))
def test_check_agrees_with_batch_on_the_seeds(seed_result, embedder, tmp_path, held_out):
    """Each seed article checked against a base of the others finds the batch's flags on it
    (float16 vectors in the base and all)."""
    ClaimBase.from_result(subset(seed_result, lambda aid: not aid.startswith(held_out))).save(tmp_path / "b")
    chk = check(open_base(tmp_path / "b"), [SOURCES / held_out], embedder)
    claims = seed_result.claim_index
    expected = {f.id: f for f in seed_result.flags
                if any(claims[c].article_id.startswith(held_out) for c in (f.a, f.b))}
    got = {f.id: f for f in chk.flags}
    assert sorted(got) == sorted(expected)
    for fid, f in got.items():
        e = expected[fid]
        assert (f.kind, f.a, f.b, f.a_quantity, f.b_quantity, f.reason) == (
            e.kind, e.a, e.b, e.a_quantity, e.b_quantity, e.reason)
        assert np.isclose(f.similarity, e.similarity, atol=2e-3)


# -- a new article's own inconsistent conversions

BAD_CONVERSION = """date 2004-06-01 Acme Robotics buys a chip maker

Acme Robotics, the Boston robotics startup, is paying $1.8 billion (£9.4 million) for the chip maker.
"""


def test_check_flags_a_new_articles_inconsistent_conversion_and_fails(desk, fake_embedder, fake_cli):
    path = desk / "new" / "deal.txt"
    path.write_text(BAD_CONVERSION, encoding="utf-8")
    base = open_base(desk / "base")
    chk = check(base, [path], fake_embedder)
    (f,) = [f for f in chk.flags if f.kind == "inconsistent"]
    new, other = chk.sides(f)
    assert f.a == f.b and new.new and other.new and new.claim is other.claim
    assert (other.quantity.text, new.quantity.text) == ("$1.8 billion", "£9.4 million")
    assert chk.fails(f) and chk.exit_code == 1
    assert chk.summary()["inconsistent"] == 1 and chk.summary()["failing"] >= 1

    text = to_text(chk)
    assert f"{path}:3: inconsistent {f.id} (new) · conversion (USD to GBP)\n" in text
    assert (f"  new   {path}:3: $1.8 billion (1.751 bn–1.849 bn) converted as £9.4 million (9.351 m–9.449 m) "
            "in \"Acme Robotics") in text
    assert "the average rate in 2004 was 0.546" in text
    assert "1 new inconsistent conversion." in text.rstrip().splitlines()[-1]
    data = json.loads(to_json(chk))
    flag = next(x for x in data["flags"] if x["kind"] == "inconsistent")
    assert flag["a"] == flag["b"] and flag["fails"] and flag["new"] == ["a", "b"] and flag["line"] == 3
    assert data["summary"]["inconsistent"] == 1
    case = next(c for c in ET.fromstring(to_junit(chk)).iter("testcase") if f.id in c.get("name"))
    assert case.get("name") == f"{path}:3 inconsistent {f.id}: $1.8 billion as £9.4 million"
    assert case.find("failure").get("type") == "inconsistent"
    line = next(ln for ln in to_github(chk).splitlines() if f.id in ln)
    assert line.startswith("::error ") and "title=factcheck inconsistent conversion::" in line
    assert "In this passage: \"Acme Robotics" in line

    # confirmed, it still fails (the article is wrong); a recorded correction settles it
    assert fake_cli.invoke(cli, ["check", str(path), "--base", str(desk / "base")]).exit_code == 1
    for verdict, code in (("confirmed", 1), ("corrected", 0)):
        with open(desk / "verdicts.jsonl", "a", encoding="utf-8") as out:
            for g in chk.flags:
                out.write(json.dumps({"flag_id": g.id, "verdict": verdict, "note": "", "reviewer": "ana",
                                      "at": "2025-11-23T09:30:12.345Z", "fingerprint": g.fingerprint}) + "\n")
        done = fake_cli.invoke(cli, ["check", str(path), "--base", str(desk / "base")])
        assert done.exit_code == code, done.output


def test_check_and_batch_agree_on_inconsistent_conversions(desk, fake_embedder):
    path = desk / "new" / "deal.txt"
    path.write_text(BAD_CONVERSION, encoding="utf-8")
    batch = [f for f in run([path], fake_embedder).flags if f.kind == "inconsistent"]
    chk = [f for f in check(open_base(desk / "base"), [path], fake_embedder).flags if f.kind == "inconsistent"]
    assert chk == batch and len(batch) == 1


def test_check_screens_stored_figures_as_the_rules_would(tmp_path, fake_embedder):
    """``screen`` drops, from the columns alone, exactly the candidate pairs with stored figures
    that the rules keep apart with no conversion to compare: the pairs left are those of the
    stored figures themselves, parsed."""
    from factcheck.base.check import base_pairs, kept_apart, screen
    from factcheck.match.decide import FLOOR
    from factcheck.pipeline import embed_mentions, extract_claims, find_mentions

    update(tmp_path / "base", [SOURCES], fake_embedder)
    base = open_base(tmp_path / "base")
    new = list(run([SOURCES], fake_embedder).articles)[:6]
    new = [replace(a, id=f"copy/{a.id}") for a in new]
    claims = extract_claims(new)
    ms = find_mentions(claims, new)
    vecs, _ = embed_mentions(ms, fake_embedder)
    pairs = list(base_pairs(ms, vecs, base, (), FLOOR))
    kept = screen(base, ms, pairs)
    expected = [(i, j, cos) for i, j, cos in pairs
                if not kept_apart(ms[i], base.mention(j), cos)
                or (ms[i].quantity.kind == "money" and ms[i].quantity.value == base.mention(j).quantity.value)]
    # every pair the rules on the real figures do not keep apart is kept, in order; the screen
    # may keep more (a rule that reads a claim's text finds none in the stand-in), never fewer
    assert [p for p in kept if p in set(expected)] == expected
    assert 0 < len(kept) < len(pairs)
    early = list(base_pairs(ms, vecs, base, (), FLOOR, screened=True))  # rows dropped before the cosines
    again = screen(base, ms, early)
    assert [(i, j) for i, j, _ in again] == [(i, j) for i, j, _ in kept] and len(early) < len(pairs)
    # the same cosines, to the last bits a matrix product of other rows may round differently
    assert np.allclose([c for _, _, c in again], [c for _, _, c in kept], rtol=0, atol=1e-6)
