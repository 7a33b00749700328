"""The discrepancy report: ``report.json`` (a stable contract), ``report.md`` and
``report.html`` (for people, see ``html_report``) and ``flags.csv`` (see ``csv_export``).

``report.json``::

    {"version": 1, "model": "...",
     "articles": [{"id", "path", "record", "line", "title", "date", "url", "outlet", "author", "story"}],
     "stories":  [{"id", "articles", "inferred"}],
     "claims":   [{"id", "article_id", "text", "start", "end", "line", "date",
                   "quantities": [{"text", "value", "low", "high", "unit", "kind",
                                   "qualifier", "start", "end"}]}],
     "flags":    [{"id", "kind", "a", "b", "a_quantity", "b_quantity", "similarity",
                   "reason", "measure", "fingerprint", "confidence", "evidence", "score", "same_story", "verdict"}],
     "notes":    [{"path", "line", "message"}],
     "summary":  {"articles", "claims", "flagged_claims", "conflicts", "changes", "inconsistent"}}

Claim ``start``/``end`` are character offsets in the decoded source file; quantity
``start``/``end`` index the claim's ``text``; ``high`` is null for "no upper bound".

Flag kinds: ``conflict`` and ``changed`` pair figures of two articles (``a`` and ``b`` are
two claims). ``inconsistent`` is one passage whose bracketed currency conversion no
exchange rate of the article's year allows ("$1.8 billion (£9.4 million)"): ``a == b`` is
that claim, ``a_quantity`` the figure as stated, ``b_quantity`` its conversion, ``reason``
the implied rate against the year's average rate (and which year), ``similarity`` 1.0
(nothing was matched), ``measure`` "conversion (USD to GBP)"; its id hashes the kind, the
article and both figures as written, its fingerprint the passage.

``confidence`` is the learned decision's probability that the two figures are the same
attribute (``match.learned``; null for ``inconsistent``, where nothing was matched), and
``evidence`` what it was computed from: the contexts' cosine, how alike the sentences are,
the share of words they have in common and whether both name the same role word. ``score``
is the flag's named score (``scores``: that probability, or for the conversion channels how
far beyond tolerance the conversions are), ``{"value", "name"}``; the people's formats
(report.md, report.html, flags.csv) list flags by it, highest first, flags without one last,
ties in the order the run found them. An article's ``url``, ``outlet``, ``author`` and
``story`` are null when the input does not give them.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from factcheck.files import atomic_write
from factcheck.outputs.csv_export import to_csv
from factcheck.outputs.html_report import REVIEW_URL, reason, to_html
from factcheck.outputs.safe import markdown, markdown_url
from factcheck.outputs.scores import score
from factcheck.outputs.views import KINDS, FlagView, Side, by_measure, confidence_text, flag_views, settled
from factcheck.pipeline import Result
from factcheck.records import Flag, Verdict

VERSION = 1
FILES = ("report.json", "report.md", "report.html", "flags.csv")
__all__ = ["FILES", "VERSION", "as_json", "settled", "to_markdown", "write"]


def as_json(result: Result, verdicts: Mapping[str, Verdict] | None = None) -> dict[str, Any]:
    verdicts = verdicts or {}
    flagged = {c for f in result.flags for c in (f.a, f.b)}
    claims, articles = result.claim_index, result.article_index
    return {
        "version": VERSION,
        "model": result.model,
        "articles": [a.as_json() for a in result.articles],
        "claims": [c.as_json() for c in result.claims],
        "stories": [s.as_json() for s in result.stories],
        "flags": [{**f.as_json(), "score": s.as_json() if (s := score(f, claims, articles)) else None,
                   "verdict": v.as_json() if (v := verdicts.get(f.id)) else None} for f in result.flags],
        "notes": [{"path": n.path, "line": n.line, "message": n.message} for n in result.notes],
        "summary": {
            "articles": len(result.articles),
            "claims": len(result.claims),
            "flagged_claims": len(flagged),
            "conflicts": sum(f.kind == "conflict" for f in result.flags),
            "changes": sum(f.kind == "changed" for f in result.flags),
            "inconsistent": sum(f.kind == "inconsistent" for f in result.flags),
        },
    }


def counts_text(flags: list[Flag]) -> str:
    """"2 conflicts, 2 changes over time" (", 1 inconsistent conversion" when there are any)."""
    conflicts = sum(f.kind == "conflict" for f in flags)
    changes = sum(f.kind == "changed" for f in flags)
    inconsistent = sum(f.kind == "inconsistent" for f in flags)
    text = f"{conflicts} conflicts, {changes} changes over time"
    if inconsistent:
        text += f", {inconsistent} inconsistent conversion{'s' * (inconsistent != 1)}"
    return text


def highlight(side: Side) -> str:
    """The passage in Markdown: the flagged figure (both figures of an inconsistent conversion)
    in bold with a marker, the other figures plain."""
    return "".join(f"**{markdown(t)}** ◀" if role == "flagged" else markdown(t) for t, role in side.segments())


def to_markdown(result: Result, verdicts: Mapping[str, Verdict] | None = None,
                show_settled: bool = True) -> str:
    views = flag_views(result, verdicts)
    shown = [v for v in views if show_settled or not v.settled]
    kinds = [k for k in KINDS if any(v.flag.kind == k for v in shown)]
    lines = _md_head(result, len(views), len(shown))
    if shown:
        lines += _md_table(shown, kinds)
    for kind in kinds:
        lines += _md_kind(kind, shown)
    if not shown:
        lines += ["No conflicting figures found.", ""]
    if result.notes:
        lines += ["## Input notes", ""] + [f"- {markdown(n.path)} line {n.line}: {markdown(n.message)}"
                                           for n in result.notes] + [""]
    return "\n".join(lines)


def _md_head(result: Result, views: int, shown: int) -> list[str]:
    """The title, the counts and, when some are hidden, how many flags with a verdict are not listed."""
    lines = [
        "# factcheck report", "",
        f"{len(result.articles)} articles, {len(result.claims)} claims: {counts_text(result.flags)}. "
        f"Model: `{markdown(result.model)}`. "
        "The same report with the passages' context and plots: [report.html](report.html).", "",
    ]
    if shown < views:
        lines += [f"{views - shown} flags with a verdict are hidden (`--all` shows them); "
                  "flags whose passages changed since their verdict stay listed.", ""]
    return lines


def _md_table(shown: list[FlagView], kinds: list[str]) -> list[str]:
    """One row per measure: its flags of each kind and how many have a verdict."""
    columns = [k for k in KINDS if k != "inconsistent" or k in kinds]
    lines = ["| measure | " + " | ".join(_COLUMN[k] for k in columns) + " | with a verdict |",
             "|---|" + "--:|" * (len(columns) + 1)]
    for measure, vs in by_measure(shown):
        lines.append(f"| {markdown(measure)} | " + " | ".join(str(sum(v.flag.kind == k for v in vs)) for k in columns)
                     + f" | {sum(v.verdict is not None for v in vs)} |")
    lines.append("")
    return lines


def _md_kind(kind: str, shown: list[FlagView]) -> list[str]:
    """The section of one flag kind, a subsection per measure."""
    lines = [f"## {KINDS[kind][1]}", ""]
    for measure, vs in by_measure([v for v in shown if v.flag.kind == kind]):
        lines += [f"### {markdown(measure)}", ""]
        for v in vs:
            lines += _flag_md(v)
    return lines


_COLUMN = {"conflict": "conflicts", "inconsistent": "inconsistent conversions", "changed": "changes over time"}


def _flag_md(v: FlagView) -> list[str]:
    f = v.flag
    match = "One passage" if v.single else f"Similarity {f.similarity:.2f}"
    confidence = f" · {confidence_text(v)}" if v.score is not None else ""
    out = [f"#### {v.label}: {markdown(f.measure)} · flag {f.id}", "",
           f"{markdown(reason(f))}", "",
           f"{match}{confidence} · [review]({REVIEW_URL}#flag={f.id}) · [in report.html](report.html#flag-{f.id})"]
    if v.verdict:
        stale = " (passages changed since)" if v.stale else ""
        note = f": {markdown(v.verdict.note)}" if v.verdict.note else ""
        out[-1] += f" · verdict **{markdown(v.verdict.verdict)}**{stale}{note}"
    out.append("")
    for name, s in zip(("Passage",) if v.single else ("A", "B"), v.sides, strict=True):
        a, c = s.article, s.claim
        source = ", ".join(markdown(x) for x in (a.outlet, a.author) if x)
        link = f" · [original]({markdown_url(a.url)})" if markdown_url(a.url) else ""
        out.append(f"- **{name}**: {markdown(a.title) or '(untitled)'}{' — ' + source if source else ''}{link} — "
                   f"{markdown(a.path)} record {a.record}, line {c.line}, offset {c.file_start}–{c.file_end}; "
                   f"article id {markdown(a.id)}")
        before = f"*{markdown(s.before)}* " if s.before else ""
        after = f" *{markdown(s.after)}*" if s.after else ""
        out += ["", f"  > {before}{highlight(s)}{after}", ""]
    out += ["| | figure | read as | unit | published | figure as of |", "|---|---|---|---|---|---|"]
    for name, s in zip(("figure", "conversion") if v.single else ("A", "B"), (v.a, v.b), strict=True):
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
