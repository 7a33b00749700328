"""Check new articles against the claim base: the flags they raise, and only those.

Flags are new-vs-base and new-vs-new, never base-vs-base. The batch's matcher
(``match.run.find_flags``) finds them: the new articles' own pairs as in the batch, and the
pairs with the stored figures handed to it as extra candidates and aligned pairs, so a check
and a batch run over the same articles agree on every pair. Only the search differs: each
new figure is compared with the stored figures of its dimension, whose vectors come from the
base. A new article's own bracketed conversions that no rate of its year allows are flagged
too (``inconsistent``, one passage), as in the batch.

A flag that has a reviewer's verdict (on the same passages) is not new; it is shown but
does not fail the check. Output formats: ``text``, ``json``, ``junit`` and ``github``.
"""

from __future__ import annotations

import bisect
import itertools
import math
import re
from collections import defaultdict
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from factcheck.base import ci_states
from factcheck.base.store import ClaimBase, StoredWords, figure_features
from factcheck.errors import UsageError
from factcheck.extract.load import read_sources
from factcheck.match.align import BLOCK_SLACK, MIN_SCORE, tokens
from factcheck.match.candidates import all_candidates
from factcheck.match.decide import FLOOR, UNNAMED_COSINE, Aligned, Candidate, ruled_apart
from factcheck.match.embed import Embedder, VectorCache
from factcheck.match.learned import DecisionModel, current
from factcheck.match.run import align, find_flags
from factcheck.match.story_decision import ACROSS_COSINE, across
from factcheck.pipeline import Clock, Result, embed_mentions, extract_claims, find_mentions
from factcheck.records import Article, Claim, Flag, Mention, Note, Quantity, Verdict, review_status

VERSION = 1
ROWS = 4096  # base vectors compared per block (and the span of the file mapped at once): bounds a check's memory
FAILING = frozenset({"conflict", "inconsistent"})  # kinds that fail a check unless a verdict settles them


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
    verdicts: Mapping[str, Verdict] = field(default_factory=dict)
    strict: bool = False
    seconds: dict[str, float] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.articles = _Known(self.new.article_index, self.base)
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

    def _order(self, f: Flag) -> tuple[str, int, bool, str, int, str]:
        new, other = self.sides(f)
        return new.path, new.claim.line, f.kind not in FAILING, other.path, other.claim.line, f.id

    def verdict(self, f: Flag) -> Verdict | None:
        return self.verdicts.get(f.id)

    def status(self, f: Flag) -> str:
        """"new", "reviewed", or "stale" (a verdict given on passages that changed since)."""
        return review_status(self.verdict(f), f.fingerprint)

    def fails(self, f: Flag) -> bool:
        """An unreviewed conflict or inconsistent conversion fails, a change only with ``strict``;
        a confirmed one until the article changes or a correction is recorded (``ci_states``)."""
        return ci_states.fails(f.kind, self.verdict(f), f.fingerprint, self.strict)

    @property
    def exit_code(self) -> int:
        """0: nothing new and unreviewed fails; 1: a new conflict or inconsistent conversion (or,
        with ``strict``, a change)."""
        return 1 if any(self.fails(f) for f in self.flags) else 0

    def summary(self) -> dict[str, Any]:
        open_ = [f for f in self.flags if self.status(f) != "reviewed"]
        return {
            "checked": len(self.new.articles), "claims": len(self.new.claims),
            "base_claims": len(self.base.claims), "flags": len(self.flags),
            "conflicts": sum(f.kind == "conflict" for f in open_),
            "changes": sum(f.kind == "changed" for f in open_),
            "inconsistent": sum(f.kind == "inconsistent" for f in open_),
            "reviewed": len(self.flags) - len(open_),
            "failing": sum(self.fails(f) for f in self.flags), "strict": self.strict, "exit": self.exit_code,
        }


class _Known(Mapping[str, Article]):
    """The articles by id: the new ones, then the stored ones, each read from the base when asked for."""

    def __init__(self, new: dict[str, Article], base: ClaimBase) -> None:
        self.new, self.base = new, base

    def __getitem__(self, article_id: str) -> Article:
        found = self.new.get(article_id) or self.base.article_by_id(article_id)
        if found is None:
            raise KeyError(article_id)
        return found

    def __iter__(self) -> Iterator[str]:
        yield from self.new
        yield from (a.id for a in self.base.articles if a.id not in self.new)

    def __len__(self) -> int:
        return sum(1 for _ in self)


@dataclass
class NewArticles:
    """The new articles of a check, read once: the loader's notes, each article's path as given
    on the command line, and the notes on inputs left out."""

    articles: list[Article]
    notes: list[Note]
    shown: dict[str, str]  # article id -> its path as given
    skipped: list[Note] = field(default_factory=list)


