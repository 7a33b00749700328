"""The claim base: the claims of the published articles, with their vectors, on disk.

A newsroom keeps it beside its sources (``claims/base/``) so that ``factcheck check`` can
match a new article against everything on file without re-reading or re-embedding the
old articles. ``factcheck update`` adds reviewed articles to it.

Layout (format version 3; ``upgrade`` converts a base of version 2 once)::

    base.sqlite            the database (``db.py``): articles, claims, figures, word index, segments
    <column>.<gen>.bin     the arrays (``vectors.py``): vectors, the rows that tie them together,
                           and each figure's dimension, rule features and value

Opening a base starts a read transaction (one consistent snapshot for as long as the base
is open), reads the meta, dimensions and dropped rows and maps the column files; an article,
claim or figure is read and parsed only when asked for (``check`` screens candidate figures
by their columns first, ``base.check.screen``). Nothing is hashed at open: SQLite checks its
own pages, and each segment's sha256 is checked when it is written and by ``verify``
(``factcheck base verify``).

An update writes only what is new, in one write transaction: the new rows of the tables,
a new segment appended to the column files, then the commit. A replaced article's rows are
deleted (its vectors stay in the files, unused; its row goes to ``dropped``). Articles are known by ``key``: their file's
path relative to the base's root (the folder ``factcheck update`` first ran in, recorded as
"root") and their record, so ``update b/story.txt`` never replaces ``a/story.txt``.
"""

from __future__ import annotations

import functools
import json
import os
import re
import shutil
import sqlite3
import tempfile
import weakref
import zlib
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Generic, TypeVar

import numpy as np

from factcheck.base import db, vectors
from factcheck.base.legacy import (
    MENTION_FIELDS,
    _article_json,
    _claim,
    _claim_json,
    _line,
    _mention,
    _mention_json,
    _stored_article,
    rebuild_hint,
    text_sha1,
)
from factcheck.base.vectors import Ends
from factcheck.base.words import MIN_TERM, RULES, line_terms, new_prefixes, prefix_pairs
from factcheck.errors import StoreError, UsageError
from factcheck.extract.load import Loaded, read_sources
from factcheck.extract.walk import discover, display
from factcheck.match import align
from factcheck.match.embed import Embedder, VectorCache, embed
from factcheck.pipeline import Result, analyse
from factcheck.records import Article, Claim, Mention, Note

__all__ = ["ClaimBase", "Plan", "Update", "create", "exists", "export", "figure_features", "import_base",
           "is_outdated", "open_base", "prepare",
           "rebuild_hint", "resolve", "text_sha1", "update"]

DTYPE = np.float16  # cosines move by < 1e-4 against float32 on the seeds; their flags are the same
LEGACY_MANIFEST = "manifest.json"
_LEGACY_FILES = ("articles.jsonl", "claims.jsonl", "mentions.jsonl", "vectors.npz", "words.npz", LEGACY_MANIFEST)
_CHUNK = 900  # row ids per query

T = TypeVar("T")


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def _chunks(rows: Sequence[T], n: int = _CHUNK) -> Iterator[Sequence[T]]:
    for i in range(0, len(rows), n):
        yield rows[i:i + n]


class _Stored(Generic[T]):
    """The claims (or figures) of a base, each read and parsed the first time it is asked for."""

    def __init__(self, base: ClaimBase, table: str, count: int,
                 parse: Callable[[int, int, dict[str, Any]], T]) -> None:
        self.base, self.table, self.count, self.parse = base, table, count, parse
        self._parsed: dict[int, T] = {}
        self._raw: dict[int, bytes] = {}

    def __len__(self) -> int:
        return self.count

    def __getitem__(self, i: int) -> T:
        i = int(i)
        if i not in self._parsed:
            self.parse_rows([i])
        return self._parsed[i]

    @property
    def lines(self) -> _Lines:
        """The stored JSON record of each row, by row (what the word index's terms were taken from)."""
        return _Lines(self)

    def fetch(self, rows: Iterable[int]) -> dict[int, tuple[int, bytes]]:
        """(link, record) of each row: link is a claim's article row, a figure's claim row."""
        todo = sorted({int(r) for r in rows})
        link = "article" if self.table == "claims" else "claim"
        out: dict[int, tuple[int, bytes]] = {}
        for chunk in _chunks(todo):
            q = f"SELECT row, {link}, data FROM {self.table} WHERE row IN ({','.join('?' * len(chunk))})"
            for row, ln, data in self.base._query(q, list(chunk)):
                out[row] = (ln, self.base._unpack(self.table, row, data))
        for r in todo:
            if r not in out:
                raise StoreError(f"{self.base._file}: no {self.table} row {r}, though the base's columns point at it; "
                                 f"{rebuild_hint(self.base.path)}")
        return out

    def parse_rows(self, rows: Iterable[int]) -> None:
        """Read and parse these rows, a few hundred to a query."""
        todo = [i for i in dict.fromkeys(int(r) for r in rows) if i not in self._parsed]
        if not todo:
            return
        fetched = self.fetch(todo)
        if self.table == "mentions":  # a figure's claim first, in bulk
            self.base.claims.parse_rows(ln for ln, _ in fetched.values())
            self.base.articles.load_rows(self.base.claim_article_rows[[ln for ln, _ in fetched.values()]].tolist())
        for i in todo:
            ln, line = fetched[i]
            self._raw[i] = line
            self._parsed[i] = self.get(i, line, functools.partial(self._parse_one, i, ln))

    def _parse_one(self, i: int, link: int, d: dict[str, Any]) -> T:
        return self.parse(i, link, d)

    def get(self, i: int, line: bytes, parse: Callable[[dict[str, Any]], Any]) -> Any:
        """The record through ``parse``; a bad record is a ``StoreError`` naming the table and row."""
        try:
            obj = json.loads(line)
            if not isinstance(obj, dict):
                raise ValueError("not a JSON object")
            return parse(obj)
        except (ValueError, UnicodeDecodeError) as e:
            why = str(e)
        except (KeyError, TypeError, AttributeError) as e:
            why = f"bad or missing field {e}"
        raise StoreError(f"{self.base._file}: {self.table} row {i}: not a valid record ({why}); "
                         f"{rebuild_hint(self.base.path)}")


class _Lines(Sequence[bytes]):
    """The stored records of a table by row number (``b""`` for the row of a replaced claim),
    read when asked for: ``WordIndex.sharing`` reads a few, a search of every line all."""

    def __init__(self, stored: _Stored[Any]) -> None:
        self.stored = stored

    def __len__(self) -> int:
        ends: Ends = self.stored.base.ends
        return ends.claims if self.stored.table == "claims" else ends.mentions

    def __getitem__(self, i: Any) -> Any:
        if isinstance(i, slice):
            return [self[k] for k in range(*i.indices(len(self)))]
        i = int(i)
        if i in self.stored._raw:
            return self.stored._raw[i]
        base = self.stored.base
        found = base._query(f"SELECT data FROM {self.stored.table} WHERE row = ?", [i])
        if not found:
            if 0 <= i < len(self):
                return b""
            raise IndexError(i)
        line = base._unpack(self.stored.table, i, found[0][0])
        self.stored._raw[i] = line
        return line

    def load(self, rows: Iterable[int]) -> None:
        """Read the records of these rows, a few hundred to a query (a row no longer stored reads ``b""``)."""
        stored = self.stored
        todo = sorted({int(r) for r in rows} - set(stored._raw))
        base = stored.base
        for r, d in base._query_ids(f"SELECT row, data FROM {stored.table} WHERE row IN ({{}})", todo):
            stored._raw[r] = base._unpack(stored.table, r, d)

    def __iter__(self) -> Iterator[bytes]:
        base, n, step = self.stored.base, len(self), 5000
        for lo in range(0, n, step):
            got = {r: base._unpack(self.stored.table, r, d) for r, d in base._query(
                f"SELECT row, data FROM {self.stored.table} WHERE row >= ? AND row < ?", [lo, lo + step])}
            yield from (got.get(r, b"") for r in range(lo, min(lo + step, n)))


class _Articles(Sequence[Article]):
    """The live articles of a base by position (the order they were added), each read and
    parsed the first time it is asked for; iterating reads them all."""

    def __init__(self, base: ClaimBase) -> None:
        self.base = base
        self._parsed: dict[int, Article] = {}  # by position
        self._by_row: dict[int, Article | None] = {}  # by database row (None: not stored)

    def __len__(self) -> int:
        return self.base._n_articles

    def by_row(self, row: int) -> Article | None:
        """The article of this database row (None if it is not stored)."""
        if row not in self._by_row:
            self.load_rows([row])
        return self._by_row[row]

    def load_rows(self, rows: Iterable[int]) -> None:
        """Read and parse the articles of these database rows."""
        base = self.base
        todo = sorted({int(r) for r in rows} - set(self._by_row))
        for row, data in base._query_ids("SELECT row, data FROM articles WHERE row IN ({})", todo):
            self._by_row[int(row)] = self._parse(int(row), data)
        for r in todo:
            self._by_row.setdefault(r, None)

    def _parse(self, row: int, data: bytes) -> Article:
        base = self.base
        try:
            return _stored_article(json.loads(base._unpack("articles", row, data)))[0]
        except (ValueError, KeyError, TypeError) as e:
            raise StoreError(f"{base._file}: the articles table holds a bad record ({e}); "
                             f"{rebuild_hint(base.path)}") from None

    def __getitem__(self, k: Any) -> Any:
        if isinstance(k, slice):
            return [self[i] for i in range(*k.indices(len(self)))]
        k = int(k)
        if k < 0:
            k += len(self)
        if not 0 <= k < len(self):
            raise IndexError(k)
        if k not in self._parsed:
            self.load([k])
        return self._parsed[k]

    def __iter__(self) -> Iterator[Article]:
        n = len(self)
        for lo in range(0, n, 5000):
            self.load(range(lo, min(lo + 5000, n)))
            yield from (self._parsed[k] for k in range(lo, min(lo + 5000, n)))

    def load(self, positions: Iterable[int]) -> None:
        """Read and parse the articles at these positions, a few hundred to a query."""
        base = self.base
        todo = sorted({int(k) for k in positions if int(k) not in self._parsed})
        if not todo:
            return
        rows = base.article_rows
        at = {int(rows[k]): k for k in todo}
        for row, data in base._query_ids("SELECT row, data FROM articles WHERE row IN ({})", list(at)):
            self._parsed[at[row]] = self._by_row.get(row) or self._parse(row, data)
        missing = [k for k in todo if k not in self._parsed]
        if missing:
            raise StoreError(f"{base._file}: no articles row {int(rows[missing[0]])}; {rebuild_hint(base.path)}")


