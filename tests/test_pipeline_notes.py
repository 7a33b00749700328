"""A figure that cannot be true is no quantity, and the run says so in a note naming file and line."""

from __future__ import annotations

from factcheck.pipeline import analyse

from .helpers import article


def test_pipeline_impossible_figure_is_a_note_not_a_figure(fake_embedder):
    art = article("Intro line.\nStartup valued at $99999999999999999999999 billion by analysts.\nIt raised $5m.",
                  "story.txt#1")
    result = analyse([art], [], fake_embedder)
    assert all("99999" not in q.text for c in result.claims for q in c.quantities)
    (note,) = [n for n in result.notes if "no figure" in n.message]
    assert note.path == "story.txt" and note.line == 2 and "beyond 1e+15" in note.message
