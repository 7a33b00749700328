"""Each flag as people read it, shared by the HTML report, report.md and flags.csv: both
sides located (article, claim, figure, date), the sentence before and after each passage,
and the verdict on the flag, if any. An ``inconsistent`` flag has one passage: both sides
are the same claim, each with the other's figure marked too.

Flags are listed by their score (``scores``: the same-attribute probability, or for the
conversion channels how far beyond tolerance the conversions are), highest first, flags
without one last, ties in the order the run found them."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from factcheck.extract.sentences import split
from factcheck.outputs.scores import Score, order, score
from factcheck.pipeline import Result
from factcheck.records import Article, Claim, Flag, Quantity, Verdict, review_status

# kind -> (one flag in words, the section's heading), in the order the reports show them
KINDS = {"conflict": ("conflict", "Conflicts"),
         "inconsistent": ("inconsistent conversion", "Inconsistent conversions"),
         "changed": ("change over time", "Changes over time")}


@dataclass(frozen=True)
class Side:
    article: Article
    claim: Claim
    index: int  # of the flagged figure in claim.quantities
    before: str  # the sentence before the passage in its article ("" at the start)
    after: str  # the sentence after it ("" at the end)
    marked: tuple[int, ...] = ()  # other figures shown as flagged (an inconsistent flag's conversion)

    @property
    def quantity(self) -> Quantity:
        return self.claim.quantities[self.index]

    @property
    def when(self) -> str | None:
        """The date the figure is of: the sentence's own, else the article's."""
        return self.claim.date or self.article.date

    def segments(self) -> list[tuple[str, str]]:
        """The passage as (text, role) pieces: role "flagged", "figure" or "" for plain text."""
        out, pos = [], 0
        for i, q in enumerate(self.claim.quantities):
            if q.start < pos:
                continue
            out.append((self.claim.text[pos:q.start], ""))
            flagged = i == self.index or i in self.marked
            out.append((self.claim.text[q.start:q.end], "flagged" if flagged else "figure"))
            pos = q.end
        out.append((self.claim.text[pos:], ""))
        return [(t, r) for t, r in out if t]


@dataclass(frozen=True)
class FlagView:
    flag: Flag
    a: Side
    b: Side
    verdict: Verdict | None
    score: Score | None = None

    @property
    def single(self) -> bool:
        """One passage (an inconsistent conversion): ``a`` is the figure, ``b`` its conversion."""
        return self.flag.a == self.flag.b

    @property
    def sides(self) -> tuple[Side, ...]:
        """The passages to show: one for an inconsistent conversion, else both."""
        return (self.a,) if self.single else (self.a, self.b)

    @property
    def label(self) -> str:
        """The kind in words: "conflict", "inconsistent conversion", "change over time"."""
        return KINDS.get(self.flag.kind, (self.flag.kind, ""))[0]

    @property
    def stale(self) -> bool:
        """A verdict given on passages that changed since."""
        return review_status(self.verdict, self.flag.fingerprint) == "stale"

    @property
    def settled(self) -> bool:
        return review_status(self.verdict, self.flag.fingerprint) == "reviewed"


def settled(flag: Flag, verdicts: Mapping[str, Verdict]) -> bool:
    """A flag is settled when it has a verdict given on the passages as they are now."""
    return review_status(verdicts.get(flag.id), flag.fingerprint) == "reviewed"


def flag_views(result: Result, verdicts: Mapping[str, Verdict] | None = None) -> list[FlagView]:
    verdicts = verdicts or {}
    claims, articles = result.claim_index, result.article_index
    spans: dict[str, list[tuple[int, int]]] = {}

    def side(claim_id: str, index: int, marked: tuple[int, ...] = ()) -> Side:
        c = claims[claim_id]
        a = articles[c.article_id]
        if a.id not in spans:
            spans[a.id] = list(split(a.text))
        before, after = context(a.text, spans[a.id], c)
        return Side(a, c, index, before, after, marked)

    def view(f: Flag) -> FlagView:
        one = f.a == f.b
        return FlagView(f, side(f.a, f.a_quantity, (f.b_quantity,) if one else ()),
                        side(f.b, f.b_quantity, (f.a_quantity,) if one else ()), verdicts.get(f.id),
                        score(f, claims, articles))

    return sorted((view(f) for f in result.flags), key=lambda v: order(v.score))


def by_confidence(result: Result) -> list[Flag]:
    """The flags by score, highest first, flags without one last; ties keep their order."""
    claims, articles = result.claim_index, result.article_index
    return sorted(result.flags, key=lambda f: order(score(f, claims, articles)))


def by_measure(views: list[FlagView]) -> list[tuple[str, list[FlagView]]]:
    """The views grouped by measure: the group holding the most confident flag first, then the
    largest, then by name (with no confidences: largest first, as before)."""
    groups: dict[str, list[FlagView]] = {}
    for v in views:
        groups.setdefault(v.flag.measure, []).append(v)
    best = {m: min(order(v.score) for v in vs) for m, vs in groups.items()}
    return sorted(groups.items(), key=lambda mv: (best[mv[0]], -len(mv[1]), mv[0]))


def confidence_text(v: FlagView) -> str:
    """"same-attribute probability 0.93", "conversion gap 0.94 (conversions 31% apart, 2% allowed)",
    or "" while the flag has no score."""
    return "" if v.score is None else v.score.text()


def context(text: str, spans: list[tuple[int, int]], claim: Claim) -> tuple[str, str]:
    """The sentences just before and just after the claim, on one line each."""
    before = [s for s in spans if s[1] <= claim.start]
    after = [s for s in spans if s[0] >= claim.end]
    return (_one_line(text, before[-1]) if before else "", _one_line(text, after[0]) if after else "")


def _one_line(text: str, span: tuple[int, int]) -> str:
    return " ".join(text[span[0]:span[1]].split())
