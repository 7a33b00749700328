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
    from factcheck.base.store import Update
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


@cli.command()
@click.argument("sources", nargs=-1, type=click.Path(path_type=Path))
@click.option("--out", "-o", type=click.Path(path_type=Path), default=Path("out"), show_default=True,
              help="Folder for report.json, report.md, report.html and flags.csv.")
@threshold_option
@cache_dir_option
@no_cache_option
@model_option
@click.option("--verdicts", type=click.Path(dir_okay=False, path_type=Path), default=DEFAULT_STORE,
              show_default=True, help="Reviewers' verdicts to show beside the flags.")
@click.option("--all", "show_all", is_flag=True, help="Also show flags that already have a verdict.")
@click.option("--strict", is_flag=True, help="Stop with an error (exit 2) when an input has to be skipped.")
@quiet_option
@click.option("--device", type=click.Choice(["cpu", "cuda"]), default="cpu", show_default=True,
              help="Where the encoder runs: cuda needs torch with CUDA and a GPU.")
@click.option("--engine", type=click.Choice(["local", "ray"]), default="local", show_default=True,
              help="ray: load, extract and embed as Ray Data batches (pip install 'factcheck[ray]'; "
                   "RAY_ADDRESS picks a cluster). Same flags as local.")
@reports_errors
def run(sources: tuple[Path, ...], out: Path, threshold: float | None, cache_dir: Path | None, no_cache: bool,
        model: str | None, verdicts: Path, show_all: bool, strict: bool, quiet: bool, device: str,
        engine: str) -> None:
    """Find conflicting figures across the articles in SOURCES (files or folders).

    Writes OUT/report.json, OUT/report.md, OUT/report.html (open it in a browser) and
    OUT/flags.csv (for a spreadsheet). Progress bars go to stderr on a terminal. An input
    that cannot be read is skipped with a note (exit status 3; --strict makes it an error).

    \b
    Example:
        factcheck run sources/ --out out/
    """
    from factcheck.outputs import report
    from factcheck.pipeline import Clock, analyse
    from factcheck.progress import make as make_progress
    from factcheck.progress import timings

    clock = Clock()
    sources = sources or (Path("sources"),)
    loaded = _read_sources(sources, strict)
    clock.lap("load")
    settled = _load_verdicts(verdicts)
    _writable_folder(out, "--out")
    cache = _cache(cache_dir, no_cache)
    decision = _decision()
    if engine == "ray":
        from factcheck.engine.ray_engine import run as run_on_ray

        result = run_on_ray(sources, model, None if no_cache else (cache_dir or default_cache()),
                            _bar(threshold, decision), encoder=os.environ.get("FACTCHECK_ENCODER", "onnx"),
                            device=device, decision=decision)
    else:
        embedder = make_embedder(model) if device == "cpu" else make_embedder(model, device)
        clock.restart()
        result = analyse(loaded.articles, loaded.notes, embedder, cache, _bar(threshold, decision), clock,
                         make_progress(quiet), decision)
    report.write(result, out, settled, show_settled=show_all)
    if not quiet:
        for n in result.notes:
            click.echo(f"note: {_shown(n)}", err=True)
        click.echo(f"{len(result.articles)} articles, {len(result.claims)} claims: {report.counts_text(result.flags)}")
        click.echo(f"wrote {', '.join(str(out / name) for name in report.FILES)}")
        click.echo(f"stages: {timings(result.seconds)}", err=True)
        if loaded.skipped:
            click.echo(_skipped_line(len(loaded.skipped)), err=True)
    sys.exit(EXIT_SKIPPED if loaded.skipped else EXIT_OK)


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


def main() -> None:
    if isinstance(sys.stdout, io.TextIOWrapper):  # a file name's non-UTF-8 bytes go out as they came in
        sys.stdout.reconfigure(errors="surrogateescape")
    cli(prog_name="factcheck")


# --- Review: the verdict store and the review page -----------------------------------

