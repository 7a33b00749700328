"""Retrieval: BM25, score fusion, top-n, the text preparation and ``rank`` (with the fake embedder)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import numpy as np
import pytest

from factcheck.eval.retrieval import BM25, fuse, mask_numbers, rank, rrf, top

DOCS = [
    "The unemployment rate fell to 4 percent in March.",
    "Obama released 122 detainees from Guantanamo Bay.",
    "The city council approved a new budget for parks.",
    "Guantanamo detainees returned to the battlefield, officials said.",
]


def test_retrieval_bm25_prefers_rare_shared_words():
    s = BM25(DOCS).scores(["How many Guantanamo detainees did Obama release?"])
    assert s.shape == (1, 4)
    assert int(np.argmax(s[0])) == 1  # three query words, two of them rare
    assert s[0, 2] == 0.0  # no word in common
    assert s[0, 3] > 0.0


def test_retrieval_bm25_counts_a_query_word_once():
    bm = BM25(DOCS)
    assert bm.scores(["budget budget budget"])[0, 2] == pytest.approx(bm.scores(["budget"])[0, 2])


def test_retrieval_bm25_unknown_words_score_zero():
    assert not BM25(DOCS).scores(["zzz qqq"]).any()


def test_retrieval_fuse_normalises_each_row():
    cosine = np.array([[0.9, 0.5, 0.1], [0.2, 0.2, 0.2]])
    bm25 = np.array([[0.0, 10.0, 5.0], [3.0, 0.0, 1.0]])
    fused = fuse(cosine, bm25, 0.5)
    assert fused[0] == pytest.approx([0.5, 0.5 * 0.5 + 0.5, 0.25])
    assert fused[1] == pytest.approx([0.5, 0.0, 0.5 / 3])  # a flat row adds nothing
    assert fuse(cosine, bm25, 1.0) is cosine
    assert fuse(cosine, bm25, 0.0)[0] == pytest.approx([0.0, 1.0, 0.5])


@pytest.mark.parametrize("weight", [-0.1, 1.5])
def test_retrieval_fuse_rejects_weights_outside_0_1(weight):
    with pytest.raises(ValueError, match="between 0 and 1"):
        fuse(np.zeros((1, 2)), np.zeros((1, 2)), weight)


def test_retrieval_top_orders_best_first_and_breaks_ties_by_index():
    s = np.array([[0.1, 0.9, 0.5, 0.9, 0.0], [1.0, 2.0, 3.0, 4.0, 5.0]])
    assert top(s, 3).tolist() == [[1, 3, 2], [4, 3, 2]]
    assert top(s, 10).tolist() == [[1, 3, 2, 0, 4], [4, 3, 2, 1, 0]]


def test_retrieval_rrf_sums_reciprocal_ranks():
    a = np.array([[0.9, 0.5, 0.1]])  # ranks 1 2 3
    b = np.array([[0.0, 2.0, 1.0]])  # ranks 3 1 2
    assert rrf(a, b, k=0)[0] == pytest.approx([1 + 1 / 3, 1 / 2 + 1, 1 / 3 + 1 / 2])
    assert rrf(a, b)[0] == pytest.approx([1 / 61 + 1 / 63, 1 / 62 + 1 / 61, 1 / 63 + 1 / 62])
    assert rrf(np.array([[0.3, 0.3]]), k=0)[0].tolist() == [1.0, 0.5]  # a tie: the lower index first
    with pytest.raises(ValueError):
        rrf()


@pytest.mark.parametrize("text, masked", [
    ("Obama released 122 detainees.", "Obama released [NUMBER] detainees."),
    ("Profits rose 12% to $3bn in 2019.", "Profits rose [PERCENT] to [MONEY] in [YEAR]."),
    ("No figures here.", "No figures here."),
])
def test_retrieval_mask_numbers(text, masked):
    assert mask_numbers(text) == masked


@pytest.mark.parametrize("tweet, clean", [
    ("Illinois GOP bill attacks single moms https://t.co/wDGczl94dF — Morgan Fairchild (@morgfair) February 25, 2016",
     "Illinois GOP bill attacks single moms"),
    ("Footage by Julie pic.twitter.com/0eJtwJyS1J — Center for Bio Div (@CenterForBioDiv) January 14, 2020",
     "Footage by Julie"),
    ("#DefundTheCBChttps://t.co/CsHG8R9cHp", "#DefundTheCBC"),
    ("A plain sentence - with a dash.", "A plain sentence - with a dash."),
])
def test_retrieval_clean_tweet_in_the_clef_bench(tweet, clean):
    path = Path(__file__).resolve().parent.parent / "bench" / "eval_clef.py"
    spec = importlib.util.spec_from_file_location("bench_eval_clef", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    assert module.clean_tweet(tweet) == clean


def test_retrieval_rank_with_fake_embedder(fake_embedder):
    queries = ["Guantanamo detainees released by Obama", "budget for the parks"]
    assert rank(queries, DOCS, fake_embedder, n=2)[:, 0].tolist() == [1, 2]
    cosine_only = rank(queries, DOCS, fake_embedder, weight=1.0, n=4)
    assert cosine_only.shape == (2, 4)
    assert sorted(cosine_only[0].tolist()) == [0, 1, 2, 3]
    assert rank(queries, [], fake_embedder).shape == (2, 0)


@pytest.mark.parametrize("fusion", ["rrf", "minmax", "cosine"])
def test_retrieval_rank_fusions_find_the_obvious_match(fake_embedder, fusion):
    ranked = rank(["the city council budget for parks"], DOCS, fake_embedder, n=1, fusion=fusion)
    assert ranked.tolist() == [[2]]


def test_retrieval_rank_titles_give_a_second_text(fake_embedder):
    docs = ["A claim about something else entirely.", "Another unrelated sentence."]
    titles = ["Weather report", "Guantanamo detainees released by Obama"]
    assert rank(["Obama released Guantanamo detainees"], docs, fake_embedder, titles=titles,
                fusion="cosine", n=1).tolist() == [[1]]
    with pytest.raises(ValueError, match="one title per document"):
        rank(["q"], docs, fake_embedder, titles=titles[:1])


def test_retrieval_rank_names_the_fusions_on_a_typo(fake_embedder):
    with pytest.raises(ValueError, match="choose one of rrf, minmax, cosine"):
        rank(["q"], DOCS, fake_embedder, fusion="bm25")
