"""Check new articles against the claim base: the flags they raise, and only those.

Flags are new-vs-base and new-vs-new, never base-vs-base. Pairs are judged by the same
functions as in the batch run (``same_attribute``, ``make_flag``, which calls
``judge``), and new-vs-new pairs by ``find_flags`` itself, so a check and a batch run over
the same articles agree on every pair. Only the search differs: each new figure is
compared with the stored figures of its dimension, whose vectors come from the base.

A flag that has a reviewer's verdict (on the same passages) is not new; it is shown but
does not fail the check. Output formats: ``text``, ``json``, ``junit`` and ``github``.
"""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import numpy as np

from factcheck.base.store import ClaimBase
from factcheck.errors import UsageError
from factcheck.extract.attributes import Mention
from factcheck.extract.load import load
from factcheck.match.decide import SIMILARITY, make_flag, same_attribute
from factcheck.match.embed import Embedder, VectorCache
from factcheck.pipeline import Result, analyse
from factcheck.records import Article, Claim, Flag, Note, Quantity

VERSION = 1
ROWS = 16384  # base vectors compared per block: bounds the memory of a check


@dataclass(frozen=True)
class Side:
    """One side of a flag, located for a reader."""

    claim: Claim
    quantity: Quantity
    article: Article
    path: str  # as given on the command line for a new article, as stored for the base
    new: bool

    @property
    def where(self) -> str:
        return f"{self.path}:{self.claim.line}"


@dataclass
class Check:
    """The outcome of checking new articles against a base."""

    base: ClaimBase
    new: Result  # the new articles, their claims and vectors
    shown: dict[str, str]  # new article id -> its path as given
    flags: list[Flag]
    claims: dict[str, Claim]  # every claim a flag names
    verdicts: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    strict: bool = False
    seconds: dict[str, float] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.articles = {**self.base.article_index, **self.new.article_index}
        self.flags = sorted(self.flags, key=self._order)

    def sides(self, f: Flag) -> tuple[Side, Side]:
        """(new side, other side); with both sides new, the later one first."""
        a, b = self._side(f.a, f.a_quantity), self._side(f.b, f.b_quantity)
        return (b, a) if b.new else (a, b)

    def _side(self, claim_id: str, qi: int) -> Side:
        c = self.claims[claim_id]
        art = self.articles[c.article_id]
        new = c.article_id in self.shown
        return Side(c, c.quantities[qi], art, self.shown[c.article_id] if new else art.path, new)

    def _order(self, f: Flag) -> tuple:
        new, other = self.sides(f)
        return new.path, new.claim.line, f.kind != "conflict", other.path, other.claim.line, f.id

    def verdict(self, f: Flag) -> Mapping[str, Any] | None:
        return self.verdicts.get(f.id)

    def status(self, f: Flag) -> str:
        """"new", "reviewed", or "stale" (a verdict given on passages that changed since)."""
        v = self.verdict(f)
        if v is None:
            return "new"
        return "stale" if v.get("fingerprint") not in (None, f.fingerprint) else "reviewed"

    def fails(self, f: Flag) -> bool:
        return self.status(f) != "reviewed" and (f.kind == "conflict" or self.strict)

    @property
    def exit_code(self) -> int:
        """0: nothing new and unreviewed fails; 1: a new conflict (or, with ``strict``, a change)."""
        return 1 if any(self.fails(f) for f in self.flags) else 0

    def summary(self) -> dict[str, Any]:
        open_ = [f for f in self.flags if self.status(f) != "reviewed"]
        return {
            "checked": len(self.new.articles), "claims": len(self.new.claims),
            "base_claims": len(self.base.claims), "flags": len(self.flags),
            "conflicts": sum(f.kind == "conflict" for f in open_),
            "changes": sum(f.kind == "changed" for f in open_),
            "reviewed": len(self.flags) - len(open_),
            "failing": sum(self.fails(f) for f in self.flags), "strict": self.strict, "exit": self.exit_code,
        }


def load_new(paths: Sequence[str | Path]) -> tuple[list[Article], list[Note], dict[str, str]]:
    """The new articles, the loader's notes, and each article's path as given on the command line."""
    articles: list[Article] = []
    notes: list[Note] = []
    shown: dict[str, str] = {}
    for p in paths:
        arts, file_notes = load([p])
        where = (lambda rel, p=p: str(p)) if Path(p).is_file() else (lambda rel, p=p: str(Path(p) / rel))
        for a in arts:
            if a.id in shown:
                raise UsageError(f"{shown[a.id]} and {where(a.path)} would both be article {a.id} (the base "
                                 "knows an article by its file name and record): check them in separate runs")
            shown[a.id] = where(a.path)
            articles.append(a)
        notes += [Note(where(n.path), n.line, n.message) for n in file_notes]
    return articles, notes, shown


