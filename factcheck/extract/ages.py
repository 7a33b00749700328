"""Ages of people: "Jane Smith, 41, said", "the 13-year-old", "aged 66", "Smith (41)". A figure
the parser reads as a bare number or a count of years becomes an ``age`` of the person named
next to it; whose age it is is the person's surname ("Kevin Deon Johnson, 24" and "Kevin
Johnson, 25" are one man's age)."""

from __future__ import annotations

import re
from dataclasses import replace

from factcheck.extract.lexicon import FUNCTION_WORDS, MONTH_WORDS, WEEKDAYS
from factcheck.records import Quantity

MAX_AGE = 120
# a name: capitalised words and nicknames in quotes ("Liberty \"Libby\" German")
_NAME = r"(?:[A-Z][\w'’.-]*|[\"“][\w'’.-]+[\"”])(?:\s+(?:[A-Z][\w'’.-]*|[\"“][\w'’.-]+[\"”]))*"
# a name, then a comma (or an opening bracket) right before the figure: "Liberty German, 14" / "German,14"
_APPOSITIVE = re.compile(rf"({_NAME})\s*(?:,|\()\s*$")
# two names, then "both" right before the figure: "Liberty German and Abigail Williams, both 13"
_BOTH = re.compile(rf"({_NAME})\s+and\s+({_NAME})\s*,\s*both\s+(?:aged\s+)?$")
_BOTH_END = re.compile(r"\bboth\s+(?:aged\s+)?$")  # checked first: most figures have no "both" before them
_AFTER_APPOSITIVE = re.compile(r"^\s*(?:[,;.)]|$|and\b|who\b|was\b|were\b|is\b|had\b|has\b|of\b|from\b)")
_YEAR_OLD = re.compile(r"^[\s-]*years?[\s-]+olds?\b", re.I)
_AGED = re.compile(r"\b(?:aged|age|ages)\s*(?:of\s+)?$", re.I)
_NAME_AFTER = re.compile(r"^[\s-]*years?[\s-]+olds?\s+((?:[A-Z][\w'’-]+\s*){1,3})")
_NOUN_AFTER = re.compile(r"^[\s-]*years?[\s-]+olds?\s+([a-z]{3,})\b")
# a name after the noun: "the 29-year-old teacher Geraldine Alcorn", "a 66-year-old retired officer John Smith"
_NAME_AFTER_NOUN = re.compile(r"^[\s-]*years?[\s-]+olds?\s+((?:[a-z][a-z-]*\s+){1,2})((?:[A-Z][\w'’-]+\s*){1,3})")
# a name, a comma and an article before the figure: "Geraldine Alcorn, a 29-year-old teacher"
_APPOSITIVE_ARTICLE = re.compile(rf"({_NAME})\s*,\s*(?:a|an|the)\s+$")
_PEOPLE = frozenset("""son sons daughter daughters boy boys girl girls man men woman women child children baby
brother sister mother father wife husband grandson granddaughter grandmother grandfather nephew niece""".split())
_ANYONE = frozenset("man men woman women".split())
_NOT_NAMES = frozenset("the a an and but he she they it his her their police officials mr mrs ms dr".split())


def age_of(text: str, q: Quantity) -> tuple[bool, str | None]:
    """Whether ``q`` in ``text`` is a person's age, and whose (a surname, lower case) when named."""
    if q.kind not in ("number", "count") or q.qualifier or not (0 < q.value <= MAX_AGE) or q.value != int(q.value):
        return False, None
    if q.kind == "count" and q.unit != "year":
        return False, None
    before, after = text[:q.start], text[q.end:]
    pair = _both(before)
    if pair and (_YEAR_OLD.match(after) or _AFTER_APPOSITIVE.match(after)):
        return True, pair[-1]
    if _YEAR_OLD.match(after):  # "a 13-year-old", "13 years old", "13-year-old Liberty German"
        return True, _year_old_of(before, after)
    if q.kind == "count":
        return False, None  # "13 years": a span of time
    return _apposed(before, after)


def _year_old_of(before: str, after: str) -> str | None:
    """Whose "N-year-old" it is: the name after it, else the name before it, else "son", "girl"..."""
    named = _NAME_AFTER.match(after)
    if named and _surname(named.group(1)):
        return _surname(named.group(1))
    m = _APPOSITIVE.search(before)
    if m:
        return _surname(m.group(1))
    who = _named_around(before, after)
    if who:
        return who
    # "her 2-year-old son": the son's age, whoever is named before; "a 29-year-old man" is anyone's
    # (a shooting's victim and its suspect are both "a man")
    noun = _NOUN_AFTER.match(after)
    return noun.group(1).lower() if noun and noun.group(1).lower() in _PEOPLE - _ANYONE else None


