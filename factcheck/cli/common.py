"""What the commands share: error handling, the options, the checks made before the model loads."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Sequence
from functools import wraps
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from factcheck.errors import FactcheckError, UsageError
from factcheck.review.verdicts import DEFAULT_STORE

if TYPE_CHECKING:
    from factcheck.extract.load import Loaded
    from factcheck.match.embed import Embedder, VectorCache
    from factcheck.match.learned import DecisionModel
    from factcheck.records import Note, Verdict

EXIT_OK, EXIT_ERROR, EXIT_SKIPPED = 0, 2, 3  # 1: a check found what fails it (Check.exit_code)
DEFAULT_BASE = Path("claims/base")
DEFAULT_REPORT = Path("out/report.json")


def default_cache() -> Path:
    """``$FACTCHECK_CACHE``, else ``~/.cache/factcheck``: one default for every command."""
    return Path(os.environ.get("FACTCHECK_CACHE") or Path.home() / ".cache" / "factcheck")


def reports_errors(fn: Callable[..., Any]) -> Callable[..., Any]:
    """Turn library errors into a clean message and exit status 2."""

    @wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            _encodable(kwargs)
            return fn(*args, **kwargs)
        except BrokenPipeError:  # the reader went away (`factcheck verdicts | head -1`): not an error
            _quiet_stdout()
            sys.exit(EXIT_OK)
        except FactcheckError as e:
            click.echo(f"Error: {e}", err=True)
            sys.exit(EXIT_ERROR)
        except OSError as e:  # the disk filled up, a folder vanished mid-run
            where = f"{e.filename}: " if e.filename else ""
            click.echo(f"Error: {where}{e.strerror or e} — check the path, its permissions and free space", err=True)
            sys.exit(EXIT_ERROR)

    return wrapper


def _encodable(params: dict[str, Any]) -> None:
    """``UsageError`` naming the option whose text cannot be written as UTF-8 (bytes that are not
    UTF-8 in an argument reach Python as lone surrogates). Paths are left alone: a file name may
    hold such bytes."""
    ctx = click.get_current_context(silent=True)
    declared = {p.name: p for p in (ctx.command.params if ctx else [])}
    for name, value in params.items():
        p = declared.get(name)
        if p is not None and isinstance(p.type, click.Path):
            continue
        for text in (value if isinstance(value, tuple) else (value,)):
            if isinstance(text, str) and not text.isascii():
                try:
                    text.encode("utf-8")
                except UnicodeEncodeError:
                    opt = name if p is None else p.opts[0] if isinstance(p, click.Option) else p.human_readable_name
                    raise UsageError(f"{opt}: the text holds bytes that are not UTF-8 — pass it as UTF-8 "
                                     "text") from None


def _quiet_stdout() -> None:
    """Point stdout at /dev/null, so that the exit's flush cannot fail on the closed pipe again."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    os.close(devnull)


class _Commands(click.Group):
    """Every click error is a usage error (2): a bad path is never read as a finding (1)."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except click.ClickException as e:
            e.exit_code = EXIT_ERROR  # type: ignore[misc]  # click declares it per class; FileError says 1
            raise
        except KeyboardInterrupt:
            click.echo("Interrupted.", err=True)
            raise click.exceptions.Exit(130) from None


def make_embedder(model: str | None, device: str = "cpu") -> Embedder:
    """The real embedder: ONNX Runtime on the CPU (no torch), or sentence-transformers with
    FACTCHECK_ENCODER=torch or a GPU ``device``. Imported late, as the commands need it."""
    from factcheck.match.embed import load_embedder

    return load_embedder(model, os.environ.get("FACTCHECK_ENCODER", "onnx"), device)


# Options several commands share, declared once.
model_option = click.option("--model", type=click.Path(exists=True, file_okay=False), default=None,
                            help="A sentence-transformers model folder (default: the bundled all-MiniLM-L6-v2).")
threshold_option = click.option(
    "--threshold", type=click.FloatRange(0, 1), default=None,
    help="Probability (0-1) the learned decision needs to call two figures the same attribute "
         "(default: the model's bar, chosen on its dev rows; 0 is 0).")
cache_dir_option = click.option(
    "--cache-dir", type=click.Path(path_type=Path), default=None,
    help="Where embeddings are cached between runs [default: $FACTCHECK_CACHE, else ~/.cache/factcheck].")
no_cache_option = click.option("--no-cache", is_flag=True, help="Embed everything afresh and store nothing.")
quiet_option = click.option("--quiet", "-q", is_flag=True, help="Print nothing but errors.")


def _decision() -> DecisionModel:
    """The same-attribute model the command uses, found once here (``learned.current``:
    ``$FACTCHECK_DECISION``, else claims/decision.json, else the packaged one)."""
    from factcheck.match.learned import current

    return current()


def _bar(threshold: float | None, decision: DecisionModel) -> float:
    """The probability two figures need to count as the same attribute: ``threshold``, else the model's bar."""
    from factcheck.match.decide import bar

    return bar(threshold, decision)


