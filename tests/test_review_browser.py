"""The review page in real headless Chromium (Debian's ``chromium``, driven by Playwright).

Skipped when /usr/bin/chromium is missing, except under CI, where that is a failure:
``make browser`` installs it.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from factcheck.review.server import ReviewApp, ReviewServer
from factcheck.review.verdicts import VerdictStore

from .test_review import write_report

pytestmark = pytest.mark.browser

SHOT = Path("/tmp/review_screenshot.png")


@pytest.fixture
def store(tmp_path: Path) -> VerdictStore:
    return VerdictStore(tmp_path / "claims" / "verdicts.jsonl")


@pytest.fixture
def server(tmp_path: Path, store: VerdictStore) -> Iterator[ReviewServer]:
    srv = ReviewServer(ReviewApp(write_report(tmp_path), store)).start()
    yield srv
    srv.stop()


@pytest.fixture
def page(browser: Any, server: ReviewServer) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1360, "height": 820})
    pg = context.new_page()
    pg.errors = []  # uncaught exceptions and console errors (a CSP violation shows here)
    pg.on("pageerror", lambda e: pg.errors.append(str(e)))
    pg.on("console", lambda m: pg.errors.append(m.text) if m.type == "error" else None)
    _open(pg, server.url)
    yield pg
    context.close()


def _open(pg: Any, url: str) -> None:
    pg.goto(url)
    pg.wait_for_selector("body[data-ready='1']", timeout=10_000)


def _listed(pg: Any) -> list[str]:
    return pg.eval_on_selector_all("#list .item", "items => items.map(i => i.dataset.id)")


def _selected(pg: Any) -> str:
    return pg.text_content("#flag-id")


def test_review_browser_keyboard_verdict_is_kept_after_reload(page: Any, store: VerdictStore,
                                                             server: ReviewServer, tmp_path: Path) -> None:
    assert _listed(page) == ["f000000000001", "f000000000002", "f000000000003"]
    assert _selected(page) == "f000000000001"
    assert page.text_content("mark.flagged") == "$4.5 billion"  # the flagged figure, not the first one
    page.keyboard.press("j")
    page.keyboard.press("j")
    page.keyboard.press("k")
    assert _selected(page) == "f000000000002"
    page.keyboard.press("k")
    page.keyboard.press("/")
    assert page.evaluate("document.activeElement.id") == "note"
    page.keyboard.type("AP has $4.5bn; the wire is wrong")
    page.keyboard.press("Escape")
    page.keyboard.press("c")
    page.wait_for_selector("#status:has-text('Saved')")

    assert _listed(page) == ["f000000000002", "f000000000003"]
    assert _selected(page) == "f000000000002"  # the next flag
    saved = store.latest()["f000000000001"]
    assert (saved.verdict, saved.note, saved.fingerprint) == ("confirmed", "AP has $4.5bn; the wire is wrong", "fp1")

    _open(page, server.url)
    assert _listed(page) == ["f000000000002", "f000000000003"]
    page.check("#show-reviewed")
    assert _listed(page) == ["f000000000001", "f000000000002", "f000000000003"]
    assert page.text_content("#list .item[data-id='f000000000001'] .badge.verdict") == "confirmed"
    page.keyboard.press("k")  # shortcuts work straight after using a filter
    assert _selected(page) == "f000000000001"
    assert "AP has $4.5bn; the wire is wrong" in page.text_content("#previous")
    assert page.text_content("#passages .passage:first-child mark.num") == "300 staff"
    page.screenshot(path=str(tmp_path / "review_after_reload.png"), full_page=True)
    shutil.copyfile(tmp_path / "review_after_reload.png", SHOT.with_name("review_screenshot_verdict.png"))
    assert page.errors == []


def test_review_browser_filters_by_kind_and_measure(page: Any) -> None:
    page.select_option("#kind", "changed")
    assert _listed(page) == ["f000000000003"]
    page.select_option("#kind", "")
    page.select_option("#measure", "valuation (USD)")
    assert _listed(page) == ["f000000000001", "f000000000002"]
    page.keyboard.press("n")
    page.wait_for_selector("#status:has-text('Saved')")
    assert _listed(page) == ["f000000000002"]
    assert page.errors == []


def test_review_browser_injected_markup_stays_inert(page: Any, tmp_path: Path) -> None:
    page.click("#list .item[data-id='f000000000002']")
    text = page.text_content("#passages .passage:first-child .text")
    assert "<script>window.__pwned=1</script>" in text
    assert '<img src=x onerror="window.__pwned=2">' in text
    assert page.text_content("#passages .passage:first-child .title") == '<img src=x onerror="window.__pwned=3">Evil'
    assert page.text_content("mark.flagged") == "$5 billion"
    assert page.evaluate("window.__pwned") is None
    assert page.locator("img").count() == 0
    assert page.locator("script").count() == 1  # the page's own
    page.keyboard.press("e")  # saving and re-rendering keeps it inert too
    page.wait_for_selector("#status:has-text('Saved')")
    page.check("#show-reviewed")
    page.click("#list .item[data-id='f000000000002']")
    page.screenshot(path=str(tmp_path / "review_injection.png"), full_page=True)
    shutil.copyfile(tmp_path / "review_injection.png", SHOT)
    assert page.evaluate("window.__pwned") is None
    assert page.errors == []


def test_review_browser_changed_passages_come_back(page: Any, store: VerdictStore, server: ReviewServer) -> None:
    """A verdict given on other passages (another fingerprint) does not settle the flag."""
    store.record("f000000000001", "confirmed", reviewer="ana", fingerprint="fp-before-the-edit")
    store.record("f000000000003", "changed_over_time", reviewer="ana", fingerprint="fp3")
    _open(page, server.url)
    assert _listed(page) == ["f000000000001", "f000000000002"]
    assert page.text_content("#list .item[data-id='f000000000001'] .badge.stale") == "changed since verdict"
    assert "passages changed since this verdict" in page.text_content("#previous")
    assert page.errors == []


def test_review_browser_note_stays_with_the_flag_it_was_typed_on(page: Any, store: VerdictStore) -> None:
    """Type a note, Esc, j, n: the verdict on the next flag carries no note; the note
    comes back on its own flag and is saved with that flag's verdict."""
    page.keyboard.press("/")
    page.keyboard.type("note for the first flag")
    page.keyboard.press("Escape")
    page.keyboard.press("j")
    assert _selected(page) == "f000000000002"
    assert page.input_value("#note") == ""
    page.keyboard.press("n")
    page.wait_for_selector("#status:has-text('Saved')")
    assert store.latest()["f000000000002"].note == ""
    page.keyboard.press("k")
    assert _selected(page) == "f000000000001"
    assert page.input_value("#note") == "note for the first flag"
    page.keyboard.press("c")
    page.wait_for_selector("#status:has-text('for f000000000001')")
    assert store.latest()["f000000000001"].note == "note for the first flag"
    assert page.errors == []


