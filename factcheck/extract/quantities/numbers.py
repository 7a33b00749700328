"""Cardinal numbers written as words ("twenty-seven", "half a million"), vague plurals
("dozens", "tens of thousands") and the scale words after a figure ("bn", "million", "k"):
their vocabulary, their patterns and their value. The readers are in :mod:`.counts`."""

from __future__ import annotations

import re

__all__ = ["BIG_WORDS", "SCALE", "SCALES", "UNITS_WORDS", "VAGUE", "VAGUE_RE", "WORD_NUMBER",
           "BIG", "words_value"]

UNITS_WORDS: dict[str, int] = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90,
}
BIG_WORDS: dict[str, float] = {
    "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12,
}
SCALES: dict[str, float] = {
    **BIG_WORDS, "lakh": 1e5, "crore": 1e7,
    "bn": 1e9, "mn": 1e6, "mln": 1e6, "mil": 1e6, "bil": 1e9, "tn": 1e12, "m": 1e6, "k": 1e3, "b": 1e9,
}
# vague plural -> (low, high) before any "of thousands/millions/billions"
VAGUE: dict[str, tuple[float, float]] = {
    "dozens": (24.0, 99.0), "tens": (20.0, 99.0), "hundreds": (200.0, 999.0),
    "thousands": (2e3, 1e6 - 1), "millions": (2e6, 1e9 - 1), "billions": (2e9, 1e12 - 1),
}

_SMALL = (r"(?:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)"
          r"(?:[-\s](?:one|two|three|four|five|six|seven|eight|nine)\b)?"
          r"|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen"
          r"|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen)\b")
BIG = r"(?:hundred|thousand|million|billion|trillion|dozen)\b"
WORD_NUMBER = (rf"(?:an?\s+half[-\s](?:dozen|hundred|thousand|million|billion|trillion)\b|(?:half\s+)?an?\s+{BIG}(?:\s+(?:and\s+)?{_SMALL})?"
               rf"(?:\s+{BIG}(?:\s+(?:and\s+)?{_SMALL})?)*"
               rf"|{_SMALL}(?:\s+{BIG}(?:\s+(?:and\s+)?{_SMALL})?)*)")
VAGUE_RE = (r"(?:(?:tens|dozens|hundreds)\s+of\s+(?:thousands|millions|billions)"
            r"|dozens|tens(?=\s+of\s)|hundreds|thousands|millions|billions)\b")

SCALE = re.compile(  # "?" stands for a space lost in damaged text: "$410 ?million"
    r"(?:[ \t\u00a0]*\?[ \t\u00a0]*|\s*-?\s*)"
    r"(?P<w>thousand|million|billion|trillion|lakh|crore)(?![A-Za-z])"
    r"|\s*(?P<a>bn|mn|mln|mil|bil|tn)(?![A-Za-z])|(?P<s>[mkb])(?![A-Za-z])", re.I)


def words_value(tokens: list[str]) -> float:
    """The value of a number in words, split into lower-case tokens without "and"."""
    total, current, half = 0.0, 0.0, False
    for t in tokens:
        if t == "half":
            half = True
        elif t in ("a", "an"):
            current = current or 1.0
        elif t in UNITS_WORDS:
            current += UNITS_WORDS[t]
        elif t == "hundred":
            current = (current or 1.0) * 100
        elif t == "dozen":
            current = (current or 1.0) * 12
        elif t in BIG_WORDS:
            total += (current or 1.0) * BIG_WORDS[t]
            current = 0.0
    value = total + current
    return value / 2 if half else value
