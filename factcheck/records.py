"""The records that flow between stages. All frozen, all comparable with ``==``.

Offsets: ``Article.text`` is the repaired text of one record; ``Claim.start``/``end``
index that text, ``Claim.file_start``/``file_end`` index the decoded source file, and
``Quantity.start``/``end`` index ``Claim.text``.
"""

from __future__ import annotations

import math
from bisect import bisect_right
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any


@dataclass(frozen=True)
class Quantity:
    """One number in a sentence, with what it counts and how sure the writer was.

    ``low``/``high`` is the interval the wording allows: the qualifier ("more than",
    "about", "up to") and the rounding of the figure as written, at most 15% of it ("$3 billion"
    is read as 2.55–3.45 billion). ``high`` may be ``math.inf``.
    """

    text: str  # surface text of the span, qualifier included: "over US$4.5 billion"
    start: int  # span within the sentence handed to the parser
    end: int
    value: float  # the figure in base units: 4.5e9
    low: float
    high: float
    unit: str  # "USD", "GBP", "%", "year", a counted noun ("worker"), or "" for a bare number
    kind: str  # "money" | "percent" | "count" | "year" | "decade" | "number"
    qualifier: str = ""  # "" | "about" | "over" | "at_least" | "under" | "at_most" | "nearly" | "range"

    def overlaps(self, other: Quantity) -> bool:
        return self.low <= other.high and other.low <= self.high

    def interval_text(self) -> str:
        """The interval for a reader: "3.49 bn", "≥ 4.5 bn", "2.55 bn–3.45 bn"; a score's two sides, "7-2"."""
        if self.kind == "score":  # stored as first + second / 1000
            first = math.floor(self.value + 1e-9)
            return f"{first}-{round((self.value - first) * 1000)}"
        if self.low == self.high:
            return _fmt(self.low)
        if math.isinf(self.high):
            return f"≥ {_fmt(self.low)}"
        return f"{_fmt(self.low)}–{_fmt(self.high)}"

    def described(self) -> str:
        """The figure as written with its interval: "$3 billion (2.55 bn–3.45 bn)"; "7-2" alone."""
        interval = self.interval_text()
        return self.text if interval == self.text else f"{self.text} ({interval})"

    def as_json(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "value": self.value,
            "low": self.low,
            "high": None if math.isinf(self.high) else self.high,
            "unit": self.unit,
            "kind": self.kind,
            "qualifier": self.qualifier,
            "start": self.start,
            "end": self.end,
        }


@dataclass(frozen=True)
class Article:
    id: str  # "<path>#<record>": stable across runs
    path: str  # as it should be shown: relative to the sources folder where possible
    record: int  # 1-based record number within the file (1 for a plain article)
    line: int  # 1-based line of the file where the record starts
    title: str
    date: str | None  # ISO date, from the text, or None
    text: str  # repaired text of the whole record (title included)
    file_offsets: tuple[tuple[int, int], ...] = field(repr=False, compare=False, default=())
    line_starts: tuple[int, ...] = field(repr=False, compare=False, default=())
    # file_offsets: sorted (text_index, file_index) anchors; between anchors the map is
    # linear. line_starts: file offsets at which each line of the file begins.
    url: str = ""  # where the article was published (http or https), when the input says
    outlet: str = ""  # who published it ("BBC News"); JSONL "outlet" or "source"
    author: str = ""  # who wrote it
    story: str = ""  # articles of one story report one event: the input's key (JSONL ``story``) or inferred
    # (``match.stories``, ids "~<first article id>"); "" where not known

    def file_offset(self, i: int) -> int:
        """Offset in the decoded source file of character ``i`` of ``text``."""
        if not self.file_offsets:
            return i
        k = bisect_right(self.file_offsets, (i, math.inf)) - 1
        t, f = self.file_offsets[max(k, 0)]
        return f + (i - t)

    def file_line(self, i: int) -> int:
        """1-based line in the source file of character ``i`` of ``text``."""
        if not self.line_starts:
            return self.line + self.text.count("\n", 0, i)
        return bisect_right(self.line_starts, self.file_offset(i))

    def as_json(self) -> dict[str, Any]:
        return {"id": self.id, "path": self.path, "record": self.record, "line": self.line,
                "title": self.title, "date": self.date, "url": self.url or None, "outlet": self.outlet or None,
                "author": self.author or None, "story": self.story or None}


@dataclass(frozen=True)
class Claim:
    id: str  # content-derived: stable while the sentence and its article id stay the same
    article_id: str
    text: str
    start: int  # within Article.text
    end: int
    file_start: int  # within the decoded source file
    file_end: int
    line: int  # 1-based line of the source file where the sentence starts
    quantities: tuple[Quantity, ...]
    date: str | None = None  # when the sentence says its figures held, if it says so

    def as_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "article_id": self.article_id,
            "text": self.text,
            "start": self.file_start,
            "end": self.file_end,
            "line": self.line,
            "date": self.date,
            "quantities": [q.as_json() for q in self.quantities],
        }


