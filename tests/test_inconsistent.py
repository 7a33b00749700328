"""The ``inconsistent`` flag (a bracketed conversion inside one article that no exchange rate
of its year allows) through every output, and flags listed by ``confidence``.

Runs the real pipeline on files in a temporary folder with the hashing embedder: the
conversion check reads the parsed figures only, and the pair flags are not what is tested.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import replace
from pathlib import Path

import pytest
from click.testing import CliRunner

from factcheck.cli import cli
from factcheck.match.conversions import KIND, conversion_flag_id, inconsistent_flags
from factcheck.outputs import csv_export, html_report, report
from factcheck.outputs.claimreview import MAX_SUMMARY
from factcheck.outputs.views import flag_views
from factcheck.pipeline import Result, run
from factcheck.records import Article, Flag, Verdict
from factcheck.review.server import ReviewApp
from factcheck.review.server import flag_views as review_views
from factcheck.review.verdicts import VerdictStore

from .claimreview_shape import google_problems, schema_problems
from .conftest import HashEmbedder
from .test_outputs import _controls, _store_with, hostile_sources

DEAL = """date 2004-06-01 Chip maker buys its rival

The two firms met in London on Monday.
The deal is worth $1.8 billion (£9.4 million), the companies said.
Quarterly profits jumped 76% to $1.13bn (£600m) for the three months to December.
The deficit reached $671.7bn (£484bn) last year.
"""
UNDATED = """Budget talks

