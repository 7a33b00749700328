"""The review page: a web server over ``report.json`` and the verdict store.

    GET  /               the page (``page.html``), with a fresh CSP nonce (and, alone on
                         loopback, the server's token)
    GET  /api/flags      every flag with both passages (one for an inconsistent conversion), its
                         verdict, whether it is settled and whom it is assigned to, by confidence
    GET  /api/version    a short string that changes whenever the report, the store or the
                         assignments change (the page polls it to refresh the list live)
    POST /api/verdicts   {"flag_id", "verdict", "note", "reviewer", "expect"} → the saved verdict
                         {"flag_id", "undo": true, "expect"} → withdraws the flag's latest verdict
    POST /api/assign     {"flag_id", "reviewer"} → assigns the flag ("" takes it back)

``expect`` is the ``at`` of the verdict the page last read on the flag (null for none):
when another reviewer has written since, the write is refused with 409 and the verdict
that counts now, and the page shows it. Verdicts go through ``VerdictStore`` (the
append-only ``verdicts.jsonl``, the same store as ``factcheck verdict``).

Two modes. Alone (no tokens file): the server binds 127.0.0.1 only, answers only to its own
``Host`` (no DNS rebinding), puts one per-server token in the page and wants it back in
``X-Review-Token`` on every ``/api/`` call; a POST with an ``Origin`` must come from the page;
each verdict carries the name typed on the page (a blank name is refused). As a team
(``tokens``, see ``reviewers.py``): every ``/api/`` call needs a reviewer's own token, the
verdict carries that reviewer's name, and the server may listen on another address
(``host``) — put it behind a TLS reverse proxy (README). Article text is untrusted: the page
puts it in the DOM with ``textContent`` only, under a nonce CSP.

Load: uvicorn (asyncio, h11) serves it, so a slow connection costs a few kilobytes, not a
thread. ``limits.LimitedProtocol`` adds what uvicorn lacks: a deadline for the whole request (headers
and body, ``DEADLINE`` s from the connection or the end of the last response, however
slowly the bytes trickle: 408), at most ``PER_CLIENT`` connections from one address (503)
and ``MAX_CONNECTIONS`` in all (uvicorn's ``limit_concurrency``: 503). Every refused
request is answered (400, 401, 403, 404, 405, 408, 409, 413, 415, 422, 503) and logged in
one line on the ``factcheck.review`` logger; nothing reaches a traceback.
"""

from __future__ import annotations

import html
import json
import logging
import secrets
import socket
import sys
import threading
import unicodedata
from collections.abc import Awaitable, Callable
from importlib import resources
from pathlib import Path
from typing import Any

import uvicorn
from starlette.concurrency import run_in_threadpool
from starlette.requests import ClientDisconnect, Request
from starlette.responses import JSONResponse, Response
from starlette.types import Receive, Scope, Send

from factcheck.errors import FactcheckError, UsageError
from factcheck.records import Verdict
from factcheck.review.limits import (
    DEADLINE,
    MAX_BODY,
    MAX_CONNECTIONS,
    MAX_DEPTH,
    PER_CLIENT,
    depth,
    has_surrogate,
    log_line,
    protocol_class,
)
from factcheck.review.reviewers import Assignments, reviewer_for
from factcheck.review.verdicts import ANY, VERDICTS, WITHDRAWN, Conflict, VerdictStore, make_verdict, now
from factcheck.review.views import flag_views, load_report

HOST = "127.0.0.1"
REVIEW_PORT = 8765  # `factcheck review`'s default port: report.html links to flags there
TOKEN_HEADER = "X-Review-Token"
MAX_NAME = 80

log = logging.getLogger("factcheck.review")



class Refusal(Exception):
    """A request the server will not serve: answered with ``status`` and ``message``."""

    def __init__(self, status: int, message: str, **extra: Any) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.extra = extra


