"""The claim base as factcheck saved it before SQLite (format version 1): read once, to convert it.

``factcheck update`` converts a base in this format to the database of ``base.store`` (see
``store.migrate``); this module is kept only to read it. What follows describes the old format.

A newsroom keeps it beside its sources (``claims/base/``) so that ``factcheck check`` can
match a new article against everything on file without re-reading or re-embedding the
old articles. ``factcheck update`` adds reviewed articles to it.

Layout (format version 1)::

    manifest.json   {"format", "version", "model", "model_name", "weights_sha256_prefix", "dim",
                     "dtype", "counts": {"articles", "claims", "mentions"}, "dimensions",
                     "mention_fields", "created", "updated"}
    articles.jsonl  one article a line: {"id", "path", "record", "line", "title", "date", "sha1"}
    claims.jsonl    one claim a line, as in report.json, plus "text_start"/"text_end"
    mentions.jsonl  one comparable figure a line: the ``Mention`` fields, "claim" a claim id
    vectors.npz     "vectors": float16 unit rows, one per mention line; "mention_claim",
                    "mention_dimension", "claim_article": the row numbers that tie the lines
                    together (mention -> claim -> article; dimension codes index "dimensions")
    words.npz       the word index of the claims (``base.words``): what ``check``'s
                    aligned-passage channel needs of them without parsing the lines; the
                    manifest's "word_index" names the rules it was built by. A base saved
                    without it (by an older factcheck) is checked by reading the lines, and
                    its next update adds it.

The JSON Lines files are compact and in the order articles were added, so adding an
article appends lines and a diff reads as what was added; ``vectors.npz`` is written
byte-for-byte reproducibly. ``model`` is the embedder identity (model name and weights
hash, its first 16 hex digits also in "weights_sha256_prefix"): a base is only ever
matched with vectors of the same identity. "mention_fields" lists the attributes a stored
figure carries; a base written by a factcheck with other attributes must be built afresh.

Opening a base reads the manifest, the articles and ``vectors.npz`` and splits the other
two files into lines; a claim or mention is parsed only when the matcher asks for it, so a
100,000-claim base opens in a fraction of a second. Every file is replaced atomically
(temporary file, then ``os.replace``), the manifest last.
"""

from __future__ import annotations

import hashlib
import io
import json
import math
import os
import shutil
import zipfile
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Generic, TypeVar

import numpy as np

from factcheck.base.words import INDEX_VERSION, RULES, WordIndex
from factcheck.errors import StoreError
from factcheck.files import atomic_write
from factcheck.pipeline import Result
from factcheck.records import Article, Claim, Mention, Quantity

FORMAT = "factcheck-claim-base"
VERSION = 1
MANIFEST = "manifest.json"
ARTICLES, CLAIMS, MENTIONS, VECTORS = "articles.jsonl", "claims.jsonl", "mentions.jsonl", "vectors.npz"
WORDS = "words.npz"
STAGING, COMMITTED = ".update", "COMMITTED"  # the next version while it is written; its "complete" mark
_FILE_STEMS = {"manifest", "articles", "claims", "mentions", "vectors", "words"}
DTYPE = np.float16  # cosines move by < 1e-4 against float32 on the seeds; their flags are the same
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)  # fixed, so the same vectors give the same bytes

T = TypeVar("T")


def rebuild_hint(folder: Path | str) -> str:
    """What to do about a damaged base."""
    return f"restore it (git checkout) or build it afresh with `factcheck update SOURCES --fresh --base {folder}`"


