"""The review page: a local web server over ``report.json`` and the verdict store.

    GET  /               the page (``page.html``), with a fresh CSP nonce and the token
    GET  /api/flags      every flag with both passages (one for an inconsistent conversion), its
                         verdict and whether it is settled, by confidence (highest first,
                         flags without one last, ties in the report's order)
    POST /api/verdicts   {"flag_id", "verdict", "note", "reviewer"} → the saved verdict
                         {"flag_id", "undo": true, "reviewer"} → withdraws the flag's latest
                         verdict (an appended ``withdrawn`` record) → the verdict that counts now

Verdicts go through ``VerdictStore``, the same store as ``factcheck verdict``. A flag is
settled when it has a verdict given on its current passages (same fingerprint).

Nobody else in: the server binds 127.0.0.1 only; every request must carry the server's
own ``Host`` (no DNS rebinding); a POST must also carry a matching ``Origin`` when it has
one, ``Content-Type: application/json`` and the per-server token from the page in
``X-Review-Token``; every ``/api/`` route, reads included, needs that token. Responses
name the report by file name only, never an absolute path or the login name. Article text
is untrusted: the page puts it in the DOM with
``textContent`` only, and its Content-Security-Policy allows no script but its own.

Load: each connection has a socket timeout (``TIMEOUT``), so a stalled client holds its
thread for at most that long; the listen backlog is ``BACKLOG``, and at most ``WORKERS``
requests are served at once (a connection beyond that waits in the backlog, it is never
reset). A JSON body nested deeper than ``MAX_DEPTH`` is refused with 400.
"""

from __future__ import annotations

import hmac
import html
import json
import secrets
import sys
import threading
import unicodedata
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from factcheck.errors import FactcheckError, StoreError, UsageError
from factcheck.records import Verdict, confidence_order
from factcheck.review.verdicts import VERDICTS, WITHDRAWN, VerdictStore, make_verdict, now

HOST = "127.0.0.1"
REVIEW_PORT = 8765  # `factcheck review`'s default port: report.html links to flags there
MAX_BODY = 64 * 1024
MAX_DEPTH = 20  # a verdict is a flat object; anything nested deeper is refused
TOKEN_HEADER = "X-Review-Token"
TIMEOUT = 10.0  # seconds a connection may stall before it is closed
BACKLOG = 1024  # connections the kernel queues while every worker is busy
WORKERS = 512  # connections served at once (each holds a thread for at most TIMEOUT when stalled)
MAX_NAME = 80


