"""Words and patterns that several stages share: month names, years, web addresses, the
function words that are never a name or a counted noun, and the word lists of the aligned
channel (stop words, rise, fall and plan words). One definition each."""

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

# A year or decade named anywhere in a passage (the aligned channel: a different one around a slot).
HISTORIC_YEAR = r"(?:1[89]|20)\d\d"
HISTORIC_DECADE = r"(?:1[89]|20)\d0['’]?s"
# Words the aligned channel leaves out of a passage's content words (its blocking keys).
PASSAGE_STOP_WORDS = frozenset("""
a an the and or but of in on at to for from by with as is are was were be been being has have had it its
this that these those he she they we you i his her their our your them him us which who whom whose what when
where while than then there here so such not no nor do does did done up down out over under into about after
before between also more most less least very just only other some any all each both said says say per cent
mr mrs ms dr sir lord
""".split())
# A rise vs a fall, and a plan vs a fact, at the same place of twin sentences (the aligned channel;
# ``roles`` has its own patterns for one figure's statement).
RISE_WORDS = frozenset("""rose rise rises risen rising up increase increased increases increasing gain gained gains grew
grow grows growth higher jumped jump jumps climbed climb soared soar surged surge boosted boost""".split())
FALL_WORDS = frozenset("""fell fall falls fallen falling down decrease decreased decreases decline declined declines
drop dropped drops lower slumped slump plunged plunge lost shed cut cuts shrank shrink""".split())
PLAN_WORDS = frozenset("""plan plans planned planning will would could may might expect expects expected forecast
forecasts forecasted predict predicts predicted aim aims aiming target targets hope hopes hoped propose proposes
proposed proposal""".split())


# English stop words for whole-text TF-IDF (story grouping): scikit-learn's list (BSD; from the Glasgow
# Information Retrieval Group), copied so that grouping stories does not import scikit-learn (2 s of
# start-up); tests/test_stories.py checks the copy against scikit-learn's.
TFIDF_STOP_WORDS: frozenset[str] = frozenset("""
a about above across after afterwards again against all almost alone along already also although
always am among amongst amoungst amount an and another any anyhow anyone anything anyway anywhere
are around as at back be became because become becomes becoming been before beforehand behind being
below beside besides between beyond bill both bottom but by call can cannot cant co con could
couldnt cry de describe detail do done down due during each eg eight either eleven else elsewhere
empty enough etc even ever every everyone everything everywhere except few fifteen fifty fill find
fire first five for former formerly forty found four from front full further get give go had has
hasnt have he hence her here hereafter hereby herein hereupon hers herself him himself his how
however hundred i ie if in inc indeed interest into is it its itself keep last latter latterly least
less ltd made many may me meanwhile might mill mine more moreover most mostly move much must my
myself name namely neither never nevertheless next nine no nobody none noone nor not nothing now
nowhere of off often on once one only onto or other others otherwise our ours ourselves out over own
part per perhaps please put rather re same see seem seemed seeming seems serious several she should
show side since sincere six sixty so some somehow someone something sometime sometimes somewhere
still such system take ten than that the their them themselves then thence there thereafter thereby
therefore therein thereupon these they thick thin third this those though three through throughout
thru thus to together too top toward towards twelve twenty two un under until up upon us very via
was we well were what whatever when whence whenever where whereafter whereas whereby wherein
whereupon wherever whether which while whither who whoever whole whom whose why will with within
without would yet you your yours yourself yourselves
""".split())
