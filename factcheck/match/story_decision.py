"""The same-attribute decision for figures whose articles' stories are known (``match.stories``).

Figures of different stories are compared on the attribute channel only with strong evidence
that they measure one thing: near-identical contexts (``ACROSS_COSINE``), or one named subject
and one specific role word on both sides, the values less than ten times apart (SenseTime's
valuation in March and in May: two events of one company, a change over time; not America's
"$14 trillion in debt" and "$30 billion in small business loans"). Different events share words and round numbers
by chance ("12 people were arrested" in two riots). Two figures of one story go to the story model (below). A pair whose stories are not
known (``factcheck check`` against the claim base, ``compare_texts``) is decided as before.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from typing import ClassVar

from factcheck.extract.ages import given_name
from factcheck.extract.lexicon import WEEKDAYS
from factcheck.extract.roles import VAGUE_ROLES, counts_others
from factcheck.extract.subjects import STOP_WORDS
from factcheck.match.guards import guard, twins_only
from factcheck.match.learned import LogisticModel, _tokens
from factcheck.match.near import Closeness, counted
from factcheck.records import Mention

AGES_APART = ("ages of different people (other surnames or first names), or of someone not named (the 25-year-old): "
              "whose age it is cannot be checked")
ACROSS_COSINE = 0.95  # contexts of two different stories' figures must be this close to be compared


def one_person(a: Mention, b: Mention) -> bool:
    """Two ages of one named person: one surname, and no two different first names (Jonathan and
    Erin Stoffel are a couple)."""
    if not a.subjects & b.subjects:
        return False
    ga, gb = given_name(a.claim.text, a.quantity), given_name(b.claim.text, b.quantity)
    return not (ga and gb and ga != gb)


def across(a: Mention, b: Mention, cosine: float) -> str | None:
    """Why two figures of different stories are not compared, or None (same or unknown story, or near-identical contexts)."""
    if a.dimension == "age" and not one_person(a, b):
        return AGES_APART
    if a.story is None or b.story is None or a.story == b.story or cosine >= ACROSS_COSINE:
        return None
    if a.subjects & b.subjects and a.role and a.role == b.role and a.role not in VAGUE_ROLES and spread(a, b) < 1:
        return None
    return (f"different stories ({a.story} vs {b.story}): only near-identical contexts (cosine {cosine:.2f} < "
            f"{ACROSS_COSINE:.2f}) or one named subject with one specific role word, the values less than ten times "
            "apart, are compared")


# -- what a figure measures, from the words around it (see docs/stories.md for the measurements)

_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")
_NAME = re.compile(r"\b[A-Z][a-z]+(?:[ -][A-Z][a-z]+)*")
_LINK = frozenset("of the a an to in on at for by and or its their his her per".split())
NEAR = 5  # words either side of a figure that say what happens to it ("three people were stabbed")


@lru_cache(maxsize=65536)
def _words(text: str) -> tuple[tuple[str, int, int], ...]:
    return tuple((m.group().lower().replace("’", "'"), m.start(), m.end()) for m in _WORD.finditer(text))


def _stem(w: str) -> str:
    return w[:5]


def head(m: Mention) -> str | None:
    """The thing a figure counts or measures: a count's noun ("people"), an age, a measurement's
    dimension; for money and percentages the first content word right after the figure ("$3
    billion deal" -> deal; "20% of the vote" -> vote)."""
    kind = m.dimension.split(":", 1)[0]
    if kind == "count":
        return m.dimension.split(":", 1)[1].split()[-1]
    if kind not in ("money", "percent"):
        return m.dimension
    q = m.quantity
    for w, s, _ in _words(m.claim.text):
        if s < q.end:
            continue
        if s > q.end + 30:
            break
        if w in _LINK or w in STOP_WORDS:
            continue
        return _stem(w)
    return None


def near_words(m: Mention) -> frozenset[str]:
    """Content words within ``NEAR`` words of the figure, stemmed: what happens to it, and to whom."""
    q = m.quantity
    ws = [(w, s) for w, s, _ in _words(m.claim.text) if w not in STOP_WORDS and len(w) > 2]
    before = [w for w, s in ws if s < q.start][-NEAR:]
    after = [w for w, s in ws if s >= q.end][:NEAR]
    return frozenset(_stem(w) for w in before + after)


def names(m: Mention) -> frozenset[str]:
    """Named things of the figure's sentence (capitalised runs, not at its start), normalised."""
    text = m.claim.text
    return frozenset(x.group().lower() for x in _NAME.finditer(text)
                     if x.start() > 0 and x.group().lower() not in STOP_WORDS)


def _jaccard(x: frozenset[str], y: frozenset[str]) -> float:
    u = x | y
    return len(x & y) / len(u) if u else 0.0


_NAMED = re.compile(r"(?<![.!?] )\b[A-Z][a-z]{2,}")
_NOT_NAMES = frozenset("the but and in on at he she it they more this that".split())


def _names_near(m: Mention) -> frozenset[str]:
    """Capitalised words (not a sentence's first), lower-cased, within 60 characters of the figure."""
    text, q = m.claim.text, m.quantity
    return frozenset(w for x in _NAMED.finditer(text, max(0, q.start - 60), min(len(text), q.end + 60))
                     if x.start() > 0 and (w := x.group().lower()) not in _NOT_NAMES)


def _names_clash(a: Mention, b: Mention) -> bool:
    """Each figure has a name close by that the other's sentence never says ("WhatsApp deal" vs "Oculus deal")."""
    wa = {w for w, _, _ in _words(a.claim.text)}
    wb = {w for w, _, _ in _words(b.claim.text)}
    return bool(_names_near(a) - wb) and bool(_names_near(b) - wa)


FEATURES = ("cosine", "words", "near", "names", "same_head", "other_head", "same_subject", "other_subject",
            "same_role", "other_role", "other_times", "other_periods", "other_total", "hedged", "same_person_age",
            "unnamed", "crowded", "local", "noun", "far_nouns", "names_clash", "spread", "articles",
            "other_days", "guarded")
# counted nouns less close than this are "far" (car / vehicle 0.87, house / home 0.80, member / show 0.39,
# people / victim 0.37): of the labelled dev pairs of two such nouns 15 of 135 are the same attribute
NOUN_CLOSE = 0.6
SPREAD_CAP = 3.0  # powers of ten: values further apart than this are as far apart as it gets


def evidence(a: Mention, b: Mention, cosine: float, close: Closeness | None = None,
             parsed: bool = False) -> tuple[float, ...]:
    """The features of two figures of one story, in ``FEATURES`` order. ``close``: the local
    windows' and counted nouns' vectors (``match.near``); without them the local cosine is the
    context's and the nouns are close only when they are one noun. ``parsed``: append
    ``PARSE_FEATURES`` from spaCy's parse (measured in bench/stories_spacy.py, not in the model)."""
    base = _evidence(a, b, cosine, close)
    return base + parse_evidence(a, b) if parsed else base


# What the dependency parse (``extract.parse``) says the two figures measure: the same governing
# verb or predicate ("were stabbed" / "left ... stabbed"), other ones, the same counted noun's lemma,
# and the named entities of their clauses shared. Measured against FEATURES alone in docs/stories.md.
PARSE_FEATURES = ("same_verb", "other_verb", "same_noun_lemma", "clause_names")


def parse_evidence(a: Mention, b: Mention) -> tuple[float, ...]:
    """``PARSE_FEATURES`` of two figures (loads spaCy on first use)."""
    from factcheck.extract.parse import figure

    fa = figure(a.claim.text, a.quantity.start, a.quantity.end)
    fb = figure(b.claim.text, b.quantity.start, b.quantity.end)
    return (float(bool(fa.verb and fa.verb == fb.verb)),
            float(bool(fa.verb and fb.verb and fa.verb != fb.verb)),
            float(bool(fa.noun and fa.noun == fb.noun)),
            _jaccard(fa.names, fb.names))


def _evidence(a: Mention, b: Mention, cosine: float, close: Closeness | None) -> tuple[float, ...]:
    return (*_wording(a, b, cosine), *_what_and_whose(a, b), *_up_close(a, b, cosine, close))


def _wording(a: Mention, b: Mention, cosine: float) -> tuple[float, ...]:
    """cosine, words, near, names: how alike the two sentences are."""
    ta, tb = _tokens(a.claim), _tokens(b.claim)
    return cosine, _jaccard(ta.content, tb.content), _jaccard(near_words(a), near_words(b)), _jaccard(names(a), names(b))


def _what_and_whose(a: Mention, b: Mention) -> tuple[float, ...]:
    """same_head ... crowded: what each figure measures, whose it is, and when."""
    ha, hb = head(a), head(b)
    specific = a.role and a.role not in VAGUE_ROLES
    return tuple(float(bool(v)) for v in (
        ha and ha == hb,
        ha and hb and ha != hb,
        a.subjects & b.subjects,
        a.subjects and b.subjects and not a.subjects & b.subjects,
        specific and a.role == b.role,
        a.role and b.role and a.role != b.role,
        a.times and b.times and not a.times & b.times,
        a.periods and b.periods and not a.periods & b.periods,
        a.total != b.total,
        a.hedged or b.hedged,
        a.dimension == "age" and one_person(a, b),
        not (a.subjects and b.subjects),
    )) + (min(_others(a) + _others(b), 3) / 3,)


def _up_close(a: Mention, b: Mention, cosine: float, close: Closeness | None) -> tuple[float, ...]:
    """local ... guarded: the words right around the figures, their counted nouns, their values,
    their whole articles, the days named, and the flag decision's rules."""
    local = close.local(a, b) if close else None
    noun = close.noun(a, b) if close else float(a.dimension == b.dimension and a.dimension.startswith("count:"))
    da, db = _days(a), _days(b)
    return (
        cosine if local is None else local,
        noun,
        float(a.dimension != b.dimension and noun < NOUN_CLOSE),
        float(_names_clash(a, b)),
        spread(a, b),
        (close.articles(a, b) if close else None) or 0.0,
        float(bool(da and db and not da & db)),
        float(_guarded(a, b)),
    )


def _guarded(a: Mention, b: Mention) -> bool:
    """A rule of the flag decision (``match.guards``) tells the two apart, units aside: a role word,
    a running total, a plan, a span or period, a subject. Of the labelled dev pairs whose values
    differ, 4% of those guarded are the same attribute, 25% of the rest."""
    return guard(a, b if a.dimension == b.dimension else replace(b, dimension=a.dimension)) is not None


_DAY = re.compile(rf"\b({'|'.join((*WEEKDAYS, 'yesterday', 'today', 'tonight'))})\b", re.I)


@lru_cache(maxsize=65536)
def _days_of(text: str) -> frozenset[str]:
    return frozenset(m.group().lower() for m in _DAY.finditer(text))


def _days(m: Mention) -> frozenset[str]:
    """The days the figure's sentence names ("Monday", "yesterday"): reports of one story on
    different days tell different moments (Friday's close, Monday's fall)."""
    return _days_of(m.claim.text)


def spread(a: Mention, b: Mention) -> float:
    """How far apart the two values are, in powers of ten (capped at ``SPREAD_CAP``): reports of
    one figure differ by a little ("12 arrested" / "13 in custody"), figures of different things
    by anything ("$19 billion" for one deal, "$2 billion" for another)."""
    va, vb = abs(a.quantity.value), abs(b.quantity.value)
    if va == vb:
        return 0.0
    if not (va and vb):
        return SPREAD_CAP
    return min(abs(math.log10(va / vb)), SPREAD_CAP)


def _others(m: Mention) -> int:
    """Other figures of the same kind and unit in the figure's sentence: which of them pairs with which is a guess."""
    q = m.quantity
    return sum(1 for i, o in enumerate(m.claim.quantities) if i != m.index and o.kind == q.kind and o.unit == q.unit)


def certain(a: Mention, b: Mention, close: Closeness | None = None) -> str | None:
    """What keeps two figures of one story apart for certain: their units, their funding
    rounds, a rise vs a level, a count of others vs one of all, ages of two people or of nobody named; scores and ordinals pair
    only in twin sentences. Counts of different nouns are not kept apart for certain: reports
    word one thing differently ("a 30-car pileup", "a 25-vehicle pileup"); how close the nouns
    are is evidence (``noun``, ``far_nouns``); without ``close`` to measure them, only one noun pairs."""
    if a.dimension != b.dimension:
        if not (a.dimension.startswith("count:") and b.dimension.startswith("count:")):
            return "different units"
        if close is None:
            return f"different things counted ({counted(a)} vs {counted(b)})"
    if twins_only(a):
        return f"{a.quantity.kind}s are compared only in twin sentences (aligned passages)"
    if a.round != b.round:
        return f"different funding rounds ({a.round or 'none named'} vs {b.round or 'none named'})"
    if a.moving != b.moving:
        return "a rise, fall or increment vs a level"
    if counts_others(a.quantity, a.claim.text) != counts_others(b.quantity, b.claim.text):
        return "a count of others (\"three other states\") vs a count of all"
    if a.dimension == "age" and not one_person(a, b):
        return AGES_APART
    return None


# -- the model: a logistic regression over FEATURES, fitted by bench/stories_fit.py on hand-labelled pairs

MODEL = Path(__file__).with_name("story_decision.json")


@dataclass(frozen=True)
class StoryModel(LogisticModel):
    """The same-attribute decision within one story, over this module's ``FEATURES``."""

    features: ClassVar[tuple[str, ...]] = FEATURES
    what: ClassVar[str] = "same-story decision model"
    refit: ClassVar[str] = "bench/stories_fit.py"


@lru_cache(maxsize=1)
def model() -> StoryModel:
    return StoryModel.load(MODEL)


def story_bar(a: Mention, b: Mention, need: float) -> float:
    """The probability two figures need: the story model's bar for two figures of one story, else ``need``."""
    return model().threshold if a.story is not None and a.story == b.story else need


def within(a: Mention, b: Mention, cosine: float, close: Closeness | None = None
           ) -> tuple[str | None, float | None] | None:
    """For two figures of one story: why they are apart (or None) and the story model's
    probability that they are the same attribute; None when the story is not known to be one.
    ``close``: the figures' local vectors (``match.near``)."""
    if a.story is None or a.story != b.story:
        return None
    why = certain(a, b, close)
    if why:
        return why, None
    m = model()
    x = evidence(a, b, cosine, close)
    p = m.probability(x)
    if p < m.threshold:
        return (f"one story, but not enough evidence of the same attribute (probability {p:.2f} < {m.threshold:.2f}: "
                f"{describe(x)})"), p
    return None, p


def describe(x: Sequence[float]) -> str:
    said = [f"cosine {x[0]:.2f}", f"{x[1]:.0%} words shared", f"{x[2]:.0%} near words shared", f"{x[3]:.0%} names shared",
            f"words around the figures {x[17]:.2f} alike", f"counted nouns {x[18]:.2f} alike",
            f"values {x[21]:.1f} powers of ten apart", f"articles {x[22]:.2f} alike"]
    said += ["other days named"] if x[23] else []
    said += ["a rule of the flag decision tells them apart"] if x[24] else []
    said += [name.replace("_", " ") for name, v in zip(FEATURES[4:17] + FEATURES[19:21], [*x[4:17], *x[19:21]]) if v]
    return ", ".join(said)