DEFAULT_CHECK = Path("out/check.json")  # `factcheck check` saves its flags here for `verdict` and `review`

store_option = click.option("--store", type=click.Path(dir_okay=False, path_type=Path), default=DEFAULT_STORE,
                            show_default=True, help="The verdict store: append-only JSON Lines.")
report_option = click.option("--report", type=click.Path(dir_okay=False, path_type=Path), default=DEFAULT_REPORT,
                             show_default=True, help="The report.json written by `factcheck run`.")


@cli.command("verdict")
@click.argument("flag_id")
@click.argument("verdict_name", metavar="VERDICT")
@click.option("--note", default="", help="Why: free text kept with the verdict.")
@click.option("--reviewer", default=None,
              help="Who decides (default: $FACTCHECK_REVIEWER, else the login name).")
@store_option
@report_option
@reports_errors
def verdict_command(flag_id: str, verdict_name: str, note: str, reviewer: str | None, store: Path,
                    report: Path) -> None:
    """Record a VERDICT on the flag FLAG_ID.

    VERDICT is one of: confirmed (a real discrepancy), not_a_conflict (same fact, or
    different things), changed_over_time, extraction_error, corrected (after confirmed:
    the outlet ran a correction; a confirmed flag fails `check` until then). The flag id is checked
    against REPORT when it exists, and the verdict keeps the flag's passage fingerprint,
    so a later run shows when the passages changed. A new verdict on the same flag
    replaces the old one in reports; the store keeps both.

    \b
    Example:
        factcheck verdict f3a9c1e0b2d4 confirmed --note 'AP has $4.5bn, the wire $3bn'
    """
    from factcheck.review.verdicts import VerdictStore, check_verdict

    check_verdict(verdict_name)
    fingerprint = _flag_fingerprint(report, flag_id)
    vs = VerdictStore(store)
    v = vs.record(flag_id, verdict_name, note, reviewer, fingerprint)
    for n in vs.notes:
        click.echo(f"note: {_shown(n)}", err=True)
    click.echo(f"{v.flag_id}: {v.verdict} by {v.reviewer} at {v.at} (saved to {store})")


def _flag_fingerprint(report: Path, flag_id: str) -> str | None:
    """The flag's fingerprint from REPORT (by default out/report.json, then the last
    `factcheck check`'s out/check.json); ``UsageError`` if none of them has the flag."""
    from factcheck.errors import UsageError
    from factcheck.outputs.report_input import read_report

    candidates = [report, DEFAULT_CHECK] if report == DEFAULT_REPORT else [report]
    found = [p for p in candidates if p.exists()]
    if not found:
        click.echo(f"note: {report} not found: flag id not checked, no fingerprint kept.", err=True)
        return None
    for path in found:
        flags = {f["id"]: f for f in read_report(path)["flags"]}
        if flag_id in flags:
            fingerprint = flags[flag_id].get("fingerprint")
            return fingerprint if isinstance(fingerprint, str) else None
    raise UsageError(f"No flag {flag_id!r} in {' or '.join(map(str, found))}. The flag ids are in report.md, "
                     "in the output of `factcheck check` and on the `factcheck review` page.")


@cli.command("verdicts")
@click.argument("flag_id", required=False)
@store_option
@reports_errors
def verdicts_command(flag_id: str | None, store: Path) -> None:
    """List the verdict that counts for each flag, or every verdict on FLAG_ID.

    \b
    Examples:
        factcheck verdicts
        factcheck verdicts f3a9c1e0b2d4     # the audit trail of one flag
    """
    from factcheck.review.verdicts import VerdictStore

    vs = VerdictStore(store)
    shown = vs.history(flag_id) if flag_id else sorted(vs.latest().values(), key=lambda v: v.at)
    for n in vs.notes:
        click.echo(f"note: {_shown(n)}", err=True)
    if not shown:
        click.echo(f"No verdicts{' on ' + flag_id if flag_id else ''} in {store}.")
    for v in shown:
        note = f"  {v.note}" if v.note else ""
        click.echo(f"{v.at}  {v.flag_id}  {v.verdict:<17}  {v.reviewer}{note}")


