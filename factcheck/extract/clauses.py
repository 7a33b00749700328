"""Clause structure around a figure: where its clause begins and ends, which figure in
brackets restates another, and the figure-masked text that is embedded for matching."""

from __future__ import annotations

import re
from collections.abc import Sequence

from factcheck.records import Claim, Quantity

_CONVERSION = re.compile(r"^\s*\($")
_NEXT_CONVERSION = re.compile(r"^\s*[;,/]\s*$")  # "(£2.8bn; $4.8bn)": a second conversion in one bracket
_CLAUSE_MARK = re.compile(r"[,;:()\u2013\u2014]|\s-\s|\.\s")
_WORD = re.compile(r"\S+")
MIN_WORDS_BEFORE = 3
MIN_CONTEXT_WORDS = 5
MAX_WORDS_BEFORE = 10
MAX_WORDS_AFTER = 6
MASK = {"money": "[MONEY]", "percent": "[PERCENT]", "year": "[YEAR]", "decade": "[DECADE]"}
OTHER_FIGURE = "#"  # what a figure other than the target becomes in a masked context


def mask_figures(text: str, quantities: Sequence[Quantity], lo: int = 0, hi: int | None = None,
                 target: int | None = None) -> str:
    """``text[lo:hi]`` with figures masked: the ``target`` (or, with no target, every
    figure) becomes its kind ("[MONEY]"), any other becomes ``#``, so two figures of one
    sentence never share a context. Runs of space collapse to one."""
    hi = len(text) if hi is None else hi
    parts, pos = [], lo
    for i, q in enumerate(quantities):
        if q.end <= lo or q.start >= hi:
            continue
        parts.append(text[pos:max(pos, q.start)])
        parts.append(MASK.get(q.kind, "[NUMBER]") if target is None or i == target else OTHER_FIGURE)
        pos = max(pos, q.end)
    parts.append(text[pos:hi])
    return " ".join("".join(parts).split())


def masked(claim: Claim, lo: int, hi: int, target: int | None = None) -> str:
    """``claim.text[lo:hi]`` through :func:`mask_figures`."""
    return mask_figures(claim.text, claim.quantities, lo, hi, target)


def is_conversion(claim: Claim, qi: int) -> bool:
    """True for a money figure in brackets right after another: "$1.13bn (£600m)", and for each
    further conversion in the same bracket: "4bn euros (£2.8bn; $4.8bn)"."""
    q = claim.quantities[qi]
    if q.kind != "money" or qi == 0:
        return False
    prev = claim.quantities[qi - 1]
    if prev.kind != "money":
        return False
    gap = claim.text[prev.end:q.start]
    return bool(_CONVERSION.match(gap)) or bool(_NEXT_CONVERSION.match(gap)) and is_conversion(claim, qi - 1)


def conversions_of(claim: Claim, qi: int) -> list[int]:
    """The indices of the conversions in brackets right after figure ``qi`` (itself not one), in order."""
    if is_conversion(claim, qi):
        return []
    out, k = [], qi + 1
    while k < len(claim.quantities) and is_conversion(claim, k):
        out.append(k)
        k += 1
    return out


def figure_end(claim: Claim, qi: int) -> int:
    """Where figure ``qi`` ends, past a bracketed conversion right after it: "$27.5bn (£14.5bn)"."""
    if qi + 1 < len(claim.quantities) and is_conversion(claim, qi + 1):
        conversion = claim.quantities[qi + 1]
        close = claim.text.find(")", conversion.end)
        return close + 1 if close >= 0 else conversion.end
    return claim.quantities[qi].end


def _clause_start(text: str, before: list[tuple[int, int]], start: int) -> int:
    """Walk back from ``start`` over the words ``before`` it; stop at a clause mark once enough
    words are in."""
    lo = before[0][0] if before else start
    for k in range(len(before) - 1, -1, -1):
        gap_end = before[k + 1][0] if k + 1 < len(before) else start
        if len(before) - 1 - k >= MIN_WORDS_BEFORE and _CLAUSE_MARK.search(text, before[k][1] - 1, gap_end):
            return gap_end
    return lo


def _clause_end(text: str, spans: list[tuple[int, int]], hi: int) -> int:
    """Read on from ``hi`` to the next clause mark, a few words at most."""
    for w in [w for w in spans if w[0] >= hi][:MAX_WORDS_AFTER]:
        mark = _CLAUSE_MARK.search(text, hi, w[1])
        if mark:
            return max(hi, mark.start())
        hi = w[1]
    return hi


def clause(claim: Claim, qi: int) -> tuple[int, int]:
    """Span of the clause around quantity ``qi``: back to the last clause mark before it
    (but at least a few words) and on to the next clause mark after it (a few words at most)."""
    text, q = claim.text, claim.quantities[qi]
    spans = [(m.start(), m.end()) for m in _WORD.finditer(text)]
    before = [w for w in spans if w[1] <= q.start][-MAX_WORDS_BEFORE:]
    lo = _clause_start(text, before, q.start)
    hi = figure_end(claim, qi)
    if hi == q.end and text[:q.start].rstrip().endswith("(") and text[q.end:].lstrip().startswith(")"):
        hi = text.index(")", q.end) + 1  # "Nearly two-thirds (62%) said...": read on past the bracket
    hi = _clause_end(text, spans, hi)
    if sum(1 for w in spans if lo <= w[0] and w[1] <= hi) < MIN_CONTEXT_WORDS:
        # "Twenty-eight people, including a Briton, ..." says too little on its own
        lo = before[0][0] if before else lo
        hi = max(hi, ([w[1] for w in spans if w[0] >= q.end][:MAX_WORDS_AFTER] or [hi])[-1])
    return lo, hi
