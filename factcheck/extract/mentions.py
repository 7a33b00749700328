"""Mentions: each comparable figure of a claim with the features that keep different
attributes apart — its dimension, role, funding round, kind of statement, times and
subject — and the masked clause around it that is embedded for matching."""

from __future__ import annotations

import re
from collections.abc import Sequence

from factcheck.extract.ages import age_of, antecedent, everyone, main_person
from factcheck.extract.clauses import clause, is_conversion, masked
from factcheck.extract.dates import figure_year
from factcheck.extract.quantities.ranges import is_vote
from factcheck.extract.roles import ROUND_ROLES, is_hedged, is_moving, is_total, role_and_label, round_near
from factcheck.extract.subjects import STOP_WORDS, known_names, main_entity, name_key, subject_of
from factcheck.extract.times import PORTION, periods, portion, time_refs
from factcheck.kinds import Kind, is_year_like
from factcheck.records import Article, Claim, Mention, Quantity

# "three years", "10 to 15 years": spans of time, not figures anyone reports differently
DURATIONS = frozenset("second minute hour day night week weekend month quarter year decade century".split())
_ROUND_NAMES = {"LATEST": "latest round", "PREVIOUS": "previous round", "SEED": "seed round",
                "ANGEL": "angel round", "IPO": "IPO", "PRE-IPO": "pre-IPO round"}


VOTE = "vote"  # the dimension of a vote's tally ("approved 7-2"): see ``kinds.Kind.twins_only``


def dimension(q: Quantity, text: str = "") -> str | None:
    """The comparable dimension of a quantity, or None when it is not worth matching.

    A count keeps the words between the figure and its noun: "three gold medals" counts
    gold medals, not medals.
    """
    if q.kind == "money":
        return f"money:{q.unit}"
    if q.kind == "percent":
        return "percent"
    if q.kind == "count" and q.unit and q.unit not in DURATIONS:
        words = re.findall(r"[\w-]+", text[q.end:q.end + 60].lower())[:4]
        modifiers = []
        for w in words:
            if w.startswith(q.unit[:4]):
                break
            if w not in STOP_WORDS:
                modifiers.append(w)
        else:
            modifiers = []
        return f"count:{' '.join([*modifiers, q.unit])}"
    if is_year_like(q.kind):
        return q.kind
    if q.kind == Kind.SCORE:  # a vote's tally is compared like any figure; a game's score only in twins
        return VOTE if is_vote(text, q.start, q.end) else q.kind
    if q.kind in ("number", "count"):
        return None  # a bare number, or a count of no noun (or of time spans): nothing to match on
    return f"{q.kind}:{q.unit}" if q.unit else q.kind  # measurements, rates, ordinals...


def mentions(claims: Sequence[Claim], articles: dict[str, Article], every: bool = False) -> list[Mention]:
    """One mention per comparable quantity of every claim, in claim order.

    With ``every``, each figure gets a mention, also those the attribute matcher leaves out
    (a bare number, a span of time, a year, a conversion in brackets): the aligned-passage
    channel compares figures at the same place of two near-identical sentences whatever they are."""
    known: dict[str, frozenset[str]] = {}
    entity: dict[str, tuple[str | None, str | None]] = {}
    people: dict[str, str | None] = {}  # each article's main person, found when an unnamed age needs it
    out: list[Mention] = []
    for claim in claims:
        aid = claim.article_id
        art = articles[aid]
        if aid not in known:
            known[aid] = frozenset(known_names(art.text))
            entity[aid] = main_entity(art)
        main_surface = entity[aid][1]
        times = time_refs(claim.text)
        for qi, q in enumerate(claim.quantities):
            m = _mention(claim, qi, q, art, times, known[aid], main_surface, every, people)
            if m is not None:
                out.append(m)
    return out


