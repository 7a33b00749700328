"""Progress on long runs: a tqdm bar per stage on stderr, and the stage timings.

Bars are drawn only when stderr is a terminal, and never under ``--quiet`` or in CI
(``CI`` set to anything but ``false``/``0``): logs get no carriage-return noise. The
pipeline calls ``stage`` as it enters each stage, wraps the articles it extracts claims
from in ``items``, and encodes through ``embedder`` (which encodes in chunks and counts
them), so a run over thousands of articles shows where it is. ``NULL`` does nothing.
"""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import IO, Any, TypeVar

import numpy as np

T = TypeVar("T")
CHUNK = 256  # texts per encoder call when progress is shown
SPINNER = "{desc}: {elapsed}"  # a stage with nothing to count shows its time so far


class Progress:
    """No bars: every call passes through. ``Bars`` draws them."""

    def stage(self, name: str, total: int | None = None) -> None:
        """Enter the stage ``name`` (the previous one ends)."""

    def items(self, things: Iterable[T], total: int | None = None) -> Iterable[T]:
        return things

    def embedder(self, embedder: Any) -> Any:
        return embedder

    def close(self) -> None:
        """End the last stage."""


NULL = Progress()


class Bars(Progress):
    """A tqdm bar per stage on ``stream``."""

    def __init__(self, stream: IO[str] | None = None) -> None:
        self.stream = stream or sys.stderr
        self.bar: Any = None

    def stage(self, name: str, total: int | None = None) -> None:
        from tqdm import tqdm

        self.close()
        width = shutil.get_terminal_size().columns or 80  # a pseudo-terminal may report 0 columns
        self.bar = tqdm(total=total, desc=f"{name:<7}", file=self.stream, leave=True, ncols=min(width, 100),
                        unit=" items", mininterval=0.2, bar_format=None if total else SPINNER)

    def _total(self, total: int, unit: str) -> None:
        """Turn the stage's line into a bar counting ``total`` ``unit``."""
        if self.bar is not None:
            self.bar.total, self.bar.unit, self.bar.bar_format = total, unit, None

    def _advance(self, n: int = 1) -> None:
        if self.bar is not None:
            self.bar.update(n)

    def items(self, things: Iterable[T], total: int | None = None) -> Iterator[T]:
        if total is None and isinstance(things, Sequence):
            total = len(things)
        if total is not None:
            self._total(total, " articles")
        for t in things:
            yield t
            self._advance()

    def embedder(self, embedder: Any) -> Any:
        return _CountingEmbedder(embedder, self)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()
            self.bar = None


class _CountingEmbedder:
    """Encodes in chunks of ``CHUNK`` and advances the bar after each."""

    def __init__(self, inner: Any, bars: Bars) -> None:
        self.inner, self.bars = inner, bars
        self.identity: str = inner.identity
        self.dim: int = inner.dim

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        self.bars._total(len(texts), " texts")
        parts = []
        for lo in range(0, len(texts), CHUNK):
            parts.append(self.inner.encode(texts[lo:lo + CHUNK]))
            self.bars._advance(len(texts[lo:lo + CHUNK]))
        return np.vstack(parts) if parts else np.zeros((0, self.dim), dtype=np.float32)


def wanted(quiet: bool, stream: IO[str] | None = None, environ: Mapping[str, str] | None = None) -> bool:
    """True when bars should be drawn: not quiet, not in CI, and ``stream`` is a terminal."""
    environ = os.environ if environ is None else environ
    stream = stream or sys.stderr
    in_ci = environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")
    return not quiet and not in_ci and stream.isatty()


def make(quiet: bool) -> Progress:
    return Bars() if wanted(quiet) else NULL


def timings(seconds: Mapping[str, float]) -> str:
    """``load 1.6 s · claims 6.1 s · embed 35.5 s · match 0.1 s · total 43.3 s``."""
    parts = [f"{name} {s:.1f} s" for name, s in seconds.items()]
    return " · ".join([*parts, f"total {sum(seconds.values()):.1f} s"])
