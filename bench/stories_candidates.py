"""Candidate pairs of figures for hand labelling, made independently of factcheck (standard library only).

Follows ../shared/benchmarks/multinews_dev/LABELLING.md section 1: for every story, every pair of its
articles, every pair of sentences (one from each) where both hold a figure, score the pair by shared content
words (stop words and numbers left out). Keep pairs sharing >= 2 content words whose figures are not all
identical strings (the best OVERLAP_KEEP a story), plus pairs with little overlap where a figure in each is
next to the same noun or unit (NOUN_KEEP a story). Years used only as dates are skipped. Output is sorted and
deterministic; each row carries its story's split (held-out when sha1(story) % 10 < 3), fixed before any
label or score is looked at.

    python3 bench/stories_candidates.py [--articles PATH] [--out PATH] [--pass2] [--pass4 [--pass4b]]

--pass2 and --pass4 write later passes enriched for disagreements (see docs/STORIES_LABELS.md); --pass4 reads
bench/data/stories_labels.jsonl only to leave out pairs labelled in passes 1-3, so a rerun gives the same file.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import sys
from collections import defaultdict
from collections.abc import Callable
from itertools import combinations
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("FACTCHECK_SHARED", ROOT.parent / "shared"))
DEFAULT_ARTICLES = SHARED / "benchmarks" / "multinews_dev" / "articles.jsonl"
DEFAULT_OUT = ROOT / "bench" / "data" / "stories_candidates.jsonl"
PASS2_OUT = ROOT / "bench" / "data" / "stories_candidates_pass2.jsonl"
PASS4_OUT = ROOT / "bench" / "data" / "stories_candidates_pass4.jsonl"
PASS4B_OUT = ROOT / "bench" / "data" / "stories_candidates_pass4b.jsonl"
LABELS_FILE = ROOT / "bench" / "data" / "stories_labels.jsonl"

OVERLAP_KEEP = 14     # best overlap pairs kept a story
NOUN_KEEP = 6         # pairs kept a story for a figure followed by the same noun, little overlap otherwise
PER_SENTENCE = 3      # one sentence appears in at most this many candidates of a story (variety)
MIN_SHARED = 2
PASS2_KEEP = 8        # second pass: pairs a story where a figure in each is next to the same noun, values differ
PASS2_PER_SENTENCE = 2
PASS4_KEEP = 6        # fourth pass: pairs of figures a story whose values differ and whose nearby words agree
PASS4_PER_SENTENCE = 2
PASS4_WINDOW = 6      # words either side of a figure that make its context


Row = dict[str, object]


def take(pool: list[tuple[tuple[object, ...], Row]], per_sentence: int, keep: int,
         starts: tuple[str, str] = ("start_a", "start_b"), also: Callable[[Row], bool] | None = None) -> list[Row]:
    """The best ``keep`` rows of ``pool`` (sorted by their keys, in place), each sentence (an article and
    the ``starts`` field's offset) in at most ``per_sentence`` of them; ``also``: a further test of a row
    that passes that bound, which may note the row as kept (it is, when the test passes)."""
    pool.sort(key=lambda x: x[0])
    used: dict[tuple[str, int], int] = defaultdict(int)
    out: list[Row] = []
    for _, row in pool:
        ka, kb = (str(row["a"]), int(row[starts[0]])), (str(row["b"]), int(row[starts[1]]))  # type: ignore[call-overload]
        if used[ka] >= per_sentence or used[kb] >= per_sentence or (also is not None and not also(row)):
            continue
        used[ka] += 1
        used[kb] += 1
        out.append(row)
        if len(out) >= keep:
            break
    return out


def new_figures() -> Callable[[Row], bool]:
    """A test for ``take``: one of the pair's two figures is in no pair kept so far (then both are)."""
    seen: set[tuple[str, int]] = set()

    def new(row: Row) -> bool:
        fa, fb = (str(row["a"]), int(row["offset_a"])), (str(row["b"]), int(row["offset_b"]))  # type: ignore[call-overload]
        if fa in seen and fb in seen:
            return False
        seen.update((fa, fb))
        return True

    return new


def split_of(story: str) -> str:
    """held-out for 3 stories in 10, by a hash of the story id; dev otherwise."""
    return "held-out" if int(hashlib.sha1(story.encode("utf-8")).hexdigest(), 16) % 10 < 3 else "dev"


# ---- sentences -------------------------------------------------------------------------------------------
ABBREV = {"mr", "mrs", "ms", "dr", "st", "jr", "sr", "gov", "sen", "rep", "gen", "col", "lt", "sgt", "capt", "prof",
          "inc", "co", "corp", "ltd", "no", "vs", "jan", "feb", "mar", "apr", "aug", "sept", "sep", "oct", "nov",
          "dec", "u.s", "u.k", "u.n", "a.m", "p.m", "d.c", "e.g", "i.e", "ft", "mt", "rev", "ave", "approx", "est"}
_END = re.compile(r"[.!?]+[\"”’')\]]*\s+")


def sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) offsets of sentences in text: paragraphs split on newlines, then on sentence ends."""
    spans: list[tuple[int, int]] = []
    for para in re.finditer(r"[^\n]+", text):
        p0 = para.start()
        chunk = para.group()
        start = 0
        for m in _END.finditer(chunk):
            before = chunk[start:m.start()]
            last = re.search(r"([A-Za-z.]+)$", before)
            word = last.group(1).lower().rstrip(".") if last else ""
            nxt = chunk[m.end():m.end() + 1]
            if word in ABBREV or (len(word) == 1 and word.isalpha()) or (nxt and not (nxt.isupper() or nxt in "\"“‘'(" or nxt.isdigit())):
                continue
            end = m.end()
            s = chunk[start:end].strip()
            if s:
                off = chunk.index(s, start)
                spans.append((p0 + off, p0 + off + len(s)))
            start = end
        s = chunk[start:].strip()
        if s:
            off = chunk.index(s, start)
            spans.append((p0 + off, p0 + off + len(s)))
    return spans


# ---- figures ---------------------------------------------------------------------------------------------
UNITS = ["ones"]
SMALL = ("one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
         "seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety hundred thousand "
         "million billion trillion").split()
NUMWORD = "|".join(SMALL)
MONTHS = ("January February March April May June July August September October November December "
          "Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec").split()
_FIG = re.compile(
    r"(?P<date>\b(?:" + "|".join(MONTHS) + r")\.? \d{1,2}\b(?!,\d)(?!\d))"
    r"|(?P<num>(?:[$£€]\s?)?\d[\d,]*(?:\.\d+)?(?:st|nd|rd|th)?"
    r"(?:\s?(?:%|percent\b|per cent\b))?(?:\s?(?:million|billion|trillion|bn\b|m\b|k\b))?(?:-[a-z]+(?:-[a-z]+)?)?)"
    r"|(?P<word>\b(?:a |an )?(?:half[- ]dozen|dozens|dozen|hundreds|thousands|millions|billions|half)\b"
    r"|\b(?:" + NUMWORD + r")(?:[- ](?:" + NUMWORD + r"))*(?:-[a-z]+)?\b)",
    re.IGNORECASE)
_DATE_PREP = re.compile(r"(?:\b(?:in|since|of|by|until|from|during|before|after|to|and|through|early|late|mid|"
                        r"summer|spring|fall|autumn|winter|year|season|the)[\s-]+|[,(]\s*|\bmid-)$", re.I)


def figures(sentence: str) -> list[tuple[int, int, str]]:
    """(start, end, text) of each figure in the sentence, years used as dates and clock times left out."""
    out: list[tuple[int, int, str]] = []
    for m in _FIG.finditer(sentence):
        s, e, t = m.start(), m.end(), m.group()
        if m.group("num"):
            if s > 0 and (sentence[s - 1].isalnum() or sentence[s - 1] in ":/"):
                continue          # glued to a word (footnotes), part of a time or a fraction written a/b
            if e < len(sentence) and sentence[e:e + 1] in ":/" and sentence[e + 1:e + 2].isdigit():
                continue          # a clock time or a date written 3/4
            core = t.replace(",", "")
            if re.fullmatch(r"(1[89]|20)\d\d", core):
                after = sentence[e:e + 20].lower()
                if not re.match(r"\s+(people|students|votes|jobs|times|members|cases|deaths|homes|workers)\b", after):
                    continue      # a year: a date, not a quantity
            if re.fullmatch(r"(1[89]|20)\d\ds", core):
                continue          # "1990s"
            t = t.rstrip(",.")
            e = s + len(t)
        elif m.group("word"):
            low = t.lower()
            if low in ("one", "an one"):
                after = sentence[e:e + 12].lower()
                if re.match(r"\s+(of|another|day|thing|way|time)\b", after) or after.startswith("'") or \
                        after.startswith("-on"):
                    continue      # "one of the", "one day": no count worth a label
            if low == "half" and re.match(r"\s+(?:of\s+)?(?:the\s+)?(?:time|way|hour|century)\b", sentence[e:e + 16].lower()):
                pass
        out.append((s, e, t))
    return out


# ---- words -----------------------------------------------------------------------------------------------
STOP = set("""a about above after again against all almost also although am among an and another any are aren't
around as at be because been before being below between both but by can could did do does doing done down during
each either else even ever every few for from further get gets got had has have having he her here hers herself
him himself his how however i if in into is it its itself just least less let like made make many may me might
more most much must my myself near neither no nor not now of off often on once only or other others our ours
ourselves out over own per perhaps put rather said says say same see seen several she should since so some still
such than that the their theirs them themselves then there these they this those though through thus to too
toward under until up upon us very via was we were what when where whether which while who whom whose why will
with within without would yet you your yours yourself also last first new one two three four five six seven eight
nine ten eleven twelve twenty thirty forty fifty hundred thousand million billion trillion dozen dozens half
percent per cent year years mr mrs ms told according including just week day time people""".split())
_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")


def stem(w: str) -> str:
    w = w.lower().replace("’", "'")
    if w.endswith("'s"):
        w = w[:-2]
    for suf in ("ies", "es", "s"):
        if w.endswith(suf) and len(w) > len(suf) + 3:
            return w[: -len(suf)] + ("y" if suf == "ies" else "")
    return w


def content(sentence: str) -> set[str]:
    return {stem(w) for w in _WORD.findall(sentence) if len(w) > 2 and w.lower() not in STOP and stem(w) not in STOP}


def next_words(sentence: str, end: int, n: int = 2) -> list[str]:
    """The first n content words after a figure (its noun or unit, skipping small words)."""
    text = sentence[end:end + 60]
    if text.startswith("-"):
        text = text[1:]
    ws = [stem(w) for w in _WORD.findall(text) if w.lower() not in STOP or w.lower() in ("people", "year", "years")]
    return ws[:n]


def prev_word(sentence: str, start: int) -> str:
    ws = [stem(w) for w in _WORD.findall(sentence[max(0, start - 40):start]) if w.lower() not in STOP]
    return ws[-1] if ws else ""


def figure_nouns(sentence: str, figs: list[tuple[int, int, str]]) -> list[set[str]]:
    out = []
    for s, e, t in figs:
        ctx = set(next_words(sentence, e))
        if "-" in t and not t[0].isdigit() or re.search(r"\d-[a-z]", t):
            ctx.add(stem(t.rsplit("-", 1)[1]))
        pw = prev_word(sentence, s)
        if pw:
            ctx.add("<" + pw)          # "killed 12" / "12 ... killed": the verb before
        out.append(ctx)
    return out


# ---- candidates ------------------------------------------------------------------------------------------
def load(path: Path) -> list[dict[str, str]]:
    rows = []
    with path.open(encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            try:
                rows.append(json.loads(line))
            except json.JSONDecodeError as e:
                sys.exit(f"{path}:{n}: not JSON: {e}")
    return rows


def article_sentences(text: str) -> list[dict[str, object]]:
    out = []
    for s, e in sentences(text):
        sent = text[s:e]
        if len(sent) > 600:
            continue          # scraped junk run together
        figs = figures(sent)
        if not figs:
            continue
        out.append({"start": s, "end": e, "text": sent, "figs": figs, "words": content(sent),
                    "nouns": figure_nouns(sent, figs)})
    return out


def candidates(rows: list[dict[str, str]]) -> list[dict[str, object]]:
    by_story: dict[str, list[dict[str, str]]] = defaultdict(list)
    for r in rows:
        by_story[r["story"]].append(r)
    out: list[dict[str, object]] = []
    for story in sorted(by_story):
        arts = sorted(by_story[story], key=lambda r: r["id"])
        sents = {r["id"]: article_sentences(r["text"]) for r in arts}
        overlap: list[tuple[tuple[object, ...], dict[str, object]]] = []
        nouns: list[tuple[tuple[object, ...], dict[str, object]]] = []
        for ra, rb in combinations(arts, 2):
            for ia, sa in enumerate(sents[ra["id"]]):
                for ib, sb in enumerate(sents[rb["id"]]):
                    wa, wb = sa["words"], sb["words"]
                    assert isinstance(wa, set) and isinstance(wb, set)
                    shared = wa & wb
                    fa = [f[2] for f in sa["figs"]]  # type: ignore[attr-defined]
                    fb = [f[2] for f in sb["figs"]]  # type: ignore[attr-defined]
                    same_strings = sorted(x.lower() for x in fa) == sorted(x.lower() for x in fb)
                    row = {"story": story, "a": ra["id"], "b": rb["id"], "sa": ia, "sb": ib,
                           "sentence_a": sa["text"], "sentence_b": sb["text"], "start_a": sa["start"],
                           "start_b": sb["start"], "figures_a": fa, "figures_b": fb, "shared": sorted(shared)}
                    if len(shared) >= MIN_SHARED and not same_strings:
                        jac = len(shared) / len(wa | wb)
                        overlap.append(((-len(shared), -jac, ra["id"], rb["id"], ia, ib), {**row, "why": "overlap"}))
                    elif len(shared) < MIN_SHARED:
                        na, nb = sa["nouns"], sb["nouns"]
                        assert isinstance(na, list) and isinstance(nb, list)
                        best: tuple[int, int, str] | None = None
                        for i, ca in enumerate(na):
                            for j, cb in enumerate(nb):
                                common = {w for w in ca & cb if not w.startswith("<")}
                                verbs = {w for w in ca & cb if w.startswith("<")}
                                if common or (verbs and fa[i].lower() == fb[j].lower()):
                                    key = sorted(common | verbs)[0]
                                    if best is None:
                                        best = (i, j, key)
                        if best is not None:
                            diff = fa[best[0]].lower() != fb[best[1]].lower()
                            nouns.append(((0 if diff else 1, -len(shared), ra["id"], rb["id"], ia, ib),
                                          {**row, "why": "noun:" + best[2], "pair": [best[0], best[1]]}))
        for pool, keep in ((overlap, OVERLAP_KEEP), (nouns, NOUN_KEEP)):
            out += take(pool, PER_SENTENCE, keep, ("sa", "sb"))
    for row in out:
        row["split"] = split_of(str(row["story"]))
        for k in ("sa", "sb"):
            row.pop(k)
    out.sort(key=lambda r: (str(r["story"]), str(r["why"]) != "overlap", str(r["a"]), str(r["b"]),
                            int(r["start_a"]), int(r["start_b"])))  # type: ignore[call-overload]
    for n, row in enumerate(out):
        row["cid"] = n
    return out


WORD_VALUES = {w: i + 1 for i, w in enumerate(SMALL[:20])}
WORD_VALUES.update({"thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
                    "hundred": 100, "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12,
                    "dozen": 12, "half": 0.5})
SCALE = {"million": 1e6, "billion": 1e9, "trillion": 1e12, "bn": 1e9, "m": 1e6, "k": 1e3}


def value(figure: str) -> float | None:
    """The number a figure writes, roughly ("a dozen" 12, "$3bn" 3e9, "12-page" 12); None for vague words."""
    t = figure.lower().replace(",", "").replace("$", "").replace("£", "").replace("€", "").strip()
    t = re.sub(r"^(a|an) ", "", t)
    m = re.match(r"(\d+(?:\.\d+)?)(?:st|nd|rd|th)?\s?(%|percent|per cent)?\s?(million|billion|trillion|bn|m|k)?\b", t)
    if m:
        v = float(m.group(1))
        return v * SCALE.get(m.group(3) or "", 1.0)
    words = re.split(r"[- ]", t)
    total = 0.0
    seen = False
    for w in words:
        if w in WORD_VALUES:
            n = WORD_VALUES[w]
            total = total * n if n >= 100 and total else total + n
            seen = True
        elif seen:
            break
    return total if seen else None


def candidates_pass2(rows: list[dict[str, str]], first: list[dict[str, object]]) -> list[dict[str, object]]:
    """Second pass, for conflicts and changes: a figure in each sentence next to the same noun and the two values
    differ, whatever the rest of the sentences share; sentence pairs of the first pass are left out."""
    taken = {(str(r["a"]), int(r["start_a"]), str(r["b"]), int(r["start_b"])) for r in first}  # type: ignore[call-overload]
    by_story: dict[str, list[dict[str, str]]] = defaultdict(list)
    for r in rows:
        by_story[r["story"]].append(r)
    out: list[dict[str, object]] = []
    generic = {"year", "month", "week", "day", "time", "hour", "minute", "percent", "one", "people"}
    for story in sorted(by_story):
        arts = sorted(by_story[story], key=lambda r: r["id"])
        sents = {r["id"]: article_sentences(r["text"]) for r in arts}
        pool: list[tuple[tuple[object, ...], dict[str, object]]] = []
        for ra, rb in combinations(arts, 2):
            for sa in sents[ra["id"]]:
                for sb in sents[rb["id"]]:
                    if (ra["id"], sa["start"], rb["id"], sb["start"]) in taken:
                        continue
                    fa, fb = sa["figs"], sb["figs"]
                    na, nb = sa["nouns"], sb["nouns"]
                    assert isinstance(fa, list) and isinstance(fb, list) and isinstance(na, list) and isinstance(nb, list)
                    best: tuple[int, int, str] | None = None
                    for i, ca in enumerate(na):
                        for j, cb in enumerate(nb):
                            common = sorted(w for w in ca & cb if not w.startswith("<") and w not in STOP)
                            if not common:
                                continue
                            va, vb = value(fa[i][2]), value(fb[j][2])
                            if va is None or vb is None or va == vb or fa[i][2][:1].isalpha() and fa[i][2][0].isupper() \
                                    and " " in fa[i][2] and fa[i][2].split()[0] in MONTHS:
                                continue
                            if best is None or (common[0] in generic) < (best[2] in generic):
                                best = (i, j, common[0])
                    if best is None:
                        continue
                    wa, wb = sa["words"], sb["words"]
                    assert isinstance(wa, set) and isinstance(wb, set)
                    shared = wa & wb
                    row = {"story": story, "a": ra["id"], "b": rb["id"], "sentence_a": sa["text"],
                           "sentence_b": sb["text"], "start_a": sa["start"], "start_b": sb["start"],
                           "figures_a": [f[2] for f in fa], "figures_b": [f[2] for f in fb], "shared": sorted(shared),
                           "why": "pass2-noun:" + best[2], "pair": [best[0], best[1]]}
                    pool.append(((best[2] in generic, -len(shared), ra["id"], rb["id"], sa["start"], sb["start"]), row))
        out += take(pool, PASS2_PER_SENTENCE, PASS2_KEEP)
    for k, row in enumerate(out):
        row["split"] = split_of(str(row["story"]))
        row["cid"] = len(first) + k
    return out


# ---- pass 4: pairs of figures (not sentences) enriched for disagreements ----------------------------------
EVENT_VERBS = {stem(w) for w in """killed kill killing dead died dies death deaths injured injuring injuries wounded
hurt stabbed shot arrested arrest custody detained charged convicted sentenced jailed fined voted vote votes
raised raising sold paid spent cost costs won lost missing evacuated hospitalized rescued fell fall dropped drop
rose rise jumped grew fined owed stolen seized hired fired laid cut cuts earned signed suspended""".split()}
GENERIC_NOUNS = {"year", "month", "week", "day", "time", "hour", "minute", "percent", "one", "people", "old",
                 "other", "more", "less", "about", "than"}
_MONTH_NUM = {m.lower(): i % 12 + 1 for i, m in enumerate(MONTHS[:12])}
_MONTH_NUM.update({"jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9,
                   "oct": 10, "nov": 11, "dec": 12})


def figure_kind(figure: str) -> str:
    """What sort of number a figure writes: a date, money, a share, or a count/measure."""
    t = figure.lower()
    if re.match(r"[a-z]+\.? \d", t) and t.split()[0].rstrip(".") in _MONTH_NUM:
        return "date"
    if t[:1] in "$£€":
        return "money"
    if "%" in t or "percent" in t or "per cent" in t:
        return "share"
    return "count"


def figure_value(figure: str) -> float | None:
    """value(), with a month and day read as month * 100 + day; None where no number can be read."""
    if figure_kind(figure) == "date":
        mon, day = figure.lower().split()[:2]
        return _MONTH_NUM[mon.rstrip(".")] * 100 + float(day)
    return value(figure)


def context_words(sentence: str, start: int, end: int, n: int = PASS4_WINDOW) -> set[str]:
    """Stemmed content words within n words either side of a figure."""
    before = _WORD.findall(sentence[:start])[-n:]
    after = _WORD.findall(sentence[end:])[:n]
    return {stem(w) for w in before + after if len(w) > 2 and w.lower() not in STOP and stem(w) not in STOP}


def verb_words(sentence: str, start: int, end: int, n: int = PASS4_WINDOW) -> set[str]:
    before = _WORD.findall(sentence[:start])[-n:]
    after = _WORD.findall(sentence[end:])[:n]
    return {stem(w) for w in before + after} & EVENT_VERBS


def head_noun(sentence: str, end: int, figure: str) -> str:
    """The noun or unit right after a figure ("12-page" -> page, "12 people" -> people), "" when none."""
    if re.search(r"\d-[a-z]|^[a-z]+-[a-z]+$", figure, re.I) and "-" in figure:
        return stem(figure.rsplit("-", 1)[1])
    ws = next_words(sentence, end, 1)
    return ws[0] if ws else ""


def labelled_pairs(path: Path, before_pass: int = 4) -> set[tuple[str, int, str, int]]:
    """(a, offset_a, b, offset_b) of every pair labelled in passes before before_pass, both orders (so a rerun
    gives the same candidates after the pass itself is labelled)."""
    out: set[tuple[str, int, str, int]] = set()
    if not path.exists():
        return out
    for line in path.open(encoding="utf-8"):
        r = json.loads(line)
        if int(r.get("pass", 1)) >= before_pass:
            continue
        out.add((r["a"], r["offset_a"], r["b"], r["offset_b"]))
        out.add((r["b"], r["offset_b"], r["a"], r["offset_a"]))
    return out


def candidates_pass4(rows: list[dict[str, str]], labelled: set[tuple[str, int, str, int]],
                     first_cid: int) -> list[dict[str, object]]:
    """Fourth pass: within a story, pairs of figures of two articles whose values differ (same kind: both dates,
    both money, both shares or both counts) and whose nearby words agree: the same noun or unit right after
    each (specific nouns; a generic one such as years or people also needs a shared context word), or >= 2
    shared content words within PASS4_WINDOW words of the figures, or a shared event verb (killed, arrested,
    voted, raised...) near both. Pairs already labelled are left out; PASS4_KEEP a story, a sentence in at
    most PASS4_PER_SENTENCE; ranked by evidence (noun + verb + shared words), then closeness of the values."""
    by_story: dict[str, list[dict[str, str]]] = defaultdict(list)
    for r in rows:
        by_story[r["story"]].append(r)
    out: list[dict[str, object]] = []
    for story in sorted(by_story):
        arts = sorted(by_story[story], key=lambda r: r["id"])
        feats: dict[str, list[tuple[dict[str, object], list[tuple[int, int, str, float, str, str, set[str], set[str]]]]]] = {}
        for r in arts:
            per = []
            for sent in article_sentences(r["text"]):
                text = str(sent["text"])
                fl = []
                for s, e, t in sent["figs"]:  # type: ignore[attr-defined]
                    v = figure_value(t)
                    if v is None:
                        continue
                    fl.append((s, e, t, v, figure_kind(t), head_noun(text, e, t), context_words(text, s, e),
                               verb_words(text, s, e)))
                if fl:
                    per.append((sent, fl))
            feats[r["id"]] = per
        pool: list[tuple[tuple[object, ...], dict[str, object]]] = []
        for ra, rb in combinations(arts, 2):
            for sa, fla in feats[ra["id"]]:
                for sb, flb in feats[rb["id"]]:
                    for s1, _e1, t1, v1, k1, n1, c1, vb1 in fla:
                        for s2, _e2, t2, v2, k2, n2, c2, vb2 in flb:
                            if k1 != k2 or v1 == v2:
                                continue
                            oa, ob = int(sa["start"]) + s1, int(sb["start"]) + s2  # type: ignore[call-overload]
                            if (ra["id"], oa, rb["id"], ob) in labelled:
                                continue
                            shared = c1 & c2
                            verbs = vb1 & vb2
                            noun = n1 if n1 and n1 == n2 else ""
                            if noun in GENERIC_NOUNS and not (shared - {noun}):
                                noun = ""
                            if t1.lower() in ("one", "a half", "half") or t2.lower() in ("one", "a half", "half"):
                                if not noun:
                                    continue
                            if not (noun or len(shared) >= 2 or verbs):
                                continue
                            reasons = ([f"noun:{noun}"] if noun else []) + ([f"verb:{sorted(verbs)[0]}"] if verbs else []) \
                                + ([f"words:{len(shared)}"] if len(shared) >= 2 else [])
                            score = (2 if noun and noun not in GENERIC_NOUNS else 1 if noun else 0) + (1 if verbs else 0) \
                                + min(len(shared), 4) / 2
                            close = abs(v1 - v2) / max(abs(v1), abs(v2), 1e-9)
                            fa = [f[2] for f in sa["figs"]]  # type: ignore[attr-defined]
                            fb = [f[2] for f in sb["figs"]]  # type: ignore[attr-defined]
                            row = {"story": story, "a": ra["id"], "b": rb["id"], "sentence_a": sa["text"],
                                   "sentence_b": sb["text"], "start_a": sa["start"], "start_b": sb["start"],
                                   "figures_a": fa, "figures_b": fb, "shared": sorted(shared),
                                   "why": "pass4:" + ",".join(reasons),
                                   "pair": [fa.index(t1) if fa.count(t1) == 1 else
                                            [f[0] for f in sa["figs"]].index(s1),  # type: ignore[attr-defined]
                                            fb.index(t2) if fb.count(t2) == 1 else
                                            [f[0] for f in sb["figs"]].index(s2)],  # type: ignore[attr-defined]
                                   "figure_a": t1, "figure_b": t2, "offset_a": oa, "offset_b": ob}
                            pool.append(((-score, round(close, 6), ra["id"], rb["id"], oa, ob), row))
        out += take(pool, PASS4_PER_SENTENCE, PASS4_KEEP, also=new_figures())
    out.sort(key=lambda r: (str(r["story"]), str(r["a"]), str(r["b"]), int(r["offset_a"]), int(r["offset_b"])))  # type: ignore[call-overload]
    for k, row in enumerate(out):
        row["split"] = split_of(str(row["story"]))
        row["cid"] = first_cid + k
    return out


# ---- pass 4, round b: a sharper rule, written after round a was read -------------------------------------
PASS4B_KEEP = 5
NAME_SKIP = {m.lower() for m in MONTHS} | {"the", "a", "an", "in", "on", "at", "but", "and", "monday", "tuesday",
                                           "wednesday", "thursday", "friday", "saturday", "sunday", "police", "he",
                                           "she", "his", "her", "it", "they", "mr", "mrs", "ms", "dr"}
_AGE = re.compile(r"^\d{1,3}-year(?:-old|s)?$|^\d{1,3}$", re.I)


def age_names(sentence: str, start: int, end: int, figure: str) -> set[str]:
    """For a figure written as an age ("Jane Smith, 41," or "a 41-year-old"), the capitalised words within
    four words of it (the person's name); empty when the figure is not an age."""
    before, after = sentence[:start], sentence[end:]
    is_age = bool(re.search(r"-year-old|-year\b", figure, re.I) or re.match(r"[-\s]year[-\s]old", after)) or (
        bool(re.fullmatch(r"\d{1,3}", figure)) and bool(re.search(r"[A-Z][\w'’.-]+,\s*$", before))
        and bool(re.match(r"\s*[,)]", after)))
    if not is_age:
        return set()
    words = re.findall(r"[A-Za-z][\w'’-]*", before)[-4:] + re.findall(r"[A-Za-z][\w'’-]*", after)[:4]
    return {w.lower() for w in words if w[0].isupper() and len(w) > 2 and w.lower() not in NAME_SKIP}


def candidates_pass4b(rows: list[dict[str, str]], labelled: set[tuple[str, int, str, int]],
                      round_a: list[dict[str, object]], first_cid: int) -> list[dict[str, object]]:
    """Round b of pass 4, written after round a (candidates_pass4) was labelled, which showed where its rule
    wasted candidates: two copies of one sentence, the two ends of one range or tally, far-apart values of
    different things. Pairs of figures of two articles of one story, values different and of one kind, where
    the two sentences differ and do not both hold both values, and either (age) both figures are ages next to
    a shared capitalised name word, or (noun) the same specific noun or unit follows both (not years, people,
    percent...) and the values are within a factor of 1.5, or of 2 where another word within PASS4_WINDOW words
    is shared, or
    (verb) the same noun follows both, an event verb is shared and the values are within a factor of 2.
    Pairs labelled in passes 1-3 or in round a are left out; PASS4B_KEEP a story, a sentence in at most
    PASS4_PER_SENTENCE; ages first, then by closeness of the values."""
    skip = set(labelled)
    for c in round_a:
        skip.add((str(c["a"]), int(c["offset_a"]), str(c["b"]), int(c["offset_b"])))  # type: ignore[call-overload]
    by_story: dict[str, list[dict[str, str]]] = defaultdict(list)
    for r in rows:
        by_story[r["story"]].append(r)
    out: list[dict[str, object]] = []
    for story in sorted(by_story):
        arts = sorted(by_story[story], key=lambda r: r["id"])
        feats: dict[str, list[tuple[dict[str, object], list[tuple[int, int, str, float, str, str, set[str], set[str], set[str]]], set[float]]]] = {}
        for r in arts:
            per = []
            for sent in article_sentences(r["text"]):
                text = str(sent["text"])
                fl = []
                for s, e, t in sent["figs"]:  # type: ignore[attr-defined]
                    v = figure_value(t)
                    if v is None:
                        continue
                    fl.append((s, e, t, v, figure_kind(t), head_noun(text, e, t), context_words(text, s, e),
                               verb_words(text, s, e), age_names(text, s, e, t)))
                if fl:
                    per.append((sent, fl, {f[3] for f in fl}))
            feats[r["id"]] = per
        pool: list[tuple[tuple[object, ...], dict[str, object]]] = []
        for ra, rb in combinations(arts, 2):
            for sa, fla, vals_a in feats[ra["id"]]:
                for sb, flb, vals_b in feats[rb["id"]]:
                    if str(sa["text"]).strip() == str(sb["text"]).strip():
                        continue
                    for s1, _e1, t1, v1, k1, n1, c1, vb1, ag1 in fla:
                        for s2, _e2, t2, v2, k2, n2, c2, vb2, ag2 in flb:
                            if k1 != k2 or v1 == v2 or (v1 in vals_b and v2 in vals_a):
                                continue
                            oa, ob = int(sa["start"]) + s1, int(sb["start"]) + s2  # type: ignore[call-overload]
                            if (ra["id"], oa, rb["id"], ob) in skip:
                                continue
                            ratio = max(abs(v1), abs(v2)) / max(min(abs(v1), abs(v2)), 1e-9)
                            noun = n1 if n1 and n1 == n2 else ""
                            shared = (c1 & c2) - {noun}
                            names = ag1 & ag2
                            if names:
                                why, rank = "age:" + sorted(names)[0], 0
                            elif noun and noun not in GENERIC_NOUNS and (ratio <= 2 and shared or ratio <= 1.5):
                                why, rank = "noun:" + noun, 1
                            elif noun and vb1 & vb2 and ratio <= 2:
                                why, rank = "verb:" + sorted(vb1 & vb2)[0] + "," + noun, 1
                            else:
                                continue
                            row = {"story": story, "a": ra["id"], "b": rb["id"], "sentence_a": sa["text"],
                                   "sentence_b": sb["text"], "start_a": sa["start"], "start_b": sb["start"],
                                   "figures_a": [f[2] for f in sa["figs"]],  # type: ignore[attr-defined]
                                   "figures_b": [f[2] for f in sb["figs"]],  # type: ignore[attr-defined]
                                   "shared": sorted(shared), "why": "pass4b:" + why,
                                   "pair": [[f[0] for f in sa["figs"]].index(s1),  # type: ignore[attr-defined]
                                            [f[0] for f in sb["figs"]].index(s2)],  # type: ignore[attr-defined]
                                   "figure_a": t1, "figure_b": t2, "offset_a": oa, "offset_b": ob}
                            pool.append(((rank, round(ratio, 6), ra["id"], rb["id"], oa, ob), row))
        out += take(pool, PASS4_PER_SENTENCE, PASS4B_KEEP)
    out.sort(key=lambda r: (str(r["story"]), str(r["a"]), str(r["b"]), int(r["offset_a"]), int(r["offset_b"])))  # type: ignore[call-overload]
    for k, row in enumerate(out):
        row["split"] = split_of(str(row["story"]))
        row["cid"] = first_cid + k
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--articles", type=Path, default=DEFAULT_ARTICLES)
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT)
    ap.add_argument("--pass2", action="store_true",
                    help=f"also write the second pass (same noun, different values) to {PASS2_OUT.name}")
    ap.add_argument("--pass4", action="store_true",
                    help=f"also write the fourth pass (pairs of figures, values differ, nearby words agree) to "
                         f"{PASS4_OUT.name}; pairs in {LABELS_FILE.name} are left out")
    ap.add_argument("--pass4b", action="store_true",
                    help=f"with --pass4, also write pass 4's round b (a sharper rule) to {PASS4B_OUT.name}")
    args = ap.parse_args()
    if not args.articles.exists():
        sys.exit(f"{args.articles}: not found")
    cands = candidates(load(args.articles))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with args.out.open("w", encoding="utf-8") as f:
        for row in cands:
            f.write(json.dumps(row, ensure_ascii=False, sort_keys=True) + "\n")
    stories = {str(r["story"]) for r in cands}
    print(f"{len(cands)} candidates in {len(stories)} stories -> {args.out}")
    by = defaultdict(int)
    for r in cands:
        by[(str(r["split"]), str(r["why"]).split(":")[0])] += 1
    for k in sorted(by):
        print(" ", k, by[k])
    if args.pass2:
        second = candidates_pass2(load(args.articles), cands)
        out2 = args.out.with_name(PASS2_OUT.name)
        with out2.open("w", encoding="utf-8") as f:
            for row in second:
                f.write(json.dumps(row, ensure_ascii=False, sort_keys=True) + "\n")
        print(f"{len(second)} second-pass candidates -> {out2}")
    if args.pass4:
        first_cid = len(cands) + len(candidates_pass2(load(args.articles), cands))
        fourth = candidates_pass4(load(args.articles), labelled_pairs(LABELS_FILE), first_cid)
        out4 = args.out.with_name(PASS4_OUT.name)
        with out4.open("w", encoding="utf-8") as f:
            for row in fourth:
                f.write(json.dumps(row, ensure_ascii=False, sort_keys=True) + "\n")
        by4: dict[str, int] = defaultdict(int)
        for r in fourth:
            by4[str(r["split"])] += 1
        print(f"{len(fourth)} fourth-pass candidates in {len({str(r['story']) for r in fourth})} stories "
              f"({dict(sorted(by4.items()))}) -> {out4}")
        if args.pass4b:
            fourth_b = candidates_pass4b(load(args.articles), labelled_pairs(LABELS_FILE), fourth,
                                         first_cid + len(fourth))
            out4b = args.out.with_name(PASS4B_OUT.name)
            with out4b.open("w", encoding="utf-8") as f:
                for row in fourth_b:
                    f.write(json.dumps(row, ensure_ascii=False, sort_keys=True) + "\n")
            by4b: dict[str, int] = defaultdict(int)
            for r in fourth_b:
                by4b[str(r["split"])] += 1
            print(f"{len(fourth_b)} round-b candidates in {len({str(r['story']) for r in fourth_b})} stories "
                  f"({dict(sorted(by4b.items()))}) -> {out4b}")


if __name__ == "__main__":
    main()
