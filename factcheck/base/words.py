"""The claim base's word index: what ``check``'s aligned-passage channel needs of the stored
claims, so that a check parses the few stored claims it may align with, not thousands.

Two tables over one sorted vocabulary, kept in ``words.npz`` beside the vectors:

- **terms** (word -> stored claim rows): the claims whose JSON line, lower-cased, holds the
  word as a whole run of word characters (``[a-z0-9_]+``), for every alphabetic run of three
  letters or more. ``sharing`` answers from it exactly what a search of the lines for
  ``\\bword\\b`` answers (``base.check.sharing_rows``, the path of a base without the index).
- **content** (claim row -> word ids): each stored claim's content words (``align.tokens``),
  the blocking keys of the aligned-passage channel. ``blocked`` reproduces
  ``align._candidates`` for new claims against stored rows from them alone.

Rows are added in batches (``add``) and dropped with their articles (``keep``); the tables are
put back in order (vocabulary sorted, postings by row) once, when the base is saved or
queried. ``RULES`` fingerprints the tokenisation the tables were built with: a base whose
index was built by other rules is read without it (and its next update builds it again).
"""

from __future__ import annotations

import bisect
import hashlib
import math
import re
from collections.abc import Callable, Iterable, Sequence
from typing import Any

import numpy as np

from factcheck.match import align
from factcheck.records import Claim

INDEX_VERSION = 1  # bump when what ``tokens(...).content`` or the term runs mean changes
TERM = re.compile(rb"[a-z0-9_]+")  # the runs of word bytes a \b-bounded word must be one of (ASCII \w)
MIN_TERM = 3  # an alphabetic content word has more than two letters
RULES = hashlib.sha256(repr((INDEX_VERSION, TERM.pattern, MIN_TERM, align._TOKEN.pattern, align.FIGURE,
                             sorted(align._STOP))).encode("utf-8")).hexdigest()[:16]


def line_terms(line: bytes) -> set[str]:
    """The alphabetic runs of word characters (three letters or more) of a stored line, lower-cased."""
    return {t.decode("ascii") for t in TERM.findall(line.lower()) if len(t) >= MIN_TERM and t.isalpha()}


