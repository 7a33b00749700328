"""Reviewers' verdicts on flags: an append-only JSON Lines file, one verdict a line.

The store (``claims/verdicts.jsonl`` by default) is meant to be committed beside the
claim base and read in diffs::

    {"flag_id": "f3a9c1e0b2d4", "verdict": "confirmed", "note": "AP has 4.5bn", "reviewer": "ana",
     "at": "2025-11-23T09:30:12.345Z", "fingerprint": "9c0d1e2f3a4b5c6d"}

(shown on two lines here; in the file each record is exactly one line)

Nothing is ever rewritten: a change of mind is a new line, so the file is the audit
trail. The latest verdict per flag wins: the latest ``at``, and for equal times the
later line. ``fingerprint`` is the flag's passage hash when the verdict was given; when
the flag's current fingerprint differs, the passages changed since (``is_stale``).

Safety: each append holds the store's lock (``<store>.lock``, through ``filelock``: the
same on Linux, macOS and Windows), reads and checks the whole store, and writes the line
in one ``os.write`` on an ``O_APPEND`` descriptor, then ``fsync``; so concurrent writers
(threads or processes) never interleave, and a process killed mid-save leaves either its
whole line or none. A torn last line (no newline and not JSON: a crash during a
non-atomic write, a full disk) is skipped and reported as a ``Note``; the next append
moves it to ``<store>.torn`` before writing, so it never ends up in the middle of the
file. Any other invalid line, the last one included (valid JSON with an unknown verdict,
say), is a ``StoreError`` naming the file and line, and ``add`` refuses to append to a
store that cannot be read: a reviewer fixes the line first, and nothing is moved.
"""

from __future__ import annotations

import getpass
import json
import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from filelock import FileLock, Timeout

from factcheck.errors import StoreError, UsageError
from factcheck.files import read_regular
from factcheck.records import Note, Verdict

VERDICTS = ("confirmed", "not_a_conflict", "changed_over_time", "extraction_error", "corrected")
WITHDRAWN = "withdrawn"  # a record that takes back the verdict before it (the review page's undo)
DEFAULT_STORE = Path("claims/verdicts.jsonl")
_FLAG_ID = re.compile(r"[A-Za-z0-9_.:-]{1,128}")
LOCK_TIMEOUT = 60.0  # seconds a save waits for another one


class TornLine(ValueError):
    """A line that is not JSON at all: what a cut-short write leaves."""


class Conflict(Exception):
    """``add(expect=...)`` found another verdict on the flag than the one the writer read:
    ``current`` is the verdict that counts now (None when the flag has none)."""

    def __init__(self, flag_id: str, current: Verdict | None) -> None:
        who = f"{current.verdict} by {current.reviewer} at {current.at}" if current else "no verdict"
        super().__init__(f"Flag {flag_id} changed since you read it: it now has {who}.")
        self.current = current


ANY = object()  # ``add``'s default ``expect``: append whatever the flag holds


def check_verdict(name: str) -> str:
    """The verdict name, or a ``UsageError`` listing the valid ones."""
    if name not in VERDICTS:
        raise UsageError(f"Unknown verdict {name!r}. Valid verdicts: {', '.join(VERDICTS)}.")
    return name


def default_reviewer() -> str:
    """``$FACTCHECK_REVIEWER``, else the login name."""
    name = os.environ.get("FACTCHECK_REVIEWER", "").strip()
    if name and not _utf8(name):
        raise UsageError("FACTCHECK_REVIEWER: the name holds bytes that are not UTF-8 — set it as UTF-8 text, "
                         "or pass --reviewer")
    if name:
        return name
    try:
        return getpass.getuser()
    except (OSError, KeyError):
        return "unknown"


