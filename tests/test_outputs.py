"""The report files for people and machines: report.html, report.md, flags.csv, the
check formats, ClaimReview JSON-LD and progress. Every format gets a hostile file name and
hostile article text (markup, an OSC terminal sequence, a bidi override, a backtick, a
Markdown link) and must show it as inert text.

Runs the real pipeline on files in a temporary folder with the hashing embedder (the
matching logic is not what is tested here); the seed-data checks that need the real model
are marked ``model``.
"""

from __future__ import annotations

import csv
import io
import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from factcheck.cli import cli
from factcheck.cli import common as cli_module  # the commands load the model through common.make_embedder
from factcheck.outputs import csv_export, html_report, plot, report
from factcheck.outputs.claimreview import MAX_SUMMARY, RATING
from factcheck.outputs.safe import csv_cell, markdown, one_line, xml_text
from factcheck.outputs.views import by_confidence
from factcheck.pipeline import Result, run
from factcheck.progress import NULL, Bars, timings, wanted
from factcheck.records import Verdict

from .claimreview_shape import google_problems, schema_problems
from .conftest import HashEmbedder

SCRIPT = "<script>window.__pwned=1</script>"
HOSTILE = (f"{SCRIPT}\x1b]0;pwned\x07 \u202eevil\u202c ` | [x](javascript:alert(1)) "
           '<img src=x onerror="window.__pwned=2"> &amp;amp; **bold**')
READ = HOSTILE.replace("&amp;amp;", "&amp;")  # as the tool reads it: HTML character references decoded once
EVIL_NAME = "evil`<img src=x onerror=alert(1)>\x1b]0;t\x07\u202e.txt"
FIRST = f"""date 2018-03-01 Acme Robotics closes its funding round {HOSTILE}

{HOSTILE} Acme Robotics was founded in Boston.
Acme Robotics, the Boston robotics startup, said it had raised $50 million in its Series B round led by Foo Capital.
The deal valued Acme Robotics at $400 million, the company said. {HOSTILE}
"""
SECOND = """date 2018-03-02 Acme Robotics expands in Ohio after its funding round

Acme Robotics, the Boston robotics startup, has raised $80 million in its Series B round led by Foo Capital.
"""
VALUES = [("2018-01-10", "$200 million"), ("2018-03-01", "about $300 million"), ("2018-06-15", "over $500 million")]


def hostile_sources(folder: Path) -> Path:
    src = folder / "sources"
    src.mkdir()
    (src / EVIL_NAME).write_text(FIRST, encoding="utf-8")
    (src / "other.txt").write_text(SECOND, encoding="utf-8")
    return src


@pytest.fixture
def hostile(tmp_path: Path) -> Result:
    result = run([hostile_sources(tmp_path)], HashEmbedder())
    assert [f.kind for f in result.flags] == ["conflict"], "the fixture must raise one flag"
    return result


def _controls(text: str) -> list[str]:
    return re.findall("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]", text)


# -- escaping helpers


def test_safe_helpers_leave_nothing_active() -> None:
    assert one_line("a\x1b]0;x\x07b\r\n c\u202e") == "a]0;xb c"
    assert xml_text("ok\x00\x0b\ufffe\ud800 fine") == "ok fine"
    assert markdown("`x` <b>*y*</b> [l](u) | #") == r"\`x\` \<b\>\*y\*\</b\> \[l\](u) \| \#"
    assert [csv_cell(s) for s in ("=1+1", "+1", "-2", "@SUM(A1)", "plain")] == [
        "'=1+1", "'+1", "'-2", "'@SUM(A1)", "plain"]


# -- report.md


def test_markdown_report_escapes_file_names_titles_and_text(hostile: Result) -> None:
    md = report.to_markdown(hostile)
    assert _controls(md) == []
    assert "<img" not in md.replace(r"\<img", "") and "<script" not in md.replace(r"\<script", "")
    ours = md.replace(r"\`", "").replace(f"`{hostile.model}`", "").replace("`--all`", "")
    assert "`" not in ours  # every backtick from the data is escaped: no code span can open or close
    assert "[x](javascript" not in md  # the link is escaped: \[x\](javascript...
    assert r"evil\`\<img src=x onerror=alert(1)\>\]0;t.txt" in md


