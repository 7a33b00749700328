"""Load on the review server, on loopback only (issue 21): prints figures, asserts nothing.

    .venv/bin/python bench/review_load.py [--clients 600] [--seconds 40] [--every 5]

Starts `factcheck review --tokens ... --port 0` (the real CLI, in its own process) on the
hand-made report of tests/test_review.py in a temporary folder, then for ``--seconds``:

1. ``--clients`` trickling clients, each sending one byte of a request's headers every
   ``--every`` seconds, spread over 127.0.0.2, 127.0.0.3, ... (fewer than the server's
   per-address cap on each); a client the server closes reconnects at once, so the count
   stays up all the time.
2. A greedy address (127.0.0.250) holding 100 connections at once: how many are refused (503).
3. A reviewer on 127.0.0.1 with a token: a GET /api/flags every 0.5 s and a verdict POST
   every 5 s, each timed; printed: how many, the slowest, how many took over 2 s.
4. The malformed requests of issue 21, sent meanwhile: a lone surrogate in a note, a
   5,000-digit integer, a damaged report (``{"flags":[1]}``): the HTTP status of each.

Every loop is bounded (by ``--seconds`` and the client count) and every socket has a timeout;
the server is stopped at the end, whatever happens.
"""

from __future__ import annotations

import argparse
import asyncio
import http.client
import json
import os
import re
import resource
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from factcheck.review.server import PER_CLIENT  # noqa: E402
from tests.test_review import write_report  # noqa: E402

TOKEN = "bench-token-0123456789abcdef"
HEADER = b"GET /api/flags HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Trickle: " + b"x" * 4000 + b"\r\n\r\n"


