"""Read article files into ``Article`` records, recovering the damage real files carry.

Formats, chosen per file:

- ``.jsonl``: one JSON object a line with ``text`` and optionally ``title``, ``date``, ``id``.
- tab-separated records (most lines hold a tab): ``title<TAB>body`` a line. A line with
  two records glued together (four fields) is split in two; a line whose tab was lost is
  split before its dateline.
- anything else: one plain-text article a file. Lines that are web-page furniture
  (menus, "Related news") are kept in the text but marked so no claim comes from them.

Text is decoded as UTF-8; a file that is not UTF-8 is read as Windows-1252 and a note says
so, so nothing is dropped. Every recovery is reported as a ``Note``.
"""

from __future__ import annotations

import json
import re
from bisect import bisect_right
from collections.abc import Iterable, Iterator
from pathlib import Path

from factcheck.errors import SourceError
from factcheck.extract.dates import publication_date
from factcheck.extract.normalize import repair
from factcheck.extract.sentences import is_furniture
from factcheck.records import Article, Note

SUFFIXES = {".txt", ".tsv", ".text", ".md", ".jsonl"}
_DATELINE = re.compile(
    r"\s+(?=[A-Z][A-Za-z]+(?:,\s*[A-Z][A-Za-z]+)*\s*[-–—]\s*(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?\s+\d{1,2},\s+\d{4})")
_DATE_MARKER = re.compile(r"^\s*date\s+\d{4}-\d\d-\d\d\s*")
REPAIR_NAMES = {"big5": "GBK punctuation mis-decoded as Big5", "thai": "UTF-8 characters read as Thai (cp874)",
                "lost_space": "'?' standing for a lost space"}


def discover(paths: Iterable[str | Path]) -> list[tuple[Path, Path]]:
    """Files to read, as (file, root it was found under), sorted, hidden files skipped."""
    found: list[tuple[Path, Path]] = []
    for p in map(Path, paths):
        if p.is_dir():
            for f in sorted(p.rglob("*")):
                rel = f.relative_to(p)
                if f.is_file() and f.suffix.lower() in SUFFIXES and not any(
                        part.startswith(".") for part in rel.parts):
                    found.append((f, p))
        elif p.is_file():
            found.append((p, p.parent))
        else:
            raise SourceError(str(p), "no such file or folder")
    return found


def load(paths: Iterable[str | Path]) -> tuple[list[Article], list[Note]]:
    """Read every article under ``paths``. Raises ``SourceError`` for a file it cannot use."""
    articles: list[Article] = []
    notes: list[Note] = []
    for f, root in discover(paths):
        shown = f.relative_to(root).as_posix() if f != root else f.name
        text, file_notes = _decode(f, shown)
        notes.extend(file_notes)
        articles.extend(read_text(text, shown, notes, suffix=f.suffix.lower()))
    return articles, notes


def _decode(f: Path, shown: str) -> tuple[str, list[Note]]:
    data = f.read_bytes()
    if b"\x00" in data[:4096]:
        raise SourceError(shown, "binary file (NUL bytes), not an article", line=data[:4096].count(b"\n", 0, data.index(b"\x00")) + 1)
    try:
        return data.decode("utf-8-sig"), []
    except UnicodeDecodeError as e:
        line = data.count(b"\n", 0, e.start) + 1
        return data.decode("cp1252", errors="replace"), [
            Note(shown, line, "not valid UTF-8 from here on; read the file as Windows-1252")]


def read_text(text: str, path: str, notes: list[Note], suffix: str = ".txt") -> Iterator[Article]:
    """Articles in one decoded file. ``notes`` receives what was recovered."""
    line_starts = (0, *(m.end() for m in re.finditer("\n", text)))
    if suffix == ".jsonl":
        yield from _read_jsonl(text, path, line_starts)
        return
    lines = text.split("\n")
    tabbed = sum(1 for ln in lines if "\t" in ln)
    if tabbed and tabbed >= 0.5 * sum(1 for ln in lines if ln.strip()):
        yield from _read_tsv(lines, path, notes, line_starts)
    elif text.strip():
        yield _article(path, 1, text, 0, None, line_starts, notes)
    else:
        notes.append(Note(path, 1, "empty file: no article"))


def _read_jsonl(text: str, path: str, line_starts: tuple[int, ...]) -> Iterator[Article]:
    for n, ln in enumerate(text.split("\n"), 1):
        if not ln.strip():
            continue
        try:
            obj = json.loads(ln)
        except json.JSONDecodeError as e:
            raise SourceError(path, f"not a JSON object: {e.msg} (column {e.colno})", line=n) from None
        if not isinstance(obj, dict) or not isinstance(obj.get("text"), str):
            raise SourceError(path, 'each line must be a JSON object with a "text" string', line=n)
        title = str(obj.get("title") or "")
        body = f"{title}\n\n{obj['text']}" if title else obj["text"]
        rec = obj.get("id") or n
        fixed = repair(body)
        yield Article(
            id=f"{path}#{rec}", path=path, record=n, line=n, title=title or _derive_title(fixed.text),
            date=obj.get("date") or publication_date(fixed.text), text=fixed.text,
            file_offsets=((0, line_starts[n - 1]),), line_starts=())


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
            yield _article(path, record, ln[lo:hi], start + lo, local_title, line_starts, notes, line=n)


def _split_fields(ln: str) -> list[tuple[str, int, int]]:
    out, pos = [], 0
    for part in ln.split("\t"):
        out.append((part, pos, pos + len(part)))
        pos += len(part) + 1
    return out


def _article(path: str, record: int, raw: str, file_start: int,
             title_span: tuple[int, int] | None, line_starts: tuple[int, ...], notes: list[Note],
             line: int | None = None) -> Article:
    fixed = repair(raw)
    if fixed.repairs:
        what = ", ".join(f"{n} {REPAIR_NAMES[k]}" for k, n in sorted(fixed.repairs.items()))
        notes.append(Note(path, line or 1, f"record {record}: repaired {what}"))
    anchors = tuple((t, file_start + f) for t, f in fixed.anchors)
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