def _mention(claim: Claim, qi: int, q: Quantity, art: Article, times: set[str], known: frozenset[str],
             main_surface: str | None, every: bool, people: dict[str, str | None]) -> Mention | None:
    is_age, whose = age_of(claim.text, q)  # "Jane Smith, 41": her age, not a bare number
    if is_age and whose is None:  # "The 28-year-old was well-liked": the person named just before
        whose = antecedent(art.text, claim.start, claim.text, q, lambda: _main_person(art, people))
    dim = _dimension(claim, q, is_age, every)
    if dim is None:
        return None
    lo, hi = clause(claim, qi)
    role, label = role_and_label(claim, qi, lo, hi)
    if not every and (is_year_like(dim) and role != "event" or is_conversion(claim, qi)):
        # a bare year is a time reference, not a figure to compare; "$1.13bn (£600m)": the
        # figure in brackets restates the one before
        return None
    if role == "event" and not is_year_like(dim):
        role, label = None, None  # "seventeen sailors died": the deaths are counted, not dated
    # a sentence that names nobody is taken to be about the article's main subject
    # an age is the person's named next to it; an unnamed one ("the 31-year-old") is nobody's in particular
    subject = whose if is_age else subject_of(claim, q, known, main_surface) or main_surface
    window = _window(claim, qi, lo, hi, subject)
    # a round tells round sizes apart; a valuation "after the Series C" is still the valuation
    round_name = round_near(claim.text, q) if role in ROUND_ROLES else None
    total = role != "valuation" and is_total(claim.text)
    own_year = {str(int(q.value))} if q.kind == Kind.YEAR else set()
    return Mention(
        claim=claim, index=qi, article_path=art.path, article_record=art.record,
        date=_figure_date(claim, q, lo, hi) or art.date,
        dimension=dim, role=role, total=total, hedged=is_hedged(claim.text, hi),
        periods=periods(claim.text, lo, hi) | ({PORTION} if portion(claim.text, q.start) else set()),
        moving=is_moving(q, claim.text, lo, hi), round=round_name, times=frozenset(times - own_year),
        subjects=_subjects(claim, q, is_age, subject), window=window,
        measure=measure(dim, role, round_name, total, label), story=art.story or None)


def _main_person(art: Article, people: dict[str, str | None]) -> str | None:
    """The article's main person (``ages.main_person``), found once per article in ``people``."""
    if art.id not in people:
        people[art.id] = main_person(art.text)
    return people[art.id]


def _subjects(claim: Claim, q: Quantity, is_age: bool, subject: str | None) -> frozenset[str]:
    """Whose the figure is: its subject's name; for an age (``subject``: ``age_of``'s), everyone it is
    the age of ("Liberty German and Abigail Williams, both 13": both girls)."""
    people = everyone(claim.text, q, subject) if is_age else frozenset({subject} if subject else ())
    return frozenset(name_key(p) for p in people)


def _dimension(claim: Claim, q: Quantity, is_age: bool, every: bool) -> str | None:
    """The figure's dimension ("age", "money:USD", ...); ``None`` when it is not compared
    (with ``every``, its kind and unit instead)."""
    dim = "age" if is_age else dimension(q, claim.text)
    if dim is None and every:
        return f"{q.kind}:{q.unit}" if q.unit else q.kind
    return dim


def _window(claim: Claim, qi: int, lo: int, hi: int, subject: str | None) -> str:
    """The figure's clause, masked, with its subject in front when the clause does not name it."""
    window = masked(claim, lo, hi, target=qi)
    if subject and subject.lower() not in window.lower():
        window = f"{subject}: {window}"
    return window


def _figure_date(claim: Claim, q: Quantity, lo: int, hi: int) -> str | None:
    """The claim's date, or the year the clause gives the figure ("... £35.7m in 2002")."""
    own = figure_year(claim.text, q.start, q.end, lo, hi)
    return claim.date if not own or (claim.date or "").startswith(own) else own


def measure(dim: str, role: str | None, round_name: str | None, total: bool, label: str | None = None) -> str:
    """What a figure measures, in words, for the report: "valuation (USD)", "total funding",
    "budget deficit (USD)" (the passage's own word for it, ``label``), "amount (GBP)" where
    the words say too little."""
    kind, _, unit = dim.partition(":")
    what = label or {"money": "amount", "percent": "percentage", "count": unit, "year": "year",
                     "decade": "decade"}.get(kind, kind)
    if kind == "count" and label:
        what = f"{unit}, {label}"
    if total:
        what = f"total {what}"
    if round_name:
        what += f", {_ROUND_NAMES.get(round_name, 'Series ' + round_name)}"
    return f"{what} ({unit})" if kind == "money" else what
