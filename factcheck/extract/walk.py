"""Which files a run reads, and the name each is known by.

Folders are walked in name order without recursion (a tree 1,000 levels deep is fine),
hidden files and folders are left out, links to folders are not followed. A folder or
entry that cannot be read is a ``Note``, never an exception: one bad entry does not cost
the run.

Names: a file is shown, and its articles are known, by its path relative to the folder
named on the command line (``sources/`` gives ``002_f5a84a02b796e88a.txt``); a file named
alone is known by its name. When two sources hold files of the same name (``a/story.txt``
and ``b/story.txt``), each of those is known by its path relative to the deepest folder
holding every source instead (``a/story.txt``, ``b/story.txt``), so no two files share a
name and every other name stays as it is. Bytes of a file name that are not UTF-8 are
written as ``\\xNN``.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from factcheck.errors import SourceError
from factcheck.records import Note

SUFFIXES = {".txt", ".tsv", ".text", ".md", ".jsonl"}


@dataclass(frozen=True)
class Found:
    """A file to read: where it is, and the name it is known by."""

    file: Path
    shown: str


def display(name: str) -> str:
    """A file name as text: undecodable bytes (kept by Python as surrogates) as ``\\xNN``."""
    return os.fsencode(name).decode("utf-8", errors="backslashreplace")


def common_root(paths: Iterable[Path]) -> str:
    """The deepest folder holding every path: a folder stands for itself, a file for its folder."""
    roots = [os.path.abspath(p if p.is_dir() else p.parent) for p in paths]
    return os.path.commonpath(roots) if roots else os.getcwd()


def discover(paths: Iterable[str | Path]) -> tuple[list[Found], list[Note]]:
    """The article files under ``paths``, in name order, and notes on what could not be read.

    A path that does not exist is a ``SourceError``: that is a usage error, not damage.
    """
    given = [Path(p) for p in paths]
    for p in given:
        if not os.path.lexists(p):
            raise SourceError(display(str(p)), "no such file or folder — check the path")
    root = common_root(given)
    found: list[Found] = []
    notes: list[Note] = []
    seen: set[str] = set()

    def relative(p: str, to: str) -> str:
        rel = os.path.relpath(p, to)
        return display(p if rel == "." else Path(rel).as_posix())

    for p in given:
        top = os.path.abspath(p)
        own_root = top if os.path.isdir(top) else os.path.dirname(top)

        def add(f: str, own_root: str = own_root) -> None:
            if f not in seen:
                seen.add(f)
                found.append(Found(Path(f), relative(f, own_root)))

        def shown(f: str, own_root: str = own_root) -> str:
            return relative(f, own_root)

        if os.path.isdir(top):
            _walk(top, add, notes, shown)
        elif os.path.isfile(top):
            add(top)
        else:
            why = "a broken link" if os.path.islink(top) else "not a regular file"
            notes.append(Note(display(str(p)), 1, f"skipped: {why}, not an article"))
    found = _unique(found, lambda f: relative(str(f.file), root))
    return _unique(found, lambda f: display(str(f.file))), notes  # only if a renamed one met another


def _unique(found: list[Found], full: Callable[[Found], str]) -> list[Found]:
    """``found`` with the names two files share replaced by ``full(file)``."""
    count: dict[str, int] = {}
    for f in found:
        count[f.shown] = count.get(f.shown, 0) + 1
    return [f if count[f.shown] == 1 else Found(f.file, full(f)) for f in found]


def _walk(top: str, add: Callable[[str], None], notes: list[Note], shown: Callable[[str], str]) -> None:
    """Pre-order, entries in name order: the order of ``sorted(Path(top).rglob("*"))``."""
    stack: list[Iterator[os.DirEntry[str]]] = []

    def enter(folder: str) -> None:
        try:
            with os.scandir(folder) as it:
                entries = sorted(it, key=lambda e: e.name)
        except OSError as e:
            notes.append(Note(shown(folder) + "/", 1, f"skipped: cannot read this folder ({e.strerror})"))
            return
        stack.append(iter(entries))

    enter(top)
    while stack:
        e = next(stack[-1], None)
        if e is None:
            stack.pop()
            continue
        if e.name.startswith("."):
            continue
        try:
            if e.is_dir(follow_symlinks=False):
                enter(e.path)
                continue
            if e.is_symlink() and os.path.isdir(e.path):
                notes.append(Note(shown(e.path), 1, "skipped: a link to a folder (links are not followed)"))
                continue
            if os.path.splitext(e.name)[1].lower() not in SUFFIXES:
                continue
            st = os.stat(e.path)
        except OSError as err:
            why = "a broken link" if e.is_symlink() else f"cannot read it ({err.strerror})"
            notes.append(Note(shown(e.path), 1, f"skipped: {why}"))
            continue
        if not stat.S_ISREG(st.st_mode):
            notes.append(Note(shown(e.path), 1, "skipped: not a regular file"))
            continue
        add(e.path)
