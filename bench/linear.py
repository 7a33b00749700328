"""Doubling tables for the input shapes that once took quadratic time (issue 23).

For each shape, the input doubles from 16 KB to 1 MB and the table prints the time (best of
``--repeat``) and its ratio to the size before: linear time doubles (ratio about 2; the target
is at most 2 ± 50%, so ≤ 3), quadratic time quadruples.

    .venv/bin/python bench/linear.py [--max-kb 1024] [--repeat 3]

Shapes (the old times are from the issue, through `factcheck run`):
  dots      a line "Acme raised $7 million" + N dots + " and more"   (splitter; old: 54.7 s at 60 KB)
  questions the same with "?"                                      (splitter)
  claims    the dots line through claim extraction (splitter, 600-character cut, parser)
  places    a TSV record line with no tab listing "Aa, Aa, ..."     (dateline; old: 68.6 s at 160 KB)
  entities  a JSONL field of "&amp;\\n" x N                         (compose; old: 29.4 s at 224 KB)
  braces    `update` with a .jsonl of N "{" lines (real encoder)    (skipped notes; old: 24.3 s at 40 KB)
  spaces    parse_figures on "$7" + N spaces + "million"             (parser; old: 21 s at 8 KB)
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from factcheck.extract import sentences
from factcheck.extract.claims import extract
from factcheck.extract.load import read_text
from factcheck.extract.quantities import parse_figures


def _article(text: str, suffix: str) -> list[object]:
    return list(read_text(text, "bench" + suffix, [], suffix=suffix))


def _update(n: int) -> Callable[[], object]:
    from factcheck.base.store import update
    from factcheck.match.embed import load_embedder

    embedder = _update.__dict__.setdefault("embedder", None) or load_embedder(None, "onnx", "cpu")
    _update.__dict__["embedder"] = embedder
    folder = Path(tempfile.mkdtemp(prefix="linear-"))
    (folder / "src").mkdir()
    (folder / "src" / "story.txt").write_text("Acme raised $5 million in 2019.\n", encoding="utf-8")
    (folder / "src" / "braces.jsonl").write_text("{\n" * (n // 2), encoding="utf-8")
    runs = iter(range(1_000_000))
    return lambda: update(folder / f"base{next(runs)}", [folder / "src"], embedder)


def shapes() -> dict[str, Callable[[int], Callable[[], object]]]:
    """Each shape: size in bytes -> the call to time."""
    def dots(stop: str) -> Callable[[int], Callable[[], object]]:
        return lambda n: (lambda line: lambda: list(sentences.split(line)))(
            "Acme raised $7 million" + stop * n + " and more.")

    def claims(n: int) -> Callable[[], object]:
        art = _article("Acme raised $7 million" + "." * n + " and more.\n", ".txt")[0]
        return lambda: extract(art)  # type: ignore[arg-type]

    def places(n: int) -> Callable[[], object]:
        text = "Acme funds\tAcme raised $5 million.\nAcme " + ", ".join(["Aa"] * (n // 4)) + " raised $6 million.\n"
        return lambda: _article(text, ".tsv")

    def entities(n: int) -> Callable[[], object]:
        text = json.dumps({"text": "Acme raised $5 million. " + "&amp;\n" * (n // 7)}) + "\n"
        return lambda: _article(text, ".jsonl")

    def spaces(n: int) -> Callable[[], object]:
        text = "Acme raised $7" + " " * n + "million."
        return lambda: parse_figures(text)

    return {"dots": dots("."), "questions": dots("?"), "claims": claims, "places": places,
            "entities": entities, "braces": _update, "spaces": spaces}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--max-kb", type=int, default=1024)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--only", nargs="*", default=None, help="shape names")
    args = ap.parse_args()
    sizes = []
    kb = 16
    while kb <= args.max_kb:
        sizes.append(kb * 1024)
        kb *= 2
    worst = 0.0
    for name, make in shapes().items():
        if args.only and name not in args.only:
            continue
        print(f"\n{name}")
        print(f"{'size':>8}  {'seconds':>9}  {'ratio':>6}")
        prev = None
        for n in sizes:
            call = make(n)
            best = min(_time(call) for _ in range(args.repeat))
            ratio = best / prev if prev else None
            if ratio is not None and n >= 128 * 1024:  # below 64 KB, fixed costs and caches dominate
                worst = max(worst, ratio)
            print(f"{n // 1024:>6} K  {best:>9.4f}  {'' if ratio is None else f'{ratio:>6.2f}'}")
            prev = best
    print(f"\nworst ratio over a doubling from 64 KB up: {worst:.2f} (linear: 2 ± 50%, so at most 3; quadratic: 4)")


def _time(call: Callable[[], object]) -> float:
    t0 = time.perf_counter()
    call()
    return time.perf_counter() - t0


if __name__ == "__main__":
    main()
