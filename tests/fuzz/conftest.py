"""Fuzz fixtures: the seed articles beside hostile files, and a CLI that must not load the model."""

from __future__ import annotations

import shutil
import subprocess

import pytest
from click.testing import CliRunner

from factcheck.cli import common as cli_module  # the commands load the model through common.make_embedder

from ..conftest import SOURCES


@pytest.fixture
def seeds_beside(tmp_path):
    """A folder holding the seed articles; hostile files go in beside them."""
    folder = tmp_path / "in"
    shutil.copytree(SOURCES, folder)
    yield folder
    subprocess.run(["rm", "-rf", str(tmp_path)], check=False)  # trees deeper than rmtree's recursion


@pytest.fixture
def no_model(monkeypatch, tmp_path):
    """A CLI runner for cases that must fail before the model loads: loading it fails the test."""
    def refuse(model):
        raise AssertionError("the model was loaded before the input was checked")

    monkeypatch.setattr(cli_module, "make_embedder", refuse)
    monkeypatch.setenv("FACTCHECK_CACHE", str(tmp_path / "cache"))
    return CliRunner()


@pytest.fixture
def fake_model(monkeypatch, fake_embedder, tmp_path):
    monkeypatch.setattr(cli_module, "make_embedder", lambda model: fake_embedder)
    monkeypatch.setenv("FACTCHECK_CACHE", str(tmp_path / "cache"))
    return CliRunner()


@pytest.fixture(autouse=True)
def _remove_deep_trees(tmp_path):
    """Remove each fuzz test's folder afterwards with `rm -rf`: the hostile corpus holds trees
    deeper than Python's recursion, which would break pytest's own clean-up of old runs."""
    yield
    if tmp_path.exists() and any(tmp_path.iterdir()):
        subprocess.run(["rm", "-rf", str(tmp_path)], check=False)
