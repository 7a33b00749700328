"""What a figure measures: the role word nearest to it (valued, raised, revenue...), the
funding round it belongs to, and the kind of statement it sits in (a running total, a plan
or forecast, a rise or fall)."""

from __future__ import annotations

import re

from factcheck.extract.clauses import figure_end, masked
from factcheck.records import Claim, Quantity

# Role words: two figures with role words from different classes measure different things.
ROLES: dict[str, str] = {
    "valuation": r"valu\w*|worth|market (?:cap\w*|value)|capitali[sz]\w*",
    "funding": r"rais\w*|fund(?:ing|ed|s)?|fund-?raising|financ\w*|round|backing|injection",
    "investment": r"invest\w*",
    "revenue": r"revenues?|sales|turnover|takings|receipts|box.office|grossed",
    "profit": r"profits?|earnings|losses|loss|net income|surplus|deficit",
    "spending": r"spen[dt]\w*|budget\w*|cost\w*|expenditure|outlay",
    "price": r"price\w*|priced|fares?|fees?|tariffs?",
    "debt": r"debts?|borrow\w*|loans?|liabilit\w*",
    "deal": r"acqui\w*|bought|buy\w*|takeover|bid|deal|merger|sold|sell\w*|paid|pay\w*",
    "pay": r"salar\w*|wages?|bonus\w*|compensation|pension\w*",
    "tax": r"tax\w*|levy|duty|duties",
    "fine": r"fine[ds]?|damages|settlement",
    "stake": r"stake|holding|owns?|owned|ownership",
    "share": r"share of|market share|percent of|per cent of|% of|\[percent\] of|proportion",
    "change": r"ris(?:e|es|en|ing)|rose|gr[eo]w\w*|jump\w*|soar\w*|climb\w*|increas\w*|"
              r"fell|fall\w*|drop\w*|declin\w*|slump\w*|plung\w*|decreas\w*|cut|down|up",
    "rate": r"rates?|inflation|unemployment|interest|"
            r"(?:to|against|versus|vs) the (?:euro|dollar|pound|yen|yuan|franc)",  # an exchange rate: "$1.35 to the euro"
    "market": r"market|industry|economy|sector",
    "event": r"founded|established|establishment|set up|launched|born|died|opened|incorporated|founding",
}
_ROLE_RX = {role: re.compile(rf"\b(?:{rx})\b") for role, rx in ROLES.items()}

# A round named after its letter: "Series C", "round B1", "a C+ round" (the letter in capitals
# there, so "a Series C round" is not round A).
_ROUND = re.compile(
    r"\b(?:series|round)\s+([a-f]\d?\+?)(?![\w+])|(?-i:\b([A-F]\d?\+?))[\s-]+(?:round|series|funding)\b"
    r"|\b(seed|angel|pre-ipo|ipo|pre-a|series a\+)\b"
    r"|\b(latest|new|recent|last|previous|next)\s+(?:\w+\s+)?round\b", re.I)
# Plans, talks and forecasts: a figure someone hopes for is not one that was reported.
_HEDGE = re.compile(
    r"\b(?:eye(?:s|d|ing)?|plan(?:s|ned|ning)? to|aim(?:s|ed|ing)? to|expect(?:s|ed)?|could|would|may|might|"
    r"forecasts?|projected|target(?:s|ing)?|hop(?:es|ed|ing)|talks|discussions|seek(?:s|ing)?|"
    r"wants?|intends?|propos(?:es|ed|al)|likely|potential(?:ly)?|if|set to|predict(?:s|ed|ions?)?|"
    r"expected|estimates? (?:that|it)|will|should|looking to|considering|mulls?|mulling|weighs?|"
    r"reportedly|rumou?red|by (?:19|20)\d\d)\b", re.I)
_TOTAL = re.compile(r"\b(?:total\w*|overall|cumulative\w*|in all|altogether|so far|to date|"
                    r"since (?:its|their|the company's) (?:founding|inception|launch|creation)|accumulat\w*)\b", re.I)
VAGUE_ROLES = frozenset({"change", "market"})  # role words too general to tell two figures apart
ROUND_ROLES = frozenset({"funding", "investment", "deal", None})  # roles whose size a funding round sets


def role_and_label(claim: Claim, qi: int, lo: int, hi: int) -> tuple[str | None, str | None]:
    """The nearest role word's role, and what a reader would call the figure in the passage's
    own words: "budget deficit" (a noun, with the noun before it), "valuation" for "valued at",
    None where the word says too little ("worth", "paid": then the report says "amount")."""
    q = claim.quantities[qi]
    after_start = figure_end(claim, qi)
    sides = (masked(claim, lo, q.start).lower(), masked(claim, after_start, max(hi, after_start)).lower())
    best: tuple[tuple[bool, int], str, str, int] | None = None
    for role, rx in _ROLE_RX.items():
        for side, text in enumerate(sides):
            for m in rx.finditer(text):
                if side == 1 and text.count(" ", 0, m.start()) > 3:
                    continue  # after the figure, only its own noun phrase counts
                dist = len(text) - m.end() if side == 0 else m.start()
                rank = (role in VAGUE_ROLES, dist)
                if best is None or rank < best[0]:
                    best = (rank, role, text, m.start())
    if best is None:
        return None, None
    _, role, text, start = best
    return role, _label(role, text, start)


