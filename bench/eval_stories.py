"""Evaluation: disagreements between different outlets' reports of one story (multinews_dev).

    .venv/bin/python bench/eval_stories.py [--labels bench/data/stories_labels.jsonl] [--keep DIR]
                                           [--only inferred|given]

Runs ``factcheck run`` twice on ../shared/benchmarks/multinews_dev/articles.jsonl: on a copy
without its ``story`` field (stories inferred from the text) and on the file itself (stories
given). Each flag is matched to the hand-labelled pairs of figures (bench/data/stories_labels.jsonl,
made by bench/stories_candidates.py and read by hand; labels conflict / changed / equivalent /
apart / unsure; split dev / held-out by story): a flag matches a label when its two passages
hold the label's two figures at the labelled places (each labelled figure located in the
article by its fragment). Printed for each split:

- recall: labelled conflicts and changes that a flag matches / all of them;
- precision of judged flags: flags matching a conflict or change / flags matching any label but
  unsure (flags no label covers are not judged);
- look-alikes flagged: equivalent and apart pairs that a flag matches / all of them;
- flags across stories per 1,000 articles (by the file's story field: false by construction),
  over the whole file (a story belongs to one split: counted for the split of either article).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
ARTICLES = ROOT.parent / "shared" / "benchmarks" / "multinews_dev" / "articles.jsonl"
LABELS = ROOT / "bench" / "data" / "stories_labels.jsonl"
POSITIVE = ("conflict", "changed")
LOOK_ALIKES = ("equivalent", "apart")
SLACK = 2  # characters a labelled figure's place may sit outside the parsed figure's span


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    out = []
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if line.strip():
                try:
                    out.append(json.loads(line))
                except ValueError as e:
                    raise SystemExit(f"{path}, line {n}: not JSON: {e}") from None
    return out


def strip_stories(src: Path, dst: Path) -> None:
    with open(src, encoding="utf-8") as f, open(dst, "w", encoding="utf-8") as g:
        for line in f:
            if line.strip():
                r = json.loads(line)
                r.pop("story", None)
                g.write(json.dumps(r, ensure_ascii=False) + "\n")


def run_factcheck(src: Path, out: Path) -> dict[str, Any]:
    cmd = [sys.executable, "-c", "from factcheck.cli import main; main()", "run", str(src), "--out", str(out), "--quiet"]
    done = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, env={**os.environ, "TOKENIZERS_PARALLELISM": "false"})
    if done.returncode not in (0, 3):
        raise SystemExit(f"factcheck run failed ({done.returncode}): {done.stderr[-2000:]}")
    report: dict[str, Any] = json.loads((out / "report.json").read_text(encoding="utf-8"))
    return report


def label_places(labels: list[dict[str, Any]], texts: dict[str, str]) -> list[tuple[tuple[str, int], tuple[str, int]]]:
    """Each label's two figures as (article key, character offset in the record's text)."""
    places = []
    for lab in labels:
        sides = []
        for s in ("a", "b"):
            text = texts[lab[s]]
            off = lab.get(f"offset_{s}")
            frag, fig = lab[f"fragment_{s}"], lab[f"figure_{s}"]
            if not (isinstance(off, int) and text.startswith(fig, off)):
                at = text.find(frag)
                off = at + frag.find(fig) if at >= 0 and fig in frag else -1
            sides.append((lab[s], off))
        places.append((sides[0], sides[1]))
    return places


def flag_places(report: dict[str, Any], texts: dict[str, str]) -> list[tuple[dict[str, Any], list[tuple[str, int, int]]]]:
    """Each cross-article flag with its two figures as (article key, start, end) in the record's text."""
    claims = {c["id"]: c for c in report["claims"]}
    out = []
    for f in report["flags"]:
        if f["a"] == f["b"]:
            continue
        sides = []
        for cid, qi in ((f["a"], f["a_quantity"]), (f["b"], f["b_quantity"])):
            c = claims[cid]
            key = c["article_id"].rsplit("#", 1)[-1]
            q = c["quantities"][qi]
            text = texts.get(key, "")
            at = _find_claim(text, c["text"])
            sides.append((key, at + q["start"], at + q["end"]) if at >= 0 else (key, -1, -1))
        out.append((f, sides))
    return out


def _find_claim(text: str, claim: str) -> int:
    at = text.find(claim)
    if at < 0:
        at = text.find(claim[:40])
    return at


def covers(side: tuple[str, int, int], place: tuple[str, int]) -> bool:
    return side[0] == place[0] and place[1] >= 0 and side[1] - SLACK <= place[1] <= side[2] + SLACK


