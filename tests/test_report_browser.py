"""report.html in real headless Chromium, opened from a file:// URL: only its own script runs,
nothing is fetched, the styles apply under its own Content-Security-Policy, filters and search
work without a server, nothing overflows sideways on a 390 px phone, and each flag's link
opens that flag on the review page. The seed run's screenshots go to docs/ when
FACTCHECK_SCREENSHOTS=docs is set."""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from factcheck.outputs import report
from factcheck.pipeline import Result, run
from factcheck.review.server import ReviewApp, ReviewServer
from factcheck.review.verdicts import VerdictStore

from .conftest import HashEmbedder
from .test_outputs import hostile_sources
from .test_review_browser import _open

pytestmark = pytest.mark.browser
DOCS = Path(__file__).resolve().parents[1] / "docs"


def _page(browser: Any, width: int = 1280, height: int = 900, **kw: Any) -> tuple[Any, Any, list[str], list[str]]:
    context = browser.new_context(viewport={"width": width, "height": height}, **kw)
    pg = context.new_page()
    errors: list[str] = []
    requests: list[str] = []
    pg.on("pageerror", lambda e: errors.append(str(e)))
    pg.on("console", lambda m: errors.append(m.text) if m.type in ("error", "warning") else None)
    pg.on("request", lambda r: requests.append(r.url))
    return context, pg, errors, requests


def _keep(shot: Path, name: str) -> None:
    if os.environ.get("FACTCHECK_SCREENSHOTS") == "docs":
        shutil.copyfile(shot, DOCS / name)


def test_report_html_runs_only_its_own_script_and_fetches_nothing(browser: Any, tmp_path: Path) -> None:
    result = run([hostile_sources(tmp_path)], HashEmbedder())
    report.write(result, tmp_path / "out")
    context, pg, errors, requests = _page(browser)
    pg.goto((tmp_path / "out" / "report.html").as_uri())
    flag = result.flags[0]
    assert pg.evaluate("window.__pwned") is None
    assert pg.locator("script").count() == 1 and pg.locator("main img").count() == 0
    assert pg.is_visible("#filters")  # its script ran (the policy allows it by hash)
    title = pg.text_content(f"#flag-{flag.id} .side .who")
    assert "<script>window.__pwned=1</script>" in title and '<img src=x onerror="window.__pwned=2">' in title
    assert "evil`<img src=x onerror=alert(1)>]0;t.txt" in pg.text_content(f"#flag-{flag.id} .side .meta")
    # the styles apply (the CSP allows exactly our stylesheet): the flagged figure is highlighted
    assert pg.eval_on_selector(f"#flag-{flag.id} mark.flagged",
                               "m => getComputedStyle(m).backgroundColor") == "rgb(255, 212, 59)"
    assert [u for u in requests if not u.startswith(("file://", "data:"))] == []
    assert errors == []
    context.close()


def test_report_link_opens_the_flag_on_the_review_page(browser: Any, tmp_path: Path) -> None:
    result = run([hostile_sources(tmp_path)], HashEmbedder())
    report.write(result, tmp_path / "out")
    flag = result.flags[0]
    context, pg, errors, _ = _page(browser)
    pg.goto((tmp_path / "out" / "report.html").as_uri())
    href = pg.get_attribute(f"#flag-{flag.id} a.review", "href")
    assert urlsplit(href)[:3] == ("http", "127.0.0.1:8765", "/") and urlsplit(href).fragment == f"flag={flag.id}"
    server = ReviewServer(ReviewApp(tmp_path / "out" / "report.json", VerdictStore(tmp_path / "v.jsonl"))).start()
    try:
        _open(pg, server.url + "#" + urlsplit(href).fragment)  # the same link, on this test's port
        assert pg.text_content("#flag-id") == flag.id
        assert pg.evaluate("window.__pwned") is None
    finally:
        server.stop()
    assert errors == []
    context.close()


@pytest.mark.model
def test_seed_report_and_review_page_screenshots(browser: Any, seed_result: Result, tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)  # the report names out/report.json, as after `factcheck run`
    report.write(seed_result, Path("out"))
    context, pg, errors, requests = _page(browser, 1280, 1600)
    pg.goto((tmp_path / "out" / "report.html").as_uri())
    assert pg.locator("section.flag").count() == 4 and pg.locator(".plot img").count() >= 1
    assert pg.eval_on_selector(".plot img", "i => i.complete && i.naturalWidth > 0")  # the SVG renders
    pg.screenshot(path=str(tmp_path / "report.png"))
    _keep(tmp_path / "report.png", "report.png")
    pg.goto((tmp_path / "out" / "report.html").as_uri() + "#flag-f913302a8227b")  # unfolds it if folded
    pg.wait_for_function("document.getElementById('flag-f913302a8227b').checkVisibility()")
    pg.locator("#flag-f913302a8227b").screenshot(path=str(tmp_path / "report-flag.png"))
    _keep(tmp_path / "report-flag.png", "report-flag.png")
    assert errors == [] and [u for u in requests if not u.startswith(("file://", "data:"))] == []
    context.close()

    server = ReviewServer(ReviewApp(tmp_path / "out" / "report.json", VerdictStore(tmp_path / "v.jsonl"))).start()
    try:
        for name, kw in (("review.png", {"width": 1360, "height": 820}),
                         ("review-phone.png", {"width": 390, "height": 844, "device_scale_factor": 2,
                                               "is_mobile": True, "has_touch": True})):
            width, height = kw.pop("width"), kw.pop("height")
            context, pg, errors, _ = _page(browser, width, height, **kw)
            _open(pg, server.url + "#flag=f913302a8227b")
            assert pg.text_content("#flag-id") == "f913302a8227b"
            pg.screenshot(path=str(tmp_path / name))
            _keep(tmp_path / name, name)
            assert errors == []
            context.close()
    finally:
        server.stop()