def check(base: ClaimBase, paths: Sequence[str | Path], embedder: Embedder, cache: VectorCache | None = None,
          threshold: float = SIMILARITY, verdicts: Mapping[str, Mapping[str, Any]] | None = None,
          strict: bool = False) -> Check:
    """Match the articles under ``paths`` against ``base`` and each other.

    An article whose id is already in the base is checked in place of its stored version.
    """
    base.require_model(embedder.identity)
    t = time.perf_counter()
    articles, notes, shown = load_new(paths)
    load_s = time.perf_counter() - t
    new = analyse(articles, notes, embedder, cache, threshold)  # new-vs-new flags: the batch's own
    t = time.perf_counter()
    flags, claims = against_base(base, new, threshold)
    seconds = {"load": load_s, **new.seconds, "match base": time.perf_counter() - t}
    claims.update(new.claim_index)
    return Check(base, new, shown, new.flags + flags, claims, verdicts or {}, strict, seconds)


class _Claims(Sequence[Claim]):
    """The base's claims followed by the new ones: what mentions of both index."""

    def __init__(self, base: ClaimBase, new: Sequence[Claim]) -> None:
        self.base, self.new, self.offset = base, new, len(base.claims)

    def __len__(self) -> int:
        return self.offset + len(self.new)

    def __getitem__(self, i):  # type: ignore[override]
        return self.base.claims[i] if i < self.offset else self.new[i - self.offset]


def against_base(base: ClaimBase, new: Result, threshold: float = SIMILARITY) -> tuple[list[Flag], dict[str, Claim]]:
    """Flags between the new mentions and the stored ones, and the claims they name.

    The loop body is ``find_flags``'s: the same ``same_attribute`` decision (bar, guards,
    one-to-one alignment per pair of articles) and judgement, one flag
    per pair of figures (the most similar pair of passages). Each pair is handed to
    ``make_flag`` in the order a batch run over both folders would (by path, record).
    """
    claims = _Claims(base, new.claims)
    articles = {**base.article_index, **new.article_index}
    skip = [row for a in new.articles if (row := base.article_row(a.id)) is not None]
    offset = len(base.claims)
    ms = [replace(m, claim=m.claim + offset) for m in new.mentions]
    pairs = list(base_pairs(ms, new.vectors, base, skip, threshold))
    base.mentions.parse_rows(j for _, j, _ in pairs)
    same = same_attribute(((ms[i], base.mention(j), cos) for i, j, cos in pairs), threshold)
    base.claims.parse_rows(b.claim for _, b, _ in same)
    best: dict[str, Flag] = {}
    named: dict[str, Claim] = {}
    for a, b, cos in same:
        if _source_order(articles[b.article_id]) < _source_order(articles[a.article_id]):
            a, b = b, a
        flag = make_flag(claims, articles, a, b, cos)
        if flag and (flag.id not in best or flag.similarity > best[flag.id].similarity):
            best[flag.id] = flag
            named.update((c.id, c) for c in (claims[a.claim], claims[b.claim]))
    return list(best.values()), named


def _source_order(a: Article) -> tuple[str, int]:
    return a.path, a.record


def base_pairs(ms: Sequence[Mention], vecs: np.ndarray, base: ClaimBase, skip_articles: Sequence[int] = (),
               floor: float = SIMILARITY) -> Iterator[tuple[int, int, float]]:
    """(new mention, base mention row, cosine) for each pair of the same dimension with cosine >= floor.

    Base mentions of the articles in ``skip_articles`` (rows) are left out."""
    groups: dict[str, list[int]] = defaultdict(list)
    for i, m in enumerate(ms):
        groups[m.dimension].append(i)
    skip = np.asarray(sorted(skip_articles), dtype=np.int64)
    for dim in sorted(groups):
        idx = np.asarray(groups[dim])
        rows = base.rows(dim)
        if len(skip) and len(rows):
            rows = rows[~np.isin(base.mention_article[rows], skip)]
        q = vecs[idx].astype(np.float32, copy=False)
        for lo in range(0, len(rows), ROWS):
            block = rows[lo:lo + ROWS]
            sims = q @ base.vectors[block].astype(np.float32).T
            for r, c in zip(*np.nonzero(sims >= floor)):
                yield int(idx[r]), int(block[c]), float(sims[r, c])
