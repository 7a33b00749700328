"""The learned part of the flag decision: the model file, its evidence, fitting, verdict rows, `factcheck learn`."""

from __future__ import annotations

import json
import math

import pytest
from click.testing import CliRunner

from factcheck.errors import ModelError
from factcheck.extract.mentions import mentions
from factcheck.match import learned
from factcheck.match.decide import decide
from factcheck.match.learned import FEATURES, DecisionModel, Row, evidence, fit, read_rows, verdict_rows
from factcheck.review.verdicts import VerdictStore, make_verdict

from .helpers import MODEL, article, claim


def _pair(text_a: str, text_b: str, index_a: int = 0, index_b: int = 0):
    a, b = claim(text_a, "a.txt#1"), claim(text_b, "b.txt#1")
    arts = {"a.txt#1": article(text_a, "a.txt#1"), "b.txt#1": article(text_b, "b.txt#1")}
    ms = mentions([a, b], arts)
    return ([m for m in ms if m.claim is a][index_a], [m for m in ms if m.claim is b][index_b])


def test_packaged_model_loads_and_is_sane():
    m = learned.current()
    assert 0 < m.threshold < 1 and len(m.coef) == len(FEATURES)
    # more similar contexts and a shared role word make the same attribute more likely
    assert m.coef[FEATURES.index("cosine")] > 0 and m.coef[FEATURES.index("role")] > 0
    assert m.about["test"]["rows"] > 0 and m.about["dev"]["rows"] > m.about["test"]["rows"]


def test_packaged_training_rows_have_both_labels_and_a_held_out_split():
    rows = read_rows()
    assert {r.label for r in rows} == {0, 1}
    assert {r.split for r in rows} == {"dev", "test"}
    assert {r.source for r in rows} >= {"bbc", "equate"}


def test_evidence_of_identical_sentences_and_of_unrelated_ones():
    a, b = _pair("The deal valued SenseTime at $4.5 billion, the company said.",
                 "The deal valued SenseTime at $3 billion, the company said.")
    x = dict(zip(FEATURES, evidence(a, b, 0.9)))
    assert x["cosine"] == 0.9 and x["passage"] == pytest.approx(1.0) and x["words"] == pytest.approx(1.0)
    assert x["role"] == 1.0
    c, d = _pair("The deal valued SenseTime at $4.5 billion.", "Farmers harvested 3 billion apples in Kent last year.")
    y = dict(zip(FEATURES, evidence(c, d, 0.9)))
    assert y["words"] < 0.2 and y["passage"] < 0.6 and y["role"] == 0.0


def test_the_bar_decides_between_near_and_far_contexts():
    a, b = _pair("The deal valued SenseTime at $4.5 billion, the company said.",
                 "The deal valued SenseTime at $3 billion, the company said.")
    near, far = decide(a, b, 0.95, MODEL), decide(a, b, 0.5, MODEL)
    assert near.kind == "conflict" and near.flag and near.flag.confidence == near.confidence
    assert near.flag.evidence and set(near.flag.evidence) == set(FEATURES)
    assert far.kind == "apart" and "not enough evidence" in far.reason
    assert far.confidence is not None and far.confidence < near.confidence  # type: ignore[operator]
    assert decide(a, b, 0.5, MODEL, threshold=0.0).kind == "conflict"  # a bar of 0 lets every guarded pair through


def _rows(n: int = 200) -> list[Row]:
    rows = []
    for i in range(n):
        y = i % 2
        cos = 0.8 + 0.1 * ((i * 7) % 10) / 10 if y else 0.5 + 0.1 * ((i * 3) % 10) / 10
        rows.append(Row((cos, 0.5, 0.2, float(y and i % 4 == 1)), y, "bbc", "test" if i % 5 == 0 else "dev", str(i)))
    return rows


@pytest.mark.slow  # the quick loop leaves it out (`make test` runs it)
def test_fit_separates_separable_rows_and_scores_the_held_out_part():
    model = fit(_rows())
    assert model.about["dev"]["f1"] == 1.0 and model.about["test"]["f1"] == 1.0
    assert model.probability((0.85, 0.5, 0.2, 0.0)) >= model.threshold > model.probability((0.55, 0.5, 0.2, 0.0))


def test_fit_needs_both_labels():
    with pytest.raises(ModelError, match="both labels"):
        fit([r for r in _rows() if r.label == 1])


