"""What a figure measures: the features that keep different attributes apart.

For each quantity in a claim this module builds a ``Mention``: its dimension (currency,
percent, counted noun), the role words around it (valued, raised, revenue...), the
funding round it belongs to (Series C vs Series C+), the times the sentence names,
the named subjects, and the masked context that is embedded for matching.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from factcheck.records import Article, Claim, Quantity

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
    "rate": r"rates?|inflation|unemployment|interest",
    "market": r"market|industry|economy|sector",
    "event": r"founded|established|establishment|set up|launched|born|died|opened|incorporated|founding",
}
_ROLE_RX = {role: re.compile(rf"\b(?:{rx})\b") for role, rx in ROLES.items()}

_ROUND = re.compile(
    r"\b(?:series|round)\s+([a-f]\d?\+?)(?![\w+])|\b([a-f]\d?\+?)[\s-]+(?:round|series|funding)\b"
    r"|\b(seed|angel|pre-ipo|ipo|pre-a|series a\+)\b"
    r"|\b(latest|new|recent|last|previous|next)\s+(?:\w+\s+)?round\b", re.I)
# Plans, talks and forecasts: a figure someone hopes for is not one that was reported.
_HEDGE = re.compile(
    r"\b(?:eye(?:s|d|ing)?|plan(?:s|ned|ning)? to|aim(?:s|ed|ing)? to|expect(?:s|ed)?|could|would|may|might|"
    r"forecasts?|projected|target(?:s|ing)?|hop(?:es|ed|ing)|talks|discussions|seek(?:s|ing)?|"
    r"wants?|intends?|propos(?:es|ed|al)|likely|potential(?:ly)?|if|set to|predict(?:s|ed|ions?)?|"
    r"expected|estimates? (?:that|it)|will|should|looking to|considering|mulls?|mulling|weighs?|"
    r"reportedly|rumou?red|by (?:19|20)\d\d)\b", re.I)
_PERIOD = re.compile(r"\b(quarter|month|year|week|day|half|annual|daily)(?:ly|s)?\b", re.I)
_PERIOD_NAME = {"annual": "year", "daily": "day"}
_IN_YEAR = re.compile(r"\b(?:in|for|during|over)\s+(?:19|20)\d\d\b")
_CONVERSION = re.compile(r"^\s*\($")
_YEAR = re.compile(r"\b(?:19[5-9]\d|20[0-4]\d)\b")
_MONTH_NAME = re.compile(r"\b(January|February|March|April|May|June|July|August|September|October|November|December)\b")
_QUARTER = re.compile(r"\b(first|second|third|fourth|final|last|q[1-4])[\s-]+quarter\b|\b(q[1-4])\b", re.I)
_NOW = re.compile(r"\b(?:now|currently|today|at present|presently|this week)\b", re.I)
_QUARTER_NAME = {"first": "q1", "second": "q2", "third": "q3", "fourth": "q4", "final": "q4"}
_NAME_RUN = re.compile(r"(?<![\w.$])(?:[A-Z][\w&.’'-]*[A-Za-z0-9’']?(?![\w$])\s?)+")
_POSSESSIVE = re.compile(r"(?:['’]s?|\.)$")
# Places and peoples: named often, but never who "the company" in a story is.
_PLACES = frozenset("""
china chinese us u.s usa america american uk u.k britain british england english europe european
eu japan japanese india indian germany german france french russia russian korea korean asia
asian africa african canada canadian australia australian italy italian spain spanish
hong kong beijing shanghai london washington new york silicon valley
""".split()) | {"hongkong", "newyork", "siliconvalley"}
_DEMONYMS = frozenset("""
chinese american british english european japanese indian german french russian korean asian
african canadian australian italian spanish
""".split())
_SENTENCE_START = re.compile(r"[.!?\t\n]\s*$")
_STOP = frozenset("""
the a an in on at it its this that these those he she they we i you but and or as for with by
from to of if when while after before since during mr mrs ms dr prof inc ltd co corp plc group
company firm ai ceo chief executive officer chairman president according also however meanwhile
monday tuesday wednesday thursday friday saturday sunday january february march april may june
july august september october november december jan feb mar apr jun jul aug sep sept oct nov dec
last next new first second third one two three our their his her there here what which who
thanks more most many some all both each said says so yet still now then than
four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen
eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety hundred thousand million
billion dozens hundreds thousands millions nearly almost about around over under only just
""".split())
_LEADING_CLAUSE = re.compile(r"^(?:Since|Founded|Established|Set up|Launched|Born|In|By|As of|After|Before)\b[^,]{0,80},\s*")
# "The company...", "The Chinese AI researcher and developer...", "It...": the article's subject
_ORG_NOUN = (r"(?:company|firm|group|startup|start-up|business|bank|chain|retailer|carrier|operator|maker|"
             r"manufacturer|developer|researcher|giant|unicorn|insurer|airline|lender|broadcaster|network|"
             r"studio|label|publisher|brand|unit|club|side|team|government|agency|band|singer|star|player)")
_DEFINITE = re.compile(rf"^(?:(?:the|this) (?:[\w-]+ ){{0,3}}{_ORG_NOUN}\b|(?:it|its|they|their|he|his|she|her)\b)", re.I)
_MASK = {"money": "[MONEY]", "percent": "[PERCENT]", "year": "[YEAR]", "decade": "[DECADE]"}


_TOTAL = re.compile(r"\b(?:total\w*|overall|cumulative\w*|in all|altogether|so far|to date|"
                    r"since (?:its|their|the company's) (?:founding|inception|launch|creation)|accumulat\w*)\b", re.I)
_CLAUSE_MARK = re.compile(r"[,;:()\u2013\u2014]|\s-\s|\.\s")
MIN_WORDS_BEFORE = 3
MIN_CONTEXT_WORDS = 5
MAX_WORDS_BEFORE = 10
MAX_WORDS_AFTER = 6
VAGUE_ROLES = frozenset({"change", "market"})
ROUND_ROLES = frozenset({"funding", "investment", "deal", None})
# "three years", "10 to 15 years": spans of time, not figures anyone reports differently
DURATIONS = frozenset("second minute hour day night week weekend month quarter year decade century".split())


@dataclass(frozen=True)
class Mention:
    claim: int  # index into the claim list
    quantity: int  # index into the claim's quantities
    article_id: str
    dimension: str  # "money:USD", "percent", "count:worker", "year"
    role: str | None  # the role word nearest the figure: "valuation", "funding", ...
    total: bool  # a running total ("total financing", "since its founding")
    hedged: bool  # a plan, talks or a forecast ("eyeing to raise", "could be worth")
    periods: frozenset[str]  # the span of time a figure covers: "quarter", "year", "month"
    moving: bool  # a rise or fall ("up 3%", "fell 2%"), not a level
    round: str | None  # funding round the figure belongs to: "C", "C+", "B"
    times: frozenset[str]  # times the sentence names besides the figure: "2004", "january", "q3", "now"
    subjects: frozenset[str]  # who the figure is about, normalised ("timewarner"); else the article's
    window: str  # masked clause around the figure, with its subject: what is embedded
    measure: str  # in words, for the report


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
            if w not in _STOP:
                modifiers.append(w)
        else:
            modifiers = []
        return f"count:{' '.join([*modifiers, q.unit])}"
    if q.kind in ("year", "decade"):
        return q.kind
    if q.kind in ("number", "count"):
        return None  # a bare number, or a count of no noun (or of time spans): nothing to match on
    return f"{q.kind}:{q.unit}" if q.unit else q.kind  # measurements, rates, ordinals...


def _masked(claim: Claim, lo: int, hi: int, target: int | None = None) -> str:
    """``claim.text[lo:hi]`` with the target figure replaced by its kind and the others by
    ``#``, so two figures of one sentence never share a context."""
    text, parts, pos = claim.text, [], lo
    for i, q in enumerate(claim.quantities):
        if q.end <= lo or q.start >= hi:
            continue
        parts.append(text[pos:max(pos, q.start)])
        parts.append(_MASK.get(q.kind, "[NUMBER]") if target is None or i == target else "#")
        pos = max(pos, q.end)
    parts.append(text[pos:hi])
    return " ".join("".join(parts).split())