@cli.command("review")
@report_option
@store_option
@click.option("--port", type=click.IntRange(0, 65535), default=8765, show_default=True,
              help="Port to listen on (0 picks a free one; report.html links to 8765).")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on. Anything but loopback needs --tokens (0.0.0.0: every interface).")
@click.option("--tokens", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="A file of reviewers, one `name: token` a line: each signs in with their token and "
                   "their verdicts carry their name; nobody writes without one.")
@click.option("--no-browser", is_flag=True, help="Print the address without opening a browser.")
@reports_errors
def review_command(report: Path, store: Path, port: int, host: str, tokens: Path | None, no_browser: bool) -> None:
    """Review the flags of REPORT in the browser and record verdicts.

    Alone, it serves a page on 127.0.0.1 only. As a team, give --tokens (and --host to
    listen beyond this machine, behind a TLS reverse proxy: README). The page lists the
    unreviewed flags with both passages side by side; keys (outside text boxes): j/k
    next/previous, c confirmed, n not_a_conflict, t changed_over_time, e extraction_error,
    / note, u undo the last verdict, Esc leaves a box. URL#flag=ID opens a flag. Verdicts
    go to STORE, as with `factcheck verdict`. Ctrl-C stops the server.

    \b
    Examples:
        factcheck review --report out/report.json
        factcheck review --tokens reviewers.txt --host 0.0.0.0 --no-browser
    """
    import webbrowser

    from factcheck.outputs.report_input import read_report
    from factcheck.review.reviewers import load_tokens
    from factcheck.review.server import ReviewApp, ReviewServer
    from factcheck.review.verdicts import VerdictStore

    read_report(report, passages=True)  # a damaged report is an error now, not a traceback later
    team = load_tokens(tokens) if tokens else None
    server = ReviewServer(ReviewApp(report, VerdictStore(store), team), host=host, port=port)
    who = f"{len(set(team.values()))} reviewers sign in with their tokens" if team else "loopback only"
    click.echo(f"Reviewing {report} at {server.url}  ({who}; verdicts go to {store}; Ctrl-C stops)")
    if not no_browser:
        webbrowser.open(server.url)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        click.echo("Stopped.")
    finally:
        server.server_close()


@cli.command("export")
@click.option("--claimreview", is_flag=True, required=True,
              help="Write schema.org ClaimReview JSON-LD for the flags with a `confirmed` verdict.")
@click.option("--url", required=True, help="The page that publishes the fact check (each review links to URL#flag=ID).")
@click.option("--publisher", required=True, help="The organisation that checked the figures (the review's author).")
@report_option
@store_option
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Write to this file instead of standard output.")
@reports_errors
def export_command(claimreview: bool, url: str, publisher: str, report: Path, store: Path,
                   output: Path | None) -> None:
    """Export reviewed flags for publication.

    With --claimreview: a JSON array of schema.org ClaimReview objects, one for each flag
    whose latest verdict is `confirmed` (given on the passages as they are now), to put
    in a <script type="application/ld+json"> on the fact-check page.

    \b
    Example:
        factcheck export --claimreview --url https://example.org/checks/sensetime \\
            --publisher "Example News" -o out/claimreview.json
    """
    import json

    from factcheck.errors import UsageError
    from factcheck.outputs.claimreview import claim_reviews
    from factcheck.outputs.report_input import read_report
    from factcheck.review.verdicts import VerdictStore

    if not url.startswith(("https://", "http://")):
        raise UsageError(f"--url must be the fact-check page's address (https://...), not {url!r}.")
    reviews = claim_reviews(read_report(report, passages=True), VerdictStore(store).latest(), url, publisher)
    # "<", ">" and "&" as JSON escapes: the text can go inside a <script> element as it is.
    text = json.dumps(reviews, ensure_ascii=False, indent=1).replace("<", "\\u003c").replace(
        ">", "\\u003e").replace("&", "\\u0026") + "\n"
    if output:
        from factcheck.files import atomic_write

        atomic_write(output, text.encode("utf-8"))
        click.echo(f"{len(reviews)} ClaimReview(s) for confirmed flags; wrote {output}", err=True)
    else:
        click.echo(text, nl=False)


