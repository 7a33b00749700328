"""Ranking metrics (MAP@5, MRR, Recall@k) and the EQUATE confusion counting, on hand-made cases."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

from factcheck.eval.retrieval import average_precision, recall, reciprocal_rank, score_rankings

ROOT = Path(__file__).resolve().parent.parent


def _load_bench(name: str):
    """A bench script as a module, by path (bench/ is not a package)."""
    spec = importlib.util.spec_from_file_location(f"bench_{name}", ROOT / "bench" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


RANKING = ["d1", "d2", "d3", "d4", "d5", "d6", "d7"]


@pytest.mark.parametrize("relevant, ap", [
    ({"d1"}, 1.0),
    ({"d2"}, 0.5),
    ({"d5"}, 0.2),
    ({"d6"}, 0.0),  # ranked 6th: outside the first five, AP@5 is 0
    ({"x"}, 0.0),  # never ranked
    ({"d1", "d3"}, (1 / 1 + 2 / 3) / 2),
    ({"d2", "d9"}, (1 / 2) / 2),  # a relevant document never ranked still counts in the denominator
])
def test_eval_metrics_average_precision_at_5(relevant, ap):
    assert average_precision(RANKING, relevant, 5) == pytest.approx(ap)


@pytest.mark.parametrize("relevant, rr", [({"d1"}, 1.0), ({"d4"}, 0.25), ({"d6"}, 1 / 6), ({"x"}, 0.0),
                                          ({"d3", "d2"}, 0.5)])
def test_eval_metrics_reciprocal_rank(relevant, rr):
    assert reciprocal_rank(RANKING, relevant) == pytest.approx(rr)


@pytest.mark.parametrize("relevant, k, r", [({"d1"}, 1, 1.0), ({"d2"}, 1, 0.0), ({"d5"}, 5, 1.0),
                                            ({"d6"}, 5, 0.0), ({"d6"}, 20, 1.0), ({"d1", "x"}, 20, 0.5)])
def test_eval_metrics_recall_at_k(relevant, k, r):
    assert recall(RANKING, relevant, k) == r


def test_eval_metrics_score_rankings_averages_over_gold_queries():
    runs = {"q1": ["a", "b"], "q2": ["c", "d", "e", "f", "g", "h"], "q4": ["z"]}
    qrels = {"q1": {"a"}, "q2": {"h"}, "q3": {"a"}}  # q3 has no ranking: scores 0; q4 has no gold: ignored
    s = score_rankings(runs, qrels)
    assert s.queries == 3
    assert s.map5 == pytest.approx(1 / 3)  # 1, 0 (rank 6), 0
    assert s.mrr == pytest.approx((1 + 1 / 6) / 3)
    assert s.as_row() == {"MAP@5": s.map5, "MRR": s.mrr, "R@1": pytest.approx(1 / 3),
                          "R@5": pytest.approx(1 / 3), "R@20": pytest.approx(2 / 3)}


def test_eval_metrics_score_rankings_needs_queries():
    with pytest.raises(ValueError, match="no queries"):
        score_rankings({}, {})


def test_eval_metrics_confusion_counts_label_by_outcome():
    equate = _load_bench("eval_equate")
    gold = ["entailment", "entailment", "contradiction", "neutral", "contradiction"]
    outcomes = ["agree", "conflict", "conflict", "unrelated", "changed"]
    table = equate.confusion(gold, outcomes)
    assert table["entailment"] == {"conflict": 1, "changed": 0, "agree": 1, "unrelated": 0}
    assert table["contradiction"] == {"conflict": 1, "changed": 1, "agree": 0, "unrelated": 0}
    assert table["neutral"]["unrelated"] == 1
    assert equate.rate(table, "entailment", ["conflict"]) == (1, 2)
    assert equate.rate(table, "contradiction", ["conflict", "changed"]) == (2, 2)
    assert equate.pct(1, 2) == "1/2 = 50.0%"


def test_eval_metrics_confusion_rejects_unknown_labels():
    equate = _load_bench("eval_equate")
    with pytest.raises(ValueError, match="unknown gold label 'maybe'"):
        equate.confusion(["maybe"], ["agree"])
    with pytest.raises(ValueError, match="unknown outcome"):
        equate.confusion(["neutral"], ["flagged"])
    with pytest.raises(ValueError):
        equate.confusion(["neutral", "neutral"], ["agree"])  # lengths differ
