"""What tells two figures apart for certain, whatever the evidence of their contexts: their units,
funding rounds, role words, running totals, rises, plans, spans of time, periods and subjects
(``guard``). The flag decision (``match.decide``) keeps a pair apart on any of them; the story
decision (``match.story_decision``) takes "a guard fires" as evidence, since reworded reports of
one story often name a figure's role or subject differently.
"""

from __future__ import annotations

from factcheck.extract.mentions import VOTE
from factcheck.extract.times import OPENING, PORTION
from factcheck.kinds import is_twins_only
from factcheck.records import Mention


def twins_only(m: Mention) -> bool:
    """Whether the figure pairs only in twin sentences: a score or an ordinal ("3-1", "fifth") that
    is no vote's tally (dimension ``vote``: "approved 7-2" is compared like any figure)."""
    return is_twins_only(m.quantity.kind) and m.dimension != VOTE


def guard(a: Mention, b: Mention) -> str | None:
    """Why two mentions are about different things, or None if nothing tells them apart."""
    if a.dimension != b.dimension:
        return "different units"
    if twins_only(a):
        return f"{a.quantity.kind}s are compared only in twin sentences (aligned passages): on context alone they pair different events"
    if a.round != b.round:
        return f"different funding rounds ({a.round or 'none named'} vs {b.round or 'none named'})"
    if a.role != b.role:
        return f"different measures ({a.role or 'none named'} vs {b.role or 'none named'})"
    if a.total != b.total:
        return "a running total vs a single figure"
    if a.moving != b.moving:
        return "a rise, fall or increment vs a level"
    if a.hedged or b.hedged:
        return "plans, talks and forecasts are not compared"
    return _when_or_whom(a, b)


def _when_or_whom(a: Mention, b: Mention) -> str | None:
    """``guard``'s last questions: the spans, periods and subjects the two figures are of."""
    if PORTION in a.periods or PORTION in b.periods:
        return "a figure that marks out part of an event (the final 200m) is compared only in twin sentences"
    if (OPENING in a.periods) != (OPENING in b.periods):
        return "takings of an opening span (its first days, weekend or week) vs a figure of another span"
    if a.periods and b.periods and not a.periods & b.periods:
        return f"different spans of time ({', '.join(sorted(a.periods))} vs {', '.join(sorted(b.periods))})"
    if a.times and b.times and not a.times & b.times:
        return f"different periods ({', '.join(sorted(a.times))} vs {', '.join(sorted(b.times))})"
    if a.subjects and b.subjects and not a.subjects & b.subjects:
        return "different subjects"
    return None