class StoredWords:
    """The word index of a stored base, with ``WordIndex``'s two questions answered from the
    database: ``sharing`` from the ``terms`` table, ``blocked`` from the content-word columns
    of the rows asked about (a ``WordIndex`` of those rows alone gives the same pairs)."""

    def __init__(self, base: ClaimBase) -> None:
        self.base = base

    def term_rows(self, word: str) -> np.ndarray:
        blobs = self.base._query("SELECT t.rows FROM vocab v JOIN terms t ON t.word = v.id WHERE v.word = ?", [word])
        try:
            parts = [unpack_rows(b) for (b,) in blobs]
        except (zlib.error, TypeError, ValueError) as e:
            raise StoreError(f"{self.base._file}: the word index's row of {word!r} is damaged ({e}); "
                             f"{rebuild_hint(self.base.path)}") from None
        return np.concatenate(parts) if parts else np.zeros(0, np.int64)

    def sharing(self, lines: Sequence[bytes], words: Iterable[str]) -> np.ndarray:
        """The live claim rows whose stored record, lower-cased, holds one of ``words`` as a whole
        word (as ``WordIndex.sharing``)."""
        found: list[np.ndarray] = []
        for w in words:
            longest = max(w.split("'"), key=len)
            if len(longest) >= MIN_TERM and longest.isalpha():
                rows = self.term_rows(longest)
            else:
                rows = self.base.claim_rows()
            if w != longest:
                rx = re.compile(rb"\b" + re.escape(w.encode("utf-8")) + rb"\b")
                rows = rows[self.base.claim_live[rows]]
                if isinstance(lines, _Lines):
                    lines.load(rows.tolist())  # a few queries, not one a row
                rows = rows[[rx.search(lines[r].lower()) is not None for r in rows.tolist()]]
            found.append(rows)
        out = np.unique(np.concatenate(found)) if found else np.zeros(0, np.int64)
        live: np.ndarray = out[self.base.claim_live[out]]
        return live

    def blocked(self, new: Sequence[frozenset[str]], rows: np.ndarray, min_score: float) -> list[tuple[int, int]]:
        """``WordIndex.blocked`` for the stored claim ``rows``: the (new claim, position in
        ``rows``) pairs that share a word of both prefixes and pass the size filter.

        The words' frequencies are counted over every row (they order the prefixes), but only
        the rows holding a word of a new claim's prefix are sorted into prefixes and named: no
        other row can pair."""
        rows = np.asarray(rows, np.int64)
        bar = max(min_score - align.BLOCK_SLACK, 0.05)
        ends = self.base.content_end
        hi = np.asarray(ends[rows], np.int64)
        lo = np.where(rows > 0, np.asarray(ends[np.maximum(rows - 1, 0)], np.int64), 0)
        lens = hi - lo
        total = int(lens.sum())
        if not total:
            return []
        pos = np.repeat(lo - np.concatenate([[0], np.cumsum(lens)[:-1]]), lens) + np.arange(total)
        ids = np.asarray(self.base.content_words[pos], np.int64)
        df = np.bincount(ids)
        counts: dict[str, int] = {}
        for c in new:
            for w in c:
                counts[w] = counts.get(w, 0) + 1
        known = dict(self.base._query_ids("SELECT word, id FROM vocab WHERE word IN ({})", sorted(counts)))
        ids_of = {w: int(k) for w, k in known.items() if int(k) < len(df) and df[int(k)]}  # held by a row
        for w, k in ids_of.items():
            df[k] += counts[w]

        def freq(w: str) -> int:
            return int(df[ids_of[w]]) if w in ids_of else counts[w]

        prefixes = new_prefixes(new, freq, bar)
        query = sorted({ids_of[w] for p in prefixes for w in p if w in ids_of})
        if not query:
            return []
        owner = np.repeat(np.arange(len(rows)), lens)
        hit = np.zeros(len(rows), bool)
        hit[owner[np.isin(ids, query)]] = True
        sel = hit[owner]
        ids, owner = ids[sel], owner[sel]
        # each such row's words by (frequency, word): the words by name, as the vocabulary sorts them
        uniq = np.unique(ids)
        named = dict(self.base._query_ids("SELECT id, word FROM vocab WHERE id IN ({})", uniq.tolist()))
        alpha = np.empty(len(uniq), np.int64)
        alpha[sorted(range(len(uniq)), key=lambda k: named[int(uniq[k])])] = np.arange(len(uniq))
        order = np.lexsort((alpha[np.searchsorted(uniq, ids)], df[ids], owner))
        return prefix_pairs(new, prefixes, ids_of.get, ids[order], owner[order], lens, bar)


def figure_features(m: Mention) -> str:
    """The features of a figure that the decision's rules compare (``decide.guard``,
    ``ruled_apart``, ``story_decision.across``), as the JSON kept in the ``features`` table:
    [round, role, total, moving, hedged, periods, times, subjects]. ``check`` screens the
    candidate figures by them before it decodes any row (``base.check.screen``)."""
    return json.dumps([m.round, m.role, m.total, m.moving, m.hedged, sorted(m.periods), sorted(m.times),
                       sorted(m.subjects)], ensure_ascii=False, separators=(",", ":"))


_STORED_FIGURE = ("quantity", "date", "window", "measure")  # the rest of a figure's record is in the columns


def _figure_row(m: Mention) -> bytes:
    """What the ``mentions`` table keeps of a figure: the fields the columns and its claim do
    not hold (its claim, article, dimension and rule features are there)."""
    d = _mention_json(m)
    return _line({k: d[k] for k in _STORED_FIGURE})


def pack_rows(rows: Sequence[int] | np.ndarray) -> bytes:
    """A word's claim rows (ascending) as the ``terms`` table keeps them: deltas, zlib-compressed."""
    a = np.asarray(rows, np.int64)
    return zlib.compress(np.diff(a, prepend=0).astype(np.int32).tobytes(), 6)


def unpack_rows(blob: bytes) -> np.ndarray:
    return np.cumsum(np.frombuffer(zlib.decompress(blob), np.int32), dtype=np.int64)


@dataclass
class _Batch:
    """What one write adds: articles (with their text digests and keys), claims, figures, vectors."""

    articles: list[Article]
    digests: list[str]
    keys: list[str | None]
    claims: list[Claim]
    mentions: list[Mention]
    vectors: np.ndarray


