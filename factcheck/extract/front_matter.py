"""Front matter: where a plain-text article comes from, in the convention of static-site
generators (Jekyll, Hugo, Pandoc): the file opens with a line ``---``, then ``key: value``
lines, then ``---`` again::

    ---
    title: SenseTime raises $600m
    url: https://example.com/news/sensetime
    outlet: Example News
    author: A. Writer
    date: 2018-04-09
    story: sensetime-series-c
    ---
    The article's text...

The keys read are those of a JSON Lines record (``title``, ``date``, ``url``, ``outlet`` or
``source``, ``author``, ``story``), checked the same way (``jsonl.source_fields``); other keys
are ignored, a value may be quoted. The block is not part of the article's text: no claim
comes from it, and offsets and lines still point into the file. A file whose first line is
``---`` but that has no closing ``---`` within ``MAX_LINES`` lines has no front matter.
"""

from __future__ import annotations

import re
from typing import Any

from factcheck.extract.jsonl import _date, source_fields
from factcheck.records import Note

MAX_LINES = 40
_FENCE = re.compile(r"---[ \t]*\r?$")
_FIELD = re.compile(r"([A-Za-z_][\w-]*)[ \t]*:[ \t]*(.*?)[ \t]*\r?$")


def front_matter(text: str, path: str, notes: list[Note]) -> tuple[dict[str, Any], int]:
    """The fields of ``text``'s front matter (``title``, ``date``, ``url``, ``outlet``,
    ``author``, ``story``; only those given) and the offset where the article starts (0: none)."""
    body = text.removeprefix("\ufeff")
    skip = len(text) - len(body)
    lines = body.split("\n", MAX_LINES + 1)
    if not lines or not _FENCE.fullmatch(lines[0]):
        return {}, 0
    closing = next((i for i in range(1, min(len(lines), MAX_LINES + 1)) if _FENCE.fullmatch(lines[i])), None)
    if closing is None:
        return {}, 0
    raw: dict[str, Any] = {}
    for ln in lines[1:closing]:
        m = _FIELD.fullmatch(ln)
        if m:
            value = m.group(2)
            if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
                value = value[1:-1]
            raw[m.group(1).lower()] = value
    fields: dict[str, Any] = dict(source_fields(raw, 1, path, notes))
    if isinstance(raw.get("title"), str) and raw["title"].strip():
        fields["title"] = " ".join(raw["title"].split())
    when = _date(raw.get("date"), 1, path, notes)
    if when:
        fields["date"] = when
    end = skip + sum(len(ln) + 1 for ln in lines[:closing + 1])
    return fields, min(end, len(text))
