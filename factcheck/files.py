"""Writing files so that a reader never sees half of one, reading only regular files, and hashing a file."""

from __future__ import annotations

import errno
import hashlib
import os
import stat
import tempfile
from pathlib import Path

from factcheck.errors import ModelError


def atomic_write(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file and a rename, synced to disk.

    The file gets the usual permissions (0666 less the umask), not mkstemp's 0600.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        mask = os.umask(0)
        os.umask(mask)
        os.chmod(tmp, 0o666 & ~mask)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


class NotRegularFile(OSError):
    """The path names a FIFO, a device, a socket or a folder, not a regular file."""


def read_regular(path: str | Path) -> bytes:
    """The bytes of the regular file at ``path``: open first (``O_NONBLOCK``, so a FIFO or a
    device cannot block the open), then check what was opened (``fstat`` of the descriptor, so
    a file swapped for a FIFO after a folder walk is caught), then read.

    ``NotRegularFile`` for anything else; ``OSError`` as ``open`` raises it.
    """
    flags = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(path, flags)
    except OSError as e:
        if e.errno == errno.ENXIO:  # a socket, or a device with nothing behind it
            raise NotRegularFile(e.errno, "not a regular file", str(path)) from None
        raise
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise NotRegularFile(errno.EINVAL, "not a regular file", str(path))
        os.set_blocking(fd, True)
        chunks = []
        while chunk := os.read(fd, 1 << 20):
            chunks.append(chunk)
        return b"".join(chunks)
    finally:
        os.close(fd)


def sha256_file(path: Path, what: str = "model file") -> str:
    """The sha256 of a pinned model file (read a megabyte at a time); a ModelError naming the file
    (``what`` it is: "model file", "parser model file") when it cannot be read."""
    h = hashlib.sha256()
    try:
        with path.open("rb") as f:
            for chunk in iter(lambda: f.read(1 << 20), b""):
                h.update(chunk)
    except OSError as e:
        raise ModelError(f"{path}: cannot read the {what} ({e.strerror or e})") from None
    return h.hexdigest()
