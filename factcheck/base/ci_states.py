"""What a flag means for CI, given the verdict on it: the one place `check` and `update` ask.

The states of a flag (``state``):

- ``new``: no verdict. A conflict or an inconsistent conversion fails `check`; a change over
  time only with ``--strict``.
- ``stale``: a verdict given on passages that changed since. It counts as ``new``.
- ``confirmed``: a reviewer confirmed the figures disagree (the article is wrong) on the
  passages as they are now. It keeps failing `check` until the article changes (its passage,
  so the flag's fingerprint, changes: the verdict goes stale) or a correction is recorded.
- ``corrected``: the verdict ``corrected`` (the outlet published a correction, or the
  article was fixed at its source) on a confirmed flag. It passes.
- ``settled``: ``not_a_conflict``, ``changed_over_time`` or ``extraction_error``. It passes.

`update` refuses to add an article that holds the passage of a ``confirmed`` flag (it would
put a known-wrong figure into the base) unless told to (``--allow-confirmed``); the flags come
from the reports `check` and `run` saved (``out/check.json``, ``out/report.json``) and their
latest verdicts from the verdict store.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from factcheck.records import Article, Verdict, review_status

FAILING = frozenset({"conflict", "inconsistent"})  # kinds that fail a check while new
SETTLING = frozenset({"not_a_conflict", "changed_over_time", "extraction_error", "corrected"})
STATES = ("new", "stale", "confirmed", "corrected", "settled")


def state(verdict: Verdict | None, fingerprint: str | None) -> str:
    """The flag's CI state (see the module's docstring)."""
    status = review_status(verdict, fingerprint)
    if status != "reviewed" or verdict is None:
        return status
    if verdict.verdict == "confirmed":
        return "confirmed"
    return "corrected" if verdict.verdict == "corrected" else "settled"


def fails(kind: str, verdict: Verdict | None, fingerprint: str | None, strict: bool = False) -> bool:
    """Whether the flag fails `check`: a confirmed, uncorrected flag always; an unreviewed
    (or stale) conflict or inconsistent conversion; an unreviewed change with ``strict``."""
    s = state(verdict, fingerprint)
    if s == "confirmed":
        return True
    return s in ("new", "stale") and (kind in FAILING or strict)


DESCRIBE = {"new": "new", "stale": "verdict stale: passages changed since",
            "confirmed": "confirmed: the figures disagree and no correction is recorded",
            "corrected": "corrected", "settled": "reviewed"}


@dataclass(frozen=True)
class Blocked:
    """An article `update` will not add: it still holds the passage of a confirmed flag."""

    article: Article
    flag_id: str
    passage: str
    report: Path

    def __str__(self) -> str:
        return (f"{self.article.path}: flag {self.flag_id} is confirmed (its figures disagree) and no correction "
                f"is recorded, and the article still says: \"{' '.join(self.passage.split())[:160]}\" "
                f"(flag in {self.report})")


def blocked(articles: Sequence[Article], latest: Mapping[str, Verdict], reports: Iterable[Path]) -> list[Blocked]:
    """The articles that hold the passage of a flag whose latest verdict is ``confirmed`` on
    the passages of that flag (in one of ``reports``, report.json or check.json files)."""
    out: list[Blocked] = []
    seen: set[tuple[str, str]] = set()
    for path in reports:
        report = _read(path)
        claims = {c.get("id"): c for c in report.get("claims", []) if isinstance(c, dict)}
        for f in report.get("flags", []):
            if not isinstance(f, dict):
                continue
            v = latest.get(str(f.get("id")))
            if state(v, f.get("fingerprint")) != "confirmed":
                continue
            for cid in {f.get("a"), f.get("b")}:
                c = claims.get(cid)
                if not c:
                    continue
                passage = " ".join(str(c.get("text", "")).split())
                for a in articles:
                    if passage and _same_article(a, str(c.get("article_id", ""))) and passage in " ".join(a.text.split()) \
                            and (a.id, str(f["id"])) not in seen:
                        seen.add((a.id, str(f["id"])))
                        out.append(Blocked(a, str(f["id"]), passage, path))
    return out


def _same_article(a: Article, article_id: str) -> bool:
    """The stored id names this article: the same id, or the same file and record given
    another way (`check` names a new article by the path typed on its command line)."""
    if a.id == article_id:
        return True
    path, _, record = article_id.rpartition("#")
    return record == a.id.rpartition("#")[2] and (path.endswith("/" + a.path) or a.path.endswith("/" + path))


def _read(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}
