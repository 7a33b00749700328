"""What a parsed figure is: the ``Kind`` of a ``Quantity`` and what each kind allows.

A ``Kind`` is a ``str`` (``Kind.YEAR == "year"``), so a quantity whose ``kind`` was written
as a plain string, by the parser or read back from report.json, compares equal to its
member. The properties are the one place that says which kinds are fixed in time, read as
years, compared only in twin sentences, or may be the bounds of a range; the decision, the
mentions, the aligned channel and the plots ask them instead of listing kinds.
"""

from __future__ import annotations

import enum


class Kind(enum.StrEnum):
    MONEY = "money"
    PERCENT = "percent"
    POINTS = "points"  # percentage points
    COUNT = "count"  # a figure with a noun: "200 jobs"
    NUMBER = "number"  # a bare figure
    RATE = "rate"  # money per unit: "$5 a barrel"
    FRACTION = "fraction"  # "a third", "two-thirds"
    MULTIPLE = "multiple"  # "threefold", "twice"
    YEAR = "year"
    DECADE = "decade"
    ORDINAL = "ordinal"  # "seventh", "86th"
    SCORE = "score"  # "3-1", "6-3 4-6"
    LENGTH = "length"
    AREA = "area"
    MASS = "mass"
    VOLUME = "volume"
    TEMPERATURE = "temperature"
    DATA = "data"
    BITRATE = "bitrate"
    FREQUENCY = "frequency"
    POWER = "power"
    ENERGY = "energy"
    SPEED = "speed"
    DURATION = "duration"

    @property
    def fixed(self) -> bool:
        """Fixed once, so it cannot change over time: two values from different dates conflict."""
        return self in _FIXED

    @property
    def year_like(self) -> bool:
        """A point in the calendar (a year or a decade), read and compared as a year."""
        return self in _YEAR_LIKE

    @property
    def twins_only(self) -> bool:
        """Compared only in twin sentences (aligned passages): on context alone such figures
        ("3-1", "fifth") pair different events. A vote's tally ("approved 7-2") is a score that is
        compared like any figure: its mention's dimension is ``vote`` (``extract.mentions``)."""
        return self in _TWINS_ONLY

    @property
    def ranges(self) -> bool:
        """May be a bound of a range ("10-15km", "between 1946 and 1957"); an ordinal or a
        score is a figure of its own."""
        return self not in _TWINS_ONLY


def kind_of(value: str) -> Kind | None:
    """The member a kind string names, or None for a string no member has."""
    try:
        return Kind(value)
    except ValueError:
        return None


def is_fixed(kind: str) -> bool:
    """``Kind(kind).fixed``, False for a kind no member names."""
    k = kind_of(kind)
    return k is not None and k.fixed


def is_year_like(kind: str) -> bool:
    """``Kind(kind).year_like``, False for a kind no member names."""
    k = kind_of(kind)
    return k is not None and k.year_like


def is_twins_only(kind: str) -> bool:
    """``Kind(kind).twins_only``, False for a kind no member names."""
    k = kind_of(kind)
    return k is not None and k.twins_only


_FIXED = frozenset({Kind.YEAR, Kind.DECADE, Kind.ORDINAL})
_YEAR_LIKE = frozenset({Kind.YEAR, Kind.DECADE})
_TWINS_ONLY = frozenset({Kind.SCORE, Kind.ORDINAL})
