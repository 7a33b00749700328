"""``factcheck check`` results for people and machines: text, JSON, JUnit XML and GitHub
Actions annotations. Each formatter takes a :class:`~factcheck.base.check.Check` and returns text."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from typing import Any

from factcheck.base.check import Check, Side
from factcheck.records import Flag

VERSION = 1

def _articles_json(chk: Check) -> list[dict[str, Any]]:
    named = {chk.claims[cid].article_id for f in chk.flags for cid in (f.a, f.b)}
    out = []
    for aid in sorted(named, key=lambda k: (k not in chk.shown, chk.shown.get(k, ""), k)):
        a = chk.articles[aid]
        out.append({**a.as_json(), "path": chk.shown.get(aid, a.path), "new": aid in chk.shown})
    return out


def to_json(chk: Check) -> str:
    """The flags as in report.json, with the claims and articles they name, and a summary."""
    flags = []
    for f in chk.flags:
        new, _ = chk.sides(f)
        flags.append({**f.as_json(), "verdict": chk.verdict(f), "status": chk.status(f), "fails": chk.fails(f),
                      "new": [s for s, cid in (("a", f.a), ("b", f.b)) if chk.claims[cid].article_id in chk.shown],
                      "file": new.path, "line": new.claim.line})
    named = sorted({cid for f in chk.flags for cid in (f.a, f.b)},
                   key=lambda cid: (chk.claims[cid].article_id not in chk.shown, chk.claims[cid].article_id,
                                    chk.claims[cid].file_start))
    data = {
        "version": VERSION,
        "model": chk.base.model,
        "base": {"path": str(chk.base.path) if chk.base.path else None, "articles": len(chk.base.articles),
                 "claims": len(chk.base.claims), "mentions": len(chk.base.mentions)},
        "checked": [{**a.as_json(), "path": chk.shown[a.id],
                     "claims": sum(c.article_id == a.id for c in chk.new.claims)} for a in chk.new.articles],
        "articles": _articles_json(chk),
        "claims": [chk.claims[cid].as_json() for cid in named],
        "flags": flags,
        "notes": [{"path": n.path, "line": n.line, "message": n.message} for n in chk.new.notes],
        "summary": chk.summary(),
    }
    return json.dumps(data, ensure_ascii=False, indent=1) + "\n"


def _passage(s: Side) -> str:
    return " ".join(s.claim.text.split())


def _flag_lines(chk: Check, f: Flag) -> list[str]:
    new, other = chk.sides(f)
    status = {"new": "new", "reviewed": "reviewed", "stale": "verdict stale: passages changed since"}[chk.status(f)]
    v = chk.verdict(f)
    verdict = f" · verdict {v.get('verdict')}" if v else ""
    return [
        f"{new.where}: {f.kind} {f.id} ({status}{verdict}) · {f.measure} · similarity {f.similarity:.2f}",
        f"  {f.reason}",
        f"  new   {new.where}: {new.quantity.text} ({new.quantity.interval_text()}) in \"{_passage(new)}\"",
        f"  {'new ' if other.new else 'base'}  {other.where}: {other.quantity.text} ({other.quantity.interval_text()}) "
        f"in \"{_passage(other)}\" ({other.article.date or 'undated'}, {other.article.title})",
    ]


def summary_line(chk: Check) -> str:
    s = chk.summary()
    what = (f"{s['conflicts']} new conflict{'s' * (s['conflicts'] != 1)}, "
            f"{s['changes']} new change{'s' * (s['changes'] != 1)} over time")
    if s["reviewed"]:
        what += f", {s['reviewed']} already reviewed"
    where = f" in {chk.base.path}" if chk.base.path else ""
    articles = f"{s['checked']} article{'s' * (s['checked'] != 1)} ({s['claims']} claim{'s' * (s['claims'] != 1)})"
    return f"Checked {articles} against {s['base_claims']} claims{where}: {what}."


def to_text(chk: Check) -> str:
    lines: list[str] = []
    for f in chk.flags:
        lines += _flag_lines(chk, f) + [""]
    lines.append(summary_line(chk))
    if chk.exit_code:
        lines.append("Review the flags with `factcheck verdict FLAG_ID VERDICT`, or fix the article.")
    return "\n".join(lines) + "\n"


def to_junit(chk: Check) -> str:
    """JUnit XML: one test case per flag (a failure when it fails the check), and a
    passing test case for each checked article that raised none."""
    suites = ET.Element("testsuites", name="factcheck")
    s = chk.summary()
    flagged = {side.article.id for f in chk.flags for side in chk.sides(f) if side.new}
    quiet = [a for a in chk.new.articles if a.id not in flagged]
    suite = ET.SubElement(suites, "testsuite", name="factcheck check", tests=str(len(chk.flags) + len(quiet)),
                          failures=str(s["failing"]), errors="0", skipped="0")
    for f in chk.flags:
        new, other = chk.sides(f)
        case = ET.SubElement(suite, "testcase", classname=new.path,
                             name=f"{new.where} {f.kind} {f.id}: {new.quantity.text} vs {other.quantity.text} "
                                  f"({other.where})",
                             file=new.path, line=str(new.claim.line))
        body = "\n".join(_flag_lines(chk, f))
        if chk.fails(f):
            failure = ET.SubElement(case, "failure", type=f.kind, message=f.reason)
            failure.text = body
        else:
            ET.SubElement(case, "system-out").text = body
    for a in quiet:
        ET.SubElement(suite, "testcase", classname=chk.shown[a.id],
                      name=f"{chk.shown[a.id]}: no conflicting figures", file=chk.shown[a.id], line=str(a.line))
    ET.indent(suites)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(suites, encoding="unicode") + "\n"


def _escape_data(s: str) -> str:
    return s.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(s: str) -> str:
    return _escape_data(s).replace(":", "%3A").replace(",", "%2C")


def to_github(chk: Check) -> str:
    """GitHub Actions workflow commands: ``::error`` for a failing flag at the new article's
    line, ``::warning`` for a change, ``::notice`` for a reviewed flag."""
    lines = []
    for f in chk.flags:
        new, other = chk.sides(f)
        level = "error" if chk.fails(f) else "notice" if chk.status(f) == "reviewed" else "warning"
        title = f"factcheck {'conflict' if f.kind == 'conflict' else 'change over time'}"
        v = chk.verdict(f)
        message = (f"{f.reason}. {'Other new article' if other.new else 'On file'}: {other.where}: "
                   f"\"{_passage(other)}\" [flag {f.id}{', verdict ' + str(v.get('verdict')) if v else ''}]")
        lines.append(f"::{level} file={_escape_property(new.path)},line={new.claim.line},"
                     f"title={_escape_property(title)}::{_escape_data(message)}")
    lines.append(summary_line(chk))
    return "\n".join(lines) + "\n"


FORMATS = {"text": to_text, "json": to_json, "junit": to_junit, "github": to_github}
