"""Flags as a journalist acts on them: one disagreement once, with every article that repeats
it, and the disagreements of one story together.

A **disagreement** is a set of flags joined by a shared figure (the same figure of the same
sentence) or by reading as the same two values (kind, measure, both intervals and unit, either
way round): one article's "$550,000 (£306,814)" against three others' conversions of the
$550,000 fine is one disagreement with its four articles listed, not four flags; "£9.4m vs
£94m" between two articles and each article's own inconsistent conversion of $1.8bn are one.

A **story** is the input's own ``story`` field (JSON Lines ``story``, or front matter): the
disagreements whose articles all share one story are listed under it; the rest under
"Across stories". Without any story field there are no story headings.

Both lists keep the flags' order (by score, highest first): a group sorts by its best flag.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from factcheck.outputs.views import FlagView, Side
from factcheck.records import Article, Quantity

ACROSS = ""  # the story key of disagreements whose articles tell different stories (or none)


def _value(q: Quantity) -> tuple[str, float, float]:
    return q.unit, float(f"{q.low:.6g}"), float(f"{q.high:.6g}")


@dataclass
class Disagreement:
    views: list[FlagView]  # by score, best first

    @property
    def best(self) -> FlagView:
        return self.views[0]

    @property
    def anchor(self) -> str:
        """The group's id in the page: ``d-`` and a hash of its best flag's id."""
        return "d-" + hashlib.sha1(self.best.flag.id.encode()).hexdigest()[:10]

    @property
    def entries(self) -> list[tuple[Side, str]]:
        """Each article once (the first side that names it) with the id of that side's flag, in
        the order the flags list them."""
        seen: dict[str, tuple[Side, str]] = {}
        for v in self.views:
            for s in v.sides:
                seen.setdefault(s.article.id, (s, v.flag.id))
        return list(seen.values())

    @property
    def sides(self) -> list[Side]:
        return [s for s, _ in self.entries]

    @property
    def articles(self) -> list[Article]:
        return [s.article for s in self.sides]

    @property
    def story(self) -> str:
        stories = {a.story for a in self.articles}
        return stories.pop() if len(stories) == 1 else ACROSS

    @property
    def figures(self) -> tuple[str, str]:
        """The two figures as the best flag writes them."""
        return self.best.a.quantity.text, self.best.b.quantity.text


def key(v: FlagView) -> tuple[object, ...]:
    """What makes two flags one disagreement: kind, measure and both values, either way round."""
    pair = sorted((_value(v.a.quantity), _value(v.b.quantity))) if not v.single else \
        [_value(v.a.quantity), _value(v.b.quantity)]
    return v.flag.kind, v.flag.measure, tuple(pair)


def disagreements(views: list[FlagView]) -> list[Disagreement]:
    """The flags in groups of one disagreement, in the order of each group's first flag: two
    flags are one disagreement when they share a figure (the same figure of the same sentence:
    "$550,000 (£306,814)" in one article against "(£292,000)", "(£293,264)" and "(£293,000)" in
    three others) or read as the same two values (``key``); joined transitively."""
    parent = list(range(len(views)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    first: dict[object, int] = {}
    for i, v in enumerate(views):
        figures: list[object] = [(v.flag.a, v.flag.a_quantity), (v.flag.b, v.flag.b_quantity), key(v)]
        for node in figures:
            j = first.setdefault(node, i)
            ri, rj = find(i), find(j)
            if ri != rj:
                parent[max(ri, rj)] = min(ri, rj)  # the root is the group's earliest (surest) flag
    groups: dict[int, Disagreement] = {}
    for i, v in enumerate(views):
        groups.setdefault(find(i), Disagreement([])).views.append(v)
    return list(groups.values())


def by_story(groups: list[Disagreement]) -> list[tuple[str, list[Disagreement]]]:
    """The disagreements under their story, stories in the order of their best group, those
    across stories last; ``[]`` when no article has a story."""
    if not any(a.story for g in groups for a in g.articles):
        return []
    out: dict[str, list[Disagreement]] = {}
    for g in groups:
        out.setdefault(g.story, []).append(g)
    return sorted(out.items(), key=lambda kv: kv[0] == ACROSS)