def read_new(paths: Sequence[str | Path]) -> NewArticles:
    """The new articles under ``paths``, each file read once."""
    out = NewArticles([], [], {})
    for p in paths:
        loaded = read_sources([p])
        def where(rel: str, p: str | Path = p) -> str:
            return str(p) if Path(p).is_file() else str(Path(p) / rel)

        for a in loaded.articles:
            if a.id in out.shown:
                raise UsageError(f"{out.shown[a.id]} and {where(a.path)} would both be article {a.id} (the base "
                                 "knows an article by its file name and record): check them in separate runs")
            out.shown[a.id] = where(a.path)
            out.articles.append(a)
        out.notes += [Note(where(n.path), n.line, n.message) for n in loaded.notes]
        out.skipped += [Note(where(n.path), n.line, n.message) for n in loaded.skipped]
    return out


def load_new(paths: Sequence[str | Path]) -> tuple[list[Article], list[Note], dict[str, str]]:
    """The new articles, the loader's notes, and each article's path as given on the command line."""
    new = read_new(paths)
    return new.articles, new.notes, new.shown


def check(base: ClaimBase, new: NewArticles | Sequence[str | Path], embedder: Embedder, cache: VectorCache | None = None,
          threshold: float | None = None, verdicts: Mapping[str, Verdict] | None = None,
          strict: bool = False, decision: DecisionModel | None = None) -> Check:
    """Match the ``new`` articles (as ``read_new`` reads them, or the paths to read) against
    ``base`` and each other.

    An article whose id is already in the base is checked in place of its stored version.
    The new articles go through the batch's stages; their candidate pairs (among
    themselves, and with the stored figures) go through the batch's one flag decision.
    """
    base.require_model(embedder.identity)
    clock = Clock()
    loaded = new if isinstance(new, NewArticles) else read_new(new)
    articles, notes, shown = loaded.articles, loaded.notes, loaded.shown
    clock.lap("load")
    claims = extract_claims(articles)
    ms = find_mentions(claims, articles)
    clock.lap("claims")
    vecs, computed = embed_mentions(ms, embedder, cache)
    clock.lap("embed")
    stored = aligned(base, claims, articles, among=False)
    found = find_flags(ms, vecs, claims, articles, decision or current(), threshold=threshold,
                       extra=candidates(base, ms, vecs, articles, among=False), extra_aligned=stored)
    clock.lap("match")
    flags = found.flags
    named = {m.claim.id: m.claim for d in found.decisions for m in (d.a, d.b)}
    result = Result(articles, claims, ms, vecs, flags, notes, embedder.identity, clock.seconds, computed)
    return Check(base, result, shown, flags, {**named, **result.claim_index}, verdicts or {}, strict, clock.seconds)


def aligned(base: ClaimBase, claims: Sequence[Claim], articles: Sequence[Article],
            index: bool = True, among: bool = True) -> list[Aligned]:
    """The aligned-passage channel among the new claims (unless not ``among``), then between
    them and the stored ones (the stored versions of the articles being checked are left out).

    With the base's word index (and ``index``), the stored claims that share a longest word
    and the blocking against them come from the index, and only the claims the blocking
    keeps are parsed; without it, the stored lines are searched and the claims found parsed
    and blocked as the batch does. Both give the same pairs."""
    checking = {a.id for a in articles}
    among_new = align(claims, articles) if among else []
    words = base.words if index else None
    if words is None:
        return [*among_new, *_aligned_by_lines(base, claims, articles, checking)]
    return [*among_new, *_aligned_by_index(base, words, claims, articles)]


def _known(base: ClaimBase, articles: Sequence[Article], rows: Sequence[int]) -> list[Article]:
    """The new articles, then the stored articles of these claim rows (not those being checked)."""
    checking = {a.id for a in articles}
    stored = sorted(set(np.asarray(base.claim_article_rows[np.asarray(rows, np.int64)]).tolist()))
    base.articles.load_rows(stored)
    ids = sorted({a.id for a in map(base.articles.by_row, stored) if a is not None} - checking)
    # by id, the last stored article of that id, as a dict of every stored article would give
    return [*articles, *(a for a in map(base.article_by_id, ids) if a is not None)]


def _aligned_by_lines(base: ClaimBase, claims: Sequence[Claim], articles: Sequence[Article],
                      checking: set[str]) -> list[Aligned]:
    """The stored claims sharing a longest word, found in the stored lines, parsed and blocked as the batch does."""
    rows = sharing_rows(base, claims)
    base.claims.parse_rows(rows)
    stored = [c for c in (base.claims[i] for i in rows) if c.article_id not in checking]
    return align(claims, _known(base, articles, rows), stored) if stored and claims else []