class ClaimBase:
    """The base in a folder, as of the moment it was opened (one read snapshot).

    ``claims[i]`` and ``mention(j)`` read and parse rows on demand; ``articles`` are the live
    articles in the order they were added, ``article_rows`` their row numbers (what
    ``claim_article`` holds). Row numbers of claims and figures index the column arrays."""

    def __init__(self, folder: Path) -> None:
        self.path = folder
        self._file = folder / db.FILE
        self._conn = db.connect(folder)
        try:
            self._load()
        except BaseException:
            self._conn.close()
            raise
        weakref.finalize(self, self._conn.close)

    # -- reading

    def _load(self) -> None:
        conn = self._conn
        try:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            conn.execute("BEGIN")  # the snapshot: every read until the base is closed sees this version
            meta = db.read_meta(conn)
        except db.DAMAGED as e:
            raise StoreError(f"{self._file}: not a readable claim base ({e}); {rebuild_hint(self.path)}") from None
        _check_meta(self._file, meta)
        self.meta = meta
        self.model: str = meta["model"]
        self.dim = int(meta["dim"])
        self.created: str | None = meta.get("created")
        self.root: str = meta.get("root", ".")
        self.gen = int(meta["gen"])
        self.ends = Ends(**meta["ends"])
        counts = meta["counts"]
        self._article_rows: np.ndarray | None = None
        self._articles: _Articles | None = None
        self._keys: list[str | None] | None = None
        self._digests: list[str] | None = None
        self._n_articles = int(counts["articles"])
        found = self._query("SELECT row FROM dropped")
        self.dropped = np.fromiter((r for (r,) in found), np.int64, len(found))
        self._claim_live: np.ndarray | None = None
        self.dimensions: dict[str, int] = dict(self._query("SELECT name, code FROM dimensions"))
        self.claims: _Stored[Claim] = _Stored(self, "claims", int(counts["claims"]), self._parse_claim)
        self.mentions: _Stored[Mention] = _Stored(self, "mentions", int(counts["mentions"]), self._parse_mention)
        cols = {}
        for name in vectors.COLUMNS:
            try:
                cols[name] = vectors.open_column(self.path, name, self.gen, self.ends.of(name), self.dim)
            except FileNotFoundError:
                raise StoreError(f"{vectors.column_path(self.path, name, self.gen)} is missing; "
                                 f"{rebuild_hint(self.path)}") from None
            except (OSError, ValueError) as e:
                raise StoreError(f"{vectors.column_path(self.path, name, self.gen)}: not readable ({e}); "
                                 f"{rebuild_hint(self.path)}") from None
        self.vectors: np.ndarray = cols["vectors"]
        self.mention_claim: np.ndarray = cols["mention_claim"]
        self.claim_article_rows: np.ndarray = cols["claim_article"]  # article row numbers, as stored
        self._claim_article: np.ndarray | None = None
        self.content_end: np.ndarray = cols["content_end"]
        self.content_words: np.ndarray = cols["content_words"]
        self.mention_dimension: np.ndarray = cols["mention_dimension"]
        self.mention_features: np.ndarray = cols["mention_features"]
        self.mention_value: np.ndarray = cols["mention_value"]
        self._features: dict[int, list[Any]] = {}
        self._names: dict[int, str] | None = None
        self.words: StoredWords | None = StoredWords(self)

    def _query(self, sql: str, args: Sequence[Any] = ()) -> list[Any]:
        try:
            return self._conn.execute(sql, args).fetchall()
        except db.DAMAGED as e:
            raise StoreError(f"{self._file}: cannot read the claim base ({e}); {rebuild_hint(self.path)}") from None

    def _query_ids(self, sql: str, ids: Sequence[Any]) -> list[Any]:
        out: list[Any] = []
        for chunk in _chunks(ids):
            out += self._query(sql.format(",".join("?" * len(chunk))), list(chunk))
        return out

    def _unpack(self, table: str, row: int, data: bytes) -> bytes:
        try:
            return db.unpack(data)
        except Exception as e:  # zlib.error, or not bytes at all
            raise StoreError(f"{self._file}: {table} row {row}: not a valid record ({e}); "
                             f"{rebuild_hint(self.path)}") from None

    def claim_rows(self) -> np.ndarray:
        return np.asarray([r for (r,) in self._query("SELECT row FROM claims ORDER BY row")], np.int64)

    def release(self) -> None:
        """End this reader's snapshot (until ``refresh``): a long-held snapshot keeps SQLite from
        folding the write-ahead log back into the database."""
        if self._conn.in_transaction:
            self._conn.execute("ROLLBACK")

    def close(self) -> None:
        self._conn.close()

    def refresh(self) -> ClaimBase:
        """Move to the newest version on disk (a new snapshot); parsed rows are forgotten."""
        self._load()
        return self

    # -- the articles: read when asked for, not at open (a million-claim base holds 170,000)

    @property
    def article_rows(self) -> np.ndarray:
        """The row numbers of the live articles, in the order they were added (what ``claim_article`` holds)."""
        if self._article_rows is None:
            found = self._query("SELECT row FROM articles ORDER BY row")
            self._article_rows = np.fromiter((r for (r,) in found), np.int64, len(found))
        return self._article_rows

    @property
    def articles(self) -> _Articles:
        """The live articles in the order they were added; each read and parsed when asked for."""
        if self._articles is None:
            self._articles = _Articles(self)
        return self._articles

    def _keys_and_digests(self) -> None:
        rows = self._query("SELECT key, sha1 FROM articles ORDER BY row")
        self._keys, self._digests = [r[0] for r in rows], [r[1] for r in rows]

    @property
    def keys(self) -> list[str | None]:
        """Each live article's key (``None``: converted from the old format, not yet named by an update)."""
        if self._keys is None:
            self._keys_and_digests()
        assert self._keys is not None
        return self._keys

    @property
    def digests(self) -> list[str]:
        """The sha1 of each live article's text."""
        if self._digests is None:
            self._keys_and_digests()
        assert self._digests is not None
        return self._digests

    def stored_digest(self, key: str | None, article_id: str) -> tuple[str, bool] | None:
        """(sha1, known by key) of the stored article with this key, else of the one with this id
        and no key (converted from the old format); None if neither is stored."""
        if key is not None:
            found = self._query("SELECT sha1 FROM articles WHERE key = ?", [key])
            if found:
                return str(found[0][0]), True
        found = self._query("SELECT sha1 FROM articles WHERE key IS NULL AND id = ? ORDER BY row DESC LIMIT 1",
                            [article_id])
        return (str(found[0][0]), False) if found else None

    @property
    def article_index(self) -> dict[str, Article]:
        return {a.id: a for a in self.articles}

    def article_row(self, article_id: str) -> int | None:
        """The index in ``articles`` of the article with this id (the last added, should two files share
        a name)."""
        found = self._query("SELECT MAX(row) FROM articles WHERE id = ?", [article_id])
        row = found[0][0] if found else None
        if row is None:
            return None
        return int(np.searchsorted(self.article_rows, row))

    def article_by_id(self, article_id: str) -> Article | None:
        """The stored article with this id (the last added), or None."""
        row = self.article_db_row(article_id)
        return None if row is None else self.articles.by_row(row)

    @property
    def claim_article(self) -> np.ndarray:
        """The article of each claim row: its index in ``articles``; -1 for a replaced article's claim."""
        if self._claim_article is None:
            rows = np.asarray(self.claim_article_rows, np.int64)
            at = np.searchsorted(self.article_rows, rows)
            found = np.zeros(len(rows), bool)
            if len(self.article_rows):
                found = self.article_rows[np.minimum(at, len(self.article_rows) - 1)] == rows
            self._claim_article = np.where(found, at, -1).astype(np.int32)
        return self._claim_article

    @property
    def claim_live(self) -> np.ndarray:
        """Whether each claim row is still in the base (its article not deleted since), from the
        columns and the few rows of ``dropped``: no list of the articles is read."""
        if self._claim_live is None:
            rows = np.asarray(self.claim_article_rows)
            self._claim_live = ~np.isin(rows, self.dropped) if len(self.dropped) else np.ones(len(rows), bool)
        return self._claim_live

    def article_db_row(self, article_id: str) -> int | None:
        """The database row of the stored article with this id (the last added), or None."""
        found = self._query("SELECT MAX(row) FROM articles WHERE id = ?", [article_id])
        return None if not found or found[0][0] is None else int(found[0][0])

    @property
    def mention_article(self) -> np.ndarray:
        rows: np.ndarray = np.asarray(self.claim_article)[np.asarray(self.mention_claim)]
        return rows

    def mention(self, j: int) -> Mention:
        """Mention row ``j``, with its claim and article."""
        return self.mentions[j]

    def _parse_claim(self, i: int, article_row: int, d: dict[str, Any]) -> Claim:
        return _claim(d)

    def figure_record(self, j: int, claim: Claim, d: dict[str, Any]) -> dict[str, Any]:
        """Figure row ``j``'s whole record (``_mention_json``'s), from what its row keeps and the columns."""
        code, fid = int(self.mention_dimension[j]), int(self.mention_features[j])
        names = self._dimension_names()
        if code not in names:
            raise StoreError(f"{self._file}: mentions row {j}: no dimension {code}; {rebuild_hint(self.path)}")
        rnd, role, total, moving, hedged, periods, times, subjects = self.features([fid])[fid]
        return {"claim": claim.id, "quantity": d["quantity"], "article_id": claim.article_id, "date": d["date"],
                "dimension": names[code], "role": role, "total": total, "hedged": hedged, "periods": periods,
                "moving": moving, "round": rnd, "times": times, "subjects": subjects, "window": d["window"],
                "measure": d["measure"]}

    def _dimension_names(self) -> dict[int, str]:
        if self._names is None:
            self._names = {c: n for n, c in self.dimensions.items()}
        return self._names

    def _parse_mention(self, j: int, claim_row: int, d: dict[str, Any]) -> Mention:
        claim = self.claims[claim_row]
        article = self.articles.by_row(int(self.claim_article_rows[claim_row]))
        if article is None or claim.article_id != article.id or int(self.mention_claim[j]) != claim_row:
            raise StoreError(f"{self._file}: mentions row {j}: a figure of claim row {claim_row} "
                             f"({claim.article_id}), which belongs to {article.id if article else 'no stored article'}"
                             f": the rows do not belong together; {rebuild_hint(self.path)}")
        return _mention(self.figure_record(j, claim, d), claim, article)

    def rows(self, dimension: str) -> np.ndarray:
        """Live mention rows with this dimension ("money:USD"), from the columns."""
        code = self.dimensions.get(dimension)
        if code is None or not self.ends.mentions:
            return np.zeros(0, np.int64)
        rows = np.flatnonzero(np.asarray(self.mention_dimension) == code)
        if len(self.dropped):
            rows = rows[self.claim_live[np.asarray(self.mention_claim[rows], np.int64)]]
        return rows.astype(np.int64)

    def vector_rows(self, rows: np.ndarray) -> np.ndarray:
        """The vectors of these mention rows (ascending), as float32, read through a mapping of
        the span they cover only, unmapped again: a scan of the whole file in blocks never holds
        more than one block's pages."""
        rows = np.asarray(rows, np.int64)
        if not len(rows):
            return np.zeros((0, self.dim), np.float32)
        lo, hi = int(rows[0]), int(rows[-1]) + 1
        item = np.dtype(DTYPE).itemsize * self.dim
        span = np.memmap(vectors.column_path(self.path, "vectors", self.gen), dtype=DTYPE, mode="r",
                         offset=lo * item, shape=(hi - lo, self.dim))
        try:
            return np.asarray(span[rows - lo], np.float32)
        finally:
            del span

    def features(self, ids: Iterable[int]) -> dict[int, list[Any]]:
        """The rule features (``figure_features``) of these ``features`` ids, parsed."""
        todo = sorted({int(i) for i in ids} - set(self._features))
        for fid, data in self._query_ids("SELECT id, data FROM features WHERE id IN ({})", todo):
            self._features[int(fid)] = json.loads(data)
        missing = [i for i in todo if i not in self._features]
        if missing:
            raise StoreError(f"{self._file}: no features row {missing[0]}, though the columns point at it; "
                             f"{rebuild_hint(self.path)}")
        return self._features

    def require_model(self, identity: str) -> None:
        """``StoreError`` unless the base's vectors come from the embedder ``identity``."""
        if identity != self.model:
            raise StoreError(
                f"{self.path} was embedded with {self.model}, but the model loaded is {identity}: "
                f"vectors of two models cannot be compared. Re-embed the base with "
                f"`factcheck update --rebuild --base {self.path}`, or pass the model it was built with (--model)")

    def verify(self) -> list[str]:
        """The full check: SQLite's ``integrity_check``, every segment's sha256, every stored row
        parsed, and the columns tied to the tables. Returns what was checked; ``StoreError`` at
        the first fault."""
        done = [self._verify_pages(), self._verify_segments()]
        claims = self._verify_claims()
        ments = self._verify_mentions()
        if (len(claims), len(ments), len(self.article_rows)) != (len(self.claims), len(self.mentions),
                                                                 int(self.meta["counts"]["articles"])):
            raise StoreError(f"{self._file}: the counts it records do not match its rows; {rebuild_hint(self.path)}")
        self._verify_rows(claims, ments)
        done.append(f"{len(self.articles)} articles, {len(claims)} claims, {len(ments)} figures parsed and tied")
        return done

    def _verify_pages(self) -> str:
        """SQLite's ``integrity_check`` (``verify``'s first step)."""
        bad = [r for (r,) in self._query("PRAGMA integrity_check") if r != "ok"]
        if bad:
            raise StoreError(f"{self._file}: SQLite finds the database damaged ({'; '.join(bad[:3])}); "
                             f"{rebuild_hint(self.path)}")
        return "database pages (integrity_check)"

    def _verify_segments(self) -> str:
        """Every segment of the column files has the sha256 recorded when it was written."""
        segs = self._query("SELECT id, mentions, claims, words, mentions_n, claims_n, words_n, sha256 FROM segments "
                           "WHERE gen = ? ORDER BY id", [self.gen])
        for sid, m0, c0, w0, mn, cn, wn, digest in segs:
            sizes = {name: vectors.byte_size(name, {"mentions": mn, "claims": cn, "words": wn}[end], self.dim)
                     for name, (_, end) in vectors.COLUMNS.items()}
            try:
                got = vectors.read_segment(self.path, self.gen, Ends(m0, c0, w0), self.dim, sizes)
            except OSError as e:
                raise StoreError(f"{self.path}: segment {sid} cannot be read ({e}); {rebuild_hint(self.path)}") from None
            if got != digest:
                raise StoreError(f"{self.path}: segment {sid} of the column files is not what was written (sha256): "
                                 f"they were changed since; {rebuild_hint(self.path)}")
        return f"{len(segs)} segment(s) of the column files (sha256)"

    def _verify_claims(self) -> list[Any]:
        """Every article parsed, and every claims row tied to a live article in the columns;
        returns the (row, article) rows."""
        claims = self._query("SELECT row, article FROM claims ORDER BY row")
        live = set(self.article_rows.tolist())
        list(self.articles)  # every article parsed
        for row, art in claims:
            if row >= self.ends.claims or int(self.claim_article_rows[row]) != art or art not in live:
                raise StoreError(f"{self._file}: claims row {row} is not tied to its article in the columns; "
                                 f"{rebuild_hint(self.path)}")
        return claims

    def _verify_mentions(self) -> list[Any]:
        """Every mentions row tied to its claim and dimension in the columns; returns the
        (row, claim, dimension) rows."""
        ments = self._query("SELECT row, claim, dimension FROM mentions ORDER BY row")
        for row, claim, code in ments:
            if row >= self.ends.mentions or int(self.mention_claim[row]) != claim or \
                    int(self.mention_dimension[row]) != code:
                raise StoreError(f"{self._file}: mentions row {row} is not tied to its claim in the columns; "
                                 f"{rebuild_hint(self.path)}")
        return ments

    def _verify_rows(self, claims: list[Any], ments: list[Any]) -> None:
        """Every claim and figure parsed, 5,000 at a time, and each figure's value in the columns
        its own."""
        for k in range(0, len(claims), 5000):
            self.claims.parse_rows(r for r, _ in claims[k:k + 5000])
            self.claims._parsed.clear()
        for k in range(0, len(ments), 5000):
            self.mentions.parse_rows(r for r, _, _ in ments[k:k + 5000])
            for r, _, _ in ments[k:k + 5000]:
                v, q = float(self.mention_value[r]), self.mentions[r].quantity.value
                if v != q and not (v != v and q != q):  # NaN is NaN
                    raise StoreError(f"{self._file}: mentions row {r}: its value in the columns is not its "
                                     f"figure's; {rebuild_hint(self.path)}")
            self.mentions._parsed.clear()
            self.claims._parsed.clear()

    # -- changing (each call one write transaction)

    @classmethod
    def from_result(cls, result: Result, folder: str | Path | None = None) -> ClaimBase:
        """A base holding everything a pipeline run found (its flags are not kept), in ``folder``
        (default: a temporary folder, removed with the object; ``save`` copies it)."""
        tmp = folder is None
        where = Path(tempfile.mkdtemp(prefix="factcheck-base-")) if folder is None else Path(folder)
        dim = int(result.vectors.shape[1]) if result.vectors.ndim == 2 else 0
        create(where, result.model, dim)
        base = cls(where)
        if tmp:
            weakref.finalize(base, shutil.rmtree, where, True)
        base.add(result)
        return base

    def add(self, result: Result, keys: Mapping[str, str] | None = None) -> tuple[int, int]:
        """Add the articles of ``result`` in one commit, replacing stored ones with the same key
        (``keys``: article id -> key; default: the id). Returns (added, replaced)."""
        self.require_model(result.model)
        batch = _Batch(list(result.articles), [text_sha1(a.text) for a in result.articles],
                       [(keys or {}).get(a.id, a.id) for a in result.articles], list(result.claims),
                       list(result.mentions), np.asarray(result.vectors))
        added, replaced, _ = self._write(batch)
        return added, replaced

    def _write(self, batch: _Batch, *, fresh: bool = False, model: tuple[str, int] | None = None,
               reembedded: np.ndarray | None = None) -> tuple[int, int, int]:
        """One write transaction; returns (added, replaced, unchanged). The base moves to the new
        version."""
        self.release()
        out = _commit(self.path, batch, fresh=fresh, model=model, reembedded=reembedded)
        self.refresh()
        return out

    def reembed(self, embedder: Embedder, cache: VectorCache | None = None) -> int:
        """Embed every stored figure again with ``embedder`` and save the base with its identity.
        Returns how many texts the model had to encode."""
        rows = self._query("SELECT row, data FROM mentions ORDER BY row")
        windows = [self.mentions.get(r, self._unpack("mentions", r, d), lambda d: str(d["window"])) for r, d in rows]
        vecs, computed = embed(windows, embedder, cache)
        full = np.zeros((self.ends.mentions, embedder.dim), DTYPE)
        if rows:
            full[[r for r, _ in rows]] = vecs.astype(DTYPE).reshape(len(windows), embedder.dim)
        self._write(_Batch([], [], [], [], [], np.zeros((0, embedder.dim), DTYPE)),
                    model=(embedder.identity, embedder.dim), reembedded=full)
        return computed

    def save(self, folder: str | Path) -> Path:
        """Copy the base into ``folder`` (a new folder, or one without a base)."""
        folder = Path(folder)
        if (folder / db.FILE).exists() or (folder / LEGACY_MANIFEST).exists():
            raise StoreError(f"{folder} already holds a claim base: save into a new folder")
        folder.mkdir(parents=True, exist_ok=True)
        tmp = folder / f".{db.FILE}.saving"
        tmp.unlink(missing_ok=True)
        try:
            self._conn.execute("VACUUM INTO ?", [str(tmp)])
        except sqlite3.Error:  # VACUUM INTO cannot run inside the read transaction: a second connection
            src = db.connect(self.path)
            try:
                src.execute("VACUUM INTO ?", [str(tmp)])
            finally:
                src.close()
        for name in vectors.COLUMNS:
            size = vectors.byte_size(name, self.ends.of(name), self.dim)
            src_path = vectors.column_path(self.path, name, self.gen)
            with open(vectors.column_path(folder, name, self.gen), "wb") as out:
                if size:
                    with open(src_path, "rb") as f:
                        out.write(f.read(size))
                out.flush()
                os.fsync(out.fileno())
        conn = sqlite3.connect(tmp, isolation_level=None)
        try:
            conn.execute("PRAGMA journal_mode=WAL")
        finally:
            conn.close()
        os.replace(tmp, folder / db.FILE)
        return folder


