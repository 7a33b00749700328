"""Where each article comes from, end to end: url, outlet (or source), author and story from
JSON Lines and from a plain file's front matter, kept on the Article, written to report.json,
flags.csv, report.md and report.html (with links to the original), and the ClaimReview
export built from them, checked against schema.org's ClaimReview shape and Google's
fact-check properties (``claimreview_shape``)."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from click.testing import CliRunner

from factcheck.cli import cli
from factcheck.extract.load import load
from factcheck.outputs import report
from factcheck.pipeline import run
from factcheck.review.verdicts import VerdictStore

from .claimreview_shape import google_problems, schema_problems
from .conftest import HashEmbedder

ACME = ("Acme Robotics raised {} in its Series B round led by Example Capital, the company said on Monday.")


def acme_jsonl(folder: Path) -> Path:
    rows = [
        {"id": "wire-1", "title": "Acme Robotics raises funds", "date": "2018-03-01", "url": "https://wire.example/acme?a=1&b=2",
         "outlet": "Example Wire", "author": "Ann Writer", "story": "acme-b",
         "text": "Acme Robotics raises funds\n\n" + ACME.format("$50 million") + " It makes warehouse robots."},
        {"id": "daily-7", "title": "Robot maker Acme gets money", "date": "2018-03-02", "url": "https://daily.example/acme",
         "source": "The Daily Example", "story": "acme-b",
         "text": "Robot maker Acme gets money\n\n" + ACME.format("$80 million") + " It makes warehouse robots."},
    ]
    path = folder / "news.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


def test_jsonl_source_fields_are_kept_and_bad_ones_are_notes(tmp_path: Path) -> None:
    acme_jsonl(tmp_path)
    bad = {"id": "x", "text": "Some text about 5 people.", "url": "javascript:alert(1)", "outlet": ["a"], "author": 7,
           "story": 12}
    with (tmp_path / "news.jsonl").open("a", encoding="utf-8") as f:
        f.write(json.dumps(bad) + "\n")
    articles, notes = load([tmp_path])
    a, b, c = articles
    assert (a.url, a.outlet, a.author, a.story) == ("https://wire.example/acme?a=1&b=2", "Example Wire", "Ann Writer", "acme-b")
    assert (b.url, b.outlet, b.author, b.story) == ("https://daily.example/acme", "The Daily Example", "", "acme-b")
    assert (c.url, c.outlet, c.author, c.story) == ("", "", "", "12")  # an integer story key is kept as text
    messages = [n.message for n in notes if n.line == 3]
    assert any(m.startswith("url 'javascript:alert(1)' is not an http or https address") for m in messages)
    assert any(m.startswith("outlet ['a'] is not a string") for m in messages)
    assert any(m.startswith("author 7 is not a string") for m in messages)
    assert a.as_json()["outlet"] == "Example Wire" and c.as_json()["url"] is None


def test_front_matter_of_a_plain_file(tmp_path: Path) -> None:
    text = ("---\ntitle: \"Acme gets $80m\"\nurl: https://daily.example/acme\noutlet: The Daily Example\n"
            "author: Bo Reporter\ndate: 2018-03-02\nstory: acme-b\nlayout: post\n---\n" + ACME.format("$80 million") + "\n")
    (tmp_path / "acme.md").write_text(text, encoding="utf-8")
    (articles, notes) = load([tmp_path])
    (a,) = articles
    assert (a.title, a.url, a.outlet, a.author, a.date, a.story) == (
        "Acme gets $80m", "https://daily.example/acme", "The Daily Example", "Bo Reporter", "2018-03-02", "acme-b")
    assert a.text.startswith("Acme Robotics raised") and "outlet:" not in a.text  # no claim from the block
    assert a.line == 10 and a.file_offset(0) == text.index("Acme Robotics")  # offsets still point into the file
    # no closing fence: no front matter, the text is read as it is
    (tmp_path / "acme.md").write_text("---\ntitle: x\n" + ACME.format("$80 million"), encoding="utf-8")
    (a,), _ = load([tmp_path])
    assert a.url == "" and a.text.startswith("---")


def test_titles_from_text_skip_page_furniture(tmp_path: Path) -> None:
    line = {"id": 1, "text": "Media playback is unsupported on your device Media caption Singer Robert Plant on "
                             "tour. The band sold 300 million records over the years, their label said on Friday."}
    (tmp_path / "a.jsonl").write_text(json.dumps(line) + "\n", encoding="utf-8")
    (tmp_path / "b.txt").write_text("Media playback is unsupported on your device\n\nBig firm posts its record yearly profit\n\n"
                                    "Profits rose 7% to $2bn, it said.\n", encoding="utf-8")
    articles, _ = load([tmp_path])
    titles = {a.path: a.title for a in articles}
    assert titles["a.jsonl"].startswith("Singer Robert Plant on tour.") and "Media" not in titles["a.jsonl"]
    assert titles["b.txt"] == "Big firm posts its record yearly profit"


def test_source_fields_in_every_output_and_the_claimreview_export(tmp_path: Path) -> None:
    result = run([acme_jsonl(tmp_path)], HashEmbedder())
    (flag,) = [f for f in result.flags if f.kind == "conflict"]
    out = tmp_path / "out"
    report.write(result, out)
    data = json.loads((out / "report.json").read_text(encoding="utf-8"))
    by_id = {a["id"]: a for a in data["articles"]}
    assert by_id["news.jsonl#wire-1"]["url"] == "https://wire.example/acme?a=1&b=2"
    assert by_id["news.jsonl#daily-7"]["outlet"] == "The Daily Example" and by_id["news.jsonl#daily-7"]["story"] == "acme-b"
    rows = list(csv.DictReader(io.StringIO((out / "flags.csv").read_text(encoding="utf-8-sig"), newline="")))
    assert {(r["a_outlet"], r["b_outlet"]) for r in rows} <= {("Example Wire", "The Daily Example"),
                                                                ("The Daily Example", "Example Wire")}
    assert {rows[0]["a_url"], rows[0]["b_url"]} == {"https://wire.example/acme?a=1&b=2", "https://daily.example/acme"}
    page = (out / "report.html").read_text(encoding="utf-8")
    assert 'href="https://wire.example/acme?a=1&amp;b=2"' in page and 'href="https://daily.example/acme"' in page
    assert "The Daily Example" in page and "Ann Writer" in page
    assert "[original](https://daily.example/acme)" in (out / "report.md").read_text(encoding="utf-8")
    assert {rows[0]["a_story"], rows[0]["b_story"]} <= {"acme-a", "acme-b", "acme"} and rows[0]["b_story"]
    from factcheck.review.views import flag_views, load_report

    (view,) = [v for v in flag_views(load_report(out / "report.json", sides=True), {}) if v["id"] == flag.id]
    assert view["same_story"] == flag.same_story is not None  # the review page says one story or different ones
    assert {s["story"] for s in view["sides"]} == {by_id[s["article_id"]]["story"] for s in view["sides"]}

    store = VerdictStore(tmp_path / "verdicts.jsonl")
    store.record(flag.id, "confirmed", "the filing says $50m", reviewer="ana", fingerprint=flag.fingerprint)
    done = CliRunner().invoke(cli, ["export", "--claimreview", "--url", "https://checks.example/acme",
                                    "--publisher", "Example Checks", "--report", str(out / "report.json"),
                                    "--store", str(store.path)])
    assert done.exit_code == 0, done.output
    (r,) = json.loads(done.stdout)
    assert schema_problems(r) == [] and google_problems(r) == []
    claims = result.claim_index
    assert r["claimReviewed"] == " ".join(claims[flag.a].text.split())  # the claim's own sentence
    claim = r["itemReviewed"]
    assert [a["url"] for a in claim["appearance"]] == ["https://wire.example/acme?a=1&b=2", "https://daily.example/acme"]
    assert [a["author"] for a in claim["appearance"]] == [{"@type": "Organization", "name": "Example Wire"},
                                                          {"@type": "Organization", "name": "The Daily Example"}]
    assert claim["appearance"][0]["creator"] == {"@type": "Person", "name": "Ann Writer"}
    assert claim["author"] == {"@type": "Organization", "name": "Example Wire"}  # the outlet, not a headline
    assert claim["firstAppearance"]["url"] == "https://wire.example/acme?a=1&b=2"


def test_the_shape_check_catches_what_it_should() -> None:
    good = {"@context": "https://schema.org", "@type": "ClaimReview", "url": "https://c.example/x",
            "claimReviewed": "A claim.", "datePublished": "2020-01-02",
            "author": {"@type": "Organization", "name": "Checks"},
            "reviewRating": {"@type": "Rating", "alternateName": "False"},
            "itemReviewed": {"@type": "Claim", "datePublished": "2020-01-01",
                             "author": {"@type": "Organization", "name": "Paper"},
                             "appearance": [{"@type": "CreativeWork", "url": "https://p.example/1"}],
                             "firstAppearance": {"@type": "CreativeWork", "url": "https://p.example/1"}}}
    assert schema_problems(good) == [] and google_problems(good) == []
    headline_as_org = json.loads(json.dumps(good))
    headline_as_org["itemReviewed"]["author"] = {"@type": "Organization", "headline": "Robot maker gets money"}
    assert schema_problems(headline_as_org) == ["$.itemReviewed.author.headline: not a property of Organization"]
    no_url = json.loads(json.dumps(good))
    del no_url["itemReviewed"]["appearance"][0]["url"]
    assert google_problems(no_url) == ["itemReviewed.appearance[].url"]
    wrong = json.loads(json.dumps(good))
    wrong["reviewRating"] = "False"
    wrong["itemReviewed"]["appearance"] = [{"@type": "Rating"}]
    assert schema_problems(wrong) == ["$.reviewRating: expected a Rating node, got text",
                                      "$.itemReviewed.appearance[0]: @type 'Rating' is not one of ('CreativeWork',)"]
    assert google_problems(wrong, recommended=False) == ["reviewRating.alternateName"]
