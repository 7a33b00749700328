"""A report that scales: one disagreement repeated across articles shown once, grouped by
story, summary rows and the articles table linking to their flags, a score per kind of
evidence, values over time only for comparable figures, and `explain` in plain words."""

from __future__ import annotations

import json
import re
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from factcheck.match.decide import Decision
from factcheck.outputs import html_report, plot
from factcheck.outputs.groups import ACROSS, by_story, disagreements
from factcheck.outputs.plain import plain, thing
from factcheck.outputs.scores import CONVERSION, PROBABILITY, RATE, score
from factcheck.outputs.views import flag_views
from factcheck.pipeline import extract_claims, find_mentions, run
from factcheck.records import Mention

from .conftest import HashEmbedder
from .helpers import article

FINE = "The regulator fined Acme Bank {} for failing to report suspicious trades, the watchdog said on Monday."


def fine_sources(folder: Path, stories: bool = True) -> Path:
    """Five reports of one fine: three say $550,000 (one of them "$549,000"), one $5.5m; and a
    second story."""
    rows = []
    for i, figure in enumerate(("$550,000", "$550,000", "$5.5 million", "$549,000")):
        rows.append({"id": f"fine-{i}", "title": "Acme Bank fined by its regulator", "date": "2019-05-02", "outlet": f"Outlet {i}",
                     "url": f"https://news{i}.example/fine", "text": FINE.format(figure)})
    rows.append({"id": "deal", "title": "Chip maker buys rival", "date": "2004-06-01", "outlet": "Outlet 9",
                 "text": "The deal is worth $1.8 billion (£9.4 million), the companies said."})
    if stories:
        for r in rows:
            r["story"] = "deal-story" if r["id"] == "deal" else "acme-fine"
    path = folder / ("stories.jsonl" if stories else "plain.jsonl")
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


