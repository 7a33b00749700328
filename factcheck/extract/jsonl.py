"""JSON Lines article files: one object a line, ``{"text", "title"?, "date"?, "id"?}``.

Each line stands alone. A line that is not such an object (cut short, not JSON, nested
too deep, no ``text`` string) is a note and is skipped; the other lines are read. The
fields are checked:

- ``id``: a string (up to ``MAX_ID`` characters) or an integer (up to 18 digits); the
  record is ``<file>#<id>``. Missing, it is numbered by its line. Anything else is a note
  and the record is numbered by its line. An id used twice is a note and the later
  record is renamed ``<id>~2`` (``~3``...), so no two articles share an id.
- ``date``: an ISO date (``2018-05-22``, a date-time, ``2018-05`` or ``2018``). Anything
  else is a note and the record is dated from its text, as if it had no ``date``.
- ``title``: a string; anything else is a note and the title is taken from the text.

Each record knows where its characters sit in the file (``anchors``), escapes included,
so a claim's offsets and line point at its text in the file.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from json.decoder import scanstring  # type: ignore[attr-defined]
from typing import Any

from factcheck.records import Note

MAX_ID = 200
MAX_INT_ID = 10**18
_ESCAPE = re.compile(r"\\u[dD][89abAB][0-9a-fA-F]{2}\\u[dD][c-fC-F][0-9a-fA-F]{2}|\\u[0-9a-fA-F]{4}|\\.")
_SURROGATE = re.compile("[\ud800-\udfff]")
_ISO = re.compile(r"\d{4}(?:-\d\d(?:-\d\d(?:[T ][\d:.]+(?:Z|[+-]\d\d:?\d\d)?)?)?)?")
_DECODER = json.JSONDecoder()


@dataclass(frozen=True)
class Record:
    line: int  # 1-based line of the file
    key: str  # the record's id within its file
    title: str  # "" when the record has none
    body: str  # the title (if any), a blank line, then the text
    anchors: tuple[tuple[int, int], ...]  # (index in body, index in the file's text)
    date: str | None  # the checked "date" field, or None
    story: str | None = None  # the "story" field: records of one story report one event


def records(text: str, path: str, line_starts: tuple[int, ...], notes: list[Note],
            skipped: list[Note]) -> Iterator[Record]:
    """The records of a decoded JSON Lines file. Bad lines go to ``notes`` and ``skipped``."""
    used: dict[str, int] = {}
    for n, ln in enumerate(text.split("\n"), 1):
        if not ln.strip():
            continue
        obj, why = _parse(ln)
        if why:
            note = Note(path, n, f"skipped: {why}")
            notes.append(note)
            skipped.append(note)
            continue
        assert obj is not None
        key = _key(obj.get("id"), n, path, notes)
        if key in used:
            k = 2
            while f"{key}~{k}" in used:
                k += 1
            notes.append(Note(path, n, f"id {_show(key)} is already used on line {used[key]}: "
                                       f"this record is renamed {_show(f'{key}~{k}')}"))
            key = f"{key}~{k}"
        used[key] = n
        spans = _string_spans(ln)
        base = line_starts[n - 1]
        title = obj.get("title")
        if title is not None and not isinstance(title, str):
            notes.append(Note(path, n, f"title is not a string ({type(title).__name__}): "
                                       "the title is taken from the text"))
            title = None
        title = _clean(title or "")
        body_text = _clean(obj["text"])
        anchors = _anchors(ln, spans.get("text"), base)
        if title:
            title_anchors = _anchors(ln, spans.get("title"), base)
            end = title_anchors[-1][1] + (len(title) - title_anchors[-1][0])
            shift = len(title) + 2
            anchors = (*title_anchors, (len(title), end), *((t + shift, f) for t, f in anchors))
            body = f"{title}\n\n{body_text}"
        else:
            body = body_text
        story = obj.get("story")
        if story is not None and not (isinstance(story, str | int) and not isinstance(story, bool)):
            notes.append(Note(path, n, f"story {_show(story)} is not a string or an integer: the story is inferred"))
            story = None
        yield Record(n, key, title, body, anchors, _date(obj.get("date"), n, path, notes),
                     _clean(str(story)) if story not in (None, "") else None)


def _parse(ln: str) -> tuple[dict[str, Any] | None, str]:
    """The line's object, or ``None`` and why it is not a record."""
    try:
        obj = json.loads(ln)
    except json.JSONDecodeError as e:
        return None, f"not a JSON object: {e.msg} (column {e.colno})"
    except RecursionError:
        return None, "JSON nested too deep to read"
    except ValueError as e:  # e.g. an integer of more than 4,300 digits
        return None, f"not a readable JSON object ({str(e)[:80]})"
    if not isinstance(obj, dict):
        return None, f"a JSON {type(obj).__name__}, not an object with a \"text\" string"
    if not isinstance(obj.get("text"), str):
        return None, 'the object has no "text" string'
    return obj, ""


