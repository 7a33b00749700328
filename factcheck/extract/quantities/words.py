"""Figures written as words that are not cardinal numbers: ordinals, fractions, multiples.

``seventh`` is an ordinal, ``two-thirds`` and ``a quarter of`` are fractions, ``tenfold`` and
``twice as`` are multiples. "first" is left out: it is mostly no figure ("the first time");
"second" is an ordinal unless it is a unit of time ("30 seconds", "a second", "per second").
"a fourth" is an ordinal ("a fourth title", "score a fourth") unless "of" follows it: "a fourth of
the vote" is a quarter, as "three-fourths" is three quarters.
The patterns run on ASCII-lower-cased text.
"""

from __future__ import annotations

import re

__all__ = ["ORDINALS", "DENOMINATORS", "FOLDS", "FRACTION_NOUNS", "ORDINAL_RE", "FRACTION_RE",
           "FOLD_RE", "ordinal_value", "fraction_value"]

_ONES = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6,
         "seventh": 7, "eighth": 8, "ninth": 9}
_TENS_CARDINAL = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
                  "seventy": 70, "eighty": 80, "ninety": 90}
ORDINALS: dict[str, int] = {
    **{k: v for k, v in _ONES.items() if v > 1},
    "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13, "fourteenth": 14,
    "fifteenth": 15, "sixteenth": 16, "seventeenth": 17, "eighteenth": 18, "nineteenth": 19,
    "twentieth": 20, "thirtieth": 30, "fortieth": 40, "fiftieth": 50, "sixtieth": 60,
    "seventieth": 70, "eightieth": 80, "ninetieth": 90, "hundredth": 100,
}
DENOMINATORS: dict[str, int] = {
    "half": 2, "halves": 2, "third": 3, "thirds": 3, "quarter": 4, "quarters": 4, "fourth": 4, "fourths": 4,
    "fifth": 5, "fifths": 5, "sixth": 6, "sixths": 6, "seventh": 7, "sevenths": 7,
    "eighth": 8, "eighths": 8, "ninth": 9, "ninths": 9, "tenth": 10, "tenths": 10,
}
NUMERATORS: dict[str, int] = {"a": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5,
                              "six": 6, "seven": 7, "eight": 8, "nine": 9}
FOLDS: dict[str, int] = {"twofold": 2, "threefold": 3, "fourfold": 4, "fivefold": 5,
                         "sixfold": 6, "sevenfold": 7, "eightfold": 8, "ninefold": 9,
                         "tenfold": 10, "twentyfold": 20, "hundredfold": 100,
                         "thousandfold": 1000, "twice": 2}
# the fraction words that end a number's compound: "two-thirds" is no count of thirds
FRACTION_NOUNS: frozenset[str] = frozenset(
    "half halves third thirds quarter quarters fifth fifths tenth tenths".split())



def trie(vocabulary: list[str] | dict[str, int]) -> str:
    """A regex alternation of ``vocabulary`` shaped as a trie ("t(?:hird|enth)|f(?:ifth|ourth)"),
    so that a scan tries each first letter once instead of every word in turn; longer words win."""
    ordered = sorted(set(vocabulary))
    if len(ordered) == 1:
        return re.escape(ordered[0])
    groups: dict[str, list[str]] = {}
    for w in ordered:
        groups.setdefault(w[:1], []).append(w[1:])
    alts = []
    for head, tails in sorted(groups.items()):
        rest = [t for t in tails if t]
        body = trie(rest) if rest else ""
        if not rest:
            alts.append(re.escape(head))
        elif "" in tails:
            alts.append(f"{re.escape(head)}(?:{body})?")
        else:
            alts.append(f"{re.escape(head)}(?:{body})" if len(rest) > 1 else re.escape(head) + body)
    return "|".join(alts)


ORDINAL_RE = (rf"(?:(?:{trie(_TENS_CARDINAL)})[-\s](?:{trie(_ONES)})|(?:{trie(ORDINALS)}))\b")
FRACTION_RE = (rf"(?:(?:{trie(NUMERATORS)})[-\s]+(?:{trie(DENOMINATORS)})|half)\b")
FOLD_RE = (r"(?:(?:two|three|four|five|six|seven|eight|nine|ten|twenty|hundred|thousand)fold"
           r"|twice(?=\s+(?:as|the|that|its|their|his|her|what|more|over)\b))\b")


def ordinal_value(word: str) -> int:
    """25 for "twenty-fifth", 7 for "seventh"."""
    parts = re.split(r"[-\s]", word)
    if len(parts) == 2:
        return _TENS_CARDINAL[parts[0]] + _ONES[parts[1]]
    return ORDINALS[word]


def fraction_value(phrase: str) -> tuple[int, int]:
    """(numerator, denominator) of "two-thirds", "a quarter", "half"."""
    parts = [p for p in re.split(r"[-\s]+", phrase) if p]
    if len(parts) == 1:
        return 1, 2
    return NUMERATORS[parts[0]], DENOMINATORS[parts[1]]
