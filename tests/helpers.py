"""Hand-built inputs for component tests: a claim or an article from a sentence, no earlier stage run."""

from __future__ import annotations

import hashlib

from factcheck.extract.quantities import parse_quantities
from factcheck.match.learned import PACKAGED, DecisionModel
from factcheck.records import Article, Claim

MODEL = DecisionModel.load(PACKAGED)  # the packaged decision model, passed explicitly as the CLI passes its own


def claim(text: str, article_id: str = "story.txt#1", date: str | None = None) -> Claim:
    """``text`` as a claim of its own, figures parsed; its id is the same in every process."""
    digest = hashlib.sha1(f"{article_id}\x00{text}".encode()).hexdigest()[:10]
    return Claim("c-" + digest, article_id, text, 0, len(text), 0, len(text), 1, parse_quantities(text), date)


def article(text: str, article_id: str = "story.txt#1", title: str = "", date: str | None = None) -> Article:
    path, _, record = article_id.partition("#")
    return Article(article_id, path, int(record or 1), 1, title, date, text)


def figure(c: Claim, text: str) -> int:
    """Index of the figure written ``text`` in claim ``c``."""
    return next(i for i, q in enumerate(c.quantities) if q.text == text)
