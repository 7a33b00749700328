"""The counted noun after a figure: "1.4m workers" -> "worker", "400 large-scale partners" ->
"partner", "one firm" -> "firm". Lower-cased and singularised."""

from __future__ import annotations

import re

from factcheck.extract.lexicon import FUNCTION_WORDS
from factcheck.extract.quantities.numbers import SCALES
from factcheck.extract.quantities.words import FRACTION_NOUNS

__all__ = ["ADJECTIVES", "COMPOUND", "NEXT_WORD", "STOP", "noun_after", "singular"]

STOP: frozenset[str] = FUNCTION_WORDS | frozenset("""
according across again ago alone already although am among any apiece are be because
been being between can could did do does done down earlier even ever every
fewer had has have having hers him how including instead into is later least
less like may me might minus must my never no nor not off onto
ours out per plus quite rather respectively said say says shall should such theirs
them thereby though through till told too until up us versus very via vs
was were where whereas whereby whom whose why will without would your
""".split())
ADJECTIVES: frozenset[str] = frozenset("""
more new other additional extra big small large major key main top leading full senior
former local foreign domestic old young high low different separate single whole further
such own first last next few many several various total overall current recent
""".split())
_UNIT_NOUNS: frozenset[str] = frozenset("""
km kg mph ft mw gw kw kwh mb gb tb lb oz mm cm sq ha staff people police personnel data
cattle equipment feet men women children
""".split())
_IRREGULAR: dict[str, str] = {
    "people": "people", "staff": "staff", "police": "police", "personnel": "personnel",
    "data": "data", "cattle": "cattle", "men": "man", "women": "woman",
    "children": "child", "feet": "foot", "teeth": "tooth", "mice": "mouse",
    "geese": "goose",
}
_IES_KEEP: frozenset[str] = frozenset(
    "series species movies cookies calories zombies ties lies pies".split())
_F_PLURALS = frozenset({"loaf", "leaf", "half", "shelf", "wolf", "calf", "thief", "self", "sheaf"})

_GAP = r"[^\S\r\n]+"
NEXT_WORD = re.compile(rf"{_GAP}([A-Za-z][A-Za-z-]*)(?:(?<=s)['’])?(?![\w'’])")
_OF = re.compile(
    rf"{_GAP}of(?:{_GAP}(?:the|these|those|its|their|our|his|her|your|my))?(?={_GAP})", re.I)
_ACRONYM_PLURAL = re.compile(r"[A-Z]{2,}s")
COMPOUND = re.compile(r"[-‐]([A-Za-z]+)(?![A-Za-z])")
# one word in scare quotes right after a figure: three "terrorists", 40 “volunteers”
_QUOTED = re.compile(rf"{_GAP}[\"“]([a-z][a-z-]*)[\"”](?![\w])")


_MEN_SINGULAR: frozenset[str] = frozenset("specimen abdomen regimen stamen acumen hymen semen bitumen".split())


def _men(w: str) -> bool:
    """Compounds of "men": "gunmen", "policemen", "congresswomen" (not "specimen")."""
    return len(w) > 4 and w.endswith("men") and w not in _MEN_SINGULAR


def _is_plural(w: str) -> bool:
    if w in _IRREGULAR or _men(w):
        return True
    return len(w) > 2 and w.endswith("s") and not w.endswith(("ss", "us", "is"))


def singular(w: str) -> str:
    """"companies" -> "company", "loaves" -> "loaf", "men" -> "man"; a singular unchanged."""
    if w in _IRREGULAR:
        return _IRREGULAR[w]
    if _men(w):
        return w[:-3] + "man"
    if w.endswith("ies") and w not in _IES_KEEP and len(w) > 4:
        return w[:-3] + "y"
    if w.endswith(("sses", "xes", "ches", "shes", "uses", "zzes")) and not w.endswith("ouses"):
        return w[:-2]
    if w.endswith("ves") and w[:-3] + "f" in _F_PLURALS:
        return w[:-3] + "f"
    if w.endswith("s") and not w.endswith(("ss", "us", "is")) and w not in _IES_KEEP:
        return w[:-1]
    return w


def _pick_noun(following: list[str], single: bool) -> str:
    """The counted noun among the words after a figure: the first plural, else (for a
    figure of one) the first plain lower-case word that is not an adjective."""
    for w in following if not single else ():
        if _ACRONYM_PLURAL.fullmatch(w):  # "GPUs", "CEOs"
            return w[:-1].lower()
        if w[0].islower() and _is_plural(w):
            return singular(w)
    for w in following:
        lw = w.lower()
        if lw in ADJECTIVES or lw.endswith("ly"):
            continue
        if lw in _UNIT_NOUNS:
            return singular(lw)
        if single and (w[0].islower() or w.isupper()) and not lw.endswith("ed"):
            return singular(lw)
        break
    return ""


def noun_after(text: str, pos: int, *, single: bool, allow_of: bool = True,
               allow_compound: bool = True) -> str:
    """The counted noun after a figure ending at ``pos``, or ""."""
    m = COMPOUND.match(text, pos)
    if m is not None:
        w = m[1].lower()
        if not allow_compound or w in STOP or w in FRACTION_NOUNS:
            return ""
        return singular(w)
    if allow_of and (m := _OF.match(text, pos)):
        pos = m.end()
    if (q := _QUOTED.match(text, pos)) and q[1] not in STOP:
        return _pick_noun([q[1]], single)
    following: list[str] = []
    while len(following) < 3 and (m := NEXT_WORD.match(text, pos)):
        lw = m[1].lower()
        if (lw in STOP and not m[1].isupper()) or lw in SCALES:
            break
        following.append(m[1])
        pos = m.end()
    return _pick_noun(following, single)


# a bare number after a verb of casualties, or "of those" such: people, by the sense of the verb
_CASUALTY = r"(?:killed|injured|wounded|hurt|arrested|detained|rescued|evacuated|hospitali[sz]ed|stabbed|shot)"
_PEOPLE_BEFORE = re.compile(rf"\b{_CASUALTY}\s+$", re.I)
_PEOPLE_AFTER = re.compile(rf"\s+of\s+(?:those|the)\s+(?:{_CASUALTY}|dead|victims)\b", re.I)
_NOUN_NEXT = re.compile(r"\s*(?:[,.;:)]|and\b|or\b|in\b|on\b|at\b|when\b|after\b|during\b|$)")


def implied_people(text: str, start: int, end: int) -> bool:
    """A bare number that counts people by its verb: "the blast killed two and wounded 30", "police
    arrested 12 on Saturday", "six of those arrested"."""
    if _PEOPLE_AFTER.match(text, end):
        return True
    return bool(_PEOPLE_BEFORE.search(text, max(0, start - 20), start)) and bool(_NOUN_NEXT.match(text, end))
