"""Errors a user can fix. The CLI catches these and nothing else.

    FactcheckError
     ├── SourceError      an input path does not exist (a damaged file is a note, not an error)
     ├── ModelError       the embedding model is missing or is not the one pinned
     ├── StoreError       the claim base or the verdict store is unreadable or mismatched
     └── UsageError       arguments that cannot work together

Conflicts between articles are results, never exceptions; so are inputs the loader skips
(``factcheck.extract.load.Loaded.skipped``), which the CLI reports with exit status 3.
"""

from __future__ import annotations


class FactcheckError(Exception):
    """Base class for every error factcheck reports to a user."""


class SourceError(FactcheckError):
    """An input file could not be used. Carries the path and, where known, the line."""

    def __init__(self, path: str, message: str, line: int | None = None) -> None:
        self.path = str(path)
        self.line = line
        where = f"{self.path}:{line}" if line else self.path
        super().__init__(f"{where}: {message}")


class ModelError(FactcheckError):
    """The embedding model could not be loaded, or its weights are not the pinned ones; or the
    learned decision model (match.learned) cannot be read or fitted."""


class StoreError(FactcheckError):
    """The claim base or the verdict store cannot be used as it is."""


class UsageError(FactcheckError):
    """Options or arguments that do not fit together."""
