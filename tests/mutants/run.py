"""Named mutations of the parser and the flag decision; each must turn at least one test red.

    .venv/bin/python tests/mutants/run.py [--only NAME] [--list]

Each mutation patches one line of a copy of the package in a temporary folder and runs the
tests named for it there (`pytest -x`, browser tests left out). A mutation the tests do not
catch SURVIVES: the script prints the table and exits 1, so CI fails until a test catches it
or the survivor is listed in ``SURVIVORS`` below with a reason. An anchor that no longer
matches the source is an error too: the mutation must follow the code it mutates.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PIPELINE_TESTS = ["tests/test_pipeline.py", "tests/test_regressions.py", "tests/test_match.py"]


@dataclass(frozen=True)
class Mutation:
    name: str
    file: str
    anchor: str  # text that must occur exactly once in the file
    replacement: str
    tests: tuple[str, ...]


MUTATIONS = [
    Mutation("scale US$ amounts by 1.5 (parser)", "factcheck/extract/quantities/core.py",
             "    return Quantity(text=text[a.start:a.end]",
             "    if text[a.lead:a.lead + 3] == 'US$':\n        value, low, high = value * 1.5, low * 1.5, high * 1.5\n"
             "    return Quantity(text=text[a.start:a.end]",
             ("tests/quantities/test_money.py", *PIPELINE_TESTS)),
    Mutation("drop the qualifier interval (parser)", "factcheck/extract/quantities/core.py",
             "            low, high = interval(value, a.tol * a.scale, a.qualifier)",
             "            low, high = interval(value, a.tol * a.scale, '')",
             ("tests/quantities/test_core.py", *PIPELINE_TESTS)),
    Mutation("ignore the round name (decision)", "factcheck/match/guards.py",
             "    if a.round != b.round:", "    if False:", tuple(PIPELINE_TESTS)),
    Mutation("ignore dates (decision)", "factcheck/match/figures.py",
             "    same = same_time(when_a, when_b)", "    same = None", tuple(PIPELINE_TESTS)),
    Mutation("ignore subjects (decision)", "factcheck/match/guards.py",
             "    if a.subjects and b.subjects and not a.subjects & b.subjects:", "    if False:",
             tuple(PIPELINE_TESTS)),
    Mutation("no one-to-one pairing (decision)", "factcheck/match/decide.py",
             "            if free[0] is None or free[1] is None:", "            if False:", tuple(PIPELINE_TESTS)),
    Mutation("agreeing intervals conflict (decision)", "factcheck/match/figures.py",
             "    if qa.overlaps(qb):", "    if False:", tuple(PIPELINE_TESTS)),
    Mutation("plans compared like facts (decision)", "factcheck/match/guards.py",
             "    if a.hedged or b.hedged:", "    if False:", tuple(PIPELINE_TESTS)),
    Mutation("ignore the learned bar (decision)", "factcheck/match/decide.py",
             "    if p < need:", "    if False:", ("tests/test_learned.py", *PIPELINE_TESTS)),
    Mutation("ignore a side that names nobody (decision)", "factcheck/match/decide.py",
             "    if why or (a.subjects and b.subjects) or cosine >= UNNAMED_COSINE:", "    if True:",
             ("tests/test_learned.py", *PIPELINE_TESTS)),
    Mutation("figures of one story not paired (stories)", "factcheck/match/candidates.py",
             "                if ms[i].article_id != ms[j].article_id and (i, j) not in known:",
             "                if False:", ("tests/test_stories.py",)),
    Mutation("the story model's bar ignored (stories)", "factcheck/match/story_decision.py",
             "    if p < m.threshold:", "    if False:", ("tests/test_stories.py",)),
    # Rules of the decision that once survived every test (issue 24): each has a test of its own now.
    Mutation("ordinals can change over time (decision)", "factcheck/kinds.py",
             "_FIXED = frozenset({Kind.YEAR, Kind.DECADE, Kind.ORDINAL})", "_FIXED = frozenset({Kind.YEAR, Kind.DECADE})",
             ("tests/test_decide_channels.py",)),
    Mutation("aligned passages need a score of 0.97 (aligned channel)", "factcheck/match/align.py",
             "MIN_SCORE = 0.75", "MIN_SCORE = 0.97", ("tests/test_decide_channels.py", "tests/test_align.py")),
    Mutation("conversions 20% apart agree (decision)", "factcheck/match/decide.py",
             "CONVERSION_TOLERANCE = 0.02", "CONVERSION_TOLERANCE = 0.20", ("tests/test_decide_channels.py",)),
    Mutation("implied rates 300% off allowed (conversions)", "factcheck/match/conversions.py",
             "TOLERANCE = 0.25", "TOLERANCE = 3.0", ("tests/test_inconsistent.py",)),
    Mutation("\"about\" reads as ±30% (parser)", "factcheck/extract/quantities/",
             "    lo, hi = (0.9 * v, 1.1 * v) if v >= 0 else (1.1 * v, 0.9 * v)",
             "    lo, hi = (0.7 * v, 1.3 * v) if v >= 0 else (1.3 * v, 0.7 * v)", ("tests/quantities/",)),
    # The reasons four tests once passed for (issue 24): each of them, run alone, now fails when its reason breaks.
    Mutation("money figures never compared (mentions)", "factcheck/extract/mentions.py",
             "        return f\"money:{q.unit}\"", "        return None",
             ("tests/test_pipeline.py::test_pipeline_keeps_series_c_and_c_plus_apart",)),
    Mutation("no passages aligned (aligned channel)", "factcheck/match/align.py",
             "        if s >= min_score:", "        if False:",
             ("tests/test_decide_channels.py::test_decide_twins_with_several_figures_changed_describe_two_events",)),
    Mutation("a clause stops at the first clause mark (parser)", "factcheck/extract/clauses.py",
             "        if len(before) - 1 - k >= MIN_WORDS_BEFORE and ", "        if ",
             ("tests/test_extract_clauses.py::test_clauses_clause_stops_at_a_clause_mark_after_enough_words",)),
    Mutation("no flags reach the result (matcher)", "factcheck/match/run.py",
             "    return Found(mark(flags, claims, articles), decisions if every else flagged)",
             "    return Found([], decisions if every else flagged)",
             ("tests/test_pipeline.py::test_pipeline_flags_carry_sources_and_reasons",)),
    Mutation("a sudden move of money reads as a change (decision)", "factcheck/match/figures.py",
             "    jump = sudden(qa, qb, when_a, when_b) if same is False and changeable else None", "    jump = None",
             ("tests/test_ci_states.py", *PIPELINE_TESTS)),
    # Rules of issue 22's third round: the intervals and ages a reasonable reader takes.
    Mutation("a round figure keeps one significant figure of slack (parser)", "factcheck/extract/quantities/core.py",
             "    tol = min(tol, ROUND_SHARE * abs(v))", "    tol = tol", ("tests/quantities/test_core.py",)),
    Mutation("a person's age read as a round figure (parser)", "factcheck/extract/claims.py",
             "        quantities = exact_ages(sentence, quantities)", "        pass", ("tests/test_stories.py",)),
    Mutation("an age restated by anyone's age (decision)", "factcheck/match/decide.py",
             "        if restated(x, other, (people or mine.subjects) if mine.dimension == \"age\" else None):",
             "        if restated(x, other):", ("tests/test_stories.py",)),
    Mutation("a vote's tally pairs only in twin sentences (decision)", "factcheck/match/guards.py",
             "    return is_twins_only(m.quantity.kind) and m.dimension != VOTE", "    return is_twins_only(m.quantity.kind)",
             ("tests/test_stories.py",)),
    Mutation("across stories, values any distance apart compared (stories)", "factcheck/match/story_decision.py",
             " and spread(a, b) < 1:", ":", ("tests/test_stories.py",)),
    # Rules of issue 22's fourth round.
    Mutation("a count of others compared with a count of all (stories)", "factcheck/match/story_decision.py",
             "    if counts_others(a.quantity, a.claim.text) != counts_others(b.quantity, b.claim.text):", "    if False:",
             ("tests/test_stories.py",)),
    Mutation("an age of two people pairs only once (decision)", "factcheck/match/decide.py",
             "    if m.dimension == \"age\" and len(m.subjects) > 1 and (shared := sorted(m.subjects & other.subjects)):",
             "    if False:", ("tests/test_stories.py",)),
    Mutation("\"a 29-year-old man\" names whose age it is (parser)", "factcheck/extract/ages.py",
             " in _PEOPLE - _ANYONE else None", " in _PEOPLE else None", ("tests/test_stories.py",)),
    Mutation("ticker text read as claims (parser)", "factcheck/extract/claims.py",
             " and not is_ticker(line):", ":", ("tests/test_text.py",)),
    # Rules of issue 22's fifth round.
    Mutation("\"X says the 24-year-old\" read as X's age (parser)", "factcheck/extract/ages.py",
             "        return None  # \"Smith says the 24-year-old should lead\": someone else", "        pass",
             ("tests/test_stories.py",)),
]
SURVIVORS: dict[str, str] = {}  # name -> why no test can catch it (none today)


def run(m: Mutation) -> tuple[str, str]:
    with tempfile.TemporaryDirectory(prefix="factcheck-mutant-") as tmp:
        work = Path(tmp)
        for part in ("factcheck", "tests", "sources", "claims", "pyproject.toml"):
            src = ROOT / part
            (shutil.copytree if src.is_dir() else shutil.copy2)(src, work / part)
        # a folder (``file`` ends with "/"): the anchor must occur once in all its modules together,
        # so a mutation follows its line when the code moves between the folder's modules
        files = sorted((work / m.file).rglob("*.py")) if m.file.endswith("/") else [work / m.file]
        found = [(f, t) for f in files if (t := f.read_text(encoding="utf-8")).count(m.anchor)]
        count = sum(t.count(m.anchor) for _, t in found)
        if count != 1:
            return "ERROR", f"anchor found {count} times in {m.file}: update the mutation"
        target, text = found[0]
        target.write_text(text.replace(m.anchor, m.replacement), encoding="utf-8")
        cmd = [sys.executable, "-m", "pytest", "-x", "-q", "-p", "no:cacheprovider", "-m", "not browser", *m.tests]
        proc = subprocess.run(cmd, cwd=work, capture_output=True, text=True)
        failed = [ln.split()[1] for ln in proc.stdout.splitlines() if ln.startswith(("FAILED", "ERROR"))]
        if proc.returncode == 0:
            return "SURVIVED", ""
        return "killed", failed[0] if failed else f"pytest exit {proc.returncode}"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--only", help="run only the mutation whose name contains this")
    ap.add_argument("--list", action="store_true", help="list the mutations and exit")
    args = ap.parse_args()
    todo = [m for m in MUTATIONS if not args.only or args.only in m.name]
    if args.list:
        print("\n".join(m.name for m in todo))
        return 0
    bad = 0
    for m in todo:
        t = time.perf_counter()
        status, detail = run(m)
        if status != "killed" and m.name not in SURVIVORS:
            bad += 1
        print(f"{status:<9} {m.name:<42} {detail} ({time.perf_counter() - t:.0f} s)", flush=True)
    print(f"{len(todo) - bad}/{len(todo)} mutations caught" + (f"; {bad} not" if bad else ""))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
