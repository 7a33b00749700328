"""Aligned passages: two sentences in different articles that say the same thing in nearly the
same words, and the figures that sit at the same place in both.

This is the second matching channel beside the embedding matcher: it does not ask whose figure
it is or what role word it has. It decides from the tokens alone, with every figure masked to
one placeholder, so "£3.2m" and "£32m" leave the two sentences identical.

- **Score** (0..1): the better of the token-sequence similarity (Indel, i.e. longest common
  subsequence) and the token-bag similarity (Dice on the multisets). The bag keeps a moved
  attribution ("police said 14 people were held" / "14 people were held, police said") and a
  swapped clause order from hiding the match; the sequence keeps the figures' places.
- **Slots**: the placeholders paired by the sequence alignment are at the same slot; a figure
  the alignment leaves unpaired (its clause moved) is paired by the words on either side of
  it, or when it is the only figure left on both sides.
- **Differs**: obvious differences of meaning around a slot that an alignment of nearly equal
  sentences still shows: a different year, decade, funding round, quarter, month or weekday
  named, "last year" vs "this year", a negation, a rise vs a fall, a plan vs a fact, a
  different name put in the same place. The slot's own figure is left out of the comparison
  (a year changed at the slot is the disagreement itself, not a difference around it).

Candidates are blocked cheaply before any scoring: prefix filtering on the sentences' content
words ordered rarest first, so two sentences are scored only when they share one of their
rarest words; all claims of the 2,225 BBC articles against each other take a few seconds
(``bench/align_bbc.py``).
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from rapidfuzz.distance import Indel, Levenshtein

from factcheck.extract.lexicon import (
    FALL_WORDS,
    HISTORIC_DECADE,
    HISTORIC_YEAR,
    MONTH_NAMES,
    PASSAGE_STOP_WORDS,
    PLAN_WORDS,
    RISE_WORDS,
    WEEKDAYS,
)
from factcheck.kinds import is_year_like
from factcheck.records import Claim, Quantity

MIN_SCORE = 0.75  # passages below this say different things
BLOCK_SLACK = 0.15  # the blocking's looser bar on content words: the score also counts function words
SLOT_CONTEXT = 3  # words either side of a figure that place it when the alignment leaves it unpaired
MIN_CONTEXT = 0.5  # Dice of those words needed to call two unpaired figures the same slot

MIN_SHARED = 3  # content words two passages must share: "Sales rose 2.8% to 14.96bn euros" is too generic alone

FIGURE = "\x00#"  # every placeholder starts with this; the rest names the figure's class

_TOKEN = re.compile(r"[A-Za-z]+(?:['’][A-Za-z]+)*|[0-9]+(?:[.,][0-9]+)*|[%$£€¥+]")
_STOP = PASSAGE_STOP_WORDS  # the name the claim base's word index hashes (base/words.py)
_TITLES = frozenset({"Mr", "Mrs", "Ms", "Dr", "Sir", "Lord", "Lady", "Prof", "The", "A", "An", "In", "On", "But",
                     "And", "It", "He", "She", "They", "We", "This", "That", "Its", "His", "Her", "Their"})

_YEAR = re.compile(rf"\b{HISTORIC_YEAR}\b")
_DECADE = re.compile(rf"\b{HISTORIC_DECADE}\b")
_ROUND = re.compile(r"\bseries\s+([a-f]\d?\+?)(?![\w+])|\b([a-f]\d?\+?)[\s-]+round\b", re.I)
_QUARTER = re.compile(r"\b(first|second|third|fourth|final|1st|2nd|3rd|4th)[\s-]+(quarter|half)\b|\b(q[1-4])\b",
                      re.I)
_MONTH = re.compile(rf"\b({'|'.join(MONTH_NAMES)})\b")
_WEEKDAY = re.compile(rf"\b({'|'.join(d.capitalize() for d in WEEKDAYS)})\b")
_RELATIVE = re.compile(r"\b(last|this|next|previous)\s+(year|month|week|season)\b", re.I)
_NEGATION = frozenset({"not", "n't", "never", "no", "nor", "cannot"})


@dataclass(frozen=True)
class SlotMatch:
    """Two figures at (or near) the same place of two aligned passages."""

    a: Claim
    a_index: int  # index into a.quantities
    b: Claim
    b_index: int
    score: float  # how nearly the two passages say the same thing, 0..1, figures masked
    same_slot: bool  # the two figures sit at the same aligned place
    differs: str | None  # an obvious difference of meaning around the slot, in words, or None


@dataclass(frozen=True)
class _Tokens:
    words: tuple[str, ...]  # as written, figures replaced by FIGURE
    lower: tuple[str, ...]
    figures: tuple[int, ...]  # token index of each quantity's placeholder, in quantity order
    content: frozenset[str]  # lower-cased words that carry meaning: the blocking keys


def tokens(claim: Claim) -> _Tokens:
    """The claim's words with each quantity masked to one placeholder token."""
    text = claim.text
    spans = sorted((q.start, q.end, i) for i, q in enumerate(claim.quantities))
    words: list[str] = []
    figures = [0] * len(claim.quantities)
    pos = 0
    for start, end, i in spans:
        if start < pos:  # overlapping spans: the figure shares the earlier placeholder
            figures[i] = len(words) - 1
            continue
        words.extend(_TOKEN.findall(text, pos, start))
        figures[i] = len(words)
        words.append(FIGURE + _figure_class(claim.quantities[i]))
        pos = end
    words.extend(_TOKEN.findall(text, pos))
    lower = tuple(w.lower().replace("’", "'") for w in words)
    content = frozenset(w for w in lower if not w.startswith(FIGURE) and w not in _STOP and (len(w) > 2 or w.isdigit()))
    return _Tokens(tuple(words), lower, tuple(figures), content)