def time_refs(text: str) -> set[str]:
    """The times a sentence names: years, months, quarters, and "now" for the present."""
    refs = {m.group() for m in _YEAR.finditer(text)}
    refs |= {m.group(1).lower() for m in _MONTH_NAME.finditer(text)}
    for m in _QUARTER.finditer(text):
        word = (m.group(1) or m.group(2)).lower()
        refs.add(_QUARTER_NAME.get(word, word if word.startswith("q") else "last-quarter"))
    if _NOW.search(text):
        refs.add("now")
    return refs


def is_conversion(claim: Claim, qi: int) -> bool:
    """True for a money figure in brackets right after another: "$1.13bn (£600m)"."""
    q = claim.quantities[qi]
    if q.kind != "money" or qi == 0:
        return False
    prev = claim.quantities[qi - 1]
    return prev.kind == "money" and bool(_CONVERSION.match(claim.text[prev.end:q.start]))


def _figure_end(claim: Claim, qi: int) -> int:
    """Where figure ``qi`` ends, past a bracketed conversion right after it: "$27.5bn (£14.5bn)"."""
    if qi + 1 < len(claim.quantities) and is_conversion(claim, qi + 1):
        conversion = claim.quantities[qi + 1]
        close = claim.text.find(")", conversion.end)
        return close + 1 if close >= 0 else conversion.end
    return claim.quantities[qi].end


