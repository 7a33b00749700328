"""Hostile article files, made by code so nothing binary is committed.

``HOSTILE`` lists each file with what the loader must do with it:

- ``skip``: the file yields no article and a note saying it was skipped;
- ``note``: the file is read, with a note on what was recovered or ignored;
- ``read``: the file is read as it is.

``python -m tests.fuzz.corpus DIR`` writes them into DIR (the bench script uses it).
"""

from __future__ import annotations

import json
import os
import random
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

STORY = ("Acme Robotics, the Boston startup, said it had raised $50 million in its Series B round.\n\n"
         "The deal valued Acme Robotics at $400 million, the company said.\n")


@dataclass(frozen=True)
class Hostile:
    name: str
    make: Callable[[Path], None]  # writes the file (or folder) at the path given
    expect: str  # "skip" | "note" | "read"
    why: str = ""  # a word the note must hold


def _bytes(data: bytes) -> Callable[[Path], None]:
    def write(p: Path) -> None:
        p.write_bytes(data)
    return write


def _lines(*objs: object, raw: tuple[str, ...] = ()) -> Callable[[Path], None]:
    text = "".join(json.dumps(o) + "\n" for o in objs) + "".join(r + "\n" for r in raw)
    return _bytes(text.encode("utf-8"))


def _noise(seed: int, n: int, lo: int = 1) -> bytes:
    rng = random.Random(seed)
    return bytes(rng.randrange(lo, 256) for _ in range(n))


def _deep_folder(depth: int) -> Callable[[Path], None]:
    def write(p: Path) -> None:
        p.mkdir()
        fd = os.open(p, os.O_RDONLY)
        try:  # relative to a folder descriptor: the full path is longer than PATH_MAX
            for _ in range(depth):
                os.mkdir("d", dir_fd=fd)
                nxt = os.open("d", os.O_RDONLY, dir_fd=fd)
                os.close(fd)
                fd = nxt
            with open(os.open("deep.txt", os.O_WRONLY | os.O_CREAT, 0o644, dir_fd=fd), "w") as f:
                f.write(STORY)
        finally:
            os.close(fd)
    return write


def _link(target: str) -> Callable[[Path], None]:
    def write(p: Path) -> None:
        p.symlink_to(target)
    return write


def _raw_name(raw: bytes) -> Callable[[Path], None]:
    """A file whose name is ``raw``: bytes that need not be UTF-8 (``Hostile.name`` shows them)."""
    def write(p: Path) -> None:
        (p.parent / os.fsdecode(raw)).write_text(STORY, encoding="utf-8")
    return write


def _fifo(p: Path) -> None:
    os.mkfifo(p)


def _folder_named_txt(p: Path) -> None:
    p.mkdir()
    (p / "inner.txt").write_text(STORY, encoding="utf-8")