def _figure_class(q: Quantity) -> str:
    """What a placeholder keeps of its figure: enough to align "$412bn (£211.6bn)" currency by currency,
    nothing an equivalent rewrite changes ("$1.5bn" / "$1,500m", "13%" / "13 per cent")."""
    if q.kind == "money":
        return q.unit
    if is_year_like(q.kind):
        return "year"
    if q.kind == "percent":
        return q.kind
    return "n"


def passage_score(ta: _Tokens, tb: _Tokens) -> float:
    """How nearly two masked passages say the same thing: the better of sequence and bag."""
    seq = Indel.normalized_similarity(ta.lower, tb.lower)
    ca, cb = Counter(ta.lower), Counter(tb.lower)
    total = len(ta.lower) + len(tb.lower)
    bag = 2 * sum((ca & cb).values()) / total if total else 0.0
    return max(seq, bag)


def _candidates(ta: Sequence[_Tokens], tb: Sequence[_Tokens], min_score: float, same_list: bool) -> set[tuple[int, int]]:
    """Index pairs whose content words could reach the bar: prefix filtering, rarest words first."""
    df: Counter[str] = Counter()
    for t in ta:
        df.update(t.content)
    if not same_list:
        for t in tb:
            df.update(t.content)
    bar = max(min_score - BLOCK_SLACK, 0.05)

    def prefix(t: _Tokens) -> list[str]:
        words = sorted(t.content, key=lambda w: (df[w], w))
        keep = len(words) - math.ceil(bar * len(words)) + 1  # Dice >= bar needs a shared word among these
        return words[:max(keep, 1)]

    index: dict[str, list[int]] = defaultdict(list)
    for j, t in enumerate(tb):
        for w in prefix(t):
            index[w].append(j)
    out: set[tuple[int, int]] = set()
    for i, t in enumerate(ta):
        n = len(t.content)
        for w in prefix(t):
            for j in index.get(w, ()):
                if same_list and j <= i:
                    continue
                m = len(tb[j].content)
                if 2 * min(n, m) < bar * (n + m):  # the size filter: too unequal to reach the bar
                    continue
                out.add((i, j))
    return out


def _slots(ta: _Tokens, tb: _Tokens) -> list[tuple[int, int, bool]]:
    """One-to-one pairs (index in a.quantities, index in b.quantities, same_slot)."""
    pairs: list[tuple[int, int, bool]] = []
    used_a: set[int] = set()
    used_b: set[int] = set()
    _aligned_slots(ta, tb, pairs, used_a, used_b)
    _context_slots(ta, tb, pairs, used_a, used_b)
    return sorted(pairs)


