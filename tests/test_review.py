"""The review server without a browser: binding, refusals, and verdicts through the store."""

from __future__ import annotations

import http.client
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from factcheck.cli import cli
from factcheck.errors import StoreError, UsageError
from factcheck.review.server import ReviewApp, ReviewServer, flag_views, load_report
from factcheck.review.verdicts import VerdictStore, make_verdict

INJECTION = ('Acme <script>window.__pwned=1</script> is worth $5 billion, says '
             '<img src=x onerror="window.__pwned=2"> a filing.')


def _claim(cid: str, article: str, text: str, figures: list[str], line: int) -> dict[str, Any]:
    quantities = []
    for fig in figures:
        start = text.index(fig)
        quantities.append({"text": fig, "value": 0, "low": 0, "high": None, "unit": "", "kind": "number",
                           "qualifier": "", "start": start, "end": start + len(fig)})
    return {"id": cid, "article_id": article, "text": text, "start": 100 * line, "end": 100 * line + len(text),
            "line": line, "date": None, "quantities": quantities}


def _flag(fid: str, kind: str, a: str, b: str, measure: str, reason: str, fp: str) -> dict[str, Any]:
    return {"id": fid, "kind": kind, "a": a, "b": b, "a_quantity": 0, "b_quantity": 0, "similarity": 0.81,
            "reason": reason, "measure": measure, "fingerprint": fp, "verdict": None}


def build_report() -> dict[str, Any]:
    """A hand-made report: two conflicts on one measure (one quoting hostile markup), one change."""
    articles = [
        {"id": "acme.txt#1", "path": "acme.txt", "record": 1, "line": 1, "title": "Acme raises funds",
         "date": "2024-03-01"},
        {"id": "wire.tsv#3", "path": "wire.tsv", "record": 3, "line": 7, "title": "Acme round closes",
         "date": "2024-03-02"},
        {"id": "evil.txt#1", "path": "evil.txt", "record": 1, "line": 1,
         "title": '<img src=x onerror="window.__pwned=3">Evil', "date": None},
    ]
    claims = [
        _claim("c1", "acme.txt#1", "Acme was valued at $4.5 billion after the round, with 300 staff.",
               ["$4.5 billion", "300 staff"], 3),
        _claim("c2", "wire.tsv#3", "The round valued Acme at $3 billion.", ["$3 billion"], 7),
        _claim("c3", "evil.txt#1", INJECTION, ["$5 billion"], 2),
        _claim("c4", "wire.tsv#3", "Acme employed 250 people in 2023.", ["250 people", "2023"], 8),
    ]
    claims[0]["quantities"].reverse()  # the flagged figure is not always the first one
    flags = [
        _flag("f000000000001", "conflict", "c1", "c2", "valuation (USD)", "$4.5bn vs $3bn: no overlap", "fp1"),
        _flag("f000000000002", "conflict", "c3", "c2", "valuation (USD)", "$5bn vs $3bn", "fp2"),
        _flag("f000000000003", "changed", "c1", "c4", "staff (worker)", "300 then 250 a year apart", "fp3"),
    ]
    flags[0]["a_quantity"] = 1
    return {"version": 1, "model": "test", "articles": articles, "claims": claims, "flags": flags, "notes": []}


def write_report(folder: Path) -> Path:
    path = folder / "out" / "report.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(build_report(), indent=1), encoding="utf-8")
    return path


@pytest.fixture
def report(tmp_path: Path) -> Path:
    return write_report(tmp_path)


@pytest.fixture
def store(tmp_path: Path) -> VerdictStore:
    return VerdictStore(tmp_path / "claims" / "verdicts.jsonl")


@pytest.fixture
def server(report: Path, store: VerdictStore, stopping: list[ReviewServer]) -> Iterator[ReviewServer]:
    srv = ReviewServer(ReviewApp(report, store)).start()
    yield srv
    srv.uvicorn.should_exit = True  # stopped and joined with the others as the module ends
    stopping.append(srv)