def _utf8(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def make_verdict(flag_id: str, verdict: str, note: str = "", reviewer: str | None = None,
                 fingerprint: str | None = None, at: str | None = None) -> Verdict:
    """A checked ``Verdict``; ``UsageError`` says what is wrong with the arguments."""
    if not _FLAG_ID.fullmatch(flag_id or ""):
        raise UsageError(f"Invalid flag id {flag_id!r}: expected letters, digits, '_', '.', ':' or '-'.")
    reviewer = " ".join((reviewer if reviewer is not None else default_reviewer()).split())
    if not reviewer:
        raise UsageError("The reviewer's name is empty. Pass --reviewer or set FACTCHECK_REVIEWER.")
    for name, text in (("note", note), ("reviewer", reviewer)):
        try:
            text.encode("utf-8")
        except UnicodeEncodeError:
            raise UsageError(f"The {name} is not valid Unicode text (it holds a lone surrogate such as "
                             "\\ud800).") from None
    return Verdict(flag_id, check_verdict(verdict), note.strip(), reviewer, at or now(), fingerprint or None)


def parse_line(line: bytes) -> Verdict:
    """One stored line as a ``Verdict``; ``ValueError`` says why it is not one."""
    try:
        data = json.loads(line)
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as e:
        raise TornLine(f"not a JSON object ({e})") from None
    if not isinstance(data, dict):
        raise ValueError("not a JSON object")
    missing = [k for k in ("flag_id", "verdict", "at") if not isinstance(data.get(k), str)]
    if missing:
        raise ValueError(f"missing or non-text field(s): {', '.join(missing)}")
    if data["verdict"] not in (*VERDICTS, WITHDRAWN):
        raise ValueError(f"unknown verdict {data['verdict']!r} (valid: {', '.join(VERDICTS)})")
    v = Verdict(data["flag_id"], data["verdict"], str(data.get("note") or ""),
                str(data.get("reviewer") or ""), data["at"], data.get("fingerprint") or None)
    _check_time(v)
    return v


def _check_time(v: Verdict) -> None:
    try:
        when = v.when()
    except ValueError:
        raise ValueError(f"'at' is not an ISO 8601 time: {v.at!r}") from None
    if when.tzinfo is None:
        raise ValueError(f"'at' has no time zone: {v.at!r}")


def encode(v: Verdict) -> bytes:
    """One record as one line: compact, key order fixed, readable in a diff."""
    return (json.dumps(v.as_json(), ensure_ascii=False) + "\n").encode("utf-8")


class VerdictStore:
    """The verdicts file. Reads never change it; ``add`` appends one line.

    ``notes`` holds what the last read or write recovered from (a torn last line).
    """

    def __init__(self, path: str | Path = DEFAULT_STORE) -> None:
        self.path = Path(path)
        self.notes: list[Note] = []

    def __repr__(self) -> str:
        return f"VerdictStore({str(self.path)!r})"

    # -- reading

    def history(self, flag_id: str | None = None) -> list[Verdict]:
        """Every verdict in file order (the audit trail), optionally for one flag."""
        found = self._read()
        return [v for v in found if flag_id is None or v.flag_id == flag_id]

    def latest(self) -> dict[str, Verdict]:
        """The verdict that counts for each flag: latest ``at``, then latest line. A flag
        whose latest record is ``withdrawn`` counts as the verdict before that one."""
        return latest_of(self._read())

    def _read(self) -> list[Verdict]:
        verdicts, self.notes = self._parse(self._read_bytes())
        return verdicts

    def _read_bytes(self) -> bytes:
        if not self.path.exists():
            return b""  # nothing to read: create neither the folder nor a lock file
        try:
            with self._lock():
                return read_regular(self.path)  # a FIFO or a device here is refused, never waited on
        except FileNotFoundError:
            return b""
        except OSError as e:
            raise StoreError(f"{self.path}: cannot read the verdict store: {e.strerror} — check the path "
                             "and its permissions") from None

    def _parse(self, data: bytes) -> tuple[list[Verdict], list[Note]]:
        lines = data.split(b"\n")
        tail = lines.pop()  # b"" when the file ends with a newline
        out = [self._parse_at(line, n) for n, line in enumerate(lines, 1) if line.strip()]
        if not tail.strip():
            return out, []
        try:
            return [*out, parse_line(tail)], []
        except TornLine as e:
            return out, [Note(str(self.path), len(lines) + 1, f"torn last line skipped ({e}); "
                              f"the next save moves it to {self.path.name}.torn")]
        except ValueError:
            return [*out, self._parse_at(tail, len(lines) + 1)], []

    def _parse_at(self, line: bytes, n: int) -> Verdict:
        try:
            return parse_line(line)
        except ValueError as e:
            raise StoreError(f"{self.path}:{n}: invalid verdict record: {e}. "
                             "Fix or delete that line (the store is plain JSON Lines).") from None

    # -- writing

    def add(self, verdict: Verdict, expect: object = ANY) -> Verdict:
        """Append one verdict durably. Safe across threads and processes.

        With ``expect`` (the ``at`` of the verdict the writer last saw on the flag, None for
        none), the append happens only if that is still the verdict that counts, checked under
        the lock; otherwise ``Conflict`` carries the one that counts now and nothing is written.
        ``StoreError`` if the store holds an invalid line: nothing is appended then."""
        try:
            with self._lock():
                found, _ = self._parse(self._bytes_or_empty())  # refuse a store `verdicts` cannot read
                if expect is not ANY:
                    current = latest_of(found).get(verdict.flag_id)
                    if (current.at if current else None) != expect:
                        raise Conflict(verdict.flag_id, current)
                fd = self._open_for_append()
                try:
                    prefix, self.notes = self._repair_tail(fd)
                    data = prefix + encode(verdict)
                    written = os.write(fd, data)  # one write: a killed process leaves all or nothing
                    os.fsync(fd)
                finally:
                    os.close(fd)
        except OSError as e:
            raise StoreError(f"{self.path}: cannot write the verdict store: {e.strerror} — check the path, "
                             "its permissions and free space") from None
        if written != len(data):
            raise StoreError(f"{self.path}: only {written} of {len(data)} bytes written (disk full?). "
                             "The verdict was not saved; the next save sets the torn line aside.")
        return verdict

    def _open_for_append(self) -> int:
        """The store opened for appending; created only where no link points elsewhere (O_EXCL
        never follows one): a dangling link is refused, not followed to make its target."""
        try:
            return os.open(self.path, os.O_RDWR | os.O_APPEND)
        except FileNotFoundError:
            if os.path.islink(self.path):
                raise StoreError(f"{self.path}: a link to {os.readlink(self.path)}, which does not exist — "
                                 "point --store at the verdict store itself") from None
            return os.open(self.path, os.O_RDWR | os.O_APPEND | os.O_CREAT | os.O_EXCL, 0o644)

    def _bytes_or_empty(self) -> bytes:
        try:
            return read_regular(self.path)
        except FileNotFoundError:
            return b""

    def record(self, flag_id: str, verdict: str, note: str = "", reviewer: str | None = None,
               fingerprint: str | None = None) -> Verdict:
        """Check and append one verdict given now."""
        return self.add(make_verdict(flag_id, verdict, note, reviewer, fingerprint))

    @contextmanager
    def _lock(self) -> Iterator[None]:
        """The store's lock file, ``<store>.lock``; reads of a store in a read-only folder go unlocked."""
        lock = FileLock(self.path.with_name(self.path.name + ".lock"), timeout=LOCK_TIMEOUT)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            lock.acquire()
        except Timeout:
            raise StoreError(f"{self.path}: another save has held the lock for {LOCK_TIMEOUT:.0f} s — "
                             "try again, or remove a stale lock file left by a crashed machine") from None
        except OSError:
            if not self.path.exists():
                raise
            yield  # cannot create the lock file: read-only folder, nobody can be writing there
            return
        try:
            yield
        finally:
            lock.release()

    def _repair_tail(self, fd: int) -> tuple[bytes, list[Note]]:
        """Bytes to write before the new line so it starts a line of its own.

        An unterminated valid record just gets its newline; a torn fragment is moved to
        ``<store>.torn`` and cut off, so it never ends up in the middle of the file.
        """
        size = os.fstat(fd).st_size
        if size == 0 or os.pread(fd, 1, size - 1) == b"\n":
            return b"", []
        start = _last_line_start(fd, size)
        tail = os.pread(fd, size - start, start)
        try:
            parse_line(tail)
            return b"\n", []
        except TornLine:
            return b"", [self._set_aside(fd, start, tail)]

    def _set_aside(self, fd: int, start: int, tail: bytes) -> Note:
        """Move the torn fragment at ``start`` to ``<store>.torn`` (kept, never lost)."""
        with open(self.path.with_name(self.path.name + ".torn"), "ab") as torn:
            torn.write(tail + b"\n")
            torn.flush()
            os.fsync(torn.fileno())
        os.ftruncate(fd, start)
        line = os.pread(fd, start, 0).count(b"\n") + 1
        return Note(str(self.path), line, f"torn last line moved to {self.path.name}.torn")


def latest_of(verdicts: list[Verdict]) -> dict[str, Verdict]:
    """The verdict that counts for each flag among ``verdicts`` (in file order)."""
    ranked = sorted(enumerate(verdicts), key=lambda iv: (iv[1].when(), iv[0]))
    stacks: dict[str, list[Verdict]] = {}
    for _, v in ranked:
        stack = stacks.setdefault(v.flag_id, [])
        if v.verdict != WITHDRAWN:
            stack.append(v)
        elif stack:
            stack.pop()
    return {fid: stack[-1] for fid, stack in stacks.items() if stack}


def _last_line_start(fd: int, size: int, chunk: int = 65536) -> int:
    """Offset just after the last newline before ``size`` (0 when there is none)."""
    end = size
    while end > 0:
        start = max(0, end - chunk)
        nl = os.pread(fd, end - start, start).rfind(b"\n")
        if nl >= 0:
            return start + nl + 1
        end = start
    return 0