def test_report_shows_an_inconsistent_conversion_as_one_passage(browser: Any, tmp_path: Path) -> None:
    from dataclasses import replace

    from .test_inconsistent import deal_sources

    result = run([hostile_sources(tmp_path), deal_sources(tmp_path)], HashEmbedder())
    bad = [f for f in result.flags if f.kind == "inconsistent"]
    assert len(bad) == 2
    ranked = replace(result, flags=[replace(f, confidence=0.9) if f.id == bad[1].id else f for f in result.flags])
    report.write(ranked, tmp_path / "out")
    context, pg, errors, requests = _page(browser)
    pg.goto((tmp_path / "out" / "report.html").as_uri())
    section = f"#flag-{bad[0].id}"
    assert pg.locator(f"{section} .side").count() == 1
    assert pg.eval_on_selector_all(f"{section} mark.flagged", "ms => ms.map(m => m.textContent)") == [
        "$1.8 billion", "£9.4 million"]
    assert pg.eval_on_selector_all(f"{section} mark.flagged", "ms => ms.map(m => getComputedStyle(m).backgroundColor)") \
        == ["rgb(255, 212, 59)"] * 2
    assert pg.text_content(f"{section} .badge") == "inconsistent conversion"
    assert pg.eval_on_selector(f"{section} .badge", "b => getComputedStyle(b).color") == "rgb(105, 65, 198)"
    assert pg.eval_on_selector(f"{section} .sides", "s => getComputedStyle(s).gridTemplateColumns.split(' ').length") == 1
    # each shows its rate gap, the score of its kind
    assert pg.text_content(f"#flag-{bad[1].id} .confidence").startswith("rate gap ")
    assert "times off the year's, 25% allowed" in pg.text_content(f"#flag-{bad[1].id} .confidence")
    assert "Inconsistent conversions" in pg.text_content("#by-measure + .scroll")
    pg.locator(section).screenshot(path=str(tmp_path / "report-inconsistent.png"))
    _keep(tmp_path / "report-inconsistent.png", "report-inconsistent.png")
    assert [u for u in requests if not u.startswith(("file://", "data:"))] == []
    assert errors == []
    context.close()


def test_report_filters_search_and_phone_width(browser: Any, tmp_path: Path) -> None:
    """Search and the kind and story filters work from a file:// URL; a link to a flag folded
    inside a disagreement unfolds it; at 390 px nothing overflows sideways."""
    from .test_report_groups import fine_sources

    result = run([fine_sources(tmp_path)], HashEmbedder())
    report.write(result, tmp_path / "out")
    context, pg, errors, requests = _page(browser, 390, 844, is_mobile=True, has_touch=True, device_scale_factor=2)
    pg.goto((tmp_path / "out" / "report.html").as_uri())
    assert pg.evaluate("document.documentElement.scrollWidth") <= 390
    groups = "details.group:not([hidden])"
    assert pg.locator(groups).count() == 2
    pg.fill("#q", "chip maker")
    assert pg.locator(groups).count() == 1 and pg.get_attribute(groups, "data-kind") == "inconsistent"
    assert pg.text_content("#shown") == "1 of 2 shown"
    assert pg.is_hidden("section.story[data-story='acme-fine']")
    pg.fill("#q", "no such words anywhere")
    assert pg.locator(groups).count() == 0 and pg.is_visible("#none")
    pg.fill("#q", "")
    pg.select_option("#kind", "conflict")
    assert pg.locator(groups).count() == 1 and pg.get_attribute(groups, "data-story") == "acme-fine"
    pg.select_option("#kind", "")
    pg.select_option("#story", "deal-story")
    assert pg.locator(groups).count() == 1 and pg.get_attribute(groups, "data-kind") == "inconsistent"
    # a flag folded in "more pairs", while filtered out: the link unfolds it and shows it
    folded = pg.eval_on_selector_all("details.more section.flag", "ss => ss.map(s => s.id)")
    assert folded
    pg.evaluate(f"location.hash = '#{folded[0]}'")
    pg.wait_for_function(f"document.getElementById('{folded[0]}').closest('details').open")
    assert pg.evaluate(f"document.getElementById('{folded[0]}').closest('details.group').open")
    assert pg.is_visible(f"#{folded[0]}")
    assert pg.evaluate("document.documentElement.scrollWidth") <= 390
    assert errors == [] and [u for u in requests if not u.startswith(("file://", "data:"))] == []
    context.close()