def score(report: dict[str, Any], labels: list[dict[str, Any]], texts: dict[str, str],
          story: dict[str, str]) -> dict[str, dict[str, Any]]:
    places = label_places(labels, texts)
    flags = flag_places(report, texts)
    out: dict[str, dict[str, Any]] = {}
    articles_in: Counter[str] = Counter()
    split_of_story = {lab["story"]: lab["split"] for lab in labels}
    for key in texts:
        articles_in[split_of_story.get(story[key], "unlabelled")] += 1
    for split in ("dev", "held-out"):
        idx = [i for i, lab in enumerate(labels) if lab["split"] == split]
        matched: dict[int, list[int]] = {}  # flag -> labels it matches
        hit: set[int] = set()
        for fi, (_, sides) in enumerate(flags):
            for i in idx:
                pa, pb = places[i]
                if (covers(sides[0], pa) and covers(sides[1], pb)) or (covers(sides[0], pb) and covers(sides[1], pa)):
                    matched.setdefault(fi, []).append(i)
                    hit.add(i)
        kinds = Counter(labels[i]["label"] for i in idx)
        pos = [i for i in idx if labels[i]["label"] in POSITIVE]
        alike = [i for i in idx if labels[i]["label"] in LOOK_ALIKES]
        judged = {fi: ls for fi, ls in matched.items() if any(labels[i]["label"] != "unsure" for i in ls)}
        right = sum(any(labels[i]["label"] in POSITIVE for i in ls) for ls in judged.values())
        across = sum(1 for f, sides in flags if story.get(sides[0][0]) != story.get(sides[1][0])
                     and split in (split_of_story.get(story.get(sides[0][0], "")), split_of_story.get(story.get(sides[1][0], ""))))
        n_articles = articles_in[split]
        out[split] = {
            "labels": dict(kinds),
            "recall": (sum(i in hit for i in pos), len(pos)),
            "precision": (right, len(judged)),
            "look_alikes_flagged": (sum(i in hit for i in alike), len(alike)),
            "flags_across_stories": across, "articles": n_articles,
            "across_per_1000": round(1000 * across / max(1, n_articles), 2),
            "unlocated_labels": sum(1 for i in idx if places[i][0][1] < 0 or places[i][1][1] < 0),
            "missed": [f"{labels[i]['label']}: {labels[i]['figure_a']} / {labels[i]['figure_b']} ({labels[i]['story']})"
                       for i in pos if i not in hit],
            "wrong": [f"{labels[i]['label']}: {labels[i]['figure_a']} / {labels[i]['figure_b']} ({labels[i]['story']})"
                      for ls in judged.values() if not any(labels[i]["label"] in POSITIVE for i in ls) for i in ls[:1]],
        }
    total_across = sum(1 for f, sides in flags if story.get(sides[0][0]) != story.get(sides[1][0]))
    out["all"] = {"flags": len(flags), "flags_across_stories": total_across, "articles": len(texts),
                  "across_per_1000": round(1000 * total_across / max(1, len(texts)), 2)}
    return out


def _ratio(x: tuple[int, int]) -> str:
    return f"{x[0]}/{x[1]} = {x[0] / x[1]:.2f}" if x[1] else f"{x[0]}/0"


def show(name: str, s: dict[str, dict[str, Any]], verbose: bool) -> None:
    a = s["all"]
    print(f"== stories {name}: {a['flags']} flags between articles, {a['flags_across_stories']} across stories "
          f"({a['across_per_1000']} per 1,000 articles of {a['articles']})")
    for split in ("dev", "held-out"):
        x = s[split]
        print(f"  {split:8s} recall {_ratio(x['recall'])} · precision of judged flags {_ratio(x['precision'])} · "
              f"look-alikes flagged {_ratio(x['look_alikes_flagged'])} · across stories {x['flags_across_stories']} "
              f"({x['across_per_1000']} per 1,000 of {x['articles']} articles) · labels {x['labels']}"
              + (f" · {x['unlocated_labels']} labels not located" if x["unlocated_labels"] else ""))
        if verbose:
            for m in x["missed"]:
                print(f"      missed  {m}")
            for w in x["wrong"]:
                print(f"      wrong   {w}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else "")
    ap.add_argument("--articles", type=Path, default=ARTICLES)
    ap.add_argument("--labels", type=Path, default=LABELS)
    ap.add_argument("--keep", type=Path, help="keep the two runs' outputs in this folder")
    ap.add_argument("--only", choices=("inferred", "given"))
    ap.add_argument("-v", "--verbose", action="store_true", help="list missed and wrong labels")
    args = ap.parse_args()
    labels = [lab for lab in read_jsonl(args.labels) if lab.get("label")]
    records = read_jsonl(args.articles)
    texts = {str(r["id"]): r["text"] for r in records}
    story = {str(r["id"]): str(r["story"]) for r in records}
    with tempfile.TemporaryDirectory() as tmp:
        base = args.keep or Path(tmp)
        base.mkdir(parents=True, exist_ok=True)
        stripped = base / "articles.jsonl"
        strip_stories(args.articles, stripped)
        for name, src in (("inferred", stripped), ("given", args.articles)):
            if args.only and args.only != name:
                continue
            report = run_factcheck(src, base / f"out_{name}")
            show(name, score(report, labels, texts, story), args.verbose)
            sys.stdout.flush()


if __name__ == "__main__":
    main()
