"""The perturbation benchmark: BBC articles each paired with a copy where one figure was changed.

    .venv/bin/python bench/perturb.py [--corpus PATH] [--per-cell 100] [--split dev|test|all] [--show N]

Builds, from the BBC corpus read in place (../shared/benchmarks/bbc_news, or
$FACTCHECK_SHARED/benchmarks; its text is never written anywhere), pairs of (original article,
perturbed copy). One sentence of the copy is changed:

- **planted changes** (must flag), each in two forms: ``identical`` (the sentence is otherwise
  word for word the same) and ``reworded`` (the sentence is also lightly reworded: attribution
  moved, a verb swapped, a time clause moved to the front):
  ``tenfold`` (£3.2m → £32m), ``digits`` (two leading digits swapped: 45% → 54%, 1,234 → 2,134),
  ``scale`` (m ↔ bn, million ↔ billion), ``year`` (a year or decade shifted: 2003 → 2004,
  1970s → 1980s), ``ordinal`` (fifth → sixth, 21st → 22nd), ``percent`` (13% → 20%);
- **equivalent rewrites** (must not flag): ``eq_words`` (1.4m ↔ 1.4 million), ``eq_millions``
  ($1.5bn → $1,500m), ``eq_percent`` (13% ↔ 13 per cent), ``eq_number`` (two million ↔
  2,000,000, 5 people → five people), ``eq_reworded`` (reworded, no figure changed).

Held-out split, fixed before any score was looked at: an article is in **test** when
``int(sha1(key).hexdigest(), 16) % 5 == 0``, where ``key`` is the article's id (e.g.
``business/001.txt``), or, for an article whose text is the same as an earlier one's, that
earlier article's id (so a story filed twice never sits on both sides). Everything else is
**dev**. Thresholds and classifiers are chosen on dev only; test is reported, never tuned on.

Which articles and sentences are used is seeded by the article key (``random.Random(sha1)``),
so the set is the same on every run and machine. Each (kind, form, split) cell holds at most
``--per-cell`` pairs, one per article, drawn in a seeded order.

``pairs()`` yields the ``Perturbation`` records; ``examples()`` yields them as labelled
training examples (the pair of texts and the character spans of the figures that must flag).
``bench/eval_perturb.py`` runs the tool on them.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import re
import sys
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("FACTCHECK_SHARED", ROOT.parent / "shared"))
CORPUS = SHARED / "benchmarks" / "bbc_news" / "bbc_articles.jsonl"

CHANGES = ("tenfold", "digits", "scale", "year", "ordinal", "percent")
EQUIVALENTS = ("eq_words", "eq_millions", "eq_percent", "eq_number", "eq_reworded")
FORMS = ("identical", "reworded")
PER_CELL = 100

OPEN, CLOSE = "\x01", "\x02"  # mark the changed figure while the sentence is reworded


@dataclass(frozen=True)
class Perturbation:
    article: str  # BBC article id
    split: str  # "dev" | "test"
    kind: str  # one of CHANGES or EQUIVALENTS
    form: str  # "identical" | "reworded"
    a_text: str  # the original article
    b_text: str  # the copy, one sentence changed
    a_span: tuple[int, int]  # the figure as it was, in a_text
    b_span: tuple[int, int]  # the figure as it is now, in b_text
    must_flag: bool

    @property
    def a_figure(self) -> str:
        return self.a_text[self.a_span[0]:self.a_span[1]]

    @property
    def b_figure(self) -> str:
        return self.b_text[self.b_span[0]:self.b_span[1]]


@dataclass(frozen=True)
class Example:
    """A labelled pair for training or calibration: which figures must flag (none for an equivalent)."""

    a_text: str
    b_text: str
    must_flag: tuple[tuple[tuple[int, int], tuple[int, int]], ...]  # (span in a_text, span in b_text)
    kind: str
    form: str
    split: str


# ----------------------------------------------------------------------------- the split

def split_of(key: str) -> str:
    return "test" if int(hashlib.sha1(key.encode("utf-8")).hexdigest(), 16) % 5 == 0 else "dev"


def read_corpus(path: Path) -> list[tuple[str, str, str]]:
    """(article id, split key, text) for each article, in file order."""
    out, first = [], {}
    with path.open(encoding="utf-8") as f:
        for line in f:
            rec = json.loads(line)
            key = first.setdefault(rec["text"], rec["id"])
            out.append((rec["id"], key, rec["text"]))
    return out


# ----------------------------------------------------------------------------- the changes

# a figure: never inside an HTML character reference ("&#243;": the text decodes it to a letter)
# and never part of a hyphenated word ("Under-21", "200-yard", "42-18") or of a longer number
_NUM = r"(?<![\w.,#-])(?P<num>\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)"
# "m" is millions after a currency sign or before a plural noun ("1.4m workers"), never metres ("60m hurdles")
_SCALE = r"(?P<scale>(?<=[$£€]\d)m|(?<=[$£€]\d\d)m|(?<=[$£€]\d\d\d)m|(?<=[$£€][\d.]{3})m|(?<=[$£€][\d.]{4})m" \
    r"|m(?= (?!hurdles|metres|race|freestyle|relay|breaststroke|backstroke|butterfly)[a-z]+s\b)|bn| million| billion)"
_SCALED = re.compile(_NUM + _SCALE + r"\b(?!-)")
_MONTHS = r"(?:January|February|March|April|May|June|July|August|September|October|November|December)"
# a count or an amount, never a day of the month ("on 27 February", "February 27") or a clock time ("1030 GMT")
_COUNTED = re.compile(_NUM + _SCALE + rf"?(?![\w.,-]?\d)(?![-\w])(?!%| per ?cent| {_MONTHS}| ?GMT)")
_PERCENT = re.compile(_NUM + r"(?P<scale>%| per cent| percent)(?!-)")
_YEAR = re.compile(r"(?<![\w.,$£€#])(?P<num>(?:19[5-9]|20[0-2])\d)(?P<scale>s|'s)?(?![\w,.]\d|\d|%)")
_ORD_WORDS = ("first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth thirteenth "
              "fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth twentieth").split()
_ORDINAL = re.compile(r"\b(?P<num>(?:" + "|".join(_ORD_WORDS[1:19]) + r")|\d+(?:st|nd|rd|th))\b", re.I)
_WORDS = "zero one two three four five six seven eight nine ten eleven twelve".split()
_NUMBER_WORD = re.compile(r"\b(?P<num>" + "|".join(_WORDS[2:10]) + r") (?P<scale>million|billion)\b", re.I)
_SMALL_INT = re.compile(r"(?<![\w.,£$€#-])(?P<num>[2-9]|1[0-2])(?= [a-z]{3,})(?! (?:per|percent|years? old|[ap]\.?m\b))")


def _dated(s: str, m: re.Match[str]) -> bool:
    """A day of the month written after its month: "February 27"."""
    return bool(re.search(rf"{_MONTHS} $", s[:m.start()]))


def _is_year(num: str) -> bool:
    return bool(re.fullmatch(r"(?:1[89]|20)\d\d", num))


def _fmt(d: Decimal, like: str) -> str:
    """``d`` written like ``like``: thousands commas when it had them, as many decimals as needed."""
    s = format(d.normalize(), "f")
    if "." in s:
        s = s.rstrip("0").rstrip(".")
    if "," in like:
        whole, _, frac = s.partition(".")
        s = f"{int(whole):,}" + (f".{frac}" if frac else "")
    return s


def _ordinal(n: int) -> str:
    return f"{n}{'th' if 10 <= n % 100 <= 20 else {1: 'st', 2: 'nd', 3: 'rd'}.get(n % 10, 'th')}"


Change = tuple[int, int, str]  # span of the sentence to replace, and the replacement


def _tenfold(s: str) -> list[Change]:
    out = []
    for m in _COUNTED.finditer(s):
        num = m["num"]
        if _is_year(num) or _dated(s, m) or (not m["scale"] and Decimal(num.replace(",", "")) < 20):
            continue
        new = _fmt(Decimal(num.replace(",", "")) * 10, num)
        out.append((m.start("num"), m.end("num"), new))
    return out


def _digits(s: str) -> list[Change]:
    out = []
    for rx in (_COUNTED, _PERCENT):
        for m in rx.finditer(s):
            num = m["num"]
            digits = [i for i, ch in enumerate(num) if ch.isdigit()]
            if _is_year(num) or _dated(s, m) or len(digits) < 2 or num[digits[0]] == num[digits[1]] or num[digits[1]] == "0":
                continue
            chars = list(num)
            chars[digits[0]], chars[digits[1]] = chars[digits[1]], chars[digits[0]]
            out.append((m.start("num"), m.end("num"), "".join(chars)))
    return out


def _scale(s: str) -> list[Change]:
    swap = {"m": "bn", "bn": "m", " million": " billion", " billion": " million"}
    return [(m.start("scale"), m.end("scale"), swap[m["scale"]]) for m in _SCALED.finditer(s)]


def _year(s: str) -> list[Change]:
    out = []
    for m in _YEAR.finditer(s):
        step = 10 if m["scale"] and m["num"].endswith("0") else 1  # "1970s" is a decade, "2004's" a year
        out.append((m.start("num"), m.end("num"), str(int(m["num"]) + step)))
    return out


# "second" as a unit of time, never a rank: "per second", "every second"
_TIME_SECOND = re.compile(r"\b(?:per|every|each|a split|a fraction of a)\s+$", re.I)


def _ordinal_shift(s: str) -> list[Change]:
    out = []
    for m in _ORDINAL.finditer(s):
        w = m["num"]
        if w.lower() == "second" and _TIME_SECOND.search(s, 0, m.start()):
            continue
        if w[0].isdigit():
            new = _ordinal(int(re.match(r"\d+", w)[0]) + 1)  # type: ignore[index]
        else:
            new = _ORD_WORDS[_ORD_WORDS.index(w.lower()) + 1]
            new = new.capitalize() if w[0].isupper() else new
        out.append((m.start("num"), m.end("num"), new))
    return out


def _percent(s: str) -> list[Change]:
    out = []
    for m in _PERCENT.finditer(s):
        v = Decimal(m["num"])
        step = max(Decimal(2), v / 2)
        new = (v + step).quantize(Decimal(1) if "." not in m["num"] else Decimal("0.1"))
        out.append((m.start("num"), m.end("num"), _fmt(new, m["num"])))
    return out


def _eq_words(s: str) -> list[Change]:
    swap = {"m": " million", "bn": " billion", " million": "m", " billion": "bn"}
    return [(m.start("scale"), m.end("scale"), swap[m["scale"]]) for m in _SCALED.finditer(s)]


def _eq_millions(s: str) -> list[Change]:
    out = []
    for m in _SCALED.finditer(s):
        if m["scale"] in ("bn", " billion"):
            millions = _fmt(Decimal(m["num"].replace(",", "")) * 1000, ",")
            out.append((m.start("num"), m.end("scale"), millions + ("m" if m["scale"] == "bn" else " million")))
    return out


def _eq_percent(s: str) -> list[Change]:
    swap = {"%": " per cent", " per cent": "%", " percent": "%"}
    return [(m.start("scale"), m.end("scale"), swap[m["scale"]]) for m in _PERCENT.finditer(s)]


# the second bound of a range that shares its scale: "between three and four million" is 3m-4m,
# so "four million" -> "4,000,000" would leave "three" a bare 3: no equivalent rewrite
_SHARED_SCALE = re.compile(r"(?:\b(?:" + "|".join(_WORDS) + r")|\d)(?: (?:and|to|or) |-)$", re.I)


def _eq_number(s: str) -> list[Change]:
    out = []
    for m in _NUMBER_WORD.finditer(s):
        if _SHARED_SCALE.search(s, 0, m.start()):
            continue
        zeros = ",000,000" if m["scale"].lower() == "million" else ",000,000,000"
        out.append((m.start(), m.end(), f"{_WORDS.index(m['num'].lower())}{zeros}"))
    for m in _SCALED.finditer(s):
        if re.fullmatch(r"\d{1,3}", m["num"]) and m["scale"] in ("m", " million") and not s[:m.start()].endswith(
                ("$", "£", "€")) and not _SHARED_SCALE.search(s, 0, m.start()):
            out.append((m.start(), m.end(), f"{int(m['num']):,},000,000"))
    for m in _SMALL_INT.finditer(s):
        out.append((m.start(), m.end(), _WORDS[int(m["num"])]))
    return out


PLANTERS: dict[str, Callable[[str], list[Change]]] = {
    "tenfold": _tenfold, "digits": _digits, "scale": _scale, "year": _year, "ordinal": _ordinal_shift,
    "percent": _percent, "eq_words": _eq_words, "eq_millions": _eq_millions, "eq_percent": _eq_percent,
    "eq_number": _eq_number,
}


# ----------------------------------------------------------------------------- light rewording

_WHO = r"(?:he|she|they|it|police|officials|analysts|experts|the (?:\w+ )?\w+|[A-Z][\w'’.-]*(?: [A-Z][\w'’.-]*){0,3})"
_SAID_END = re.compile(rf"^(?P<body>[^\"“”]+?),? (?P<who>{_WHO}) (?P<verb>said|says|added|reported|warned)\.$")
_SAID_START = re.compile(rf"^(?P<who>{_WHO}) (?P<verb>said|says|added|reported|warned) (?:that )?(?P<body>[^\"“”]+)\.$")
_TIME_END = re.compile(
    r"^(?P<body>.+?),? (?P<when>(?:in|on|during) (?:the )?(?:(?:first|second|third|fourth|last) "
    r"(?:quarter|half)|(?:January|February|March|April|May|June|July|August|September|October|November|December)"
    r"(?: \d{4})?|(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)|\x01?\d{4}\x02?)|last year|"
    r"this year|last week|this week)\.$")
_VERBS = {"rose": "climbed", "climbed": "rose", "fell": "dropped", "dropped": "fell", "increased": "grew",
          "grew": "increased", "said": "stated", "reached": "hit", "hit": "reached", "expects": "predicts",
          "predicts": "expects", "bought": "acquired", "won": "claimed", "cut": "reduced", "announced": "unveiled",
          "reported": "posted", "made": "earned", "paid": "spent", "spent": "paid", "raised": "lifted",
          "jumped": "leapt", "slumped": "slid", "sold": "shifted", "lost": "shed", "boosted": "lifted",
          "attracted": "drew", "received": "got",
          "estimated": "put", "totalled": "reached"}
_LOWER_START = re.compile(r"^(?:The|A|An|Its|It|This|These|Shares|Sales|Profits|Some|About|More|Up|Over|Almost)\b")


def _lower_first(s: str) -> str:
    return s[0].lower() + s[1:] if _LOWER_START.match(s) else s


def _upper_first(s: str) -> str:
    i = 1 if s[:1] == OPEN else 0
    return s[:i] + s[i:i + 1].upper() + s[i + 1:]


def reword(sentence: str, rng: random.Random) -> str | None:
    """A light rewording: one structural move (attribution or a time clause) and/or a verb swap."""
    out, changed = sentence, False
    m = _SAID_END.match(out)
    if m and len(m["body"]) > 20:
        who = m["who"] if m["who"][0].isupper() and m["who"].split()[0] not in ("The",) else m["who"].capitalize()
        out = f"{who} {m['verb']} {_lower_first(m['body'])}."
        changed = True
    elif (m := _SAID_START.match(out)) and len(m["body"]) > 20:
        common = m["who"].split()[0].lower() in ("he", "she", "they", "it", "the", "police", "officials", "analysts",
                                                  "experts")
        who = m["who"][0].lower() + m["who"][1:] if common else m["who"]
        out = f"{_upper_first(m['body'])}, {who} {m['verb']}."
        changed = True
    elif (m := _TIME_END.match(out)) and len(m["body"].split()) >= 6:
        out = f"{_upper_first(m['when'])}, {_lower_first(m['body'])}."
        changed = True
    # a verb in the past or present tense, not a participle ("has increased", "an estimated")
    verb = r"(?<!\bhas )(?<!\bhave )(?<!\bhad )(?<!\bbeen )(?<!\bbe )(?<!\bwas )(?<!\bwere )(?<!\ban )(?<!\bis )\b{}\b"
    verbs = [v for v in _VERBS if re.search(verb.format(v), out)]
    if verbs:
        v = rng.choice(sorted(verbs))
        out = re.sub(verb.format(v), _VERBS[v], out, count=1)
        changed = True
    return out if changed and out != sentence else None


# ----------------------------------------------------------------------------- building pairs

def _sentences(text: str) -> list[tuple[int, int]]:
    from factcheck.extract.sentences import split
    out, pos = [], 0
    for line in text.split("\n"):
        if line.strip():
            out.extend(split(text, pos, pos + len(line)))
        pos += len(line) + 1
    return out


def _make(article: str, split: str, kind: str, form: str, text: str, s: int, e: int,
          change: Change | None, rng: random.Random) -> Perturbation | None:
    sentence = text[s:e]
    if change is None:  # eq_reworded: no figure changed; the span is the whole sentence
        marked = OPEN + sentence + CLOSE
    else:
        lo, hi, new = change
        marked = sentence[:lo] + OPEN + new + CLOSE + sentence[hi:]
    if form == "reworded" or kind == "eq_reworded":
        inner = marked[1:-1] if change is None else marked
        r = reword(inner, rng)
        if r is None:
            return None
        marked = OPEN + r + CLOSE if change is None else r
    i, j = marked.index(OPEN), marked.index(CLOSE)
    new_sentence = marked.replace(OPEN, "").replace(CLOSE, "")
    b_text = text[:s] + new_sentence + text[e:]
    a_span = (s, e) if change is None else (s + change[0], s + change[1])
    b_span = (s + i, s + j - 1)
    return Perturbation(article, split, kind, form, text, b_text, a_span, b_span, kind in CHANGES)


def _candidates(article: str, split: str, text: str, kind: str, form: str,
                rng: random.Random) -> Perturbation | None:
    sents = _sentences(text)
    rng.shuffle(sents)
    for s, e in sents:
        if kind == "eq_reworded":
            if not re.search(r"\d", text[s:e]):
                continue
            p = _make(article, split, kind, "reworded", text, s, e, None, rng)
        else:
            changes = PLANTERS[kind](text[s:e])
            if not changes:
                continue
            p = _make(article, split, kind, form, text, s, e, rng.choice(changes), rng)
        if p is not None and p.a_text != p.b_text:
            return p
    return None


def pairs(corpus: Path = CORPUS, per_cell: int = PER_CELL, splits: tuple[str, ...] = ("dev", "test"),
          kinds: tuple[str, ...] = CHANGES + EQUIVALENTS) -> Iterator[Perturbation]:
    """Every pair of the benchmark, cell by cell (kind, form, split), deterministic."""
    articles = read_corpus(corpus)
    for split in splits:
        mine = [(aid, key, text) for aid, key, text in articles if split_of(key) == split]
        for kind in kinds:
            for form in (FORMS if kind in CHANGES else ("identical",)):
                seed = f"{split}/{kind}/{form}"
                order = sorted(mine, key=lambda a: hashlib.sha1(f"{seed}/{a[0]}".encode()).hexdigest())
                n = 0
                for aid, _key, text in order:
                    if n >= per_cell:
                        break
                    rng = random.Random(hashlib.sha1(f"{seed}/{aid}".encode()).hexdigest())
                    p = _candidates(aid, split, text, kind, form if kind != "eq_reworded" else "reworded", rng)
                    if p is not None:
                        n += 1
                        yield p


def examples(corpus: Path = CORPUS, per_cell: int = PER_CELL, splits: tuple[str, ...] = ("dev",)) -> Iterator[Example]:
    """The pairs as labelled training examples; the default is the dev split only."""
    for p in pairs(corpus, per_cell, splits):
        flag = ((p.a_span, p.b_span),) if p.must_flag else ()
        yield Example(p.a_text, p.b_text, flag, p.kind, p.form, p.split)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=CORPUS)
    ap.add_argument("--per-cell", type=int, default=PER_CELL)
    ap.add_argument("--split", choices=("dev", "test", "all"), default="all")
    ap.add_argument("--show", type=int, default=0, help="print N changed sentences of each cell (to read them)")
    args = ap.parse_args()
    if not args.corpus.exists():
        sys.exit(f"corpus not found: {args.corpus} (it lives in ../shared/benchmarks/)")
    splits = ("dev", "test") if args.split == "all" else (args.split,)
    cells: dict[tuple[str, str, str], list[Perturbation]] = defaultdict(list)
    for p in pairs(args.corpus, args.per_cell, splits):
        cells[(p.split, p.kind, p.form)].append(p)
    for (split, kind, form), ps in cells.items():
        print(f"{split:5} {kind:12} {form:10} {len(ps):4} pairs")
        for p in ps[:args.show]:
            lo, hi = p.b_span
            a0 = p.a_text.rfind("\n", 0, p.a_span[0]) + 1
            print(f"   {p.article}: {p.a_figure!r} -> {p.b_figure!r}")
            print(f"      B: {p.b_text[max(a0, lo - 120):hi + 80]!r}")


if __name__ == "__main__":
    main()