async def ask(port: int, method: str, path: str, body: bytes = b"", token: str = TOKEN,
               timeout: float = 30.0) -> tuple[int | str, float, bytes]:
    """One request on a fresh connection from 127.0.0.1: (status or what went wrong, seconds, body)."""
    t = time.monotonic()
    try:
        reader, writer = await asyncio.wait_for(asyncio.open_connection("127.0.0.1", port), timeout)
        head = (f"{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nX-Review-Token: {token}\r\n"
                f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\nConnection: close\r\n\r\n")
        writer.write(head.encode() + body)
        await writer.drain()
        raw = await asyncio.wait_for(reader.read(), timeout)
        writer.close()
    except (TimeoutError, OSError) as e:
        return type(e).__name__, time.monotonic() - t, b""
    m = re.match(rb"HTTP/1\.[01] (\d{3})", raw)
    return (int(m.group(1)) if m else "no answer"), time.monotonic() - t, raw.partition(b"\r\n\r\n")[2]


async def trickler(port: int, source: str, every: float, until: float, stats: Counter[str]) -> None:
    """Sends one header byte every ``every`` s; reconnects when the server closes it."""
    while time.monotonic() < until:
        try:
            reader, writer = await asyncio.wait_for(
                asyncio.open_connection("127.0.0.1", port, local_addr=(source, 0)), 10)
        except (TimeoutError, OSError):
            stats["connect failed"] += 1
            await asyncio.sleep(0.5)
            continue
        stats["connections"] += 1
        stats["open now"] += 1
        stats["open peak"] = max(stats["open peak"], stats["open now"])
        try:
            for byte in HEADER:
                if time.monotonic() >= until:
                    break
                writer.write(bytes([byte]))
                await writer.drain()
                try:
                    answer = await asyncio.wait_for(reader.read(200), every)
                except TimeoutError:
                    continue  # still open: the next byte
                status = re.match(rb"HTTP/1\.[01] (\d{3})", answer)
                stats[f"answered {status.group(1).decode()}" if status else "closed without an answer"] += 1
                break
        except OSError:
            stats["reset"] += 1
        finally:
            stats["open now"] -= 1
            writer.close()


async def greedy(port: int, n: int = 100) -> Counter[str]:
    """``n`` connections at once from one address: how many get 503 straight away."""
    got: Counter[str] = Counter()
    conns = []
    for _ in range(n):
        try:
            reader, writer = await asyncio.wait_for(
                asyncio.open_connection("127.0.0.1", port, local_addr=("127.0.0.250", 0)), 10)
            conns.append((reader, writer))
        except (TimeoutError, OSError):
            got["connect failed"] += 1
    for reader, _ in conns:
        try:
            answer = await asyncio.wait_for(reader.read(200), 0.2)
            got["503" if answer.startswith(b"HTTP/1.1 503") else "other answer"] += 1
        except TimeoutError:
            got["held open"] += 1
    for _, writer in conns:
        writer.close()
    return got


def reviewer(port: int, until: float, quiet: threading.Event) -> tuple[list[float], Counter[str]]:
    """The legitimate reviewer, in its own thread with blocking sockets (so the tricklers' event
    loop does not delay it): a GET every 0.5 s, a POST every 5 s, each on a fresh connection."""
    times: list[float] = []
    statuses: Counter[str] = Counter()
    n = 0
    headers = {"X-Review-Token": TOKEN, "Content-Type": "application/json"}
    while time.monotonic() < until:
        if quiet.is_set():  # the report is damaged on purpose for a moment
            time.sleep(0.05)
            continue
        post = n % 10 == 9
        body = json.dumps({"flag_id": "f000000000001", "verdict": "confirmed", "note": f"load {n}"}).encode()
        t = time.monotonic()
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            conn.request("POST" if post else "GET", "/api/verdicts" if post else "/api/flags",
                         body if post else None, headers)
            status: int | str = conn.getresponse().status
            conn.close()
        except OSError as e:
            status = type(e).__name__
        times.append(time.monotonic() - t)
        statuses[f"{'POST' if post else 'GET'} {status}"] += 1
        n += 1
        time.sleep(0.5)
    return times, statuses


async def malformed(port: int, report: Path, quiet: threading.Event) -> list[str]:
    out = []
    cases = [("lone surrogate in a note",
              b'{"flag_id": "f000000000002", "verdict": "confirmed", "note": "\\ud800"}'),
             ("5,000-digit integer", b'{"flag_id": "f000000000002", "verdict": "confirmed", "n": '
              + b"9" * 5000 + b"}")]
    for name, body in cases:
        status, took, answer = await ask(port, "POST", "/api/verdicts", body)
        out.append(f"{name}: {status} in {took:.2f} s ({answer[:70].decode(errors='replace')})")
    good = report.read_bytes()
    quiet.set()
    await asyncio.sleep(0.6)
    report.write_text(json.dumps({"flags": [1]}), encoding="utf-8")
    status, took, answer = await ask(port, "GET", "/api/flags")
    report.write_bytes(good)
    quiet.clear()
    out.append(f'damaged report {{"flags":[1]}}: {status} in {took:.2f} s ({answer[:70].decode(errors="replace")})')
    return out


async def attack(port: int, report: Path, clients: int, seconds: float, every: float) -> None:
    until = time.monotonic() + seconds
    per_address = max(1, min(PER_CLIENT - 2, 25))
    stats: Counter[str] = Counter()
    tricklers = [asyncio.create_task(trickler(port, f"127.0.0.{2 + i // per_address}", every, until, stats))
                 for i in range(clients)]
    await asyncio.sleep(min(3.0, seconds / 4))  # let them connect
    quiet = threading.Event()
    legit = asyncio.get_running_loop().run_in_executor(None, reviewer, port, until, quiet)
    print(f"{stats['open now']} trickling connections open after 3 s")
    greedy_got = await greedy(port)
    await asyncio.sleep(min(5.0, seconds / 4))
    bad = await malformed(port, report, quiet)
    times, statuses = await legit
    await asyncio.gather(*tricklers)
    slow = sum(t > 2.0 for t in times)
    ranked = sorted(times)
    print(f"{clients} tricklers (one byte every {every:.0f} s, {per_address} per address): "
          f"peak {stats['open peak']} open at once, {stats['connections']} connections over {seconds:.0f} s; "
          + ", ".join(f"{k}: {v}" for k, v in sorted(stats.items()) if k.startswith(("answered", "closed", "reset",
                                                                                    "connect"))))
    print(f"greedy address, 100 connections at once: {dict(greedy_got)} (cap {PER_CLIENT} per address)")
    print(f"reviewer with a token: {len(times)} requests {dict(statuses)}; slowest {max(times):.3f} s, "
          f"median {ranked[len(ranked) // 2]:.3f} s, 95th percentile {ranked[int(len(ranked) * 0.95)]:.3f} s, "
          f"{slow} over 2 s")
    for line in bad:
        print("malformed: " + line)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--clients", type=int, default=600)
    ap.add_argument("--seconds", type=float, default=40.0)
    ap.add_argument("--every", type=float, default=5.0, help="seconds between a trickler's bytes")
    args = ap.parse_args()
    args.clients = max(1, min(args.clients, 5000))
    args.seconds = max(5.0, min(args.seconds, 600.0))
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (min(hard, max(soft, 4 * args.clients + 512)), hard))
    with tempfile.TemporaryDirectory() as tmp:
        report = write_report(Path(tmp))
        tokens = Path(tmp) / "reviewers.txt"
        tokens.write_text(f"bench: {TOKEN}\n", encoding="utf-8")
        log = Path(tmp) / "server.log"
        with open(log, "w") as err:
            server = subprocess.Popen(
                [sys.executable, "-c", "from factcheck.cli import main; main()", "review", "--report", str(report), "--store",
                 str(Path(tmp) / "verdicts.jsonl"), "--tokens", str(tokens), "--port", "0", "--no-browser"],
                stdout=subprocess.PIPE, stderr=err, text=True, cwd=ROOT,
                env={**os.environ, "PYTHONPATH": str(ROOT)})
            try:
                assert server.stdout is not None
                first = server.stdout.readline()
                m = re.search(r":(\d+)/", first)
                if not m:
                    print(f"the server did not start: {first!r} {log.read_text()[-500:]}")
                    return
                port = int(m.group(1))
                print(f"server: {first.strip()}")
                asyncio.run(attack(port, report, args.clients, args.seconds, args.every))
            finally:
                server.send_signal(signal.SIGINT)
                try:
                    server.wait(10)
                except subprocess.TimeoutExpired:
                    server.kill()
        lines = log.read_text(encoding="utf-8", errors="replace").splitlines()
        kinds = Counter(re.sub(r"^\S+ review: \S+ ?", "", line).split(" -> ")[-1][:3] for line in lines)
        tracebacks = sum("Traceback" in line for line in lines)
        print(f"server log: {len(lines)} lines, by answer {dict(kinds.most_common(8))}; tracebacks: {tracebacks}")


if __name__ == "__main__":
    main()
