"""The hand-labelling loop for bench/data/stories_labels.jsonl (standard library only).

    python3 bench/stories_label_tool.py show FIRST LAST      # print candidates FIRST..LAST (cid), figures marked
    python3 bench/stories_label_tool.py para CID a|b         # the paragraph around a candidate's sentence
    python3 bench/stories_label_tool.py add < lines          # append labels: "cid label ia ib why"
                                                             # ("cid label = why": the candidate's own pair)

A label line names a candidate, a label (c=conflict, ch=changed, e=equivalent, a=apart, u=unsure; full names
also accepted), the index of the chosen figure in each sentence (as shown by `show`) and a one-line why. The
tool writes the row with fragments of 30-80 characters cut from the article text around each figure, so a
fragment is an exact substring by construction (bench/check_labels.py checks it again).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
from stories_candidates import DEFAULT_ARTICLES, figures, split_of  # noqa: E402

CANDS = ROOT / "bench" / "data" / "stories_candidates.jsonl"
CANDS2 = ROOT / "bench" / "data" / "stories_candidates_pass2.jsonl"
CANDS4 = ROOT / "bench" / "data" / "stories_candidates_pass4.jsonl"
CANDS4B = ROOT / "bench" / "data" / "stories_candidates_pass4b.jsonl"
LABELS = ROOT / "bench" / "data" / "stories_labels.jsonl"
NAMES = {"c": "conflict", "ch": "changed", "e": "equivalent", "a": "apart", "u": "unsure"}


def load_cands() -> list[dict[str, object]]:
    """All passes, indexed by cid (the second pass numbers on from the first, the fourth from the second)."""
    rows = [json.loads(line) for line in CANDS.open(encoding="utf-8")]
    for extra in (CANDS2, CANDS4, CANDS4B):
        if extra.exists():
            rows += [json.loads(line) for line in extra.open(encoding="utf-8")]
    assert [r["cid"] for r in rows] == list(range(len(rows)))
    return rows


def load_texts() -> dict[str, str]:
    return {r["id"]: r["text"] for r in map(json.loads, DEFAULT_ARTICLES.open(encoding="utf-8"))}


def marked(sentence: str) -> str:
    out, last = [], 0
    for i, (s, e, _t) in enumerate(figures(sentence)):
        out.append(sentence[last:s] + f"[{i}:" + sentence[s:e] + "]")
        last = e
    return "".join(out) + sentence[last:]


def fragment(text: str, sent_start: int, sent_end: int, fs: int, fe: int) -> str:
    """30-80 characters of text holding text[fs:fe], kept inside the sentence where it is long enough."""
    lo, hi = sent_start, sent_end
    if hi - lo < 30:
        lo, hi = max(0, fs - 40), min(len(text), fe + 40)
    a = max(lo, fs - 30)
    b = min(hi, max(fe + 30, a + 40), a + 80)
    if b - a < 30:
        a = max(lo, b - 60)
    while b - a > 80:
        a += 1
    frag = text[a:b]
    assert text[fs:fe] in frag and 30 <= len(frag) <= 80 or len(text) < 30, (frag, text[fs:fe])
    return frag


def show(first: int, last: int) -> None:
    done = {r["cid"] for r in map(json.loads, LABELS.open(encoding="utf-8"))} if LABELS.exists() else set()
    for r in load_cands():
        cid = int(r["cid"])  # type: ignore[call-overload]
        if first <= cid <= last:
            flag = " (done)" if cid in done else ""
            pair = f" pair={r['pair']}" if "pair" in r else ""
            if "figure_a" in r:
                pair += f" <{r['figure_a']}> / <{r['figure_b']}>"
            print(f"#{cid} {r['a'][14:]}~{r['b'][14:]} {r['why']}{pair}{flag}")
            print("  A:", marked(str(r["sentence_a"])))
            print("  B:", marked(str(r["sentence_b"])))


def para(cid: int, side: str) -> None:
    r = load_cands()[cid]
    text = load_texts()[str(r[side])]
    s = int(r["start_" + side])  # type: ignore[call-overload]
    lo = text.rfind("\n", 0, s)
    lo = text.rfind("\n", 0, lo - 1) if lo > 0 else 0
    hi = text.find("\n", s + len(str(r["sentence_" + side])) + 1)
    print(text[max(0, lo):hi if hi > 0 else None])


def pair_key(row: dict[str, object]) -> tuple[object, ...]:
    """One pair of figures, whichever article comes first and wherever a repeated sentence sits."""
    return (row["story"],) + tuple(sorted([(str(row["a"]), str(row["fragment_a"]), str(row["figure_a"])),
                                           (str(row["b"]), str(row["fragment_b"]), str(row["figure_b"]))]))


def add(lines: list[str]) -> None:
    cands = load_cands()
    texts = load_texts()
    old = [json.loads(line) for line in LABELS.open(encoding="utf-8")] if LABELS.exists() else []
    done = {r["cid"] for r in old}
    keys = {pair_key(r) for r in old}
    rows = []
    for line in lines:
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        parts = line.split(None, 3)
        if len(parts) == 4 and parts[2] == "=":
            pair = cands[int(parts[0])].get("pair")
            if not isinstance(pair, list):
                sys.exit(f"candidate {parts[0]} has no pair of its own: {line!r}")
            parts = [parts[0], parts[1], str(pair[0]), str(pair[1]), parts[3]]
        else:
            parts = line.split(None, 4)
        if len(parts) < 5:
            sys.exit(f"bad label line: {line!r}")
        cid, lab, ia, ib, why = int(parts[0]), NAMES.get(parts[1], parts[1]), int(parts[2]), int(parts[3]), parts[4]
        if lab not in NAMES.values():
            sys.exit(f"bad label {lab!r} in {line!r}")
        if cid in done:
            sys.exit(f"candidate {cid} already labelled")
        r = cands[cid]
        row: dict[str, object] = {"story": r["story"], "a": r["a"], "b": r["b"]}
        for side, idx in (("a", ia), ("b", ib)):
            sent = str(r["sentence_" + side])
            s0 = int(r["start_" + side])  # type: ignore[call-overload]
            figs = figures(sent)
            if not 0 <= idx < len(figs):
                sys.exit(f"candidate {cid}: no figure {idx} in sentence {side}")
            fs, fe, ft = figs[idx]
            text = texts[str(r[side])]
            assert text[s0 + fs:s0 + fe] == ft
            row["fragment_" + side] = fragment(text, s0, s0 + len(sent), s0 + fs, s0 + fe)
            row["figure_" + side] = ft
            row["offset_" + side] = s0 + fs
        row.update({"label": lab, "why": why, "split": split_of(str(r["story"])), "cid": cid,
                    "pass": 4 if str(r["why"]).startswith("pass4") else 2 if str(r["why"]).startswith("pass2") else 1})
        key = pair_key(row)
        if key in keys:
            print(f"candidate {cid}: the same sentences and figures are already labelled (a repeated sentence); skipped")
            done.add(cid)
            continue
        keys.add(key)
        rows.append(row)
        done.add(cid)
    with LABELS.open("a", encoding="utf-8") as f:
        for row in rows:
            f.write(json.dumps(row, ensure_ascii=False) + "\n")
    print(f"added {len(rows)}; total {len(done)}")


if __name__ == "__main__":
    cmd = sys.argv[1] if len(sys.argv) > 1 else ""
    if cmd == "show":
        show(int(sys.argv[2]), int(sys.argv[3]))
    elif cmd == "para":
        para(int(sys.argv[2]), sys.argv[3])
    elif cmd == "add":
        add(sys.stdin.read().splitlines())
    else:
        sys.exit(__doc__)