def _cache(cache_dir: Path | None, no_cache: bool) -> VectorCache | None:
    """The vector cache, opened now so that an unusable one fails before the model loads."""
    from factcheck.match.embed import VectorCache

    if no_cache:
        return None
    folder = cache_dir or default_cache()
    _writable_folder(folder, "--cache-dir", "or pass --no-cache")
    return VectorCache(folder)


def _writable_folder(folder: Path, option: str, alternative: str = "") -> None:
    if folder.exists() and not folder.is_dir():
        raise UsageError(f"{folder}: is a file, not a folder — pass {option} a folder {alternative}".rstrip())
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise UsageError(f"{folder}: cannot create this folder ({e.strerror}) — pass {option} "
                         f"a folder you can write to {alternative}".rstrip()) from None
    if not os.access(folder, os.W_OK | os.X_OK):
        raise UsageError(f"{folder}: cannot write in this folder — pass {option} a folder you can write to "
                         f"{alternative}".rstrip())


def _writable_file(path: Path, option: str) -> None:
    if path.is_dir():
        raise UsageError(f"{path}: is a folder — pass {option} a file name")
    _writable_folder(path.parent if str(path.parent) else Path("."), option)
    if path.exists() and not os.access(path, os.W_OK):
        raise UsageError(f"{path}: cannot write this file — pass {option} a file you can write")


def _read_sources(sources: tuple[Path, ...], strict: bool) -> Loaded:
    """Every article under ``sources``, read before the model loads.

    No readable article at all, or (with ``strict``) any skipped input, is an error."""
    from factcheck.extract.load import read_sources

    loaded = read_sources(sources)
    _require(loaded.articles, loaded.notes, loaded.skipped, sources, strict)
    return loaded


def _require(articles: Sequence[object], notes: Sequence[Note], skipped: Sequence[Note],
             sources: tuple[Path, ...], strict: bool) -> None:
    """No readable article at all, or (with ``strict``) any skipped input, is an error."""
    if not articles:
        for n in notes:
            click.echo(f"note: {n}", err=True)
        where = ", ".join(str(p) for p in sources)
        why = f"{len(skipped)} input(s) skipped, see the notes above" if skipped \
            else "no .txt, .text, .md, .tsv or .jsonl file"
        raise UsageError(f"{where}: no readable article ({why}) — point to article files or folders")
    if strict and skipped:
        first = skipped[0]
        more = f" (and {len(skipped) - 1} more)" if len(skipped) > 1 else ""
        raise UsageError(f"{first}{more} — --strict stops at a skipped input; fix or remove it, or drop --strict")


def _skipped_line(n: int) -> str:
    return f"skipped {n} input(s): see the notes (exit status 3)"


@click.group(cls=_Commands, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="factcheck")
def cli() -> None:
    """Check the numbers in news articles against each other.

    \b
    Exit status: 0 done, 1 new conflicts (check), 2 usage or input error,
    3 done but some inputs were skipped (see the notes).
    """


def _load_verdicts(path: Path) -> dict[str, Verdict]:
    """Latest verdict per flag, if a verdict store exists (see ``factcheck.review.verdicts``)."""
    from factcheck.review.verdicts import VerdictStore

    if not path.exists():
        return {}
    if path.is_dir():
        raise UsageError(f"{path}: is a folder, not a verdict store — pass --verdicts a .jsonl file")
    return VerdictStore(path).latest()


def _shown(note: object) -> str:
    """A note for the terminal: file names and article text lose their control characters."""
    from factcheck.outputs.safe import one_line

    return one_line(str(note))


DEFAULT_CHECK = Path("out/check.json")  # `factcheck check` saves its flags here for `verdict` and `review`

store_option = click.option("--store", type=click.Path(dir_okay=False, path_type=Path), default=DEFAULT_STORE,
                            show_default=True, help="The verdict store: append-only JSON Lines.")
report_option = click.option("--report", type=click.Path(dir_okay=False, path_type=Path), default=DEFAULT_REPORT,
                             show_default=True, help="The report.json written by `factcheck run`.")

base_option = click.option("--base", "base_dir", type=click.Path(file_okay=False, path_type=Path),
                           default=DEFAULT_BASE, show_default=True,
                           help="The claim base folder (the claims folder holding base/ also works).")
