"""`verdict`, `verdicts`, `review`, `export` and `learn`: the reviewers' side of the command line."""

from __future__ import annotations

from pathlib import Path

import click

from factcheck.cli.common import (
    DEFAULT_CHECK,
    DEFAULT_REPORT,
    _shown,
    cli,
    report_option,
    reports_errors,
    store_option,
)
from factcheck.errors import UsageError


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