def call(srv: ReviewServer, method: str, path: str, body: Any = None,
         headers: dict[str, str] | None = None) -> tuple[int, http.client.HTTPResponse, Any]:
    """One request; ``body`` is sent as JSON unless it is bytes. Returns (status, response, data)."""
    conn = http.client.HTTPConnection("127.0.0.1", srv.port, timeout=10)
    payload = body if isinstance(body, bytes) or body is None else json.dumps(body).encode()
    conn.request(method, path, payload, headers or {})
    resp = conn.getresponse()
    raw = resp.read()
    conn.close()
    data = json.loads(raw) if resp.getheader("Content-Type", "").startswith("application/json") else raw.decode()
    return resp.status, resp, data


def get_headers(srv: ReviewServer) -> dict[str, str]:
    return {"X-Review-Token": srv.app.token}


def post_headers(srv: ReviewServer, **extra: str) -> dict[str, str]:
    return {"Content-Type": "application/json", "X-Review-Token": srv.app.token,
            "Origin": f"http://127.0.0.1:{srv.port}", **extra}


GOOD = {"flag_id": "f000000000001", "verdict": "confirmed", "note": "AP has $4.5bn", "reviewer": "ana"}


def test_review_server_binds_loopback_only(report: Path, store: VerdictStore) -> None:
    for host in ("0.0.0.0", "::", "192.168.1.5", "localhost"):
        with pytest.raises(UsageError, match=r"127\.0\.0\.1 only"):
            ReviewServer(ReviewApp(report, store), host=host)
    srv = ReviewServer(ReviewApp(report, store))
    try:
        assert srv.server_address[0] == "127.0.0.1"
        assert srv.url == f"http://127.0.0.1:{srv.port}/"
    finally:
        srv.server_close()


def test_review_missing_report_says_what_to_do(tmp_path: Path, store: VerdictStore) -> None:
    with pytest.raises(StoreError, match="Run `factcheck run` first"):
        ReviewApp(tmp_path / "nope.json", store)


def test_review_page_has_token_nonce_and_strict_csp(server: ReviewServer) -> None:
    status, resp, page = call(server, "GET", "/")
    assert status == 200
    csp = resp.getheader("Content-Security-Policy")
    nonce = csp.split("'nonce-")[1].split("'")[0]
    assert "default-src 'none'" in csp and "connect-src 'self'" in csp and "unsafe-inline" not in csp
    assert f'<script nonce="{nonce}">' in page and f'<style nonce="{nonce}">' in page
    assert f'content="{server.app.token}"' in page and "{{" not in page
    assert resp.getheader("X-Content-Type-Options") == "nosniff"
    assert call(server, "GET", "/")[1].getheader("Content-Security-Policy") != csp  # fresh nonce per page


def test_review_api_flags_lists_both_passages(server: ReviewServer) -> None:
    status, _, data = call(server, "GET", "/api/flags", headers=get_headers(server))
    assert status == 200
    assert [f["id"] for f in data["flags"]] == ["f000000000001", "f000000000002", "f000000000003"]
    assert data["verdicts"] == ["confirmed", "not_a_conflict", "changed_over_time", "extraction_error", "corrected"]
    first = data["flags"][0]
    assert (first["settled"], first["verdict"], first["measure"]) == (False, None, "valuation (USD)")
    a, b = first["sides"]
    assert a["text"][a["quantities"][a["flagged"]]["start"]:a["quantities"][a["flagged"]]["end"]] == "$4.5 billion"
    assert (a["path"], a["record"], a["line"], a["date"]) == ("acme.txt", 1, 3, "2024-03-01")
    assert (b["path"], b["record"], b["line"]) == ("wire.tsv", 3, 7)


def test_review_post_saves_verdict_through_the_store(server: ReviewServer, store: VerdictStore) -> None:
    status, _, data = call(server, "POST", "/api/verdicts", GOOD, post_headers(server))
    assert status == 201, data
    assert data["verdict"]["verdict"] == "confirmed" and data["verdict"]["fingerprint"] == "fp1"
    saved = store.latest()["f000000000001"]
    assert (saved.verdict, saved.note, saved.reviewer) == ("confirmed", "AP has $4.5bn", "ana")
    assert saved.fingerprint == "fp1"
    flags = {f["id"]: f for f in call(server, "GET", "/api/flags", headers=get_headers(server))[2]["flags"]}
    assert flags["f000000000001"]["settled"] and not flags["f000000000002"]["settled"]


