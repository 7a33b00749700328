"""Stories: which articles report one event. Two figures of one story are compared on the
evidence of what they measure; two figures of different stories only when the evidence is
overwhelming (a near-identical sentence), since different events share words and round
numbers by chance ("12 people were arrested" in two different riots).

A story comes from the input when it says (a JSONL record's ``story`` field); the articles
without one are grouped by their text: TF-IDF vectors of their words (English stop words out,
sublinear term frequency), cosine similarity, and average-linkage clustering cut at
``SIMILARITY`` (two groups join when their articles are on average at least that alike).
Articles dated more than ``MAX_DAYS`` apart are never one story. Measured on multinews_dev
(see docs/stories.md): pairwise precision and recall against its story field.

An article's story id is the given one, or ``~`` and the first article's id of its group for
an inferred one, so inferred and given ids never collide.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from factcheck.extract.lexicon import TFIDF_STOP_WORDS
from factcheck.records import Article, Claim, Flag

SIMILARITY = 0.2  # average TF-IDF cosine at which two groups of articles are one story
MAX_DAYS = 14  # articles dated further apart than this are different stories
BLOCK = 3000  # inference clusters at most this many articles at once (by date order): memory is quadratic
_TOKEN = r"(?u)\b[a-zA-Z][a-zA-Z'-]+\b"
_WORDS = re.compile(_TOKEN)


@dataclass(frozen=True)
class Story:
    id: str
    articles: tuple[str, ...]  # article ids
    inferred: bool  # grouped from the text, not given by the input

    def as_json(self) -> dict[str, object]:
        return {"id": self.id, "articles": list(self.articles), "inferred": self.inferred}


def group(articles: Sequence[Article], given: dict[str, str] | None = None) -> list[Story]:
    """The stories of ``articles``: from ``given`` (article id -> story id; by default each
    article's own ``story`` field) where known, the rest inferred from the text."""
    if given is None:
        given = {a.id: a.story for a in articles if a.story}
    by_story: dict[str, list[str]] = defaultdict(list)
    for a in articles:
        if a.id in given:
            by_story[given[a.id]].append(a.id)
    # an id of ours ("~...") was inferred by an earlier pass (``load_sources``, then ``analyse``)
    stories = [Story(sid, tuple(ids), sid.startswith("~")) for sid, ids in by_story.items()]
    rest = [a for a in articles if a.id not in given]
    rest.sort(key=lambda a: a.date or "")
    for lo in range(0, len(rest), BLOCK):
        for ids in _infer(rest[lo:lo + BLOCK]):
            stories.append(Story("~" + ids[0], tuple(ids), True))
    return stories


def assign(articles: Sequence[Article]) -> tuple[list[Article], list[Story]]:
    """The articles with their story (given or inferred) in ``story``, and the stories."""
    from dataclasses import replace

    stories = group(articles)
    of = story_of(stories)
    return [a if a.story == of[a.id] else replace(a, story=of[a.id]) for a in articles], stories


def mark(flags: Sequence[Flag], claims: Sequence[Claim], articles: Sequence[Article]) -> list[Flag]:
    """The flags, each saying whether its two articles report one story (None where a story is unknown)."""
    from dataclasses import replace

    story = {a.id: a.story or None for a in articles}
    where = {c.id: story.get(c.article_id) for c in claims}
    out = []
    for f in flags:
        if f.a == f.b:  # one passage ("inconsistent"): no pair of articles
            out.append(f)
            continue
        sa, sb = where.get(f.a), where.get(f.b)
        out.append(replace(f, same_story=None if sa is None or sb is None else sa == sb))
    return out


def story_of(stories: Sequence[Story]) -> dict[str, str]:
    """Article id -> story id."""
    return {aid: s.id for s in stories for aid in s.articles}


def _infer(articles: Sequence[Article]) -> list[list[str]]:
    """Groups of article ids, each one story, in the order of their first article."""
    if len(articles) < 2:
        return [[a.id] for a in articles]
    import numpy as np
    from scipy.cluster.hierarchy import fcluster, linkage  # type: ignore[import-untyped]
    from scipy.spatial.distance import squareform  # type: ignore[import-untyped]

    sim = likeness([a.text for a in articles])
    if sim is None:  # no words at all (figures only): nothing tells the articles together
        return [[a.id] for a in articles]
    far = _far_apart([a.date for a in articles])
    if far is not None:
        sim[far] = 0.0
    dist = np.clip(1.0 - sim, 0.0, 1.0)
    np.fill_diagonal(dist, 0.0)
    labels = fcluster(linkage(squareform(dist, checks=False), "average"), 1.0 - SIMILARITY, "distance")
    groups: dict[int, list[str]] = defaultdict(list)
    for a, k in zip(articles, labels.tolist()):
        groups[k].append(a.id)
    place = {a.id: i for i, a in enumerate(articles)}
    return sorted(groups.values(), key=lambda ids: place[ids[0]])


def tfidf(texts: Sequence[str]) -> Any:
    """Whole texts as TF-IDF vectors, a sparse matrix of unit rows; None when the texts have no words
    at all. As scikit-learn's ``TfidfVectorizer(sublinear_tf=True, stop_words="english")`` computes
    them (lower-cased words of ``_TOKEN``, tf 1 + ln(count), idf ln((1 + n) / (1 + df)) + 1), written
    out so that grouping stories does not import scikit-learn (2 s of start-up);
    tests/test_stories.py checks the two agree."""
    import numpy as np
    from scipy.sparse import csr_matrix  # type: ignore[import-untyped]

    vocab: dict[str, int] = {}
    rows: list[int] = []
    cols: list[int] = []
    vals: list[float] = []
    for i, text in enumerate(texts):
        counts = Counter(w for w in _WORDS.findall(text.lower()) if w not in TFIDF_STOP_WORDS)
        for w, c in counts.items():
            rows.append(i)
            cols.append(vocab.setdefault(w, len(vocab)))
            vals.append(1.0 + math.log(c))
    if not vocab:
        return None
    n = len(texts)
    col = np.asarray(cols, dtype=np.int64)
    idf = np.log((1.0 + n) / (1.0 + np.bincount(col, minlength=len(vocab)))) + 1.0
    data = np.asarray(vals, dtype=np.float64) * idf[col]
    x = csr_matrix((data, (np.asarray(rows, dtype=np.int64), col)), shape=(n, len(vocab)))
    norms = np.sqrt(np.asarray(x.multiply(x).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    x = csr_matrix(x.multiply(1.0 / norms[:, None]))
    return x.astype(np.float32)


def likeness(texts: Sequence[str]) -> Any:
    """Pairwise cosine of whole texts (``tfidf``), a dense matrix; None when they have no words."""
    x = tfidf(texts)
    return None if x is None else (x @ x.T).toarray()


def _far_apart(dates: Sequence[str | None]) -> object | None:
    """A boolean matrix: both articles dated and more than ``MAX_DAYS`` apart (None: no pair is)."""
    import numpy as np

    days = np.array([_day(d) for d in dates], dtype=float)
    known = ~np.isnan(days)
    if known.sum() < 2:
        return None
    gap = np.abs(days[:, None] - days[None, :])
    far = (gap > MAX_DAYS) & known[:, None] & known[None, :]
    return far if far.any() else None


def _day(d: str | None) -> float:
    """Days since year 1 of an ISO date; NaN if unknown or only a month or a year (too coarse)."""
    if not d or len(d) < 10:
        return float("nan")
    try:
        return float(date.fromisoformat(d[:10]).toordinal())
    except ValueError:
        return float("nan")