@pytest.mark.slow  # the quick loop leaves it out (`make test` runs it)
def test_model_round_trips_and_bad_files_name_themselves(tmp_path):
    model = fit(_rows())
    path = tmp_path / "decision.json"
    model.save(path)
    again = DecisionModel.load(path)
    assert again.threshold == model.threshold and math.isclose(again.probability((0.7, 0.5, 0.2, 1.0)),
                                                               model.probability((0.7, 0.5, 0.2, 1.0)))
    path.write_text("{not json")
    with pytest.raises(ModelError, match=str(path)):
        DecisionModel.load(path)
    raw = model.as_json()
    raw["threshold"] = 1.5
    path.write_text(json.dumps(raw))
    with pytest.raises(ModelError, match="threshold"):
        DecisionModel.load(path)
    raw["features"] = ["cosine"]
    path.write_text(json.dumps(raw))
    with pytest.raises(ModelError, match="factcheck learn"):
        DecisionModel.load(path)


def test_verdict_rows_label_reviewed_flags():
    ev = dict.fromkeys(FEATURES, 0.5)
    flags = [{"id": "f1", "evidence": ev}, {"id": "f2", "evidence": ev}, {"id": "f3", "evidence": ev},
             {"id": "f4", "evidence": None}, {"id": "f5", "evidence": ev}]
    rows = verdict_rows(flags, {"f1": "confirmed", "f2": "not_a_conflict", "f3": "extraction_error",
                                "f4": "confirmed", "f5": "changed_over_time"})
    assert [(r.key, r.label, r.source) for r in rows] == [("f1", 1, "verdict"), ("f2", 0, "verdict"),
                                                          ("f5", 1, "verdict")]


@pytest.mark.slow  # the quick loop leaves it out (`make test` runs it)
def test_learn_command_refits_with_verdicts_and_run_uses_the_model(tmp_path, monkeypatch):
    from factcheck.cli import cli

    ev = {"cosine": 0.55, "passage": 0.3, "words": 0.1, "role": 1.0}
    report = tmp_path / "report.json"
    report.write_text(json.dumps({"flags": [{"id": f"f{i:012d}", "evidence": ev} for i in range(30)]}))
    store = tmp_path / "verdicts.jsonl"
    vs = VerdictStore(store)
    for i in range(30):
        vs.add(make_verdict(f"f{i:012d}", "confirmed", reviewer="t"))
    out = tmp_path / "claims" / "decision.json"
    r = CliRunner().invoke(cli, ["learn", "--report", str(report), "--store", str(store), "--out", str(out)])
    assert r.exit_code == 0, r.output
    assert "30 reviewed flags joined" in r.output and "test:" in r.output
    refitted = DecisionModel.load(out)
    assert refitted.about["fitted_on"]["verdict"] > 0
    # thirty confirmed flags at cosine 0.55 teach that such pairs are the same attribute
    assert refitted.probability(tuple(ev.values())) > learned.current().probability(tuple(ev.values()))
    monkeypatch.setenv(learned.ENV, str(out))
    assert learned.current().threshold == refitted.threshold


def test_learn_command_names_an_unreadable_report(tmp_path):
    from factcheck.cli import cli

    bad = tmp_path / "report.json"
    bad.write_text("[1, 2")
    r = CliRunner().invoke(cli, ["learn", "--report", str(bad), "--store", str(tmp_path / "v.jsonl"),
                                 "--out", str(tmp_path / "m.json")])
    assert r.exit_code == 2 and str(bad) in r.output


@pytest.mark.slow  # the quick loop leaves it out (`make test` runs it)
def test_a_projects_own_model_in_claims_is_used_when_no_file_is_named(tmp_path, monkeypatch):
    model = fit(_rows())
    (tmp_path / "claims").mkdir()
    model.save(tmp_path / "claims" / "decision.json")
    monkeypatch.delenv(learned.ENV, raising=False)
    monkeypatch.chdir(tmp_path)
    assert learned.current().threshold == model.threshold
    (tmp_path / "claims" / "decision.json").unlink()
    assert learned.current() == DecisionModel.load(learned.PACKAGED)


def test_a_side_that_names_nobody_needs_near_identical_contexts():
    a, b = _pair("The deal was worth $4.5 billion, people said.", "The deal was worth $3 billion, people said.")
    assert not a.subjects and not b.subjects
    far = decide(a, b, 0.85, MODEL)  # the learned bar alone would let a shared role word through at 0.67
    assert far.kind == "apart" and "names nobody" in far.reason
    assert decide(a, b, 0.95, MODEL).kind == "conflict"