def test_review_post_without_origin_is_accepted(server: ReviewServer) -> None:
    headers = post_headers(server)
    del headers["Origin"]
    assert call(server, "POST", "/api/verdicts", GOOD, headers)[0] == 201


@pytest.mark.parametrize(("change", "status"), [
    ({"Origin": "http://evil.example"}, 403),
    ({"Origin": "http://127.0.0.1:1"}, 403),
    ({"Origin": "null"}, 403),
    ({"X-Review-Token": ""}, 403),
    ({"X-Review-Token": "guessed"}, 403),
    ({"Host": "evil.example"}, 403),
    ({"Content-Type": "text/plain"}, 415),
    ({"Content-Type": "application/x-www-form-urlencoded"}, 415),
])
def test_review_post_refusals(server: ReviewServer, store: VerdictStore, change: dict, status: int) -> None:
    got, _, data = call(server, "POST", "/api/verdicts", GOOD, post_headers(server, **change))
    assert got == status, data
    assert data["error"]
    assert store.history() == []


def test_review_get_with_foreign_host_is_refused(server: ReviewServer) -> None:
    """DNS rebinding: another name pointing at 127.0.0.1 gets nothing, not even the token."""
    status, _, data = call(server, "GET", "/", headers={"Host": f"evil.example:{server.port}"})
    assert status == 403 and server.app.token not in json.dumps(data)
    assert call(server, "GET", "/api/flags", headers={"Host": "evil.example", **get_headers(server)})[0] == 403


@pytest.mark.parametrize(("body", "message"), [
    ({**GOOD, "verdict": "maybe"}, "Valid verdicts: confirmed, not_a_conflict, changed_over_time, extraction_error"),
    ({**GOOD, "flag_id": "f999999999999"}, "No flag 'f999999999999'"),
    ({"verdict": "confirmed"}, "flag_id and verdict are required"),
    ({**GOOD, "note": 5}, "must be text"),
    (["not", "an", "object"], "Expected a JSON object"),
    (b"{not json", "not valid JSON"),
])
def test_review_post_bad_bodies(server: ReviewServer, store: VerdictStore, body: Any, message: str) -> None:
    status, _, data = call(server, "POST", "/api/verdicts", body, post_headers(server))
    assert status == 400
    assert message in data["error"]
    assert store.history() == []


def test_review_post_too_large(server: ReviewServer) -> None:
    body = {**GOOD, "note": "x" * 70_000}
    assert call(server, "POST", "/api/verdicts", body, post_headers(server))[0] == 413


def test_review_unknown_paths(server: ReviewServer) -> None:
    assert call(server, "GET", "/etc/passwd")[0] == 404
    assert call(server, "POST", "/api/flags", GOOD, post_headers(server))[0] == 405  # a read-only route


def test_review_flag_views_stale_verdict_is_unsettled(report: Path) -> None:
    latest = {"f000000000001": make_verdict("f000000000001", "confirmed", reviewer="ana", fingerprint="old"),
              "f000000000002": make_verdict("f000000000002", "extraction_error", reviewer="ana", fingerprint="fp2")}
    views = {v["id"]: v for v in flag_views(load_report(report), latest)}
    assert (views["f000000000001"]["stale"], views["f000000000001"]["settled"]) == (True, False)
    assert (views["f000000000002"]["stale"], views["f000000000002"]["settled"]) == (False, True)
    assert views["f000000000003"]["verdict"] is None


