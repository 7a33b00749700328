"""The discrepancy report: ``report.json`` (a stable contract) and ``report.md`` (for people).

``report.json``::

    {"version": 1, "model": "...",
     "articles": [{"id", "path", "record", "line", "title", "date"}],
     "claims":   [{"id", "article_id", "text", "start", "end", "line", "date",
                   "quantities": [{"text", "value", "low", "high", "unit", "kind",
                                   "qualifier", "start", "end"}]}],
     "flags":    [{"id", "kind", "a", "b", "a_quantity", "b_quantity", "similarity",
                   "reason", "measure", "fingerprint", "verdict"}],
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
from factcheck.pipeline import Result
from factcheck.records import Article, Claim, Flag

VERSION = 1


def settled(flag: Flag, verdicts: Mapping[str, Mapping[str, Any]]) -> bool:
    """A flag is settled when it has a verdict given on the passages as they are now."""
    v = verdicts.get(flag.id)
    return v is not None and v.get("fingerprint") in (None, flag.fingerprint)


def to_json(result: Result, verdicts: Mapping[str, Mapping[str, Any]] | None = None) -> dict[str, Any]:
    verdicts = verdicts or {}
    flagged = {c for f in result.flags for c in (f.a, f.b)}
    return {
        "version": VERSION,
        "model": result.model,
        "articles": [a.as_json() for a in result.articles],
        "claims": [c.as_json() for c in result.claims],
        "flags": [{**f.as_json(), "verdict": verdicts.get(f.id)} for f in result.flags],
        "notes": [{"path": n.path, "line": n.line, "message": n.message} for n in result.notes],
        "summary": {
            "articles": len(result.articles),
            "claims": len(result.claims),
            "flagged_claims": len(flagged),
            "conflicts": sum(f.kind == "conflict" for f in result.flags),
            "changes": sum(f.kind == "changed" for f in result.flags),
        },
    }


def highlight(claim: Claim, only: int | None = None) -> str:
    """The claim's text with its figures in bold (the flagged one in bold italics)."""
    out, pos = [], 0
    for i, q in enumerate(claim.quantities):
        out.append(_md_escape(claim.text[pos:q.start]))
        mark = "***" if i == only else "**"
        out.append(f"{mark}{_md_escape(q.text)}{mark}")
        pos = q.end
    out.append(_md_escape(claim.text[pos:]))
    return "".join(out)


def _md_escape(s: str) -> str:
    for ch in "\\`*_[]<>|":
        s = s.replace(ch, "\\" + ch)
    return s


def to_markdown(result: Result, verdicts: Mapping[str, Mapping[str, Any]] | None = None,
                show_settled: bool = True) -> str:
    verdicts = verdicts or {}
    claims, articles = result.claim_index, result.article_index
    flags = [f for f in result.flags if show_settled or not settled(f, verdicts)]
    lines = [
        "# factcheck report", "",
        f"{len(result.articles)} articles, {len(result.claims)} claims, "
        f"{sum(f.kind == 'conflict' for f in result.flags)} conflicts, "
        f"{sum(f.kind == 'changed' for f in result.flags)} changes over time. Model: `{result.model}`.", "",
    ]
    if len(flags) < len(result.flags):
        lines += [f"{len(result.flags) - len(flags)} flags with a verdict are hidden (`--all` shows them); "
                  "flags whose passages changed since their verdict stay listed.", ""]
    by_measure: dict[str, list[Flag]] = defaultdict(list)
    for f in flags:
        by_measure[f.measure].append(f)
    for kind, heading in (("conflict", "Conflicts"), ("changed", "Changes over time")):
        groups = {m: [f for f in fs if f.kind == kind] for m, fs in by_measure.items()}
        groups = {m: fs for m, fs in groups.items() if fs}
        if not groups:
            continue
        lines += [f"## {heading}", ""]
        for measure in sorted(groups, key=lambda m: (-len(groups[m]), m)):
            lines += [f"### {measure}", ""]
            for f in groups[measure]:
                lines += _flag_md(f, claims, articles, verdicts.get(f.id))
    if not flags:
        lines += ["No conflicting figures found.", ""]
    if result.notes:
        lines += ["## Input notes", ""] + [f"- `{n.path}` line {n.line}: {n.message}" for n in result.notes] + [""]
    return "\n".join(lines)


def _flag_md(f: Flag, claims: Mapping[str, Claim], articles: Mapping[str, Article], verdict: Mapping[str, Any] | None) -> list[str]:
    out = [f"#### `{f.id}` {f.kind}: {f.reason}", "", f"similarity {f.similarity:.2f}"]
    if verdict:
        stale = " (passages changed since)" if verdict.get("fingerprint") not in (None, f.fingerprint) else ""
        out[-1] += f" · verdict **{verdict.get('verdict')}**{stale}"
    out.append("")
    for side, cid, qi in (("A", f.a, f.a_quantity), ("B", f.b, f.b_quantity)):
        c = claims[cid]
        a = articles[c.article_id]
        q = c.quantities[qi]
        out.append(f"- **{side}** `{a.path}` record {a.record}, line {c.line}, offset {c.file_start}–{c.file_end}"
                   f" · {a.date or 'undated'}{' · in-text date ' + c.date if c.date else ''}"
                   f" · {_md_escape(a.title)}")
        out.append(f"  > {highlight(c, qi)}")
        out.append(f"  parsed: {_md_escape(q.text)} → {q.unit or q.kind} {q.interval_text()}")
    out.append("")
    return out


def write(result: Result, out: str | Path, verdicts: Mapping[str, Mapping[str, Any]] | None = None,
          show_settled: bool = True) -> tuple[Path, Path]:
    out = Path(out)
    j, m = out / "report.json", out / "report.md"
    atomic_write(j, (json.dumps(to_json(result, verdicts), ensure_ascii=False, indent=1) + "\n").encode("utf-8"))
    atomic_write(m, to_markdown(result, verdicts, show_settled).encode("utf-8"))
    return j, m