def test_review_browser_undo_takes_back_the_last_verdict(page: Any, store: VerdictStore) -> None:
    page.keyboard.press("/")
    page.keyboard.type("first thoughts")
    page.keyboard.press("Escape")
    page.keyboard.press("c")
    page.wait_for_selector("#status:has-text('Saved')")
    assert _listed(page) == ["f000000000002", "f000000000003"]
    page.keyboard.press("u")
    page.wait_for_selector("#status:has-text('Undone')")
    assert "f000000000001" not in store.latest()
    assert _selected(page) == "f000000000001"
    assert page.input_value("#note") == "first thoughts"
    page.uncheck("#show-reviewed")
    assert _listed(page) == ["f000000000001", "f000000000002", "f000000000003"]
    assert page.errors == []


def test_review_browser_opens_the_flag_named_in_the_url(browser: Any, server: ReviewServer,
                                                        store: VerdictStore) -> None:
    store.record("f000000000003", "changed_over_time", reviewer="ana", fingerprint="fp3")
    context = browser.new_context(viewport={"width": 1360, "height": 820})
    pg = context.new_page()
    _open(pg, server.url + "#flag=f000000000003")  # reviewed, so hidden by default: shown anyway
    assert _selected(pg) == "f000000000003"
    assert pg.is_checked("#show-reviewed")
    pg.keyboard.press("k")
    assert pg.evaluate("location.hash") == "#flag=f000000000002"
    context.close()


def test_review_browser_search_source_and_verdict_filters(page: Any, store: VerdictStore,
                                                          server: ReviewServer) -> None:
    page.fill("#search", "300 STAFF")
    assert _listed(page) == ["f000000000001", "f000000000003"]
    page.fill("#search", "evil")
    assert _listed(page) == ["f000000000002"]
    page.fill("#search", "no such words")
    assert _listed(page) == []
    assert "No flag matches these filters" in page.text_content("#empty")
    page.fill("#search", "")
    page.select_option("#source", "evil.txt")
    assert _listed(page) == ["f000000000002"]
    page.select_option("#source", "")
    store.record("f000000000003", "changed_over_time", reviewer="ana", fingerprint="fp3")
    _open(page, server.url)
    page.select_option("#verdict", "changed_over_time")
    assert _listed(page) == ["f000000000003"]
    page.select_option("#verdict", "none")
    assert _listed(page) == ["f000000000001", "f000000000002"]
    assert page.errors == []


def test_review_browser_empty_state_says_what_to_do(page: Any) -> None:
    for _ in range(3):
        page.keyboard.press("n")
        page.wait_for_selector("#status:has-text('Saved')")
        page.evaluate("document.querySelector('#status').textContent = ''")
    assert _listed(page) == []
    assert "Every flag has a verdict" in page.text_content("#empty")
    assert page.errors == []


