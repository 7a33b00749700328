"""``flags.csv``: one row a flag, for a spreadsheet.

UTF-8 with a byte-order mark (so Excel reads it as UTF-8), comma-separated, every field
quoted as needed by Python's ``csv`` module (passages with commas, quotes and line breaks
survive). Text cells that a spreadsheet would run as a formula (starting with ``=``, ``+``,
``-``, ``@``) get a leading ``'``, and control characters are dropped.

Columns: the flag (id, kind, measure, reason, similarity, confidence (empty while the flag
has none), score and its name (``scores``), verdict, verdict note, reviewer, fingerprint),
then for each side ``a_`` and ``b_``: the article id, file, record, line, title, publication
date, the date the figure is of, the figure as written, its interval (``low``, ``high``;
``high`` empty for "no upper bound"), unit, the passage, and where the article comes from
(``url``, ``outlet``, ``author``, ``story``; empty when the input does not say). An ``inconsistent`` flag has one passage: ``a_`` is the figure
as stated, ``b_`` its bracketed conversion, the article and passage the same on both.

Rows are in score order, highest first, flags without one last (``views.flag_views``).
"""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Mapping
from typing import Any

from factcheck.outputs.safe import csv_cell
from factcheck.outputs.views import FlagView, Side, flag_views
from factcheck.pipeline import Result
from factcheck.records import Verdict

SIDE = ("article", "file", "record", "line", "title", "published", "as_of", "figure", "low", "high", "unit", "passage",
        "url", "outlet", "author", "story")
COLUMNS = ("flag_id", "kind", "measure", "reason", "similarity", "confidence", "score", "score_name",
           "verdict", "verdict_note", "reviewer",
           "fingerprint", *(f"a_{c}" for c in SIDE), *(f"b_{c}" for c in SIDE))


def _side(s: Side) -> list[Any]:
    q = s.quantity
    return [csv_cell(s.article.id), csv_cell(s.article.path), s.article.record, s.claim.line,
            csv_cell(s.article.title), s.article.date or "", s.when or "", csv_cell(q.text),
            repr(q.low), "" if math.isinf(q.high) else repr(q.high), q.unit, csv_cell(s.claim.text),
            csv_cell(s.article.url), csv_cell(s.article.outlet), csv_cell(s.article.author), csv_cell(s.article.story)]


def row(v: FlagView) -> list[Any]:
    f, verdict = v.flag, v.verdict
    return [f.id, f.kind, csv_cell(f.measure), csv_cell(f.reason), f"{f.similarity:.4f}",
            "" if f.confidence is None else f"{f.confidence:.4f}",
            "" if v.score is None else f"{v.score.value:.4f}", "" if v.score is None else v.score.name,
            verdict.verdict if verdict else "", csv_cell(verdict.note if verdict else ""),
            csv_cell(verdict.reviewer if verdict else ""),
            f.fingerprint, *_side(v.a), *_side(v.b)]


def to_csv(result: Result, verdicts: Mapping[str, Verdict] | None = None) -> str:
    """Every flag, with or without a verdict (the verdict columns say which)."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(COLUMNS)
    for v in flag_views(result, verdicts):
        w.writerow(row(v))
    return buf.getvalue()