def _key(value: Any, n: int, path: str, notes: list[Note]) -> str:
    if value is None or value == "":
        return str(n)
    if isinstance(value, str) and len(value) <= MAX_ID and value.strip() and value.isprintable():
        return _clean(value)
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) < MAX_INT_ID:
        return str(value)
    notes.append(Note(path, n, f"id {_show(value)} is not a string of up to {MAX_ID} printable characters "
                               f"or an integer of up to 18 digits: the record is numbered by its line ({n})"))
    return str(n)


def _date(value: Any, n: int, path: str, notes: list[Note]) -> str | None:
    if value is None or value == "":
        return None
    if isinstance(value, str) and _ISO.fullmatch(value.strip()):
        v = value.strip()
        try:
            if len(v) >= 10:
                datetime.fromisoformat(v.replace("Z", "+00:00")) if len(v) > 10 else date.fromisoformat(v)
                return v[:10]
            if len(v) == 7:
                date.fromisoformat(v + "-01")
            return v
        except ValueError:
            pass
    notes.append(Note(path, n, f"date {_show(value)} is not an ISO date (YYYY-MM-DD): "
                               "the record is dated from its text"))
    return None


def _show(value: Any, limit: int = 40) -> str:
    r = repr(value) if not isinstance(value, str) else repr(value)
    return r if len(r) <= limit else r[:limit] + "…"


def _clean(s: str) -> str:
    """``s`` with lone surrogates (``"\\ud800"``: not text, cannot be written) as U+FFFD."""
    return _SURROGATE.sub("\ufffd", s)


def _string_spans(ln: str) -> dict[str, tuple[int, int]]:
    """Where each top-level string value sits in the line: key -> (start, end) inside its quotes."""
    spans: dict[str, tuple[int, int]] = {}
    ws = re.compile(r"[ \t\r\n]*")
    try:
        i = ws.match(ln, 0).end()  # type: ignore[union-attr]
        if ln[i] != "{":
            return spans
        i = ws.match(ln, i + 1).end()  # type: ignore[union-attr]
        while ln[i] == '"':
            key, i = scanstring(ln, i + 1)
            i = ws.match(ln, i).end()  # type: ignore[union-attr]
            i = ws.match(ln, i + 1).end()  # type: ignore[union-attr]  # past ":"
            if ln[i] == '"':
                start = i + 1
                _, i = scanstring(ln, start)
                spans[key] = (start, i - 1)
            else:
                _, i = _DECODER.raw_decode(ln, i)
                spans.pop(key, None)
            i = ws.match(ln, i).end()  # type: ignore[union-attr]
            if ln[i] != ",":
                break
            i = ws.match(ln, i + 1).end()  # type: ignore[union-attr]
    except (IndexError, ValueError, RecursionError):
        pass
    return spans


def _anchors(ln: str, span: tuple[int, int] | None, base: int) -> tuple[tuple[int, int], ...]:
    """(index in the decoded string, index in the file) where the linear map restarts: at escapes."""
    if span is None:
        return ((0, base),)
    lo, hi = span
    out = [(0, base + lo)]
    d, prev = 0, lo
    for m in _ESCAPE.finditer(ln, lo, hi):
        d += m.start() - prev
        if out[-1][0] != d:
            out.append((d, base + m.start()))
        d += 1
        out.append((d, base + m.end()))
        prev = m.end()
    return tuple(out)
