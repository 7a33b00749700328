"""Load on the review server, on 127.0.0.1 only (issue 12): prints figures, asserts nothing.

    .venv/bin/python bench/review_load.py

1. 1,000 GET /api/flags, 200 at a time: how many were answered, and with which status.
2. 350 stalled connections (headers never finished), then a GET: whether the GET is
   served meanwhile, and how long until the server closed every stalled one.
3. 200 concurrent verdict POSTs: how many were acknowledged (201) or refused with a
   status, and how many were reset or got no answer.

Uses the hand-made report of tests/test_review.py in a temporary folder; every loop is
bounded and every socket has a client timeout.
"""

from __future__ import annotations

import http.client
import json
import socket
import sys
import tempfile
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from factcheck.review.server import TIMEOUT, ReviewApp, ReviewServer
from factcheck.review.verdicts import VerdictStore
from tests.test_review import write_report


def request(port: int, method: str, path: str, body: bytes | None, headers: dict[str, str]) -> str:
    try:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        conn.request(method, path, body, headers)
        status = conn.getresponse().status
        conn.close()
        return str(status)
    except ConnectionResetError:
        return "reset"
    except TimeoutError:
        return "timeout"
    except OSError as e:
        return type(e).__name__


def gets(srv: ReviewServer, n: int = 1000, at_once: int = 200) -> Counter[str]:
    headers = {"X-Review-Token": srv.app.token}
    with ThreadPoolExecutor(at_once) as pool:
        return Counter(pool.map(lambda _: request(srv.port, "GET", "/api/flags", None, headers), range(n)))


def stalled(srv: ReviewServer, n: int = 350) -> tuple[int, float, str, float]:
    socks = []
    for _ in range(n):
        s = socket.create_connection(("127.0.0.1", srv.port), timeout=60)
        s.sendall(b"GET /api/flags HTTP/1.1\r\nHost: 127.0.0.1")  # never finished
        socks.append(s)
    t0 = time.monotonic()
    meanwhile = request(srv.port, "GET", "/api/flags", None, {"X-Review-Token": srv.app.token})
    served_in = time.monotonic() - t0
    closed, last = 0, 0.0
    for s in socks:
        try:
            if s.recv(1) == b"":
                closed += 1
                last = time.monotonic() - t0
        except TimeoutError:
            pass
        s.close()
    return closed, last, meanwhile, served_in


def posts(srv: ReviewServer, n: int = 200) -> Counter[str]:
    headers = {"Content-Type": "application/json", "X-Review-Token": srv.app.token}
    flags = ["f000000000001", "f000000000002", "f000000000003"]

    def one(i: int) -> str:
        body = json.dumps({"flag_id": flags[i % 3], "verdict": "confirmed", "reviewer": f"r{i}"}).encode()
        return request(srv.port, "POST", "/api/verdicts", body, headers)

    with ThreadPoolExecutor(n) as pool:
        return Counter(pool.map(one, range(n)))


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        store = VerdictStore(Path(tmp) / "verdicts.jsonl")
        srv = ReviewServer(ReviewApp(write_report(Path(tmp)), store)).start()
        try:
            t = time.monotonic()
            got = gets(srv)
            print(f"1,000 GETs, 200 at a time: {dict(got)} in {time.monotonic() - t:.1f} s")
            closed, last, meanwhile, served_in = stalled(srv)
            print(f"350 stalled connections: a GET meanwhile got {meanwhile} in {served_in:.2f} s; "
                  f"{closed}/350 closed by the server, the last {last:.1f} s after (timeout {TIMEOUT:.0f} s)")
            t = time.monotonic()
            got = posts(srv)
            print(f"200 concurrent POSTs: {dict(got)} in {time.monotonic() - t:.1f} s; "
                  f"{len(store.history())} verdicts in the store")
        finally:
            srv.stop()


if __name__ == "__main__":
    main()
