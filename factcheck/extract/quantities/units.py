"""Units of measurement written after a figure, and their conversion to one base unit per kind.

Each kind of measurement has one base unit, and every figure of that kind is converted to
it, so ``42in`` and ``106cm`` are two forms of one length in metres:

===========  =========  ==========================================================
kind         base unit  written as
===========  =========  ==========================================================
length       m          m (athletics), metres, km, cm, mm, miles, yards, ft, in
area         m2         sq km, square miles/metres, hectares, acres
mass         kg         kg, g, mg, tonnes, lb, "pounds of"/"pounds in weight", oz
volume       l          litres, ml
temperature  C          40C, 104F, degrees (Celsius, Fahrenheit, centigrade)
data         B          KB, MB, GB, TB, kilobytes ... terabytes (decimal: 1 GB = 1e9 B)
bitrate      bit/s      kbps, Mbps, Gbps, Mbit/s, megabits per second
frequency    Hz         Hz, kHz, MHz, GHz
power        W          W, kW, MW, GW, megawatts
energy       Wh         kWh, MWh, GWh, TWh
speed        m/s        mph, km/h, kph, miles per hour, knots
duration     s          secs, seconds, mins, minutes, hrs, hours, ms
===========  =========  ==========================================================

Days, weeks, months and years are not converted: they stay counted spans of calendar time
(their matching is the attribute stage's business). The factors are exact definitions
(1 in = 0.0254 m, 1 lb = 0.45359237 kg), so a units library would add an import and
nothing else.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["Unit", "match_unit", "is_metres", "inches_after_feet", "METRES_CONTEXT"]


@dataclass(frozen=True, slots=True)
class Unit:
    """A unit as written: its kind, the kind's base unit and value = figure × factor + offset."""

    kind: str
    base: str
    factor: float
    offset: float = 0.0


_MILE, _FOOT, _INCH, _YARD = 1609.344, 0.3048, 0.0254, 0.9144
_LB = 0.45359237

