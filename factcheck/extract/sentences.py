"""Split article text into sentences, with their spans.

Rule-based and offset-preserving: a sentence ends at ``.``/``!``/``?`` followed by space and
an upper-case letter, digit, currency sign or opening quote, except after an abbreviation
or an initial; at a line break or tab; and inside glued text such as ``world.The B1 round``
where a lost space joined two sentences.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from factcheck.extract.lexicon import URL_START

ABBREVIATIONS = frozenset("""
mr mrs ms dr prof sr jr st inc ltd co corp plc llc no nos vs etc al fig gen gov sen rep lt col
capt sgt jan feb mar apr jun jul aug sep sept oct nov dec mt ft approx est dept univ assn bros
e.g i.e u.s u.k u.n a.m p.m
""".split())

_STOPS = ".!?…"
# Linear in the text: a run of stops is tried once, from its first character (the look-behind),
# and possessive quantifiers never hand characters back (a line of 60,000 dots once took a minute).
_END = re.compile(r"""(?<![.!?…])[.!?…]++["”’)\]]*+(?=\s++["“‘(\[]?[A-Z0-9$£€¥])""")
_END_HERE = re.compile(_END.pattern.removeprefix("(?<![.!?…])"))  # a run that began before the scan
_GLUED = re.compile(r"""(?<=[A-Za-z)%]{2}[.!?])”?(?=["“]?[A-Z][a-z])|(?<=[a-z]{2}[.!?]”)(?=[A-Z])""")
_URL_TAIL = re.compile(rf"{URL_START}\S*$")
_HARD = re.compile(r"[\n\t]+")
_WORD_BEFORE = re.compile(r"([A-Za-z][A-Za-z.]*)\.$")
_SENTENCE_END = re.compile(r"[.!?:\"”’)]\s*$")


def _is_abbreviation(text: str, dot: int) -> bool:
    """True if the '.' at ``dot`` closes an abbreviation or an initial."""
    m = _WORD_BEFORE.search(text, max(0, dot - 12), dot + 1)
    if not m:
        return False
    word = m.group(1)
    return len(word) == 1 and word.isupper() or word.lower().rstrip(".") in ABBREVIATIONS or (
        "." in word and len(word) <= 6)


def _ends(text: str, start: int, end: int) -> Iterator[re.Match[str]]:
    """``_END``'s matches in ``text[start:end]``, as the pattern without its look-behind finds them
    (the look-behind sees before ``start``: a run of stops cut by ``start`` is matched here)."""
    if 0 < start < end and text[start - 1] in _STOPS:
        m = _END_HERE.match(text, start, end)
        if m:
            yield m
            start = m.end()
        while start < end and text[start] in _STOPS:
            start += 1
    yield from _END.finditer(text, start, end)


def _cuts(text: str, start: int, end: int) -> list[int]:
    cuts = []
    for m in _ends(text, start, end):
        if text[m.start()] == "." and _is_abbreviation(text, m.start()):
            continue
        cuts.append(m.end())
    for m in _GLUED.finditer(text, start, end):
        word = re.search(r"(\w+)[.!?][\"”]?$", text[max(start, m.start() - 15):m.end()])
        if word and word.group(1).lower() in ABBREVIATIONS:
            continue
        if _URL_TAIL.search(text, max(start, m.start() - 80), m.start()):
            continue
        cuts.append(m.end())
    return sorted(set(cuts))


def split(text: str, start: int = 0, end: int | None = None) -> Iterator[tuple[int, int]]:
    """Spans ``(start, end)`` of the sentences in ``text[start:end]``, stripped of space."""
    end = len(text) if end is None else end
    pos = start
    blocks = [(m.start(), m.end()) for m in _HARD.finditer(text, start, end)] + [(end, end)]
    for hard_start, hard_end in blocks:
        prev = pos
        for cut in [*_cuts(text, pos, hard_start), hard_start]:
            s, e = prev, cut
            while s < e and text[s].isspace():
                s += 1
            while e > s and text[e - 1].isspace():
                e -= 1
            if e > s:
                yield s, e
            prev = cut
        pos = hard_end


def is_furniture(line: str) -> bool:
    """A line of web-page furniture: short, not ending like a sentence, and no headline
    with a figure in it ("Yukos sues for $28bn" is kept)."""
    words = line.split()
    if len(words) >= 5 or _SENTENCE_END.search(line):
        return False
    return len(words) < 3 or not re.search(r"\d", line)


_TICKER_NUMBER = re.compile(r"[-+−▲▼]?[$£€]?\d[\d,]*(?:\.\d+)?%?")
_PROSE_WORD = re.compile(r"[a-z]{3,}[,.;:]?")


def is_ticker(line: str) -> bool:
    """A line of market-ticker text ("DOW 24,346.32 ▼ 1,175.21 (-4.6%) NASDAQ 6,967.53", "AAPL 171.51
    +1.2% GOOG 1,055.80 -0.4%"): at least three figures making half its words or more, and at most
    one word of prose. Its figures are quotes scraped with the page, not what the article says."""
    tokens = [t.strip("()[]|") for t in line.split()]
    tokens = [t for t in tokens if t]
    figures = sum(1 for t in tokens if _TICKER_NUMBER.fullmatch(t))
    if figures < 3 or 2 * figures < len(tokens):
        return False
    return sum(1 for t in tokens if _PROSE_WORD.fullmatch(t)) <= 1
