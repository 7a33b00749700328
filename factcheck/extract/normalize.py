"""Repair the text damage real article files carry, keeping a map back to the file.

Three kinds of damage are repaired, each only where its signature is unmistakable:

- GBK punctuation that was decoded as Big5 (``China＊s``, ``※quoted§``, ``2017 每 SenseTime``):
  in text that is otherwise Latin, each character whose Big5 bytes decode in GBK to a
  punctuation mark is replaced by that mark. Genuine curly quotes are left alone.
- UTF-8 read as the Thai code page (``Xiaoโ€™ou``): a run of Thai/Windows-1252
  characters whose bytes form one valid UTF-8 character becomes that character.
- A ``?`` standing for a lost space (``$410 ?million``, ``aims to?promote``): a question
  mark glued to the next word is read as a space. Question marks before a space stay.

- HTML character references left in the text by a feed (``Bernab&#233;u``, ``&#163;5m``,
  ``AT&amp;T``): each becomes the character it names (numeric ones, and named ones ended by
  ``;``). One that names a control character or no character stays as it is.

Non-breaking spaces become plain spaces. Everything else is kept as it is.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from html.entities import html5

from factcheck.extract.lexicon import URL_START

_CJK = re.compile(r"[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef]")
_LATIN_LETTER = re.compile(r"[A-Za-z]")
_THAI_RUN = re.compile(r"[\u0e01-\u0e5b\u20ac\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160"
                       r"\u2039\u0152\u017d\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122"
                       r"\u0161\u203a\u0153\u017e\u0178]{2,4}")
_LOST_SPACE = re.compile(r"\?(?=[A-Za-z0-9$\u201c\u2018\"(\u2015])")
_URL_TAIL = re.compile(rf"{URL_START}\S*$")
_ENTITY = re.compile(r"&(?:#(?:[0-9]{1,7}|[xX][0-9a-fA-F]{1,6})|[A-Za-z][A-Za-z0-9]{1,31});")
# Characters outside the CJK blocks that Big5 decoding produces from GBK quotes. Western
# quotes and dashes (U+2010..U+201F) are never candidates, so genuine ones stay.
_GBK_FALLBACK = {"§": "\u201d", "※": "\u201c"}


@dataclass(frozen=True)
class Repaired:
    text: str
    anchors: tuple[tuple[int, int], ...]  # (index in text, index in the original)
    repairs: dict[str, int]  # kind of repair -> how many characters were changed


def _big5_as_gbk(ch: str) -> str | None:
    """The punctuation mark a Big5-decoded character stands for, if it stands for one."""
    if ch in _GBK_FALLBACK:
        return _GBK_FALLBACK[ch]
    try:
        fixed = ch.encode("big5").decode("gbk")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return None
    if len(fixed) == 1 and unicodedata.category(fixed).startswith("P"):
        return fixed
    return None


def _thai_as_utf8(run: str) -> str | None:
    """The character a run of UTF-8 bytes read as Windows-874 stands for, if any."""
    data = bytearray()
    for ch in run:
        for codec in ("cp874", "cp1252"):
            try:
                data += ch.encode(codec)
                break
            except UnicodeEncodeError:
                continue
        else:
            return None
    try:
        fixed = data.decode("utf-8")
    except UnicodeDecodeError:
        return None
    if len(fixed) != 1 or "\u0e00" <= fixed <= "\u0e7f":
        return None
    return fixed


def _entity(ref: str) -> str | None:
    """The character an HTML character reference ("&#233;", "&#xE9;", "&eacute;") names, if any."""
    if ref[1] == "#":
        try:
            ch = chr(int(ref[3:-1], 16) if ref[2] in "xX" else int(ref[2:-1]))
        except (ValueError, OverflowError):
            return None
    else:
        ch = html5.get(ref[1:], "")
    if len(ch) != 1 or unicodedata.category(ch) in ("Cc", "Cs", "Cn"):
        return None
    return ch


def _looks_big5_damaged(text: str) -> bool:
    """True when Latin text carries CJK characters that are GBK punctuation in disguise."""
    cjk = _CJK.findall(text) + [ch for ch in text if ch == "※"]
    if not cjk:
        return False
    marks = sum(1 for ch in cjk if _big5_as_gbk(ch))
    latin = len(_LATIN_LETTER.findall(text))
    return marks > 0 and len(cjk) - marks < 0.02 * max(latin, 1)


def _entity_at(raw: str, i: int) -> tuple[str, int, str] | None:
    """An HTML character reference starting at ``raw[i]``: the character it names (a
    non-breaking space as a plain one), the index after it, and the kind of repair."""
    if raw[i] != "&" or (e := _ENTITY.match(raw, i)) is None or (ch := _entity(e.group())) is None:
        return None
    return (" " if ch == "\u00a0" else ch), e.end(), "entity"


def _thai_at(thai_runs: dict[int, re.Match[str]], i: int) -> tuple[str, int, str] | None:
    """A Thai/Windows-1252 run starting at ``i`` that is one UTF-8 character: that character,
    the index after the run, and the kind of repair."""
    m = thai_runs.get(i)
    if m is None or (fixed := _thai_as_utf8(m.group())) is None:
        return None
    return fixed, m.end(), "thai"


def _one_char(raw: str, i: int, big5: bool) -> tuple[str, str | None]:
    """``raw[i]`` repaired on its own (GBK punctuation, a lost space, a non-breaking space), and
    the kind of repair counted (None: none, or a non-breaking space)."""
    ch = raw[i]
    if big5 and (_CJK.match(ch) or ch in _GBK_FALLBACK):
        fixed = _big5_as_gbk(ch)
        return (ch, None) if fixed is None else (fixed, "big5")
    if ch == "?" and _LOST_SPACE.match(raw, i) and not _URL_TAIL.search(raw, max(0, i - 80), i):
        return " ", "lost_space"
    if ch == "\u00a0":
        return " ", None
    return ch, None


def repair(raw: str) -> Repaired:
    """Repair ``raw`` and return the new text with anchors back into ``raw``."""
    out: list[str] = []
    anchors: list[tuple[int, int]] = [(0, 0)]
    counts = {"big5": 0, "thai": 0, "lost_space": 0, "entity": 0}
    big5 = _looks_big5_damaged(raw)
    i = 0
    thai_runs = {m.start(): m for m in _THAI_RUN.finditer(raw)} if max(raw, default="a") >= "\u0e01" else {}
    if not (big5 or thai_runs or "&" in raw or "?" in raw):  # the common case: nothing to repair but spaces
        return Repaired(raw.replace("\u00a0", " "), ((0, 0),), {})
    while i < len(raw):
        run = _entity_at(raw, i) or _thai_at(thai_runs, i)  # several characters become one
        if run is not None:
            ch, i, kind = run
            out.append(ch)
            anchors.append((len(out), i))
            counts[kind] += 1
            continue
        ch, one = _one_char(raw, i, big5)
        if one is not None:
            counts[one] += 1
        out.append(ch)
        i += 1
    return Repaired("".join(out), tuple(anchors), {k: v for k, v in counts.items() if v})