class _Lines(Generic[T]):
    """The lines of a JSON Lines file, each parsed the first time it is asked for."""

    def __init__(self, path: Path, lines: list[bytes], parse: Callable[[int, dict[str, Any]], T] | None = None) -> None:
        self.path, self.lines = path, lines
        self.parse: Callable[[int, dict[str, Any]], T] = parse or (lambda i, d: d)  # type: ignore[assignment, return-value]
        self._parsed: dict[int, T] = {}

    def __len__(self) -> int:
        return len(self.lines)

    def __getitem__(self, i: int) -> T:
        if i not in self._parsed:
            self._parsed[i] = self.get(i, lambda d: self.parse(i, d))
        return self._parsed[i]

    def parse_rows(self, rows: Iterable[int]) -> None:
        """Parse these rows in one ``json.loads``: several times faster than line by line."""
        todo = [i for i in dict.fromkeys(rows) if i not in self._parsed]
        if not todo:
            return
        try:
            objs = json.loads(b"[" + b",".join([self.lines[i] for i in todo]) + b"]")
            if len(objs) == len(todo):
                self._parsed.update((i, self.parse(i, d)) for i, d in zip(todo, objs))
                return
        except (ValueError, UnicodeDecodeError, KeyError, TypeError, AttributeError, StoreError):
            pass
        for i in todo:  # one at a time, to name the bad line
            self[i]

    def get(self, i: int, parse: Callable[[dict[str, Any]], Any]) -> Any:
        """Line ``i`` through ``parse``; a bad line is a ``StoreError`` naming file and line."""
        try:
            obj = json.loads(self.lines[i])
            if not isinstance(obj, dict):
                raise ValueError("not a JSON object")
            return parse(obj)
        except (ValueError, UnicodeDecodeError) as e:
            why = str(e)
        except (KeyError, TypeError, AttributeError) as e:
            why = f"bad or missing field {e}"
        raise StoreError(f"{self.path}:{i + 1}: not a valid record ({why}); {rebuild_hint(self.path.parent)}")

    def keep(self, mask: np.ndarray) -> None:
        self.lines = [ln for ln, k in zip(self.lines, mask) if k]
        self._parsed = {}

    def extend(self, records: Iterable[dict[str, Any]]) -> None:
        self.lines.extend(_line(r) for r in records)

    def data(self) -> bytes:
        return b"".join(ln + b"\n" for ln in self.lines)