# --- Claim base and CI check ---------------------------------------------------------

base_option = click.option("--base", "base_dir", type=click.Path(file_okay=False, path_type=Path),
                           default=DEFAULT_BASE, show_default=True,
                           help="The claim base folder (the claims folder holding base/ also works).")


@cli.command("check")
@click.argument("articles", nargs=-1, required=True, type=click.Path(path_type=Path))
@base_option
@click.option("--format", "fmt", type=click.Choice(["text", "json", "junit", "github"]), default="text",
              show_default=True, help="text for people, json, junit (JUnit XML) or github (Actions annotations).")
@click.option("--output", "-o", type=click.Path(path_type=Path), default=None,
              help="Write the report to this file instead of standard output.")
@click.option("--strict", is_flag=True,
              help="Fail on new changes over time too, not only on conflicts; a skipped input is an error.")
@click.option("--verdicts", type=click.Path(path_type=Path), default=None,
              help="Reviewers' verdicts [default: verdicts.jsonl beside the base folder].")
@threshold_option
@click.option("--save", type=click.Path(dir_okay=False, path_type=Path), default=DEFAULT_CHECK, show_default=True,
              help="Where the flags are kept (JSON) for `factcheck verdict` and `factcheck review --report`.")
@model_option
@cache_dir_option
@no_cache_option
@reports_errors
def check_command(articles: tuple[Path, ...], base_dir: Path, fmt: str, output: Path | None, strict: bool,
                  verdicts: Path | None, threshold: float | None, save: Path, model: str | None,
                  cache_dir: Path | None, no_cache: bool) -> None:
    """Check new ARTICLES (files or folders) against the claim base.

    Reports the conflicts and changes over time between the new articles and the
    articles on file, and among the new ones, and each new article's bracketed currency
    conversions that no exchange rate of its year allows; a flag that already has a verdict
    does not count, except `confirmed` (the article is wrong), which fails until the article
    changes or `corrected` is recorded. Exit status: 0 when nothing new fails, 1 for a new unreviewed conflict or
    inconsistent conversion (or, with --strict, a change over time), 2 for a usage or input error, 3 when nothing new fails
    but an input was skipped (with --strict, a skipped input is an error: 2).

    \b
    Examples:
        factcheck check incoming/story.txt
        factcheck check incoming/ --format github
        factcheck check story.txt --format junit -o factcheck.xml
    """
    from factcheck.base.check import check, read_new
    from factcheck.base.store import open_base, resolve
    from factcheck.outputs.check_formats import FORMATS

    base = open_base(base_dir)  # everything is checked before the model loads
    loaded = read_new(articles)  # each file read once; two new articles with one id stop here
    _require(loaded.articles, loaded.notes, loaded.skipped, articles, strict)
    store = verdicts or resolve(base_dir).parent / "verdicts.jsonl"
    settled = _load_verdicts(store)
    if output:
        _writable_file(output, "--output")
    cache = _cache(cache_dir, no_cache)
    decision = _decision()
    result = check(base, loaded, make_embedder(model), cache, _bar(threshold, decision), settled, strict, decision)
    for n in result.new.notes:
        click.echo(f"note: {_shown(n)}", err=True)
    _save_check(result, save, store)
    text = FORMATS[fmt](result)
    if output:
        output.write_text(text, encoding="utf-8")
        click.echo(f"{result.summary()['failing']} failing flag(s); wrote {output}", err=True)
    else:
        click.echo(text, nl=False)
    if loaded.skipped:
        click.echo(_skipped_line(len(loaded.skipped)), err=True)
    sys.exit(result.exit_code or (EXIT_SKIPPED if loaded.skipped else EXIT_OK))


