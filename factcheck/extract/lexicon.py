"""Words and patterns that several stages share: month names, years, web addresses, and
the function words that are never a name or a counted noun. One definition each."""

from __future__ import annotations

MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
               "October", "November", "December")
# A month as news text writes it: "Sep", "Sept.", "September" (the caller adds any trailing dot).
MONTH = (r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
         r"|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)")
FULL_MONTH = r"(?:" + "|".join(MONTH_NAMES) + r")"
YEAR = r"(?:19|20)\d\d"  # a year a date or a reference can name
# The years a news sentence names as a time reference ("in 2004"), not the far past or future.
REFERENCE_YEAR = r"(?:19[5-9]\d|20[0-4]\d)"
URL_START = r"(?:https?://|www\.)"  # where a web address begins
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
MONTH_WORDS = frozenset(m.lower() for m in MONTH_NAMES) | frozenset(
    "jan feb mar apr jun jul aug sep sept oct nov dec".split())
NUMBER_WORDS = frozenset("""
one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen
seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety hundred thousand
million billion dozens hundreds thousands millions
""".split())
# Function words: articles, pronouns, prepositions, conjunctions. Never a name, never a noun counted.
FUNCTION_WORDS = frozenset("""
a about after all also an and as at before both but by during each for
from he her here his i if in it its just most now of on only
or our over she since so still than that the their then there these they this
those to under we what when which while who with yet you
""".split())
