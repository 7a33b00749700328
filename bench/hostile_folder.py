"""A 2,000-file folder: 1,980 BBC articles and 20 hostile files, through `factcheck run`.

Builds the folder in a temporary directory (the BBC text is read in place from
../shared/benchmarks/bbc_news and never copied into the repository), runs the real CLI
on it, and prints what came back: articles reported, notes, skipped inputs, exit status.

    .venv/bin/python bench/hostile_folder.py [--keep DIR]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.fuzz.corpus import HOSTILE, write_corpus  # noqa: E402

CANDIDATES = [ROOT.parent / "shared", ROOT.parent.parent / "shared"]
GOOD = 1980


def bbc() -> Path:
    for c in CANDIDATES:
        p = c / "benchmarks" / "bbc_news" / "bbc_articles.jsonl"
        if p.exists():
            return p
    sys.exit("BBC corpus not found in ../shared/benchmarks/bbc_news")


def build(folder: Path) -> list[str]:
    with open(bbc(), encoding="utf-8") as f:
        for _, line in zip(range(GOOD), f):
            rec = json.loads(line)
            name = rec["id"].replace("/", "_")
            (folder / name).write_text(f"{rec['title']}\n\n{rec['text']}\n", encoding="utf-8")
    hostile = [h.name for h in HOSTILE if h.expect == "skip"]
    assert len(hostile) == 20, len(hostile)
    write_corpus(folder, hostile)
    return hostile


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--keep", type=Path, help="build the folder here and keep it")
    args = ap.parse_args()
    tmp = tempfile.TemporaryDirectory()
    folder = args.keep or Path(tmp.name) / "archive"
    folder.mkdir(parents=True, exist_ok=True)
    hostile = build(folder)
    out = Path(tmp.name) / "out"
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1"}
    t = time.perf_counter()
    done = subprocess.run([str(ROOT / ".venv" / "bin" / "factcheck"), "run", str(folder), "--out", str(out)],
                          capture_output=True, text=True, env=env)
    seconds = time.perf_counter() - t
    report = json.loads((out / "report.json").read_text(encoding="utf-8")) if (out / "report.json").exists() else {}
    notes = report.get("notes", [])
    skipped = [n for n in notes if n["message"].startswith("skipped: ")]
    skipped_files = {n["path"].split("/")[0] for n in skipped}
    files = len(os.listdir(folder))
    print(f"folder: {files} entries ({GOOD} BBC articles, {len(hostile)} hostile)")
    print(f"exit status: {done.returncode}")
    print(f"report: {report.get('summary', {}).get('articles')} articles, {report.get('summary', {}).get('claims')} "
          f"claims, {report.get('summary', {}).get('conflicts')} conflicts, "
          f"{report.get('summary', {}).get('changes')} changes")
    print(f"notes: {len(notes)}, of which skipped inputs: {len(skipped)} "
          f"(hostile files named: {len(skipped_files & set(hostile))}/{len(hostile)})")
    print(f"traceback in output: {'Traceback' in done.stderr}")
    print(f"wall time: {seconds:.1f} s")
    print("last lines:", *done.stdout.splitlines()[-2:], *done.stderr.splitlines()[-1:], sep="\n  ")
    subprocess.run(["rm", "-rf", str(folder)], check=False)  # deeper than rmtree's recursion
    tmp.cleanup()


if __name__ == "__main__":
    main()