def test_review_browser_phone_shows_passages_before_the_legend(browser: Any, server: ReviewServer,
                                                               tmp_path: Path) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 844}, device_scale_factor=2, is_mobile=True,
                                  has_touch=True)
    pg = context.new_page()
    _open(pg, server.url)
    passages = pg.locator("#passages").bounding_box()
    legend = pg.locator("#legend").bounding_box()
    assert passages["y"] < 844  # the first passage starts on the first screen
    assert passages["y"] + passages["height"] <= legend["y"] or not pg.is_visible("#legend")
    assert pg.evaluate("document.documentElement.scrollWidth") <= 390  # nothing wider than the phone
    pg.screenshot(path=str(tmp_path / "review_phone.png"))
    context.close()


def _ranked_report(folder: Path) -> Path:
    """The hand-made report with confidences set and an inconsistent conversion added."""
    from .test_review import _claim, _flag, build_report

    data = build_report()
    data["claims"].append(_claim("c5", "acme.txt#1", "Acme paid $1.8 billion (£9.4 million) for the plant.",
                                 ["$1.8 billion", "£9.4 million"], 9))
    bad = _flag("f000000000004", "inconsistent", "c5", "c5", "conversion (USD to GBP)",
                "$1.8 billion (£9.4 million) implies 0.005222 GBP per USD; the average rate in 2024 was 0.782", "fp4")
    bad["b_quantity"], bad["similarity"] = 1, 1.0
    data["flags"].append(bad)
    for f, confidence in zip(data["flags"], (None, 0.42, 0.42, 0.9), strict=True):
        f["confidence"] = confidence
    path = folder / "ranked" / "report.json"
    path.parent.mkdir(parents=True)
    path.write_text(json.dumps(data, indent=1), encoding="utf-8")
    return path


def test_review_browser_lists_by_confidence_and_reviews_an_inconsistent_conversion(
        browser: Any, store: VerdictStore, tmp_path: Path) -> None:
    srv = ReviewServer(ReviewApp(_ranked_report(tmp_path), store)).start()
    context = browser.new_context(viewport={"width": 1360, "height": 820})
    pg = context.new_page()
    errors: list[str] = []
    pg.on("pageerror", lambda e: errors.append(str(e)))
    pg.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    try:
        _open(pg, srv.url)
        # highest confidence first; the tie keeps the report's order; no confidence last
        assert _listed(pg) == ["f000000000004", "f000000000002", "f000000000003", "f000000000001"]
        assert pg.text_content("#list .item[data-id='f000000000004'] .confidence") == "confidence 0.90"
        assert pg.locator("#list .item[data-id='f000000000001'] .confidence").count() == 0
        assert pg.text_content("#list .item[data-id='f000000000004'] .reason") == "$1.8 billion as £9.4 million"
        # the selected flag: one passage, both figures marked as flagged
        assert _selected(pg) == "f000000000004"
        assert pg.text_content("#kind-badge") == "inconsistent"
        assert pg.locator("#passages .passage").count() == 1
        assert pg.eval_on_selector_all("#passages mark.flagged", "ms => ms.map(m => m.textContent)") == [
            "$1.8 billion", "£9.4 million"]
        assert pg.text_content("#facts") == "one passage: a figure and its bracketed conversion · confidence 0.90"
        assert pg.evaluate("getComputedStyle(document.querySelector('#passages')).gridTemplateColumns.split(' ').length") == 1
        pg.screenshot(path=str(tmp_path / "review-inconsistent.png"))
        if os.environ.get("FACTCHECK_SCREENSHOTS") == "docs":
            shutil.copyfile(tmp_path / "review-inconsistent.png", Path(__file__).resolve().parents[1] / "docs" /
                            "review-inconsistent.png")
        # the kind filter offers the new kind
        assert "inconsistent" in pg.eval_on_selector_all("#kind option", "os => os.map(o => o.value)")
        pg.select_option("#kind", "inconsistent")
        assert _listed(pg) == ["f000000000004"]
        pg.keyboard.press("c")
        pg.wait_for_selector("#status:has-text('Saved')")
        saved = store.latest()["f000000000004"]
        assert (saved.verdict, saved.fingerprint) == ("confirmed", "fp4")
        assert _listed(pg) == []
        pg.keyboard.press("u")
        pg.wait_for_selector("#status:has-text('Undone')")
        assert "f000000000004" not in store.latest()
        pg.select_option("#kind", "conflict")
        assert _listed(pg) == ["f000000000002", "f000000000001"]
        assert pg.locator("#passages .passage").count() == 2
        assert pg.text_content("#facts") == "similarity 0.81 · confidence 0.42"
        assert errors == []
    finally:
        context.close()
        srv.stop()
