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


def new_context(browser: Any, reviewer: str | None = "ana", **options: Any) -> Any:
    """A browser context; ``reviewer`` is typed in the Reviewer box beforehand (kept in localStorage)."""
    context = browser.new_context(**{"viewport": {"width": 1360, "height": 820}, **options})
    if reviewer:
        context.add_init_script(f"localStorage.setItem('factcheck.reviewer', {json.dumps(reviewer)})")
    return context


@pytest.fixture
def page(browser: Any, server: ReviewServer) -> Iterator[Any]:
    context = new_context(browser)
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
    context = new_context(browser)
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
    context = new_context(browser, viewport={"width": 390, "height": 844}, device_scale_factor=2, is_mobile=True,
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
    context = new_context(browser)
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


# -- issue 21: keys only outside fields, a shared server, drafts, undo after reload, links


def test_review_browser_letters_typed_in_any_field_file_no_verdict(page: Any, store: VerdictStore) -> None:
    """Every letter, typed into every field (search box, text boxes, selects, note, an editable
    element), files nothing; Esc leaves the field, and only then do keys act again."""
    page.evaluate("""() => { const d = document.createElement('div'); d.id = 'editable';
                            d.contentEditable = 'true'; d.textContent = 'edit me';
                            document.querySelector('header').append(d); }""")
    letters = "abcdefghijklmnopqrstuvwxyz/ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    first = _selected(page)
    for field in ("#search", "#reviewer", "#note", "#kind", "#measure", "#source", "#verdict", "#assign-to",
                  "#editable"):
        page.focus(field)
        for ch in letters:
            page.keyboard.press(ch)
        assert page.evaluate("document.activeElement.id") == field[1:], field  # still typing in it
        page.keyboard.press("Escape")
        assert page.evaluate("document.activeElement === document.body"), f"Esc did not leave {field}"
        for box in ("#search", "#note"):
            page.fill(box, "")
        page.fill("#reviewer", "ana")
        for sel in ("#kind", "#measure", "#source", "#verdict"):
            page.select_option(sel, "")
        page.evaluate("document.activeElement.blur()")
    assert store.history() == []
    assert not store.path.with_name("assignments.jsonl").exists()
    page.uncheck("#show-reviewed")
    page.click(f"#list .item[data-id='{first}']")
    page.keyboard.press("j")  # outside the fields the keys work
    assert _selected(page) != first
    assert page.errors == []


def test_review_browser_note_draft_and_undo_survive_a_reload(page: Any, store: VerdictStore,
                                                            server: ReviewServer) -> None:
    page.keyboard.press("/")
    page.keyboard.type("draft kept across reloads")
    page.reload()  # without leaving the box
    page.wait_for_selector("body[data-ready='1']", timeout=10_000)
    assert _selected(page) == "f000000000001"
    assert page.input_value("#note") == "draft kept across reloads"
    page.keyboard.press("c")
    page.wait_for_selector("#status:has-text('Saved')")
    assert store.latest()["f000000000001"].note == "draft kept across reloads"
    page.reload()
    page.wait_for_selector("body[data-ready='1']", timeout=10_000)
    page.keyboard.press("u")
    page.wait_for_selector("#status:has-text('Undone')")
    assert "f000000000001" not in store.latest()
    assert page.input_value("#note") == "draft kept across reloads"  # the note comes back with the flag
    page.keyboard.press("u")  # nothing left to undo from this browser: it says so
    page.wait_for_selector("#status:has-text('Nothing to undo')")
    assert page.errors == []


def test_review_browser_undo_after_another_verdict_says_why_not(page: Any, store: VerdictStore,
                                                               server: ReviewServer) -> None:
    page.keyboard.press("c")
    page.wait_for_selector("#status:has-text('Saved')")
    first = store.latest()["f000000000001"]
    store.add(store.latest()["f000000000001"].__class__("f000000000001", "not_a_conflict", "", "ben",
                                                        "2099-01-01T00:00:00.000Z", "fp1"))
    _open(page, server.url)
    page.keyboard.press("u")
    page.wait_for_selector("#status:has-text('Not undone')")
    assert "ben recorded “not a conflict”" in page.text_content("#conflict")
    assert store.latest()["f000000000001"].verdict == "not_a_conflict" and first.verdict == "confirmed"
    assert all("409 (Conflict)" in e for e in page.errors), page.errors  # the refused write, nothing else


def test_review_browser_unknown_flag_in_the_url_says_so(browser: Any, server: ReviewServer) -> None:
    context = new_context(browser)
    pg = context.new_page()
    _open(pg, server.url + "#flag=f999999999999")
    assert "No flag “f999999999999”" in pg.text_content("#status")
    assert _selected(pg) == "f000000000001"
    context.close()


def test_review_browser_phone_opens_the_flag_in_the_url(browser: Any, server: ReviewServer) -> None:
    context = new_context(browser, viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    pg = context.new_page()
    _open(pg, server.url + "#flag=f000000000003")
    assert _selected(pg) == "f000000000003"
    top = pg.evaluate("document.getElementById('flag').getBoundingClientRect().top")
    assert -2 <= top < 400  # the flag is on the first screen, not down the list
    context.close()


def _sourced_report(folder: Path) -> Path:
    """The hand-made report with an outlet, a URL and the sentences around a claim."""
    from .test_review import build_report

    data = build_report()
    data["articles"][0].update(url="https://acme.example/news/1", outlet="Acme Daily", author="Jo Bloggs")
    data["articles"][1]["source"] = "Wire Service"  # `source` is read as the outlet
    data["articles"][2]["url"] = "javascript:alert(1)"  # never a link
    data["claims"][0].update(before="Acme makes widgets.", after="It plans to hire more.")
    path = folder / "sourced" / "report.json"
    path.parent.mkdir(parents=True)
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def test_review_browser_sources_links_context_and_article_ids(browser: Any, store: VerdictStore,
                                                              tmp_path: Path) -> None:
    srv = ReviewServer(ReviewApp(_sourced_report(tmp_path), store)).start()
    context = new_context(browser)
    pg = context.new_page()
    try:
        _open(pg, srv.url)
        assert pg.eval_on_selector_all("#source option", "os => os.map(o => o.value)") == [
            "", "Acme Daily", "Wire Service", "evil.txt"]
        first = pg.locator("#passages .passage").first
        assert first.locator(".context").all_text_contents() == ["Acme makes widgets. ", " It plans to hire more."]
        assert first.locator(".text").text_content().startswith("Acme makes widgets. Acme was valued")
        assert first.locator(".meta a").get_attribute("href") == "https://acme.example/news/1"
        assert "Acme Daily · by Jo Bloggs" in first.locator(".meta").text_content()
        pg.select_option("#source", "Acme Daily")
        assert _listed(pg) == ["f000000000001", "f000000000003"]
        pg.select_option("#source", "")
        pg.fill("#search", "acme.txt#1")
        assert _listed(pg) == ["f000000000001", "f000000000003"]
        pg.fill("#search", "evil.txt#1")
        assert _listed(pg) == ["f000000000002"]
        pg.click("#list .item[data-id='f000000000002']")
        assert pg.locator("#passages a").count() == 0  # a javascript: URL is no link
    finally:
        context.close()
        srv.stop()


ANA, BEN = "ana-token-0123456789abcdef", "ben-token-0123456789abcdef"


@pytest.fixture
def team(tmp_path: Path, store: VerdictStore) -> Iterator[ReviewServer]:
    from factcheck.review.reviewers import load_tokens

    tokens = tmp_path / "reviewers.txt"
    tokens.write_text(f"Ana Lima: {ANA}\nben: {BEN}\n", encoding="utf-8")
    srv = ReviewServer(ReviewApp(write_report(tmp_path), store, load_tokens(tokens))).start()
    yield srv
    srv.stop()


def _signed_in(browser: Any, srv: ReviewServer, token: str, **options: Any) -> tuple[Any, Any]:
    context = new_context(browser, reviewer=None, **options)
    context.add_init_script(f"localStorage.setItem('factcheck.token', {json.dumps(token)})")
    pg = context.new_page()
    pg.errors = []
    pg.on("pageerror", lambda e: pg.errors.append(str(e)))
    _open(pg, srv.url)
    return context, pg


def test_review_browser_two_reviewers_stale_write_is_refused_and_shown(browser: Any, team: ReviewServer,
                                                                      store: VerdictStore, tmp_path: Path) -> None:
    ctx_a, ana = _signed_in(browser, team, ANA)
    ctx_b, ben = _signed_in(browser, team, BEN)
    try:
        assert ana.text_content("#signed-in") == "signed in as Ana Lima"
        assert _selected(ana) == _selected(ben) == "f000000000001"
        ben.evaluate("state.paused = true")  # ben's page keeps what it read
        ana.keyboard.press("c")
        ana.wait_for_selector("#status:has-text('Saved')")
        ben.keyboard.press("n")  # on a page that has not seen ana's verdict
        ben.wait_for_selector("#conflict:not([hidden])")
        assert "Ana Lima recorded “confirmed”" in ben.text_content("#conflict")
        assert _selected(ben) == "f000000000001"
        assert "confirmed by Ana Lima" in ben.text_content("#previous")
        latest = store.latest()["f000000000001"]
        assert (latest.verdict, latest.reviewer) == ("confirmed", "Ana Lima")  # ana's verdict stands
        assert len(store.history()) == 1
        ben.screenshot(path=str(tmp_path / "review-conflict.png"))
        if os.environ.get("FACTCHECK_SCREENSHOTS") == "docs":
            shutil.copyfile(tmp_path / "review-conflict.png", Path(__file__).resolve().parents[1] / "docs" /
                            "review-conflict.png")
        # ben, having read it, disagrees on purpose: now it is saved
        ben.keyboard.press("n")
        ben.wait_for_selector("#status:has-text('Saved')")
        assert store.latest()["f000000000001"].reviewer == "ben"
        assert ana.errors == [] and ben.errors == []  # page errors only (console 409 is expected)
    finally:
        ctx_a.close()
        ctx_b.close()


def test_review_browser_live_refresh_and_assigned_to_me(browser: Any, team: ReviewServer,
                                                        store: VerdictStore) -> None:
    ctx_a, ana = _signed_in(browser, team, ANA)
    ctx_b, ben = _signed_in(browser, team, BEN)
    try:
        ana.click("#list .item[data-id='f000000000002']")
        ana.select_option("#assign-to", "ben")
        ana.click("#assign")
        ana.wait_for_selector("#status:has-text('assigned to ben')")
        ben.wait_for_selector("#list .item[data-id='f000000000002'] .badge.assigned", timeout=15_000)  # live
        assert ben.text_content("#list .item[data-id='f000000000002'] .badge.assigned") == "→ ben"
        ben.check("#mine")
        assert _listed(ben) == ["f000000000002"]
        ben.keyboard.press("t")
        ben.wait_for_selector("#status:has-text('Saved')")
        # the flag on ana's screen stays there, with ben's verdict and a word about it
        ana.wait_for_selector("#previous:has-text('changed over time by ben')", timeout=15_000)
        assert _selected(ana) == "f000000000002"
        assert "changed over time by ben" in ana.text_content("#previous")
        assert "ben recorded" in ana.text_content("#status")
        ana.keyboard.press("j")
        assert "f000000000002" not in _listed(ana)
        assert ana.errors == [] and ben.errors == []
    finally:
        ctx_a.close()
        ctx_b.close()


def test_review_browser_team_page_asks_for_a_token(browser: Any, team: ReviewServer, store: VerdictStore) -> None:
    context = new_context(browser, reviewer=None)
    pg = context.new_page()
    pg.goto(team.url)
    pg.wait_for_selector("#signin:not([hidden])")
    pg.fill("#token-input", "wrong-token-wrong-token")
    pg.press("#token-input", "Enter")
    pg.wait_for_selector("#status:has-text('Sign in')")
    pg.fill("#token-input", BEN)
    pg.press("#token-input", "Enter")
    pg.wait_for_selector("body[data-ready='1']")
    assert pg.text_content("#signed-in") == "signed in as ben"
    assert pg.is_hidden("#reviewer-box")
    pg.keyboard.press("e")
    pg.wait_for_selector("#status:has-text('Saved')")
    assert store.latest()["f000000000001"].reviewer == "ben"
    context.close()