def load_report(path: str | Path) -> dict[str, Any]:
    """``report.json`` as written by ``factcheck run``; ``StoreError`` if unusable."""
    path = Path(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise StoreError(f"{path}: no report here. Run `factcheck run` first, or pass --report.") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as e:
        raise StoreError(f"{path}: cannot read the report: {e}") from None
    if not isinstance(data, dict) or not isinstance(data.get("flags"), list):
        raise StoreError(f"{path}: not a factcheck report (no 'flags' list).")
    return data


def flag_views(report: dict[str, Any], latest: dict[str, Verdict]) -> list[dict[str, Any]]:
    """What the page shows for each flag: both passages (one, with both figures marked, for an
    inconsistent conversion), the verdict, settled or not; by confidence, highest first."""
    claims = {c["id"]: c for c in report.get("claims", [])}
    articles = {a["id"]: a for a in report.get("articles", [])}
    flags = sorted(report["flags"], key=lambda f: confidence_order(_confidence(f)))
    return [_flag_view(f, claims, articles, latest.get(f["id"])) for f in flags]


def _confidence(flag: dict[str, Any]) -> float | None:
    c = flag.get("confidence")
    return float(c) if isinstance(c, int | float) and not isinstance(c, bool) else None


def _flag_view(flag: dict[str, Any], claims: dict[str, Any], articles: dict[str, Any], verdict: Verdict | None) -> dict[str, Any]:
    stale = verdict is not None and verdict.is_stale(flag.get("fingerprint"))
    single = flag.get("a") == flag.get("b")  # an inconsistent conversion: one passage
    sides = [_side(flag, claims, articles, s) for s in (("a",) if single else ("a", "b"))]
    if single:
        sides[0]["marked"] = [flag.get("b_quantity")]  # its conversion, flagged beside the figure
    return {
        "id": flag["id"], "kind": flag.get("kind", ""), "measure": flag.get("measure", ""),
        "reason": flag.get("reason", ""), "similarity": flag.get("similarity"),
        "confidence": _confidence(flag), "single": single,
        "verdict": verdict.as_json() if verdict else None,
        "stale": stale, "settled": verdict is not None and not stale,
        "sides": sides,
    }


def _side(flag: dict[str, Any], claims: dict[str, Any], articles: dict[str, Any], side: str) -> dict[str, Any]:
    claim = claims.get(flag[side])
    if claim is None:
        raise StoreError(f"report.json is inconsistent: flag {flag['id']} names claim {flag[side]}, "
                         "which it does not list. Run `factcheck run` again.")
    article = articles.get(claim.get("article_id"), {})
    return {
        "claim_id": claim["id"], "text": claim.get("text", ""),
        "quantities": [{"start": q["start"], "end": q["end"], "text": q.get("text", "")}
                       for q in claim.get("quantities", [])],
        "flagged": flag.get(f"{side}_quantity"),
        "path": article.get("path", ""), "record": article.get("record"), "title": article.get("title", ""),
        "date": article.get("date"), "claim_date": claim.get("date"),
        "line": claim.get("line"), "start": claim.get("start"), "end": claim.get("end"),
    }


class ReviewApp:
    """The server's state and logic, free of sockets (tests call it directly)."""

    def __init__(self, report_path: str | Path, store: VerdictStore) -> None:
        self.report_path = Path(report_path)
        self.store = store
        self.token = secrets.token_urlsafe(32)
        load_report(self.report_path)  # fail now, not on the first request

    def page(self, nonce: str) -> str:
        template = resources.files("factcheck.review").joinpath("page.html").read_text(encoding="utf-8")
        return (template.replace("{{NONCE}}", html.escape(nonce))
                .replace("{{TOKEN}}", html.escape(self.token)))

    def flags(self) -> dict[str, Any]:
        report = load_report(self.report_path)
        return {"flags": flag_views(report, self.store.latest()), "verdicts": list(VERDICTS),
                "report": self.report_path.name, "notes": self.notes()}

    def public(self, message: str) -> str:
        """``message`` with the report's and the store's folders left out."""
        for path in (self.store.path, self.report_path):
            for folder in {str(path.parent), str(path.resolve().parent)}:
                if folder not in ("", "."):
                    message = message.replace(folder + "/", "")
        return message

    def notes(self) -> list[str]:
        """The store's notes, with its folder left out (the page needs no absolute path)."""
        return [f"{Path(n.path).name}:{n.line}: {n.message}" for n in self.store.notes]

    def save(self, body: Any) -> Verdict:
        """Record one verdict from a POST body; ``UsageError`` when it is not acceptable."""
        flag_id, name, note, reviewer = _verdict_fields(body)
        flag = self._flag(flag_id)
        return self.store.add(make_verdict(flag_id, name, note, reviewer, flag.get("fingerprint")))

    def undo(self, body: Any) -> dict[str, Any]:
        """Withdraw the latest verdict on the flag a POST body names; the flag's view after it."""
        if not isinstance(body, dict) or not isinstance(body.get("flag_id"), str):
            raise UsageError("Expected a JSON object with flag_id.")
        flag = self._flag(body["flag_id"])
        current = self.store.latest().get(flag["id"])
        if current is None:
            raise UsageError(f"Flag {flag['id']} has no verdict to undo.")
        reviewer = body.get("reviewer")
        reviewer = clean_name(reviewer) if isinstance(reviewer, str) else ""
        withdrawn = make_verdict(flag["id"], current.verdict, "", reviewer or None, flag.get("fingerprint"))
        self.store.add(Verdict(withdrawn.flag_id, WITHDRAWN, f"undo of {current.verdict} at {current.at}",
                               withdrawn.reviewer, now(), withdrawn.fingerprint))
        after = self.store.latest().get(flag["id"])
        stale = after is not None and after.is_stale(flag.get("fingerprint"))
        return {"verdict": after.as_json() if after else None, "settled": after is not None and not stale,
                "stale": stale, "notes": self.notes()}

    def _flag(self, flag_id: str) -> dict[str, Any]:
        flag: dict[str, Any] | None = {f["id"]: f for f in load_report(self.report_path)["flags"]}.get(flag_id)
        if flag is None:
            raise UsageError(f"No flag {flag_id!r} in {self.report_path.name}.")
        return flag


def _verdict_fields(body: Any) -> tuple[str, str, str, str | None]:
    """(flag_id, verdict, note, reviewer) from a POST body."""
    if not isinstance(body, dict):
        raise UsageError("Expected a JSON object with flag_id and verdict.")
    flag_id, name = body.get("flag_id"), body.get("verdict")
    note, reviewer = body.get("note") or "", body.get("reviewer") or None
    if not isinstance(flag_id, str) or not isinstance(name, str):
        raise UsageError("flag_id and verdict are required, as text.")
    if not isinstance(note, str) or not isinstance(reviewer, str | None):
        raise UsageError("note and reviewer must be text.")
    if reviewer is not None:
        reviewer = clean_name(reviewer)
        if not reviewer:
            raise UsageError("The reviewer's name has no printable characters.")
    return flag_id, name, note, reviewer


def clean_name(name: str) -> str:
    """A reviewer's name as one line of printable text: control, format (bidi overrides,
    zero-width) and separator characters other than the space removed, at most ``MAX_NAME``."""
    kept = "".join(ch for ch in name if ch == " " or unicodedata.category(ch)[0] not in "CZ")
    return " ".join(kept.split())[:MAX_NAME]


def _depth(data: Any, limit: int) -> int:
    """Nesting depth of parsed JSON, counting no further than ``limit + 1``."""
    stack, deepest = [(data, 1)], 0
    while stack:
        node, d = stack.pop()
        if isinstance(node, dict | list):
            deepest = max(deepest, d)
            if deepest > limit:
                break
            stack.extend((child, d + 1) for child in (node.values() if isinstance(node, dict) else node))
    return deepest


class Refusal(Exception):
    """A request the server will not serve: answered with ``status`` and ``message``."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


class _Handler(BaseHTTPRequestHandler):
    server: ReviewServer
    server_version = "factcheck-review"
    sys_version = ""
    protocol_version = "HTTP/1.0"  # one request per connection: no idle keep-alive threads

    def setup(self) -> None:
        self.request.settimeout(self.server.timeout_s)
        super().setup()

    def do_GET(self) -> None:
        self._handle(self._get)

    def do_POST(self) -> None:
        self._handle(self._post)

    def log_message(self, format: str, *args: Any) -> None:
        pass  # the CLI prints the URL; per-request lines would bury it

    def _handle(self, route: Any) -> None:
        try:
            self._check_host()
            route()
        except Refusal as r:
            self._json(r.status, {"error": r.message})
        except UsageError as e:
            self._json(400, {"error": str(e)})
        except FactcheckError as e:
            self._json(500, {"error": self.server.app.public(str(e))})

    def _get(self) -> None:
        path = urlsplit(self.path).path
        if path == "/":
            nonce = secrets.token_urlsafe(16)
            self._send(200, self.server.app.page(nonce).encode(), "text/html; charset=utf-8", nonce)
        elif path == "/api/flags":
            self._check_token()
            self._json(200, self.server.app.flags())
        else:
            raise Refusal(404, "Not found.")

    def _post(self) -> None:
        if urlsplit(self.path).path != "/api/verdicts":
            raise Refusal(404, "Not found.")
        self._check_origin()
        self._check_token()
        body = self._body()
        if isinstance(body, dict) and body.get("undo") is True:
            self._json(200, self.server.app.undo(body))
            return
        verdict = self.server.app.save(body)
        self._json(201, {"verdict": verdict.as_json(), "notes": self.server.app.notes()})

    def _check_host(self) -> None:
        if self.headers.get("Host") not in self.server.hosts:
            raise Refusal(403, "Wrong Host header: this server answers only to its own loopback address.")

    def _check_origin(self) -> None:
        origin = self.headers.get("Origin")
        if origin is not None and origin not in self.server.origins:
            raise Refusal(403, "Requests from other origins may not write verdicts.")

    def _check_token(self) -> None:
        token = self.headers.get(TOKEN_HEADER, "")
        if not hmac.compare_digest(token.encode(), self.server.app.token.encode()):
            raise Refusal(403, f"Missing or wrong {TOKEN_HEADER}: reload the review page.")

    def _body(self) -> Any:
        ctype = self.headers.get("Content-Type", "").split(";")[0].strip().lower()
        if ctype != "application/json":
            raise Refusal(415, "Send the verdict as Content-Type: application/json.")
        try:
            length = int(self.headers.get("Content-Length", "0"))
        except ValueError:
            raise Refusal(400, "Bad Content-Length.") from None
        if not 0 < length <= MAX_BODY:
            raise Refusal(413 if length > MAX_BODY else 400, f"Body must be 1 to {MAX_BODY} bytes.")
        try:
            raw = self.rfile.read(length)
        except OSError:
            raise Refusal(408, "The body did not arrive in time.") from None
        try:
            data = json.loads(raw)
        except (UnicodeDecodeError, json.JSONDecodeError):
            raise Refusal(400, "The body is not valid JSON.") from None
        except RecursionError:
            raise Refusal(400, f"The body is nested too deeply (at most {MAX_DEPTH} levels).") from None
        if _depth(data, MAX_DEPTH) > MAX_DEPTH:
            raise Refusal(400, f"The body is nested too deeply (at most {MAX_DEPTH} levels).")
        return data

    def _json(self, status: int, data: Any) -> None:
        self._send(status, json.dumps(data, ensure_ascii=False).encode(), "application/json; charset=utf-8")

    def _send(self, status: int, body: bytes, ctype: str, nonce: str | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        for name, value in _security_headers(nonce).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)


def _security_headers(nonce: str | None) -> dict[str, str]:
    src = f"'nonce-{nonce}'" if nonce else "'none'"
    return {
        "Content-Security-Policy": f"default-src 'none'; script-src {src}; style-src {src}; "
                                   "connect-src 'self'; img-src 'none'; base-uri 'none'; "
                                   "form-action 'none'; frame-ancestors 'none'",
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "no-referrer",
        "Cache-Control": "no-store",
        "X-Frame-Options": "DENY",
    }


class ReviewServer(ThreadingHTTPServer):
    """The HTTP server, on 127.0.0.1 only. ``port=0`` picks a free port.

    A thread per connection, as ``ThreadingHTTPServer``, but at most ``workers`` at once:
    the accept loop waits for a free slot, and connections beyond it queue in the
    kernel's backlog (``BACKLOG``) instead of being reset."""

    daemon_threads = True
    request_queue_size = BACKLOG

    def __init__(self, app: ReviewApp, host: str = HOST, port: int = 0, timeout: float = TIMEOUT,
                 workers: int = WORKERS) -> None:
        if host != HOST:
            raise UsageError(f"The review server binds {HOST} only (asked for {host!r}): "
                             "it writes verdicts and has no login.")
        self.app = app
        self.timeout_s = timeout
        self._slots = threading.BoundedSemaphore(workers)
        try:
            super().__init__((host, port), _Handler)
        except OSError as e:
            raise UsageError(f"Cannot listen on {host}:{port}: {e.strerror}. Is `factcheck review` already running "
                             f"there? Open {host}:{port} in a browser, or pass --port 0 for a free port.") from None
        self.port = self.server_address[1]
        self.hosts = {f"{HOST}:{self.port}", f"localhost:{self.port}"}
        self.origins = {f"http://{h}" for h in self.hosts}
        self._thread: threading.Thread | None = None

    def process_request(self, request: Any, client_address: Any) -> None:
        self._slots.acquire()  # back-pressure: the accept loop waits for a free worker
        try:
            super().process_request(request, client_address)
        except BaseException:
            self._slots.release()
            raise

    def process_request_thread(self, request: Any, client_address: Any) -> None:
        try:
            super().process_request_thread(request, client_address)
        finally:
            self._slots.release()

    def handle_error(self, request: Any, client_address: Any) -> None:
        """A client that goes away or stalls past the timeout is not the server's error."""
        if not isinstance(sys.exc_info()[1], OSError):
            super().handle_error(request, client_address)

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.port}/"

    def start(self) -> ReviewServer:
        """Serve from a background thread (tests, embedding); ``stop`` ends it."""
        self._thread = threading.Thread(target=self.serve_forever, args=(0.05,), name="factcheck-review",
                                        daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self.shutdown()
        self.server_close()
        if self._thread:
            self._thread.join()
