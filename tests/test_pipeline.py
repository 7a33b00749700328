"""The whole batch run with the real model on the bundled seed articles."""

from __future__ import annotations

import json

import pytest

from factcheck.outputs import report

from .helpers import MODEL

pytestmark = pytest.mark.model


def _flags_between(result, needle_a, needle_b):
    claims = result.claim_index
    out = []
    for f in result.flags:
        ta, tb = claims[f.a].text, claims[f.b].text
        if (needle_a in ta and needle_b in tb) or (needle_a in tb and needle_b in ta):
            out.append(f)
    return out


def test_pipeline_flags_series_c_valuation_conflict(seed_result):
    # 004 (undated): "...brings SenseTime's overall value to $3 billion."
    # 003 (2018-05-22): "The deal valued SenseTime at over $4.5 billion."
    flags = _flags_between(seed_result, "overall value to $3 billion", "valued SenseTime at over $4.5 billion")
    assert [f.kind for f in flags] == ["conflict"]
    f = flags[0]
    claims = seed_result.claim_index
    qa = claims[f.a].quantities[f.a_quantity]
    qb = claims[f.b].quantities[f.b_quantity]
    assert {qa.text, qb.text} == {"$3 billion", "over $4.5 billion"}
    assert "do not overlap" in f.reason and "valuation" in f.measure


def test_pipeline_reports_valuation_rise_as_change(seed_result):
    # 000 (2018-03-01): "currently valued at around $3 billion"; later articles: over $4.5 billion
    flags = [f for f in seed_result.flags if "around $3 billion" in seed_result.claim_index[f.a].text]
    assert flags and {f.kind for f in flags} == {"changed"}


def test_pipeline_keeps_series_c_and_c_plus_apart(seed_result):
    """The Series C ($600 million) and the C+ round (US$620 million) are both read, as money of one
    dimension in different articles, and kept apart by their rounds: no flag between them."""
    rounds = {(m.quantity.text, m.round) for m in seed_result.mentions if m.dimension == "money:USD"}
    assert {("$600 million", "C"), ("US$620 million", "C+")} <= rounds
    assert not _flags_between(seed_result, "$600 million", "US$620 million")


def test_pipeline_same_value_in_other_form_is_compared_and_agrees(seed_result):
    """"$410 million", "US$410 million" and "USD $410  million" (the Series B, in several
    records) are matched as one attribute, judged to agree, and never flagged."""
    from factcheck.match.candidates import candidate_pairs
    from factcheck.match.decide import decide_all

    ms, vecs = seed_result.mentions, seed_result.vectors
    decisions = decide_all(((ms[i], ms[j], c) for i, j, c in candidate_pairs(ms, vecs, floor=0.0)), model=MODEL)
    forms = [d for d in decisions if "410" in d.a.quantity.text and "410" in d.b.quantity.text
             and d.a.quantity.text != d.b.quantity.text]
    assert any(d.kind == "agree" for d in forms), "no two forms of $410 million were compared"
    assert all(d.flag is None for d in forms)
    claims = seed_result.claim_index
    flagged = {claims[c].quantities[q].text for f in seed_result.flags for c, q in ((f.a, f.a_quantity), (f.b, f.b_quantity))}
    assert not any("410" in t for t in flagged)


def test_pipeline_flags_carry_sources_and_reasons(seed_result):
    arts = seed_result.article_index
    assert {f.kind for f in seed_result.flags} >= {"conflict", "changed"}  # the seed's flags, each checked below
    for f in seed_result.flags:
        for cid in (f.a, f.b):
            c = seed_result.claim_index[cid]
            art = arts[c.article_id]
            raw = (report_root() / art.path).read_text(encoding="utf-8")
            # the file offset points at the passage in the source file, damage and all
            assert raw[c.file_start:c.file_end].split()[0] in c.text or c.text.split()[0] in raw[c.file_start:c.file_end]
        assert f.reason and f.measure


def report_root():
    from .conftest import SOURCES
    return SOURCES


def test_pipeline_report_files(seed_result, tmp_path):
    j, m = report.write(seed_result, tmp_path)
    data = json.loads(j.read_text(encoding="utf-8"))
    assert set(data) >= {"articles", "claims", "flags"}
    assert {"id", "path", "title", "date"} <= set(data["articles"][0])
    assert {"id", "article_id", "text", "start", "end", "quantities"} <= set(data["claims"][0])
    assert {"text", "value", "low", "high", "unit", "start", "end"} <= set(data["claims"][0]["quantities"][0])
    flag_keys = {"id", "kind", "a", "b", "a_quantity", "b_quantity", "similarity", "reason"}
    assert all(flag_keys <= set(f) for f in data["flags"])
    claim_ids = {c["id"] for c in data["claims"]}
    assert all(f["a"] in claim_ids and f["b"] in claim_ids for f in data["flags"])
    md = m.read_text(encoding="utf-8")
    assert "## Conflicts" in md and "**over $4.5 billion**" in md.replace("***", "**")


def test_pipeline_ids_are_stable_across_runs(seed_result, embedder):
    from factcheck.pipeline import run

    from .conftest import SOURCES
    again = run([SOURCES], embedder)
    assert [f.id for f in again.flags] == [f.id for f in seed_result.flags]
    assert [c.id for c in again.claims] == [c.id for c in seed_result.claims]


def test_pipeline_cli_run_on_the_seeds(monkeypatch, embedder, tmp_path):
    """`factcheck run sources/` as a user types it: the totals, both conflicts, both changes."""
    from click.testing import CliRunner

    from factcheck.cli import common as cli_module  # the commands load the model through common.make_embedder

    from .conftest import SOURCES
    monkeypatch.setattr(cli_module, "make_embedder", lambda model: embedder)
    result = CliRunner().invoke(cli_module.cli, ["run", str(SOURCES), "--out", str(tmp_path), "--no-cache"])
    assert result.exit_code == 0, result.output
    assert "17 articles, 109 claims: 2 conflicts, 2 changes over time" in result.output
    data = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))
    assert data["summary"] == {"articles": 17, "claims": 109, "flagged_claims": 4, "conflicts": 2, "changes": 2,
                               "inconsistent": 0}
    claims = {c["id"]: c for c in data["claims"]}
    conflicts = sorted(sorted(claims[f[s]]["quantities"][f[s + "_quantity"]]["text"] for s in ("a", "b"))
                       for f in data["flags"] if f["kind"] == "conflict")
    assert conflicts == [["$3 billion", "over $4.5 billion"], ["$3 billion", "over US$4.5 billion"]]