def clause(claim: Claim, qi: int) -> tuple[int, int]:
    """Span of the clause around quantity ``qi``: back to the last clause mark before it
    (but at least a few words) and on to the next clause mark after it (a few words at most)."""
    text, q = claim.text, claim.quantities[qi]
    words = [(m.start(), m.end()) for m in re.finditer(r"\S+", text)]
    before = [w for w in words if w[1] <= q.start][-MAX_WORDS_BEFORE:]
    lo = before[0][0] if before else q.start
    # walk back word by word; stop at a clause mark once enough words are in
    for k in range(len(before) - 1, -1, -1):
        gap_end = before[k + 1][0] if k + 1 < len(before) else q.start
        if len(before) - 1 - k >= MIN_WORDS_BEFORE and _CLAUSE_MARK.search(text, before[k][1] - 1, gap_end):
            lo = gap_end
            break
    hi = _figure_end(claim, qi)
    if hi == q.end and text[:q.start].rstrip().endswith("(") and text[q.end:].lstrip().startswith(")"):
        hi = text.index(")", q.end) + 1  # "Nearly two-thirds (62%) said...": read on past the bracket
    for w in [w for w in words if w[0] >= hi][:MAX_WORDS_AFTER]:
        mark = _CLAUSE_MARK.search(text, hi, w[1])
        if mark:
            hi = max(hi, mark.start())
            break
        hi = w[1]
    if sum(1 for w in words if lo <= w[0] and w[1] <= hi) < MIN_CONTEXT_WORDS:
        # "Twenty-eight people, including a Briton, ..." says too little on its own
        lo = before[0][0] if before else lo
        hi = max(hi, ([w[1] for w in words if w[0] >= q.end][:MAX_WORDS_AFTER] or [hi])[-1])
    return lo, hi


def _round_near(text: str, q: Quantity) -> str | None:
    best, best_d = None, 10**9
    for m in _ROUND.finditer(text):
        name = (m.group(1) or m.group(2) or m.group(3) or m.group(4)).upper()
        if m.group(4):
            name = "LATEST" if name != "PREVIOUS" else "PREVIOUS"
        d = min(abs(m.start() - q.end), abs(q.start - m.end()))
        if d < best_d:
            best, best_d = name, d
    return best