class ReviewApp:
    """The server's state and logic, free of sockets (tests call it directly)."""

    def __init__(self, report_path: str | Path, store: VerdictStore, tokens: dict[str, str] | None = None) -> None:
        self.report_path = Path(report_path)
        self.store = store
        self.tokens = tokens  # {token: reviewer}; None: one reviewer on loopback
        self.token = secrets.token_urlsafe(32)  # the page's token when alone
        self.assignments = Assignments(self.store.path.with_name("assignments.jsonl"))
        load_report(self.report_path, sides=True)  # fail now, not on the first request

    @property
    def team(self) -> bool:
        return self.tokens is not None

    def page(self, nonce: str) -> str:
        template = resources.files("factcheck.review").joinpath("page.html").read_text(encoding="utf-8")
        return (template.replace("{{NONCE}}", html.escape(nonce))
                .replace("{{TOKEN}}", "" if self.team else html.escape(self.token)))

    def reviewer(self, token: str) -> str | None:
        """Who ``token`` belongs to: a reviewer's name, "" for the page's own token when
        alone, None for nobody."""
        if self.tokens is not None:
            return reviewer_for(self.tokens, token)
        return "" if secrets.compare_digest(token.encode("utf-8", "replace"), self.token.encode()) else None

    def flags(self, me: str = "") -> dict[str, Any]:
        report = load_report(self.report_path, sides=True)
        latest = self.store.latest()
        names = (sorted(set(self.tokens.values())) if self.tokens is not None
                 else sorted({v.reviewer for v in latest.values() if v.reviewer}))
        return {"flags": flag_views(report, latest, self.assignments.current()), "verdicts": list(VERDICTS),
                "report": self.report_path.name, "notes": self.notes(), "version": self.version(),
                "team": self.team, "me": me or None, "reviewers": names}

    def version(self) -> str:
        """Changes whenever the report, the verdicts or the assignments change."""
        parts = []
        for path in (self.report_path, self.store.path, self.assignments.path):
            try:
                st = path.stat()
                parts.append(f"{st.st_mtime_ns:x}.{st.st_size:x}")
            except OSError:
                parts.append("-")
        return "-".join(parts)

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

    def save(self, body: Any, me: str = "") -> Verdict:
        """Record one verdict from a POST body; ``UsageError`` when it is not acceptable,
        ``Refusal(409)`` when the flag changed since the page read it."""
        flag_id, name, note, reviewer = _verdict_fields(body)
        if self.team:
            reviewer = me  # the token says who writes, whatever the page sends
        elif reviewer is None:
            raise UsageError("Type your name in the Reviewer box: a verdict needs a reviewer.")
        flag = self._flag(flag_id)
        verdict = make_verdict(flag_id, name, note, reviewer, flag.get("fingerprint"))
        try:
            return self.store.add(verdict, expect=_expect(body))
        except Conflict as c:
            raise _conflict(c) from None

    def undo(self, body: Any, me: str = "") -> dict[str, Any]:
        """Withdraw the latest verdict on the flag a POST body names; the flag's view after it."""
        if not isinstance(body, dict) or not isinstance(body.get("flag_id"), str):
            raise UsageError("Expected a JSON object with flag_id.")
        flag = self._flag(body["flag_id"])
        current = self.store.latest().get(flag["id"])
        if current is None:
            raise UsageError(f"Flag {flag['id']} has no verdict to undo.")
        reviewer = body.get("reviewer")
        reviewer = me if self.team else clean_name(reviewer) if isinstance(reviewer, str) else ""
        if not reviewer:
            raise UsageError("Type your name in the Reviewer box: an undo needs a reviewer.")
        withdrawn = Verdict(flag["id"], WITHDRAWN, f"undo of {current.verdict} at {current.at}", reviewer, now(),
                            flag.get("fingerprint") or None)
        expect = _expect(body)
        try:
            self.store.add(withdrawn, expect=current.at if expect is ANY else expect)
        except Conflict as c:
            raise _conflict(c) from None
        after = self.store.latest().get(flag["id"])
        stale = after is not None and after.is_stale(flag.get("fingerprint"))
        return {"verdict": after.as_json() if after else None, "settled": after is not None and not stale,
                "stale": stale, "notes": self.notes()}

    def assign(self, body: Any, me: str = "") -> dict[str, Any]:
        """Assign the flag a POST body names to ``reviewer`` ("" to nobody)."""
        if not isinstance(body, dict) or not isinstance(body.get("flag_id"), str) \
                or not isinstance(body.get("reviewer"), str):
            raise UsageError("Expected a JSON object with flag_id and reviewer (text, \"\" for nobody).")
        flag = self._flag(body["flag_id"])
        reviewer = clean_name(body["reviewer"])
        if self.tokens is not None and reviewer and reviewer not in self.tokens.values():
            raise UsageError(f"No reviewer {reviewer!r} in the tokens file.")
        self.assignments.assign(flag["id"], reviewer, me or reviewer or "-")
        return {"flag_id": flag["id"], "assigned": reviewer or None}

    def _flag(self, flag_id: str) -> dict[str, Any]:
        flags = load_report(self.report_path, sides=True)["flags"]
        flag: dict[str, Any] | None = {f["id"]: f for f in flags}.get(flag_id)
        if flag is None:
            raise UsageError(f"No flag {flag_id!r} in {self.report_path.name}.")
        return flag


