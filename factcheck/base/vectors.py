"""The claim base's arrays on disk: append-only column files, memory-mapped, never read whole.

A base keeps eight columns beside its database (``db.py``), one file each, named
``<column>.<generation>.bin``:

- ``vectors``        float16, ``dim`` wide: one unit row per figure (mention row ``j`` is row ``j``);
- ``mention_claim``  int32: the claim row of each figure;
- ``claim_article``  int32: the article row of each claim;
- ``content_end``    int64: where each claim's content words end in ``content_words``;
- ``content_words``  int32: the content words of the claims (vocabulary ids), claim after claim;
- ``mention_dimension``  int32: each figure's dimension (``dimensions.code``; -1 for a row no
  longer in the base);
- ``mention_features``   int32: each figure's features that the decision's rules compare
  (``features.id``: round, role, total, moving, hedged, periods, times, subjects);
- ``mention_value``  float64: each figure's value.

The last three let ``check`` pick and screen candidate figures with numpy and decode only
the rows that pass (format version 3).

The database records how many rows of each column are committed (``Ends``); a reader maps
that many and no more, so an update appending rows beyond them never disturbs it. A writer
(holding the database's write lock) first cuts off whatever an update killed before its
commit left past the ends, appends, syncs, and checks what it wrote against the digest it
records for the new segment; the commit of the database then makes the rows part of the
base. A rewrite (``--fresh``, ``--rebuild``, ``compact``) writes a new generation of files;
the old ones are removed by a later update.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import numpy as np

COLUMNS: dict[str, tuple[type[np.generic], str]] = {  # name -> (dtype, the end that counts its rows)
    "vectors": (np.float16, "mentions"),
    "mention_claim": (np.int32, "mentions"),
    "claim_article": (np.int32, "claims"),
    "content_end": (np.int64, "claims"),
    "content_words": (np.int32, "words"),
    "mention_dimension": (np.int32, "mentions"),
    "mention_features": (np.int32, "mentions"),
    "mention_value": (np.float64, "mentions"),
}


@dataclass(frozen=True)
class Ends:
    """Committed rows: figures (mentions), claims, and content words."""

    mentions: int = 0
    claims: int = 0
    words: int = 0

    def of(self, column: str) -> int:
        n: int = getattr(self, COLUMNS[column][1])
        return n


def column_path(folder: Path, column: str, gen: int) -> Path:
    return folder / f"{column}.{gen}.bin"


def width(column: str, dim: int) -> int:
    return dim if column == "vectors" else 1


def open_column(folder: Path, column: str, gen: int, rows: int, dim: int) -> np.ndarray:
    """The first ``rows`` rows of a column, memory-mapped read-only (nothing is read yet)."""
    dtype = np.dtype(COLUMNS[column][0])
    w = width(column, dim)
    shape: tuple[int, ...] = (rows, dim) if column == "vectors" else (rows,)
    if rows == 0:
        return np.zeros(shape, dtype)
    path = column_path(folder, column, gen)
    size = path.stat().st_size  # FileNotFoundError: the caller names the file
    if size < rows * w * dtype.itemsize:
        raise ValueError(f"{path.name} holds {size // (w * dtype.itemsize)} rows, the database records {rows}")
    return np.memmap(path, dtype=dtype, mode="r", shape=shape)


def segment_digest(parts: Mapping[str, bytes]) -> str:
    """sha256 over a segment's bytes, column by column in ``COLUMNS`` order."""
    h = hashlib.sha256()
    for name in COLUMNS:
        h.update(parts.get(name, b""))
    return h.hexdigest()


def as_bytes(column: str, values: np.ndarray) -> bytes:
    return np.ascontiguousarray(values, dtype=COLUMNS[column][0]).tobytes()


def append(folder: Path, gen: int, ends: Ends, dim: int, parts: Mapping[str, bytes]) -> str:
    """Append a segment's bytes to the columns of generation ``gen``, whose committed rows are
    ``ends``; returns the segment's digest once the bytes on disk are checked against it.

    Call it holding the database's write lock, before the commit that records the segment."""
    digest = segment_digest(parts)
    for name in COLUMNS:
        data = parts.get(name, b"")
        itemsize = np.dtype(COLUMNS[name][0]).itemsize * width(name, dim)
        start = ends.of(name) * itemsize
        path = column_path(folder, name, gen)
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o666)
        try:
            if os.fstat(fd).st_size != start:
                os.ftruncate(fd, start)  # what an update killed before its commit left
            done = 0
            while done < len(data):
                done += os.pwrite(fd, data[done:], start + done)
            os.fdatasync(fd)  # the bytes and the new size; the commit that counts them comes after
        finally:
            os.close(fd)
    if read_segment(folder, gen, ends, dim, {n: len(parts.get(n, b"")) for n in COLUMNS}) != digest:
        raise OSError(f"the segment written to {folder} does not read back as written (sha256)")
    return digest


def read_segment(folder: Path, gen: int, start: Ends, dim: int, sizes: Mapping[str, int]) -> str:
    """The digest of the segment that begins at ``start`` and holds ``sizes`` bytes of each column."""
    parts: dict[str, bytes] = {}
    for name in COLUMNS:
        n = sizes.get(name, 0)
        if not n:
            continue
        itemsize = np.dtype(COLUMNS[name][0]).itemsize * width(name, dim)
        with open(column_path(folder, name, gen), "rb") as f:
            f.seek(start.of(name) * itemsize)
            parts[name] = f.read(n)
    return segment_digest(parts)


def byte_size(column: str, rows: int, dim: int) -> int:
    return rows * np.dtype(COLUMNS[column][0]).itemsize * width(column, dim)


def remove_other_generations(folder: Path, keep: int) -> None:
    """Remove column files of generations other than ``keep`` (a rewrite's old files, or the
    new files of a rewrite killed before its commit)."""
    for p in folder.glob("*.bin"):
        stem, _, gen = p.stem.rpartition(".")
        if stem in COLUMNS and gen.isdigit() and int(gen) != keep:
            p.unlink(missing_ok=True)
