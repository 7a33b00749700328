"""The shared review server without a browser: reviewer tokens, stale writes (409),
assignments, live-refresh versions, and bad or slow requests answered, never dropped."""

from __future__ import annotations

import json
import logging
import socket
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from factcheck.cli import cli
from factcheck.errors import StoreError, UsageError
from factcheck.review.reviewers import Assignments, load_tokens
from factcheck.review.server import ReviewApp, ReviewServer
from factcheck.review.verdicts import VerdictStore

from .test_review import GOOD, call, get_headers, post_headers, write_report

ANA, BEN = "ana-token-0123456789abcdef", "ben-token-0123456789abcdef"


def write_tokens(folder: Path, text: str | None = None) -> Path:
    path = folder / "reviewers.txt"
    path.write_text(text if text is not None else f"# reviewers\nAna Lima: {ANA}\n\nben:{BEN}\n", encoding="utf-8")
    return path


@pytest.fixture
def store(tmp_path: Path) -> VerdictStore:
    return VerdictStore(tmp_path / "claims" / "verdicts.jsonl")


@pytest.fixture
def report(tmp_path: Path) -> Path:
    return write_report(tmp_path)


@pytest.fixture
def team(report: Path, store: VerdictStore, tmp_path: Path, stopping: list[ReviewServer]) -> Iterator[ReviewServer]:
    srv = ReviewServer(ReviewApp(report, store, load_tokens(write_tokens(tmp_path)))).start()
    yield srv
    srv.uvicorn.should_exit = True  # stopped and joined with the others as the module ends
    stopping.append(srv)


@pytest.fixture
def server(report: Path, store: VerdictStore, stopping: list[ReviewServer]) -> Iterator[ReviewServer]:
    srv = ReviewServer(ReviewApp(report, store)).start()
    yield srv
    srv.uvicorn.should_exit = True  # stopped and joined with the others as the module ends
    stopping.append(srv)


def as_(token: str, srv: ReviewServer) -> dict[str, str]:
    return {"Content-Type": "application/json", "X-Review-Token": token}


# -- tokens


def test_tokens_file_reads_names_and_tokens(tmp_path: Path) -> None:
    assert load_tokens(write_tokens(tmp_path)) == {ANA: "Ana Lima", BEN: "ben"}


@pytest.mark.parametrize(("text", "message"), [
    ("ana\n", r"reviewers.txt:1: expected `name: token`"),
    ("# x\nana: short\n", r"reviewers.txt:2: the token for 'ana' must be at least 16"),
    (f"ana: {ANA}\nbob: {ANA}\n", r"reviewers.txt:2: token given twice"),
    (f"ana: {ANA}\nana: {BEN}\n", r"reviewers.txt:2: name 'ana' given twice"),
    (": " + ANA + "\n", r"reviewers.txt:1: expected `name: token`"),
    ("# nobody\n", r"no reviewers in the tokens file"),
])
def test_tokens_file_errors_name_the_line(tmp_path: Path, text: str, message: str) -> None:
    with pytest.raises(UsageError, match=message):
        load_tokens(write_tokens(tmp_path, text))


def test_team_reads_and_writes_need_a_reviewer_token(team: ReviewServer, store: VerdictStore) -> None:
    for headers in ({}, {"X-Review-Token": "guessed-guessed-guessed"}, {"X-Review-Token": team.app.token}):
        assert call(team, "GET", "/api/flags", headers=headers)[0] == 401
        status, _, data = call(team, "POST", "/api/verdicts", GOOD, {"Content-Type": "application/json", **headers})
        assert status == 401 and "Sign in" in data["error"]
    assert store.history() == []  # no anonymous write
    status, _, page = call(team, "GET", "/")
    assert status == 200 and team.app.token not in page  # the page holds no token when reviewers sign in
    status, _, data = call(team, "GET", "/api/flags", headers={"X-Review-Token": BEN})
    assert status == 200 and (data["team"], data["me"], data["reviewers"]) == (True, "ben", ["Ana Lima", "ben"])


def test_team_verdict_carries_the_token_owner_whatever_the_page_says(team: ReviewServer, store: VerdictStore) -> None:
    status, _, data = call(team, "POST", "/api/verdicts", {**GOOD, "reviewer": "ben"}, as_(ANA, team))
    assert status == 201, data
    assert store.latest()["f000000000001"].reviewer == "Ana Lima"


def test_blank_reviewer_is_refused_never_the_login_name(server: ReviewServer, store: VerdictStore) -> None:
    for reviewer in ("", "   ", None):
        status, _, data = call(server, "POST", "/api/verdicts", {**GOOD, "reviewer": reviewer}, post_headers(server))
        assert status == 400 and "Reviewer box" in data["error"]
    assert store.history() == []


