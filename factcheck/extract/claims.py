"""Claims: the sentences of an article that carry quantities, with the quantities parsed."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator

from factcheck.extract.ages import exact_ages
from factcheck.extract.dates import sentence_date
from factcheck.extract.quantities import parse_figures
from factcheck.extract.sentences import is_furniture, is_ticker, split
from factcheck.records import Article, Claim, Note

MAX_SENTENCE = 600  # characters; longer "sentences" are run-ons and are cut at clause marks


def claim_id(article_id: str, text: str, occurrence: int = 0) -> str:
    key = f"{article_id}\x00{' '.join(text.split())}\x00{occurrence}"
    return "c" + hashlib.sha1(key.encode("utf-8")).hexdigest()[:12]


def _prose_spans(text: str) -> Iterator[tuple[int, int]]:
    """Spans of the lines that are prose, not web-page furniture or market-ticker text."""
    pos = 0
    for line in text.split("\n"):
        end = pos + len(line)
        if line.strip() and not is_furniture(line) and not is_ticker(line):
            yield pos, end
        pos = end + 1


def _sentences(text: str) -> Iterator[tuple[int, int]]:
    for lo, hi in _prose_spans(text):
        for s, e in split(text, lo, hi):
            while e - s > MAX_SENTENCE:
                cut = max(text.rfind(c, s, s + MAX_SENTENCE) for c in ";,")
                cut = cut + 1 if cut > s else s + MAX_SENTENCE
                yield s, cut
                s = cut
                while s < e and text[s].isspace():
                    s += 1
            if e > s:
                yield s, e


def extract(article: Article, notes: list[Note] | None = None) -> list[Claim]:
    """The claims of one article, in text order. A figure that cannot be true ("$1e308
    billion", "$3-$2 billion") is no quantity; with ``notes`` given, each gets a note there."""
    claims: list[Claim] = []
    seen: dict[str, int] = {}
    for s, e in _sentences(article.text):
        sentence = article.text[s:e]
        quantities, rejected = parse_figures(sentence)
        if notes is not None:
            notes += [Note(article.path, article.file_line(s + r.start),
                           f"{article.id}: {r.text!r} is no figure: {r.reason}") for r in rejected]
        if not quantities:
            continue
        quantities = exact_ages(sentence, quantities)
        occurrence = seen.get(sentence, 0)
        seen[sentence] = occurrence + 1
        claims.append(Claim(
            id=claim_id(article.id, sentence, occurrence),
            article_id=article.id,
            text=sentence,
            start=s,
            end=e,
            file_start=article.file_offset(s),
            file_end=article.file_offset(e),  # past the last character, however it is written in the file
            line=article.file_line(s),
            quantities=quantities,
            date=sentence_date(sentence, article.date),
        ))
    return claims


def extract_all(articles: Iterable[Article], notes: list[Note] | None = None) -> list[Claim]:
    return [c for a in articles for c in extract(a, notes)]
