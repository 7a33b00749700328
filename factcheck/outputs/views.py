"""Each flag as people read it, shared by the HTML report, report.md and flags.csv: both
sides located (article, claim, figure, date), the sentence before and after each passage,
and the verdict on the flag, if any."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from factcheck.extract.sentences import split
from factcheck.pipeline import Result
from factcheck.records import Article, Claim, Flag, Quantity, Verdict, review_status


@dataclass(frozen=True)
class Side:
    article: Article
    claim: Claim
    index: int  # of the flagged figure in claim.quantities
    before: str  # the sentence before the passage in its article ("" at the start)
    after: str  # the sentence after it ("" at the end)

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
            out.append((self.claim.text[q.start:q.end], "flagged" if i == self.index else "figure"))
            pos = q.end
        out.append((self.claim.text[pos:], ""))
        return [(t, r) for t, r in out if t]


@dataclass(frozen=True)
class FlagView:
    flag: Flag
    a: Side
    b: Side
    verdict: Verdict | None

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

    def side(claim_id: str, index: int) -> Side:
        c = claims[claim_id]
        a = articles[c.article_id]
        if a.id not in spans:
            spans[a.id] = list(split(a.text))
        before, after = context(a.text, spans[a.id], c)
        return Side(a, c, index, before, after)

    return [FlagView(f, side(f.a, f.a_quantity), side(f.b, f.b_quantity), verdicts.get(f.id)) for f in result.flags]


def context(text: str, spans: list[tuple[int, int]], claim: Claim) -> tuple[str, str]:
    """The sentences just before and just after the claim, on one line each."""
    before = [s for s in spans if s[1] <= claim.start]
    after = [s for s in spans if s[0] >= claim.end]
    return (_one_line(text, before[-1]) if before else "", _one_line(text, after[0]) if after else "")


def _one_line(text: str, span: tuple[int, int]) -> str:
    return " ".join(text[span[0]:span[1]].split())
