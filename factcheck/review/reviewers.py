"""Who may write verdicts on a shared review server: a file of reviewers and their tokens,
and the flags assigned to each reviewer.

The tokens file (``factcheck review --tokens FILE``) holds one reviewer a line::

    # name: token   (a token is at least 16 characters; make one with
    # python3 -c "import secrets; print(secrets.token_urlsafe(24))")
    Ana Lima: 3q2-9xJkTz0cW8mYfQbV1n4sLrE6uHdA
    ben: Hk8vP0wZ_r5TqNcY2mLx7sUeJb4aG9fD

The name is everything before the last ``:``; blank lines and ``#`` comments are skipped.
A reviewer signs in on the page with their token; every verdict they save carries the
name from this file, whatever the page sends.

Assignments live beside the verdict store in ``assignments.jsonl``, append-only like it
(one ``{"flag_id", "reviewer", "by", "at"}`` a line; the latest line for a flag counts, an
empty ``reviewer`` takes the assignment back).
"""

from __future__ import annotations

import hmac
import json
import os
from pathlib import Path

from filelock import FileLock, Timeout

from factcheck.errors import StoreError, UsageError
from factcheck.review.verdicts import LOCK_TIMEOUT, now

MIN_TOKEN = 16


def load_tokens(path: str | Path) -> dict[str, str]:
    """{token: name} from a tokens file; ``UsageError`` naming the file and line if it is unusable."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise UsageError(f"{path}: no tokens file here (lines of `name: token`).") from None
    except (OSError, UnicodeDecodeError) as e:
        raise UsageError(f"{path}: cannot read the tokens file: {e}") from None
    tokens: dict[str, str] = {}
    names: set[str] = set()
    for n, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        name, sep, token = line.rpartition(":")
        name, token = " ".join(name.split()), token.strip()
        if not sep or not name:
            raise UsageError(f"{path}:{n}: expected `name: token`.")
        if len(token) < MIN_TOKEN or any(ch.isspace() for ch in token):
            raise UsageError(f"{path}:{n}: the token for {name!r} must be at least {MIN_TOKEN} characters "
                             "without spaces.")
        if token in tokens or name in names:
            raise UsageError(f"{path}:{n}: {'token' if token in tokens else 'name ' + repr(name)} "
                             "given twice.")
        tokens[token] = name
        names.add(name)
    if not tokens:
        raise UsageError(f"{path}: no reviewers in the tokens file (lines of `name: token`).")
    return tokens


def reviewer_for(tokens: dict[str, str], given: str) -> str | None:
    """The reviewer whose token is ``given`` (compared in constant time), or None."""
    found = None
    for token, name in tokens.items():
        if hmac.compare_digest(token.encode(), given.encode("utf-8", "replace")):
            found = name
    return found


class Assignments:
    """``assignments.jsonl``: which reviewer each flag is assigned to."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)

    def current(self) -> dict[str, str]:
        """{flag_id: reviewer} for the flags assigned now."""
        if not self.path.exists():
            return {}
        try:
            lines = self.path.read_bytes().split(b"\n")
        except OSError as e:
            raise StoreError(f"{self.path}: cannot read the assignments: {e.strerror}") from None
        out: dict[str, str] = {}
        for n, line in enumerate(lines, 1):
            if not line.strip():
                continue
            try:
                data = json.loads(line)
                flag_id, reviewer = data["flag_id"], data["reviewer"]
                if not isinstance(flag_id, str) or not isinstance(reviewer, str):
                    raise TypeError
            except (ValueError, KeyError, TypeError):
                if n == len(lines):
                    continue  # a torn last line: the next append starts a new line after it
                raise StoreError(f"{self.path}:{n}: invalid assignment record. Fix or delete that line "
                                 "(plain JSON Lines).") from None
            if reviewer:
                out[flag_id] = reviewer
            else:
                out.pop(flag_id, None)
        return out

    def assign(self, flag_id: str, reviewer: str, by: str) -> None:
        """Append one assignment (``reviewer`` empty: unassigned)."""
        line = json.dumps({"flag_id": flag_id, "reviewer": reviewer, "by": by, "at": now()}, ensure_ascii=False)
        try:
            data = line.encode("utf-8")
        except UnicodeEncodeError:
            raise UsageError("The reviewer's name is not valid Unicode text.") from None
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with FileLock(self.path.with_name(self.path.name + ".lock"), timeout=LOCK_TIMEOUT):
                self.current()  # refuse to append to a file nobody can read
                fd = os.open(self.path, os.O_RDWR | os.O_APPEND | os.O_CREAT, 0o644)
                try:
                    size = os.fstat(fd).st_size
                    lead = b"\n" if size and os.pread(fd, 1, size - 1) != b"\n" else b""
                    os.write(fd, lead + data + b"\n")
                    os.fsync(fd)
                finally:
                    os.close(fd)
        except Timeout:
            raise StoreError(f"{self.path}: another save has held the lock for {LOCK_TIMEOUT:.0f} s.") from None
        except OSError as e:
            raise StoreError(f"{self.path}: cannot write the assignments: {e.strerror}") from None
