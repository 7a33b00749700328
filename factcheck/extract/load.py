"""Read article files into ``Article`` records, recovering the damage real files carry.

Formats, chosen per file:

- ``.jsonl``: one JSON object a line with ``text`` and optionally ``title``, ``date``, ``id``.
- tab-separated records (most lines hold a tab): ``title<TAB>body`` a line. A line with
  two records glued together (four fields) is split in two; a line whose tab was lost is
  split before its dateline.
- anything else: one plain-text article a file. Lines that are web-page furniture
  (menus, "Related news") are kept in the text but marked so no claim comes from them.

Text is decoded as UTF-8, UTF-16 or UTF-32 (``decode``); a file that is none of them is
read as Windows-1252 and a note says so, so nothing is dropped. Every recovery is reported
as a ``Note``.

One bad input never costs the run: a file or folder that cannot be read, a binary file,
an empty file, a JSON line that is not a record, each becomes a note saying it was
skipped (``Loaded.skipped``), and the rest is read. Only a path that does not exist at
all is an error (``SourceError``): that is a mistake in the command, not damage.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from factcheck.extract.dates import publication_date
from factcheck.extract.decode import NotText, decode
from factcheck.extract.jsonl import records
from factcheck.extract.lexicon import MONTH
from factcheck.extract.normalize import repair
from factcheck.extract.sentences import is_furniture
from factcheck.extract.walk import SUFFIXES, Found, discover
from factcheck.records import Article, Note

__all__ = ["SUFFIXES", "Found", "Loaded", "discover", "load", "read_sources", "read_text"]

_DATELINE = re.compile(
    rf"\s+(?=[A-Z][A-Za-z]+(?:,\s*[A-Z][A-Za-z]+)*\s*[-–—]\s*{MONTH}\.?\s+\d{{1,2}},\s+\d{{4}})")
_DATE_MARKER = re.compile(r"^\s*date\s+\d{4}-\d\d-\d\d\s*")
REPAIR_NAMES = {"big5": "GBK punctuation mis-decoded as Big5", "thai": "UTF-8 characters read as Thai (cp874)",
                "lost_space": "'?' standing for a lost space", "entity": "HTML character references"}


@dataclass(frozen=True)
class Loaded:
    """What a run reads: the articles, every note, and the notes on inputs left out."""

    articles: list[Article]
    notes: list[Note]  # in file order, the skipped inputs' notes included
    skipped: list[Note] = field(default_factory=list)
    files: int = 0  # article files found


def load(paths: Iterable[str | Path]) -> tuple[list[Article], list[Note]]:
    """Every article under ``paths`` and the notes on what was recovered or skipped."""
    loaded = read_sources(paths)
    return loaded.articles, loaded.notes


def read_sources(paths: Iterable[str | Path]) -> Loaded:
    """Read every article under ``paths``; ``SourceError`` only for a path that does not exist."""
    found, notes = discover(paths)
    skipped = list(notes)
    articles: list[Article] = []
    for f in found:
        file_skipped: list[Note] = []
        articles.extend(_read_file(f, notes, file_skipped))
        skipped += file_skipped
    return Loaded(articles, notes, skipped, len(found))


def _read_file(f: Found, notes: list[Note], skipped: list[Note]) -> list[Article]:
    """The articles of one file; what goes wrong becomes a note, never an exception."""
    try:
        data = f.file.read_bytes()
    except OSError as e:
        why = "it disappeared while the run read the folder" if isinstance(e, FileNotFoundError) \
            else f"cannot read it ({e.strerror})"
        return _skip(Note(f.shown, 1, f"skipped: {why}"), notes, skipped)
    try:
        decoded = decode(data)
    except NotText as e:
        return _skip(Note(f.shown, e.line or 1, f"skipped: {e}"), notes, skipped)
    if decoded.bad_from_line is not None:
        notes.append(Note(f.shown, decoded.bad_from_line,
                          "not valid UTF-8 from here on; read the file as Windows-1252"))
    elif decoded.encoding:
        notes.append(Note(f.shown, 1, f"read as {decoded.encoding}"))
    before = len(notes)
    found = list(read_text(decoded.text, f.shown, notes, suffix=f.file.suffix.lower(), skipped=skipped))
    if not found and not any(n in skipped for n in notes[before:]):
        return _skip(Note(f.shown, 1, "skipped: no article in this file"), notes, skipped)
    return found


def _skip(note: Note, notes: list[Note], skipped: list[Note]) -> list[Article]:
    notes.append(note)
    skipped.append(note)
    return []


def read_text(text: str, path: str, notes: list[Note], suffix: str = ".txt",
              skipped: list[Note] | None = None) -> Iterator[Article]:
    """Articles in one decoded file. ``notes`` receives what was recovered, ``skipped`` what was left out."""
    skipped = [] if skipped is None else skipped
    line_starts = (0, *(m.end() for m in re.finditer("\n", text)))
    if suffix == ".jsonl":
        for r in records(text, path, line_starts, notes, skipped):
            fixed = repair(r.body)
            yield Article(
                id=f"{path}#{r.key}", path=path, record=r.line, line=r.line,
                title=r.title or _derive_title(fixed.text), date=r.date or publication_date(fixed.text),
                text=fixed.text, file_offsets=compose(fixed.anchors, r.anchors), line_starts=line_starts,
                story=r.story)
        return
    lines = text.split("\n")
    tabbed = sum(1 for ln in lines if "\t" in ln)
    if tabbed and tabbed >= 0.5 * sum(1 for ln in lines if ln.strip()):
        yield from _read_tsv(lines, path, notes, line_starts)
    elif text.strip():
        yield _record_article(path, 1, text, 0, None, line_starts, notes)
    else:
        note = Note(path, 1, "skipped: empty file, no article")
        notes.append(note)
        skipped.append(note)


def compose(text_to_raw: tuple[tuple[int, int], ...],
            raw_to_file: tuple[tuple[int, int], ...]) -> tuple[tuple[int, int], ...]:
    """Anchors from text to file, given anchors from text to raw and from raw to file.

    Both maps are linear between their anchors; so is the composite between the text
    anchors and the text indices where the raw index reaches a raw-to-file anchor.
    """
    if text_to_raw == ((0, 0),):  # nothing repaired: the text is the raw string
        return raw_to_file
    points = {t for t, _ in text_to_raw}
    points.update(_to_text(text_to_raw, r) for r, _ in raw_to_file)
    return tuple((t, _apply(raw_to_file, _apply(text_to_raw, t))) for t in sorted(p for p in points if p >= 0))


def _apply(anchors: tuple[tuple[int, int], ...], i: int) -> int:
    k = bisect_right(anchors, (i, float("inf"))) - 1
    a, b = anchors[max(k, 0)]
    return b + (i - a)


def _read_tsv(lines: list[str], path: str, notes: list[Note],
              line_starts: tuple[int, ...]) -> Iterator[Article]:
    record = 0
    for n, ln in enumerate(lines, 1):
        if not ln.strip():
            continue
        start = line_starts[n - 1]
        fields = _split_fields(ln)
        if fields and fields[-1][1] == fields[-1][2]:  # trailing tab
            fields = fields[:-1]
        if len(fields) > 2:
            notes.append(Note(path, n, f"line holds {len(fields) // 2 + len(fields) % 2} records glued together; split them"))
        for k in range(0, len(fields), 2):
            pair = fields[k:k + 2]
            title_span: tuple[int, int] | None = (pair[0][1], pair[0][2])
            if len(pair) == 1:
                split = _DATELINE.search(pair[0][0])
                if split:
                    title_span = (pair[0][1], pair[0][1] + split.start())
                    notes.append(Note(path, n, "record lost the tab between title and body; split it before the dateline"))
                else:
                    title_span = None
                    notes.append(Note(path, n, "record has no title field; its first words stand in as title"))
            lo, hi = pair[0][1], pair[-1][2]
            record += 1
            local_title = (title_span[0] - lo, title_span[1] - lo) if title_span else None
            yield _record_article(path, record, ln[lo:hi], start + lo, local_title, line_starts, notes, line=n)


def _split_fields(ln: str) -> list[tuple[str, int, int]]:
    out, pos = [], 0
    for part in ln.split("\t"):
        out.append((part, pos, pos + len(part)))
        pos += len(part) + 1
    return out


def _record_article(path: str, record: int, raw: str, file_start: int,
             title_span: tuple[int, int] | None, line_starts: tuple[int, ...], notes: list[Note],
             line: int | None = None) -> Article:
    fixed = repair(raw)
    if fixed.repairs:
        what = ", ".join(f"{n} {REPAIR_NAMES[k]}" for k, n in sorted(fixed.repairs.items()))
        notes.append(Note(path, line or 1, f"record {record}: repaired {what}"))
    anchors = compose(fixed.anchors, ((0, file_start),))
    if title_span is not None:
        t0 = _to_text(fixed.anchors, title_span[0])
        t1 = _to_text(fixed.anchors, title_span[1])
        title = " ".join(fixed.text[t0:t1].split())
    else:
        title = _plain_title(fixed.text)
    return Article(
        id=f"{path}#{record}", path=path, record=record,
        line=line or bisect_right(line_starts, file_start),
        title=title, date=publication_date(fixed.text), text=fixed.text,
        file_offsets=anchors, line_starts=line_starts)


def _to_text(anchors: tuple[tuple[int, int], ...], raw_i: int) -> int:
    """Inverse of the anchor map: the text index of raw index ``raw_i``."""
    k = bisect_right([f for _, f in anchors], raw_i) - 1
    t, f = anchors[max(k, 0)]
    return t + (raw_i - f)


def _plain_title(text: str) -> str:
    for ln in text.split("\n"):
        s = _DATE_MARKER.sub("", ln).strip()
        if not s or is_furniture(s):
            continue
        if len(s.split()) <= 25 and not s.endswith("."):
            return s
        return _derive_title(s)
    return ""


def _derive_title(text: str, limit: int = 80) -> str:
    s = " ".join(_DATE_MARKER.sub("", text).split())
    return s if len(s) <= limit else s[:limit].rsplit(" ", 1)[0] + "…"