def main_entity(article: Article) -> tuple[str | None, str | None]:
    """The most named thing in an article, normalised and as written: who "the company" is."""
    counts: Counter[str] = Counter()
    surface: dict[str, str] = {}
    for text, weight in ((article.text, 1), (article.title, 2)):
        for name in proper_matches(text, None):
            key = "".join(name.lower().split())
            if key in _PLACES or name.lower() in _PLACES:
                continue
            counts[key] += weight
            surface.setdefault(key, name)
    if not counts:
        return None, None
    key = counts.most_common(1)[0][0]
    return key, surface[key]


def nearest_role(claim: Claim, qi: int, lo: int, hi: int) -> str | None:
    """The role of the role word nearest to the figure within its clause: before it, or in
    its own noun phrase after it ("a $27.5bn (£14.5bn) back-tax bill")."""
    q = claim.quantities[qi]
    after_start = _figure_end(claim, qi)
    sides = (_masked(claim, lo, q.start).lower(), _masked(claim, after_start, max(hi, after_start)).lower())
    best: tuple[tuple[bool, int], str] | None = None
    for role, rx in _ROLE_RX.items():
        for side, text in enumerate(sides):
            for m in rx.finditer(text):
                if side == 1 and text.count(" ", 0, m.start()) > 3:
                    continue  # after the figure, only its own noun phrase counts
                dist = len(text) - m.end() if side == 0 else m.start()
                rank = (role in VAGUE_ROLES, dist)
                if best is None or rank < best[0]:
                    best = (rank, role)
    return best[1] if best else None


def subject_of(claim: Claim, q: Quantity, known: frozenset[str], fallback: str | None) -> str | None:
    """Who a figure is about, as written, or None when the sentence does not say.

    The nearest name before the figure, a company or person before a place ("SenseTime,
    China's leading AI company, raised..."); after a leading clause, the name that follows
    it ("Founded in 2014, Sensetime..."); for "The company..." or "It...", the article's
    main subject (``fallback``).
    """
    lead = _LEADING_CLAUSE.match(claim.text)
    if lead and q.end <= lead.end():
        after = claim.text[lead.end():].lstrip("“\"‘ ")
        if _DEFINITE.match(after):
            return fallback
        names = proper_matches(after[:80], None)
        if names and after.startswith(names[0].split()[0]):
            return names[0]
    names = [n for n in proper_matches(claim.text[:q.start], known) if _key(n) not in _DEMONYMS]
    for name in reversed(names):
        if _key(name) not in _PLACES and name.lower() not in _PLACES:
            return name
    if names:
        return names[-1]
    return fallback if _DEFINITE.match(claim.text) else None


def _key(name: str) -> str:
    return "".join(name.lower().split())


def proper_matches(text: str, known: frozenset[str] | None) -> list[str]:
    """Surface forms of the named things in ``text`` (runs of capitalised words).

    With ``known`` given, a run at the start of a sentence counts only if it is known.
    """
    out = []
    title_case = _is_title_case(text)
    for m in _NAME_RUN.finditer(text):
        raw = [_POSSESSIVE.sub("", w) for w in m.group().split()]
        at_start = m.start() == 0 or bool(_SENTENCE_START.search(text, max(0, m.start() - 3), m.start()))
        if at_start and raw and raw[0].lower() in _STOP:
            raw, at_start = raw[1:], False  # "For Thailand, ..." names Thailand
        words = [w for w in raw if len(w) > 1 and w.lower() not in _STOP]
        if not words:
            continue
        named_anyway = at_start and not title_case and (
            len(words) > 1 or _POSSESSIVE.search(m.group().split()[-1]) or text.startswith(",", m.end()))
        if (at_start or title_case) and known is not None and not named_anyway and "".join(words).lower() not in known:
            continue
        out.append(" ".join(words))
    return out


def _is_title_case(text: str) -> bool:
    words = re.findall(r"[A-Za-z]{4,}", text)
    return len(words) >= 3 and sum(w[0].isupper() for w in words) > 0.6 * len(words)