@dataclass(frozen=True, eq=False)
class Mention:
    """One comparable figure of a claim, with everything the matcher needs to judge it.

    Self-contained: it carries its claim (id, text, every figure, in-text date), which of
    the claim's figures it is, where the article sits in the sources and when the figure
    held. Two mentions are equal when they name the same figure of the same claim.
    """

    claim: Claim
    index: int  # which of ``claim.quantities``
    article_path: str  # with ``article_record``: the article's place in the sources
    article_record: int
    date: str | None  # when the figure held: the sentence's own date, else the article's
    dimension: str  # "money:USD", "percent", "count:worker", "year"
    role: str | None  # the role word nearest the figure: "valuation", "funding", ...
    total: bool  # a running total ("total financing", "since its founding")
    hedged: bool  # a plan, talks or a forecast ("eyeing to raise", "could be worth")
    periods: frozenset[str]  # the span of time a figure covers: "quarter", "year", "month"
    moving: bool  # a rise or fall ("up 3%", "fell 2%"), not a level
    round: str | None  # funding round the figure belongs to: "C", "C+", "B"
    times: frozenset[str]  # times the sentence names besides the figure: "2004", "january", "q3", "now"
    subjects: frozenset[str]  # who the figure is about, normalised ("timewarner"); else the article's
    window: str  # masked clause around the figure, with its subject: what is embedded
    measure: str  # in words, for the report
    story: str | None = None  # the article's story (given or inferred); None: not known

    @property
    def quantity(self) -> Quantity:
        return self.claim.quantities[self.index]

    @property
    def claim_id(self) -> str:
        return self.claim.id

    @property
    def article_id(self) -> str:
        return self.claim.article_id

    @property
    def key(self) -> tuple[str, int]:
        return self.claim.id, self.index

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Mention) and self.key == other.key

    def __hash__(self) -> int:
        return hash(self.key)


def source_order(m: Mention) -> tuple[str, int, int]:
    """The one order of figures in the sources: by file, record, then place in the record."""
    return m.article_path, m.article_record, m.claim.start


@dataclass(frozen=True)
class Flag:
    id: str  # content-derived from both articles and both figures; verdicts attach here
    kind: str  # "conflict" | "changed" | "inconsistent" (a conversion inside one passage: a == b)
    a: str  # claim id
    b: str  # the other claim id; for "inconsistent" the same claim (a_quantity: the figure, b_quantity: its conversion)
    a_quantity: int  # index into the claim's quantities
    b_quantity: int
    similarity: float  # the contexts' cosine; for twin sentences (aligned passages) their alignment score
    reason: str
    measure: str  # what both figures are about, in words: "valuation (USD)"
    fingerprint: str  # hash of both passages: a verdict on another text is stale
    confidence: float | None = None  # the learned model's probability that both figures are the same attribute
    evidence: dict[str, float] | None = field(default=None, hash=False)  # what that probability was computed from (match.learned.FEATURES)
    same_story: bool | None = None  # whether the two articles report one story (None: not known)

    def as_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "kind": self.kind,
            "a": self.a,
            "b": self.b,
            "a_quantity": self.a_quantity,
            "b_quantity": self.b_quantity,
            "similarity": round(self.similarity, 4),
            "reason": self.reason,
            "measure": self.measure,
            "fingerprint": self.fingerprint,
            "confidence": None if self.confidence is None else round(self.confidence, 4),
            "evidence": None if self.evidence is None else {k: round(v, 4) for k, v in self.evidence.items()},
            "same_story": self.same_story,
        }


def confidence_order(confidence: float | None) -> tuple[bool, float]:
    """The sort key that lists flags by confidence, highest first, flags without one last (a
    stable sort keeps the order they came in among equals)."""
    return confidence is None, -(confidence or 0.0)


@dataclass(frozen=True)
class Verdict:
    """A reviewer's verdict on a flag, as the verdict store keeps it."""

    flag_id: str
    verdict: str  # "confirmed" | "not_a_conflict" | "changed_over_time" | "extraction_error" | "withdrawn"
    note: str
    reviewer: str
    at: str  # ISO 8601 UTC, milliseconds: "2025-11-23T09:30:12.345Z"
    fingerprint: str | None = None  # the flag's passage hash when the verdict was given

    def as_json(self) -> dict[str, Any]:
        return {"flag_id": self.flag_id, "verdict": self.verdict, "note": self.note, "reviewer": self.reviewer,
                "at": self.at, "fingerprint": self.fingerprint}

    def is_stale(self, fingerprint: str | None) -> bool:
        """True when the flag's passages changed since this verdict was given."""
        return None not in (self.fingerprint, fingerprint) and self.fingerprint != fingerprint

    def when(self) -> datetime:
        return datetime.fromisoformat(self.at)


def review_status(verdict: Verdict | None, fingerprint: str | None) -> str:
    """The one rule for whether a flag is reviewed: "new" (no verdict), "stale" (a verdict
    given on passages that changed since) or "reviewed"."""
    if verdict is None:
        return "new"
    return "stale" if verdict.is_stale(fingerprint) else "reviewed"


@dataclass(frozen=True)
class Note:
    """Something the loader recovered from, to show the user."""

    path: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


def _fmt(x: float) -> str:
    if math.isinf(x):
        return "∞"
    for div, suffix in ((1e12, " tn"), (1e9, " bn"), (1e6, " m"), (1e3, " k")):
        if abs(x) >= div:
            return f"{x / div:.4g}{suffix}"
    return f"{x:.4g}"