_WORD_AT = re.compile(r"[a-z][a-z-]*")
_PREVIOUS = re.compile(r"([a-z][a-z-]{2,})\s+$")
# Nouns a reader would name a figure by; the rest of a role's words are verbs or too vague.
_NOUNS = frozenset("""
valuation revenue revenues sales turnover takings receipts profit profits earnings loss losses surplus
deficit budget cost costs expenditure outlay price prices fare fares fee fees tariff tariffs debt debts
loan loans liabilities salary salaries wage wages bonus bonuses compensation pension pensions tax taxes
levy duty duties fine fines damages settlement stake holding inflation unemployment funding financing
investment investments acquisition takeover bid deal merger injection backing borrowing borrowings
""".split())
# Verbs and phrases that name what they measure; any other role word ("worth", "paid", "up")
# says too little to name the figure by.
_NAMING_WORDS = (("valu", "valuation"), ("market cap", "market value"), ("market value", "market value"),
                 ("capitali", "market value"), ("rais", "funding"), ("fund", "funding"), ("financ", "financing"),
                 ("invest", "investment"), ("gross", "takings"), ("box", "takings"), ("spen", "spending"),
                 ("borrow", "borrowing"), ("share of", "share"), ("market share", "market share"),
                 ("found", "year founded"), ("establish", "year founded"), ("launch", "year launched"))
_NOT_MODIFIERS = frozenset("the a an its their his her our this that these those of to in for and or by with".split())


def _label(role: str, text: str, start: int) -> str | None:
    word = _WORD_AT.match(text, start)
    w = word.group() if word else ""
    if w in _NOUNS:
        prev = _PREVIOUS.search(text, 0, start)
        if prev and prev.group(1) not in _NOT_MODIFIERS and not prev.group(1).endswith(("ed", "ing", "ly")):
            return f"{prev.group(1)} {w}"
        return w
    return next((label for prefix, label in _NAMING_WORDS if text.startswith(prefix, start)), None)


def round_near(text: str, q: Quantity) -> str | None:
    """The funding round named nearest the figure: "C", "C+", "SEED", "LATEST"..., or None."""
    best, best_d = None, 10**9
    for m in _ROUND.finditer(text):
        name = (m.group(1) or m.group(2) or m.group(3) or m.group(4)).upper()
        if m.group(4):
            name = "LATEST" if name != "PREVIOUS" else "PREVIOUS"
        d = min(abs(m.start() - q.end), abs(q.start - m.end()))
        if d < best_d:
            best, best_d = name, d
    return best


def is_total(text: str) -> bool:
    """A running total: "total financing", "since its founding", "so far"."""
    return bool(_TOTAL.search(text))


def is_hedged(text: str, end: int) -> bool:
    """A plan, talks or a forecast before ``end``: "eyeing to raise", "could be worth"."""
    return bool(_HEDGE.search(text, 0, end))


def is_moving(q: Quantity, text: str, lo: int, hi: int) -> bool:
    """A change, not a level: a percentage that is a rise or fall ("up 3%", "fell 2%"), or any
    figure added to another ("an extra 10 MEPs", "a further £5m", "another 200 jobs", "12 more people",
    "$500bn in more spending")."""
    if _INCREMENT.search(text, max(0, q.start - 20), q.start) or _INCREMENT_AFTER.match(text, q.end):
        return True
    return q.kind == "percent" and bool(_ROLE_RX["change"].search(text.lower(), lo, hi))


def counts_others(q: Quantity, text: str) -> bool:
    """A count of the others beside some named or counted already: "four other babies", "Four others
    were named", "her other two children"; a part, not the whole ("five states" in all)."""
    return bool(_OTHERS_AFTER.match(text, q.end) or _OTHERS_BEFORE.search(text, max(0, q.start - 12), q.start))


_OTHERS_AFTER = re.compile(r"\s+others?\b", re.I)
_OTHERS_BEFORE = re.compile(r"\bother\s+$", re.I)
_INCREMENT = re.compile(r"\b(?:extra|additional|further|another)\s+$", re.I)
# after the figure: "12 more people", "$500bn in more government spending", "$2bn in additional aid"
_INCREMENT_AFTER = re.compile(r"\s+(?:more|in\s+(?:more|additional|extra))\b(?![^.;,]{0,40}\bthan\b)", re.I)
