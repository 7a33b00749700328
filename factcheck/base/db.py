"""The claim base's database: SQLite (Python's ``sqlite3``) in WAL mode, ``base.sqlite``.

Many readers and one writer at a time; each reader works on one consistent snapshot (a read
transaction held while the base is open), a writer's changes appear in one commit, and a
process killed mid-update leaves the last commit. A second writer waits for the first on
the database's lock (``FACTCHECK_LOCK_TIMEOUT`` seconds, default 300) and then reads the
base as the first left it, so no update is lost.

Tables (``SCHEMA``): ``meta`` (format, version, model, dim, the columns' committed ends and
generation, counts), ``articles`` (one row per stored article; ``key`` is its file's path
relative to the base's root plus its record, the name an update replaces it by),
``claims`` and ``mentions`` (each row's JSON record, zlib-compressed with a fixed
dictionary), ``dimensions``, ``features`` (the distinct sets of a figure's rule features, as
JSON: what ``check`` screens candidates by, see ``store.figure_features``), ``vocab`` and ``terms`` (the word index: for each word, the
claim rows whose stored record holds it, one blob of int32 rows per segment), and
``segments`` (each update's rows in the column files, with their sha256), and ``dropped`` (the
rows of the articles deleted since the column files' generation began: their claims and
figures are still in the columns, no longer in the base).
"""

from __future__ import annotations

import json
import os
import sqlite3
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from factcheck.errors import StoreError

FILE = "base.sqlite"
FORMAT = "factcheck-claim-base"
VERSION = 3
LOCK_TIMEOUT_ENV = "FACTCHECK_LOCK_TIMEOUT"

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta(name TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS articles(row INTEGER PRIMARY KEY AUTOINCREMENT, key TEXT UNIQUE, id TEXT NOT NULL,
                                    sha1 TEXT NOT NULL, data TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS articles_id ON articles(id);
CREATE TABLE IF NOT EXISTS claims(row INTEGER PRIMARY KEY, article INTEGER NOT NULL, data BLOB NOT NULL);
CREATE INDEX IF NOT EXISTS claims_article ON claims(article);
CREATE TABLE IF NOT EXISTS mentions(row INTEGER PRIMARY KEY, claim INTEGER NOT NULL, dimension INTEGER NOT NULL,
                                    data BLOB NOT NULL);
CREATE INDEX IF NOT EXISTS mentions_claim ON mentions(claim);
CREATE TABLE IF NOT EXISTS dimensions(code INTEGER PRIMARY KEY, name TEXT UNIQUE NOT NULL);
CREATE TABLE IF NOT EXISTS features(id INTEGER PRIMARY KEY, data TEXT UNIQUE NOT NULL);
CREATE TABLE IF NOT EXISTS dropped(row INTEGER PRIMARY KEY);
CREATE TABLE IF NOT EXISTS vocab(id INTEGER PRIMARY KEY, word TEXT UNIQUE NOT NULL);
CREATE TABLE IF NOT EXISTS terms(word INTEGER NOT NULL, segment INTEGER NOT NULL, rows BLOB NOT NULL,
                                 PRIMARY KEY(word, segment)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS segments(id INTEGER PRIMARY KEY, gen INTEGER NOT NULL, mentions INTEGER NOT NULL,
                                    claims INTEGER NOT NULL, words INTEGER NOT NULL,
                                    mentions_n INTEGER NOT NULL, claims_n INTEGER NOT NULL,
                                    words_n INTEGER NOT NULL, sha256 TEXT NOT NULL, created TEXT NOT NULL);
"""

# The records are short JSON objects with the same keys: a preset dictionary of those keys lets
# zlib compress each one alone about as well as a whole file. Never change it (old rows use it):
# a new dictionary needs a new ``VERSION``.
_ZDICT = (b'"periods":[],"moving":false,"round":null,"times":["now"],"subjects":[],"window":"'
          b'"measure":"count","role":null,"total":false,"hedged":false,"dimension":"money:USD",'
          b'"claim":"c","quantity":0,"article_id":".txt#1","date":"20"'
          b'"quantities":[{"text":"","value":.0,"low":.0,"high":.0,"unit":"USD","kind":"money",'
          b'"qualifier":null,"start":,"end":}],"text_start":,"text_end":}'
          b'{"id":"c","article_id":".txt#1","text":"The company said the million billion percent '
          b'","start":,"end":,"line":,"date":null,')


def pack(line: bytes) -> bytes:
    c = zlib.compressobj(6, zlib.DEFLATED, -15, zdict=_ZDICT)
    return c.compress(line) + c.flush()


def unpack(data: bytes) -> bytes:
    d = zlib.decompressobj(-15, zdict=_ZDICT)
    return d.decompress(data) + d.flush()


def lock_timeout() -> float:
    try:
        return float(os.environ.get(LOCK_TIMEOUT_ENV) or 300)
    except ValueError:
        return 300.0


# What reading a damaged database file raises: SQLite's errors, and text that is not UTF-8 (a byte
# flipped in the file can reach Python inside a message or a value; sqlite3 then fails to decode it).
DAMAGED: tuple[type[Exception], ...] = (sqlite3.Error, UnicodeDecodeError)


def connect(folder: Path, create: bool = False) -> sqlite3.Connection:
    """A connection to the base in ``folder`` (``create``: make the file if it is missing).

    Transactions are explicit (``BEGIN``); a writer waits ``lock_timeout()`` for the lock."""
    path = folder / FILE
    mode = "rwc" if create else "rw"
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode={mode}", uri=True, timeout=lock_timeout(),
                               isolation_level=None, check_same_thread=False)
        conn.execute("PRAGMA synchronous=FULL")
        if create:
            mode_now = conn.execute("PRAGMA journal_mode").fetchone()[0]
            if mode_now != "wal":
                conn.execute("PRAGMA journal_mode=WAL")
    except DAMAGED as e:
        raise StoreError(f"{path}: cannot open the claim base's database ({e})") from None
    return conn


@contextmanager
def writing(conn: sqlite3.Connection, folder: Path) -> Iterator[sqlite3.Connection]:
    """One write transaction: wait for the lock (another update), commit at the end, roll back
    on any error."""
    try:
        conn.execute("BEGIN IMMEDIATE")
    except sqlite3.OperationalError as e:
        if "locked" in str(e) or "busy" in str(e):
            raise StoreError(f"{folder}: another `factcheck update` has held the claim base for "
                             f"{lock_timeout():g} s; nothing was changed: run this update again when it is done "
                             f"(or wait longer: {LOCK_TIMEOUT_ENV}=SECONDS)") from None
        raise StoreError(f"{folder / FILE}: cannot write the claim base ({e})") from None
    try:
        yield conn
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise


def read_meta(conn: sqlite3.Connection) -> dict[str, Any]:
    return {k: json.loads(v) for k, v in conn.execute("SELECT name, value FROM meta")}


def write_meta(conn: sqlite3.Connection, values: dict[str, Any]) -> None:
    conn.executemany("INSERT INTO meta(name, value) VALUES(?, ?) ON CONFLICT(name) DO UPDATE SET value=excluded.value",
                     [(k, json.dumps(v)) for k, v in values.items()])