def test_host_beyond_loopback_needs_tokens(report: Path, store: VerdictStore, tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="--tokens"):
        ReviewServer(ReviewApp(report, store), host="127.0.0.2")
    srv = ReviewServer(ReviewApp(report, store, load_tokens(write_tokens(tmp_path))), host="127.0.0.2").start()
    try:
        conn_headers = {"X-Review-Token": ANA, "Host": "review.example.org"}  # a proxy's name: fine with tokens
        import http.client
        conn = http.client.HTTPConnection("127.0.0.2", srv.port, timeout=10)
        conn.request("GET", "/api/flags", headers=conn_headers)
        assert conn.getresponse().status == 200
        conn.close()
    finally:
        srv.stop()
    result = CliRunner().invoke(cli, ["review", "--report", str(report), "--host", "0.0.0.0", "--no-browser",
                                      "--port", "0"])
    assert result.exit_code == 2 and "--tokens" in result.output


# -- stale writes


def test_stale_write_is_refused_with_the_other_verdict(team: ReviewServer, store: VerdictStore) -> None:
    first = {**GOOD, "expect": None}
    status, _, saved = call(team, "POST", "/api/verdicts", first, as_(ANA, team))
    assert status == 201
    status, _, data = call(team, "POST", "/api/verdicts", {**first, "verdict": "not_a_conflict"}, as_(BEN, team))
    assert status == 409
    assert data["verdict"]["verdict"] == "confirmed" and data["verdict"]["reviewer"] == "Ana Lima"
    assert "changed since you read it" in data["error"]
    assert store.latest()["f000000000001"].verdict == "confirmed"
    # having read it, ben may disagree on purpose
    status, _, _ = call(team, "POST", "/api/verdicts", {**first, "verdict": "not_a_conflict",
                                                         "expect": saved["verdict"]["at"]}, as_(BEN, team))
    assert status == 201 and store.latest()["f000000000001"].reviewer == "ben"
    # an undo of ana's verdict, now superseded, is refused too
    undo = {"flag_id": "f000000000001", "undo": True, "expect": saved["verdict"]["at"]}
    assert call(team, "POST", "/api/verdicts", undo, as_(ANA, team))[0] == 409
    assert store.latest()["f000000000001"].verdict == "not_a_conflict"


# -- assignments and the live version


def test_assignments_and_version(team: ReviewServer, store: VerdictStore) -> None:
    v0 = call(team, "GET", "/api/version", headers={"X-Review-Token": ANA})[2]["version"]
    status, _, data = call(team, "POST", "/api/assign", {"flag_id": "f000000000002", "reviewer": "ben"},
                           as_(ANA, team))
    assert (status, data["assigned"]) == (200, "ben")
    status, _, data = call(team, "POST", "/api/assign", {"flag_id": "f000000000002", "reviewer": "carl"},
                           as_(ANA, team))
    assert status == 400 and "No reviewer 'carl'" in data["error"]
    flags = {f["id"]: f for f in call(team, "GET", "/api/flags", headers={"X-Review-Token": BEN})[2]["flags"]}
    assert flags["f000000000002"]["assigned"] == "ben" and flags["f000000000001"]["assigned"] is None
    v1 = call(team, "GET", "/api/version", headers={"X-Review-Token": ANA})[2]["version"]
    assert v1 != v0
    call(team, "POST", "/api/assign", {"flag_id": "f000000000002", "reviewer": ""}, as_(ANA, team))
    assert Assignments(store.path.with_name("assignments.jsonl")).current() == {}
    assert call(team, "GET", "/api/version", headers={"X-Review-Token": ANA})[2]["version"] != v1


def test_assignments_file_with_a_bad_line_is_named(tmp_path: Path) -> None:
    path = tmp_path / "assignments.jsonl"
    path.write_text('{"flag_id": "f1", "reviewer": "ana"}\nnot json\n{"flag_id": "f2", "reviewer": "ben"}\n')
    with pytest.raises(StoreError, match=r"assignments.jsonl:2: invalid assignment record"):
        Assignments(path).current()


# -- bad requests: each answered with an HTTP error and one log line


@pytest.mark.parametrize(("body", "status", "message"), [
    (b'{"flag_id": "f000000000001", "verdict": "confirmed", "reviewer": "ana", "note": "\\ud800"}', 422,
     "lone surrogate"),
    (b'{"flag_id": "f000000000001", "verdict": "confirmed", "n": ' + b"9" * 5000 + b"}", 400, "not valid JSON"),
    (b'{"flag_id": "f000000000001", "verdict": "confirmed", "reviewer": "\\udfff"}', 422, "lone surrogate"),
    (b"\xff\xfe", 400, "not valid JSON"),
    (b"", 400, "Body must be"),
])
def test_bad_bodies_are_answered_and_logged(server: ReviewServer, store: VerdictStore, caplog: pytest.LogCaptureFixture,
                                            body: bytes, status: int, message: str) -> None:
    caplog.set_level(logging.INFO, "factcheck.review")
    got, _, data = call(server, "POST", "/api/verdicts", body, post_headers(server))
    assert got == status and message in data["error"]
    assert store.history() == []
    lines = [r.getMessage() for r in caplog.records if r.name == "factcheck.review"]
    assert len(lines) == 1 and f"-> {status}" in lines[0] and "\n" not in lines[0]
    assert call(server, "POST", "/api/verdicts", GOOD, post_headers(server))[0] == 201  # still serving