def _aligned_by_index(base: ClaimBase, words: StoredWords, claims: Sequence[Claim],
                      articles: Sequence[Article]) -> list[Aligned]:
    """The stored claims sharing a longest word and the blocking against them, from the word index;
    only the claims the blocking keeps are parsed."""
    found = words.sharing(base.claims.lines, longest_words(claims))
    skip = [row for a in articles if (row := base.article_db_row(a.id)) is not None]
    found = found[~np.isin(base.claim_article_rows[found], skip)]
    if not (len(found) and claims):
        return []
    pairs = words.blocked([tokens(c).content for c in claims], found, MIN_SCORE)
    used = sorted({j for _, j in pairs})
    rows = [int(found[j]) for j in used]
    base.claims.parse_rows(rows)
    at = {j: k for k, j in enumerate(used)}
    return align(claims, _known(base, articles, rows), [base.claims[i] for i in rows], [(i, at[j]) for i, j in pairs])


def longest_words(claims: Sequence[Claim]) -> set[str]:
    """Of each claim's content words (figures aside), the longest ``n - ceil(bar * n) + 1``:
    a passage that aligns with it shares most of its content words, so at least one of any
    that many (prefix filtering, longest words first as the likely rarest)."""
    bar = MIN_SCORE - BLOCK_SLACK
    words: set[str] = set()
    for c in claims:
        content = sorted((w for w in tokens(c).content if not w[0].isdigit()), key=lambda w: (-len(w), w))
        words.update(content[:len(content) - math.ceil(bar * len(content)) + 1])
    return words


def sharing_rows(base: ClaimBase, claims: Sequence[Claim]) -> list[int]:
    """The stored claims that could say the same thing as a new claim in nearly the same words:
    those holding one of its ``longest_words``, found in the stored lines' bytes by one
    pattern (the path of a base without a word index; ``WordIndex.sharing`` answers the same)."""
    words = longest_words(claims)
    if not words:
        return []
    pattern = re.compile(rb"\b(?:" + b"|".join(re.escape(w.encode("utf-8")) for w in sorted(words, key=len, reverse=True))
                         + rb")\b")
    lines = base.claims.lines
    starts = list(itertools.accumulate((len(ln) + 1 for ln in lines), initial=0))
    blob = b"\n".join(lines).lower()  # one pass over the whole file, not one search per line
    return sorted({bisect.bisect_right(starts, m.start()) - 1 for m in pattern.finditer(blob)})


def candidates(base: ClaimBase, ms: Sequence[Mention], vecs: np.ndarray, articles: Sequence[Article],
               among: bool = True) -> Iterator[Candidate]:
    """Candidate pairs among the new mentions (unless not ``among``), then between them and
    the stored ones (the stored versions of the articles being checked are left out)."""
    if among:
        yield from ((ms[i], ms[j], cos) for i, j, cos in all_candidates(ms, vecs, floor=FLOOR))
    skip = [row for a in articles if (row := base.article_db_row(a.id)) is not None]
    pairs = screen(base, ms, list(base_pairs(ms, vecs, base, skip, FLOOR, screened=True)))
    base.claims.parse_rows(int(base.mention_claim[j]) for _, j, _ in pairs)  # first: a figure parses its claim
    base.mentions.parse_rows(j for _, j, _ in pairs)
    yield from ((ms[i], base.mention(j), cos) for i, j, cos in pairs)


def base_pairs(ms: Sequence[Mention], vecs: np.ndarray, base: ClaimBase, skip_articles: Sequence[int] = (),
               floor: float = FLOOR, screened: bool = False) -> Iterator[tuple[int, int, float]]:
    """(new mention, base mention row, cosine) for each pair of the same dimension with cosine >= floor.

    Base mentions of the articles in ``skip_articles`` (their database rows) are left out.
    ``screened``: also those that ``screen`` drops whatever the cosine (``possible``), before
    their vectors are read."""
    groups: dict[str, list[int]] = defaultdict(list)
    for i, m in enumerate(ms):
        groups[m.dimension].append(i)
    skip = np.asarray(sorted(skip_articles), dtype=np.int64)
    for dim in sorted(groups):
        idx = np.asarray(groups[dim])
        rows = base.rows(dim)
        if len(skip) and len(rows):
            rows = rows[~np.isin(base.claim_article_rows[np.asarray(base.mention_claim[rows], np.int64)], skip)]
        if screened and len(rows):
            rows = rows[possible(base, [ms[i] for i in idx.tolist()], rows)]
        q = vecs[idx].astype(np.float32, copy=False)
        for lo in range(0, len(rows), ROWS):
            block = rows[lo:lo + ROWS]
            sims = q @ base.vector_rows(block).T
            for r, c in zip(*np.nonzero(sims >= floor)):
                yield int(idx[r]), int(block[c]), float(sims[r, c])


