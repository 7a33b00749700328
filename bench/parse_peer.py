"""Peer benchmark: factcheck's quantity parser against quantulum3. Prints figures; asserts nothing.

    make peer                      # builds .venv-peer (quantulum3, no classifier) and runs this
    .venv-peer/bin/python bench/parse_peer.py [--corpus PATH] [--peer-limit N] [--show]

Accuracy: the hand-labelled sample in bench/data/parse_sample.jsonl (BBC sentences stored as
references — article id, span, sha1 — and read from the corpus at run time, plus a few
hand-written sentences for rare classes). A labelled figure counts as read right when a
figure the parser returns overlaps it with the labelled kind, value (within 0.1%, in the
kind's base unit) and unit; in the "qualifiers" class the qualifier must match too. Ordinals,
fractions, multiples and scores are scored on kind and value only (their unit is a
convention), and a peer's unit-less figure may stand for any of them. A score is read right
by the peer when it returns both sides. A label of kind "none" is right when nothing is read.

Speed: factcheck over the BBC sentences (factcheck.extract.sentences.split) that hold a
digit; both parsers on --peer-limit of them taken at an even stride (quantulum3 is slow).
Rates are sentences per CPU second of the process (time.process_time), so that other jobs
on a shared machine weigh less than in wall time.

quantulum3 runs without its scikit-learn classifier (not installed in .venv-peer): the
classifier breaks under scikit-learn 1.9 and only ranks ambiguous units.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import os
import re
import sys
import time
import warnings
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
SHARED = Path(os.environ.get("FACTCHECK_SHARED", ROOT.parent / "shared"))
CORPUS = SHARED / "benchmarks" / "bbc_news" / "bbc_articles.jsonl"
SAMPLE = ROOT / "bench" / "data" / "parse_sample.jsonl"
HELDOUT = ROOT / "bench" / "data" / "parse_heldout.jsonl"
CLASSES = ["measurement", "fraction", "rate", "pence", "named currency", "percentage points",
           "signed values", "money", "percentages", "qualifiers", "ordinals", "multiples",
           "scores"]
UNITLESS = {"ordinal", "fraction", "multiple", "score", "number", "count"}

# A figure as a parser read it: (start, end, kind, unit, value, qualifier)
Figure = tuple[int, int, str, str, float, str]

# quantulum3 unit name -> (kind, base unit, factor, offset)
_MI = 1609.344
PEER_UNITS: dict[str, tuple[str, str, float, float]] = {
    "metre": ("length", "m", 1, 0), "kilometre": ("length", "m", 1e3, 0),
    "centimetre": ("length", "m", 0.01, 0), "millimetre": ("length", "m", 1e-3, 0),
    "mile": ("length", "m", _MI, 0), "yard": ("length", "m", 0.9144, 0),
    "foot": ("length", "m", 0.3048, 0), "inch": ("length", "m", 0.0254, 0),
    "acre": ("area", "m2", 4046.8564224, 0), "hectare": ("area", "m2", 1e4, 0),
    "square kilometre": ("area", "m2", 1e6, 0), "square metre": ("area", "m2", 1, 0),
    "kilogram": ("mass", "kg", 1, 0), "gram": ("mass", "kg", 1e-3, 0),
    "milligram": ("mass", "kg", 1e-6, 0), "tonne": ("mass", "kg", 1e3, 0),
    "pound-mass": ("mass", "kg", 0.45359237, 0), "litre": ("volume", "l", 1, 0),
    "byte": ("data", "B", 1, 0), "kilobyte": ("data", "B", 1e3, 0),
    "megabyte": ("data", "B", 1e6, 0), "gigabyte": ("data", "B", 1e9, 0),
    "terabyte": ("data", "B", 1e12, 0), "megabit per second": ("bitrate", "bit/s", 1e6, 0),
    "kilobit per second": ("bitrate", "bit/s", 1e3, 0),
    "gigabit per second": ("bitrate", "bit/s", 1e9, 0),
    "hertz": ("frequency", "Hz", 1, 0), "megahertz": ("frequency", "Hz", 1e6, 0),
    "gigahertz": ("frequency", "Hz", 1e9, 0), "watt": ("power", "W", 1, 0),
    "kilowatt": ("power", "W", 1e3, 0), "megawatt": ("power", "W", 1e6, 0),
    "mile per hour": ("speed", "m/s", _MI / 3600, 0),
    "kilometre per hour": ("speed", "m/s", 1 / 3.6, 0),
    "second": ("duration", "s", 1, 0), "minute": ("duration", "s", 60, 0),
    "hour": ("duration", "s", 3600, 0),
    "degree Celsius": ("temperature", "C", 1, 0),
    "degree fahrenheit": ("temperature", "C", 5 / 9, -32 * 5 / 9),
    "degree Fahrenheit": ("temperature", "C", 5 / 9, -32 * 5 / 9),
    "percentage": ("percent", "%", 1, 0), "dimensionless": ("number", "", 1, 0),
    "dollar": ("money", "USD", 1, 0), "united states dollar": ("money", "USD", 1, 0),
    "pound sterling": ("money", "GBP", 1, 0), "euro": ("money", "EUR", 1, 0),
    "penny": ("money", "GBP", 0.01, 0), "cent": ("money", "USD", 0.01, 0),
    "yen": ("money", "JPY", 1, 0), "japanese yen": ("money", "JPY", 1, 0),
    "renminbi": ("money", "CNY", 1, 0), "yuan": ("money", "CNY", 1, 0),
    "indian rupee": ("money", "INR", 1, 0), "rupee": ("money", "INR", 1, 0),
    "swiss franc": ("money", "CHF", 1, 0), "franc": ("money", "CHF", 1, 0),
    "swedish krona": ("money", "SEK", 1, 0), "krona": ("money", "SEK", 1, 0),
    "danish krone": ("money", "DKK", 1, 0), "krone": ("money", "DKK", 1, 0),
    "south african rand": ("money", "ZAR", 1, 0), "rand": ("money", "ZAR", 1, 0),
    "australian dollar": ("money", "AUD", 1, 0), "canadian dollar": ("money", "CAD", 1, 0),
    "hong kong dollar": ("money", "HKD", 1, 0),
}
_PER = re.compile(r"^(?P<num>.+?) per (?P<den>.+)$")


def load_sample(corpus: Path, path: Path = SAMPLE) -> list[tuple[str, list[dict[str, Any]]]]:
    """(sentence, labelled figures) for each sample line; BBC sentences read from the corpus."""
    rows = [json.loads(x) for x in path.open(encoding="utf-8") if not x.startswith("#")]
    texts: dict[str, str] = {}
    if any("article" in r for r in rows):
        if not corpus.exists():
            sys.exit(f"corpus not found: {corpus} (set FACTCHECK_SHARED)")
        wanted = {r["article"] for r in rows if "article" in r}
        for line in corpus.open(encoding="utf-8"):
            a = json.loads(line)
            if a["id"] in wanted:
                texts[a["id"]] = a["text"]
    out = []
    for r in rows:
        if "text" in r:
            sentence, figures = r["text"], r["figures"]
            for f in figures:
                i = sentence.index(f["surface"])
                f["at"] = [i, i + len(f["surface"])]
        else:
            sentence = texts[r["article"]][r["start"]:r["end"]]
            if hashlib.sha1(sentence.encode()).hexdigest() != r["sha1"]:
                sys.exit(f"sample sentence changed: {r['article']} {r['start']}-{r['end']}")
            figures = r["figures"]
        out.append((sentence, figures))
    return out


def factcheck_figures(sentence: str) -> list[Figure]:
    from factcheck.extract.quantities import parse_quantities
    return [(q.start, q.end, q.kind, q.unit, q.value, q.qualifier)
            for q in parse_quantities(sentence)]


def _peer_unit(name: str) -> tuple[str, str, float, float] | None:
    if name in PEER_UNITS:
        return PEER_UNITS[name]
    if m := _PER.match(name):  # "dollar per barrel" -> rate USD/barrel
        num = PEER_UNITS.get(m["num"])
        if num and num[0] == "money":
            return ("rate", f"{num[1]}/{m['den']}", num[2], 0)
    return None


def peer_figures(parse: Callable[[str], Any], sentence: str) -> list[Figure]:
    out: list[Figure] = []
    for q in parse(sentence):
        unit = _peer_unit(q.unit.name)
        kind, base, factor, offset = unit or ("other", q.unit.name, 1, 0)
        out.append((q.span[0], q.span[1], kind, base, q.value * factor + offset, ""))
    return out


def _close(a: float, b: float) -> bool:
    return math.isclose(a, b, rel_tol=1e-3, abs_tol=1e-9)


def right(label: dict[str, Any], figures: list[Figure], peer: bool) -> bool:
    a, b = label["at"]
    near = [f for f in figures if f[0] < b and a < f[1]]
    if label["kind"] == "none":
        return not near
    if label["kind"] == "score" and peer:  # both sides, in any form
        first = math.floor(label["value"] + 1e-9)
        sides = {first, round((label["value"] - first) * 1000)}
        return sides <= {f[4] for f in near}
    for _, _, kind, unit, value, qualifier in near:
        same_kind = kind == label["kind"] or (
            peer and kind == "number" and label["kind"] in UNITLESS)
        if not same_kind or not _close(value, label["value"]):
            continue
        if label["kind"] not in UNITLESS and unit != label["unit"]:
            continue
        if label["class"] == "qualifiers" and qualifier != label["qualifier"]:
            continue
        return True
    return False


def speed_sentences(corpus: Path) -> list[str]:
    from factcheck.extract.sentences import split
    out = []
    for line in corpus.open(encoding="utf-8"):
        text = json.loads(line)["text"]
        out.extend(text[s:e] for s, e in split(text) if re.search(r"\d", text[s:e]))
    return out


def rate(parse: Callable[[str], object], sentences: list[str]) -> float:
    """Sentences per CPU second of this process (time.process_time: other jobs on a shared
    machine count less than in wall time)."""
    t = time.process_time()
    for s in sentences:
        parse(s)
    return len(sentences) / max(time.process_time() - t, 1e-9)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=CORPUS)
    ap.add_argument("--peer-limit", type=int, default=2000,
                    help="sentences quantulum3 is timed on, spread over the corpus (default 2000)")
    ap.add_argument("--show", action="store_true", help="print every figure either parser misses")
    args = ap.parse_args()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            from quantulum3 import parser as q3
        peer: Callable[[str], Any] | None = q3.parse
    except ImportError:
        peer = None
        print("quantulum3 not installed: run with .venv-peer/bin/python (make peer)")

    for title, path in (("the hand-labelled sample", SAMPLE),
                        ("the held-out labels (never used to tune the parser)", HELDOUT)):
        accuracy(title, load_sample(args.corpus, path), peer, args.show)
    speed(args.corpus, peer, args.peer_limit)


def accuracy(title: str, sample: list[tuple[str, list[dict[str, Any]]]],
             peer: Callable[[str], Any] | None, show: bool) -> None:
    totals: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for sentence, labels in sample:
            ours = factcheck_figures(sentence)
            theirs = peer_figures(peer, sentence) if peer else []
            for label in labels:
                t = totals[label["class"]]
                t[0] += 1
                ok_us, ok_peer = right(label, ours, False), right(label, theirs, True)
                t[1] += ok_us
                t[2] += ok_peer
                if show and not (ok_us and ok_peer):
                    a, b = label["at"]
                    print(f"  [{label['class']}] {sentence[a:b]!r} want {label['kind']}:"
                          f"{label['unit']} {label['value']:g} {label['qualifier']}"
                          f"{'' if ok_us else ' | factcheck: ' + _fmt(ours, a, b)}"
                          f"{'' if ok_peer or not peer else ' | quantulum3: ' + _fmt(theirs, a, b)}")

    print(f"\nAccuracy on {title} ({sum(t[0] for t in totals.values())} figures)\n")
    print("| class | figures | factcheck | quantulum3 |")
    print("|---|---:|---:|---:|")
    for c in CLASSES:
        n, us, them = totals[c]
        if not n:
            continue
        print(f"| {c} | {n} | {us} ({us / n:.0%}) | {them if peer else '-'}"
              f"{f' ({them / n:.0%})' if peer else ''} |")
    n, us, them = (sum(t[i] for t in totals.values()) for i in range(3))
    print(f"| all | {n} | {us} ({us / n:.0%}) | {them if peer else '-'}"
          f"{f' ({them / n:.0%})' if peer else ''} |")



def speed(corpus: Path, peer: Callable[[str], Any] | None, limit: int) -> None:
    if not corpus.exists():
        return
    sentences = speed_sentences(corpus)
    from factcheck.extract.quantities import parse_quantities
    ours_rate = max(rate(parse_quantities, sentences) for _ in range(5))
    print(f"\nSpeed on the {len(sentences):,} BBC sentences holding a digit: factcheck "
          f"{ours_rate:,.0f} sentences per CPU second (best of 5)")
    if peer:
        head = sentences[::max(1, len(sentences) // limit)][:limit]
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            peer(head[0])  # loads its unit tables
            peer_rate = rate(peer, head)
        ours_head = max(rate(parse_quantities, head) for _ in range(5))
        print(f"On {len(head):,} of them (every n-th): factcheck {ours_head:,.0f} sentences/s "
              f"(best of 5), quantulum3 {peer_rate:,.0f} sentences/s: "
              f"{ours_head / peer_rate:,.0f}x faster")


def _fmt(figures: list[Figure], a: int, b: int) -> str:
    near = [f for f in figures if f[0] < b and a < f[1]]
    return "; ".join(f"{k}:{u} {v:g} {q}".strip() for _, _, k, u, v, q in near) or "nothing"


if __name__ == "__main__":
    main()