def _mid_sentence_names(text: str) -> set[str]:
    """Names that appear capitalised mid-sentence in running text (not in headlines)."""
    names = set()
    for segment in re.split(r"[\t\n]+", text):
        if _is_title_case(segment):
            continue
        for m in _NAME_RUN.finditer(segment):
            if m.start() == 0 or _SENTENCE_START.search(segment, max(0, m.start() - 3), m.start()):
                continue
            words = [_POSSESSIVE.sub("", w) for w in m.group().split()]
            key = _key(" ".join(w for w in words if len(w) > 1 and w.lower() not in _STOP))
            if key:
                names.add(key)
    return names


def mentions(claims: Sequence[Claim], articles: dict[str, Article]) -> list[Mention]:
    """One mention per comparable quantity of every claim."""
    known: dict[str, frozenset[str]] = {}
    entity: dict[str, tuple[str | None, str | None]] = {}
    out: list[Mention] = []
    for ci, claim in enumerate(claims):
        aid = claim.article_id
        if aid not in known:
            art = articles[aid]
            known[aid] = frozenset(_mid_sentence_names(art.text))
            entity[aid] = main_entity(art)
        main_surface = entity[aid][1]
        times = time_refs(claim.text)
        for qi, q in enumerate(claim.quantities):
            dim = dimension(q, claim.text)
            if dim is None:
                continue
            lo, hi = clause(claim, qi)
            role = nearest_role(claim, qi, lo, hi)
            if dim in ("year", "decade") and role != "event":
                continue  # a bare year is a time reference, not a figure to compare
            if role == "event" and dim not in ("year", "decade"):
                role = None  # "seventeen sailors died": the deaths are counted, not dated
            if is_conversion(claim, qi):
                continue  # "$1.13bn (£600m)": the figure in brackets restates the one before
            window = _masked(claim, lo, hi, target=qi)
            # a sentence that names nobody is taken to be about the article's main subject
            subject = subject_of(claim, q, known[aid], main_surface) or main_surface
            if subject and subject.lower() not in window.lower():
                window = f"{subject}: {window}"
            # a round tells round sizes apart; a valuation "after the Series C" is still the valuation
            round_name = _round_near(claim.text, q) if role in ROUND_ROLES else None
            total = role != "valuation" and bool(_TOTAL.search(claim.text))
            hedged = bool(_HEDGE.search(claim.text, 0, hi))
            periods = frozenset(_PERIOD_NAME.get(p, p) for p in
                                (m.group(1).lower() for m in _PERIOD.finditer(claim.text, lo, hi)))
            if not periods and _IN_YEAR.search(claim.text, lo, hi):
                periods = frozenset({"year"})  # "expanded by 1.7% in 2004": a whole year
            moving = q.kind == "percent" and bool(_ROLE_RX["change"].search(claim.text.lower(), lo, hi))
            own_year = {str(int(q.value))} if q.kind == "year" else set()
            out.append(Mention(
                claim=ci, quantity=qi, article_id=aid, dimension=dim, role=role, total=total, hedged=hedged, periods=periods, moving=moving,
                round=round_name, times=frozenset(times - own_year),
                subjects=frozenset({_key(subject)} if subject else ()),
                window=window, measure=_measure(dim, role, round_name, total)))
    return out


def _measure(dim: str, role: str | None, round_name: str | None, total: bool) -> str:
    kind, _, unit = dim.partition(":")
    what = role or {"money": "amount", "percent": "percentage", "count": unit, "year": "year",
                    "decade": "decade"}.get(kind, f"{kind} ({unit})" if unit else kind)
    if kind == "count" and role:
        what = f"{unit}, {role}"
    if total:
        what = f"total {what}"
    if round_name:
        named = {"LATEST": "latest round", "PREVIOUS": "previous round", "SEED": "seed round",
                 "ANGEL": "angel round", "IPO": "IPO", "PRE-IPO": "pre-IPO round"}
        what += f", {named.get(round_name, 'Series ' + round_name)}"
    return f"{what} ({unit})" if kind == "money" else what