def _commit(folder: Path, batch: _Batch, *, fresh: bool = False, model: tuple[str, int] | None = None,
            reembedded: np.ndarray | None = None) -> tuple[int, int, int]:
    """One write transaction on the base in ``folder``; returns (added, replaced, unchanged)."""
    conn = db.connect(folder)
    try:
        with db.writing(conn, folder):
            return _write(conn, folder, batch, fresh=fresh, model=model, reembedded=reembedded)
    except OSError as e:
        raise StoreError(f"cannot write the claim base in {folder}: {e.strerror or e} "
                         "(the base on disk is unchanged)") from None
    except db.DAMAGED as e:
        raise StoreError(f"{folder / db.FILE}: cannot write the claim base ({e}); the base on disk is unchanged") from None
    finally:
        conn.close()


def _root(folder: Path) -> str:
    """The base's root as recorded (for a base that may not open: a fresh build replaces it)."""
    conn = db.connect(folder)
    try:
        found = conn.execute("SELECT value FROM meta WHERE name = 'root'").fetchone()
        root = json.loads(found[0]) if found else None
    except (sqlite3.Error, ValueError):
        root = None
    finally:
        conn.close()
    return root if isinstance(root, str) else Path(os.path.relpath(Path.cwd(), folder.resolve())).as_posix()