def test_damaged_report_is_named_not_a_dropped_connection(server: ReviewServer, report: Path,
                                                          caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, "factcheck.review")
    report.write_text(json.dumps({"flags": [1]}), encoding="utf-8")
    for method, body in (("GET", None), ("POST", GOOD)):
        headers = get_headers(server) if method == "GET" else post_headers(server)
        path = "/api/flags" if method == "GET" else "/api/verdicts"
        status, _, data = call(server, method, path, body, headers)
        assert status == 500 and "report.json: flags entry 1 is not an object" in data["error"]
        assert str(report.parent) not in data["error"]
    assert sum("flags entry 1" in r.getMessage() for r in caplog.records) == 2


def test_oversized_and_lying_content_length(server: ReviewServer) -> None:
    assert call(server, "POST", "/api/verdicts", b"{}", post_headers(server, **{"Content-Length": "99999999"}))[0] \
        in (400, 413)
    raw = _raw(server, b"POST /api/verdicts HTTP/1.1\r\nHost: 127.0.0.1:%d\r\nContent-Type: application/json\r\n"
               b"Content-Length: -5\r\n\r\n" % server.port)
    assert raw.startswith(b"HTTP/1.1 400")
    raw = _raw(server, b"GARBAGE\r\n\r\n")
    assert raw.startswith(b"HTTP/1.1 400")


def _raw(srv: ReviewServer, data: bytes) -> bytes:
    with socket.create_connection(("127.0.0.1", srv.port), timeout=10) as s:
        s.sendall(data)
        chunks = []
        while chunk := s.recv(65536):
            chunks.append(chunk)
        return b"".join(chunks)


# -- slow and greedy clients


@pytest.mark.slow  # waits out the request deadline / opens 33 connections
def test_trickled_body_meets_the_whole_request_deadline(report: Path, store: VerdictStore) -> None:
    """One byte every 0.2 s keeps every read short; the deadline is for the whole request."""
    srv = ReviewServer(ReviewApp(report, store), deadline=1.0).start()
    try:
        s = socket.create_connection(("127.0.0.1", srv.port), timeout=10)
        s.sendall(b"POST /api/verdicts HTTP/1.1\r\nHost: 127.0.0.1:%d\r\nContent-Type: application/json\r\n"
                  b"X-Review-Token: %s\r\nContent-Length: 1000\r\n\r\n" % (srv.port, srv.app.token.encode()))
        t = time.monotonic()
        answer = b""
        for _ in range(50):
            try:
                s.sendall(b" ")
            except OSError:
                break
            s.settimeout(0.2)
            try:
                answer += s.recv(4096)
            except TimeoutError:
                continue
            if answer:
                break
        assert answer.startswith(b"HTTP/1.1 408"), answer
        assert time.monotonic() - t < 4
        s.close()
        assert store.history() == []
    finally:
        srv.stop()


@pytest.mark.slow  # waits out the request deadline / opens 33 connections
def test_connections_per_address_are_bounded(report: Path, store: VerdictStore) -> None:
    srv = ReviewServer(ReviewApp(report, store), per_client=4).start()
    held = [socket.create_connection(("127.0.0.1", srv.port), timeout=10) for _ in range(4)]
    try:
        extra = _raw(srv, b"GET /api/flags HTTP/1.1\r\n\r\n")
        assert extra.startswith(b"HTTP/1.1 503") and b"More than 4 connections" in extra
        for s in held:
            s.close()
        time.sleep(0.3)
        assert call(srv, "GET", "/api/flags", headers=get_headers(srv))[0] == 200
    finally:
        srv.stop()


def test_review_api_version_needs_the_token(server: ReviewServer) -> None:
    assert call(server, "GET", "/api/version")[0] == 403
    status, _, data = call(server, "GET", "/api/version", headers=get_headers(server))
    assert status == 200 and isinstance(data["version"], str)


def test_wrong_method_and_unknown_path(server: ReviewServer) -> None:
    assert call(server, "DELETE", "/api/verdicts", headers=get_headers(server))[0] == 405
    assert call(server, "GET", "/nope")[0] == 404