def _expect(body: dict[str, Any]) -> object:
    """The ``at`` the page last read (None: no verdict), or ``ANY`` when it sent none."""
    if "expect" not in body:
        return ANY
    expect = body["expect"]
    if expect is not None and not isinstance(expect, str):
        raise UsageError("expect must be the 'at' of the verdict the page read, or null.")
    return expect


def _conflict(c: Conflict) -> Refusal:
    return Refusal(409, str(c), verdict=c.current.as_json() if c.current else None)


def _verdict_fields(body: Any) -> tuple[str, str, str, str | None]:
    """(flag_id, verdict, note, reviewer) from a POST body."""
    if not isinstance(body, dict):
        raise UsageError("Expected a JSON object with flag_id and verdict.")
    flag_id, name = body.get("flag_id"), body.get("verdict")
    note, reviewer = body.get("note") or "", body.get("reviewer") or None
    if isinstance(reviewer, str) and not reviewer.strip():
        reviewer = None  # blank: refused by the caller, never replaced by the login name
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



class _Web:
    """The ASGI application: routing, checks and answers (one JSON error for every refusal)."""

    def __init__(self, app: ReviewApp, server: ReviewServer) -> None:
        self.app = app
        self.server = server
        self.routes: dict[tuple[str, str], Callable[[Request], Awaitable[Response]]] = {
            ("GET", "/"): self.page, ("GET", "/api/flags"): self.flags, ("GET", "/api/version"): self.version,
            ("POST", "/api/verdicts"): self.verdicts, ("POST", "/api/assign"): self.assign,
        }

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return  # lifespan: nothing to set up
        request = Request(scope, receive)
        try:
            response = await self.route(request)
        except Refusal as r:
            response = self.refuse(request, r.status, r.message, **r.extra)
        except UsageError as e:
            response = self.refuse(request, 400, self.app.public(str(e)))
        except FactcheckError as e:
            response = self.refuse(request, 500, self.app.public(str(e)))
        except ClientDisconnect:
            log.info("%s %s %s: the client went away", _client(request), request.method, log_line(request.url.path))
            return
        except Exception as e:  # a bug: still an answer and one line, not a traceback
            response = self.refuse(request, 500, f"Internal error ({type(e).__name__}); the server log has it.")
            log.error("%s: %s", type(e).__name__, log_line(str(e)))
        response.headers["Connection"] = "close" if response.status_code >= 400 else "keep-alive"
        await response(scope, receive, send)

    def refuse(self, request: Request, status: int, message: str, **extra: Any) -> Response:
        log.warning("%s %s %s -> %d %s", _client(request), request.method, log_line(request.url.path), status,
                    log_line(message))
        return JSONResponse({"error": message, **extra}, status_code=status, headers=_HEADERS)

    async def route(self, request: Request) -> Response:
        self.check_host(request)
        handler = self.routes.get((request.method, request.url.path))
        if handler is None:
            if any(path == request.url.path for _, path in self.routes):
                raise Refusal(405, f"{request.method} is not allowed here.")
            raise Refusal(404, "Not found.")
        return await handler(request)

    def check_host(self, request: Request) -> None:
        if not self.app.team and request.headers.get("host") not in self.server.hosts:
            raise Refusal(403, "Wrong Host header: this server answers only to its own loopback address.")

    def check_origin(self, request: Request) -> None:
        origin = request.headers.get("origin")
        if origin is None:
            return
        allowed = ({f"{request.url.scheme}://{request.headers.get('host')}", f"https://{request.headers.get('host')}"}
                   if self.app.team else self.server.origins)
        if origin not in allowed:
            raise Refusal(403, "Requests from other origins may not write verdicts.")

    def who(self, request: Request) -> str:
        """The reviewer the request's token names ("" alone on loopback); 401/403 without one."""
        me = self.app.reviewer(request.headers.get(TOKEN_HEADER, ""))
        if me is None:
            if self.app.team:
                raise Refusal(401, f"Sign in with your reviewer token (missing or unknown {TOKEN_HEADER}).")
            raise Refusal(403, f"Missing or wrong {TOKEN_HEADER}: reload the review page.")
        return me

    async def page(self, request: Request) -> Response:
        nonce = secrets.token_urlsafe(16)
        csp = (f"default-src 'none'; script-src 'nonce-{nonce}'; style-src 'nonce-{nonce}'; "
               "connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; "
               "frame-ancestors 'none'")
        return Response(self.app.page(nonce), media_type="text/html; charset=utf-8",
                        headers={**_HEADERS, "Content-Security-Policy": csp, "Cache-Control": "no-store"})

    async def flags(self, request: Request) -> Response:
        me = self.who(request)
        return JSONResponse(await run_in_threadpool(self.app.flags, me), headers=_HEADERS)

    async def version(self, request: Request) -> Response:
        self.who(request)
        return JSONResponse({"version": self.app.version()}, headers=_HEADERS)

    async def verdicts(self, request: Request) -> Response:
        self.check_origin(request)
        me = self.who(request)
        body = await self.body(request)
        if isinstance(body, dict) and body.get("undo") is True:
            return JSONResponse(await run_in_threadpool(self.app.undo, body, me), headers=_HEADERS)
        verdict = await run_in_threadpool(self.app.save, body, me)
        return JSONResponse({"verdict": verdict.as_json(), "notes": self.app.notes()}, status_code=201,
                            headers=_HEADERS)

    async def assign(self, request: Request) -> Response:
        self.check_origin(request)
        me = self.who(request)
        body = await self.body(request)
        return JSONResponse(await run_in_threadpool(self.app.assign, body, me), headers=_HEADERS)

    async def body(self, request: Request) -> Any:
        ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
        if ctype != "application/json":
            raise Refusal(415, "Send the body as Content-Type: application/json.")
        declared = request.headers.get("content-length")
        if declared is not None:
            if not declared.isdigit() or len(declared) > 12:
                raise Refusal(400, "Bad Content-Length.")
            if int(declared) > MAX_BODY:
                raise Refusal(413, f"Body must be 1 to {MAX_BODY} bytes.")
        raw = bytearray()
        async for chunk in request.stream():
            raw += chunk
            if len(raw) > MAX_BODY:
                raise Refusal(413, f"Body must be 1 to {MAX_BODY} bytes.")
        if not raw:
            raise Refusal(400, f"Body must be 1 to {MAX_BODY} bytes.")
        try:
            data = json.loads(bytes(raw))
        except RecursionError:
            raise Refusal(400, f"The body is nested too deeply (at most {MAX_DEPTH} levels).") from None
        except UnicodeDecodeError:
            raise Refusal(400, "The body is not valid JSON (not UTF-8).") from None
        except ValueError as e:  # bad JSON, or an integer past Python's 4,300-digit limit
            raise Refusal(400, f"The body is not valid JSON: {log_line(str(e))[:120]}") from None
        if depth(data, MAX_DEPTH) > MAX_DEPTH:
            raise Refusal(400, f"The body is nested too deeply (at most {MAX_DEPTH} levels).")
        if has_surrogate(data):
            raise Refusal(422, "The body holds text that is not valid Unicode (a lone surrogate such as \\ud800).")
        return data


