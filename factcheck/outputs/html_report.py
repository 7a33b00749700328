"""``report.html``: the report for people, one self-contained file.

Rendered with Jinja2 (autoescape on: every piece of article text, title and file name is
escaped, and control characters are dropped first). Its CSS is inline and allowed by hash
in the page's Content-Security-Policy, which also forbids any script and any network
request; the values-over-time plots are SVG images in ``data:`` URLs. So the file works
offline from a ``file://`` URL, and markup inside an article stays text.
"""

from __future__ import annotations

import base64
import hashlib
import math
from collections import Counter
from collections.abc import Mapping
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from factcheck.outputs import plot
from factcheck.outputs.safe import printable
from factcheck.outputs.views import KINDS, FlagView, by_measure, confidence_text, flag_views
from factcheck.pipeline import Result
from factcheck.records import Flag, Verdict
from factcheck.review.server import HOST, REVIEW_PORT

REVIEW_URL = f"http://{HOST}:{REVIEW_PORT}/"
MAX_PLOTS = 30  # the series with most flags, then most figures; the page says how many more there are


def _finalize(value: Any) -> Any:
    """Every value the template prints loses its control characters (markup we made, such as the CSS, is left as is)."""
    return printable(value) if isinstance(value, str) and not isinstance(value, Markup) else value


def _environment() -> Environment:
    return Environment(loader=PackageLoader("factcheck.outputs", "templates"),
                       autoescape=select_autoescape(["html", "j2"], default=True),
                       undefined=StrictUndefined, finalize=_finalize, keep_trailing_newline=True)


def reason(flag: Flag) -> str:
    """The flag's reason as a sentence: without the measure it starts with, capitalised, with a full stop."""
    text = flag.reason.removeprefix(f"{flag.measure}: ").strip()
    text = text[:1].upper() + text[1:]
    return text if text.endswith((".", "!", "?")) else text + "."


def interval(low: float, high: float) -> str:
    if low == high:
        return plot.short(low)
    if math.isinf(high):
        return f"≥ {plot.short(low)}"
    return f"{plot.short(low)}–{plot.short(high)}"


def to_html(result: Result, verdicts: Mapping[str, Verdict] | None = None, show_settled: bool = True,
            report_json: str = "out/report.json") -> str:
    views = flag_views(result, verdicts)
    shown = [v for v in views if show_settled or not v.settled]
    env = _environment()
    css = env.loader.get_source(env, "report.css")[0] if env.loader else ""
    css_hash = "sha256-" + base64.b64encode(hashlib.sha256(css.encode()).digest()).decode()
    articles = result.article_index
    plots = []
    every = plot.series(result)
    for s in every[:MAX_PLOTS]:
        plots.append({"series": s, "image": base64.b64encode(plot.svg(s).encode()).decode(),
                      "intervals": [interval(p.low, p.high) for p in s.points],
                      "paths": [articles[p.article_id].path for p in s.points]})
    return env.get_template("report.html.j2").render(
        css=css, css_hash=css_hash, model=result.model, summary=_summary(result), hidden=len(views) - len(shown),
        flags=shown, by_measure=_by_measure(shown), involved=_involved(shown), plots=plots,
        groups=[{"kind": k, "heading": h, "flags": [v for v in shown if v.flag.kind == k]}
                for k, (_, h) in KINDS.items() if any(v.flag.kind == k for v in shown)],
        notes=result.notes, reason=reason, confidence=confidence_text,
        ranked=any(v.flag.confidence is not None for v in shown), review_url=REVIEW_URL, report_json=report_json,
        more_plots=len(every) - len(plots))


def _summary(result: Result) -> dict[str, int]:
    return {"articles": len(result.articles), "claims": len(result.claims),
            "conflicts": sum(f.kind == "conflict" for f in result.flags),
            "changes": sum(f.kind == "changed" for f in result.flags),
            "inconsistent": sum(f.kind == "inconsistent" for f in result.flags)}


def _by_measure(views: list[FlagView]) -> list[dict[str, Any]]:
    """A row per measure, in the order of ``views.by_measure``: flag counts by kind, and with a verdict."""
    rows = []
    for measure, vs in by_measure(views):
        c = Counter(v.flag.kind for v in vs)
        rows.append({"measure": measure, **{k: c[k] for k in KINDS}, "reviewed": sum(v.verdict is not None for v in vs)})
    return rows


def _involved(views: list[FlagView]) -> list[dict[str, Any]]:
    count: Counter[str] = Counter()
    seen = {}
    for v in views:
        for s in v.sides:
            count[s.article.id] += 1
            seen[s.article.id] = s.article
    return [{"path": a.path, "record": a.record, "title": a.title, "date": a.date, "count": count[a.id], "id": a.id}
            for a in sorted(seen.values(), key=lambda a: (a.path, a.record))]
