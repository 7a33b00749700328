"""Ages of people: "Jane Smith, 41, said", "the 13-year-old", "aged 66", "Smith (41)". A figure
the parser reads as a bare number or a count of years becomes an ``age`` of the person named
next to it; whose age it is is the person's surname ("Kevin Deon Johnson, 24" and "Kevin
Johnson, 25" are one man's age)."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
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


# -- "the 28-year-old" after its person was named: news style refers back to the story's main person

_THE_BEFORE = re.compile(r"(?:^|[.!?:;,\"“”]\s*|\b(?:said|says|and|but|while|when|as|after|before|because|although"
                         r"|though|since|until|that|where|then)\s+)[Tt]he\s+$")
_VERB_AFTER = re.compile(
    r"^[\s-]*years?[\s-]+olds?(?:\s*(?:[,.;:)]|['’]s\b|$)|\s+(?:has|had|is|was|will|would|could|can|may|might|must"
    r"|should|did|does|then|also|now|still|who|[a-z]+ed|[a-z]+ly|says|said|told|tells|admits|believes|insists|plays"
    r"|takes|faces|remains|joins|becomes|hopes|wants|won|took|lost|left|spent|came|went|began|thought|knew|got|gave"
    r"|made|met|ran|sat|led|saw|hit|shot|fled|fell)\b)")
_NOUN_THEN = re.compile(r"^[\s-]*years?[\s-]+olds?\s+((?:[a-z][a-z-]*\s+)?[a-z][a-z-]*)\b(?!['’]s)")
_SPEECH = (r"(?:said|says|told|tells|added|adds|explained|wrote|writes|admitted|admits|insisted|insists|testified"
           r"|recalled|noted|argued|stated)")
_TITLED = re.compile(r"\b(?:Mr|Mrs|Ms|Miss|Dr|Sen|Rep|Gov|Sgt|Det|Officer|Judge)\.?\s+(?:[A-Z][\w'’-]+\s+)?([A-Z][\w'’-]+)")
# overlapping: "Ms Geraldine Alcorn" holds "Ms Geraldine" and "Geraldine Alcorn"
_FULL_NAME = re.compile(r"\b(?=([A-Z][a-z][\w'’-]*)\s+(?:[A-Z]\.\s+)?([A-Z][a-z][\w'’-]*)\b)")
_WORD = re.compile(r"[^\W\d_][\w-]*")  # "Alcorn's" holds "Alcorn", "Garcia-Lopez" is one word
_PREVIOUS = 300  # characters of the paragraph before a sentence where its person was last named


def main_person(text: str) -> str | None:
    """The article's main person, as a surname: the person named by first name and surname whose
    surname the article gives at least twice as often as any other's, and who is shown to be a
    person (quoted, titled, or given an age by name); None when no one stands out."""
    full = {sur for first, sur in _FULL_NAME.findall(text)
            if first.lower() not in _NOT_NAMES | FUNCTION_WORDS and _name_words(f"{first} {sur}") == [first, sur]}
    words = Counter(_WORD.findall(text))
    counts = sorted(((words[s], s) for s in full), reverse=True)
    if not counts or (len(counts) > 1 and counts[0][0] < 2 * counts[1][0]):
        return None
    top = counts[0][1]
    who = re.escape(top)
    person = (re.search(rf"\b{who}(?:,[^,.]{{1,60}},)?\s+{_SPEECH}\b|\b{_SPEECH},?\s+(?:[A-Z][\w'’-]+\s+)*{who}\b"
                        rf"|\baccording to (?:[A-Z][\w'’-]+\s+)*{who}\b", text)
              or top in _TITLED.findall(text)
              or re.search(rf"\b{who}\s*,\s*(?:aged\s+)?\d{{1,3}}\s*,|\d{{1,3}}-year-old\s+(?:[A-Z][\w'’-]+\s+)+{who}\b",
                           text))
    return top.lower() if person else None


def antecedent(text: str, at: int, sentence: str, q: Quantity, main: Callable[[], str | None]) -> str | None:
    """Whose "the 28-year-old" is when its sentence names nobody: the article's main person
    (``main()``, ``main_person``'s, asked only once the sentence reads as one) when the sentence starts a clause with it ("The 28-year-old was
    well-liked", "said the 31-year-old", "The 25-year-old singer is") and the person was named just
    before (in the sentence, or in the paragraph's previous sentence). ``text``: the article, ``at``:
    where ``sentence`` starts in it. None for "the 11-year-old" as an object ("brought the
    11-year-old home"), after "X says" (the speaker is someone else), or before another noun."""
    before, after = sentence[:q.start], sentence[q.end:]
    if not _THE_BEFORE.search(before[-40:]):
        return None
    noun = _NOUN_THEN.match(after)
    words = noun.group(1).split() if noun else []
    if not _VERB_AFTER.match(after) and not any(_a_persons_noun(words[:k]) for k in (1, 2) if len(words) >= k):
        return None
    person = main()
    if person is None:
        return None
    paragraph = text.rfind("\n", 0, at) + 1
    previous = re.split(r"(?<=[.!?])\s+", text[max(paragraph, at - _PREVIOUS):at].strip())[-1]
    said = re.compile(rf"(?<![\w-]){re.escape(person)}(?![\w-])", re.I)
    if not said.search(f"{previous} {before}"):
        return None
    if re.search(rf"{re.escape(person)}\s+(?:\w+\s+)?(?:{_SPEECH}|revealed|believes|thinks)\s+(?:that\s+)?[Tt]he\s+$",
                 before, re.I):
        return None  # "Smith says the 24-year-old should lead": someone else
    return person
