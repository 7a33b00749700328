"""The shape of a ClaimReview, written from schema.org's type definitions and Google's
fact-check structured-data page, to check what ``factcheck export --claimreview`` writes.

schema.org (https://schema.org/ClaimReview, /Claim, /CreativeWork, /Rating): each node's
``@type`` is one of the types below, each property it carries is one that type has (its own
or inherited from CreativeWork / Thing), and each value is of the property's range: Text, URL,
Date, a node of the named types, or a list of those.

Google (developers.google.com/search/docs/appearance/structured-data/factcheck): a
ClaimReview requires ``claimReviewed`` (Text), ``reviewRating`` (a Rating with
``alternateName``) and ``url`` (the fact-check page); it recommends ``author``,
``datePublished`` and ``itemReviewed`` (a Claim with ``appearance``, ``author``,
``datePublished``, ``firstAppearance``).
"""

from __future__ import annotations

import re
from typing import Any

TEXT, URL, DATE = "Text", "URL", "Date"
AGENT = ("Organization", "Person")
_THING = {"name": (TEXT,), "description": (TEXT,), "url": (URL,), "identifier": (TEXT, URL),
          "alternateName": (TEXT,)}
_WORK = {**_THING, "author": AGENT, "creator": AGENT, "publisher": AGENT, "datePublished": (DATE,),
         "headline": (TEXT,)}
TYPES: dict[str, dict[str, tuple[str, ...]]] = {
    "ClaimReview": {**_WORK, "claimReviewed": (TEXT,), "itemReviewed": ("Claim", "CreativeWork"),
                    "reviewRating": ("Rating",), "reviewBody": (TEXT,)},
    "Claim": {**_WORK, "appearance": ("CreativeWork",), "firstAppearance": ("CreativeWork",),
              "claimInterpreter": AGENT},
    "CreativeWork": _WORK,
    "Rating": {**_THING, "ratingExplanation": (TEXT,), "ratingValue": (TEXT,), "bestRating": (TEXT,),
               "worstRating": (TEXT,), "author": AGENT},
    "Organization": _THING,
    "Person": _THING,
}
_URL = re.compile(r"https?://\S+")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}(?:T[\d:.]+(?:Z|[+-]\d\d:\d\d)?)?")


def schema_problems(node: Any, where: str = "$", allowed: tuple[str, ...] = ("ClaimReview",)) -> list[str]:
    """Where ``node`` departs from schema.org's shape for the types ``allowed`` here."""
    if isinstance(node, list):
        return [p for i, x in enumerate(node) for p in schema_problems(x, f"{where}[{i}]", allowed)]
    if not isinstance(node, dict):
        return [f"{where}: expected one of {allowed}, got {type(node).__name__}"]
    kind = node.get("@type")
    if kind not in allowed or kind not in TYPES:
        return [f"{where}: @type {kind!r} is not one of {allowed}"]
    out = []
    for key, value in node.items():
        if key in ("@type", "@context"):
            continue
        ranges = TYPES[kind].get(key)
        if ranges is None:
            out.append(f"{where}.{key}: not a property of {kind}")
            continue
        values = value if isinstance(value, list) else [value]
        for i, v in enumerate(values):
            at = f"{where}.{key}" + (f"[{i}]" if isinstance(value, list) else "")
            if isinstance(v, dict):
                out += schema_problems(v, at, tuple(r for r in ranges if r in TYPES))
            elif not isinstance(v, str) or not v.strip():
                out.append(f"{at}: expected non-empty {'/'.join(ranges)}")
            elif ranges == (URL,) and not _URL.fullmatch(v):
                out.append(f"{at}: not a URL: {v!r}")
            elif ranges == (DATE,) and not _DATE.fullmatch(v):
                out.append(f"{at}: not an ISO date: {v!r}")
            elif TEXT not in ranges and URL not in ranges and DATE not in ranges:
                out.append(f"{at}: expected a {'/'.join(ranges)} node, got text")
    return out


def google_problems(review: dict[str, Any], recommended: bool = True) -> list[str]:
    """Google's required properties, and (``recommended``) the recommended ones."""
    out = []
    if review.get("@context") != "https://schema.org":
        out.append("@context")
    if not str(review.get("claimReviewed") or "").strip():
        out.append("claimReviewed")
    rating = review.get("reviewRating")
    if not isinstance(rating, dict) or not str(rating.get("alternateName") or "").strip():
        out.append("reviewRating.alternateName")
    if not _URL.fullmatch(str(review.get("url") or "")):
        out.append("url")
    if not recommended:
        return out
    if not (review.get("author") or {}).get("name"):
        out.append("author.name")
    if not _DATE.fullmatch(str(review.get("datePublished") or "")):
        out.append("datePublished")
    claim = review.get("itemReviewed") if isinstance(review.get("itemReviewed"), dict) else {}
    appearances = claim.get("appearance") or []
    if not appearances or not all(isinstance(a, dict) and _URL.fullmatch(str(a.get("url") or "")) for a in appearances):
        out.append("itemReviewed.appearance[].url")
    if not (claim.get("author") or {}).get("name"):
        out.append("itemReviewed.author.name")
    if not _DATE.fullmatch(str(claim.get("datePublished") or "")):
        out.append("itemReviewed.datePublished")
    if not _URL.fullmatch(str((claim.get("firstAppearance") or {}).get("url") or "")):
        out.append("itemReviewed.firstAppearance.url")
    return out