def _save_check(result: Any, save: Path, store: Path) -> None:
    """Keep the flags where `verdict` and `review` find them, and say how to review them."""
    from factcheck.files import atomic_write
    from factcheck.outputs.check_formats import review_commands, to_json

    try:
        atomic_write(save, to_json(result).encode("utf-8"))
    except OSError as e:
        click.echo(f"note: {save}: cannot save the flags for review ({e.strerror}).", err=True)
        return
    if result.exit_code:
        report = None if save == DEFAULT_CHECK else save
        click.echo(review_commands(result, store=None if store == DEFAULT_STORE else store, report=report), err=True)


@cli.command("update")
@click.argument("articles", nargs=-1, type=click.Path(path_type=Path))
@base_option
@click.option("--rebuild", is_flag=True, help="Re-embed every stored claim with the current model.")
@click.option("--fresh", is_flag=True, help="Drop what is stored and build the base from ARTICLES alone.")
@click.option("--strict", is_flag=True, help="Stop with an error (exit 2) when an input has to be skipped.")
@model_option
@cache_dir_option
@no_cache_option
@quiet_option
@click.option("--allow-confirmed", is_flag=True,
              help="Add an article even though it holds the passage of a confirmed, uncorrected flag.")
@reports_errors
def update_command(articles: tuple[Path, ...], base_dir: Path, rebuild: bool, fresh: bool, strict: bool,
                   model: str | None, cache_dir: Path | None, no_cache: bool, quiet: bool,
                   allow_confirmed: bool) -> None:
    """Add reviewed ARTICLES (files or folders) to the claim base, creating it if needed.

    An article on file with the same text is left alone; with another text it is
    replaced. After a model change, --rebuild re-embeds what is stored; --fresh builds
    the base from ARTICLES alone (articles no longer in the sources go away). The base
    changes in one step: an update cut short leaves the old base, and the next update
    finishes or clears what it left. An input that cannot be read is skipped with a
    note (exit status 3; --strict makes it an error).

    \b
    Examples:
        factcheck update sources/                  # build or refresh claims/base
        factcheck update incoming/story.txt        # after review
        factcheck update --rebuild                 # after a model change
    """
    from factcheck.base.store import is_legacy, prepare, resolve

    if not articles and not rebuild and not is_legacy(resolve(base_dir)):
        raise UsageError("Nothing to do: name the ARTICLES to add, or pass --rebuild to re-embed the base.")
    if fresh and not articles:
        raise UsageError("--fresh builds the base from ARTICLES: name them (e.g. `factcheck update sources/ --fresh`).")
    loaded = _read_sources(articles, strict) if articles else None
    if loaded and not allow_confirmed:
        _refuse_confirmed(loaded, base_dir)
    plan = prepare(base_dir, loaded, fresh=fresh, rebuild=rebuild, sources=articles)  # opens (or converts) the base
    cache = _cache(cache_dir, no_cache)
    done = plan.apply(make_embedder(model), cache)
    skipped = len(loaded.skipped) if loaded else 0
    if not quiet:
        _print_update(done)
        if skipped:
            click.echo(_skipped_line(skipped), err=True)
    sys.exit(EXIT_SKIPPED if skipped else EXIT_OK)


def _refuse_confirmed(loaded: Loaded, base_dir: Path) -> None:
    """`update` does not add a known-wrong figure: see ``base.ci_states``."""
    from factcheck.base.ci_states import blocked
    from factcheck.base.store import resolve

    found = blocked(loaded.articles, _load_verdicts(resolve(base_dir).parent / "verdicts.jsonl"),
                    (DEFAULT_CHECK, DEFAULT_REPORT))
    if found:
        raise UsageError("Not added: " + "; ".join(map(str, found)) + ". Record the correction (`factcheck verdict "
                         f"{found[0].flag_id} corrected`), fix the article, or pass --allow-confirmed.")