# surface form (lower case) -> unit; glued-only forms are in _GLUED_ONLY
_TABLE: dict[str, Unit] = {
    **dict.fromkeys(("metre", "metres", "meter", "meters"), Unit("length", "m", 1.0)),
    **dict.fromkeys(("km", "kms", "kilometre", "kilometres", "kilometer", "kilometers"),
                    Unit("length", "m", 1e3)),
    **dict.fromkeys(("cm", "centimetre", "centimetres", "centimeter", "centimeters"),
                    Unit("length", "m", 0.01)),
    **dict.fromkeys(("mm", "millimetre", "millimetres", "millimeter", "millimeters"),
                    Unit("length", "m", 0.001)),
    **dict.fromkeys(("mile", "miles"), Unit("length", "m", _MILE)),
    **dict.fromkeys(("yard", "yards", "yd", "yds"), Unit("length", "m", _YARD)),
    **dict.fromkeys(("ft", "foot", "feet"), Unit("length", "m", _FOOT)),
    **dict.fromkeys(("inch", "inches", "ins"), Unit("length", "m", _INCH)),
    **dict.fromkeys(("sq km", "square kilometres", "square kilometers", "km2", "km²"),
                    Unit("area", "m2", 1e6)),
    **dict.fromkeys(("square miles", "sq miles", "square mile"), Unit("area", "m2", _MILE ** 2)),
    **dict.fromkeys(("square metres", "square meters", "sq m", "m2", "m²"),
                    Unit("area", "m2", 1.0)),
    **dict.fromkeys(("square feet", "sq ft"), Unit("area", "m2", _FOOT ** 2)),
    **dict.fromkeys(("hectare", "hectares", "ha"), Unit("area", "m2", 1e4)),
    **dict.fromkeys(("acre", "acres"), Unit("area", "m2", 4046.8564224)),
    **dict.fromkeys(("kg", "kgs", "kilogram", "kilograms", "kilogrammes", "kilos"),
                    Unit("mass", "kg", 1.0)),
    **dict.fromkeys(("gram", "grams", "grammes"), Unit("mass", "kg", 1e-3)),
    **dict.fromkeys(("mg", "milligram", "milligrams"), Unit("mass", "kg", 1e-6)),
    **dict.fromkeys(("tonne", "tonnes", "metric tons"), Unit("mass", "kg", 1e3)),
    **dict.fromkeys(("lb", "lbs"), Unit("mass", "kg", _LB)),
    **dict.fromkeys(("oz", "ounce", "ounces"), Unit("mass", "kg", _LB / 16)),
    **dict.fromkeys(("litre", "litres", "liter", "liters"), Unit("volume", "l", 1.0)),
    **dict.fromkeys(("ml", "millilitres", "milliliters"), Unit("volume", "l", 1e-3)),
    **dict.fromkeys(("kb", "kilobyte", "kilobytes"), Unit("data", "B", 1e3)),
    **dict.fromkeys(("mb", "megabyte", "megabytes"), Unit("data", "B", 1e6)),
    **dict.fromkeys(("gb", "gigabyte", "gigabytes"), Unit("data", "B", 1e9)),
    **dict.fromkeys(("tb", "terabyte", "terabytes"), Unit("data", "B", 1e12)),
    **dict.fromkeys(("kbps", "kbit/s", "kb/s", "kilobits per second", "kilobits a second"),
                    Unit("bitrate", "bit/s", 1e3)),
    **dict.fromkeys(("mbps", "mbit/s", "mb/s", "megabits per second", "megabits a second",
                     "megabit", "megabits"),
                    Unit("bitrate", "bit/s", 1e6)),
    **dict.fromkeys(("gbps", "gbit/s", "gb/s", "gigabits per second"), Unit("bitrate", "bit/s", 1e9)),
    "hz": Unit("frequency", "Hz", 1.0), "khz": Unit("frequency", "Hz", 1e3),
    "mhz": Unit("frequency", "Hz", 1e6), "ghz": Unit("frequency", "Hz", 1e9),
    **dict.fromkeys(("kw", "kilowatt", "kilowatts"), Unit("power", "W", 1e3)),
    **dict.fromkeys(("mw", "megawatt", "megawatts"), Unit("power", "W", 1e6)),
    **dict.fromkeys(("gw", "gigawatt", "gigawatts"), Unit("power", "W", 1e9)),
    **dict.fromkeys(("kwh", "kilowatt-hours", "kilowatt hours"), Unit("energy", "Wh", 1e3)),
    "mwh": Unit("energy", "Wh", 1e6), "gwh": Unit("energy", "Wh", 1e9),
    "twh": Unit("energy", "Wh", 1e12),
    **dict.fromkeys(("mph", "miles per hour", "miles an hour"), Unit("speed", "m/s", _MILE / 3600)),
    **dict.fromkeys(("km/h", "kph", "kmh", "km/hr", "kilometres per hour", "kilometers per hour",
                     "kilometres an hour"), Unit("speed", "m/s", 1 / 3.6)),
    **dict.fromkeys(("knots",), Unit("speed", "m/s", 1852 / 3600)),
    **dict.fromkeys(("sec", "secs", "second", "seconds"), Unit("duration", "s", 1.0)),
    **dict.fromkeys(("min", "mins", "minute", "minutes"), Unit("duration", "s", 60.0)),
    **dict.fromkeys(("hr", "hrs", "hour", "hours"), Unit("duration", "s", 3600.0)),
    **dict.fromkeys(("millisecond", "milliseconds"), Unit("duration", "s", 1e-3)),
    **dict.fromkeys(("degrees celsius", "degrees centigrade", "degrees c", "°c", "ºc",
                     "celsius", "centigrade"), Unit("temperature", "C", 1.0)),
    **dict.fromkeys(("degrees fahrenheit", "degrees f", "°f", "ºf", "fahrenheit"),
                    Unit("temperature", "C", 5 / 9, -32 * 5 / 9)),
}
# written glued to the figure only: "2.20m", "40C", "9.85s", "80g", "42in", "5ft"
_GLUED_ONLY: dict[str, Unit] = {
    "C": Unit("temperature", "C", 1.0), "F": Unit("temperature", "C", 5 / 9, -32 * 5 / 9),
    "s": Unit("duration", "s", 1.0), "g": Unit("mass", "kg", 1e-3),
    "in": Unit("length", "m", _INCH), "m": Unit("length", "m", 1.0),
}
_DEGREES = Unit("temperature", "C", 1.0)