def test_markdown_report_has_summary_table_context_and_the_flagged_figure(hostile: Result) -> None:
    md = report.to_markdown(hostile)
    assert "| measure | conflicts | changes over time | with a verdict |" in md
    assert "| funding, Series B (USD) | 1 | 0 | 0 |" in md
    flag = hostile.flags[0]
    assert f"#### conflict: funding, Series B (USD) · flag {flag.id}" in md
    assert "**$50 million** ◀" in md and "**$80 million** ◀" in md
    assert "*" + markdown(f"{one_line(READ)} Acme Robotics was founded in Boston.") + "* " in md  # sentence before
    assert f"[review](http://127.0.0.1:8765/#flag={flag.id})" in md
    # the parsed figures are a table of their own, not part of the quoted passage
    quote = [ln for ln in md.splitlines() if ln.startswith("  > ")]
    assert quote and not any("45.1 m" in ln for ln in quote)
    assert "| A | $50 million | 45.1 m–54.9 m | USD | 2018-03-01 | 2018-03-01 |" in md


# -- report.html


def test_html_report_is_self_contained_and_escapes_everything(hostile: Result) -> None:
    page = html_report.to_html(hostile)
    assert _controls(page) == []
    # one script, ours, allowed by its hash; article text is never markup
    assert page.lower().replace("&lt;script", "").count("<script") == 1
    ours = re.search(r"<script>(.*?)</script>", page, re.S).group(1)
    assert ours == (Path(html_report.__file__).parent / "templates" / "report.js").read_text(encoding="utf-8")
    assert "&lt;script&gt;window.__pwned=1&lt;/script&gt;" in page
    assert "<img" not in page.replace('<img alt="', "")  # only the plots' images
    csp = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', page).group(1)
    assert "default-src 'none'" in csp and f"script-src '{html_report._hash(ours)}'" in csp
    assert "unsafe-inline" not in csp
    # no network: nothing is loaded from elsewhere; the only http link is the local review page
    assert re.findall(r'(?:src|href)="(?!data:|#)([^"]*)"', page) == [
        f"http://127.0.0.1:8765/#flag={hostile.flags[0].id}"]
    assert "evil`&lt;img src=x onerror=alert(1)&gt;]0;t.txt" in page


def test_html_report_shows_context_figures_and_verdict(hostile: Result) -> None:
    flag = hostile.flags[0]
    verdict = Verdict(flag.id, "confirmed", "the wire is wrong <b>", "ana", "2026-11-20T10:00:00.000Z", flag.fingerprint)
    page = html_report.to_html(hostile, {flag.id: verdict})
    section = page[page.index(f'id="flag-{flag.id}"'):]
    assert '<mark class="flagged" title="the flagged figure">$50 million</mark>' in section
    assert '<mark class="flagged" title="the flagged figure">$80 million</mark>' in section
    assert "The deal valued Acme Robotics at $400 million, the company said." in section  # sentence after
    assert "Verdict <strong>confirmed</strong> by ana" in section and "the wire is wrong &lt;b&gt;" in section
    assert "<td>45.1 m–54.9 m</td>" in section and "<td>2018-03-01</td>" in section
    assert '<h2 id="by-measure">' in page and ">funding, Series B (USD)</a></td>" in page
    hidden = html_report.to_html(hostile, {flag.id: verdict}, show_settled=False)
    assert f'id="flag-{flag.id}"' not in hidden and "1 flag with a verdict is hidden" in hidden


@pytest.mark.slow  # two whole runs and reports
def test_html_report_is_byte_identical_across_runs(tmp_path: Path) -> None:
    src = values_sources(tmp_path)
    first = html_report.to_html(run([src], HashEmbedder()))
    assert first == html_report.to_html(run([src], HashEmbedder()))
    assert "data:image/svg+xml;base64," in first


# -- values over time


def values_sources(folder: Path) -> Path:
    src = folder / "values"
    src.mkdir()
    for i, (when, figure) in enumerate(VALUES):
        (src / f"v{i}.txt").write_text(f"date {when} Acme Robotics news\n\nThe latest deal valued Acme Robotics "
                                       f"at {figure}, the company said.\n", encoding="utf-8")
    return src