def _print_update(done: Update) -> None:
    for n in done.notes:
        click.echo(f"note: {_shown(n)}", err=True)
    b = done.base
    assert b is not None
    if not done.changed:
        click.echo(f"{b.path}: unchanged ({done.unchanged} articles already on file).")
        return
    what = "created" if done.created else "re-embedded" if done.reembedded and not done.added else \
        "converted" if done.converted and not (done.added or done.replaced) else "updated"
    click.echo(f"{b.path}: {what}: {done.added} added, {done.replaced} replaced, {done.unchanged} unchanged "
               f"({done.embedded} texts embedded). It holds {len(b.articles)} articles, {len(b.claims)} claims, "
               f"{len(b.mentions)} figures; model {b.model}."
               + (" Added the word index that `factcheck check` reads." if done.indexed else ""))


@cli.group("base")
def base_group() -> None:
    """Look after the claim base: verify it, export it to JSON Lines, import an export."""


@base_group.command("verify")
@base_option
@reports_errors
def base_verify_command(base_dir: Path) -> None:
    """Check the whole claim base: SQLite's page check, each segment's sha256, every row.

    A check or update does not read everything (that is what keeps them fast); run this
    after a copy, a restore, or a crash you want to be sure of. Exit status 2 names the fault."""
    from factcheck.base.store import open_base

    base = open_base(base_dir)
    for what in base.verify():
        click.echo(f"ok: {what}")
    click.echo(f"{base.path}: sound ({len(base.articles)} articles, {len(base.claims)} claims, "
               f"{len(base.mentions)} figures; model {base.model}).")


@base_group.command("export")
@click.argument("out", type=click.Path(file_okay=False, path_type=Path))
@base_option
@reports_errors
def base_export_command(out: Path, base_dir: Path) -> None:
    """Write the claim base to OUT as JSON Lines (articles, claims, figures) and vectors.npy.

    The same base gives the same bytes, so a change to it reads in a diff (`make base` keeps
    claims/base-export/ beside claims/base)."""
    from factcheck.base.store import export, open_base

    counts = export(open_base(base_dir), out)
    click.echo(f"wrote {out}: {counts['articles']} articles, {counts['claims']} claims, {counts['mentions']} figures.")


@base_group.command("import")
@click.argument("src", type=click.Path(exists=True, file_okay=False, path_type=Path))
@base_option
@reports_errors
def base_import_command(src: Path, base_dir: Path) -> None:
    """Build the claim base (--base, a folder without one) from an export in SRC."""
    from factcheck.base.store import import_base

    base = import_base(src, base_dir)
    click.echo(f"{base.path}: imported {len(base.articles)} articles, {len(base.claims)} claims, "
               f"{len(base.mentions)} figures; model {base.model}.")


@cli.command("learn")
@click.option("--report", "reports", multiple=True, type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="report.json files whose flags the verdicts judge (repeatable) [default: out/report.json].")
@store_option
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), default=Path("claims/decision.json"),
              show_default=True, help="Where the refitted model goes; run, check and explain use it from there.")
@reports_errors
def learn_command(reports: tuple[Path, ...], store: Path, out: Path) -> None:
    """Refit the learned flag decision with reviewers' verdicts.

    The packaged training rows (pairs of figures from public news data, labelled "same
    attribute" or "different things") are joined by one row per reviewed flag of the
    reports: a confirmed flag or a change over time teaches "same attribute", "not a
    conflict" teaches "different things". A fifth of the rows, fixed by a hash, is held out;
    the bar is chosen on the rest. Prints both scores; writes the model to --out.

    \b
    Example:
        factcheck learn --report out/report.json --store claims/verdicts.jsonl
    """
    from factcheck.match.learned import fit as fit_model
    from factcheck.match.learned import read_rows, verdict_rows
    from factcheck.outputs.report_input import read_report
    from factcheck.review.verdicts import VerdictStore

    vs = VerdictStore(store)
    for n in vs.notes:
        click.echo(f"note: {_shown(n)}", err=True)
    latest = {k: v.verdict for k, v in vs.latest().items()}
    added = []
    for path in reports or (DEFAULT_REPORT,):
        added += verdict_rows(read_report(path)["flags"], latest)
    rows = [*read_rows(), *added]
    model = fit_model(rows)
    out.parent.mkdir(parents=True, exist_ok=True)
    model.save(out)
    click.echo(f"{len(added)} reviewed flags joined {len(rows) - len(added)} packaged rows; bar {model.threshold:.4f}.")
    for part in ("dev", "test"):
        s = model.about.get(part)
        if s:
            click.echo(f"{part}: {s['rows']} rows, precision {s['precision']:.3f}, recall {s['recall']:.3f}, "
                       f"F1 {s['f1']:.3f}" + (f", AUC {s['auc']:.3f}" if "auc" in s else ""))
    click.echo(f"wrote {out}")


