"""The discrepancy report: ``report.json`` (a stable contract), ``report.md`` and
``report.html`` (for people, see ``html_report``) and ``flags.csv`` (see ``csv_export``).

``report.json``::

    {"version": 1, "model": "...",
     "articles": [{"id", "path", "record", "line", "title", "date"}],
     "claims":   [{"id", "article_id", "text", "start", "end", "line", "date",
                   "quantities": [{"text", "value", "low", "high", "unit", "kind",
                                   "qualifier", "start", "end"}]}],
     "flags":    [{"id", "kind", "a", "b", "a_quantity", "b_quantity", "similarity",
                   "reason", "measure", "fingerprint", "confidence", "evidence", "verdict"}],
     "notes":    [{"path", "line", "message"}]}

Claim ``start``/``end`` are character offsets in the decoded source file; quantity
``start``/``end`` index the claim's ``text``; ``high`` is null for "no upper bound".
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from factcheck.files import atomic_write
from factcheck.outputs.csv_export import to_csv
from factcheck.outputs.html_report import REVIEW_URL, reason, to_html
from factcheck.outputs.safe import markdown
from factcheck.outputs.views import FlagView, Side, flag_views, settled
from factcheck.pipeline import Result
from factcheck.records import Verdict

VERSION = 1
FILES = ("report.json", "report.md", "report.html", "flags.csv")
__all__ = ["FILES", "VERSION", "as_json", "settled", "to_markdown", "write"]


def as_json(result: Result, verdicts: Mapping[str, Verdict] | None = None) -> dict[str, Any]:
    verdicts = verdicts or {}
    flagged = {c for f in result.flags for c in (f.a, f.b)}
    return {
        "version": VERSION,
        "model": result.model,
        "articles": [a.as_json() for a in result.articles],
        "claims": [c.as_json() for c in result.claims],
        "flags": [{**f.as_json(), "verdict": v.as_json() if (v := verdicts.get(f.id)) else None} for f in result.flags],
        "notes": [{"path": n.path, "line": n.line, "message": n.message} for n in result.notes],
        "summary": {
            "articles": len(result.articles),
            "claims": len(result.claims),
            "flagged_claims": len(flagged),
            "conflicts": sum(f.kind == "conflict" for f in result.flags),
            "changes": sum(f.kind == "changed" for f in result.flags),
        },
    }


def highlight(side: Side) -> str:
    """The passage in Markdown: the flagged figure in bold with a marker, the other figures plain."""
    return "".join(f"**{markdown(t)}** ◀" if role == "flagged" else markdown(t) for t, role in side.segments())


def to_markdown(result: Result, verdicts: Mapping[str, Verdict] | None = None,
                show_settled: bool = True) -> str:
    views = flag_views(result, verdicts)
    shown = [v for v in views if show_settled or not v.settled]
    conflicts = sum(f.kind == "conflict" for f in result.flags)
    lines = [
        "# factcheck report", "",
        f"{len(result.articles)} articles, {len(result.claims)} claims: {conflicts} conflicts, "
        f"{len(result.flags) - conflicts} changes over time. Model: `{markdown(result.model)}`. "
        "The same report with the passages' context and plots: [report.html](report.html).", "",
    ]
    if len(shown) < len(views):
        lines += [f"{len(views) - len(shown)} flags with a verdict are hidden (`--all` shows them); "
                  "flags whose passages changed since their verdict stay listed.", ""]
    if shown:
        lines += ["| measure | conflicts | changes over time | with a verdict |", "|---|--:|--:|--:|"]
        by: dict[str, list[FlagView]] = defaultdict(list)
        for v in shown:
            by[v.flag.measure].append(v)
        for measure in sorted(by, key=lambda m: (-len(by[m]), m)):
            vs = by[measure]
            lines.append(f"| {markdown(measure)} | {sum(v.flag.kind == 'conflict' for v in vs)} | "
                         f"{sum(v.flag.kind == 'changed' for v in vs)} | {sum(v.verdict is not None for v in vs)} |")
        lines.append("")
    for kind, heading in (("conflict", "Conflicts"), ("changed", "Changes over time")):
        group = [v for v in shown if v.flag.kind == kind]
        if not group:
            continue
        lines += [f"## {heading}", ""]
        order = defaultdict(list)
        for v in group:
            order[v.flag.measure].append(v)
        for measure in sorted(order, key=lambda m: (-len(order[m]), m)):
            lines += [f"### {markdown(measure)}", ""]
            for v in order[measure]:
                lines += _flag_md(v)
    if not shown:
        lines += ["No conflicting figures found.", ""]
    if result.notes:
        lines += ["## Input notes", ""] + [f"- {markdown(n.path)} line {n.line}: {markdown(n.message)}"
                                           for n in result.notes] + [""]
    return "\n".join(lines)


def _flag_md(v: FlagView) -> list[str]:
    f = v.flag
    kind = "conflict" if f.kind == "conflict" else "change over time"
    out = [f"#### {kind}: {markdown(f.measure)} · flag {f.id}", "",
           f"{markdown(reason(f))}", "",
           f"Similarity {f.similarity:.2f} · [review]({REVIEW_URL}#flag={f.id}) · [in report.html](report.html#flag-{f.id})"]
    if v.verdict:
        stale = " (passages changed since)" if v.stale else ""
        note = f": {markdown(v.verdict.note)}" if v.verdict.note else ""
        out[-1] += f" · verdict **{markdown(v.verdict.verdict)}**{stale}{note}"
    out.append("")
    for name, s in (("A", v.a), ("B", v.b)):
        a, c, q = s.article, s.claim, s.quantity
        out.append(f"- **{name}**: {markdown(a.title) or '(untitled)'} — {markdown(a.path)} record {a.record}, "
                   f"line {c.line}, offset {c.file_start}–{c.file_end}; article id {markdown(a.id)}")
        before = f"*{markdown(s.before)}* " if s.before else ""
        after = f" *{markdown(s.after)}*" if s.after else ""
        out += ["", f"  > {before}{highlight(s)}{after}", ""]
    out += ["| | figure | read as | unit | published | figure as of |", "|---|---|---|---|---|---|"]
    for name, s in (("A", v.a), ("B", v.b)):
        q = s.quantity
        out.append(f"| {name} | {markdown(q.text)} | {markdown(q.interval_text())} | {markdown(q.unit or q.kind)} | "
                   f"{s.article.date or 'undated'} | {s.when or 'unknown'} |")
    out.append("")
    return out


def write(result: Result, out: str | Path, verdicts: Mapping[str, Verdict] | None = None,
          show_settled: bool = True) -> tuple[Path, Path]:
    """Write every file in ``FILES`` to ``out``; returns the paths of report.json and report.md."""
    out = Path(out)
    j, m = out / "report.json", out / "report.md"
    atomic_write(j, (json.dumps(as_json(result, verdicts), ensure_ascii=False, indent=1) + "\n").encode("utf-8"))
    atomic_write(m, to_markdown(result, verdicts, show_settled).encode("utf-8"))
    atomic_write(out / "report.html", to_html(result, verdicts, show_settled, str(j)).encode("utf-8"))
    atomic_write(out / "flags.csv", to_csv(result, verdicts).encode("utf-8-sig"))
    return j, m
