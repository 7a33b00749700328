"""``factcheck check`` results for people and machines: text, JSON, JUnit XML and GitHub
Actions annotations. Each formatter takes a :class:`~factcheck.base.check.Check` and returns text."""

from __future__ import annotations

import json
import shlex
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

from factcheck.base.check import Check, Side
from factcheck.base.ci_states import DESCRIBE, state
from factcheck.outputs.safe import one_line, printable, xml_text
from factcheck.records import Flag
from factcheck.review.verdicts import VERDICTS

VERSION = 1
TITLES = {"conflict": "conflict", "changed": "change over time", "inconsistent": "inconsistent conversion"}

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
        flags.append({**f.as_json(), "verdict": v.as_json() if (v := chk.verdict(f)) else None, "status": chk.status(f), "fails": chk.fails(f),
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
    return one_line(s.claim.text)


def _flag_lines(chk: Check, f: Flag) -> list[str]:
    new, other = chk.sides(f)
    status = DESCRIBE[state(chk.verdict(f), f.fingerprint)]
    v = chk.verdict(f)
    verdict = f" · verdict {one_line(v.verdict)}" if v else ""
    confidence = f" · confidence {f.confidence:.2f}" if f.confidence is not None else ""
    # Every piece of article text and every path goes through one_line: no control
    # character (an ESC sequence would drive the reader's terminal) and no line break.
    if f.a == f.b:  # an inconsistent conversion: one passage
        figure, conversion = chk.claims[f.a].quantities[f.a_quantity], chk.claims[f.a].quantities[f.b_quantity]
        return [
            f"{one_line(new.where)}: {f.kind} {f.id} ({status}{verdict}) · {one_line(f.measure)}{confidence}",
            f"  {one_line(f.reason)}",
            f"  new   {one_line(new.where)}: {one_line(figure.described())} converted as "
            f"{one_line(conversion.described())} in \"{_passage(new)}\"",
        ]
    return [
        f"{one_line(new.where)}: {f.kind} {f.id} ({status}{verdict}) · {one_line(f.measure)} · "
        f"similarity {f.similarity:.2f}{confidence}",
        f"  {one_line(f.reason)}",
        f"  new   {one_line(new.where)}: {one_line(new.quantity.described())} "
        f"in \"{_passage(new)}\"",
        f"  {'new ' if other.new else 'base'}  {one_line(other.where)}: {one_line(other.quantity.described())} "
        f"in \"{_passage(other)}\" "
        f"({other.article.date or 'undated'}, {one_line(other.article.title)})",
    ]


def summary_line(chk: Check) -> str:
    s = chk.summary()
    what = (f"{s['conflicts']} new conflict{'s' * (s['conflicts'] != 1)}, "
            f"{s['changes']} new change{'s' * (s['changes'] != 1)} over time")
    if s["inconsistent"]:
        what += f", {s['inconsistent']} new inconsistent conversion{'s' * (s['inconsistent'] != 1)}"
    confirmed = sum(state(chk.verdict(f), f.fingerprint) == "confirmed" for f in chk.flags)
    if confirmed:
        what += f", {confirmed} confirmed and not corrected (failing)"
    if s["reviewed"] - confirmed:
        what += f", {s['reviewed'] - confirmed} already reviewed"
    where = f" in {one_line(str(chk.base.path))}" if chk.base.path else ""
    articles = f"{s['checked']} article{'s' * (s['checked'] != 1)} ({s['claims']} claim{'s' * (s['claims'] != 1)})"
    return f"Checked {articles} against {s['base_claims']} claims{where}: {what}."


def to_text(chk: Check) -> str:
    lines: list[str] = []
    for f in chk.flags:
        lines += _flag_lines(chk, f) + [""]
    lines.append(summary_line(chk))
    return "\n".join(lines) + "\n"


def review_commands(chk: Check, store: str | Path | None = None, report: str | Path | None = None) -> str:
    """Commands that record a verdict on the first failing flag, and open the review page,
    as they must be typed (with ``--store``/``--report`` when not the defaults)."""
    first = next(f for f in chk.flags if chk.fails(f))
    extra = (f" --store {shlex.quote(str(store))}" if store else "") + (
        f" --report {shlex.quote(str(report))}" if report else "")
    page = f" --report {shlex.quote(str(report))}" if report else " --report out/check.json"
    page += f" --store {shlex.quote(str(store))}" if store else ""
    return (f"Review each failing flag, e.g.: factcheck verdict {first.id} confirmed{extra}\n"
            f"  (verdicts: {', '.join(VERDICTS)}), or all of them in the browser: factcheck review{page}\n"
            "A confirmed flag keeps failing until the article is fixed or `corrected` is recorded.\n"
            "Or fix the article.")


def to_junit(chk: Check) -> str:
    """JUnit XML: one test case per flag (a failure when it fails the check), and a
    passing test case for each checked article that raised none.

    Valid against Jenkins' junit-10 schema: a test case carries only ``classname``,
    ``name`` and ``time`` (the file and line are in its name: ``path:line``); text holds
    only characters XML 1.0 allows."""
    x = xml_text
    suites = ET.Element("testsuites", name="factcheck")
    s = chk.summary()
    flagged = {side.article.id for f in chk.flags for side in chk.sides(f) if side.new}
    quiet = [a for a in chk.new.articles if a.id not in flagged]
    seconds = "0"  # flags are findings, not timed tests; a fixed time keeps the output byte-identical
    suite = ET.SubElement(suites, "testsuite", name="factcheck check", tests=str(len(chk.flags) + len(quiet)),
                          failures=str(s["failing"]), errors="0", skipped="0", time=seconds)
    for f in chk.flags:
        new, other = chk.sides(f)
        case = ET.SubElement(suite, "testcase", classname=x(new.path),
                             name=x(f"{new.where} {f.kind} {f.id}: {other.quantity.text} as {new.quantity.text}"
                                    if f.a == f.b else f"{new.where} {f.kind} {f.id}: {new.quantity.text} vs "
                                    f"{other.quantity.text} ({other.where})"), time="0")
        body = "\n".join(_flag_lines(chk, f))
        if chk.fails(f):
            failure = ET.SubElement(case, "failure", type=f.kind, message=x(one_line(f.reason)))
            failure.text = x(body)
        else:
            ET.SubElement(case, "system-out").text = x(body)
    for a in quiet:
        ET.SubElement(suite, "testcase", classname=x(chk.shown[a.id]),
                      name=x(f"{chk.shown[a.id]}:{a.line}: no conflicting figures"), time="0")
    ET.indent(suites)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(suites, encoding="unicode") + "\n"


def _escape_data(s: str) -> str:
    return printable(s.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A"))


def _escape_property(s: str) -> str:
    return _escape_data(s).replace(":", "%3A").replace(",", "%2C")


def to_github(chk: Check) -> str:
    """GitHub Actions workflow commands: ``::error`` for a failing flag at the new article's
    line, ``::warning`` for a change, ``::notice`` for a reviewed flag."""
    lines = []
    for f in chk.flags:
        new, other = chk.sides(f)
        level = "error" if chk.fails(f) else "notice" if chk.status(f) == "reviewed" else "warning"
        title = f"factcheck {TITLES.get(f.kind, f.kind)}"
        v = chk.verdict(f)
        where = ("In this passage" if f.a == f.b else
                 f"{'Other new article' if other.new else 'On file'}: {other.where}")
        message = (f"{f.reason}. {where}: \"{_passage(other)}\" [flag {f.id}{', verdict ' + v.verdict if v else ''}]")
        lines.append(f"::{level} file={_escape_property(new.path)},line={new.claim.line},"
                     f"title={_escape_property(title)}::{_escape_data(message)}")
    lines.append(summary_line(chk))
    return "\n".join(lines) + "\n"


FORMATS = {"text": to_text, "json": to_json, "junit": to_junit, "github": to_github}