HOSTILE: list[Hostile] = [
    Hostile("photo.txt", _bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + _noise(1, 2000, 0)), "skip", "binary"),
    Hostile("archive.md", _bytes(b"PK\x03\x04\x14\x00\x00\x00" + _noise(2, 3000, 0)), "skip", "binary"),
    Hostile("noise.txt", _bytes(_noise(3, 5000, 1).replace(b"\n", b"")), "skip", "binary"),
    Hostile("controls.txt", _bytes(bytes(range(1, 9)) * 200), "skip", "binary"),
    Hostile("empty.txt", _bytes(b""), "skip", "empty"),
    Hostile("blank.txt", _bytes(b" \n\n\t \n"), "skip", "article"),
    Hostile("bom_only.txt", _bytes(b"\xef\xbb\xbf"), "skip", "empty"),
    Hostile("utf16_bom.txt", _bytes(STORY.encode("utf-16")), "note", "UTF-16"),
    Hostile("utf16le.txt", _bytes(STORY.encode("utf-16-le")), "note", "UTF-16"),
    Hostile("utf16be.txt", _bytes(STORY.encode("utf-16-be")), "note", "UTF-16"),
    Hostile("utf16_odd.txt", _bytes(STORY.encode("utf-16-le") + b"A"), "note", "UTF-16"),
    Hostile("utf32_bom.txt", _bytes(STORY.encode("utf-32")), "note", "UTF-32"),
    Hostile("utf32le.txt", _bytes(STORY.encode("utf-32-le")), "note", "UTF-32"),
    Hostile("utf32be.txt", _bytes(STORY.encode("utf-32-be")), "note", "UTF-32"),
    Hostile("utf16_broken.txt", _bytes(b"\xff\xfe" + "ab".encode("utf-16-le") + b"\x00\xd8\x00\xd8"), "skip",
            "UTF-16"),
    Hostile("cp1252.txt", _bytes("Caf\u00e9 owners raised \u00a35m last year.\n".encode("cp1252")), "note",
            "Windows-1252"),
    Hostile("nul_late.txt", _bytes(STORY.encode() * 60 + b"\x00tail"), "read"),
    Hostile("osc.txt", _bytes(b"Acme \x1b]0;owned\x07 raised $5 million.\n"), "read"),
    Hostile("long_line.txt", _bytes(b"Acme raised $5 million and " * 400 + b"more.\n"), "read"),
    Hostile("digits.txt", _bytes(b"Acme raised $" + b"9" * 5000 + b" billion.\n"), "read"),
    Hostile("tabs.tsv", _bytes(b"\t\t\t\n\t\n\t\t\n"), "skip", "article"),
    Hostile("glued.tsv", _bytes(b"Title one\tBody one says $5m.\tTitle two\tBody two says $6m.\n"), "note", "glued"),
    Hostile("cut.jsonl", _lines({"id": "a", "text": STORY}, raw=('{"id": "b", "text": "Acme rai',)), "note",
            "skipped"),
    Hostile("only_cut.jsonl", _lines(raw=('{"id": "b", "text": "Acme rai',)), "skip", "JSON"),
    Hostile("date_number.jsonl", _lines({"text": STORY, "date": 2018}), "note", "date"),
    Hostile("date_list.jsonl", _lines({"text": STORY, "date": ["2018", "05"]}), "note", "date"),
    Hostile("date_word.jsonl", _lines({"text": STORY, "date": "not-a-date"}), "note", "date"),
    Hostile("date_feb30.jsonl", _lines({"text": STORY, "date": "2018-02-30"}), "note", "date"),
    Hostile("id_float.jsonl", _lines({"id": 1.5, "text": STORY}), "note", "id"),
    Hostile("id_bool.jsonl", _lines({"id": True, "text": STORY}), "note", "id"),
    Hostile("id_long.jsonl", _lines({"id": "x" * 5000, "text": STORY}), "note", "id"),
    Hostile("id_digits.jsonl", _bytes(b'{"id": ' + b"7" * 5000 + b', "text": "Acme raised $5m."}\n'), "skip",
            "JSON"),
    Hostile("id_big.jsonl", _lines({"id": 10**30, "text": STORY}), "note", "id"),
    Hostile("dup_ids.jsonl", _lines({"id": "a", "text": STORY}, {"id": "a", "text": STORY + "Again."}), "note",
            "renamed"),
    Hostile("deep.jsonl", _bytes(b"[" * 32000 + b"]" * 32000 + b"\n"), "skip", "JSON"),
    Hostile("deep_text.jsonl", _bytes(b'{"text": "ok", "x": ' + b"[" * 32000 + b"]" * 32000 + b"}\n"), "skip",
            "JSON"),
    Hostile("list.jsonl", _lines([1, 2, 3]), "skip", "object"),
    Hostile("no_text.jsonl", _lines({"title": "t", "body": STORY}), "skip", "text"),
    Hostile("text_number.jsonl", _lines({"text": 12}), "skip", "text"),
    Hostile("title_list.jsonl", _lines({"title": ["a"], "text": STORY}), "note", "title"),
    Hostile("surrogate.jsonl", _bytes(b'{"text": "Acme \\ud800 raised $5 million."}\n'), "read"),
    Hostile("crlf.jsonl", _bytes(b'{"text": "Acme raised $5 million."}\r\n{"text": "Acme raised $6 million."}\r\n'),
            "read"),
    Hostile("bom.jsonl", _bytes(b"\xef\xbb\xbf" + json.dumps({"text": STORY}).encode() + b"\n"), "read"),
    # Shapes that once took quadratic time (issue 23); each reads in milliseconds now.
    Hostile("dots.txt", _bytes(b"Acme raised $7 million" + b"." * 60000 + b" and more.\n"), "read"),
    Hostile("questions.txt", _bytes(b"Acme raised $7 million" + b"?" * 60000 + b" and more.\n"), "read"),
    Hostile("spaces.txt", _bytes(b"Acme raised $7" + b" " * 200000 + b"million.\n"), "read"),
    Hostile("places.tsv", _bytes(b"Acme funds\tAcme raised $5 million.\nAcme " + b", ".join([b"Aa"] * 40000)
                                 + b" raised $6 million.\n"), "note", "title"),
    Hostile("entities.jsonl", _lines({"text": "Acme raised $5 million. " + "&amp;\n" * 30000}), "read"),
    Hostile("open_braces.jsonl", _lines({"text": STORY}, raw=("{",) * 3000), "note", "JSON"),
    Hostile("broken_link.txt", _link("does-not-exist.txt"), "skip", "broken link"),
    Hostile("pipe.txt", _fifo, "skip", "regular file"),
    Hostile("linked_folder", _link("/"), "skip", "link to a folder"),
    Hostile("folder.txt", _folder_named_txt, "read"),
    Hostile("caf\\xe9.txt", _raw_name(b"caf\xe9.txt"), "read"),
    Hostile("line\nbreak.txt", _raw_name(b"line\nbreak.txt"), "read"),
    Hostile("`tick` <b>.md", _raw_name(b"`tick` <b>.md"), "read"),
    Hostile("deep_tree", _deep_folder(1100), "read"),
    Hostile("deeper_tree", _deep_folder(2100), "skip", "cannot read"),
]


def write_corpus(folder: Path, only: list[str] | None = None) -> list[Hostile]:
    """Write the hostile files (all, or those named) into ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    chosen = [h for h in HOSTILE if only is None or h.name in only]
    for h in chosen:
        h.make(folder / h.name)
    return chosen


if __name__ == "__main__":
    made = write_corpus(Path(sys.argv[1]))
    print(f"wrote {len(made)} hostile files into {sys.argv[1]}")
