"""The review page: a local web server over ``report.json`` and the verdict store.

    GET  /               the page (``page.html``), with a fresh CSP nonce
    GET  /api/flags      every flag with both passages, its verdict and whether it is settled
    POST /api/verdicts   {"flag_id", "verdict", "note", "reviewer"} → the saved verdict

Verdicts go through ``VerdictStore``, the same store as ``factcheck verdict``. A flag is
settled when it has a verdict given on its current passages (same fingerprint).

Nobody else in: the server binds 127.0.0.1 only; every request must carry the server's
own ``Host`` (no DNS rebinding); a POST must also carry a matching ``Origin`` when it has
one, ``Content-Type: application/json`` and the per-server token from the page in
``X-Review-Token``. Article text is untrusted: the page puts it in the DOM with
``textContent`` only, and its Content-Security-Policy allows no script but its own.
"""

from __future__ import annotations

import hmac
import html
import json
import secrets
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from factcheck.errors import FactcheckError, StoreError, UsageError
from factcheck.review.verdicts import VERDICTS, Verdict, VerdictStore, default_reviewer, make_verdict

HOST = "127.0.0.1"
MAX_BODY = 64 * 1024
TOKEN_HEADER = "X-Review-Token"


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
    """What the page shows for each flag: both passages, the verdict, settled or not."""
    claims = {c["id"]: c for c in report.get("claims", [])}
    articles = {a["id"]: a for a in report.get("articles", [])}
    return [_flag_view(f, claims, articles, latest.get(f["id"])) for f in report["flags"]]


def _flag_view(flag: dict[str, Any], claims: dict[str, Any], articles: dict[str, Any], verdict: Verdict | None) -> dict[str, Any]:
    stale = verdict is not None and verdict.is_stale(flag.get("fingerprint"))
    return {
        "id": flag["id"], "kind": flag.get("kind", ""), "measure": flag.get("measure", ""),
        "reason": flag.get("reason", ""), "similarity": flag.get("similarity"),
        "verdict": verdict.as_json() if verdict else None,
        "stale": stale, "settled": verdict is not None and not stale,
        "sides": [_side(flag, claims, articles, s) for s in ("a", "b")],
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
                "reviewer": default_reviewer(), "report": str(self.report_path),
                "notes": [str(n) for n in self.store.notes]}

    def save(self, body: Any) -> Verdict:
        """Record one verdict from a POST body; ``UsageError`` when it is not acceptable."""
        flag_id, name, note, reviewer = _verdict_fields(body)
        flag = {f["id"]: f for f in load_report(self.report_path)["flags"]}.get(flag_id)
        if flag is None:
            raise UsageError(f"No flag {flag_id!r} in {self.report_path}.")
        return self.store.add(make_verdict(flag_id, name, note, reviewer, flag.get("fingerprint")))


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
    return flag_id, name, note, reviewer


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
            self._json(500, {"error": str(e)})

    def _get(self) -> None:
        path = urlsplit(self.path).path
        if path == "/":
            nonce = secrets.token_urlsafe(16)
            self._send(200, self.server.app.page(nonce).encode(), "text/html; charset=utf-8", nonce)
        elif path == "/api/flags":
            self._json(200, self.server.app.flags())
        else:
            raise Refusal(404, "Not found.")

    def _post(self) -> None:
        if urlsplit(self.path).path != "/api/verdicts":
            raise Refusal(404, "Not found.")
        self._check_origin()
        self._check_token()
        verdict = self.server.app.save(self._body())
        self._json(201, {"verdict": verdict.as_json(), "notes": [str(n) for n in self.server.app.store.notes]})

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
            return json.loads(self.rfile.read(length))
        except (UnicodeDecodeError, json.JSONDecodeError):
            raise Refusal(400, "The body is not valid JSON.") from None

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
    """The HTTP server, on 127.0.0.1 only. ``port=0`` picks a free port."""

    daemon_threads = True

    def __init__(self, app: ReviewApp, host: str = HOST, port: int = 0) -> None:
        if host != HOST:
            raise UsageError(f"The review server binds {HOST} only (asked for {host!r}): "
                             "it writes verdicts and has no login.")
        self.app = app
        try:
            super().__init__((host, port), _Handler)
        except OSError as e:
            raise UsageError(f"Cannot listen on {host}:{port}: {e.strerror}. Try --port 0.") from None
        self.port = self.server_address[1]
        self.hosts = {f"{HOST}:{self.port}", f"localhost:{self.port}"}
        self.origins = {f"http://{h}" for h in self.hosts}
        self._thread: threading.Thread | None = None

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