def _check_meta(path: Path, meta: dict[str, Any]) -> None:
    if meta.get("format") != db.FORMAT:
        raise StoreError(f"{path}: not a factcheck claim base (no \"format\": \"{db.FORMAT}\" in its meta table)")
    version = meta.get("version")
    if version == 2:
        raise StoreError(f"{path}: claim base format version 2, this factcheck reads version {db.VERSION}: "
                         f"convert it once with `factcheck update --base {path.parent}`")
    if version != db.VERSION:
        newer = isinstance(version, int) and version > db.VERSION
        raise StoreError(f"{path}: claim base format version {version}, this factcheck reads version {db.VERSION}: "
                         + ("upgrade factcheck" if newer else rebuild_hint(path.parent)))
    stored = meta.get("mention_fields")
    if stored != MENTION_FIELDS:
        was = ", ".join(map(str, stored)) if isinstance(stored, list) else "not recorded"
        raise StoreError(
            f"{path.parent} was built by a factcheck that describes a figure by other attributes "
            f"({was}; now: {', '.join(MENTION_FIELDS)}): "
            f"build it afresh from its sources with `factcheck update SOURCES --fresh --base {path.parent}`")
    if meta.get("word_rules") != RULES:
        raise StoreError(f"{path.parent}: its word index was built by other rules: build it afresh from its sources "
                         f"with `factcheck update SOURCES --fresh --base {path.parent}`")


def create(folder: Path, model: str, dim: int, root: str | None = None) -> None:
    """Make an empty base in ``folder`` (nothing happens if one is there already)."""
    folder.mkdir(parents=True, exist_ok=True)
    conn = db.connect(folder, create=True)
    try:
        with db.writing(conn, folder):
            for stmt in db.SCHEMA.split(";"):
                if stmt.strip():
                    conn.execute(stmt)
            if not conn.execute("SELECT 1 FROM meta WHERE name = 'format'").fetchone():
                name, _, digest = model.partition("@")
                db.write_meta(conn, {
                    "format": db.FORMAT, "version": db.VERSION, "model": model, "model_name": name,
                    "weights_sha256_prefix": digest or None, "dim": dim, "dtype": np.dtype(DTYPE).name,
                    "mention_fields": MENTION_FIELDS, "word_rules": RULES,
                    "root": root if root is not None else Path(os.path.relpath(Path.cwd(), folder.resolve())).as_posix(),
                    "gen": 1, "ends": {"mentions": 0, "claims": 0, "words": 0},
                    "counts": {"articles": 0, "claims": 0, "mentions": 0}, "created": _now(), "updated": _now()})
    finally:
        conn.close()


def _ids(conn: sqlite3.Connection, table: str, column: str, key: str, names: Iterable[str]) -> dict[str, int]:
    """The id of each name in a name table, adding the missing ones."""
    names = list(dict.fromkeys(names))
    conn.executemany(f"INSERT OR IGNORE INTO {table}({column}) VALUES(?)", [(n,) for n in names])
    out: dict[str, int] = {}
    for chunk in _chunks(names):
        q = f"SELECT {column}, {key} FROM {table} WHERE {column} IN ({','.join('?' * len(chunk))})"
        out.update(conn.execute(q, list(chunk)).fetchall())
    return out


def _write(conn: sqlite3.Connection, folder: Path, batch: _Batch, *, fresh: bool,
           model: tuple[str, int] | None, reembedded: np.ndarray | None) -> tuple[int, int, int]:
    """The body of a write transaction (the lock held): decide against the base as it is now
    (another update may have committed since this one read it), then append."""
    meta = db.read_meta(conn)
    if not (fresh or model):
        _check_meta(folder / db.FILE, meta)
    gen, ends, counts = int(meta["gen"]), Ends(**meta["ends"]), dict(meta["counts"])
    dim = int(meta["dim"])
    vectors.remove_other_generations(folder, gen)
    changes: dict[str, Any] = {}
    if fresh:  # everything goes; the rows start again in a new generation of files
        gen, ends, counts = _empty(conn, gen, changes)
    if model is not None:
        name, _, digest = model[0].partition("@")
        changes.update(model=model[0], model_name=name, weights_sha256_prefix=digest or None, dim=model[1])
        dim = model[1]
    if reembedded is not None:  # a new generation: the same rows, new vectors
        _next_generation(conn, folder, gen, ends, int(meta["dim"]), {"vectors": reembedded})
        gen += 1
    keep, drop, unchanged = _sort_batch(conn, batch)
    _drop_articles(conn, drop, counts)
    new_ids = {batch.articles[i].id for i in keep}
    claims = [c for c in batch.claims if c.article_id in new_ids]
    mrows = [j for j, m in enumerate(batch.mentions) if m.article_id in new_ids]
    article_row = _insert_articles(conn, batch, keep)
    counts["articles"] += len(keep)
    if claims or mrows:
        _append(conn, folder, gen, ends, dim, claims, [batch.mentions[j] for j in mrows],
                np.asarray(batch.vectors)[mrows] if mrows else np.zeros((0, dim), DTYPE), article_row, counts)
        ends = Ends(**db.read_meta(conn)["ends"])
    changes.update(gen=gen, counts=counts, updated=_now())
    db.write_meta(conn, changes)
    return len(keep) - len(drop), len(drop), unchanged


def _empty(conn: sqlite3.Connection, gen: int, changes: dict[str, Any]) -> tuple[int, Ends, dict[str, int]]:
    """Delete every row (--fresh); the next generation, its ends and counts, and the format in ``changes``."""
    for table in ("articles", "claims", "mentions", "terms", "segments", "vocab", "dimensions", "features", "dropped"):
        conn.execute(f"DELETE FROM {table}")
    conn.execute("DROP INDEX IF EXISTS mentions_dimension")  # of format version 2
    changes.update(format=db.FORMAT, version=db.VERSION, mention_fields=MENTION_FIELDS, word_rules=RULES)
    return gen + 1, Ends(), {"articles": 0, "claims": 0, "mentions": 0}


def _stored_row(conn: sqlite3.Connection, key: str | None, article_id: str) -> Any:
    """The stored (row, sha1) of an article: by its key, else (converted from the old format, known
    by id until an update names its file) by its id."""
    row = None
    if key is not None:
        row = conn.execute("SELECT row, sha1 FROM articles WHERE key = ?", [key]).fetchone()
    if row is None:
        row = conn.execute("SELECT row, sha1 FROM articles WHERE key IS NULL AND id = ? ORDER BY row DESC",
                           [article_id]).fetchone()
    return row


def _sort_batch(conn: sqlite3.Connection, batch: _Batch) -> tuple[list[int], list[int], int]:
    """The batch's articles to write (their indices), the stored rows they replace, and how many
    are stored unchanged (those keep their row and get their key)."""
    keep: list[int] = []
    drop: list[int] = []
    unchanged = 0
    for i, (a, digest, key) in enumerate(zip(batch.articles, batch.digests, batch.keys)):
        row = _stored_row(conn, key, a.id)
        if row is not None and row[1] == digest:
            unchanged += 1
            if key is not None:
                conn.execute("UPDATE articles SET key = ? WHERE row = ?", [key, row[0]])
            continue
        if row is not None:
            drop.append(row[0])
        keep.append(i)
    return keep, drop, unchanged


def _drop_articles(conn: sqlite3.Connection, rows: list[int], counts: dict[str, int]) -> None:
    """Delete these articles with their claims and figures, keeping ``counts`` true."""
    for row in rows:
        counts["mentions"] -= conn.execute("DELETE FROM mentions WHERE claim IN (SELECT row FROM claims WHERE "
                                           "article = ?)", [row]).rowcount
        counts["claims"] -= conn.execute("DELETE FROM claims WHERE article = ?", [row]).rowcount
        counts["articles"] -= conn.execute("DELETE FROM articles WHERE row = ?", [row]).rowcount
        conn.execute("INSERT OR IGNORE INTO dropped(row) VALUES(?)", [row])