@cli.command("explain")
@click.argument("claim_a")
@click.argument("claim_b")
@click.argument("sources", nargs=-1, type=click.Path(path_type=Path))
@threshold_option
@model_option
@cache_dir_option
@no_cache_option
@reports_errors
def explain_command(claim_a: str, claim_b: str, sources: tuple[Path, ...], threshold: float | None,
                    model: str | None, cache_dir: Path | None, no_cache: bool) -> None:
    """Show why two claims of a run were or were not flagged.

    CLAIM_A and CLAIM_B are claim ids from report.json; SOURCES are the files or folders the
    run read (default: sources/). Prints, for every pair of figures of the two claims, the
    decision in plain words ("these count different things: Klan members vs
    counter-protesters"), then the technical trace: what the matcher knows of each (dimension, role, subject, round, times, date, context) and the
    decision the batch run makes, with its reason.

    \b
    Example:
        factcheck explain c1a2b3c4d5e6 c6e5d4c3b2a1 sources/
    """
    from factcheck.pipeline import explain

    loaded = _read_sources(sources or (Path("sources"),), False)
    cache = _cache(cache_dir, no_cache)
    decision = _decision()
    ca, cb, decisions = explain(loaded.articles, claim_a, claim_b, make_embedder(model), cache,
                                _bar(threshold, decision), decision)
    for label, c in (("A", ca), ("B", cb)):
        click.echo(f"{label}  {c.id}  {c.article_id} line {c.line}: \"{' '.join(c.text.split())}\"")
    if not decisions:
        click.echo("\nNeither claim has a figure the matcher compares (a bare number, a year that dates "
                   "nothing, or a figure in brackets that restates another).")
    from factcheck.outputs.plain import plain

    for d in decisions:  # in a journalist's words first, the technical trace below
        click.echo(f"\n{d.a.quantity.text} vs {d.b.quantity.text}: {plain(d)}")
    if decisions:
        click.echo("\nTechnical trace:")
    for d in decisions:
        first = d.a if d.a.claim.id == ca.id else d.b
        second = d.b if first is d.a else d.a
        click.echo(f"\n{first.quantity.text}  vs  {second.quantity.text}")
        for label, m in (("A", first), ("B", second)):
            click.echo(f"  {label}: {m.dimension} · role {m.role or '—'} · subject {', '.join(sorted(m.subjects)) or '—'}"
                       f" · round {m.round or '—'} · times {', '.join(sorted(m.times)) or '—'}"
                       f" · span {', '.join(sorted(m.periods)) or '—'} · date {m.date or '—'}"
                       f"{' · total' if m.total else ''}{' · plan/forecast' if m.hedged else ''}"
                       f"{' · rise/fall' if m.moving else ''} · interval {m.quantity.interval_text()}")
            click.echo(f"     context: \"{m.window}\"")
        p = "—" if d.confidence is None else f"{d.confidence:.2f}"
        score = "alignment" if d.aligned else "cosine"
        click.echo(f"  {score} {d.score:.3f} · same-attribute probability {p} (bar {d.needed:.2f})")
        verdict = f"FLAGGED {d.kind} {d.flag.id}" if d.flag else f"not flagged ({d.kind})"
        click.echo(f"  → {verdict}: {d.reason}")
