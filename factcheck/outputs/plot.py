"""Values over time: for each measure of each subject with three or more dated figures,
the figures as intervals on a time axis, with the conflicts and changes between them.

Drawn with matplotlib into SVG. The SVG is deterministic (fixed hash salt, no date in its
metadata), so a report stays byte-identical across runs.
"""

from __future__ import annotations

import io
import math
import re
from dataclasses import dataclass
from datetime import date

from factcheck.pipeline import Result

MIN_POINTS = 3
SPREAD = 10.0  # the figures of one series are within this factor of each other: one measure, comparable
UNNAMED = ("amount", "total amount", "percentage", "total percentage")  # the words said too little to name it
LEVELS = frozenset({"money", "percent", "count"})  # kinds of figure that are a level of something (not a year, rank or score)
EPOCH = date(1970, 1, 1)  # matplotlib's default date epoch: a date is days since it
_ISO = re.compile(r"(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?$")


@dataclass(frozen=True)
class Point:
    when: date
    date_text: str  # as the text or the article gives it: "2018-05", "2018-05-22"
    text: str  # the figure as written
    value: float
    low: float
    high: float  # math.inf for "no upper bound"
    article_id: str
    claim_id: str
    quantity: int


@dataclass(frozen=True)
class Link:
    a: int  # indexes into Series.points
    b: int
    kind: str  # "conflict" | "changed"
    flag_id: str


@dataclass(frozen=True)
class Series:
    subject: str
    measure: str
    points: tuple[Point, ...]
    links: tuple[Link, ...]

    @property
    def title(self) -> str:
        return f"{self.subject}: {self.measure}" if self.subject else self.measure


def parse_when(text: str | None) -> date | None:
    """A date for the axis: a year is read as its middle, a month as its 15th."""
    m = _ISO.match(text or "")
    if not m:
        return None
    year, month, day = int(m.group(1)), m.group(2), m.group(3)
    try:
        if month is None:
            return date(year, 7, 1)
        return date(year, int(month), int(day) if day else 15)
    except ValueError:
        return None


def series(result: Result, min_points: int = MIN_POINTS) -> list[Series]:
    """Every (subject, measure) with at least ``min_points`` dated, comparable figures, most
    figures first.

    Plans, forecasts and rises or falls are left out (they are not levels), and so are years,
    ranks and scores; a figure repeated with the same date (a story filed twice) is drawn
    once. Only a named subject's figures with a role word (a valuation, a jobless rate: not a
    bare "percentage" or "amount (USD)") are drawn, and only those within ``SPREAD`` of each
    other (``comparable``): a series never puts $630m beside $1.76tn."""
    groups: dict[tuple[str, str], list[Point]] = {}
    for m in result.mentions:
        if m.hedged or m.moving or not m.role or m.quantity.kind not in LEVELS or m.measure.startswith(UNNAMED):
            continue
        c, q, text = m.claim, m.quantity, m.date
        when = parse_when(text)
        if when is None or text is None or not math.isfinite(q.value):
            continue
        subject = min(m.subjects) if m.subjects else ""
        point = Point(when, text, q.text, q.value, q.low, q.high, c.article_id, c.id, m.index)
        groups.setdefault((subject, m.measure), []).append(point)
    out = []
    for (subject, measure), points in groups.items():
        seen: dict[tuple[date, float, float], Point] = {}
        for p in sorted(points, key=lambda p: (p.when, p.article_id, p.claim_id, p.quantity)):
            seen.setdefault((p.when, p.low, p.high), p)
        kept = comparable(tuple(seen.values()))
        if len(kept) < min_points or not subject:
            continue
        out.append(Series(_spelled(subject, result, kept), measure, kept, _links(result, kept, points)))
    return sorted(out, key=lambda s: (-len(s.links), -len(s.points), s.title))


def comparable(points: tuple[Point, ...], spread: float = SPREAD) -> tuple[Point, ...]:
    """The largest set of ``points`` whose values are within ``spread`` of each other (one
    measure of one thing: "$630m" and "$1.76tn", "£6" and "four pence" are not), in their order."""
    values = sorted((abs(p.value), i) for i, p in enumerate(points))
    best: tuple[int, int] = (0, 0)
    lo = 0
    for hi in range(len(values)):
        while values[hi][0] > spread * values[lo][0]:
            lo += 1
        if hi + 1 - lo > best[1] - best[0]:
            best = (lo, hi + 1)
    keep = {i for _, i in values[best[0]:best[1]]}
    return tuple(p for i, p in enumerate(points) if i in keep)