The deficit reached $671.7bn (£484bn) last year.
"""


def deal_sources(folder: Path) -> Path:
    src = folder / "deals"
    src.mkdir()
    (src / "deal.txt").write_text(DEAL, encoding="utf-8")
    (src / "undated.txt").write_text(UNDATED, encoding="utf-8")
    return src


@pytest.fixture
def mixed(tmp_path: Path) -> Result:
    """One conflict between two articles, and two inconsistent conversions in a third."""
    result = run([hostile_sources(tmp_path), deal_sources(tmp_path)], HashEmbedder())
    assert sorted(f.kind for f in result.flags) == ["conflict", KIND, KIND], "the fixture's flags"
    return result


def inconsistent(result: Result) -> list[Flag]:
    return [f for f in result.flags if f.kind == KIND]


def figures(result: Result, f: Flag) -> tuple[str, str]:
    claims = result.claim_index
    return claims[f.a].quantities[f.a_quantity].text, claims[f.b].quantities[f.b_quantity].text


# -- the flag


def test_a_conversion_no_rate_of_the_articles_year_allows_is_one_flag_on_one_passage(mixed: Result) -> None:
    flags = inconsistent(mixed)
    # "$1.13bn (£600m)" is right for 2004; "$671.7bn (£484bn)" is 0.72 pounds a dollar: right in
    # 2001, wrong in 2004 (the dated article's year), and allowed in the undated one
    assert [figures(mixed, f) for f in flags] == [("$1.8 billion", "£9.4 million"), ("$671.7bn", "£484bn")]
    claims = mixed.claim_index
    for f in flags:
        assert f.a == f.b and claims[f.a].article_id == "deal.txt#1"
        assert f.similarity == 1.0 and f.confidence is None
        assert f.measure == "conversion (USD to GBP)"
    assert flags[0].reason.startswith("$1.8 billion (£9.4 million) implies 0.005222 GBP per USD; ")
    assert "the average rate in 2004 was 0.546" in flags[0].reason
    assert "the average rate in 2004 was 0.546" in flags[1].reason


def test_the_flag_id_is_content_derived_and_the_fingerprint_is_the_passage(tmp_path: Path) -> None:
    first = inconsistent(run([deal_sources(tmp_path)], HashEmbedder()))
    again = inconsistent(run([tmp_path / "deals"], HashEmbedder()))
    assert [(f.id, f.fingerprint) for f in first] == [(f.id, f.fingerprint) for f in again]
    assert len({f.id for f in first}) == 2 and all(f.id.startswith("f") and len(f.id) == 13 for f in first)
    # another word in the sentence: the same flag (a verdict on it goes stale, not lost)
    (tmp_path / "deals" / "deal.txt").write_text(DEAL.replace("the companies said", "the firms said"), encoding="utf-8")
    result = run([tmp_path / "deals"], HashEmbedder())
    edited = inconsistent(result)
    assert edited[0].id == first[0].id and edited[0].fingerprint != first[0].fingerprint
    assert edited[1].fingerprint == first[1].fingerprint
    # the same figures in another article are another flag; a pair flag's id never collides
    a, b = (result.claim_index[edited[0].a].quantities[i] for i in (0, 1))
    assert conversion_flag_id("other.txt#1", a, b) != first[0].id


def test_one_flag_per_id_and_none_without_a_conversion(tmp_path: Path) -> None:
    from factcheck.extract.claims import extract_all

    text = "date 2004-06-01 Deal\n\nIt paid $1.8 billion (£9.4 million).\nAgain: $1.8 billion (£9.4 million).\n"
    art = Article(id="x.txt#1", path="x.txt", record=1, line=1, title="Deal", date="2004-06-01", text=text)
    claims = extract_all([art])
    assert len(claims) >= 2
    assert len(inconsistent_flags(claims, {art.id: art})) == 1
    seed = [c for c in claims if "$" not in c.text]
    assert inconsistent_flags(seed, {art.id: art}) == []


def test_report_json_keeps_its_schema_and_counts_the_kind(mixed: Result) -> None:
    data = report.as_json(mixed)
    keys = set(data["flags"][0])
    assert all(set(f) == keys for f in data["flags"])  # the same fields on every kind
    one = next(f for f in data["flags"] if f["kind"] == KIND)
    assert one["a"] == one["b"] and one["similarity"] == 1.0 and one["confidence"] is None
    assert data["summary"]["inconsistent"] == 2 and data["summary"]["conflicts"] == 1
    assert data["summary"]["changes"] == 0


# -- report.md, report.html, flags.csv


def test_markdown_shows_one_passage_with_both_figures_marked(mixed: Result) -> None:
    md = report.to_markdown(mixed)
    assert ": 1 conflicts, 0 changes over time, 2 inconsistent conversions." in md
    assert "| measure | conflicts | inconsistent conversions | changes over time | with a verdict |" in md
    assert "| conversion (USD to GBP) | 0 | 2 | 0 | 0 |" in md
    assert md.index("## Conflicts") < md.index("## Inconsistent conversions")
    f = inconsistent(mixed)[0]
    section = md[md.index(f"#### inconsistent conversion: conversion (USD to GBP) · flag {f.id}"):]
    section = section[:section.index("####", 5)]
    assert "One passage · rate gap " in section and "Similarity" not in section
    assert section.count("- **Passage**: Chip maker buys its rival — deal.txt record 1") == 1
    assert "- **B**" not in section
    assert "**$1.8 billion** ◀ (**£9.4 million** ◀)" in section
    assert "*The two firms met in London on Monday.*" in section  # the sentence before
    assert "| figure | $1.8 billion |" in section and "| conversion | £9.4 million |" in section


def test_html_shows_one_passage_with_both_figures_marked(mixed: Result) -> None:
    page = html_report.to_html(mixed)
    assert "<title>factcheck report: 1 conflicts, 0 changes over time, 2 inconsistent conversions</title>" in page
    assert "<th>Inconsistent conversions</th>" in page and '<option value="inconsistent">inconsistent conversions' in page
    assert '<a class="count inconsistent" href="#list" data-kind="inconsistent"><b>2</b> inconsistent conversions' in page
    f = inconsistent(mixed)[0]
    section = page[page.index(f'<section class="flag inconsistent" id="flag-{f.id}">'):]
    section = section[:section.index("</section>")]
    assert '<span class="badge inconsistent">inconsistent conversion</span>' in section
    assert f"{f.id} · one passage" in section and "similarity" not in section
    assert '<div class="sides one">' in section and section.count('<div class="side">') == 1
    assert ('<mark class="flagged" title="the flagged figure">$1.8 billion</mark> (<mark class="flagged" '
            'title="the flagged figure">£9.4 million</mark>)') in section
    assert "<td>figure</td><td>$1.8 billion</td>" in section and "<td>conversion</td><td>£9.4 million</td>" in section
    assert _controls(page) == []
    seed_like = html_report.to_html(replace(mixed, flags=[g for g in mixed.flags if g.kind != KIND]))
    assert "Inconsistent" not in seed_like and "inconsistent" not in seed_like.split("<style>")[0]


def test_csv_row_of_an_inconsistent_flag_has_the_figure_and_its_conversion(mixed: Result) -> None:
    rows = list(csv.DictReader(io.StringIO(csv_export.to_csv(mixed), newline="")))
    assert list(rows[0]) == list(csv_export.COLUMNS)
    f = inconsistent(mixed)[0]
    r = next(r for r in rows if r["flag_id"] == f.id)
    assert (r["kind"], r["a_figure"], r["b_figure"]) == (KIND, "$1.8 billion", "£9.4 million")
    assert r["a_passage"] == r["b_passage"] == "The deal is worth $1.8 billion (£9.4 million), the companies said."
    assert r["a_article"] == r["b_article"] == "deal.txt#1" and r["a_published"] == "2004-06-01"
    assert r["confidence"] == "" and r["similarity"] == "1.0000"


def _ranked(result: Result, confidences: dict[str, float | None]) -> Result:
    return replace(result, flags=[replace(f, confidence=confidences.get(f.id)) for f in result.flags])


def test_flags_are_listed_by_score_highest_first(mixed: Result) -> None:
    """Each kind has its named score (``outputs.scores``): an inconsistent conversion its rate gap,
    a conflict its same-attribute probability; the lists sort on it, flags without one last."""
    conflict = next(f for f in mixed.flags if f.kind == "conflict")
    first, second = inconsistent(mixed)
    unranked = _ranked(mixed, {})  # the conflict has no probability: it comes last
    views = flag_views(unranked)
    assert views[-1].flag.id == conflict.id and views[-1].score is None
    assert all(v.score is not None and v.score.name == "rate gap" for v in views[:-1])
    ranked = _ranked(mixed, {conflict.id: 0.9999})
    assert [v.flag.id for v in flag_views(ranked)][0] == conflict.id

    rows = list(csv.DictReader(io.StringIO(csv_export.to_csv(ranked), newline="")))
    assert [(r["flag_id"], r["confidence"], r["score_name"]) for r in rows][0] == (conflict.id, "0.9999",
                                                                                   "same-attribute probability")
    assert {r["score_name"] for r in rows[1:]} == {"rate gap"} and all(float(r["score"]) > 0.5 for r in rows[1:])
    md = report.to_markdown(ranked)
    assert "One passage · rate gap " in md and "times off the year's, 25% allowed)" in md
    assert f"flag {conflict.id}" in md and "same-attribute probability 1.00" in md
    page = html_report.to_html(ranked)
    assert page.index(f'id="flag-{conflict.id}"') < page.index(f'id="flag-{first.id}"')
    assert page.index(f'id="flag-{conflict.id}"') < page.index(f'id="flag-{second.id}"')
    data = report.as_json(ranked)
    assert {f["id"]: f["score"]["name"] for f in data["flags"]}[first.id] == "rate gap"


def test_run_cli_counts_inconsistent_conversions(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from factcheck.cli import common as cli_module  # the commands load the model through common.make_embedder

    monkeypatch.setattr(cli_module, "make_embedder", lambda model: HashEmbedder())
    done = CliRunner().invoke(cli, ["run", str(deal_sources(tmp_path)), "--out", str(tmp_path / "out"),
                                    "--no-cache", "--quiet"])
    assert done.exit_code == 0, done.output
    done = CliRunner().invoke(cli, ["run", str(tmp_path / "deals"), "--out", str(tmp_path / "out"), "--no-cache"])
    assert "2 articles, 5 claims: 0 conflicts, 0 changes over time, 2 inconsistent conversions" in done.stdout


# -- ClaimReview


def test_claimreview_of_a_confirmed_inconsistent_conversion(mixed: Result, tmp_path: Path) -> None:
    report.write(mixed, tmp_path / "out")
    report_path = tmp_path / "out" / "report.json"
    f = inconsistent(mixed)[0]
    store = _store_with(tmp_path, report_path, [(f.id, "confirmed", "the release says $1.8bn (£940m)")])
    done = CliRunner().invoke(cli, ["export", "--claimreview", "--url", "https://news.example/checks/deal",
                                    "--publisher", "Example News", "--report", str(report_path),
                                    "--store", str(store)])
    assert done.exit_code == 0, done.output
    (r,) = json.loads(done.stdout)
    assert schema_problems(r) == [] and google_problems(r, recommended=False) == []
    assert r["claimReviewed"] == "The deal is worth $1.8 billion (£9.4 million), the companies said."
    assert r["itemReviewed"]["description"] == "conversion (USD to GBP): $1.8 billion as £9.4 million"
    assert len(r["itemReviewed"]["description"]) <= MAX_SUMMARY
    assert r["reviewRating"]["alternateName"] == "Inconsistent conversion"
    assert r["reviewRating"]["ratingExplanation"].startswith("$1.8 billion (£9.4 million) implies")
    claim = r["itemReviewed"]
    assert [a["headline"] for a in claim["appearance"]] == ["Chip maker buys its rival"]
    assert claim["datePublished"] == "2004-06-01"
    assert claim["name"] == "$1.8 billion as £9.4 million (Chip maker buys its rival)"


# -- the review page's data


def test_review_api_gives_one_passage_with_both_figures_and_orders_by_confidence(mixed: Result,
                                                                                 tmp_path: Path) -> None:
    first, second = inconsistent(mixed)
    report.write(_ranked(mixed, {second.id: 0.8}), tmp_path / "out")
    data = json.loads((tmp_path / "out" / "report.json").read_text(encoding="utf-8"))
    data["flags"].reverse()  # the API orders by confidence, then keeps the report's order
    views = review_views(data, {})
    assert [v["id"] for v in views][0] == second.id
    assert [v["id"] for v in views][1:] == [f["id"] for f in data["flags"] if f["id"] != second.id]
    one = next(v for v in views if v["id"] == first.id)
    assert one["single"] and one["confidence"] is None and len(one["sides"]) == 1
    side = one["sides"][0]
    marked = [side["quantities"][side["flagged"]]["text"], *(side["quantities"][i]["text"] for i in side["marked"])]
    assert marked == ["$1.8 billion", "£9.4 million"]
    assert next(v for v in views if v["id"] == second.id)["confidence"] == 0.8
    assert all(len(v["sides"]) == 2 and not v["single"] for v in views if v["kind"] == "conflict")

    app = ReviewApp(tmp_path / "out" / "report.json", VerdictStore(tmp_path / "v.jsonl"))
    saved = app.save({"flag_id": first.id, "verdict": "confirmed", "note": "", "reviewer": "ana"})
    assert saved.fingerprint == first.fingerprint
    assert next(v for v in app.flags()["flags"] if v["id"] == first.id)["settled"]


def test_a_verdict_hides_an_inconsistent_flag_like_any_other(mixed: Result) -> None:
    f = inconsistent(mixed)[0]
    verdict = Verdict(f.id, "not_a_conflict", "", "ana", "2026-11-20T10:00:00.000Z", f.fingerprint)
    md = report.to_markdown(mixed, {f.id: verdict}, show_settled=False)
    assert f.id not in md and "1 flags with a verdict are hidden" in md
