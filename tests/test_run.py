"""The one entry point of the matcher (``match.run.find_flags``) and the ways in that share it."""

from __future__ import annotations

import factcheck
from factcheck.match.compare import compare_texts
from factcheck.match.run import find_flags
from factcheck.pipeline import explain, run

from .conftest import SOURCES
from .helpers import MODEL

INCONSISTENT = "The deal is worth $1.8 billion (£9.4 million), the company said on Monday."


def test_the_advertised_stages_chained_give_the_runs_flags(fake_embedder):
    """``__init__``'s five stages, chained by hand, find the flags ``run`` finds."""
    assert {"load_sources", "extract_claims", "find_mentions", "embed_mentions", "find_flags"} <= set(factcheck.__all__)
    articles, _ = factcheck.load_sources([SOURCES])
    claims = factcheck.extract_claims(articles)
    ms = factcheck.find_mentions(claims, articles)
    vecs, _ = factcheck.embed_mentions(ms, fake_embedder)
    chained = factcheck.find_flags(ms, vecs, claims, articles, MODEL).flags
    ran = run([SOURCES], fake_embedder, decision=MODEL).flags
    assert chained == ran and ran


def test_find_flags_every_keeps_the_unflagged_decisions(fake_embedder):
    articles, _ = factcheck.load_sources([SOURCES])
    claims = factcheck.extract_claims(articles)
    ms = factcheck.find_mentions(claims, articles)
    vecs, _ = factcheck.embed_mentions(ms, fake_embedder)
    flagged = find_flags(ms, vecs, claims, articles, MODEL)
    every = find_flags(ms, vecs, claims, articles, MODEL, every=True)
    assert every.flags == flagged.flags
    assert {d.kind for d in every.decisions} >= {"apart", "agree"} and all(d.flag for d in flagged.decisions)
    assert {d.flag.id for d in flagged.decisions if d.flag} <= {d.flag.id for d in every.decisions if d.flag}


def test_compare_texts_reports_a_passages_inconsistent_conversion(fake_embedder):
    """``compare_texts`` goes through the whole matcher: a conversion no rate allows is flagged
    there as in the batch."""
    (out,) = compare_texts([(INCONSISTENT, "Shares in the firm rose 5% on Tuesday.")], fake_embedder,
                           dates=[("2004-06-01", "2004-06-01")], decision=MODEL)
    assert [f.kind for f in out.flags] == ["inconsistent"]


def test_explain_decides_every_pair_of_the_two_claims(fake_embedder):
    """``explain`` asks the same matcher for every pair of the two claims' figures, whatever the cosine."""
    articles, _ = factcheck.load_sources([SOURCES])
    flagged = next(f for f in run([SOURCES], fake_embedder, decision=MODEL).flags if f.a != f.b)
    ca, cb, decisions = explain(articles, flagged.a, flagged.b, fake_embedder, decision=MODEL)
    assert (ca.id, cb.id) == (flagged.a, flagged.b)
    assert decisions and all({d.a.claim.id, d.b.claim.id} == {ca.id, cb.id} for d in decisions)
    assert flagged.id in {d.flag.id for d in decisions if d.flag}