def _insert_articles(conn: sqlite3.Connection, batch: _Batch, keep: list[int]) -> dict[str, int]:
    """Insert the kept articles; the row of each by id."""
    article_row: dict[str, int] = {}
    for i in keep:
        a = batch.articles[i]
        cur = conn.execute("INSERT INTO articles(key, id, sha1, data) VALUES(?, ?, ?, ?)",
                           [batch.keys[i], a.id, batch.digests[i], db.pack(_line(_article_json(a, batch.digests[i])))])
        article_row[a.id] = int(cur.lastrowid or 0)
    return article_row


def _append(conn: sqlite3.Connection, folder: Path, gen: int, ends: Ends, dim: int, claims: list[Claim],
            mentions: list[Mention], vecs: np.ndarray, article_row: dict[str, int], counts: dict[str, int]) -> None:
    """Add these claims and figures as one segment: table rows, word index, column bytes."""
    crow = {c.id: ends.claims + i for i, c in enumerate(claims)}
    segment, content_words, content_end = _insert_claims(conn, ends, claims, article_row)
    dims, fids = _insert_mentions(conn, ends, mentions, crow)
    parts = {
        "vectors": vectors.as_bytes("vectors", np.asarray(vecs, DTYPE).reshape(len(mentions), dim)),
        "mention_claim": vectors.as_bytes("mention_claim", np.asarray([crow[m.claim.id] for m in mentions])),
        "claim_article": vectors.as_bytes("claim_article", np.asarray([article_row[c.article_id] for c in claims])),
        "content_end": vectors.as_bytes("content_end", content_end),
        "content_words": vectors.as_bytes("content_words", content_words),
        "mention_dimension": vectors.as_bytes("mention_dimension", np.asarray(dims)),
        "mention_features": vectors.as_bytes("mention_features", np.asarray(fids)),
        "mention_value": vectors.as_bytes("mention_value", np.asarray([m.quantity.value for m in mentions])),
    }
    digest = vectors.append(folder, gen, ends, dim, parts)
    conn.execute("INSERT INTO segments(id, gen, mentions, claims, words, mentions_n, claims_n, words_n, sha256, "
                 "created) VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                 [segment, gen, ends.mentions, ends.claims, ends.words, len(mentions), len(claims),
                  len(content_words), digest, _now()])
    counts["claims"] += len(claims)
    counts["mentions"] += len(mentions)
    new = Ends(ends.mentions + len(mentions), ends.claims + len(claims), ends.words + len(content_words))
    db.write_meta(conn, {"ends": {"mentions": new.mentions, "claims": new.claims, "words": new.words}})


def _insert_claims(conn: sqlite3.Connection, ends: Ends, claims: list[Claim],
                   article_row: dict[str, int]) -> tuple[int, np.ndarray, np.ndarray]:
    """The claims' table rows and their word index, under the next segment id. Returns that
    id, the claims' content words (vocab ids) and where each claim's words end."""
    lines = [_line(_claim_json(c)) for c in claims]
    conn.executemany("INSERT INTO claims(row, article, data) VALUES(?, ?, ?)",
                     [(ends.claims + i, article_row[c.article_id], db.pack(ln)) for i, (c, ln) in
                      enumerate(zip(claims, lines))])
    terms: dict[str, list[int]] = {}
    contents = [sorted(align.tokens(c).content) for c in claims]
    for i, ln in enumerate(lines):
        for w in line_terms(ln):
            terms.setdefault(w, []).append(ends.claims + i)
    # sorted: the ids (and so the column bytes) do not depend on the process's hash seed
    vocab = _ids(conn, "vocab", "word", "id", sorted({*terms, *(w for ws in contents for w in ws)}))
    segment = int(conn.execute("SELECT COALESCE(MAX(id), 0) + 1 FROM segments").fetchone()[0])
    conn.executemany("INSERT INTO terms(word, segment, rows) VALUES(?, ?, ?)",
                     [(vocab[w], segment, pack_rows(rows)) for w, rows in terms.items()])
    content_words = np.asarray([vocab[w] for ws in contents for w in ws], np.int32)
    content_end = ends.words + np.cumsum([len(ws) for ws in contents], dtype=np.int64)
    return segment, content_words, content_end


def _insert_mentions(conn: sqlite3.Connection, ends: Ends, mentions: list[Mention],
                     crow: dict[str, int]) -> tuple[list[int], list[int]]:
    """The figures' table rows (``crow``: claim id -> row). Returns each figure's dimension
    code and features id."""
    codes = _ids(conn, "dimensions", "name", "code", [m.dimension for m in mentions])
    feats = [figure_features(m) for m in mentions]
    fids = _ids(conn, "features", "data", "id", feats)
    conn.executemany("INSERT INTO mentions(row, claim, dimension, data) VALUES(?, ?, ?, ?)",
                     [(ends.mentions + j, crow[m.claim.id], codes[m.dimension], db.pack(_figure_row(m)))
                      for j, m in enumerate(mentions)])
    return [codes[m.dimension] for m in mentions], [fids[f] for f in feats]


def _next_generation(conn: sqlite3.Connection, folder: Path, gen: int, ends: Ends, old_dim: int,
                     new: dict[str, np.ndarray]) -> None:
    """Write generation ``gen + 1`` of the column files, one segment: the ``new`` columns, the
    others copied from generation ``gen`` (of vectors of ``old_dim``)."""
    dim = int(new["vectors"].shape[1]) if "vectors" in new else old_dim
    parts = {name: vectors.as_bytes(name, new[name] if name in new else
                                    vectors.open_column(folder, name, gen, ends.of(name), old_dim))
             for name in vectors.COLUMNS}
    digest = vectors.append(folder, gen + 1, Ends(), dim, parts)
    _one_segment(conn, gen + 1, ends, digest)


def _one_segment(conn: sqlite3.Connection, gen: int, ends: Ends, digest: str) -> None:
    """Record a rewritten generation of the column files as one segment. It keeps the highest
    segment id so far: the word index's rows are keyed by segment, and the next update's
    segment must not take an id they already use."""
    sid = int(conn.execute("SELECT COALESCE(MAX(id), 1) FROM segments").fetchone()[0])
    conn.execute("DELETE FROM segments")
    conn.execute("INSERT INTO segments(id, gen, mentions, claims, words, mentions_n, claims_n, words_n, sha256, "
                 "created) VALUES(?, ?, 0, 0, 0, ?, ?, ?, ?, ?)",
                 [sid, gen, ends.mentions, ends.claims, ends.words, digest, _now()])


# -- opening a base


def resolve(folder: str | Path) -> Path:
    """The base folder: ``folder`` itself, or ``folder/base`` when given the claims folder."""
    folder = Path(folder)
    def here(f: Path) -> bool:
        return (f / db.FILE).exists() or (f / LEGACY_MANIFEST).exists()

    if not here(folder) and here(folder / "base"):
        return folder / "base"
    return folder


def exists(folder: str | Path) -> bool:
    return (resolve(folder) / db.FILE).exists()


def is_legacy(folder: Path) -> bool:
    """A base in the JSON Lines format of factcheck before SQLite, not yet converted."""
    return (folder / LEGACY_MANIFEST).exists() and not (folder / db.FILE).exists()


def is_outdated(folder: Path) -> bool:
    """A base of format version 2, which the next ``update`` converts (``upgrade``)."""
    if not (folder / db.FILE).exists():
        return False
    try:
        conn = db.connect(folder)
    except StoreError:
        return False
    try:
        found = conn.execute("SELECT value FROM meta WHERE name = 'version'").fetchone()
        return found is not None and json.loads(found[0]) == 2
    except (sqlite3.Error, ValueError):
        return False
    finally:
        conn.close()


def open_base(folder: str | Path) -> ClaimBase:
    """Open the claim base in ``folder``. ``StoreError`` names what is missing or bad."""
    folder = resolve(folder)
    if not (folder / db.FILE).exists():
        if is_legacy(folder):
            raise StoreError(f"{folder} is a claim base in the format of an older factcheck (JSON Lines files): "
                             f"convert it once with `factcheck update --base {folder}`")
        if not folder.exists():
            raise StoreError(f"no claim base at {folder}: build one with `factcheck update SOURCES --base {folder}`")
        raise StoreError(f"{folder / db.FILE} is missing: {folder} is not a claim base; "
                         f"build one with `factcheck update SOURCES --base {folder}`")
    return ClaimBase(folder)


# -- converting a base of format version 2 (SQLite without the screening columns)


