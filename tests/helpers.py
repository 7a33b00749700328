"""Hand-built inputs for component tests: a claim or an article from a sentence, no earlier stage run."""

from __future__ import annotations

from factcheck.extract.quantities import parse_quantities
from factcheck.records import Article, Claim


def claim(text: str, article_id: str = "story.txt#1", date: str | None = None) -> Claim:
    """``text`` as a claim of its own, figures parsed."""
    return Claim("c-" + str(abs(hash(text)) % 10**8), article_id, text, 0, len(text), 0, len(text), 1,
                 parse_quantities(text), date)


def article(text: str, article_id: str = "story.txt#1", title: str = "", date: str | None = None) -> Article:
    path, _, record = article_id.partition("#")
    return Article(article_id, path, int(record or 1), 1, title, date, text)


def figure(c: Claim, text: str) -> int:
    """Index of the figure written ``text`` in claim ``c``."""
    return next(i for i, q in enumerate(c.quantities) if q.text == text)
