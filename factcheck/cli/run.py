"""`factcheck run` and `factcheck explain`: the batch run over the sources and one pair of its claims."""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import click

from factcheck.cli import common
from factcheck.cli.common import (
    EXIT_OK,
    EXIT_SKIPPED,
    _bar,
    _cache,
    _decision,
    _load_verdicts,
    _read_sources,
    _shown,
    _skipped_line,
    _writable_folder,
    cache_dir_option,
    cli,
    default_cache,
    model_option,
    no_cache_option,
    quiet_option,
    reports_errors,
    threshold_option,
)
from factcheck.review.verdicts import DEFAULT_STORE

if TYPE_CHECKING:
    from factcheck.match.decide import Decision
    from factcheck.records import Mention


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
        embedder = common.make_embedder(model) if device == "cpu" else common.make_embedder(model, device)
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
    ca, cb, decisions = explain(loaded.articles, claim_a, claim_b, common.make_embedder(model), cache,
                                _bar(threshold, decision), decision)
    for label, c in (("A", ca), ("B", cb)):
        click.echo(f"{label}  {c.id}  {c.article_id} line {c.line}: \"{' '.join(c.text.split())}\"")
    if not decisions:
        click.echo("\nNeither claim has a figure the matcher compares (a bare number, a year that dates "
                   "nothing, or a figure in brackets that restates another).")
    _echo_plain(decisions)
    if decisions:
        click.echo("\nTechnical trace:")
    for d in decisions:
        _echo_trace(d, ca.id)


def _echo_plain(decisions: Sequence[Decision]) -> None:
    """Each decision in a journalist's words (the technical trace follows)."""
    from factcheck.outputs.plain import plain

    for d in decisions:
        click.echo(f"\n{d.a.quantity.text} vs {d.b.quantity.text}: {plain(d)}")


def _echo_trace(d: Decision, first_claim: str) -> None:
    """One decision's technical trace, the figure of claim ``first_claim`` first."""
    first = d.a if d.a.claim.id == first_claim else d.b
    second = d.b if first is d.a else d.a
    click.echo(f"\n{first.quantity.text}  vs  {second.quantity.text}")
    for label, m in (("A", first), ("B", second)):
        click.echo(f"  {label}: {_known(m)}")
        click.echo(f"     context: \"{m.window}\"")
    p = "—" if d.confidence is None else f"{d.confidence:.2f}"
    score = "alignment" if d.aligned else "cosine"
    click.echo(f"  {score} {d.score:.3f} · same-attribute probability {p} (bar {d.needed:.2f})")
    verdict = f"FLAGGED {d.kind} {d.flag.id}" if d.flag else f"not flagged ({d.kind})"
    click.echo(f"  → {verdict}: {d.reason}")


def _known(m: Mention) -> str:
    """What the matcher knows of one figure, on one line."""
    return (f"{m.dimension} · role {m.role or '—'} · subject {', '.join(sorted(m.subjects)) or '—'}"
            f" · round {m.round or '—'} · times {', '.join(sorted(m.times)) or '—'}"
            f" · span {', '.join(sorted(m.periods)) or '—'} · date {m.date or '—'}"
            f"{' · total' if m.total else ''}{' · plan/forecast' if m.hedged else ''}"
            f"{' · rise/fall' if m.moving else ''} · interval {m.quantity.interval_text()}")
