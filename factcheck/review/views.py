"""What the review page shows of ``report.json``: the report read and checked, and one view per flag
with both passages, its verdict and whether it is settled."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from factcheck.errors import StoreError
from factcheck.records import Verdict, confidence_order


def load_report(path: str | Path, sides: bool = False) -> dict[str, Any]:
    """``report.json`` as written by ``factcheck run``; ``StoreError`` naming what is wrong if unusable.
    With ``sides``, every flag must also name its two claims (what the review page shows)."""
    path = Path(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise StoreError(f"{path}: no report here. Run `factcheck run` first, or pass --report.") from None
    except (OSError, UnicodeDecodeError, ValueError, RecursionError) as e:
        raise StoreError(f"{path}: cannot read the report: {e}") from None
    if not isinstance(data, dict) or not isinstance(data.get("flags"), list):
        raise StoreError(f"{path}: not a factcheck report (no 'flags' list).")
    _check_report(path, data, sides)
    return data


def _check_report(path: Path, data: dict[str, Any], sides: bool) -> None:
    """The shapes the review reads, so a damaged report is named, not a traceback."""
    for key, needs in (("flags", ("id", "a", "b") if sides else ("id",)), ("claims", ("id",)), ("articles", ("id",))):
        items = data.get(key, [])
        if not isinstance(items, list):
            raise StoreError(f"{path}: '{key}' is not a list. Run `factcheck run` again.")
        for n, item in enumerate(items, 1):
            if not isinstance(item, dict) or not all(isinstance(item.get(k), str) for k in needs):
                raise StoreError(f"{path}: {key} entry {n} is not an object with text {', '.join(needs)}. "
                                 "Run `factcheck run` again.")
    for c in data.get("claims", []):
        qs = c.get("quantities", [])
        if not isinstance(qs, list) or not all(isinstance(q, dict) for q in qs):
            raise StoreError(f"{path}: claim {c['id']} has damaged quantities. Run `factcheck run` again.")


def flag_views(report: dict[str, Any], latest: dict[str, Verdict],
               assigned: dict[str, str] | None = None) -> list[dict[str, Any]]:
    """What the page shows for each flag: both passages (one, with both figures marked, for an
    inconsistent conversion), the verdict, settled or not; by confidence, highest first."""
    claims = {c["id"]: c for c in report.get("claims", [])}
    articles = {a["id"]: a for a in report.get("articles", [])}
    flags = sorted(report["flags"], key=lambda f: confidence_order(_confidence(f)))
    assigned = assigned or {}
    return [_flag_view(f, claims, articles, latest.get(f["id"]), assigned.get(f["id"])) for f in flags]


def _confidence(flag: dict[str, Any]) -> float | None:
    c = flag.get("confidence")
    return float(c) if isinstance(c, int | float) and not isinstance(c, bool) else None


def _flag_view(flag: dict[str, Any], claims: dict[str, Any], articles: dict[str, Any], verdict: Verdict | None,
               assigned: str | None) -> dict[str, Any]:
    stale = verdict is not None and verdict.is_stale(flag.get("fingerprint"))
    single = flag.get("a") == flag.get("b")  # an inconsistent conversion: one passage
    sides = [_side(flag, claims, articles, s) for s in (("a",) if single else ("a", "b"))]
    if single:
        sides[0]["marked"] = [flag.get("b_quantity")]  # its conversion, flagged beside the figure
    return {
        "id": flag["id"], "kind": flag.get("kind", ""), "measure": flag.get("measure", ""),
        "reason": flag.get("reason", ""), "similarity": flag.get("similarity"),
        "confidence": _confidence(flag), "single": single, "same_story": flag.get("same_story"),
        "verdict": verdict.as_json() if verdict else None,
        "stale": stale, "settled": verdict is not None and not stale,
        "assigned": assigned, "sides": sides,
    }


def _text(d: dict[str, Any], *keys: str) -> str | None:
    """The first of ``keys`` in ``d`` that holds non-empty text."""
    for k in keys:
        v = d.get(k)
        if isinstance(v, str) and v.strip():
            return v.strip()
    return None


def _side(flag: dict[str, Any], claims: dict[str, Any], articles: dict[str, Any], side: str) -> dict[str, Any]:
    claim = claims.get(flag[side])
    if claim is None:
        raise StoreError(f"report.json is inconsistent: flag {flag['id']} names claim {flag[side]}, "
                         "which it does not list. Run `factcheck run` again.")
    article = articles.get(claim.get("article_id"), {})
    url = _text(article, "url")
    return {
        "claim_id": claim["id"], "text": claim.get("text", ""),
        # the sentences around the claim, as report.html shows them, when report.json carries them
        "before": _text(claim, "before") or "", "after": _text(claim, "after") or "",
        "quantities": [{"start": q.get("start"), "end": q.get("end"), "text": q.get("text", "")}
                       for q in claim.get("quantities", [])],
        "flagged": flag.get(f"{side}_quantity"),
        "article_id": article.get("id", claim.get("article_id")),
        "path": article.get("path", ""), "record": article.get("record"), "title": article.get("title", ""),
        "url": url if url and url.lower().startswith(("https://", "http://")) else None,
        "outlet": _text(article, "outlet", "source"), "author": _text(article, "author"),
        "story": _text(article, "story"),
        "date": article.get("date"), "claim_date": claim.get("date"),
        "line": claim.get("line"), "start": claim.get("start"), "end": claim.get("end"),
    }
