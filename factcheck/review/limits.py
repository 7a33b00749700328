"""The review server's limits: request bodies (size, depth, valid Unicode) and connections (a deadline
for the whole request, a cap per client address), answered with a status, never a traceback.

``LimitedProtocol`` adds what uvicorn lacks: a deadline for the whole request (headers and body,
``DEADLINE`` s from the connection or the end of the last response, however slowly the bytes trickle:
408) and at most ``PER_CLIENT`` connections from one address (503); ``MAX_CONNECTIONS`` in all is
uvicorn's ``limit_concurrency`` (503)."""

from __future__ import annotations

import asyncio
import json
import logging
from typing import Any

import h11
from uvicorn.protocols.http.h11_impl import H11Protocol

MAX_BODY = 64 * 1024
MAX_DEPTH = 20  # a verdict is a flat object; anything nested deeper is refused
DEADLINE = 10.0  # seconds for a whole request (headers and body), however slowly it trickles
PER_CLIENT = 32  # connections at once from one client address
MAX_CONNECTIONS = 2048  # connections at once in all (uvicorn's limit_concurrency)

log = logging.getLogger("factcheck.review")


def depth(data: Any, limit: int) -> int:
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


def has_surrogate(data: Any) -> bool:
    """Whether any text in parsed JSON holds a lone surrogate (``"\\ud800"``): not storable as UTF-8."""
    stack = [data]
    while stack:
        node = stack.pop()
        if isinstance(node, str):
            try:
                node.encode("utf-8")
            except UnicodeEncodeError:
                return True
        elif isinstance(node, dict):
            stack.extend(node.keys())
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)
    return False


def log_line(text: str) -> str:
    """One log line: no newline or control character from a client gets through."""
    return "".join(ch if ch.isprintable() else "?" for ch in text)[:300]


def raw_response(status: int, reason: str, message: str) -> bytes:
    body = json.dumps({"error": message}).encode()
    return (f"HTTP/1.1 {status} {reason}\r\ncontent-type: application/json\r\ncontent-length: {len(body)}\r\n"
            "connection: close\r\n\r\n").encode() + body


class LimitedProtocol(H11Protocol):
    """uvicorn's h11 protocol with a deadline for the whole request and a cap per client address.

    ``deadline`` runs from the connection (and again from the end of each response on a
    kept-alive one); if the request's headers and body have not all arrived by then, the
    client gets 408 and the connection is closed, however slowly the bytes came."""

    deadline = DEADLINE
    per_client = PER_CLIENT
    _timer: asyncio.TimerHandle | None = None
    _refused = False

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        super().connection_made(transport)  # type: ignore[arg-type]
        host = self.client[0] if self.client else None
        if host is not None and sum(1 for p in self.connections
                                    if isinstance(p, LimitedProtocol) and p.client and p.client[0] == host) > self.per_client:
            log.warning("%s: more than %d connections from this address -> 503", host, self.per_client)
            self._refused = True
            self.transport.write(raw_response(503, "Service Unavailable",
                                               f"More than {self.per_client} connections from your address."))
            if self.transport.can_write_eof():
                self.transport.write_eof()
            # read and drop what the client sends for a moment, so closing does not reset the 503 away
            asyncio.get_running_loop().call_later(1.0, self.transport.close)
            return
        self._arm()

    def data_received(self, data: bytes) -> None:
        if not self._refused:
            super().data_received(data)

    def _arm(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
        self._timer = asyncio.get_running_loop().call_later(self.deadline, self._expire)

    def _expire(self) -> None:
        self._timer = None
        if self.transport.is_closing() or self.conn.their_state in (h11.DONE, h11.MUST_CLOSE, h11.CLOSED):
            return  # the request is all in: the response may take its time
        started = self.cycle is not None and self.cycle.response_started
        client = self.client[0] if self.client else "?"
        log.warning("%s: request not complete within %.0f s (headers and body) -> 408", client, self.deadline)
        if not started and self.conn.our_state in (h11.IDLE, h11.SEND_RESPONSE):
            self.transport.write(raw_response(408, "Request Timeout",
                                               f"The request did not arrive within {self.deadline:.0f} s."))
        self.transport.close()

    def on_response_complete(self) -> None:
        super().on_response_complete()
        if not self.transport.is_closing():
            self._arm()  # the next request on a kept-alive connection gets its own deadline

    def connection_lost(self, exc: Exception | None) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
        super().connection_lost(exc)


def protocol_class(deadline: float, per_client: int) -> type[LimitedProtocol]:
    return type("ReviewProtocol", (LimitedProtocol,), {"deadline": deadline, "per_client": per_client})