def upgrade(folder: Path) -> str | None:
    """Bring a base of format version 2 to version 3 in one commit, once: the figures'
    dimension, rule features and value become columns (a new generation of the column
    files); nothing is re-embedded. Says what was done; None for a base that needs nothing."""
    conn = db.connect(folder)
    try:
        found = conn.execute("SELECT value FROM meta WHERE name = 'version'").fetchone()
        if found is None or json.loads(found[0]) != 2:
            return None
        with db.writing(conn, folder):
            meta = db.read_meta(conn)
            if meta.get("version") != 2:  # another update did it meanwhile
                return None
            _check_meta(folder / db.FILE, {**meta, "version": db.VERSION})
            gen, ends, dim = int(meta["gen"]), Ends(**meta["ends"]), int(meta["dim"])
            for stmt in db.SCHEMA.split(";"):
                if stmt.strip():
                    conn.execute(stmt)
            conn.execute("DROP INDEX IF EXISTS mentions_dimension")
            live = {r for (r,) in conn.execute("SELECT row FROM articles")}
            stored = vectors.open_column(folder, "claim_article", gen, ends.claims, dim)
            conn.executemany("INSERT OR IGNORE INTO dropped(row) VALUES(?)",
                             [(r,) for r in sorted(set(np.unique(stored).tolist()) - live)])
            n = _upgrade_columns(conn, folder, gen, ends, dim)
            db.write_meta(conn, {"version": db.VERSION, "gen": gen + 1, "updated": _now()})
        vectors.remove_other_generations(folder, gen + 1)
    except OSError as e:
        raise StoreError(f"{folder}: cannot convert the claim base ({e.strerror or e}); the base on disk is "
                         "unchanged") from None
    except db.DAMAGED as e:
        raise StoreError(f"{folder / db.FILE}: cannot convert the claim base ({e}); the base on disk is "
                         "unchanged") from None
    finally:
        conn.close()
    return (f"converted the claim base to format version {db.VERSION} ({n} figures: their dimensions, rule "
            "features and values are now columns, which `check` screens candidates by; nothing re-embedded)")


def _upgrade_columns(conn: sqlite3.Connection, folder: Path, gen: int, ends: Ends, dim: int) -> int:
    """Write generation ``gen + 1`` of the columns: the old ones as they are, and the figures'
    dimension, features and value read from their rows (-1, -1, NaN for a row no longer stored)."""
    dims = np.full(ends.mentions, -1, np.int32)
    fids = np.full(ends.mentions, -1, np.int32)
    values = np.full(ends.mentions, np.nan, np.float64)
    feature_ids: dict[str, int] = {}
    compact: list[tuple[bytes, int]] = []
    step, n = 20000, 0
    for lo in range(0, ends.mentions, step):
        got = conn.execute("SELECT m.row, m.dimension, m.data, c.data FROM mentions m JOIN claims c ON c.row = m.claim "
                           "WHERE m.row >= ? AND m.row < ?", [lo, lo + step]).fetchall()
        feats: list[tuple[int, str]] = []
        for row, code, mdata, cdata in got:
            try:
                d = json.loads(db.unpack(mdata))
                c = json.loads(db.unpack(cdata))
                values[row] = float(c["quantities"][int(d["quantity"])]["value"])
                feats.append((row, json.dumps([d["round"], d["role"], bool(d["total"]), bool(d["moving"]),
                                               bool(d["hedged"]), sorted(d["periods"]), sorted(d["times"]),
                                               sorted(d["subjects"])], ensure_ascii=False, separators=(",", ":"))))
            except (ValueError, KeyError, TypeError, IndexError, zlib.error) as e:
                raise StoreError(f"{folder / db.FILE}: mentions row {row}: not a valid record ({e}); "
                                 f"{rebuild_hint(folder)}") from None
            dims[row] = code
            compact.append((db.pack(_line({k: d[k] for k in _STORED_FIGURE})), row))
        conn.executemany("UPDATE mentions SET data = ? WHERE row = ?", compact)
        compact.clear()
        new = [f for _, f in feats if f not in feature_ids]
        if new:
            feature_ids.update(_ids(conn, "features", "data", "id", new))
        for row, f in feats:
            fids[row] = feature_ids[f]
        n += len(got)
    arts = conn.execute("SELECT row, data FROM articles").fetchall()
    conn.executemany("UPDATE articles SET data = ? WHERE row = ?", [(db.pack(d.encode()), r) for r, d in arts])
    terms = conn.execute("SELECT word, segment, rows FROM terms").fetchall()
    conn.executemany("UPDATE terms SET rows = ? WHERE word = ? AND segment = ?",
                     [(pack_rows(np.frombuffer(b, np.int32)), w, g) for w, g, b in terms])
    _next_generation(conn, folder, gen, ends, dim,
                     {"mention_dimension": dims, "mention_features": fids, "mention_value": values})
    return n


# -- converting a base of the old format


def migrate(folder: Path) -> str | None:
    """Convert the old-format base in ``folder`` to the database, once; say what was done."""
    from factcheck.base import legacy

    if (folder / db.FILE).exists():
        left = [n for n in _LEGACY_FILES if (folder / n).exists()]
        for n in sorted(left, key=lambda n: n == LEGACY_MANIFEST):
            (folder / n).unlink(missing_ok=True)
        return f"removed the old-format files a conversion left ({', '.join(left)})" if left else None
    if not is_legacy(folder):
        return None
    with legacy._locked(folder):
        legacy.recover(folder)
        old = legacy.open_base(folder)
        old.verify()
        old.claims.parse_rows(range(len(old.claims)))
        claims = [old.claims[i] for i in range(len(old.claims))]
        old.mentions.parse_rows(range(len(old.mentions)))
        mentions = [old.mention(j) for j in range(len(old.mentions))]
        tmp = folder / f".{db.FILE}.converting"
        for p in (tmp, Path(f"{tmp}-wal"), Path(f"{tmp}-shm")):
            p.unlink(missing_ok=True)
        staging = folder / ".converting"
        shutil.rmtree(staging, ignore_errors=True)
        create(staging, old.model, old.dim, Path(os.path.relpath(Path.cwd(), folder.resolve())).as_posix())
        conn = db.connect(staging)
        try:
            if old.created:
                conn.execute("UPDATE meta SET value = ? WHERE name = 'created'", [json.dumps(old.created)])
            with db.writing(conn, staging):
                _write(conn, staging, _Batch(list(old.articles), list(old.digests), [None] * len(old.articles),
                                             claims, mentions, np.asarray(old.vectors)),
                       fresh=False, model=None, reembedded=None)
        finally:
            conn.close()
        for p in staging.glob("*.bin"):
            os.replace(p, folder / p.name)
        os.replace(staging / db.FILE, folder / db.FILE)  # the switch
        shutil.rmtree(staging, ignore_errors=True)
        for n in sorted(_LEGACY_FILES, key=lambda n: n == LEGACY_MANIFEST):
            (folder / n).unlink(missing_ok=True)
    return (f"converted the claim base from the JSON Lines files of an older factcheck to SQLite "
            f"({len(old.articles)} articles, {len(claims)} claims, {len(mentions)} figures; nothing re-embedded); "
            f"its articles are known by id until an update names their files")


# -- update: the command's one call


@dataclass
class Update:
    """What ``update`` did."""

    base: ClaimBase | None
    added: int = 0
    replaced: int = 0
    unchanged: int = 0
    embedded: int = 0  # texts the model encoded
    created: bool = False
    reembedded: bool = False
    converted: bool = False  # a base of the old format was converted to the database
    notes: list[Note] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.added or self.replaced or self.created or self.reembedded or self.converted)

    @property
    def indexed(self) -> bool:  # the old format could lack a word index; the database always has one
        return False


def update(folder: str | Path, sources: Sequence[str | Path], embedder: Embedder,
           cache: VectorCache | None = None, *, fresh: bool = False, rebuild: bool = False) -> Update:
    """Add the articles under ``sources`` to the base in ``folder``, in one commit.

    A missing base is created; ``fresh`` starts from an empty one; ``rebuild`` re-embeds
    what is stored with ``embedder`` (needed after a model change). An article already
    stored under the same key with the same text is left as it is; with another text it is
    replaced.
    """
    loaded = read_sources(sources) if sources else None
    return prepare(folder, loaded, fresh=fresh, rebuild=rebuild, sources=sources).apply(embedder, cache)


def article_keys(folder: Path, root: str, sources: Sequence[str | Path], articles: Sequence[Article]) -> dict[str, str]:
    """Each article's key: its file's path relative to the base's root, and its record."""
    base_root = (folder.resolve() / root).resolve()
    files: dict[str, Path] = {}
    for src in sources:
        found, _ = discover([src])
        for f in found:
            if f.shown in files and files[f.shown] != f.file:
                raise UsageError(f"{files[f.shown]} and {f.file} would both be known as {f.shown} in this run: "
                                 "add them in separate runs")
            files[f.shown] = f.file
    keys: dict[str, str] = {}
    for a in articles:
        file = files.get(a.path)
        record = a.id.rpartition("#")[2]
        if file is None:
            keys[a.id] = a.id
            continue
        rel = os.path.relpath(os.path.abspath(file), base_root)
        keys[a.id] = f"{display(Path(rel).as_posix())}#{record}"
    return keys


