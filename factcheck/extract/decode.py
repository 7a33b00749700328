"""Bytes of an article file to text: UTF-8, UTF-16 or UTF-32 (with or without a byte-order
mark), else Windows-1252; binary files are refused.

UTF-16 and UTF-32 without a mark are recognised by where the NUL bytes fall: text in a
Latin script has a NUL in every second (UTF-16) or three of every four bytes (UTF-32),
always at the same positions. Anything else holding NUL bytes, or more than a few control
characters, is binary.
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass

SAMPLE = 4096  # bytes looked at to tell text from binary
_BOMS = (  # UTF-32 first: its little-endian mark starts with UTF-16's
    (codecs.BOM_UTF32_LE, "utf-32-le", "UTF-32 (little-endian)"),
    (codecs.BOM_UTF32_BE, "utf-32-be", "UTF-32 (big-endian)"),
    (codecs.BOM_UTF16_LE, "utf-16-le", "UTF-16 (little-endian)"),
    (codecs.BOM_UTF16_BE, "utf-16-be", "UTF-16 (big-endian)"),
)
_NUL_PATTERNS = (  # (encoding, name, residues mod 4 that hold NULs in Latin text)
    ("utf-32-le", "UTF-32 (little-endian)", {1, 2, 3}),
    ("utf-32-be", "UTF-32 (big-endian)", {0, 1, 2}),
    ("utf-16-le", "UTF-16 (little-endian)", {1, 3}),
    ("utf-16-be", "UTF-16 (big-endian)", {0, 2}),
)
_CONTROLS = frozenset(chr(c) for c in range(32)) - set("\t\n\r\f\v\x1b") | {"\x7f"}
MAX_CONTROL_SHARE = 0.05  # of the sampled characters; more reads as binary


class NotText(ValueError):
    """The bytes are not an article's text. ``line`` is where that shows, when known."""

    def __init__(self, message: str, line: int | None = None) -> None:
        super().__init__(message)
        self.line = line


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str  # in words, for a note: "" for UTF-8
    bad_from_line: int | None = None  # first line that was not UTF-8 (read as Windows-1252)


def decode(data: bytes) -> Decoded:
    """The text of an article file; ``NotText`` for a binary file."""
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8):]
    for bom, codec, name in _BOMS:
        if data.startswith(bom):
            try:
                return _checked(Decoded(data[len(bom):].decode(codec), name))
            except UnicodeDecodeError as e:
                raise NotText(f"starts with a {name} byte-order mark but is not {name} "
                              f"(byte {e.start + len(bom)})") from None
    sample = data[:SAMPLE]
    if b"\x00" in sample:
        wide = _wide_encoding(sample)
        if wide is None:
            line = sample.count(b"\n", 0, sample.index(b"\x00")) + 1
            raise NotText("binary file (NUL bytes), not an article", line)
        codec, name = wide
        unit = 4 if codec.startswith("utf-32") else 2
        try:
            return _checked(Decoded(data[:len(data) - len(data) % unit].decode(codec), name))
        except UnicodeDecodeError:
            raise NotText(f"looks like {name} but does not decode as it: binary, not an article") from None
    try:
        return _checked(Decoded(data.decode("utf-8"), ""))
    except UnicodeDecodeError as e:
        line = data.count(b"\n", 0, e.start) + 1
        return _checked(Decoded(data.decode("cp1252", errors="replace"), "Windows-1252", line))


def _wide_encoding(sample: bytes) -> tuple[str, str] | None:
    """The UTF-16/32 variant whose NUL pattern ``sample`` shows, if any."""
    counts = [0, 0, 0, 0]
    totals = [0, 0, 0, 0]
    for i, b in enumerate(sample):
        totals[i % 4] += 1
        counts[i % 4] += b == 0
    share = [c / t if t else 0.0 for c, t in zip(counts, totals)]
    for codec, name, nul_at in _NUL_PATTERNS:
        if all(share[r] >= 0.9 for r in nul_at) and all(share[r] <= 0.1 for r in set(range(4)) - nul_at):
            return codec, name
    return None


def _checked(d: Decoded) -> Decoded:
    """``d`` unless its text is mostly control characters (a binary file read as text)."""
    sample = d.text[:SAMPLE]
    if "\x00" in sample:
        line = sample.count("\n", 0, sample.index("\x00")) + 1
        raise NotText("binary file (NUL characters), not an article", line)
    if sample and sum(ch in _CONTROLS for ch in sample) > MAX_CONTROL_SHARE * len(sample):
        raise NotText("binary file (control characters), not an article")
    return d