def _aligned_slots(ta: _Tokens, tb: _Tokens, pairs: list[tuple[int, int, bool]], used_a: set[int],
                   used_b: set[int]) -> None:
    """The placeholders the sequence alignment pairs, into ``pairs``."""
    pos_a = {p: i for i, p in enumerate(ta.figures)}
    pos_b = {p: j for j, p in enumerate(tb.figures)}
    for op in Indel.opcodes(ta.lower, tb.lower):
        if op.tag != "equal":
            continue
        for k in range(op.src_end - op.src_start):
            pa, pb = op.src_start + k, op.dest_start + k
            if pa in pos_a and pb in pos_b and pos_a[pa] not in used_a and pos_b[pb] not in used_b:
                pairs.append((pos_a[pa], pos_b[pb], True))
                used_a.add(pos_a[pa])
                used_b.add(pos_b[pb])


def _context_slots(ta: _Tokens, tb: _Tokens, pairs: list[tuple[int, int, bool]], used_a: set[int],
                   used_b: set[int]) -> None:
    """The figures the alignment left unpaired, paired by the words on either side of them (or
    the one left on each side), into ``pairs``."""
    rest_a = [i for i in range(len(ta.figures)) if i not in used_a]
    rest_b = [j for j in range(len(tb.figures)) if j not in used_b]
    options = []
    for i in rest_a:
        ctx_a = _context(ta, ta.figures[i])
        for j in rest_b:
            ctx_b = _context(tb, tb.figures[j])
            total = sum(ctx_a.values()) + sum(ctx_b.values())
            dice = 2 * sum((ctx_a & ctx_b).values()) / total if total else 0.0
            options.append((dice, i, j))
    for dice, i, j in sorted(options, key=lambda o: (-o[0], o[1], o[2])):
        if i in used_a or j in used_b:
            continue
        # the one figure left on each side, of the same class: its clause moved ("In 1998, ..." / "... in 1998")
        lone = len(rest_a) == 1 and len(rest_b) == 1 and ta.lower[ta.figures[i]] == tb.lower[tb.figures[j]]
        if dice >= MIN_CONTEXT or lone:
            pairs.append((i, j, True))
            used_a.add(i)
            used_b.add(j)


def _context(t: _Tokens, pos: int) -> Counter[str]:
    lo, hi = max(pos - SLOT_CONTEXT, 0), pos + SLOT_CONTEXT + 1
    return Counter(w for k, w in enumerate(t.lower[lo:hi], start=lo) if k != pos)


def _masked(claim: Claim, skip: int) -> str:
    """The claim's text with the quantity ``skip`` blanked, so its own figure is not compared."""
    q = claim.quantities[skip]
    return claim.text[:q.start] + " " * (q.end - q.start) + claim.text[q.end:]


def _named(rx: re.Pattern[str], text: str) -> set[str]:
    return {next(g for g in m.groups() if g) if m.groups() else m.group(0) for m in rx.finditer(text)}


def _lowered(rx: re.Pattern[str], text: str) -> set[str]:
    return {" ".join(x.lower().split()) for x in _named(rx, text)}


def differs(a: Claim, a_index: int, b: Claim, b_index: int, ta: _Tokens | None = None,
            tb: _Tokens | None = None) -> str | None:
    """An obvious difference of meaning around the slot, in words, or None."""
    xa, xb = _masked(a, a_index), _masked(b, b_index)
    checks: tuple[tuple[str, re.Pattern[str]], ...] = (
        ("year", _YEAR), ("decade", _DECADE), ("round", _ROUND), ("quarter", _QUARTER),
        ("month", _MONTH), ("day", _WEEKDAY), ("time", _RELATIVE))
    for what, rx in checks:
        na, nb = _lowered(rx, xa), _lowered(rx, xb)
        if what == "year":
            na, nb = na - {d[:4] for d in _lowered(_DECADE, xa)}, nb - {d[:4] for d in _lowered(_DECADE, xb)}
        if na - nb and nb - na:
            return f"different {what} named ({', '.join(sorted(na))} vs {', '.join(sorted(nb))})"
    ta = ta or tokens(a)
    tb = tb or tokens(b)
    wa, wb = set(ta.lower), set(tb.lower)
    if bool(wa & _NEGATION) != bool(wb & _NEGATION):
        return "a negation on one side only"
    up_a, down_a, up_b, down_b = wa & RISE_WORDS, wa & FALL_WORDS, wb & RISE_WORDS, wb & FALL_WORDS
    if (up_a and not down_a and down_b and not up_b) or (down_a and not up_a and up_b and not down_b):
        return f"a rise vs a fall ({', '.join(sorted(up_a | down_a))} vs {', '.join(sorted(up_b | down_b))})"
    if bool(wa & PLAN_WORDS) != bool(wb & PLAN_WORDS):
        return "a plan or forecast vs a statement of fact"
    names = _replaced_names(ta, tb)
    if names:
        return f"different name in the same place ({names[0]} vs {names[1]})"
    return None


