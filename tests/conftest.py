"""Shared fixtures. The real model loads once per session (about 10 s)."""

from __future__ import annotations

import hashlib
import os
import re
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ROOT / "sources"
SHARED = ROOT.parent / "shared"

# Cache the compiled package and the assertion-rewritten test modules (__pycache__, git-ignored) even
# where PYTHONDONTWRITEBYTECODE is set: rewriting the test modules afresh costs about 5 s a process,
# once per worker under xdist. Python checks each cached file against its source's mtime and size.
sys.dont_write_bytecode = False

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
# the packaged decision model, never a claims/decision.json that `factcheck learn` left in the checkout
os.environ["FACTCHECK_DECISION"] = str(ROOT / "factcheck" / "match" / "decision.json")


class HashEmbedder:
    """A fake embedder for unit tests of pure logic: bag of words hashed into 64 dims.

    Similar word sets give similar vectors. Never the proof that matching works: the
    integration tests use the real model.
    """

    identity = "hash-bow@test"
    dim = 64

    def encode(self, texts):
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for i, t in enumerate(texts):
            for w in re.findall(r"\w+", t.lower()):
                out[i, int(hashlib.md5(w.encode()).hexdigest(), 16) % self.dim] += 1.0
            n = np.linalg.norm(out[i])
            if n:
                out[i] /= n
        return out


def made_base(folder: Path, sources: list[Path]) -> Path:
    """``update`` ``sources`` into a new base at ``folder`` with the hashing embedder, then close the
    base it returns: a base that tests copy must hold no open SQLite connection, else one collected
    mid-copy folds the write-ahead log away and ``copytree`` finds its ``-shm`` file gone."""
    from factcheck.base.store import update

    done = update(folder, sources, HashEmbedder())
    if done.base is not None:
        done.base.close()
    return folder


@pytest.fixture
def fake_embedder():
    return HashEmbedder()


@pytest.fixture(scope="session")
def embedder():
    from factcheck.match.embed import SentenceEmbedder

    return SentenceEmbedder()


@pytest.fixture(scope="session")
def seed_result(embedder):
    """The real pipeline on the bundled seed articles, once per session."""
    from factcheck.pipeline import run

    return run([SOURCES], embedder)


QUICK = False  # the quick loop is running: `-m "not slow"` (set in pytest_configure, before the tests are imported)


def pytest_configure(config):
    global QUICK
    QUICK = "not slow" in (config.option.markexpr or "")


def examples(n: int) -> int:
    """How many random inputs a property test draws: ``n`` in `make test`, a fifth of them (at
    least 20) in the quick loop. Hypothesis replays the failures it saved (.hypothesis/) first."""
    return max(n // 5, 20) if QUICK else n


def pytest_collection_modifyitems(config, items):
    """Tests that load the model or drive a browser are slow: `pytest -m "not slow"` is the quick loop."""
    for item in items:
        if item.get_closest_marker("model") or item.get_closest_marker("browser"):
            item.add_marker(pytest.mark.slow)


@pytest.fixture(scope="module")
def stopping() -> Iterator[list[Any]]:
    """Review servers told to stop as each test ends, then stopped and joined together as the module
    ends: uvicorn looks at ``should_exit`` every 0.1 s, so stopping each in turn cost 0.2 s a test."""
    servers: list[Any] = []
    yield servers
    for srv in servers:
        srv.stop()
        assert not srv._thread.is_alive(), "a review server did not stop"


# -- the real headless Chromium the browser tests drive (Debian's; `make browser` installs it)

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def unavailable(reason: str) -> None:
    if os.environ.get("CI", "").lower() not in ("", "0", "false", "no"):
        pytest.fail(f"{reason}, and CI is set: the browser tests must run there (run `make browser`).")
    pytest.skip(f"{reason}: install it with `make browser` to run the browser tests.")


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists():
        unavailable(f"{CHROMIUM} is missing")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        unavailable("the playwright package is not installed")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield b
        b.close()


