"""The hand-labelled pairs of figures in bench/data/stories_labels.jsonl (issue 22, item 5).

Runs bench/check_labels.py's validation on the committed labels against the articles in
../shared/benchmarks/multinews_dev (or $FACTCHECK_SHARED/benchmarks/multinews_dev); skips when that is absent.
Also checks that the validator catches each kind of bad row, and the candidate script's figure finder on
the forms LABELLING.md names.
"""

from __future__ import annotations

import importlib.util
import json
import os
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("FACTCHECK_SHARED", ROOT.parent / "shared"))
ARTICLES = SHARED / "benchmarks" / "multinews_dev" / "articles.jsonl"
LABELS = ROOT / "bench" / "data" / "stories_labels.jsonl"


def _load_bench(name: str) -> ModuleType:
    """A bench script as a module, by path (bench/ is not a package)."""
    spec = importlib.util.spec_from_file_location(f"bench_{name}", ROOT / "bench" / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


check_labels = _load_bench("check_labels")
candidates = _load_bench("stories_candidates")
needs_articles = pytest.mark.skipif(not ARTICLES.exists(), reason=f"{ARTICLES} is absent")


@needs_articles
def test_committed_labels_are_valid() -> None:
    errors, rows = check_labels.check(LABELS, check_labels.load_articles(ARTICLES))
    assert errors == []
    assert len(rows) >= 1000
    labels = {r["label"] for r in rows}
    assert {"conflict", "equivalent", "apart"} <= labels
    assert {r["split"] for r in rows} == {"dev", "held-out"}


def _write(tmp_path: Path, rows: list[dict[str, object]]) -> Path:
    p = tmp_path / "labels.jsonl"
    p.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return p


@needs_articles
@pytest.mark.parametrize("breakage, message", [
    (lambda r: r.update(label="maybe"), "not one of"),
    (lambda r: r.update(split="held-out" if r["split"] == "dev" else "dev"), "hash rule"),
    (lambda r: r.update(fragment_a=str(r["fragment_a"]) + "zz"), "not an exact substring"),
    (lambda r: r.update(figure_b="99999"), "not in fragment_b"),
    (lambda r: r.update(fragment_a=str(r["fragment_a"])[:20]), "characters"),
    (lambda r: r.pop("why"), "missing"),
])
def test_validator_catches_bad_rows(tmp_path: Path, breakage, message: str) -> None:  # type: ignore[no-untyped-def]
    articles = check_labels.load_articles(ARTICLES)
    row = json.loads(LABELS.read_text(encoding="utf-8").splitlines()[0])
    good = _write(tmp_path, [row])
    assert check_labels.check(good, articles)[0] == []
    breakage(row)
    errors, _ = check_labels.check(_write(tmp_path, [row]), articles)
    assert any(message in e and ":1:" in e for e in errors), errors


@needs_articles
def test_validator_catches_a_duplicate_pair(tmp_path: Path) -> None:
    row = json.loads(LABELS.read_text(encoding="utf-8").splitlines()[0])
    swapped = dict(row, a=row["b"], b=row["a"], fragment_a=row["fragment_b"], fragment_b=row["fragment_a"],
                   figure_a=row["figure_b"], figure_b=row["figure_a"])
    swapped.pop("offset_a", None)
    swapped.pop("offset_b", None)
    errors, _ = check_labels.check(_write(tmp_path, [row, swapped]), check_labels.load_articles(ARTICLES))
    assert any("labelled on line 1" in e for e in errors), errors


def test_split_rule_is_shared_and_fixed() -> None:
    for story in ("mn-validation-0", "mn-validation-19", "mn-validation-103"):
        assert candidates.split_of(story) == check_labels.split_of(story)
    splits = [check_labels.split_of(f"mn-validation-{i}") for i in range(1000)]
    assert 0.25 < splits.count("held-out") / len(splits) < 0.35


@pytest.mark.parametrize("sentence, wanted", [
    ("The 12-page report was released.", ["12-page"]),
    ("About a dozen people and half the staff left.", ["a dozen", "half"]),
    ("It cost $3bn, or 12% of 1,200 units.", ["$3bn", "12%", "1,200"]),
    ("Three people were stabbed in 2017.", ["Three"]),
    ("The fire on Oct. 1 killed twenty-five.", ["Oct. 1", "twenty-five"]),
    ("Footnoted times5 at 3:30 p.m. on 3/4.", []),
])
def test_candidate_figures(sentence: str, wanted: list[str]) -> None:
    assert [f[2] for f in candidates.figures(sentence)] == wanted


@pytest.mark.parametrize("figure, kind, value", [
    ("March 3", "date", 303.0),
    ("Sept. 25", "date", 925.0),
    ("$3bn", "money", 3e9),
    ("25 per cent", "share", 25.0),
    ("12-page", "count", 12.0),
    ("twenty-five", "count", 25.0),
    ("hundreds", "count", None),
])
def test_pass4_reads_a_figure_kind_and_value(figure: str, kind: str, value: float | None) -> None:
    assert candidates.figure_kind(figure) == kind
    assert candidates.figure_value(figure) == value


def test_pass4_context_of_a_figure() -> None:
    s = "Police said 12 people were arrested after the brawl in Anaheim."
    start = s.index("12")
    assert candidates.head_noun(s, start + 2, "12") == "people"
    assert candidates.verb_words(s, start, start + 2) == {"arrested"}
    assert {"police", "arrested"} <= candidates.context_words(s, start, start + 2)
    t = "The 30-car pileup closed the road."
    assert candidates.head_noun(t, t.index("30-car") + 6, "30-car") == "car"


@pytest.mark.parametrize("sentence, figure, names", [
    ("Geraldine Alcorn, 29, was charged on Wednesday.", "29", {"geraldine", "alcorn"}),
    ("The 28-year-old Alcorn was well-liked.", "28-year-old", {"alcorn"}),
    ("He paid 29, the court said.", "29", set()),
    ("The 12-page report was released.", "12-page", set()),
])
def test_pass4b_reads_an_age_and_its_name(sentence: str, figure: str, names: set[str]) -> None:
    start = sentence.index(figure)
    assert candidates.age_names(sentence, start, start + len(figure), figure) == names


def test_pass4_rows_match_their_candidates() -> None:
    """Every pass-4 label names a committed round-a or round-b candidate, at that candidate's figures."""
    rows = [json.loads(line) for line in LABELS.open(encoding="utf-8")]
    cands: dict[int, dict[str, object]] = {}
    for name in ("stories_candidates_pass4.jsonl", "stories_candidates_pass4b.jsonl"):
        for line in (ROOT / "bench" / "data" / name).open(encoding="utf-8"):
            c = json.loads(line)
            cands[int(c["cid"])] = c
    fourth = [r for r in rows if r.get("pass") == 4]
    assert len(fourth) >= 400
    for r in fourth:
        c = cands[int(r["cid"])]
        assert (r["story"], r["a"], r["b"]) == (c["story"], c["a"], c["b"])
        assert r["offset_a"] >= c["start_a"] and r["offset_b"] >= c["start_b"]
        assert r["figure_a"] in c["figures_a"] and r["figure_b"] in c["figures_b"]  # type: ignore[operator]