def _segments(start: np.ndarray, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Positions into a CSR's values of the segments of ``rows``, and each segment's length."""
    lo, hi = start[rows], start[rows + 1]
    lens = hi - lo
    if not len(rows):
        return np.zeros(0, np.int64), lens
    offsets = np.repeat(lo - np.concatenate([[0], np.cumsum(lens)[:-1]]), lens)
    return offsets + np.arange(int(lens.sum()), dtype=np.int64), lens


class WordIndex:
    """The index of ``rows`` stored claims. Built whole with ``build`` or grown with ``add``."""

    def __init__(self, words: list[str], term_start: np.ndarray, term_rows: np.ndarray,
                 content_start: np.ndarray, content_words: np.ndarray) -> None:
        self.words = words  # sorted: word ids compare as the words do
        self.term_start, self.term_rows = term_start, term_rows  # CSR by word id
        self.content_start, self.content_words = content_start, content_words  # CSR by claim row
        self._ids: dict[str, int] | None = None  # while growing: word -> id (the vocabulary unsorted)
        self._terms: list[tuple[np.ndarray, np.ndarray]] = []  # while growing: (word ids, rows) chunks
        self._content: list[np.ndarray] = []  # while growing: word ids of the added rows, and their counts
        self._counts: list[np.ndarray] = []

    @classmethod
    def empty(cls) -> WordIndex:
        return cls([], np.zeros(1, np.int64), np.zeros(0, np.int32), np.zeros(1, np.int64), np.zeros(0, np.int32))

    @classmethod
    def build(cls, lines: Sequence[bytes], claims: Iterable[Claim]) -> WordIndex:
        index = cls.empty()
        index.add(lines, claims)
        index.settle()
        return index

    def __len__(self) -> int:
        return int(sum(len(c) for c in self._counts)) + len(self.content_start) - 1

    # -- growing

    def _thaw(self) -> None:
        if self._ids is not None:
            return
        self._ids = {w: i for i, w in enumerate(self.words)}
        counts = np.diff(self.term_start)
        self._terms = [(np.repeat(np.arange(len(self.words), dtype=np.int32), counts), self.term_rows)]
        self._content, self._counts = [self.content_words], [np.diff(self.content_start)]
        self.term_start, self.term_rows = np.zeros(1, np.int64), np.zeros(0, np.int32)
        self.content_start, self.content_words = np.zeros(1, np.int64), np.zeros(0, np.int32)

    def add(self, lines: Sequence[bytes], claims: Iterable[Claim]) -> None:
        """Index the next rows: their stored lines and their claims, in row order."""
        self._thaw()
        assert self._ids is not None
        ids, words = self._ids, self.words
        row = len(self)
        term_ids: list[int] = []
        term_rows: list[int] = []
        content: list[int] = []
        counts: list[int] = []
        for line, claim in zip(lines, claims, strict=True):
            for w in line_terms(line):
                term_ids.append(ids.setdefault(w, len(ids)))
                term_rows.append(row)
            ws = align.tokens(claim).content
            content.extend(ids.setdefault(w, len(ids)) for w in ws)
            counts.append(len(ws))
            row += 1
        words.extend(list(ids)[len(words):])
        self._terms.append((np.asarray(term_ids, np.int32), np.asarray(term_rows, np.int32)))
        self._content.append(np.asarray(content, np.int32))
        self._counts.append(np.asarray(counts, np.int64))

    def keep(self, mask: np.ndarray) -> None:
        """Keep the rows where ``mask`` is true (the claims of the articles that stay), renumbered."""
        self._thaw()
        terms, rows = self._pairs()
        counts = np.concatenate(self._counts) if self._counts else np.zeros(0, np.int64)
        content = np.concatenate(self._content) if self._content else np.zeros(0, np.int32)
        row = (np.cumsum(mask) - 1).astype(np.int32)
        on = mask[rows]
        self._terms = [(terms[on], row[rows[on]])]
        self._content, self._counts = [content[np.repeat(mask, counts)]], [counts[mask]]

    def _pairs(self) -> tuple[np.ndarray, np.ndarray]:
        terms = np.concatenate([t for t, _ in self._terms]) if self._terms else np.zeros(0, np.int32)
        rows = np.concatenate([r for _, r in self._terms]) if self._terms else np.zeros(0, np.int32)
        return terms, rows

    def settle(self) -> None:
        """Put the tables in order: the vocabulary sorted (words no row uses dropped), each
        word's rows ascending."""
        if self._ids is None:
            return
        terms, rows = self._pairs()
        content = np.concatenate(self._content) if self._content else np.zeros(0, np.int32)
        counts = np.concatenate(self._counts) if self._counts else np.zeros(0, np.int64)
        used = np.zeros(len(self.words), bool)
        used[terms] = True
        used[content] = True
        order = sorted((i for i in np.flatnonzero(used).tolist()), key=self.words.__getitem__)
        new_id = np.full(len(self.words), -1, np.int32)
        new_id[order] = np.arange(len(order), dtype=np.int32)
        self.words = [self.words[i] for i in order]
        terms = new_id[terms]
        by_term = np.lexsort((rows, terms))
        self.term_rows = rows[by_term].astype(np.int32)
        self.term_start = np.concatenate([[0], np.cumsum(np.bincount(terms, minlength=len(order)))]).astype(np.int64)
        content = new_id[content]  # each row's words ascending: the same bytes whatever the sets' order
        self.content_words = content[np.lexsort((content, np.repeat(np.arange(len(counts)), counts)))].astype(np.int32)
        self.content_start = np.concatenate([[0], np.cumsum(counts)]).astype(np.int64)
        self._ids, self._terms, self._content, self._counts = None, [], [], []

    # -- on disk

    def arrays(self) -> dict[str, np.ndarray]:
        self.settle()
        return {"words": np.frombuffer("\n".join(self.words).encode("utf-8"), np.uint8),
                "term_start": self.term_start, "term_rows": self.term_rows,
                "content_start": self.content_start, "content_words": self.content_words}

    @classmethod
    def from_arrays(cls, arrays: dict[str, Any], rows: int) -> WordIndex:
        """The index of a base of ``rows`` claims; ``ValueError`` says what does not fit."""
        blob = np.asarray(arrays["words"], np.uint8).tobytes().decode("utf-8")
        words = blob.split("\n") if blob else []
        ts, tr = np.asarray(arrays["term_start"], np.int64), np.asarray(arrays["term_rows"], np.int32)
        cs, cw = np.asarray(arrays["content_start"], np.int64), np.asarray(arrays["content_words"], np.int32)
        for name, start, values, n in (("term_start", ts, tr, len(words)), ("content_start", cs, cw, rows)):
            if start.shape != (n + 1,) or start[0] != 0 or start[-1] != len(values) or np.any(np.diff(start) < 0):
                raise ValueError(f"{name} does not fit its table")
        if len(tr) and (tr.min() < 0 or tr.max() >= rows):
            raise ValueError("term_rows points past the claims")
        if len(cw) and (cw.min() < 0 or cw.max() >= len(words)):
            raise ValueError("content_words points past the vocabulary")
        return cls(words, ts, tr, cs, cw)

    # -- asking

    def word_id(self, w: str) -> int | None:
        self.settle()
        k = bisect.bisect_left(self.words, w)
        return k if k < len(self.words) and self.words[k] == w else None

    def sharing(self, lines: Sequence[bytes], words: Iterable[str]) -> np.ndarray:
        """The rows whose lower-cased line holds one of ``words`` (lower-case content words) as a
        whole word, ``\\bword\\b``: the rows of its term, or for a word with an apostrophe the
        rows of its longest part, searched for the whole word."""
        self.settle()
        found: list[np.ndarray] = []
        for w in words:
            longest = max(w.split("'"), key=len)
            k = self.word_id(longest) if len(longest) >= MIN_TERM and longest.isalpha() else None
            if k is not None:
                rows = self.term_rows[self.term_start[k]:self.term_start[k + 1]]
            elif len(longest) >= MIN_TERM and longest.isalpha():
                continue  # in no stored line
            else:
                rows = np.arange(len(lines))
            if w != longest:
                rx = re.compile(rb"\b" + re.escape(w.encode("utf-8")) + rb"\b")
                rows = rows[[rx.search(lines[r].lower()) is not None for r in rows.tolist()]]
            found.append(rows)
        return np.unique(np.concatenate(found)) if found else np.zeros(0, np.int64)

    def blocked(self, new: Sequence[frozenset[str]], rows: np.ndarray, min_score: float) -> list[tuple[int, int]]:
        """``align._candidates`` for the new claims' content words against the stored ``rows``
        (``same_list`` false): the (new claim, position in ``rows``) pairs that share a word of
        both prefixes and pass the size filter."""
        self.settle()
        bar = max(min_score - align.BLOCK_SLACK, 0.05)
        pos, lens = _segments(self.content_start, rows)
        stored = self.content_words[pos]
        df = np.bincount(stored, minlength=len(self.words))
        counts: dict[str, int] = {}
        for c in new:
            for w in c:
                counts[w] = counts.get(w, 0) + 1
        ids = {w: self.word_id(w) for w in counts}
        for w, k in ids.items():
            if k is not None:
                df[k] += counts[w]

        def freq(w: str) -> int:
            k = ids[w]
            return int(df[k]) if k is not None else counts[w]

        # each stored row's words by (df, word): a row's word ids follow the sorted vocabulary
        owner = np.repeat(np.arange(len(rows)), lens)
        order = np.lexsort((stored, df[stored], owner))
        return prefix_pairs(new, new_prefixes(new, freq, bar), ids.get, stored[order], owner[order], lens, bar)


def new_prefixes(new: Sequence[frozenset[str]], freq: Callable[[str], int], bar: float) -> list[list[str]]:
    """Each new claim's prefix (``align._candidates``): its words by (frequency, word), the first
    len - ceil(bar * len) + 1."""
    prefixes = []
    for c in new:
        ws = sorted(c, key=lambda w: (freq(w), w))
        prefixes.append(ws[:max(len(ws) - math.ceil(bar * len(ws)) + 1, 1)])
    return prefixes


def prefix_pairs(new: Sequence[frozenset[str]], prefixes: Sequence[Sequence[str]], word_id: Callable[[str], int | None],
                 words: np.ndarray, owners: np.ndarray, lens: np.ndarray, bar: float) -> list[tuple[int, int]]:
    """The (new claim, stored row) pairs of ``align._candidates``: a word of the new claim's prefix in
    the stored row's prefix, and sizes that pass the filter. ``words``/``owners``: the stored rows' word
    ids and rows (positions into ``lens``), each row's words together in prefix order (by frequency,
    then word); ``word_id``: a new word's id, None when no stored row holds it."""
    first = np.concatenate([[0], np.flatnonzero(np.diff(owners)) + 1])
    rank = np.arange(len(owners)) - np.repeat(first, np.diff(np.concatenate([first, [len(owners)]])))
    keep = np.maximum(lens - np.ceil(bar * lens).astype(np.int64) + 1, 1)
    in_prefix = rank < keep[owners]
    words, owners = words[in_prefix], owners[in_prefix]
    by_word = np.argsort(words, kind="stable")
    words, owners = words[by_word], owners[by_word]
    out: set[tuple[int, int]] = set()
    for i, (c, prefix) in enumerate(zip(new, prefixes)):
        n = len(c)
        for w in prefix:
            k = word_id(w)
            if k is None:
                continue
            js = owners[np.searchsorted(words, k):np.searchsorted(words, k, side="right")]
            m = lens[js]
            js = js[~(2 * np.minimum(n, m) < bar * (n + m))]
            out.update((i, j) for j in js.tolist())
    return sorted(out)
