"""The command line: ``scan``, ``inspect`` and ``rules`` (DESIGN.md "Command line").

Exit status: 0 nothing open at or above ``--fail-on``; 1 open findings at or above it; 2 the
audit could not run (bad archive, bad profile, missing path, zero records). Failures print
one line on stderr, never a traceback; PRESENCE_AUDIT_DEBUG=1 shows it for bug reports.
"""

from __future__ import annotations

import functools
import os
import sys
from collections import Counter
from pathlib import Path
from typing import Annotated

import typer

from presence_audit.archive import Limits, open_archives
from presence_audit.errors import AuditInputError
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
            if os.environ.get("PRESENCE_AUDIT_DEBUG") == "1":
                raise
            from presence_audit.scan import one_line

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


def exit_status(findings, fail_on: str) -> int:
    """1 when an open finding is at or above ``fail_on``; decided ones never count."""
    if findings.empty:
        return EXIT_CLEAN
    threshold = SEVERITIES.index(fail_on)
    at_or_above = findings["severity"].isin(SEVERITIES[threshold:])
    return EXIT_FINDINGS if (at_or_above & (findings["status"] == "open")).any() else EXIT_CLEAN


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
) -> None:
    """Audit PATH... against the profile and write report.html, findings.json, findings.csv."""
    from presence_audit.reports import ReportOptions, write_all
    from presence_audit.scan import scan as run_scan

    if fail_on not in SEVERITIES:
        raise AuditInputError(f"--fail-on must be one of {', '.join(SEVERITIES)}, "
                              f"not {fail_on!r}")
    check_out_dir(out)  # fail before a long scan, not after
    limits = _limits(max_member_bytes, max_total_bytes, max_ratio)
    with status(enabled=not quiet) as progress:
        result = run_scan([str(p) for p in paths], str(profile), limits=limits,
                          progress=progress)
        progress("writing the audit folder")
        written = write_all(out, result, ReportOptions(redact=redact, fail_on=fail_on))
    code = exit_status(result.findings, fail_on)
    if not quiet:
        _print_summary(result, written, fail_on, code)
    raise typer.Exit(code)


def _print_summary(result, written: dict, fail_on: str, code: int) -> None:
    findings = result.findings
    open_ = findings[findings["status"] == "open"] if not findings.empty else findings
    by_sev = Counter(open_["severity"].astype(str)) if not open_.empty else Counter()
    parts = [f"{s} {by_sev[s]}" for s in reversed(SEVERITIES) if by_sev[s]]
    typer.echo(f"{len(findings)} findings, {len(open_)} open"
               + (f": {', '.join(parts)}" if parts else ""))
    problems = sum(1 for e in result.coverage if e.status in ("failed", "unrecognized"))
    if problems:
        typer.echo(f"{problems} archive members could not be read or recognized "
                   "(see the coverage table)")
    typer.echo(f"report: {written.get('html', '')}")
    typer.echo("also: " + ", ".join(str(p) for k, p in written.items() if k != "html"))
    if code == EXIT_FINDINGS:
        typer.echo(f"exit 1: open findings at or above {fail_on}")


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


@app.command()
@guarded
def rules() -> None:
    """List the rule catalog: id, category, default severity, roles, kinds and sources."""
    from presence_audit import engine
    from presence_audit.scan import catalog_by_id

    for rule_id, spec in catalog_by_id(engine.catalog()).items():
        typer.echo(f"{rule_id}  [{spec.category}, {spec.severity}]  {spec.title}")
        typer.echo(f"    roles: {', '.join(spec.roles)}")
        typer.echo(f"    kinds: {', '.join(spec.kinds)}")
        if spec.sources:
            typer.echo(f"    sources: {'; '.join(spec.sources)}")


def main() -> None:  # pragma: no cover - python -m presence_audit.cli
    app()


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
