"""``report.html``: the report for people, one self-contained file.

Rendered with Jinja2 (autoescape on: every piece of article text, title and file name is
escaped, and control characters are dropped first). Its CSS and its one small script are
inline and allowed by their hashes in the page's Content-Security-Policy, which forbids any
other script and any network request; the values-over-time plots are SVG images in
``data:`` URLs. So the file works offline from a ``file://`` URL, and markup inside an
article stays text. Links to an article's original are only ever http(s) (``safe.web_url``).

The flags are listed as disagreements (``groups``): each once with all its articles, surest
first, under their story when the input has stories; folded to a line or three each when
there are more than ``UNFOLDED``. The script (``templates/report.js``) adds search and filters
by kind and story, and unfolds what a ``#flag-ID`` link points into; without it every
disagreement is shown and ``<details>`` still fold and unfold.
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
from factcheck.outputs.groups import Disagreement, by_story, disagreements
from factcheck.outputs.safe import printable, web_url
from factcheck.outputs.views import KINDS, FlagView, by_measure, confidence_text, flag_views
from factcheck.pipeline import Result
from factcheck.records import Article, Flag, Verdict
from factcheck.review.server import HOST, REVIEW_PORT

REVIEW_URL = f"http://{HOST}:{REVIEW_PORT}/"
UNFOLDED = 5  # up to this many disagreements are shown open; more are listed folded, a line or three each
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


def _hash(text: str) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode()


def to_html(result: Result, verdicts: Mapping[str, Verdict] | None = None, show_settled: bool = True,
            report_json: str = "out/report.json") -> str:
    views = flag_views(result, verdicts)
    shown = [v for v in views if show_settled or not v.settled]
    env = _environment()
    css = env.loader.get_source(env, "report.css")[0] if env.loader else ""
    script = env.loader.get_source(env, "report.js")[0] if env.loader else ""
    articles = result.article_index
    plots = []
    every = plot.series(result)
    for s in every[:MAX_PLOTS]:
        plots.append({"series": s, "image": base64.b64encode(plot.svg(s).encode()).decode(),
                      "intervals": [interval(p.low, p.high) for p in s.points],
                      "articles": [articles[p.article_id] for p in s.points]})
    groups = disagreements(shown)
    anchor = {v.flag.id: g.anchor for g in groups for v in g.views}
    number = {g.anchor: i for i, g in enumerate(groups, 1)}
    return env.get_template("report.html.j2").render(
        css=css, css_hash=_hash(css), script=script, script_hash=_hash(script), model=result.model,
        summary=_summary(result), hidden=len(views) - len(shown), flags=shown, groups=groups,
        stories=by_story(groups), number=number, by_measure=_by_measure(shown, anchor), involved=_involved(groups, number),
        plots=plots, kinds=[(k, h) for k, (_, h) in KINDS.items() if any(v.flag.kind == k for v in shown)],
        notes=result.notes, reason=reason, confidence=confidence_text, search=_search, web_url=web_url,
        review_url=REVIEW_URL, report_json=report_json, more_plots=len(every) - len(plots), label=KINDS,
        unfold=len(groups) <= UNFOLDED)


def _search(g: Disagreement) -> str:
    """What the search box finds a disagreement by, lower-cased: its measure, figures, flag ids,
    and each article's title, outlet, author, story, id, file and passage."""
    parts = [g.best.flag.measure, g.best.flag.kind, *g.figures, *(v.flag.id for v in g.views)]
    for s in g.sides:
        a = s.article
        parts += [a.title, a.outlet, a.author, a.story, a.id, a.path, s.claim.text]
    return " ".join(" ".join(printable(p).split()) for p in parts if p).lower()


def _summary(result: Result) -> dict[str, int]:
    return {"articles": len(result.articles), "claims": len(result.claims),
            "conflicts": sum(f.kind == "conflict" for f in result.flags),
            "changes": sum(f.kind == "changed" for f in result.flags),
            "inconsistent": sum(f.kind == "inconsistent" for f in result.flags)}


def _by_measure(views: list[FlagView], anchor: Mapping[str, str]) -> list[dict[str, Any]]:
    """A row per measure, in the order of ``views.by_measure``: flag counts by kind, with a
    verdict, and the anchor of its most confident flag's disagreement."""
    rows = []
    for measure, vs in by_measure(views):
        c = Counter(v.flag.kind for v in vs)
        rows.append({"measure": measure, **{k: c[k] for k in KINDS}, "reviewed": sum(v.verdict is not None for v in vs),
                     "anchor": anchor[vs[0].flag.id]})
    return rows


def _involved(groups: list[Disagreement], number: Mapping[str, int]) -> list[dict[str, Any]]:
    """Each article of a flag once, with the disagreements it is in (their anchors and numbers)."""
    seen: dict[str, Article] = {}
    where: dict[str, list[str]] = {}
    for g in groups:
        for a in g.articles:
            seen.setdefault(a.id, a)
            if g.anchor not in where.setdefault(a.id, []):
                where[a.id].append(g.anchor)
    return [{"article": a, "groups": [(x, number[x]) for x in where[a.id]]}
            for a in sorted(seen.values(), key=lambda a: (a.path, a.record))]