_HEADERS = {"X-Content-Type-Options": "nosniff", "Referrer-Policy": "no-referrer", "Cache-Control": "no-store"}


def _client(request: Request) -> str:
    return request.client.host if request.client else "?"


def _is_loopback(host: str) -> bool:
    return host in ("127.0.0.1", "::1", "localhost") or host.startswith("127.")


class ReviewServer:
    """The review app served by uvicorn on ``host:port`` (port 0: a free one).

    Alone (the app has no tokens) it binds 127.0.0.1 only; another ``host`` needs tokens."""

    def __init__(self, app: ReviewApp, host: str = HOST, port: int = 0, deadline: float = DEADLINE,
                 per_client: int = PER_CLIENT, max_connections: int = MAX_CONNECTIONS) -> None:
        if host != HOST and not app.team:
            raise UsageError(f"The review server binds {HOST} only (asked for {host!r}) unless reviewers sign in: "
                             "pass --tokens FILE with --host (README, Reviewing flags).")
        self.app = app
        self.host = host
        family = socket.AF_INET6 if ":" in host else socket.AF_INET
        self.sock = socket.socket(family, socket.SOCK_STREAM)
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            self.sock.bind((host, port))
            self.sock.listen(1024)
        except OSError as e:
            self.sock.close()
            raise UsageError(f"Cannot listen on {host}:{port}: {e.strerror}. Is `factcheck review` already running "
                             f"there? Open {host}:{port} in a browser, or pass --port 0 for a free port.") from None
        self.sock.setblocking(False)
        self.server_address = self.sock.getsockname()[:2]
        self.port: int = self.server_address[1]
        self.hosts = {f"{HOST}:{self.port}", f"localhost:{self.port}"}
        self.origins = {f"http://{h}" for h in self.hosts}
        config = uvicorn.Config(_Web(app, self), http=protocol_class(deadline, per_client), lifespan="off",
                                limit_concurrency=max_connections, timeout_keep_alive=5, access_log=False,
                                log_config=None, server_header=False, date_header=False,
                                h11_max_incomplete_event_size=16 * 1024)
        self.uvicorn = uvicorn.Server(config)
        self._thread: threading.Thread | None = None
        _log_to_stderr()

    @property
    def url(self) -> str:
        shown = "127.0.0.1" if self.host in ("0.0.0.0", "::") or _is_loopback(self.host) else self.host
        return f"http://{f'[{shown}]' if ':' in shown else shown}:{self.port}/"

    def serve_forever(self) -> None:
        """Serve until Ctrl-C (the CLI)."""
        self.uvicorn.run(sockets=[self.sock])
        if self.uvicorn.should_exit and threading.current_thread() is threading.main_thread():
            raise KeyboardInterrupt

    def start(self) -> ReviewServer:
        """Serve from a background thread (tests, benches); ``stop`` ends it."""
        self._thread = threading.Thread(target=self.uvicorn.run, kwargs={"sockets": [self.sock]},
                                        name="factcheck-review", daemon=True)
        self._thread.start()
        while not self.uvicorn.started and self._thread.is_alive():
            threading.Event().wait(0.01)
        return self

    def stop(self) -> None:
        self.uvicorn.should_exit = True
        if self._thread:
            self._thread.join(timeout=10)
        self.server_close()

    def server_close(self) -> None:
        self.sock.close()


def _log_to_stderr() -> None:
    """One line per refused request on stderr, unless the embedding program set up logging."""
    for name in ("factcheck.review", "uvicorn.error"):
        logger = logging.getLogger(name)
        if not logger.handlers and not logging.getLogger().handlers:
            handler = logging.StreamHandler(sys.stderr)
            handler.setFormatter(logging.Formatter("%(asctime)s review: %(message)s", "%H:%M:%S"))
            logger.addHandler(handler)
            logger.setLevel(logging.INFO if name == "factcheck.review" else logging.WARNING)
            logger.propagate = False