def _spelled(subject: str, result: Result, points: tuple[Point, ...]) -> str:
    """The subject as the passages spell it ("SenseTime", not the normalised "sensetime")."""
    if not subject:
        return ""
    pattern = re.compile(r"\W*".join(map(re.escape, subject)), re.IGNORECASE)
    claims = result.claim_index
    for p in points:
        m = pattern.search(claims[p.claim_id].text)
        if m:
            return m.group(0)
    return subject[:1].upper() + subject[1:]


def _links(result: Result, kept: tuple[Point, ...], every: list[Point]) -> tuple[Link, ...]:
    """The flags between figures of the series (a dropped repeat stands for its kept twin; a
    figure left out as not comparable has none)."""
    index = {(p.when, p.low, p.high): i for i, p in enumerate(kept)}
    where = {(p.claim_id, p.quantity): index[k] for p in every if (k := (p.when, p.low, p.high)) in index}
    links: dict[tuple[int, int, str], Link] = {}
    for f in result.flags:
        a, b = where.get((f.a, f.a_quantity)), where.get((f.b, f.b_quantity))
        if a is not None and b is not None and a != b:
            links.setdefault((min(a, b), max(a, b), f.kind), Link(min(a, b), max(a, b), f.kind, f.id))
    return tuple(links[k] for k in sorted(links))


def short(x: float) -> str:
    for div, suffix in ((1e12, " tn"), (1e9, " bn"), (1e6, " m"), (1e3, " k")):
        if abs(x) >= div:
            return f"{x / div:.3g}{suffix}"
    return f"{x:.3g}"


COLOURS = {"conflict": "#b42318", "changed": "#b26b00", "figure": "#2f5bd3"}


def svg(s: Series) -> str:
    """The series as an SVG document (text kept as text, fonts from the page)."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot as plt
    from matplotlib.dates import AutoDateLocator, ConciseDateFormatter
    from matplotlib.ticker import FuncFormatter

    finite = [v for p in s.points for v in (p.low, p.value, p.high) if math.isfinite(v)]
    top = max(finite) * 1.25 if finite and max(finite) > 0 else 1.0
    with matplotlib.rc_context({"svg.hashsalt": "factcheck", "svg.fonttype": "none", "font.size": 9,
                                "axes.spines.top": False, "axes.spines.right": False}):
        fig, ax = plt.subplots(figsize=(7.2, 3.0), dpi=96)
        try:
            xs = [float((p.when - EPOCH).days) for p in s.points]  # matplotlib's date numbers
            for n, (x, p) in enumerate(zip(xs, s.points), 1):
                high = min(p.high, top)
                ax.vlines(x, p.low, high, colors=COLOURS["figure"], linewidth=6, alpha=0.28)
                if math.isinf(p.high):
                    ax.plot([x], [top], marker="^", color=COLOURS["figure"], alpha=0.6, markersize=7)
                ax.plot([x], [p.value], "o", color=COLOURS["figure"], markersize=5)
                ax.annotate(str(n), (x, p.value), textcoords="offset points", xytext=(6, -3),
                            fontsize=8, color="#1d2330")  # the report's table lists figure n
            for link in s.links:
                a, b = s.points[link.a], s.points[link.b]
                ax.plot([xs[link.a], xs[link.b]], [a.value, b.value], linestyle="--", linewidth=1.4,
                        color=COLOURS[link.kind], label=link.kind)
            handles, labels = ax.get_legend_handles_labels()
            if handles:
                unique = dict(zip(labels, handles))
                ax.legend(unique.values(), unique.keys(), loc="upper left", frameon=False, fontsize=8)
            ax.set_ylim(0, top * 1.04)
            pad = max((max(xs) - min(xs)) * 0.08, 10.0)  # days
            ax.set_xlim(min(xs) - pad, max(xs) + pad * 2.5)
            locator = AutoDateLocator()  # type: ignore[no-untyped-call]
            ax.xaxis.set_major_locator(locator)
            ax.xaxis.set_major_formatter(ConciseDateFormatter(locator))  # type: ignore[no-untyped-call]
            ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: short(v)))
            ax.set_title(s.title, loc="left", fontsize=10)
            ax.grid(axis="y", color="#dde1e8", linewidth=0.6)
            fig.tight_layout()
            buf = io.StringIO()
            fig.savefig(buf, format="svg", metadata={"Date": None})
        finally:
            plt.close(fig)
    text = buf.getvalue()
    return text[text.index("<svg"):]
