"""Whose figure it is: the named things in a sentence and an article, and the subject of a
figure (the nearest name before it; "The company..." is the article's main subject)."""

from __future__ import annotations

import re
from collections import Counter

from factcheck.extract.lexicon import FUNCTION_WORDS, MONTH_WORDS, NUMBER_WORDS, WEEKDAYS
from factcheck.records import Article, Claim, Quantity

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
# Words that never name who a figure is about.
STOP_WORDS = (FUNCTION_WORDS | NUMBER_WORDS | MONTH_WORDS | frozenset(WEEKDAYS) | frozenset("""
almost around however many more nearly some
mr mrs ms dr prof inc ltd co corp plc group company firm ai ceo chief executive officer chairman president
according meanwhile last next new first second third said says thanks
""".split()))
_LEADING_CLAUSE = re.compile(r"^(?:Since|Founded|Established|Set up|Launched|Born|In|By|As of|After|Before)\b[^,]{0,80},\s*")
# "The company...", "The Chinese AI researcher and developer...", "It...": the article's subject
_ORG_NOUN = (r"(?:company|firm|group|startup|start-up|business|bank|chain|retailer|carrier|operator|maker|"
             r"manufacturer|developer|researcher|giant|unicorn|insurer|airline|lender|broadcaster|network|"
             r"studio|label|publisher|brand|unit|club|side|team|government|agency|band|singer|star|player)")
_DEFINITE = re.compile(rf"^(?:(?:the|this) (?:[\w-]+ ){{0,3}}{_ORG_NOUN}\b|(?:it|its|they|their|he|his|she|her)\b)", re.I)


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
    names = [n for n in proper_matches(claim.text[:q.start], known) if name_key(n) not in _DEMONYMS]
    for name in reversed(names):
        if name_key(name) not in _PLACES and name.lower() not in _PLACES:
            return name
    if names:
        return names[-1]
    return fallback if _DEFINITE.match(claim.text) else None


def name_key(name: str) -> str:
    """A name as compared: lower case, no spaces ("Time Warner" -> "timewarner")."""
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
        if at_start and raw and raw[0].lower() in STOP_WORDS:
            raw, at_start = raw[1:], False  # "For Thailand, ..." names Thailand
        words = [w for w in raw if len(w) > 1 and w.lower() not in STOP_WORDS]
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


def known_names(text: str) -> set[str]:
    """Names that appear capitalised mid-sentence in running text (not in headlines)."""
    names = set()
    for segment in re.split(r"[\t\n]+", text):
        if _is_title_case(segment):
            continue
        for m in _NAME_RUN.finditer(segment):
            if m.start() == 0 or _SENTENCE_START.search(segment, max(0, m.start() - 3), m.start()):
                continue
            words = [_POSSESSIVE.sub("", w) for w in m.group().split()]
            key = name_key(" ".join(w for w in words if len(w) > 1 and w.lower() not in STOP_WORDS))
            if key:
                names.add(key)
    return names
