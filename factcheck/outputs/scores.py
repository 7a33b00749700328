"""How sure a flag is, as a named score per kind of evidence, 0–1, that the people's formats
sort by (highest first) and show beside each flag.

Each channel that raises flags has its own evidence, so each has its own score, named:

- **same-attribute probability** (conflicts and changes of the attribute and aligned-passage
  channels): the learned decision's probability that both figures measure the same thing
  (``Flag.confidence``); the values themselves are then compared exactly.
- **conversion gap** (conflicts between two articles' bracketed conversions of one figure
  written alike, "$27.5bn (£14.5bn)" vs "$27.5bn (£13bn)"): the figure written alike is the
  evidence, so the question is how far the conversions are apart beyond the 2% that rates of
  different days allow: ``gap / (gap + 0.02)``, with ``gap`` the difference as a share of the
  larger (4% apart: 0.67; 10%: 0.83; 50%: 0.96).
- **rate gap** (inconsistent conversions): how far the implied rate is from the year's rate,
  beyond the 25% tolerance: ``gap / (gap + 0.25)``, with ``gap`` the ratio of the two rates
  less one (£9.4m for $1.8bn in 2004, 105 times off: 1.00; 50% off: 0.67).

The two gap scores read like the probability: 0.5 at the tolerance itself, nearing 1 as the
evidence grows, so the flags of all kinds sort on one scale. Before, conversion flags carried
the learned probability of their unrelated contexts (0.01–0.35) or none, and sorted last.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from factcheck.match.conversions import TOLERANCE, article_year, inconsistent_conversions
from factcheck.match.decide import CONVERSION_TOLERANCE
from factcheck.records import Article, Claim, Flag

PROBABILITY, CONVERSION, RATE = "same-attribute probability", "conversion gap", "rate gap"
CONVERTED = ", converted to "  # in the measure of a flag of the conversion channel


@dataclass(frozen=True)
class Score:
    value: float  # 0–1, higher: surer
    name: str  # PROBABILITY | CONVERSION | RATE
    detail: str = ""  # the evidence in words: "conversions 31% apart (2% allowed)"

    def text(self) -> str:
        return f"{self.name} {self.value:.2f}" + (f" ({self.detail})" if self.detail else "")

    def as_json(self) -> dict[str, object]:
        return {"value": round(self.value, 4), "name": self.name}


def score(flag: Flag, claims: Mapping[str, Claim], articles: Mapping[str, Article]) -> Score | None:
    """The flag's score, or ``None`` when it has none (a flag without a learned probability)."""
    if flag.kind == "inconsistent":
        claim = claims.get(flag.a)
        if claim is not None:
            year = article_year(articles.get(claim.article_id))
            for c in inconsistent_conversions(claim, year):
                if (c.a_index, c.b_index) == (flag.a_quantity, flag.b_quantity) and c.implied > 0 and c.expected > 0:
                    gap = max(c.implied / c.expected, c.expected / c.implied) - 1
                    times = f"{gap + 1:,.0f}" if gap >= 999 else f"{gap + 1:.3g}"
                    return Score(gap / (gap + TOLERANCE), RATE, f"rate {times} times off the year's, {TOLERANCE:.0%} allowed")
        return None
    if CONVERTED in flag.measure and flag.a in claims and flag.b in claims:
        va = abs(claims[flag.a].quantities[flag.a_quantity].value)
        vb = abs(claims[flag.b].quantities[flag.b_quantity].value)
        hi = max(va, vb)
        if hi > 0:
            gap = abs(va - vb) / hi
            return Score(gap / (gap + CONVERSION_TOLERANCE), CONVERSION,
                         f"conversions {gap:.0%} apart, {CONVERSION_TOLERANCE:.0%} allowed")
    if flag.confidence is None:
        return None
    return Score(flag.confidence, PROBABILITY)


def order(s: Score | None) -> tuple[bool, float]:
    """Sort key: highest score first, flags without one last (a stable sort keeps ties in order)."""
    return s is None, -(s.value if s else 0.0)
