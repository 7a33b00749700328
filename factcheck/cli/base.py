"""`check`, `update` and `base verify/export/import`: the claim base and the CI check."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from factcheck.cli import common
from factcheck.cli.common import (
    DEFAULT_CHECK,
    DEFAULT_REPORT,
    EXIT_OK,
    EXIT_SKIPPED,
    _bar,
    _cache,
    _decision,
    _load_verdicts,
    _read_sources,
    _require,
    _shown,
    _skipped_line,
    _writable_file,
    base_option,
    cache_dir_option,
    cli,
    model_option,
    no_cache_option,
    quiet_option,
    reports_errors,
    threshold_option,
)
from factcheck.errors import UsageError
from factcheck.review.verdicts import DEFAULT_STORE

if TYPE_CHECKING:
    from factcheck.base.store import Update
    from factcheck.extract.load import Loaded


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
    result = check(base, loaded, common.make_embedder(model), cache, _bar(threshold, decision), settled, strict, decision)
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
    from factcheck.base.store import is_legacy, is_outdated, prepare, resolve

    if not articles and not rebuild and not is_legacy(resolve(base_dir)) and not is_outdated(resolve(base_dir)):
        raise UsageError("Nothing to do: name the ARTICLES to add, or pass --rebuild to re-embed the base.")
    if fresh and not articles:
        raise UsageError("--fresh builds the base from ARTICLES: name them (e.g. `factcheck update sources/ --fresh`).")
    loaded = _read_sources(articles, strict) if articles else None
    if loaded and not allow_confirmed:
        _refuse_confirmed(loaded, base_dir)
    plan = prepare(base_dir, loaded, fresh=fresh, rebuild=rebuild, sources=articles)  # opens (or converts) the base
    cache = _cache(cache_dir, no_cache)
    done = plan.apply(common.make_embedder(model), cache)
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

