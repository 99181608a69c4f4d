"""The command line: ``scan``, ``inspect``, ``rules``, and the history commands ``review``,
``audit`` and ``batch`` (DESIGN.md "Command line"); the pipeline they run is in app.py.

Exit status: 0 nothing open at or above ``--fail-on``; 1 open findings at or above it; 2 the
audit could not run (bad archive, bad profile, missing path, zero records) or is incomplete (a
rule, detector or writer failed; ``--allow-incomplete`` accepts that). Failures print one line
on stderr each, never a traceback; PRESENCE_AUDIT_DEBUG=1 shows it for bug reports.
"""

from __future__ import annotations

import functools
from collections import Counter
from pathlib import Path
from typing import Annotated

import typer

from presence_audit.archive import Limits, open_archives
from presence_audit.errors import AuditInputError
from presence_audit.failures import cause, debug, missing_package_file, one_line
from presence_audit.failures import lines as failure_lines
from presence_audit.outputs import check_out_dir
from presence_audit.progress import status
from presence_audit.rules import SEVERITIES

EXIT_CLEAN, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2
PROG = "presence-audit"

app = typer.Typer(add_completion=False, no_args_is_help=True, pretty_exceptions_enable=False,
                  rich_markup_mode=None,
                  help="Audit a judge's or prosecutor's social-media exports, offline.")


def _error(message: str) -> None:
    """Print one line on stderr; newlines in a message must not break the one-line promise."""
    text = " ".join(str(message).split())
    typer.echo(f"{PROG}: error: {text}", err=True)