def stand_in(a: Mention, features: Sequence[Any]) -> Mention:
    """A stored figure as the decision's rules see it, from its row of the ``features`` table
    (``store.figure_features``), beside the new figure ``a`` of the same dimension. Its claim
    is not read: the rules compare the features; one that also reads a claim's text (the
    given name of an age) finds none here, so the pair is kept and decided on the real rows."""
    rnd, role, total, moving, hedged, periods, times, subjects = features
    q = a.quantity
    # no text and a figure of no value: a rule that reads them finds nothing to keep the pair apart
    claim = Claim(id="", article_id="", text="", start=0, end=0, file_start=0, file_end=0, line=0,
                  quantities=(Quantity(text="", start=0, end=0, value=math.nan, low=math.nan, high=math.nan,
                                       unit=q.unit, kind=q.kind),))
    return Mention(claim=claim, index=0, article_path="", article_record=0, date=None, dimension=a.dimension,
                   role=role, total=bool(total), hedged=bool(hedged), periods=frozenset(periods), moving=bool(moving),
                   round=rnd, times=frozenset(times), subjects=frozenset(subjects), window="", measure="")


def kept_apart(a: Mention, b: Mention, cosine: float) -> bool:
    """Whether the decision's rules keep two figures apart before its model is asked
    (``decide._apart`` for a stored figure, whose story is not known)."""
    return bool(across(a, b, cosine) or ruled_apart(a, b, cosine))


def possible(base: ClaimBase, new: Sequence[Mention], rows: np.ndarray) -> np.ndarray:
    """Which of these stored figure rows (of the dimension of the ``new`` figures) ``screen``
    could keep with one of ``new`` at some cosine: the rules do not keep them apart at every
    cosine (they read it only against ``UNNAMED_COSINE`` and ``ACROSS_COSINE``), or it is a
    money figure of the same value as one of them. Decided once per distinct feature set."""
    fids = np.asarray(base.mention_features[rows], np.int64)
    distinct, inverse = np.unique(fids, return_inverse=True)
    features = base.features(distinct.tolist())
    bars = (FLOOR, UNNAMED_COSINE, ACROSS_COSINE)
    # the new figures as the rules read them (one dimension): many share every feature
    sides = list({(figure_features(a), a.quantity.kind, a.story): a for a in new}.values())

    def could_pair(f: int) -> bool:
        b = stand_in(sides[0], features[f])
        return any(not kept_apart(a, b, cos) for a in sides for cos in bars)

    ok = np.asarray([could_pair(int(f)) for f in distinct.tolist()], bool)
    keep = ok[inverse.reshape(-1)] if len(distinct) else np.zeros(len(rows), bool)
    money = [a.quantity.value for a in new if a.quantity.kind == "money"]
    if money:
        keep |= np.isin(np.asarray(base.mention_value[rows], np.float64), money)
    return keep


def screen(base: ClaimBase, ms: Sequence[Mention], pairs: list[tuple[int, int, float]]) -> list[tuple[int, int, float]]:
    """The candidate pairs with stored figures that the decision could still flag, in the
    order given, found from the columns alone: those the rules do not keep apart
    (``kept_apart``, on the stored figure's features), and the money figures of the same
    value (``decide.judge_conversions`` compares their conversions whatever the rules say).
    Every other pair is decided "apart" with no flag: a check need not decode its row."""
    if not pairs:
        return pairs
    rows = np.fromiter((j for _, j, _ in pairs), np.int64, len(pairs))
    fids = np.asarray(base.mention_features[rows], np.int64)
    values = np.asarray(base.mention_value[rows], np.float64)
    features = base.features(np.unique(fids).tolist())
    apart: dict[tuple[int, int, bool, bool], bool] = {}
    out = []
    for (i, j, cos), fid, value in zip(pairs, fids.tolist(), values.tolist()):
        a = ms[i]
        if a.quantity.kind == "money" and a.quantity.value == value:
            out.append((i, j, cos))
            continue
        # the rules read the cosine only against these two bars
        key = (i, fid, cos >= UNNAMED_COSINE, cos >= ACROSS_COSINE)
        if key not in apart:
            apart[key] = kept_apart(a, stand_in(a, features[fid]), cos)
        if not apart[key]:
            out.append((i, j, cos))
    return out