def _named_around(before: str, after: str) -> str | None:
    """The surname of "the 29-year-old teacher Geraldine Alcorn" (a person's noun, then a first name
    and a surname) or of "Geraldine Alcorn, a 29-year-old teacher"; None for "the 62-year-old sang Hey
    Jude", "the 31-year-old former France international" or "in Athens, the 34-year-old"."""
    m = _NAME_AFTER_NOUN.match(after)
    if m and _a_persons_noun(m.group(1).split()) and len(_name_words(m.group(2))) > 1:
        return _surname(m.group(2))
    m = _APPOSITIVE_ARTICLE.search(before)
    if m and not _after_preposition(before, m.start(1)):
        return _surname(m.group(1))
    return None


# nouns of people, beyond those ending like one ("teacher", "actor", "student", "journalist")
_PERSONS = _PEOPLE | frozenset("""gunman gunmen chief star veteran nurse suspect victim officer pilot chef
spokesman spokeswoman businessman businesswoman congressman congresswoman policeman actress heiress
host guard cop pupil kid teen teenager youth adult rookie captain coach""".split())
_AGENT = re.compile(r"[a-z]{2,}(?:er|or|ist|ian|ent|ant)$")


def _a_persons_noun(words: list[str]) -> bool:
    """The words are a person's noun, with at most one word before it ("teacher", "military veteran")."""
    return (not any(w in FUNCTION_WORDS for w in words)
            and (words[-1] in _PERSONS or bool(_AGENT.match(words[-1]))))


_WORD_BEFORE = re.compile(r"([A-Za-z]+)\W*$")


def _after_preposition(text: str, at: int) -> bool:
    """The word before ``at`` is a function word: "in Athens, the 34-year-old" names a place."""
    m = _WORD_BEFORE.search(text, max(0, at - 30), at)
    return m is not None and m.group(1).lower() in FUNCTION_WORDS


def _apposed(before: str, after: str) -> tuple[bool, str | None]:
    """A bare number after "aged" or after a name and a comma: "Smith, aged 66", "Liberty German, 14, and"."""
    aged = _AGED.search(before)
    if aged:  # "Smith, aged 66", "at age 41"
        m = _APPOSITIVE.search(before[:aged.start()])
        return True, _surname(m.group(1)) if m else None
    m = _APPOSITIVE.search(before)  # "Liberty German, 14, and ...", "Smith (41)"
    if m and _AFTER_APPOSITIVE.match(after):
        who = _surname(m.group(1))
        if who:
            return True, who
    return False, None


def whose_all(text: str, q: Quantity) -> frozenset[str]:
    """The surnames of everyone whose age ``q`` is: both of "Liberty German and Abigail Williams,
    both 13", the one of "Jane Smith, 41", none for an unnamed age or a figure that is no age."""
    is_age, whose = age_of(text, q)
    return everyone(text, q, whose) if is_age else frozenset()


def everyone(text: str, q: Quantity, whose: str | None) -> frozenset[str]:
    """``whose_all`` for an age whose ``age_of`` is known already (``whose``, the last person named)."""
    return frozenset(_both(text[:q.start]) or (whose,)) if whose else frozenset()


def _both(before: str) -> tuple[str, ...]:
    """The two surnames of "A and B, both" ending ``before``; () when it does not, or a name has no surname."""
    m = _BOTH.search(before) if _BOTH_END.search(before, max(0, len(before) - 16)) else None
    if m is None:
        return ()
    names = (_surname(m.group(1)), _surname(m.group(2)))
    return (names[0], names[1]) if names[0] and names[1] else ()


def exact_ages(text: str, quantities: tuple[Quantity, ...]) -> tuple[Quantity, ...]:
    """``quantities`` with each person's age read as a whole number of years: "Dwight Smith, 30"
    is 30, not a round number that may stand for anything from 25.5 to 34.5 (a count's rounding)."""
    return tuple(replace(q, low=q.value - 0.49, high=q.value + 0.49) if q.high - q.low > 0.98 and age_of(text, q)[0]
                 else q for q in quantities)


def given_name(text: str, q: Quantity) -> str | None:
    """The first name of the person whose age ``q`` is, when the text gives one ("Erin" in "Erin
    Stoffel, 32"): a surname names a family, so two ages of one surname are one person's only
    when their first names agree."""
    before, after = text[:q.start], text[q.end:]
    named = _NAME_AFTER.match(after) if _YEAR_OLD.match(after) else None
    m = named or _APPOSITIVE.search(before[:a.start()] if (a := _AGED.search(before)) else before)
    words = _name_words(m.group(1)) if m else []
    return words[0].lower() if len(words) > 1 else None


def _name_words(name: str) -> list[str]:
    words = [w.strip("\"“”'’.") for w in name.split() if not w.startswith(("\"", "“"))]  # nicknames out
    return [w for w in words if w and w.lower() not in _NOT_NAMES and w[0].isupper()
            and w.lower() not in MONTH_WORDS and w.lower() not in WEEKDAYS]


def _surname(name: str) -> str | None:
    words = _name_words(name)
    return words[-1].lower() if words else None
