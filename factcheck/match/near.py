"""The words right around a figure, embedded: what a figure of a story measures, up close.

Different outlets' reports of one story reword whole sentences, so the masked sentence's cosine
says little (reworded reports of one event sit at 0.6-0.7). The few words around a figure keep
closer: "[N] people were stabbed" and "left [N] people stabbed", "a [N] -car pileup" and "a [N]
-vehicle pileup". ``Closeness`` embeds, for the figures of stories told by more than one
article, the ``LOCAL_WORDS`` words either side of the figure (the figure masked) and the noun
a count counts, and gives the story decision (``match.story_decision``) two cosines: of the
local windows, and of the counted nouns ("car" and "vehicle" are close, "rebel" and "troop"
less so). Measured on the hand-labelled pairs in docs/stories.md.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from factcheck.kinds import is_year_like
from factcheck.match.embed import Embedder, VectorCache, embed
from factcheck.match.guards import twins_only
from factcheck.match.stories import tfidf
from factcheck.records import Article, Mention

LOCAL_WORDS = 6  # words either side of a figure in its local window
_TOKEN = re.compile(r"\S+")
MASK = "[N]"


def local_text(m: Mention) -> str:
    """The ``LOCAL_WORDS`` words either side of the figure, the figure masked: "[N] people were stabbed"."""
    text, q = m.claim.text, m.quantity
    before = _TOKEN.findall(text[max(0, q.start - 200):q.start])[-LOCAL_WORDS:]
    after = _TOKEN.findall(text[q.end:q.end + 200])[:LOCAL_WORDS]
    return " ".join([*before, MASK, *after])


def counted(m: Mention) -> str:
    """The noun a count counts ("people", "text message"), else ""."""
    kind, _, noun = m.dimension.partition(":")
    return noun if kind == "count" else ""


@dataclass(frozen=True)
class Closeness:
    """Unit vectors of the local windows (by mention key) and of the counted nouns, and how
    alike the articles of each story are as wholes (by pair of article ids, sorted)."""

    rows: dict[tuple[str, int], int]
    nouns: dict[str, int]
    vectors: np.ndarray
    alike: dict[tuple[str, str], float] = field(default_factory=dict)

    def articles(self, a: Mention, b: Mention) -> float | None:
        """The TF-IDF cosine of the two figures' whole articles, or None when not measured."""
        x, y = sorted((a.article_id, b.article_id))
        return self.alike.get((x, y))

    def local(self, a: Mention, b: Mention) -> float | None:
        """The cosine of two figures' local windows, or None when either was not embedded."""
        i, j = self.rows.get(a.key), self.rows.get(b.key)
        if i is None or j is None:
            return None
        return float(self.vectors[i] @ self.vectors[j])

    def noun(self, a: Mention, b: Mention) -> float:
        """How close the counted nouns are: 1 for one noun, their cosine for two, 0 without."""
        na, nb = counted(a), counted(b)
        if not (na and nb):
            return 0.0
        if na == nb:
            return 1.0
        i, j = self.nouns.get(na), self.nouns.get(nb)
        return 0.0 if i is None or j is None else float(self.vectors[i] @ self.vectors[j])


NOTHING = Closeness({}, {}, np.zeros((0, 0), dtype=np.float32))


def family(m: Mention) -> str:
    """What a figure may be compared with within a story: any count (whatever its noun), else its dimension."""
    kind = m.dimension.split(":", 1)[0]
    return kind if kind == "count" else m.dimension


def story_groups(ms: Sequence[Mention]) -> dict[tuple[str, str], list[int]]:
    """The figures (indices into ``ms``) of each story and family (``family``), for the stories
    where more than one article holds a figure of that family: what the story decision compares."""
    groups: dict[tuple[str, str], list[int]] = defaultdict(list)
    for i, m in enumerate(ms):
        if m.story is not None:
            groups[(m.story, family(m))].append(i)
    return {k: idx for k, idx in groups.items() if len({ms[i].article_id for i in idx}) > 1}


def in_told_stories(ms: Sequence[Mention]) -> list[Mention]:
    """The figures the story decision can compare: of one story with a figure of the same family
    (``family``) in another article."""
    return [ms[i] for i in sorted(i for idx in story_groups(ms).values() for i in idx)]


def closeness(ms: Sequence[Mention], embedder: Embedder, cache: VectorCache | None = None,
              articles: Sequence[Article] = ()) -> Closeness:
    """Local-window and counted-noun vectors of the figures of stories told by more than one
    article; with ``articles``, how alike each two articles of one such story are."""
    told = in_told_stories(ms)
    if not told:
        return NOTHING
    # a score, an ordinal or a year never reaches the story model (``story_decision.certain``,
    # ``candidates.story_pairs``): its words need no vector (a sixth of a BBC run's windows)
    weighed = [m for m in told if not twins_only(m) and not is_year_like(m.quantity.kind)]
    windows = sorted({local_text(m) for m in weighed})
    nouns = sorted({n for m in weighed if (n := counted(m))})
    vectors, _ = embed([*windows, *nouns], embedder, cache)
    at = {t: i for i, t in enumerate(windows)}
    return Closeness({m.key: at[local_text(m)] for m in weighed},
                     {n: len(windows) + i for i, n in enumerate(nouns)}, vectors, _alike(told, articles))


def _alike(told: Sequence[Mention], articles: Sequence[Article]) -> dict[tuple[str, str], float]:
    """The TF-IDF cosine of each two articles of one story (among the stories of ``told``)."""
    story = {m.article_id: m.story for m in told}
    arts = sorted((a for a in articles if a.id in story), key=lambda a: a.id)
    x = tfidf([a.text for a in arts]) if len(arts) > 1 else None
    if x is None:
        return {}
    members: dict[str | None, list[int]] = defaultdict(list)
    for i, a in enumerate(arts):
        members[story[a.id]].append(i)
    out = {}
    for idx in members.values():
        sim = (x[idx] @ x[idx].T).toarray()
        for p, i in enumerate(idx):
            for q in range(p + 1, len(idx)):
                out[(arts[i].id, arts[idx[q]].id)] = float(sim[p, q])
    return out
