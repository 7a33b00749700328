"""The ``factcheck`` command line. Commands call the library and turn ``FactcheckError``
into a one-line ``Error: ...``.

Exit status, the same for every command (README, "Exit status"):

    0  finished; nothing to report as failing
    1  ``check`` found new unreviewed conflicts or inconsistent conversions (or, with
       --strict, changes over time)
    2  usage or input error: nothing was done (a bad option, a missing path, no readable
       article, an unwritable --out, an unreadable store or base, a model that will not load)
    3  finished, but some inputs were skipped (unreadable or binary files, bad JSON lines):
       the report covers the rest and its notes name each skipped input; --strict makes
       this an error (2) instead

A finding outranks a skip: ``check`` exits 1 when it finds new conflicts even if it also
skipped inputs. Everything a command needs (sources, output folder, verdict store, cache,
claim base) is checked before the model loads.
"""

from __future__ import annotations

import io
import sys

from factcheck.cli import base, review, run  # noqa: F401  (each registers its commands on the group)
from factcheck.cli.common import _bar, _load_verdicts, cli

__all__ = ["_bar", "_load_verdicts", "cli", "main"]


def main() -> None:
    if isinstance(sys.stdout, io.TextIOWrapper):  # a file name's non-UTF-8 bytes go out as they came in
        sys.stdout.reconfigure(errors="surrogateescape")
    cli(prog_name="factcheck")