def test_one_disagreement_across_articles_is_one_group(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    result = run([fine_sources(tmp_path)], HashEmbedder())
    conflicts = [f for f in result.flags if f.kind == "conflict"]
    assert len(conflicts) == 3  # $5.5m against each of the three $550,000
    groups = disagreements(flag_views(result))
    (fine,) = [g for g in groups if g.best.flag.kind == "conflict"]
    assert len(fine.views) == 3 and len(fine.articles) == 4
    # "$5.5 million" vs "$549,000" reads as other values: joined by the shared $5.5m figure
    assert {v.a.quantity.text for v in fine.views} | {v.b.quantity.text for v in fine.views} == {
        "$5.5 million", "$550,000", "$549,000"}
    assert "$5.5 million" in fine.figures
    assert [name for name, _ in by_story(groups)] == ["deal-story", "acme-fine"]  # the surest group's story first
    # without a story field the stories are inferred (match.stories: ids "~<first article id>")
    inferred = by_story(disagreements(flag_views(run([fine_sources(tmp_path, False)], HashEmbedder()))))
    assert inferred and all(name.startswith("~") or name == ACROSS for name, _ in inferred)

    page = html_report.to_html(result)
    assert page.count('<details class="group conflict"') == 1
    assert page.count('" open>\n<summary>\n<span class="group-head">') == 2  # a short report shows them open
    block = page[page.index(f'id="{fine.anchor}"'):]
    block = block[:min(i for i in (block.find('<details class="group', 1), block.find('<p id="none"')) if i > 0)]
    assert block.count('<section class="flag conflict"') == 3 and "2 more pairs of articles with this disagreement" in block
    assert all(f'href="https://news{i}.example/fine"' in block for i in range(4))
    # summary rows and the articles table link to the groups; the table shows titles and outlets
    table = page[page.index('id="by-measure"'):page.index('id="articles"')]
    assert f'href="#{fine.anchor}"' in table
    articles = page[page.index('id="articles"'):]
    assert "Acme Bank fined by its regulator</span> — Outlet 2" in articles and f'href="#{fine.anchor}">#' in articles
    # every in-page link points at an element of the page
    ids = set(re.findall(r'id="([^"]+)"', page))
    assert set(re.findall(r'href="#([^"]+)"', page)) <= ids
    # a long report lists them folded: a line or three each, the first screen holds many
    monkeypatch.setattr(html_report, "UNFOLDED", 1)
    folded = html_report.to_html(result)
    assert '<span class="group-head">' in folded and '" open>\n<summary>' not in folded
    assert "Acme Bank fined by its regulator (Outlet 3) · and 1 more</span>" in folded
    # the script the page runs is exactly the one its policy allows
    script = re.search(r"<script>(.*?)</script>", page, re.S)
    assert script and html_report._hash(script.group(1)) in page[:page.index("</head>")]


def test_scores_name_the_evidence_and_put_conversions_on_the_same_scale(tmp_path: Path) -> None:
    result = run([fine_sources(tmp_path)], HashEmbedder())
    claims, articles = result.claim_index, result.article_index
    (bad,) = [f for f in result.flags if f.kind == "inconsistent"]
    s = score(bad, claims, articles)
    assert s is not None and s.name == RATE and s.value > 0.99  # 105 times off the year's rate
    conflict = next(f for f in result.flags if f.kind == "conflict")
    p = score(replace(conflict, confidence=0.4), claims, articles)
    assert p is not None and (p.name, p.value) == (PROBABILITY, 0.4)
    assert score(replace(conflict, confidence=None), claims, articles) is None
    converted = replace(conflict, measure="fine (USD), converted to GBP", confidence=0.02)
    c = score(converted, claims, articles)  # $550,000 vs $5.5m: 90% apart, far beyond 2%
    assert c is not None and c.name == CONVERSION and c.value > 0.97 and "90% apart" in c.text()
    listed = [v.flag.id for v in flag_views(replace(result, flags=[replace(f, confidence=0.3) for f in result.flags]))]
    assert listed[0] == bad.id  # the conversion that is 105 times off sorts first, not last
    assert json.loads(json.dumps(s.as_json())) == {"value": round(s.value, 4), "name": RATE}


def _point(value: float, day: int) -> plot.Point:
    return plot.Point(date(2018, 1, day), f"2018-01-{day:02d}", str(value), value, value, value, "a", "c", 0)


def test_values_over_time_only_for_comparable_figures() -> None:
    pts = (_point(630e6, 1), _point(1.76e12, 2), _point(700e6, 3), _point(2e9, 4), _point(1.9e12, 5))
    assert [p.value for p in plot.comparable(pts)] == [630e6, 700e6, 2e9]
    pence = (_point(6, 1), _point(0.04, 2), _point(7, 3))
    assert [p.value for p in plot.comparable(pence)] == [6, 7]
    assert plot.comparable(()) == ()


def test_a_series_leaves_out_a_figure_of_another_scale_and_its_flags(tmp_path: Path) -> None:
    from .test_outputs import values_sources

    src = values_sources(tmp_path)
    (src / "v9.txt").write_text("date 2018-06-20 Acme Robotics news\n\nThe latest deal valued Acme Robotics at "
                                "$90 billion, the company said.\n", encoding="utf-8")
    result = run([src], HashEmbedder())
    flagged = {(f.a, f.a_quantity) for f in result.flags} | {(f.b, f.b_quantity) for f in result.flags}
    outlier = next(m for m in result.mentions if m.quantity.text == "$90 billion")
    assert outlier.key in flagged  # it disagrees with the others: a flag, but not a point of the series
    (s,) = plot.series(result)
    assert "$90 billion" not in [p.text for p in s.points] and len(s.points) == 3
    assert all(ln.a < len(s.points) and ln.b < len(s.points) for ln in s.links)


def test_values_over_time_leave_out_ranks_and_figures_without_a_role(tmp_path: Path) -> None:
    for i, (when, rank, share) in enumerate((("2004-01-10", "fourth", "19.2%"), ("2004-03-10", "second", "9.5%"),
                                             ("2004-05-10", "tenth", "20.1%"))):
        (tmp_path / f"r{i}.txt").write_text(
            f"date {when} Acme Rovers news\n\nAcme Rovers finished {rank} in the league this season. "
            f"Acme Rovers said {share} of its fans came by train.\n", encoding="utf-8")
    # BA's surcharge "from £6 to £10" and its share price "274.5 pence": both merely "amount (GBP)"
    (tmp_path / "ba.txt").write_text(
        "date 2004-10-05 Acme Air news\n\nIn October, Acme Air increased the fuel surcharge from £6 to £10 for "
        "all long-haul flights.\n\ndate 2004-12-31\n\nAcme Air shares closed up four pence at 274.5 pence.\n",
        encoding="utf-8")
    result = run([tmp_path], HashEmbedder())
    assert {m.quantity.kind for m in result.mentions} >= {"ordinal", "percent", "money"}
    assert plot.series(result) == []


def _mentions(text_a: str, text_b: str) -> tuple[Mention, Mention]:
    arts = [article(text_a, "a.txt#1"), article(text_b, "b.txt#1")]
    claims = extract_claims(arts)
    ms = find_mentions(claims, arts)
    return ms[0], ms[1]


def test_explain_in_plain_words() -> None:
    a, b = _mentions("About 75 Klan members rallied in the park on Saturday.",
                     "About 1,000 counter-protesters gathered in the park on Saturday.")
    assert thing(a) == "Klan members" and thing(b) == "counter-protesters"
    d = Decision("apart", "different units", a, b, 0.8, 0.67)
    assert plain(d) == "Not compared: these count different things: Klan members vs counter-protesters."
    assert plain(replace(d, kind="agree", reason="overlap")).startswith(f"These agree: {a.quantity.text} and ")
    assert plain(replace(d, reason="different funding rounds (C vs B)")).startswith("Not compared: these are about "
                                                                                     "different funding rounds")



def test_explain_command_speaks_plainly_first(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from click.testing import CliRunner

    from factcheck.cli import cli
    from factcheck.cli import common as cli_module  # the commands load the model through common.make_embedder

    monkeypatch.setattr(cli_module, "make_embedder", lambda model: HashEmbedder())
    (tmp_path / "a.txt").write_text("Rally in the park\n\nAbout 75 Klan members rallied in the park on Saturday.\n")
    (tmp_path / "b.txt").write_text("Rally in the park\n\nAbout 1,000 counter-protesters gathered in the park on Saturday.\n")
    result = run([tmp_path], HashEmbedder())
    ids = {c.article_id: c.id for c in result.claims}
    done = CliRunner().invoke(cli, ["explain", ids["a.txt#1"], ids["b.txt#1"], str(tmp_path), "--no-cache"])
    assert done.exit_code == 0, done.output
    # one story (inferred), two counted nouns: the story model's verdict, in the same words
    plain_line = "About 75 vs About 1,000: Not compared: these count different things: Klan members vs counter-protesters"
    assert plain_line in done.stdout
    assert done.stdout.index(plain_line) < done.stdout.index("Technical trace:") < done.stdout.index("count:klan member")