def test_review_cli_prints_url_and_stops_on_ctrl_c(report: Path, tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    def interrupted(self: ReviewServer, poll_interval: float = 0.5) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(ReviewServer, "serve_forever", interrupted)
    result = CliRunner().invoke(cli, ["review", "--report", str(report), "--store",
                                      str(tmp_path / "v.jsonl"), "--no-browser", "--port", "0"])
    assert result.exit_code == 0, result.output
    assert "at http://127.0.0.1:" in result.output and "Stopped." in result.output


def test_review_cli_missing_report(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["review", "--report", str(tmp_path / "none.json"), "--no-browser"])
    assert result.exit_code == 2
    assert "no report here. Run `factcheck run` first" in result.output


def test_review_api_reads_need_the_token(server: ReviewServer) -> None:
    for headers in ({}, {"X-Review-Token": "guessed"}, {"X-Review-Token": ""}):
        status, _, data = call(server, "GET", "/api/flags", headers=headers)
        assert status == 403 and "flags" not in data
    assert call(server, "GET", "/api/flags", headers=get_headers(server))[0] == 200


def test_review_responses_name_no_absolute_path_nor_login(server: ReviewServer, report: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    import getpass

    login = getpass.getuser()
    _, _, data = call(server, "GET", "/api/flags", headers=get_headers(server))
    assert data["report"] == "report.json"
    assert "reviewer" not in data
    _, _, refused = call(server, "POST", "/api/verdicts", {**GOOD, "flag_id": "f999999999999"},
                         post_headers(server))
    raw = json.dumps([data, refused])
    assert str(report.parent) not in raw and str(report.resolve().parent) not in raw
    assert f'"{login}"' not in raw


def test_review_reviewer_names_lose_control_and_bidi_characters(server: ReviewServer, store: VerdictStore) -> None:
    hostile = "\u202eana\u202c\x1b]0;pwned\x07 \u200bbo\tb\n"
    status, _, data = call(server, "POST", "/api/verdicts", {**GOOD, "reviewer": hostile}, post_headers(server))
    assert status == 201, data
    assert store.latest()["f000000000001"].reviewer == "ana]0;pwned bob"
    status, _, data = call(server, "POST", "/api/verdicts", {**GOOD, "reviewer": "\u202e\x00\u200b"},
                           post_headers(server))
    assert status == 400 and "no printable characters" in data["error"]


@pytest.mark.parametrize("depth", [21, 1000, 32_000])
def test_review_deeply_nested_json_is_refused(server: ReviewServer, store: VerdictStore, depth: int) -> None:
    body = ("[" * depth + "]" * depth).encode()
    if len(body) > 64 * 1024:
        body = b'{"flag_id": ' + b"[" * 30_000 + b"]" * 30_000 + b"}"
    status, _, data = call(server, "POST", "/api/verdicts", body, post_headers(server))
    assert status == 400 and "nested too deeply" in data["error"]
    assert call(server, "POST", "/api/verdicts", GOOD, post_headers(server))[0] == 201  # still serving


def test_review_undo_withdraws_the_latest_verdict(server: ReviewServer, store: VerdictStore) -> None:
    undo = {"flag_id": "f000000000001", "undo": True, "reviewer": "ana"}
    status, _, data = call(server, "POST", "/api/verdicts", undo, post_headers(server))
    assert status == 400 and "no verdict to undo" in data["error"]
    call(server, "POST", "/api/verdicts", {**GOOD, "verdict": "not_a_conflict"}, post_headers(server))
    call(server, "POST", "/api/verdicts", GOOD, post_headers(server))
    status, _, data = call(server, "POST", "/api/verdicts", undo, post_headers(server))
    assert status == 200, data
    assert data["verdict"]["verdict"] == "not_a_conflict" and data["settled"]
    assert store.latest()["f000000000001"].verdict == "not_a_conflict"
    status, _, data = call(server, "POST", "/api/verdicts", undo, post_headers(server))
    assert (data["verdict"], data["settled"]) == (None, False)
    assert "f000000000001" not in store.latest()
    assert [v.verdict for v in store.history()] == ["not_a_conflict", "confirmed", "withdrawn", "withdrawn"]


@pytest.mark.slow  # waits out the idle timeout
def test_review_stalled_connection_is_closed_after_the_timeout(report: Path, store: VerdictStore) -> None:
    import socket
    import time

    srv = ReviewServer(ReviewApp(report, store), deadline=0.5).start()
    try:
        stalled = socket.create_connection(("127.0.0.1", srv.port))
        stalled.sendall(b"GET /api/flags HTTP/1.1\r\nHost: 127.0.0.1")  # and never the end of the headers
        stalled.settimeout(5)
        t = time.monotonic()
        answer = stalled.recv(1024)
        assert answer.startswith(b"HTTP/1.1 408 ")  # answered, then closed
        assert stalled.recv(1024) == b""
        assert time.monotonic() - t < 3
        stalled.close()
        assert call(srv, "GET", "/api/flags", headers=get_headers(srv))[0] == 200
    finally:
        srv.stop()
