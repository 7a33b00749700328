"""What a figure measures: the features that keep different attributes apart.

For each quantity in a claim this module builds a ``Mention``: its dimension (currency,
percent, counted noun), the role words around it (valued, raised, revenue...), the
funding round it belongs to (Series C vs Series C+), the other years the sentence names,
the named subjects, and the masked context that is embedded for matching.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from .records import Article, Claim, Quantity

# Role words: two figures with role words from different classes measure different things.
ROLES: dict[str, str] = {
    "valuation": r"valu\w*|worth|market (?:cap\w*|value)|capitali[sz]\w*",
    "funding": r"rais\w*|fund(?:ing|ed|s)?|fund-?raising|financ\w*|invest\w*|round|backing|injection",
    "revenue": r"revenues?|sales|turnover|takings|receipts|box.office|grossed",
    "profit": r"profits?|earnings|losses|loss|net income|surplus|deficit",
    "spending": r"spen[dt]\w*|budget\w*|cost\w*|expenditure|outlay",
    "price": r"price\w*|priced|fares?|fees?|tariffs?",
    "debt": r"debts?|borrow\w*|loans?|liabilit\w*",
    "deal": r"acqui\w*|bought|buy\w*|takeover|bid|offer\w*|deal|merger|sold|sell\w*|paid|pay\w*",
    "pay": r"salar\w*|wages?|bonus\w*|compensation|pension\w*",
    "tax": r"tax\w*|levy|duty|duties",
    "fine": r"fine[ds]?|penalt\w*|damages|settlement",
    "stake": r"stake|holding|owns?|owned|ownership",
    "share": r"share of|market share|percent of|per cent of|% of|proportion",
    "change": r"ris(?:e|es|en|ing)|rose|gr[eo]w\w*|jump\w*|soar\w*|climb\w*|increas\w*|"
              r"fell|fall\w*|drop\w*|declin\w*|slump\w*|plung\w*|decreas\w*|cut|down|up",
    "rate": r"rates?|inflation|unemployment|interest",
    "market": r"market|industry|economy|sector",
    "event": r"found\w*|establish\w*|set up|launch\w*|born|died|opened|created|incorporated|built",
}
_ROLE_RX = {role: re.compile(rf"\b(?:{rx})\b") for role, rx in ROLES.items()}

_ROUND = re.compile(
    r"\b(?:series|round)\s+([a-f]\d?\+?)(?![\w+])|\b([a-f]\d?\+?)[\s-]+(?:round|series|funding)\b"
    r"|\b(seed|angel|pre-ipo|ipo|pre-a|series a\+)\b", re.I)
_YEAR = re.compile(r"\b(?:19[5-9]\d|20[0-4]\d)\b")
_PROPER = re.compile(r"[A-Z][\w&'’.-]*[A-Za-z0-9]|[A-Z]")
_STOP = frozenset("""
the a an in on at it its this that these those he she they we i you but and or as for with by
from to of if when while after before since during mr mrs ms dr prof inc ltd co corp plc group
company firm ai ceo chief executive officer chairman president according also however meanwhile
monday tuesday wednesday thursday friday saturday sunday january february march april may june
july august september october november december jan feb mar apr jun jul aug sep sept oct nov dec
last next new first second third one two three our their his her there here what which who
thanks more most many some all both each said says so yet still now then than
""".split())
_DEFINITE = re.compile(r"^(?:the|this|it|its|they|their|he|his|she|her|that|these)\b", re.I)
WINDOW_BEFORE = 10
WINDOW_AFTER = 6
_MASK = {"money": "[MONEY]", "percent": "[PERCENT]", "year": "[YEAR]", "decade": "[DECADE]"}


@dataclass(frozen=True)
class Mention:
    claim: int  # index into the claim list
    quantity: int  # index into the claim's quantities
    article_id: str
    dimension: str  # "money:USD", "percent", "count:worker", "year"
    roles: frozenset[str]
    round: str | None
    years: frozenset[int]
    subjects: frozenset[str]
    window: str  # masked context that is embedded
    measure: str  # in words, for the report


def dimension(q: Quantity) -> str | None:
    """The comparable dimension of a quantity, or None when it is not worth matching."""
    if q.kind == "money":
        return f"money:{q.unit}"
    if q.kind == "percent":
        return "percent"
    if q.kind == "count" and q.unit:
        return f"count:{q.unit}"
    if q.kind in ("year", "decade"):
        return q.kind
    return None


def _words(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in re.finditer(r"\S+", text)]


def _roles(text: str) -> frozenset[str]:
    low = text.lower()
    return frozenset(role for role, rx in _ROLE_RX.items() if rx.search(low))


def proper_phrases(text: str, known: frozenset[str] | None = None) -> list[str]:
    """Named things in ``text``, normalised ("Time Warner's" -> "timewarner")."""
    out, run = [], []
    tokens = list(re.finditer(r"[\w&'’.-]+|[^\w\s]", text))
    for k, m in enumerate(tokens):
        tok = m.group().rstrip(".")
        for suffix in ("'s", "’s", "'", "’"):
            if tok.endswith(suffix):
                tok = tok[: -len(suffix)]
        is_proper = bool(tok) and _PROPER.fullmatch(tok) is not None and tok.lower() not in _STOP
        if is_proper and k == 0 and known is not None:
            is_proper = tok.lower() in known
        if is_proper:
            run.append(tok.lower())
        elif run:
            out.append("".join(run))
            run = []
        if m.group().endswith(("'s", "’s")) and run:
            out.append("".join(run))
            run = []
    if run:
        out.append("".join(run))
    return out


def main_entity(article: Article) -> str | None:
    """The most named thing in an article: who "the company" refers to."""
    counts = Counter(proper_phrases(article.text, known=frozenset()))
    for name in proper_phrases(article.title, known=frozenset()):
        counts[name] += 2
    return counts.most_common(1)[0][0] if counts else None


def _round_near(text: str, q: Quantity) -> str | None:
    best, best_d = None, 10**9
    for m in _ROUND.finditer(text):
        name = (m.group(1) or m.group(2) or m.group(3)).upper()
        d = min(abs(m.start() - q.end), abs(q.start - m.end()))
        if d < best_d:
            best, best_d = name, d
    return best


def masked_window(claim: Claim, qi: int) -> str:
    """Words around quantity ``qi`` with every figure replaced by its kind."""
    text = claim.text
    q = claim.quantities[qi]
    words = _words(text)
    before = [w for w in words if w[1] <= q.start][-WINDOW_BEFORE:]
    after = [w for w in words if w[0] >= q.end][:WINDOW_AFTER]
    lo = before[0][0] if before else q.start
    hi = after[-1][1] if after else q.end
    parts, pos = [], lo
    for other in claim.quantities:
        if other.end <= lo or other.start >= hi:
            continue
        parts.append(text[pos:max(pos, other.start)])
        parts.append(_MASK.get(other.kind, "[NUMBER]" if other.kind != "count" else "[NUMBER]"))
        pos = max(pos, other.end)
    parts.append(text[pos:hi])
    return " ".join("".join(parts).split())


def mentions(claims: Sequence[Claim], articles: dict[str, Article]) -> list[Mention]:
    """One mention per comparable quantity of every claim."""
    known: dict[str, frozenset[str]] = {}
    entity: dict[str, str | None] = {}
    out: list[Mention] = []
    for ci, claim in enumerate(claims):
        aid = claim.article_id
        if aid not in known:
            art = articles[aid]
            known[aid] = frozenset(proper_phrases(art.text, known=frozenset()))
            entity[aid] = main_entity(art)
        subjects = set(proper_phrases(claim.text, known=known[aid]))
        if (_DEFINITE.match(claim.text) or not subjects) and entity[aid]:
            subjects.add(entity[aid])
        years = {int(y.group()) for y in _YEAR.finditer(claim.text)}
        for qi, q in enumerate(claim.quantities):
            dim = dimension(q)
            if dim is None:
                continue
            window = masked_window(claim, qi)
            roles = _roles(window)
            if dim in ("year", "decade") and "event" not in roles:
                continue  # a bare year is a time reference, not a figure to compare
            own_years = {int(q.value)} if q.kind == "year" else set()
            words = _words(claim.text)
            near = claim.text[max(0, ([w for w in words if w[1] <= q.start][-4:] or [(q.start, 0)])[0][0]):q.start]
            main_role = _roles(near) or roles
            out.append(Mention(
                claim=ci, quantity=qi, article_id=aid, dimension=dim, roles=roles,
                round=_round_near(claim.text, q), years=frozenset(years - own_years),
                subjects=frozenset(subjects), window=window,
                measure=_measure(dim, main_role, _round_near(claim.text, q))))
    return out


def _measure(dim: str, roles: frozenset[str], round_name: str | None) -> str:
    kind, _, unit = dim.partition(":")
    what = ", ".join(sorted(roles - {"change", "market"})) or {
        "money": "amount", "percent": "percentage", "count": unit, "year": "year",
        "decade": "decade"}[kind]
    if round_name:
        what += f", {round_name if round_name in ('SEED', 'ANGEL', 'IPO', 'PRE-IPO') else 'Series ' + round_name}"
    return f"{what} ({unit})" if kind == "money" else what
