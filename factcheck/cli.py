"""The ``factcheck`` command line. Commands call the library and turn ``FactcheckError``
into a one-line ``Error: ...`` with exit status 2 (1 is reserved for "conflicts found"
in ``check``)."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import Any

import click

from .errors import FactcheckError

DEFAULT_CACHE = Path(os.environ.get("FACTCHECK_CACHE", Path.home() / ".cache" / "factcheck"))


def reports_errors(fn: Callable[..., Any]) -> Callable[..., Any]:
    """Turn library errors into a clean message and exit status 2."""

    @wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except FactcheckError as e:
            click.echo(f"Error: {e}", err=True)
            sys.exit(2)

    return wrapper


def make_embedder(model: str | None):
    """The real embedder. Imported late: loading torch takes seconds."""
    from .embed import SentenceEmbedder

    return SentenceEmbedder(model)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="factcheck")
def cli() -> None:
    """Check the numbers in news articles against each other."""


@cli.command()
@click.argument("sources", nargs=-1, type=click.Path(path_type=Path))
@click.option("--out", "-o", type=click.Path(path_type=Path), default=Path("out"), show_default=True,
              help="Folder for report.json and report.md.")
@click.option("--threshold", type=click.FloatRange(0, 2), default=None,
              help="Match score needed to compare two figures (default 0.55).")
@click.option("--cache-dir", type=click.Path(path_type=Path), default=DEFAULT_CACHE, show_default=True,
              help="Where embeddings are cached between runs.")
@click.option("--no-cache", is_flag=True, help="Embed everything afresh and store nothing.")
@click.option("--model", type=click.Path(exists=True, file_okay=False), default=None,
              help="A sentence-transformers model folder (default: the bundled all-MiniLM-L6-v2).")
@click.option("--verdicts", type=click.Path(path_type=Path), default=Path("claims/verdicts.jsonl"),
              show_default=True, help="Reviewers' verdicts to show beside the flags.")
@click.option("--all", "show_all", is_flag=True, help="Also show flags that already have a verdict.")
@click.option("--quiet", "-q", is_flag=True, help="Print nothing but errors.")
@reports_errors
def run(sources: tuple[Path, ...], out: Path, threshold: float | None, cache_dir: Path, no_cache: bool,
        model: str | None, verdicts: Path, show_all: bool, quiet: bool) -> None:
    """Find conflicting figures across the articles in SOURCES (files or folders).

    Writes OUT/report.json and OUT/report.md.

    \b
    Example:
        factcheck run sources/ --out out/
    """
    from . import report
    from .embed import VectorCache
    from .match import SIMILARITY
    from .pipeline import run as run_pipeline

    sources = sources or (Path("sources"),)
    cache = None if no_cache else VectorCache(cache_dir)
    result = run_pipeline(sources, make_embedder(model), cache, threshold or SIMILARITY)
    settled = _load_verdicts(verdicts)
    j, m = report.write(result, out, settled, show_settled=show_all)
    if not quiet:
        for n in result.notes:
            click.echo(f"note: {n}", err=True)
        conflicts = sum(f.kind == "conflict" for f in result.flags)
        changes = len(result.flags) - conflicts
        click.echo(f"{len(result.articles)} articles, {len(result.claims)} claims: "
                   f"{conflicts} conflicts, {changes} changes over time")
        click.echo(f"wrote {j} and {m}")


def _load_verdicts(path: Path) -> dict:
    """Latest verdict per flag, if a verdict store exists (see ``factcheck.verdicts``)."""
    try:
        from .verdicts import VerdictStore
    except ImportError:
        return {}
    if not path.exists():
        return {}
    return {fid: v.as_json() for fid, v in VerdictStore(path).latest().items()}


def main() -> None:
    cli(prog_name="factcheck")