def _line(record: dict[str, Any]) -> bytes:
    return json.dumps(record, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


# -- records to and from their lines


def _article_json(a: Article, digest: str) -> dict[str, Any]:
    return {**a.as_json(), "sha1": digest}


def text_sha1(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


def _stored_article(d: dict[str, Any]) -> tuple[Article, str]:
    """The article (without its text, which the base does not keep) and the sha1 of its text."""
    return Article(id=d["id"], path=d["path"], record=int(d["record"]), line=int(d["line"]),
                   title=d["title"], date=d["date"], text="", url=str(d.get("url") or ""),
                   outlet=str(d.get("outlet") or ""), author=str(d.get("author") or ""),
                   story=str(d.get("story") or "")), str(d["sha1"])


def _claim_json(c: Claim) -> dict[str, Any]:
    return {**c.as_json(), "text_start": c.start, "text_end": c.end}


def _claim(d: dict[str, Any]) -> Claim:
    return Claim(id=d["id"], article_id=d["article_id"], text=d["text"], start=int(d["text_start"]),
                 end=int(d["text_end"]), file_start=int(d["start"]), file_end=int(d["end"]), line=int(d["line"]),
                 quantities=tuple(_quantity(q) for q in d["quantities"]), date=d["date"])


def _quantity(d: dict[str, Any]) -> Quantity:
    return Quantity(text=d["text"], start=int(d["start"]), end=int(d["end"]), value=float(d["value"]),
                    low=float(d["low"]), high=math.inf if d["high"] is None else float(d["high"]),
                    unit=d["unit"], kind=d["kind"], qualifier=d["qualifier"])


# Mentions are stored field by field under these names (the manifest lists them): the claim
# by id, its figure by index, then the features. A base written with other fields must be
# built again from its sources.
MENTION_FIELDS = ["claim", "quantity", "article_id", "date", "dimension", "role", "total", "hedged", "periods",
                  "moving", "round", "times", "subjects", "window", "measure"]
_SETS = frozenset({"periods", "times", "subjects"})
_FEATURES = [f for f in MENTION_FIELDS if f not in ("claim", "quantity", "article_id", "date")]


def _parse_claim(_: int, d: dict[str, Any]) -> Claim:
    return _claim(d)


def _mention_json(m: Mention) -> dict[str, Any]:
    out: dict[str, Any] = {"claim": m.claim.id, "quantity": m.index, "article_id": m.article_id, "date": m.date}
    for name in _FEATURES:
        v = getattr(m, name)
        out[name] = sorted(v) if name in _SETS else v
    return out


def _mention(d: dict[str, Any], claim: Claim, article: Article) -> Mention:
    """The mention stored as ``d``, of ``claim`` in ``article``."""
    return Mention(claim=claim, index=int(d["quantity"]), article_path=article.path, article_record=article.record,
                   date=d["date"], dimension=str(d["dimension"]), role=d["role"],
                   total=bool(d["total"]), hedged=bool(d["hedged"]), periods=frozenset(d["periods"]),
                   moving=bool(d["moving"]), round=d["round"], times=frozenset(d["times"]),
                   subjects=frozenset(d["subjects"]), window=str(d["window"]), measure=str(d["measure"]))


# -- the base


@dataclass
class ClaimBase:
    """Articles, claims and mentions on file, and one vector per mention.

    ``claims[i]`` and ``mention(j)`` parse rows on demand; ``mention(j).claim`` is a row
    of the claims, so a list of the base's claims followed by new ones is indexed by both.
    """

    model: str  # embedder identity: "all-MiniLM-L6-v2@53aa51172d142c89"
    dim: int
    articles: list[Article]
    digests: list[str]  # sha1 of each article's text: an unchanged article is not re-embedded
    claims: _Lines[Claim]
    mentions: _Lines[Mention]
    claim_article: np.ndarray  # int32: article row of each claim
    mention_claim: np.ndarray  # int32: claim row of each mention
    mention_dimension: np.ndarray  # int16: index into ``dimensions``
    dimensions: list[str]
    vectors: np.ndarray  # float16, one unit row per mention
    path: Path | None = None
    created: str | None = None
    _article_index: dict[str, int] = field(default_factory=dict[str, Any], repr=False)
    _words: WordIndex | None = field(default=None, repr=False)
    _words_file: tuple[Path, bytes, str] | None = field(default=None, repr=False)  # (path, data, sha256): unparsed

    def __post_init__(self) -> None:
        self._article_index = {a.id: i for i, a in enumerate(self.articles)}
        self.mentions.parse = self._parse_mention  # a row's claim and article come from the columns

    @classmethod
    def empty(cls, model: str, dim: int, path: Path | None = None) -> ClaimBase:
        folder = path or Path(".")
        return cls(model, dim, [], [], _Lines(folder / CLAIMS, [], _parse_claim), _Lines(folder / MENTIONS, []),
                   np.zeros(0, np.int32), np.zeros(0, np.int32), np.zeros(0, np.int16), [],
                   np.zeros((0, dim), DTYPE), path, _words=WordIndex.empty())

    @classmethod
    def from_result(cls, result: Result) -> ClaimBase:
        """A base holding everything a pipeline run found (its flags are not kept)."""
        base = cls.empty(result.model, int(result.vectors.shape[1]) if result.vectors.ndim == 2 else 0)
        base.add(result)
        return base

    # -- reading

    @property
    def article_index(self) -> dict[str, Article]:
        return {a.id: a for a in self.articles}

    def article_row(self, article_id: str) -> int | None:
        return self._article_index.get(article_id)

    @property
    def mention_article(self) -> np.ndarray:
        rows: np.ndarray = self.claim_article[self.mention_claim]
        return rows

    @property
    def words(self) -> WordIndex | None:
        """The word index of the stored claims (read on first use); ``None`` for a base saved
        without one, by an older factcheck."""
        if self._words is None and self._words_file is not None:
            self._words = _word_index(*self._words_file, len(self.claims))
            self._words_file = None
        return self._words

    def mention(self, j: int) -> Mention:
        """Mention row ``j``, with its claim and article."""
        return self.mentions[j]

    def _parse_mention(self, j: int, d: dict[str, Any]) -> Mention:
        row = int(self.mention_claim[j])
        article = self.articles[self.claim_article[row]]
        if d["article_id"] != article.id:
            raise StoreError(f"{self.mentions.path}:{j + 1}: a figure of {d['article_id']}, but {VECTORS} ties it "
                             f"to a claim of {article.id}: the files do not belong together; "
                             f"{rebuild_hint(self.mentions.path.parent)}")
        return _mention(d, self.claims[row], article)

    def verify(self) -> None:
        """Parse every stored row and check that each figure names the claim its row points at."""
        for j in range(len(self.mentions)):
            claim_id = self.mentions.get(j, lambda d: d["claim"])
            row = int(self.mention_claim[j])
            if claim_id != self.claims[row].id:
                raise StoreError(f"{self.mentions.path}:{j + 1}: names claim {claim_id}, but line {row + 1} of "
                                 f"{self.claims.path.name} is claim {self.claims[row].id}: the files do not belong "
                                 f"together; {rebuild_hint(self.mentions.path.parent)}")
            self.mentions[j]
        for i in range(len(self.claims)):
            self.claims[i]
        _ = self.words  # read and check the word index

    def rows(self, dimension: str) -> np.ndarray:
        """Mention rows with this dimension ("money:USD")."""
        try:
            code = self.dimensions.index(dimension)
        except ValueError:
            return np.zeros(0, np.int64)
        return np.flatnonzero(self.mention_dimension == code)

    def require_model(self, identity: str) -> None:
        """``StoreError`` unless the base's vectors come from the embedder ``identity``."""
        if identity != self.model:
            where = self.path or "the claim base"
            raise StoreError(
                f"{where} was embedded with {self.model}, but the model loaded is {identity}: "
                f"vectors of two models cannot be compared. Re-embed the base with "
                f"`factcheck update --rebuild --base {where}`, or pass the model it was built with (--model)")

    # -- changing

    def add(self, result: Result) -> tuple[int, int]:
        """Add the articles of ``result``, replacing stored ones with the same id.

        Returns (added, replaced)."""
        self.require_model(result.model)
        words = self.words  # read before the rows change
        new_ids = {a.id for a in result.articles}
        keep = np.asarray([a.id not in new_ids for a in self.articles], dtype=bool)
        replaced = int((~keep).sum())
        if replaced:
            self._keep_articles(keep)
        a0, c0 = len(self.articles), len(self.claims)
        self.articles.extend(result.articles)
        self.digests.extend(text_sha1(a.text) for a in result.articles)
        self._article_index = {a.id: i for i, a in enumerate(self.articles)}
        self.claims.extend(_claim_json(c) for c in result.claims)
        if words is not None:  # a base without its index gets one whole when saved
            words.add(self.claims.lines[c0:], result.claims)
        self.mentions.extend(_mention_json(m) for m in result.mentions)
        row = {a.id: a0 + i for i, a in enumerate(result.articles)}
        self.claim_article = np.concatenate([self.claim_article, np.asarray(
            [row[c.article_id] for c in result.claims], dtype=np.int32)])
        claim_row = {c.id: c0 + i for i, c in enumerate(result.claims)}  # rows on disk tie mention to claim
        self.mention_claim = np.concatenate([self.mention_claim, np.asarray(
            [claim_row[m.claim.id] for m in result.mentions], dtype=np.int32)])
        code = {d: i for i, d in enumerate(self.dimensions)}
        for m in result.mentions:
            if m.dimension not in code:
                code[m.dimension] = len(self.dimensions)
                self.dimensions.append(m.dimension)
        self.mention_dimension = np.concatenate([self.mention_dimension, np.asarray(
            [code[m.dimension] for m in result.mentions], dtype=np.int16)])
        vecs = np.asarray(result.vectors, dtype=DTYPE).reshape(len(result.mentions), self.dim)
        self.vectors = np.concatenate([self.vectors, vecs])
        return len(result.articles) - replaced, replaced

    def _keep_articles(self, keep: np.ndarray) -> None:
        keep_claims = keep[self.claim_article]
        keep_mentions = keep_claims[self.mention_claim]
        article_row = np.cumsum(keep) - 1
        claim_row = np.cumsum(keep_claims) - 1
        self.articles = [a for a, k in zip(self.articles, keep) if k]
        self.digests = [d for d, k in zip(self.digests, keep) if k]
        self.claims.keep(keep_claims)
        if self.words is not None:
            self.words.keep(keep_claims)
        self.mentions.keep(keep_mentions)
        self.claim_article = article_row[self.claim_article[keep_claims]].astype(np.int32)
        self.mention_claim = claim_row[self.mention_claim[keep_mentions]].astype(np.int32)
        self.mention_dimension = self.mention_dimension[keep_mentions]
        self.vectors = self.vectors[keep_mentions]

    def word_index(self) -> WordIndex:
        """The word index, built from the stored claims when the base has none."""
        if self.words is None:
            self.claims.parse_rows(range(len(self.claims)))
            self._words = WordIndex.build(self.claims.lines, [self.claims[i] for i in range(len(self.claims))])
        assert self._words is not None
        return self._words

    # -- writing

    def save(self, folder: str | Path | None = None) -> Path:
        """Write the base into ``folder`` (default: where it was loaded from)."""
        folder = Path(folder or self.path or "")
        if not str(folder):
            raise StoreError("no folder to save the claim base in")
        now = datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")
        name, _, digest = self.model.partition("@")
        manifest = {
            "format": FORMAT, "version": VERSION, "model": self.model, "model_name": name,
            "weights_sha256_prefix": digest or None, "dim": self.dim, "dtype": np.dtype(DTYPE).name,
            "counts": {"articles": len(self.articles), "claims": len(self.claims), "mentions": len(self.mentions)},
            "dimensions": self.dimensions, "mention_fields": MENTION_FIELDS,
            "word_index": {"version": INDEX_VERSION, "rules": RULES},
            "created": self.created or now, "updated": now,
        }
        articles = b"".join(_line(_article_json(a, d)) + b"\n" for a, d in zip(self.articles, self.digests))
        files = {
            ARTICLES: articles, CLAIMS: self.claims.data(), MENTIONS: self.mentions.data(),
            VECTORS: _npz({
                "vectors": self.vectors.astype(DTYPE), "mention_claim": self.mention_claim.astype(np.int32),
                "mention_dimension": self.mention_dimension.astype(np.int16),
                "claim_article": self.claim_article.astype(np.int32)}),
            WORDS: _npz(self.word_index().arrays()),
        }
        manifest["files"] = {name: hashlib.sha256(data).hexdigest() for name, data in files.items()}
        files[MANIFEST] = (json.dumps(manifest, indent=1) + "\n").encode("utf-8")
        try:
            folder.mkdir(parents=True, exist_ok=True)
            with _locked(folder):
                recover(folder)
                _switch(folder, files)
        except OSError as e:
            raise StoreError(f"cannot write the claim base in {folder}: {e.strerror or e} "
                             "(the base on disk is unchanged)") from None
        self.path, self.created = folder, self.created or now
        self.claims.path, self.mentions.path = folder / CLAIMS, folder / MENTIONS
        return folder


def _npz(arrays: dict[str, np.ndarray]) -> bytes:
    """An uncompressed .npz, the same bytes for the same arrays (``np.savez`` stamps the time)."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_STORED) as z:
        for name, arr in arrays.items():
            with z.open(zipfile.ZipInfo(f"{name}.npy", date_time=_ZIP_TIME), "w", force_zip64=True) as f:
                np.lib.format.write_array(f, np.ascontiguousarray(arr), allow_pickle=False)
    return buf.getvalue()


# -- one atomic switch from the old version to the new


def _switch(folder: Path, files: dict[str, bytes]) -> None:
    """Replace the base in ``folder`` with ``files`` in one step, as far as any reader can tell.

    The new files are written into ``folder/.update/`` and synced; then the ``COMMITTED``
    file (written by rename) marks them complete: that is the switch. Moving them into
    place follows, the manifest last. A process killed before the switch leaves the old
    base, and the next ``recover`` clears the folder it left; killed after it, readers
    already see the new base through ``.update/`` and the next ``recover`` finishes the
    moves. Nothing is left behind once a save returns.
    """
    staging = folder / STAGING
    staging.mkdir()
    for name, data in files.items():
        with open(staging / name, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
    _sync_folder(staging)
    atomic_write(staging / COMMITTED, "".join(f"{name}\n" for name in files).encode("utf-8"))
    _sync_folder(staging)
    _roll_forward(folder)


def _roll_forward(folder: Path) -> None:
    staging = folder / STAGING
    names = (staging / COMMITTED).read_text(encoding="utf-8").split()
    for name in sorted(names, key=lambda n: n == MANIFEST):  # the manifest last
        with suppress(FileNotFoundError):  # moved before an interruption
            os.replace(staging / name, folder / name)
    _sync_folder(folder)
    shutil.rmtree(staging)


def recover(folder: str | Path) -> str | None:
    """Finish or clear an update of ``folder`` that was cut short; say which, or ``None``.

    Call it holding the base's lock (``save`` and ``prepare`` do)."""
    folder = Path(folder)
    staging = folder / STAGING
    stray = [p for p in folder.glob(".*.*") if p.is_file() and p.name.split(".")[1] in _FILE_STEMS]
    for p in stray:  # temporary files of an older factcheck's save
        p.unlink(missing_ok=True)
    if not staging.is_dir():
        return "removed temporary files of an update cut short" if stray else None
    if (staging / COMMITTED).is_file():
        _roll_forward(folder)
        return "finished an update that was cut short after it was complete"
    shutil.rmtree(staging)
    return "cleared an update that was cut short before it was complete (the base is as it was)"


@contextmanager
def _locked(folder: Path) -> Iterator[None]:
    """One writer at a time: an exclusive lock on the folder itself (no lock file is left)."""
    try:
        import fcntl
    except ImportError:  # Windows: no folder locks; one update at a time is up to the user
        yield
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)


def _sync_folder(folder: Path) -> None:
    """Make renames in ``folder`` durable (where the platform allows opening a folder)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _read(folder: Path, name: str) -> bytes:
    """The current version of ``folder/name``: from ``.update/`` while a committed switch is moving in."""
    staged = folder / STAGING / name
    if (folder / STAGING / COMMITTED).is_file():
        try:
            return staged.read_bytes()
        except FileNotFoundError:
            pass  # already moved into place
    return (folder / name).read_bytes()


def _check_digest(path: Path, data: bytes, manifest: dict[str, Any]) -> None:
    expected = (manifest.get("files") or {}).get(path.name)
    if expected is not None and hashlib.sha256(data).hexdigest() != expected:
        raise StoreError(f"{path}: its content is not the one the manifest records (sha256): the file was "
                         f"changed or replaced since the base was saved; {rebuild_hint(path.parent)}")


# -- opening a base


def resolve(folder: str | Path) -> Path:
    """The base folder: ``folder`` itself, or ``folder/base`` when given the claims folder."""
    folder = Path(folder)
    if not (folder / MANIFEST).exists() and (folder / "base" / MANIFEST).exists():
        return folder / "base"
    return folder


def exists(folder: str | Path) -> bool:
    return (resolve(folder) / MANIFEST).exists()


def open_base(folder: str | Path) -> ClaimBase:
    """Open the claim base in ``folder``. ``StoreError`` names the file that is missing or bad."""
    folder = resolve(folder)
    manifest_path = folder / MANIFEST
    if not manifest_path.exists() and not (folder / STAGING / COMMITTED).is_file():
        if not folder.exists():
            raise StoreError(f"no claim base at {folder}: build one with `factcheck update SOURCES --base {folder}`")
        raise StoreError(f"{manifest_path} is missing: {folder} is not a claim base (or its manifest was "
                         f"deleted); build one with `factcheck update SOURCES --base {folder}`")
    manifest = _manifest(manifest_path)
    counts = manifest["counts"]
    model, dim = manifest["model"], int(manifest["dim"])
    arts = _Lines(folder / ARTICLES, _read_lines(folder / ARTICLES, counts["articles"], manifest),
                  lambda _, d: _stored_article(d))
    arts.parse_rows(range(len(arts)))
    rows = [arts[i] for i in range(len(arts))]
    claims = _Lines(folder / CLAIMS, _read_lines(folder / CLAIMS, counts["claims"], manifest), _parse_claim)
    mentions: _Lines[Mention] = _Lines(folder / MENTIONS, _read_lines(folder / MENTIONS, counts["mentions"], manifest))
    arrays = _vectors(folder / VECTORS, counts, dim, len(manifest["dimensions"]), manifest)
    index = manifest.get("word_index")
    digest = (manifest.get("files") or {}).get(WORDS)
    words = None
    if isinstance(index, dict) and index.get("rules") == RULES and digest:  # read now, parsed when asked for
        words = (folder / WORDS, _read_file(folder / WORDS), digest)
    return ClaimBase(model, dim, [a for a, _ in rows], [d for _, d in rows], claims, mentions,
                     arrays["claim_article"], arrays["mention_claim"], arrays["mention_dimension"],
                     list(manifest["dimensions"]), arrays["vectors"], folder, manifest.get("created"),
                     _words_file=words)


def _manifest(path: Path) -> dict[str, Any]:
    try:
        manifest = json.loads(_read(path.parent, path.name).decode("utf-8"))
    except (OSError, ValueError, RecursionError) as e:
        raise StoreError(f"{path}: cannot read the manifest ({e}); {rebuild_hint(path.parent)}") from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise StoreError(f"{path}: not a factcheck claim base manifest (no \"format\": \"{FORMAT}\")")
    version = manifest.get("version")
    if version != VERSION:
        newer = isinstance(version, int) and version > VERSION
        raise StoreError(f"{path}: claim base format version {version}, this factcheck reads version {VERSION}: "
                         + ("upgrade factcheck" if newer else rebuild_hint(path.parent)))
    try:
        counts = manifest["counts"]
        for k in ("articles", "claims", "mentions"):
            if not isinstance(counts[k], int) or counts[k] < 0:
                raise ValueError(k)
        if not isinstance(manifest["model"], str) or int(manifest["dim"]) <= 0:
            raise ValueError("model")
        if not isinstance(manifest["dimensions"], list):
            raise ValueError("dimensions")
    except (KeyError, TypeError, ValueError) as e:
        raise StoreError(f"{path}: the manifest lacks a valid {e} field; {rebuild_hint(path.parent)}") from None
    stored = manifest.get("mention_fields")
    if stored != MENTION_FIELDS:
        was = ", ".join(map(str, stored)) if isinstance(stored, list) else "not recorded"
        raise StoreError(
            f"{path.parent} was built by a factcheck that describes a figure by other attributes "
            f"({was}; now: {', '.join(MENTION_FIELDS)}): "
            f"build it afresh from its sources with `factcheck update SOURCES --fresh --base {path.parent}`")
    return manifest


def _read_lines(path: Path, count: int, manifest: dict[str, Any]) -> list[bytes]:
    try:
        data = _read(path.parent, path.name)
    except FileNotFoundError:
        raise StoreError(f"{path} is missing; {rebuild_hint(path.parent)}") from None
    except OSError as e:
        raise StoreError(f"{path}: cannot read it ({e.strerror}); {rebuild_hint(path.parent)}") from None
    lines = data.split(b"\n")
    if lines and not lines[-1].strip():
        lines.pop()
    if len(lines) != count:
        raise StoreError(f"{path}: {len(lines)} lines, the manifest says {count}: the file was changed "
                         f"or a save was cut short; {rebuild_hint(path.parent)}")
    _check_digest(path, data, manifest)
    return lines


def _vectors(path: Path, counts: dict[str, Any], dim: int, n_dimensions: int,
             manifest: dict[str, Any]) -> dict[str, np.ndarray]:
    expect = {"vectors": (counts["mentions"], dim), "mention_claim": (counts["mentions"],),
              "mention_dimension": (counts["mentions"],), "claim_article": (counts["claims"],)}
    try:
        data = _read(path.parent, path.name)
        with np.load(io.BytesIO(data), allow_pickle=False) as npz:
            arrays = {k: npz[k] for k in expect}
    except FileNotFoundError:
        raise StoreError(f"{path} is missing; {rebuild_hint(path.parent)}") from None
    except (OSError, ValueError, KeyError, zipfile.BadZipFile, EOFError, NotImplementedError) as e:
        raise StoreError(f"{path}: not a readable vector file ({e}); {rebuild_hint(path.parent)}") from None
    for k, shape in expect.items():
        if arrays[k].shape != shape:
            raise StoreError(f"{path}: {k} has shape {arrays[k].shape}, the manifest implies {shape}; "
                             f"{rebuild_hint(path.parent)}")
    bounds = (("mention_claim", counts["claims"]), ("claim_article", counts["articles"]),
              ("mention_dimension", n_dimensions))
    for k, n in bounds:
        a = arrays[k]
        if len(a) and (a.min() < 0 or a.max() >= n):
            raise StoreError(f"{path}: {k} points past the end of its table; {rebuild_hint(path.parent)}")
    _check_digest(path, data, manifest)
    return arrays


def _read_file(path: Path) -> bytes:
    try:
        return _read(path.parent, path.name)
    except FileNotFoundError:
        raise StoreError(f"{path} is missing; {rebuild_hint(path.parent)}") from None
    except OSError as e:
        raise StoreError(f"{path}: cannot read it ({e.strerror}); {rebuild_hint(path.parent)}") from None


def _word_index(path: Path, data: bytes, digest: str, claims: int) -> WordIndex:
    _check_digest(path, data, {"files": {path.name: digest}})
    try:
        with np.load(io.BytesIO(data), allow_pickle=False) as npz:
            return WordIndex.from_arrays({k: npz[k] for k in npz.files}, claims)
    except (OSError, ValueError, KeyError, zipfile.BadZipFile, EOFError, NotImplementedError, UnicodeDecodeError) as e:
        raise StoreError(f"{path}: not a readable word index ({e}); {rebuild_hint(path.parent)}") from None


# -- update: the command's one call