def guarded(fn):
    """Turn AuditInputError and unexpected exceptions into one stderr line and exit 2."""
    @functools.wraps(fn)
    def run(*args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except (typer.Exit, typer.Abort, SystemExit):
            raise
        except AuditInputError as exc:
            _error(str(exc))
            raise typer.Exit(EXIT_ERROR) from None
        except KeyboardInterrupt:
            _error("interrupted")
            raise typer.Exit(EXIT_ERROR) from None
        except Exception as exc:
            if debug():
                raise
            if missing_package_file(exc):  # a broken install says so, not "unexpected"
                _error(cause(exc))
            else:
                _error(f"unexpected failure ({one_line(exc)}); re-run with "
                       "PRESENCE_AUDIT_DEBUG=1 to see the traceback and report it")
            raise typer.Exit(EXIT_ERROR) from None
    return run


def _limits(max_member_bytes: int | None, max_total_bytes: int | None,
            max_ratio: float | None) -> Limits:
    limits = Limits()
    if max_member_bytes is not None:
        limits.max_member_bytes = max_member_bytes
    if max_total_bytes is not None:
        limits.max_total_bytes = max_total_bytes
    if max_ratio is not None:
        limits.max_ratio = max_ratio
    return limits


Paths = Annotated[list[Path], typer.Argument(help="Archives (zip, tar) or export folders.",
                                             show_default=False)]


@app.command()
@guarded
def scan(
    paths: Paths,
    profile: Annotated[Path, typer.Option("--profile", help="profile.toml")],
    out: Annotated[Path, typer.Option("--out", help="Folder for the audit files.")],
    fail_on: Annotated[str, typer.Option(help="Exit 1 on an open finding at or above this "
                                              "severity.")] = "high",
    redact: Annotated[bool, typer.Option(help="Mask item text in findings.json/.csv.")] = False,
    max_member_bytes: Annotated[int | None, typer.Option(help="Largest member to read.")
                                ] = None,
    max_total_bytes: Annotated[int | None, typer.Option(help="Most bytes to read in all.")
                               ] = None,
    max_ratio: Annotated[float | None, typer.Option(help="Largest compression ratio.")
                         ] = None,
    quiet: Annotated[bool, typer.Option(help="Print nothing but errors.")] = False,
    baseline: Annotated[str | None, typer.Option(
        help="Mark findings new/unchanged/resolved against a previous findings.json, or "
             "'last' for the subject's last run in the history store.")] = None,
    db: Annotated[Path | None, typer.Option(
        help="History store (default $PRESENCE_AUDIT_DB, else the user data folder).")
                  ] = None,
    no_history: Annotated[bool, typer.Option(
        "--no-history", help="Do not record this run in the history store.")] = False,
    template_dir: Annotated[Path | None, typer.Option(
        help="Folder of report templates/labels overriding the defaults.")] = None,
    lang: Annotated[str | None, typer.Option(
        help="Report language (en, it); default: the profile's [report] lang, else en.")
                    ] = None,
    allow_incomplete: Annotated[bool, typer.Option(
        "--allow-incomplete", help="Exit 0/1 by the findings even when a rule, detector or "
                                   "writer failed (stderr and the report still say so).")
                                ] = False,
    no_classifiers: Annotated[bool, typer.Option(
        "--no-classifiers", help="Do not run the political, demeanor and condemnation "
                                 "classifiers (faster on large archives); names, cue lists "
                                 "and lexicons still run. The coverage table, report and "
                                 "stderr say so.")
                              ] = False,
) -> None:
    """Audit PATH... against the profile and write report.html, findings.json, findings.csv."""
    from presence_audit.app import open_history, scan_and_record
    from presence_audit.reports import ReportOptions
    from presence_audit.summary import exit_status

    if fail_on not in SEVERITIES:
        raise AuditInputError(f"--fail-on must be one of {', '.join(SEVERITIES)}, "
                              f"not {fail_on!r}")
    check_out_dir(out)  # fail before a long scan, not after
    if lang or template_dir:  # likewise a language or template folder the report cannot use
        from presence_audit.reports.html import load_labels

        if template_dir and not template_dir.is_dir():
            raise AuditInputError(f"--template-dir {template_dir}: no such folder")
        if lang:
            load_labels(lang, template_dir)
    limits = _limits(max_member_bytes, max_total_bytes, max_ratio)
    with open_history(db, baseline, record=not no_history) as history, \
            status(enabled=not quiet) as progress:
        outcome = scan_and_record([str(p) for p in paths], str(profile), out, history,
                                  options=ReportOptions(redact=redact, fail_on=fail_on,
                                                        lang=lang, template_dir=template_dir),
                                  limits=limits, progress=progress,
                                  classifiers=not no_classifiers)
    result, written = outcome.result, outcome.written
    if no_classifiers:  # a check not run by choice is still a check not run: always say so
        typer.echo(f"{PROG}: warning: classifiers NOT run (--no-classifiers): no text was "
                   "scored for partisan content or intemperate language; see the coverage "
                   "table", err=True)
    report_failures(result.failures)
    code = exit_status(result.findings, fail_on)
    if result.failures and not allow_incomplete:
        code = EXIT_ERROR
    if not quiet:
        _print_summary(result, written, fail_on, code)
    raise typer.Exit(code)


def report_failures(failures) -> None:
    """One stderr line per cause of an incomplete audit."""
    for line in failure_lines(failures):
        _error(f"incomplete audit: {line}")


def _print_summary(result, written: dict, fail_on: str, code: int) -> None:
    from presence_audit.summary import present, summary

    counts = summary(present(result.findings))  # resolved ones are gone: not listed
    parts = [f"{s} {n}" for s, n in counts["open_by_severity"].items() if n]
    typer.echo(f"{counts['total']} findings, {counts['open']} open"
               + (f": {', '.join(parts)}" if parts else ""))
    problems = sum(1 for e in result.coverage if e.status in ("failed", "unrecognized"))
    if problems:
        typer.echo(f"{problems} archive members could not be read or recognized "
                   "(see the coverage table)")
    typer.echo(f"report: {written.get('html', '')}")
    typer.echo("also: " + ", ".join(str(p) for k, p in written.items() if k != "html"))
    if result.failures:
        typer.echo("INCOMPLETE AUDIT: part of it failed (see the lines on stderr and the "
                   "report's banner); the run never becomes a baseline")
    if code == EXIT_FINDINGS:
        typer.echo(f"exit 1: open findings at or above {fail_on}")
    elif code == EXIT_ERROR:
        typer.echo("exit 2: the audit is incomplete (--allow-incomplete accepts that)")


def _version(value: bool) -> None:
    if value:
        typer.echo(f"{PROG} {installed_version()}")
        raise typer.Exit(EXIT_CLEAN)


def installed_version() -> str:
    """The installed distribution's version (the package's own when run from a checkout)."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(PROG)
    except PackageNotFoundError:
        from presence_audit import __version__

        return __version__


@app.callback()
def main_options(
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                          help="Print the version and exit.")] = False,
) -> None:
    """Audit a judge's or prosecutor's social-media exports, offline."""


@app.command()
@guarded
def doctor(
    db: Annotated[Path | None, typer.Option(help="History store to check (default "
                                                 "$PRESENCE_AUDIT_DB, else the user data "
                                                 "folder).")] = None,
) -> None:
    """Check the installation: every packaged data file, model and template loads, every
    rule, importer and writer imports, the history store opens (exit 0 ready, 2 not)."""
    from rich.console import Console
    from rich.table import Table

    from presence_audit.doctor import rows, run_checks, verdict

    checks = run_checks(db)
    table = Table(title=f"{PROG} {installed_version()} doctor")
    for column in ("check", "result", "detail"):
        table.add_column(column, overflow="fold")
    for group, result, detail in rows(checks):
        table.add_row(group, result, detail)
    console = Console(highlight=False, soft_wrap=False)
    console.print(table)
    console.print(verdict(checks), markup=False)
    raise typer.Exit(EXIT_CLEAN if all(c.ok for c in checks) else EXIT_ERROR)


@app.command()
@guarded
def inspect(
    paths: Paths,
    max_member_bytes: Annotated[int | None, typer.Option()] = None,
    max_total_bytes: Annotated[int | None, typer.Option()] = None,
    max_ratio: Annotated[float | None, typer.Option()] = None,
) -> None:
    """Print what each archive holds: recognized exports, records per kind, what was skipped."""
    from presence_audit.scan import import_archives

    archives = open_archives([str(p) for p in paths],
                             _limits(max_member_bytes, max_total_bytes, max_ratio))
    try:
        with status() as progress:
            imported = import_archives(archives, progress=progress)
    finally:
        for archive in archives:
            archive.close()
    activity = imported.activity
    origin = activity["source"].str.split(":", n=1).str[0]
    for archive in archives:
        label = archive.label
        typer.echo(f"{label} ({archive.kind}, {len(archive.names)} members)")
        found = [(name, root) for lab, name, root in imported.detected if lab == label]
        if not found:
            typer.echo("  recognized: nothing (not a known export layout)")
        for name, root in found:
            typer.echo(f"  recognized: {name} at {root or '(archive root)'}")
        mine = activity[origin == label]
        counts = mine.groupby(["platform", "kind"], observed=True).size()
        for (platform, kind), n in counts.items():
            typer.echo(f"  {platform} {kind}: {n}")
        entries = [e for e in imported.coverage if e.archive == label]
        read = [e for e in entries if e.status == "read"]
        bad = sum(e.bad_records for e in read)
        typer.echo(f"  members read: {len(read)}" + (f" ({bad} bad records)" if bad else ""))
        skipped = Counter(e.kind or "other" for e in entries if e.status == "skipped")
        if skipped:
            typer.echo("  skipped: " + ", ".join(f"{n} {k}" for k, n in sorted(skipped.items())))
        for e in entries:
            if e.status in ("unrecognized", "failed"):
                typer.echo(f"  {e.status}: {e.member} — {e.reason}")
    report_failures(imported.failures)
    if imported.failures:  # a detector that crashed may have hidden a whole export
        raise typer.Exit(EXIT_ERROR)


@app.command()
@guarded
def rules(
    format_: Annotated[str, typer.Option(
        "--format", help="text (default) or markdown (the document docs/rules.md holds).")
                       ] = "text",
) -> None:
    """List the rule catalog: id, category, default severity, roles, kinds, sources, an example
    and what each rule does not detect."""
    from presence_audit import engine
    from presence_audit.scan import catalog_by_id

    if format_ not in ("text", "markdown"):
        raise AuditInputError(f"--format must be text or markdown, not {format_!r}")
    if format_ == "markdown":
        from presence_audit.rules_doc import render_markdown

        typer.echo(render_markdown(engine.catalog()), nl=False)
        return
    for rule_id, spec in catalog_by_id(engine.catalog()).items():
        typer.echo(f"{rule_id}  [{spec.category}, {spec.severity}]  {spec.title}")
        typer.echo(f"    roles: {', '.join(spec.roles)}")
        typer.echo(f"    kinds: {', '.join(spec.kinds)}")
        if spec.sources:
            typer.echo(f"    sources: {'; '.join(spec.sources)}")
        if spec.example:
            typer.echo(f"    example: {spec.example}")
        if spec.not_detected:
            typer.echo(f"    not detected: {spec.not_detected}")


@app.command()
@guarded
def train(
    out: Annotated[Path, typer.Option(help="Folder for the models (name it in the profile's "
                                           "[classifiers]; src/presence_audit/data/models "
                                           "rewrites the shipped ones).")],
    labels: Annotated[Path | None, typer.Option(
        help="CSV of text,label[,task] examples to add; without it the models are rebuilt "
             "from the corpus alone.")] = None,
) -> None:
    """Refit the classifiers with an office's labelled examples (held-out F1 before/after),
    or rebuild them from the corpus (held-out F1 of the rebuilt models)."""
    from presence_audit.training import (
        format_rebuild,
        format_retraining,
        rebuild,
        train_with_labels,
    )

    if labels is None:
        typer.echo(format_rebuild(rebuild(out)))
    elif not labels.is_file():
        raise AuditInputError(f"{labels}: no such labels file")
    else:
        typer.echo(format_retraining(train_with_labels(labels, out)))
    typer.echo(f"models written to {out}")


@app.command()
@guarded
def review(
    fingerprint: Annotated[str | None, typer.Argument(
        help="The finding's fingerprint (or a unique prefix).", show_default=False)] = None,
    status_: Annotated[str | None, typer.Option(
        "--status", help="acknowledged | false-positive | remediated | disclosed | open")
                       ] = None,
    note: Annotated[str, typer.Option(help="Why (kept with the decision).")] = "",
    by: Annotated[str | None, typer.Option(help="Who decides.")] = None,
    csv_path: Annotated[Path | None, typer.Option(
        "--csv", help="A findings.csv with edited status (and optional note, by) columns.")
                        ] = None,
    subject: Annotated[str | None, typer.Option(
        help="Subject name, when one store holds several subjects with this finding.")
                       ] = None,
    db: Annotated[Path | None, typer.Option(help="History store.")] = None,
) -> None:
    """Record a review decision on a finding, or many from a findings.csv (--csv)."""
    from presence_audit.history import open_store
    from presence_audit.review import csv_outcome_line, decide, decide_from_csv

    if (fingerprint is None) == (csv_path is None):
        raise AuditInputError("give either a FINGERPRINT with --status, or --csv FILE")
    with open_store(db) as store:
        if csv_path is not None:
            done = decide_from_csv(store, csv_path, by=by, subject=subject)
            for line in done.stale:
                typer.echo(f"{PROG}: warning: {csv_path} {line}", err=True)
            typer.echo(csv_outcome_line(done))
            return
        if not status_:
            raise AuditInputError("--status is required with a FINGERPRINT")
        assert fingerprint is not None  # checked above: exactly one of FINGERPRINT and --csv
        subj, fp = decide(store, fingerprint, status_, by=by or "", note=note,
                          subject=subject)
    typer.echo(f"{fp} ({subj}): {status_}")


@app.command()
@guarded
def audit(
    config: Annotated[Path, typer.Option("--config", help="audit.toml")],
    notify_cmd: Annotated[str | None, typer.Option(
        help="Command run (no shell) with the summary path as its last argument.")] = None,
    db: Annotated[Path | None, typer.Option(help="History store (overrides audit.toml).")
                  ] = None,
) -> None:
    """Run the periodic audit of audit.toml unattended (exit 1: new findings at or above
    the threshold; 2: could not audit)."""
    from presence_audit.app import scheduled_audit
    from presence_audit.scheduled import load_config

    cfg = load_config(config)
    code = scheduled_audit(cfg, notify_cmd=notify_cmd, db=db, echo=typer.echo,
                     warn=lambda m: typer.echo(f"{PROG}: warning: {m}", err=True))
    raise typer.Exit(code)


@app.command()
@guarded
def batch(
    folder: Annotated[Path, typer.Argument(help="One sub-folder per subject (profile.toml "
                                                "and archives).", show_default=False)],
    out: Annotated[Path, typer.Option("--out", help="Folder for the per-subject audits "
                                                    "and the summary.")],
    fail_on: Annotated[str, typer.Option(help="Threshold for exit 1.")] = "high",
    db: Annotated[Path | None, typer.Option(help="History store.")] = None,
    no_history: Annotated[bool, typer.Option("--no-history")] = False,
    redact: Annotated[bool, typer.Option(help="Mask item text in findings.json/.csv.")] = False,
    jobs: Annotated[int | None, typer.Option(
        help="Subjects audited at once, each in its own process (default: one per CPU; "
             "1: one after another).", show_default=False)] = None,
    dask_scheduler: Annotated[str | None, typer.Option(
        help="Run one task per subject on this Dask scheduler (tcp://HOST:PORT); needs the "
             "dask extra and the same paths on every worker.", show_default=False)] = None,
) -> None:
    """Audit every subject folder, one report each, and a summary page across subjects."""
    from presence_audit.app import run_batch

    if fail_on not in SEVERITIES:
        raise AuditInputError(f"--fail-on must be one of {', '.join(SEVERITIES)}, "
                              f"not {fail_on!r}")
    code = run_batch(folder, out, fail_on=fail_on, db=db, record=not no_history,
                     redact=redact, jobs=jobs, scheduler=dask_scheduler, echo=typer.echo)
    raise typer.Exit(code)


def main() -> None:  # pragma: no cover - python -m presence_audit.cli
    app()


if __name__ == "__main__":  # pragma: no cover
    main()