def _replaced_names(ta: _Tokens, tb: _Tokens) -> tuple[str, str] | None:
    """A capitalised name that the alignment replaces by another name found nowhere in the other side."""
    lower_a, lower_b = set(ta.lower), set(tb.lower)
    for op in Indel.opcodes(ta.lower, tb.lower):
        if op.tag != "delete":
            continue
        # Indel has no substitutions: a replacement is a delete next to an insert
        gone = [w for w in ta.words[op.src_start:op.src_end] if _is_name(w) and w.lower() not in lower_b]
        if not gone:
            continue
        for other in Indel.opcodes(ta.lower, tb.lower):
            if other.tag == "insert" and other.src_start in (op.src_start, op.src_end):
                new = [w for w in tb.words[other.dest_start:other.dest_end]
                       if _is_name(w) and w.lower() not in lower_a]
                # a misspelt name ("Jupiter" / "Juniper") is the same name
                if new and Levenshtein.normalized_similarity(gone[0].lower(), new[0].lower()) < 0.7:
                    return gone[0], new[0]
    return None


def _is_name(w: str) -> bool:
    return w[:1].isupper() and w not in _TITLES and not w.startswith(FIGURE) and not w.isupper()


def align_claims(a: Sequence[Claim], b: Sequence[Claim], min_score: float = MIN_SCORE,
                 pairs: Iterable[tuple[int, int]] | None = None) -> list[SlotMatch]:
    """Figures at the same slot of aligned passages, for every pair of claims from different articles.

    Within each pair of articles a claim aligns with at most one claim of the other (best score
    first), so a story filed twice pairs each sentence with its twin. Pass the same sequence
    twice to align a corpus with itself: each unordered pair is then seen once. ``pairs``
    (indexes into ``a`` and ``b``) replaces the blocking when it was done elsewhere (the claim
    base's word index).
    """
    same_list = a is b
    ta = [tokens(c) for c in a]
    tb = ta if same_list else [tokens(c) for c in b]
    scored: dict[tuple[str, str], list[tuple[float, int, int, bool]]] = defaultdict(list)
    for i, j in _candidates(ta, tb, min_score, same_list) if pairs is None else pairs:
        ca, cb = a[i], b[j]
        if ca.article_id == cb.article_id or not ca.quantities or not cb.quantities:
            continue
        if same_list and ca.article_id > cb.article_id:  # one orientation per pair of articles
            i, j, ca, cb = j, i, cb, ca
        s = passage_score(ta[i], tb[j])
        if s >= min_score:
            weak = len(ta[i].content & tb[j].content) < MIN_SHARED
            scored[(ca.article_id, cb.article_id)].append((s, i, j, weak))
    out: list[SlotMatch] = []
    for group in scored.values():
        if all(weak for *_, weak in group):
            continue  # only generic short sentences in common: no evidence the two articles tell one story
        # a short sentence ("It has a catalogue of around 60,000 songs.") counts beside stronger ones
        used_a: set[int] = set()
        used_b: set[int] = set()
        for s, i, j, _ in sorted(group, key=lambda g: (-g[0], g[1], g[2])):
            if i in used_a or j in used_b:
                continue
            used_a.add(i)
            used_b.add(j)
            for qa, qb, same in _slots(ta[i], tb[j]):
                out.append(SlotMatch(a[i], qa, b[j], qb, s, same, differs(a[i], qa, b[j], qb, ta[i], tb[j])))
    out.sort(key=lambda m: (m.a.article_id, m.a.start, m.a_index, m.b.article_id, m.b.start, m.b_index))
    return out
