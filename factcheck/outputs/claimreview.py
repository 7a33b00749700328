"""schema.org ClaimReview JSON-LD for the flags a reviewer confirmed, for a fact-check page.

Google's fact-check structured data needs, on each ClaimReview: ``claimReviewed`` (a short
summary of the claim, ideally under 75 characters), ``reviewRating`` (a ``Rating`` whose
``alternateName`` is the verdict in words) and ``url`` (the page that publishes the fact
check, optionally with an anchor); it recommends ``author`` (the organisation that checked),
``datePublished`` and ``itemReviewed`` (a ``Claim`` with ``appearance``,
``firstAppearance``, ``author`` and ``datePublished``).

One ClaimReview per confirmed flag (its latest verdict is ``confirmed`` and was given on
the passages as they are now): ``claimReviewed`` is the claim's own sentence (side A's, as the
flag lists it: "The deal valued SenseTime at over $4.5 billion."); the ``Claim`` reviewed is
named by both figures and their headlines, described by the pair of figures
("valuation (USD): over $4.5 billion vs $3 billion"); both articles are appearances of it
(``CreativeWork``: the article's ``url`` from the input, its headline, date, its outlet as
``author`` and its writer as ``creator``), the earlier dated one its first appearance, whose
outlet is the claim's ``author``. An article without a ``url`` in the input has a URL only
when its id or path is one; one without an outlet has no author (never its headline).

A confirmed ``inconsistent`` flag (a figure and its bracketed conversion that no exchange
rate of the article's year allows) is exported too: it is a published statement that can
be checked and is false ("$1.8 billion (£9.4 million)" says the two are equal), which is
what a ClaimReview rates. The claim reviewed is "conversion (USD to GBP): $1.8 billion as
£9.4 million", the rating "Inconsistent conversion", and its one article the appearance.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from factcheck.outputs.safe import one_line
from factcheck.records import Verdict

RATING = "Conflicting figures"  # what a confirmed flag means: two reports give figures that cannot both hold
RATINGS = {"inconsistent": "Inconsistent conversion"}  # a figure and its conversion that cannot both hold
MAX_SUMMARY = 75
MAX_CLAIM = 300  # claimReviewed: the claim's sentence, cut at a word beyond this


def _side(report: dict[str, Any], flag: Mapping[str, Any], side: str) -> dict[str, Any]:
    claims = {c["id"]: c for c in report.get("claims", [])}
    articles = {a["id"]: a for a in report.get("articles", [])}
    claim = claims[flag[side]]
    article = articles.get(claim["article_id"], {})
    quantity = claim["quantities"][flag[f"{side}_quantity"]]
    return {"claim": claim, "article": article, "figure": one_line(str(quantity.get("text", "")))}


def _work(s: Mapping[str, Any]) -> dict[str, Any]:
    """The article as a ``CreativeWork``: its URL (the input's ``url``, else an id or path that is
    one), headline, date, and its outlet as author (an ``Organization``; the writer, when known,
    as ``creator``)."""
    article = s["article"]
    work: dict[str, Any] = {"@type": "CreativeWork", "headline": one_line(str(article.get("title") or "")),
                            "identifier": one_line(str(article.get("id") or ""))}
    for key in ("url", "id", "path"):
        value = str(article.get(key) or "")
        if value.startswith(("https://", "http://")):
            work["url"] = value
            break
    date = article.get("date")
    if date:
        work["datePublished"] = date
    if article.get("outlet"):
        work["author"] = {"@type": "Organization", "name": one_line(str(article["outlet"]))}
    if article.get("author"):
        work["creator"] = {"@type": "Person", "name": one_line(str(article["author"]))}
    return work


def claim_text(claim: Mapping[str, Any], limit: int = MAX_CLAIM) -> str:
    """The claim's own sentence on one line, cut at a word to ``limit`` characters."""
    text = one_line(str(claim.get("text") or ""))
    if len(text) <= limit:
        return text
    return text[:limit - 1].rsplit(" ", 1)[0] + "…"


def summary(measure: str, a: str, b: str, joint: str = "vs") -> str:
    """"valuation (USD): over $4.5 billion vs $3 billion", shortened to ``MAX_SUMMARY`` at a word."""
    text = one_line(f"{measure}: {a} {joint} {b}")
    if len(text) <= MAX_SUMMARY:
        return text
    cut = text[:MAX_SUMMARY - 1].rsplit(" ", 1)[0]
    return cut + "…"


def claim_review(report: dict[str, Any], flag: Mapping[str, Any], verdict: Verdict, url: str,
                 publisher: str) -> dict[str, Any]:
    a, b = _side(report, flag, "a"), _side(report, flag, "b")
    one = flag["a"] == flag["b"]  # an inconsistent conversion: one passage, one article
    works = [_work(a)] if one else [_work(a), _work(b)]
    dated = sorted((w for w in works if "datePublished" in w), key=lambda w: w["datePublished"])
    first = dated[0] if dated else works[0]
    rating = RATINGS.get(str(flag.get("kind")), RATING)
    name = (f"{a['figure']} as {b['figure']} ({works[0]['headline']})" if one else
            f"{a['figure']} ({works[0]['headline']}) vs {b['figure']} ({works[1]['headline']})")
    claim: dict[str, Any] = {
        "@type": "Claim",
        "name": one_line(name),
        "description": summary(str(flag.get("measure") or "figure"), a["figure"], b["figure"], "as" if one else "vs"),
        "appearance": works,
        "firstAppearance": first,
    }
    if "author" in first:  # the outlet that published it first; never the headline
        claim["author"] = first["author"]
    if "datePublished" in first:
        claim["datePublished"] = first["datePublished"]
    return {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": f"{url}#flag={flag['id']}",
        "claimReviewed": claim_text(a["claim"]),
        "datePublished": verdict.at[:10],
        "author": {"@type": "Organization", "name": one_line(publisher)},
        "reviewRating": {"@type": "Rating", "alternateName": rating, "name": rating,
                         "ratingExplanation": one_line(str(flag.get("reason") or "")) +
                         (f" Reviewer's note: {one_line(verdict.note)}" if verdict.note else "")},
        "itemReviewed": claim,
        "identifier": flag["id"],
    }


def claim_reviews(report: dict[str, Any], latest: Mapping[str, Verdict], url: str,
                  publisher: str) -> list[dict[str, Any]]:
    """A ClaimReview for each flag of ``report`` whose verdict is ``confirmed`` on its current passages."""
    out = []
    for flag in report["flags"]:
        v = latest.get(flag["id"])
        if v is not None and v.verdict == "confirmed" and not v.is_stale(flag.get("fingerprint")):
            out.append(claim_review(report, flag, v, url, publisher))
    return out