_ALTS = "|".join(re.escape(k).replace(r"\ ", r"\s+") for k in sorted(_TABLE, key=len, reverse=True))
_SPACED = re.compile(rf"(?:[ \u00a0]|-(?=[a-z]{{3}}))?(?P<u>{_ALTS})(?![\w/²])", re.I)
_GLUED = re.compile(r"(?P<u>C|F|s|g|in|m)(?![\w/²])")
_ABBREVIATIONS = frozenset({"mbps", "kbps", "gbps", "kmh", "km/h", "kwh", "mwh", "gwh", "twh"})
# the first word of every unit, to skip the long pattern after most figures
FIRST_WORDS = frozenset(re.split(r"[\s/-]", k)[0] for k in _TABLE) | {"degrees", "°"}
_FIRST = re.compile(r"(?:[ \u00a0-])?([A-Za-z°º]+)")
_BARE_DEGREES = re.compile(r"[ \u00a0]?(?:degrees|°)(?![\w])", re.I)
_TEMPERATURE_WORDS = re.compile(
    r"temperature|weather|cold|chill|hot\b|heat|warm|freez|frost|snow|cool", re.I)
_INCHES_AFTER_FEET = re.compile(r"[ \u00a0]?(?P<n>\d{1,2}(?:\.\d+)?)[ \u00a0]?(?:in|ins|inches)\b")

# "m" after a bare figure means metres only where the sentence is about sport or size
METRES_CONTEXT = re.compile(
    r"\b(?:jump|vault|leap|cleared|clearing|throw|threw|hurdles|relay|sprint|race|runner|"
    r"athlet|indoor|outdoor|freestyle|backstroke|breaststroke|butterfly|medley|swim|metres|"
    r"champion|tall|deep|high|long|wide|wave|above sea|below sea|secs\b|seconds)", re.I)
# a decimal "1.3m" is a million unless the sentence is plainly about a height or a jump
STRONG_METRES = re.compile(
    r"\b(?:jump|vault|leap|cleared|clearing|clearance|throw|threw|tall|height|metres|\d\s?ft\b)",
    re.I)


def match_unit(text: str, pos: int, *, glued_ok: bool, signed: bool = False,
               ) -> tuple[Unit, int, str] | None:
    """The unit written at ``pos`` right after a figure: (unit, end, surface) or None.

    ``glued_ok`` allows the one-letter forms that only count when glued to the digits.
    A bare "degrees" is a temperature only in a signed figure or a sentence about weather.
    """
    w = _FIRST.match(text, pos)
    if w is None:
        return None
    m = _SPACED.match(text, pos) if w[1].lower() in FIRST_WORDS else None
    if m is not None:
        surface = m["u"]
        if (surface[0].isupper() and surface[1:].islower() and len(surface) > 3
                and surface.lower() not in _ABBREVIATIONS):
            return None  # a title: "21 Grams", "24 Hour Party People"
        key = " ".join(surface.lower().split())
        return _TABLE[key], m.end(), surface
    if glued_ok:
        g = _GLUED.match(text, pos)
        if g is not None and g["u"] != "m":
            return _GLUED_ONLY[g["u"]], g.end(), g["u"]
    d = _BARE_DEGREES.match(text, pos)
    if d is not None and (signed or _TEMPERATURE_WORDS.search(text)):
        return _DEGREES, d.end(), d[0].strip()
    return None


_RACES = frozenset({60.0, 100.0, 110.0, 200.0, 400.0, 800.0, 1500.0, 3000.0, 5000.0, 10000.0})
_RACE_BEFORE = re.compile(r"(?:\b(?:the|a|in|over|at|and|or)|,|['’]s)\s+$", re.I)
_RACE_AFTER = re.compile(
    r"\s+(?:world|record|title|final|hurdles|race|champion|gold|silver|bronze|event|heat|run"
    r"|sprint|relay|freestyle|backstroke|breaststroke|butterfly|medley|personal|indoor)", re.I)


def is_metres(text: str, lead: int, end: int, figure: float) -> bool:
    """Whether a bare "<figure>m" (no currency, no plural noun after) is in metres: in a
    sentence about sport or size, or a race distance ("the 400m", "60m and 200m")."""
    if not figure.is_integer() or figure % 10:
        return bool(STRONG_METRES.search(text))
    if METRES_CONTEXT.search(text):
        return True
    return figure in _RACES and bool(_RACE_BEFORE.search(text, max(0, lead - 8), lead)
                                     or _RACE_AFTER.match(text, end))


def inches_after_feet(text: str, pos: int) -> tuple[float, int] | None:
    """The inches of "6ft 4in" after the feet: (inches, end) or None."""
    m = _INCHES_AFTER_FEET.match(text, pos)
    return (float(m["n"]), m.end()) if m else None
