"""Benchmark: open, check and update of a big claim base, each a whole process. Prints figures; asserts nothing.

    .venv/bin/python bench/archive.py --base DIR [--runs 3] [--report-dir DIR]

DIR is a base built by ``bench/check.py --claims N --keep DIR`` (100,000 or 1,000,000 claims).
Each figure is one child process, measured from outside by ``/usr/bin/time -v`` (wall time and
peak resident memory, file pages of the memory-mapped columns included; without it, by
``resource.getrusage`` of a wrapper's one child, the same figures), best of ``--runs``, with
the load average after each row (the machine may be shared):

- open:   ``python -c "open_base(DIR)"`` (start-up of Python and numpy included);
- check:  ``factcheck check new.txt --base DIR --format json -o report.json`` of a
  one-sentence article (the planted SenseTime conflict), the model loaded as CI loads it;
- update: ``factcheck update story.txt --base DIR`` of one new one-sentence article (a
  different one each run, so each run adds it: the base grows by ``runs`` articles).

The check's report.json is kept in --report-dir, to compare the flags with another build of
the same base (for instance by the factcheck before SQLite; see docs/BASE.md).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PLANTED = ("SenseTime files for listing after record funding round\n\n"
           "SenseTime, the Chinese facial recognition company, said on Monday that it had raised "
           "$750 million in its Series C round led by Alibaba.\n")
FACTCHECK = [sys.executable, "-c", "from factcheck.cli import main; main()"]


# A wrapper process that runs the command and reports the peak of its one child: the figure
# ``/usr/bin/time -v`` gives, without needing it.
WRAP = ("import resource, subprocess, sys; r = subprocess.run(sys.argv[1:]).returncode; "
        "print('peak-kib', resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, file=sys.stderr); sys.exit(r)")


TIME = Path("/usr/bin/time")
ENV = {**os.environ, "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1"}


def per_child(cmd: list[str], cwd: Path) -> tuple[float, float, int, str]:
    """(wall s, peak MiB, exit status, stderr tail) of one child process: by ``/usr/bin/time -v``
    where there is one, else by the wrapper (the same figures)."""
    if TIME.exists():
        p = subprocess.run([str(TIME), "-v", *cmd], cwd=cwd, capture_output=True, text=True, env=ENV)
        got = dict(ln.strip().rsplit(": ", 1) for ln in p.stderr.splitlines() if ln.startswith("\t") and ": " in ln)
        h, m, sec = ([0.0, 0.0] + [float(x) for x in got["Elapsed (wall clock) time (h:mm:ss or m:ss)"].split(":")])[-3:]
        wall = h * 3600 + m * 60 + sec
        return wall, int(got["Maximum resident set size (kbytes)"]) / 1024, p.returncode, p.stderr[-600:]
    t = time.perf_counter()
    p = subprocess.run([sys.executable, "-c", WRAP, *cmd], cwd=cwd, capture_output=True, text=True, env=ENV)
    wall = time.perf_counter() - t
    peak = next((int(ln.split()[1]) for ln in p.stderr.splitlines() if ln.startswith("peak-kib")), 0)
    return wall, peak / 1024, p.returncode, p.stderr[-300:]


def load() -> str:
    return "load average " + ", ".join(f"{x:.2f}" for x in os.getloadavg())


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--base", type=Path, required=True)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--report-dir", type=Path, default=None)
    ap.add_argument("--bytecode", action="store_true",
                    help="let the children write and use .pyc files even where PYTHONDONTWRITEBYTECODE is set "
                         "(as an installed factcheck does); the first run of each row writes them")
    args = ap.parse_args()
    if args.bytecode:
        ENV.pop("PYTHONDONTWRITEBYTECODE", None)
    print(f"bytecode cache    {'off (PYTHONDONTWRITEBYTECODE)' if ENV.get('PYTHONDONTWRITEBYTECODE') else 'on'}")
    base = args.base.resolve()
    if base.is_relative_to(ROOT / "claims"):
        sys.exit(f"{base}: the update runs would add articles to the committed base; build one with bench/check.py")
    from factcheck.base.store import open_base

    b = open_base(base)
    files = {f.name: f.stat().st_size for f in sorted(base.iterdir()) if f.is_file()}
    print(f"base              {base}: {len(b.articles):,} articles, {len(b.claims):,} claims, "
          f"{len(b.mentions):,} figures")
    print(f"size on disk      {sum(files.values()) / 2**20:.1f} MiB (" +
          ", ".join(f"{k} {v / 2**20:.1f}" for k, v in files.items()) + ")")
    b.close()
    print(f"cpu cores         {os.cpu_count()} (a shared machine: other work may slow any figure)")
    with tempfile.TemporaryDirectory(prefix="factcheck-archive-") as tmp:
        work = Path(tmp)
        new = work / "new.txt"
        new.write_text(PLANTED, encoding="utf-8")
        report = (args.report_dir or work) / "report.json"
        report.parent.mkdir(parents=True, exist_ok=True)
        rows = {
            "open": [sys.executable, "-c", f"from factcheck.base.store import open_base; open_base({str(base)!r})"],
            "check": [*FACTCHECK, "check", str(new), "--base", str(base), "--format", "json", "-o", str(report),
                      "--save", str(work / "check.json"), "--no-cache"],
        }
        for name, cmd in rows.items():
            got = [per_child(cmd, ROOT) for _ in range(args.runs)]
            best = min(got)
            status = {g[2] for g in got}
            print(f"{name:<17} {best[0]:.2f} s wall (best of {args.runs}; all: "
                  f"{', '.join(f'{g[0]:.2f}' for g in got)}), peak {max(g[1] for g in got):.0f} MiB, exit {status}; "
                  f"{load()}")
            if status - {0, 1}:
                print(f"   stderr: {got[0][3]}")
        got = []
        for k in range(args.runs):
            story = work / f"story{k}-{time.time_ns()}.txt"
            story.write_text(f"Acme Robotics files {k}\n\nAcme Robotics, the Boston robotics startup, said it had "
                             f"raised ${50 + k} million in its Series B round led by Foo Capital.\n",
                             encoding="utf-8")
            got.append(per_child([*FACTCHECK, "update", str(story), "--base", str(base), "--no-cache"], ROOT))
        print(f"{'update':<17} {min(got)[0]:.2f} s wall (best of {args.runs}; all: "
              f"{', '.join(f'{g[0]:.2f}' for g in got)}), peak {max(g[1] for g in got):.0f} MiB, "
              f"exit { {g[2] for g in got} }; {load()}")
        if {g[2] for g in got} - {0}:
            print(f"   stderr: {got[0][3]}")
    if args.report_dir:
        print(f"report            {report}")


if __name__ == "__main__":
    main()