@dataclass
class Plan:
    """An update with everything checked that can be checked before the model loads."""

    folder: Path
    done: Update
    loaded: Loaded | None
    rebuild: bool
    fresh: bool = False
    sources: Sequence[str | Path] = ()

    def apply(self, embedder: Embedder, cache: VectorCache | None = None) -> Update:
        """Embed what is new, then add it in one commit."""
        done, folder = self.done, self.folder
        fresh = self.fresh and exists(folder)  # a base made now is empty already
        if done.created:
            create(folder, embedder.identity, embedder.dim)
        base = None if fresh else done.base or open_base(folder)  # fresh: replaces a base that may not even open
        root = base.root if base else _root(folder)
        self._use_model(base, embedder, cache)
        todo: list[Article] = []
        adopt: list[Article] = []
        keys: dict[str, str] = {}
        if self.loaded:
            keys = article_keys(folder, root, self.sources, self.loaded.articles) if self.sources else {}
            todo, adopt = self._sort(base, keys, fresh)
        if todo or adopt or fresh:
            self._store(base, todo, adopt, keys, fresh, embedder, cache)
        done.base = base.refresh() if base else open_base(folder)
        return done

    def _use_model(self, base: ClaimBase | None, embedder: Embedder, cache: VectorCache | None) -> None:
        """Re-embed the stored claims with --rebuild, then check the base uses ``embedder``'s model."""
        if base and self.rebuild and not self.done.created:
            self.done.embedded += base.reembed(embedder, cache)
            self.done.reembedded = True
        if base:
            base.require_model(embedder.identity)

    def _sort(self, base: ClaimBase | None, keys: dict[str, str], fresh: bool) -> tuple[list[Article], list[Article]]:
        """The loaded articles to embed, and those stored unchanged in the old format whose key is
        only recorded; counts the unchanged ones and keeps the notes of the articles that changed."""
        assert self.loaded is not None
        done = self.done
        todo: list[Article] = []
        adopt: list[Article] = []
        for a in self.loaded.articles:
            key = keys.get(a.id, a.id)
            found = base.stored_digest(key, a.id) if base else None
            if not fresh and found is not None and found[0] == text_sha1(a.text):
                if found[1]:
                    done.unchanged += 1
                else:
                    adopt.append(a)  # converted from the old format: record its key, nothing else
            else:
                todo.append(a)
        changed = {a.path for a in todo}
        skipped = set(self.loaded.skipped)  # a set: `in` a list was quadratic in the skipped lines
        done.notes += [n for n in self.loaded.notes if n.path in changed or n in skipped]
        return todo, adopt

    def _store(self, base: ClaimBase | None, todo: list[Article], adopt: list[Article], keys: dict[str, str],
               fresh: bool, embedder: Embedder, cache: VectorCache | None) -> None:
        """Embed ``todo`` and commit it with ``adopt`` (all of the base's rows when ``fresh``)."""
        done = self.done
        result = analyse(todo, [], embedder, cache) if todo else None
        every = [*todo, *adopt]
        batch = _Batch(every, [text_sha1(a.text) for a in every], [keys.get(a.id, a.id) for a in every],
                       list(result.claims) if result else [], list(result.mentions) if result else [],
                       np.asarray(result.vectors) if result else np.zeros((0, embedder.dim), DTYPE))
        if result:
            done.embedded += result.embedded
        if base:
            base.release()
        added, replaced, unchanged = _commit(
            self.folder, batch, fresh=fresh, model=(embedder.identity, embedder.dim) if fresh else None)
        done.added, done.replaced, done.unchanged = added, replaced, done.unchanged + unchanged


def prepare(folder: str | Path, loaded: Loaded | None, *, fresh: bool = False, rebuild: bool = False,
            sources: Sequence[str | Path] = ()) -> Plan:
    """Check the base in ``folder`` can be updated (converting one of the old format) before
    the model loads; ``StoreError`` when it cannot be used."""
    folder = resolve(folder)
    notes: list[Note] = []
    converted = False
    if (folder / LEGACY_MANIFEST).exists() or (folder / ".converting").exists():
        if fresh and is_legacy(folder):
            for n in sorted(_LEGACY_FILES, key=lambda n: n == LEGACY_MANIFEST):
                (folder / n).unlink(missing_ok=True)
            notes.append(Note(str(folder), 1, "dropped the claim base of an older factcheck's format (--fresh)"))
        else:
            try:
                said = migrate(folder)
            except OSError as e:
                raise StoreError(f"{folder}: cannot convert the claim base ({e.strerror or e}); "
                                 f"{rebuild_hint(folder)}") from None
            if said:
                notes.append(Note(str(folder), 1, said))
                converted = said.startswith("converted")
    if exists(folder) and not fresh:
        said = upgrade(folder)
        if said:
            notes.append(Note(str(folder), 1, said))
            converted = True
    if not exists(folder) or fresh:
        done = Update(None, created=True, converted=converted)
    else:
        done = Update(open_base(folder), converted=converted)
    done.notes = notes
    return Plan(folder, done, loaded, rebuild, fresh, tuple(sources))


# -- export and import: the base as JSON Lines, for review in a diff


EXPORT_FILES = ("base.json", "articles.jsonl", "claims.jsonl", "mentions.jsonl", "vectors.npy")


def export(base: ClaimBase, out: Path) -> dict[str, int]:
    """Write ``base`` as JSON Lines (and its vectors as ``vectors.npy``) into ``out``; byte for
    byte the same for the same base."""
    from factcheck.files import atomic_write

    out.mkdir(parents=True, exist_ok=True)
    arts = base._query("SELECT row, key, sha1, data FROM articles ORDER BY row")
    art_lines = [_line({"key": k, **json.loads(base._unpack("articles", r, d)), "sha1": s}) for r, k, s, d in arts]
    claims = base._query("SELECT row, data FROM claims ORDER BY article, row")
    ments = base._query("SELECT m.row, m.claim, m.data FROM mentions m JOIN claims c ON c.row = m.claim "
                        "ORDER BY c.article, m.claim, m.row")
    order = [r for r, _, _ in ments]
    base.claims.parse_rows(c for _, c, _ in ments)
    vecs = np.asarray(base.vectors[order] if order else np.zeros((0, base.dim)), DTYPE)
    import io

    buf = io.BytesIO()
    np.lib.format.write_array(buf, np.ascontiguousarray(vecs), allow_pickle=False)
    meta = {k: base.meta[k] for k in ("format", "version", "model", "model_name", "weights_sha256_prefix", "dim",
                                      "dtype", "mention_fields", "root")}
    meta["counts"] = {"articles": len(arts), "claims": len(claims), "mentions": len(ments)}
    files = {
        "base.json": (json.dumps(meta, indent=1) + "\n").encode(),
        "articles.jsonl": b"".join(ln + b"\n" for ln in art_lines),
        "claims.jsonl": b"".join(base._unpack("claims", r, d) + b"\n" for r, d in claims),
        "mentions.jsonl": b"".join(_line(base.figure_record(r, base.claims[c], json.loads(base._unpack("mentions", r, d))))
                                   + b"\n" for r, c, d in ments),
        "vectors.npy": buf.getvalue(),
    }
    for name, data in files.items():
        atomic_write(out / name, data)
    return dict(meta["counts"])


def import_base(src: Path, folder: Path) -> ClaimBase:
    """Build the base in ``folder`` (which must hold none) from an export in ``src``."""
    if exists(folder) or is_legacy(folder):
        raise StoreError(f"{folder} already holds a claim base: import into a new folder (or remove it first)")

    def lines(name: str) -> list[tuple[int, dict[str, Any]]]:
        path = src / name
        out = []
        try:
            text = path.read_bytes().split(b"\n")
        except OSError as e:
            raise StoreError(f"{path}: cannot read it ({e.strerror or e})") from None
        for n, ln in enumerate(text, 1):
            if not ln.strip():
                continue
            try:
                obj = json.loads(ln)
                if not isinstance(obj, dict):
                    raise ValueError("not a JSON object")
            except ValueError as e:
                raise StoreError(f"{path}:{n}: not a valid record ({e})") from None
            out.append((n, obj))
        return out

    try:
        meta = json.loads((src / "base.json").read_text(encoding="utf-8"))
        if meta.get("format") != db.FORMAT or meta.get("mention_fields") != MENTION_FIELDS:
            raise ValueError("not an export of this factcheck's claim base")
        vecs = np.load(src / "vectors.npy", allow_pickle=False)
    except (OSError, ValueError, AttributeError) as e:
        raise StoreError(f"{src}: not a claim base export ({e})") from None
    articles, digests, keys = [], [], []
    for n, d in lines("articles.jsonl"):
        try:
            a, digest = _stored_article(d)
        except (KeyError, TypeError, ValueError) as e:
            raise StoreError(f"{src / 'articles.jsonl'}:{n}: bad or missing field {e}") from None
        articles.append(a)
        digests.append(digest)
        keys.append(d.get("key"))
    claims: list[Claim] = []
    k = 0
    for n, d in lines("claims.jsonl"):
        try:
            c = _claim(d)
        except (KeyError, TypeError, ValueError) as e:
            raise StoreError(f"{src / 'claims.jsonl'}:{n}: bad or missing field {e}") from None
        while k < len(articles) and articles[k].id != c.article_id:
            k += 1
        if k == len(articles):
            raise StoreError(f"{src / 'claims.jsonl'}:{n}: claim of {c.article_id}, not among the articles in order")
        claims.append(c)
    by_article = {a.id: a for a in articles}
    mentions: list[Mention] = []
    k = 0
    for n, d in lines("mentions.jsonl"):
        while k < len(claims) and claims[k].id != d.get("claim"):
            k += 1
        if k == len(claims):
            raise StoreError(f"{src / 'mentions.jsonl'}:{n}: figure of claim {d.get('claim')}, not among the claims "
                             "in order")
        try:
            mentions.append(_mention(d, claims[k], by_article[claims[k].article_id]))
        except (KeyError, TypeError, ValueError) as e:
            raise StoreError(f"{src / 'mentions.jsonl'}:{n}: bad or missing field {e}") from None
    if vecs.shape != (len(mentions), int(meta["dim"])):
        raise StoreError(f"{src / 'vectors.npy'}: shape {vecs.shape}, the export has {len(mentions)} figures")
    create(folder, str(meta["model"]), int(meta["dim"]), str(meta.get("root", ".")))
    base = open_base(folder)
    base._write(_Batch(articles, digests, keys, claims, mentions, vecs))
    return base
