"""The word after a bare figure that makes it another kind: percentage points ("0.3
percentage points"), a multiple ("10 times as"), pence or cents ("32 cents"), a unit ("10
miles", "3 million tonnes"). Each kind's reader is tried in turn; the first that reads the
figure wins."""

from __future__ import annotations

import re

from factcheck.extract.quantities import units
from factcheck.extract.quantities.core import Atom
from factcheck.extract.quantities.fractions import multiple_after
from factcheck.extract.quantities.measures import unit_after
from factcheck.extract.quantities.money import subunit_after
from factcheck.extract.quantities.percents import points_after

__all__ = ["after_bare"]

_AFTER_WORD = re.compile(r"[ \u00a0-]*([A-Za-z°º]+)")
# the first words of the readers below besides the units': a cheap test before them
_TRIGGERS = frozenset("""percentage percent per basis fold times euro euros cent cents pence us
canadian australian hong singapore new pound pounds degrees""".split())


def after_bare(text: str, atom: Atom, integer: bool) -> Atom | None:
    """The figure ``atom`` read with the word after it, or None if that word changes nothing."""
    pos = atom.end
    if pos >= len(text) or text[pos] not in " -\u00a0°":
        return None
    w = _AFTER_WORD.match(text, pos)
    if w is None or (w[1].lower() not in _TRIGGERS and w[1].lower() not in units.FIRST_WORDS):
        return None
    return (points_after(text, atom, pos) or multiple_after(text, atom, pos, integer)
            or subunit_after(text, atom, pos) or unit_after(text, atom, pos))