def test_plot_series_of_three_dated_figures(tmp_path: Path) -> None:
    result = run([values_sources(tmp_path)], HashEmbedder())
    series = plot.series(result)
    assert len(series) == 1
    s = series[0]
    assert [(p.date_text, p.text) for p in s.points] == VALUES
    assert s.points[2].high == float("inf")
    flagged = {(f.a, f.a_quantity) for f in result.flags} | {(f.b, f.b_quantity) for f in result.flags}
    assert {(s.points[ln.a].claim_id, s.points[ln.a].quantity) for ln in s.links} <= flagged
    assert {ln.kind for ln in s.links} == {f.kind for f in result.flags}
    svg = plot.svg(s)
    assert svg.startswith("<svg") and "<script" not in svg and svg == plot.svg(s)
    assert s.title in svg
    assert plot.series(result, min_points=4) == []


def test_plot_reads_iso_dates() -> None:
    assert str(plot.parse_when("2018")) == "2018-07-01"
    assert str(plot.parse_when("2018-05")) == "2018-05-15"
    assert str(plot.parse_when("2018-05-22")) == "2018-05-22"
    assert plot.parse_when("2018-13") is None and plot.parse_when("soon") is None and plot.parse_when(None) is None


# -- flags.csv


def test_flags_csv_round_trips_every_flag(tmp_path: Path) -> None:
    result = run([values_sources(tmp_path), hostile_sources(tmp_path)], HashEmbedder())
    assert len(result.flags) >= 2
    report.write(result, tmp_path / "out")
    raw = (tmp_path / "out" / "flags.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # the BOM: spreadsheets read UTF-8
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    assert list(rows[0]) == list(csv_export.COLUMNS)
    claims, articles = result.claim_index, result.article_index
    listed = by_confidence(result)  # the people's formats list flags by score
    assert [r["flag_id"] for r in rows] == [f.id for f in listed]
    for r, f in zip(rows, listed):
        assert (r["kind"], r["measure"], r["fingerprint"]) == (f.kind, f.measure, f.fingerprint)
        assert float(r["similarity"]) == pytest.approx(f.similarity, abs=1e-4)
        for side, cid, qi in (("a", f.a, f.a_quantity), ("b", f.b, f.b_quantity)):
            c = claims[cid]
            q = c.quantities[qi]
            assert r[f"{side}_passage"] == one_line(c.text) or r[f"{side}_passage"] == c.text.replace("\x1b", "")
            assert (r[f"{side}_figure"], float(r[f"{side}_low"])) == (q.text, q.low)
            assert r[f"{side}_high"] == ("" if q.high == float("inf") else repr(q.high))
            assert int(r[f"{side}_line"]) == c.line and r[f"{side}_article"] == csv_cell(articles[c.article_id].id)
            assert _controls(r[f"{side}_title"]) == [] and _controls(r[f"{side}_file"]) == []


# -- check formats: text, JUnit, GitHub annotations


@pytest.fixture
def hostile_check(tmp_path: Path) -> Any:
    from factcheck.base.check import check
    from factcheck.base.store import open_base, update

    embedder = HashEmbedder()
    base_src = tmp_path / "base_src"
    base_src.mkdir()
    (base_src / "other.txt").write_text(SECOND, encoding="utf-8")
    update(tmp_path / "base", [base_src], embedder)
    new = tmp_path / "new"
    new.mkdir()
    (new / EVIL_NAME).write_text(FIRST, encoding="utf-8")
    chk = check(open_base(tmp_path / "base"), [new / EVIL_NAME], embedder)
    assert chk.exit_code == 1
    return chk


def test_check_text_output_carries_no_terminal_sequences(hostile_check: Any) -> None:
    from factcheck.outputs.check_formats import to_text

    text = to_text(hostile_check)
    assert _controls(text.replace("\n", "")) == [] and "\x1b" not in text
    assert "]0;t.txt:" in text  # the name is still recognisable, without its ESC and BEL


def junit10_problems(xml: str) -> list[str]:
    """What Jenkins' junit-10 schema (xunit-plugin) would reject: unknown or missing
    attributes, children it does not allow, a suite time that is not a number."""
    allowed = {
        "testsuites": ({"name", "time", "tests", "failures", "errors"}, set(), {"testsuite"}),
        "testsuite": ({"name", "tests", "failures", "errors", "group", "time", "skipped", "timestamp", "hostname",
                       "id", "package", "file", "log", "url"}, {"name", "tests", "failures", "errors"},
                      {"testsuite", "properties", "testcase", "system-out", "system-err"}),
        "testcase": ({"name", "time", "classname", "group"}, {"name"},
                     {"skipped", "error", "failure", "system-out", "system-err"}),
        "failure": ({"type", "message"}, set(), set()),
        "system-out": (set(), set(), set()),
    }
    problems = []
    for el in ET.fromstring(xml).iter():
        attrs, required, children = allowed[el.tag]
        problems += [f"{el.tag}@{a}: unknown" for a in set(el.attrib) - attrs]
        problems += [f"{el.tag}@{a}: missing" for a in required - set(el.attrib)]
        problems += [f"{el.tag}>{c.tag}: not allowed" for c in el if c.tag not in children]
        if el.tag in ("testsuites", "testsuite") and "time" in el.attrib and \
                not re.fullmatch(r"(([0-9]{0,3},)*[0-9]{3}|[0-9]{0,3})*(\.[0-9]*)?", el.get("time")):
            problems.append(f"{el.tag}@time: {el.get('time')!r}")
    return problems


def test_check_junit_is_well_formed_and_fits_the_junit10_schema(hostile_check: Any) -> None:
    from factcheck.outputs.check_formats import to_junit

    xml = to_junit(hostile_check)
    assert junit10_problems(xml) == []
    root = ET.fromstring(xml)  # well-formed, although the article holds ESC and BEL
    cases = root.iter("testcase")
    assert all(c.get("time") == "0" for c in cases)
    failure = root.find("testsuite/testcase/failure")
    assert failure is not None and "$50 million" in failure.text and "\x1b" not in xml


def test_check_github_annotations_stay_on_one_command(hostile_check: Any) -> None:
    from factcheck.outputs.check_formats import to_github

    lines = to_github(hostile_check).splitlines()
    assert lines[0].startswith("::error file=") and "::" in lines[0][8:]
    assert _controls("".join(lines)) == []
    assert len(lines) == len(hostile_check.flags) + 1


# -- ClaimReview


def _store_with(tmp_path: Path, report_path: Path, verdicts: list[tuple[str, str, str]]) -> Path:
    from factcheck.review.verdicts import VerdictStore

    store = VerdictStore(tmp_path / "claims" / "verdicts.jsonl")
    flags = {f["id"]: f for f in json.loads(report_path.read_text(encoding="utf-8"))["flags"]}
    for flag_id, verdict, note in verdicts:
        store.record(flag_id, verdict, note, reviewer="ana", fingerprint=flags[flag_id]["fingerprint"])
    return store.path


def test_claimreview_export_of_confirmed_flags(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    result = run([hostile_sources(tmp_path), values_sources(tmp_path)], HashEmbedder())
    report.write(result, tmp_path / "out")
    report_path = tmp_path / "out" / "report.json"
    conflict = next(f for f in result.flags if f.measure.startswith("funding"))
    others = [f for f in result.flags if f.id != conflict.id]
    store = _store_with(tmp_path, report_path, [(conflict.id, "confirmed", "the wire has $80m </script>"),
                                                (others[0].id, "not_a_conflict", "")])
    done = CliRunner().invoke(cli, ["export", "--claimreview", "--url", "https://news.example/checks/acme",
                                    "--publisher", "Example News", "--report", str(report_path),
                                    "--store", str(store)])
    assert done.exit_code == 0, done.output
    assert "</script" not in done.stdout and "<" not in done.stdout  # safe inside a <script> element
    reviews = json.loads(done.stdout)
    assert [r["identifier"] for r in reviews] == [conflict.id]  # confirmed flags only
    r = reviews[0]
    assert schema_problems(r) == [] and google_problems(r, recommended=False) == []
    assert r["url"] == f"https://news.example/checks/acme#flag={conflict.id}"
    assert r["claimReviewed"] == one_line(result.claim_index[conflict.a].text)  # the claim's own sentence
    assert r["itemReviewed"]["description"] == "funding, Series B (USD): $50 million vs $80 million"
    assert len(r["itemReviewed"]["description"]) <= MAX_SUMMARY
    assert "author" not in r["itemReviewed"]  # no outlet in a .txt without front matter: no author, never a headline
    assert r["reviewRating"]["alternateName"] == RATING and "the wire has $80m </script>" in \
        r["reviewRating"]["ratingExplanation"]
    assert r["author"] == {"@type": "Organization", "name": "Example News"}
    claim = r["itemReviewed"]
    assert [a["datePublished"] for a in claim["appearance"]] == ["2018-03-01", "2018-03-02"]
    assert claim["datePublished"] == "2018-03-01" and claim["firstAppearance"] == claim["appearance"][0]
    assert _controls(json.dumps(r, ensure_ascii=False)) == []


def test_claimreview_export_needs_a_web_address(tmp_path: Path) -> None:
    done = CliRunner().invoke(cli, ["export", "--claimreview", "--url", "checks/acme", "--publisher", "X",
                                    "--report", str(tmp_path / "none.json")])
    assert done.exit_code == 2 and "--url must be the fact-check page's address" in done.output


# -- progress


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_shown_only_on_a_terminal_outside_ci() -> None:
    tty, pipe = _Terminal(), io.StringIO()
    assert wanted(False, tty, {})
    assert not wanted(True, tty, {})  # --quiet
    assert not wanted(False, tty, {"CI": "true"})
    assert wanted(False, tty, {"CI": "false"})
    assert not wanted(False, pipe, {})


def test_progress_bars_count_articles_and_encoded_texts(tmp_path: Path) -> None:
    stream = _Terminal()
    bars = Bars(stream)
    result = run([values_sources(tmp_path)], HashEmbedder(), progress=bars)
    quiet = run([tmp_path / "values"], HashEmbedder(), progress=NULL)
    assert [f.id for f in result.flags] == [f.id for f in quiet.flags]  # progress changes nothing
    shown = stream.getvalue()
    for stage in ("load", "claims", "embed", "match"):
        assert stage in shown
    encoded = len({m.window for m in result.mentions})
    assert re.search(r"claims +: 100%\|#+\| 3/3 .* articles/s", shown), shown
    assert re.search(rf"embed +: 100%\|#+\| {encoded}/{encoded} .* texts/s", shown), shown
    assert re.search(r"match +: 00:00\n", shown), shown
    assert timings({"load": 1.25, "embed": 3.0}) == "load 1.2 s · embed 3.0 s · total 4.2 s"


def test_run_cli_prints_no_bars_in_ci_and_the_timings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cli_module, "make_embedder", lambda model: HashEmbedder())
    monkeypatch.setenv("CI", "true")
    done = CliRunner().invoke(cli, ["run", str(values_sources(tmp_path)), "--out", str(tmp_path / "out"),
                                    "--no-cache"])
    assert done.exit_code == 0, done.output
    assert "\r" not in done.stderr and "it/s" not in done.stderr
    assert re.search(r"stages: load \d+\.\d s · claims .* · total \d+\.\d s", done.stderr)
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == sorted(report.FILES)
    quiet = CliRunner().invoke(cli, ["run", str(tmp_path / "values"), "--out", str(tmp_path / "q"), "--no-cache",
                                     "-q"])
    assert quiet.exit_code == 0 and quiet.stdout == "" and quiet.stderr == ""


def test_run_cli_terminal_output_has_no_control_characters(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A note names the hostile file; what reaches the terminal carries no ESC or BEL."""
    monkeypatch.setattr(cli_module, "make_embedder", lambda model: HashEmbedder())
    src = hostile_sources(tmp_path)
    (src / "latin1\x1b]0;x\x07.txt").write_bytes("date 2018-03-03 Caf\xe9 news\n\nThe caf\xe9 raised $5 million.\n"
                                                 .encode("cp1252"))
    done = CliRunner().invoke(cli, ["run", str(src), "--out", str(tmp_path / "out"), "--no-cache"])
    assert done.exit_code == 0, done.output
    assert "latin1]0;x.txt" in done.stderr  # the note about the file's encoding, its name made inert
    assert _controls(done.stdout.replace("\n", "")) == [] and _controls(done.stderr.replace("\n", "")) == []
