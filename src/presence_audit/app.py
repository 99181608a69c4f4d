"""The application layer: the pipeline every command runs, above the core and the writers.

``scan_and_record`` is one audit: scan, diff against the baseline and annotate the review
decisions, write the audit folder, record the run in the history store. ``scheduled_audit``
(``presence-audit audit --config``) is built on it; ``run_batch`` (``presence-audit batch``)
runs the same steps per subject in workers (``audit_subject``) and records in this process.
Besides the CLI, this is the only module that names writers; the core computes the findings
and their summary, ``reports/`` only writes them.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import orjson
import pandas as pd

from presence_audit import __version__, pool
from presence_audit import batch as batch_mod
from presence_audit import scan as scanning
from presence_audit import scheduled as sched
from presence_audit.baseline import baseline_frame, diff, load_json_baseline
from presence_audit.coverage import NOT_RUN_MARK
from presence_audit.errors import AuditInputError
from presence_audit.failures import lines as failure_lines
from presence_audit.findings_schema import FINDING_COLUMNS
from presence_audit.history import Store, default_db_path, open_store
from presence_audit.outputs import check_out_dir, write_bytes
from presence_audit.profile import Profile, load_profile
from presence_audit.reports import ReportOptions, write_all
from presence_audit.reports.batch_summary import write_summary_page
from presence_audit.reports.findings_json import finding_columns
from presence_audit.review import annotate, export_dates
from presence_audit.scan import ScanResult
from presence_audit.summary import exit_status, iso_one, summary

EXIT_ERROR = 2

# ---------------------------------------------------------------- the history session


def rules_version(catalog: dict) -> str:
    """A short hash of the catalog (ids and default severities): which rules judged a run."""
    text = "\n".join(f"{rid}:{spec.severity}" for rid, spec in sorted(catalog.items()))
    return hashlib.sha256(text.encode()).hexdigest()[:12]


def subject_key(profile: Profile) -> str:
    return profile.subject.name


@dataclass
class History:
    """The history choices of one command: where the store is, what the baseline is."""

    store: Store | None
    baseline: str | None  # None, "last" or a findings.json path
    record: bool
    base_json: pd.DataFrame | None = None

    def close(self) -> None:
        if self.store is not None:
            self.store.close()

    def __enter__(self) -> History:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def snapshot(self, subject: str) -> Snapshot:
        """What annotating ``subject``'s next run reads from the store, as plain data a
        worker process or a cluster can be sent (it never opens the store itself)."""
        base = None
        if self.baseline == "last":
            base = self.store.findings_of_last_run(subject)[1] if self.store else []
        reviews = self.store.reviews(subject) if self.store is not None else {}
        return Snapshot(base_rows=base, reviews=reviews)

    def annotate(self, result: ScanResult) -> None:
        """Set ``change`` and ``review`` on ``result.findings`` (before any writer runs)."""
        self.snapshot(subject_key(result.profile)).annotate(result, self.base_json)

    def record_run(self, result: ScanResult, out_dir: str | Path | None = None) -> int | None:
        """Store the run and the findings present in it (not the resolved ones); an
        incomplete or partial run is never stored, so it never becomes the next run's baseline."""
        if not self.record or self.store is None or partial(result):
            return None
        return self.store.record_run(**run_record(result, out_dir))

    def store_fields(self, fields: dict | None) -> int | None:
        """Store a run whose ``run_record`` fields a worker computed (None: nothing to store)."""
        if not self.record or self.store is None or fields is None:
            return None
        return self.store.record_run(**fields)


@dataclass
class Snapshot:
    """One subject's baseline rows (None: no "last" baseline) and review decisions."""

    base_rows: list[dict] | None
    reviews: dict

    def annotate(self, result: ScanResult, base_json: pd.DataFrame | None = None) -> None:
        """Diff ``result.findings`` against the baseline and set their review decisions."""
        base = baseline_frame(self.base_rows) if self.base_rows is not None else base_json
        findings = diff(result.findings, base, resolve=not partial(result))
        exported = export_dates(findings, result.activity, [a.label for a in result.archives])
        result.findings = annotate(findings, self.reviews, exported)[list(FINDING_COLUMNS)]


def partial(result: ScanResult) -> bool:
    """A part of the audit failed, or was switched off (``--no-classifiers``): no finding is
    called resolved against the baseline, and the run is not stored to become one."""
    return bool(result.failures) or any(NOT_RUN_MARK in e.reason for e in result.coverage)


def run_record(result: ScanResult, out_dir: str | Path | None = None) -> dict:
    """The history store's fields for one complete run (``Store.record_run`` keywords)."""
    present = result.findings[result.findings["change"] != "resolved"]
    cols = finding_columns(present.drop(columns=["change", "review"]))
    rows = [dict(zip(cols, vals, strict=True)) for vals in zip(*cols.values(), strict=True)]
    for row in rows:
        row.pop("change", None)
        row.pop("review", None)
    counts = summary(present)
    counts["new"] = int(result.findings["change"].isin(("new", "reappeared")).sum())
    counts["resolved"] = int((result.findings["change"] == "resolved").sum())
    archives = [{"label": a.label, "path": a.path, "kind": a.kind, "sha256": a.sha256}
                for a in result.archives]
    started_at = iso_one(result.generated_at)
    assert started_at is not None  # the scan's own clock reading, never missing
    return {"subject": subject_key(result.profile), "started_at": started_at,
            "archives": archives, "tool_version": __version__,
            "rules_version": rules_version(result.catalog), "counts": counts,
            "findings": rows, "out_dir": str(out_dir) if out_dir else None}


def open_history(db: str | Path | None, baseline: str | None, *, record: bool = True
                 ) -> History:
    """Validate the baseline and open the store before the long scan starts.

    ``record=False`` (``--no-history``) never creates or writes the store; an existing one
    is still read for review decisions and ``--baseline last``.
    """
    base_json = None
    if baseline and baseline != "last":
        base_json = load_json_baseline(baseline)
    path = Path(db) if db else default_db_path()
    store = open_store(path) if record or path.is_file() else None
    return History(store=store, baseline=baseline or None, record=record, base_json=base_json)


# ---------------------------------------------------------------- one audit


@dataclass
class Outcome:
    result: ScanResult
    written: dict[str, Path]
    run_id: int | None


def scan_and_record(paths: list[str], profile_path: str, out: str | Path, history: History,
                    *, options: ReportOptions | None = None, limits=None, progress=None,
                    classifiers: bool = True) -> Outcome:
    """Scan, diff and annotate, write the audit folder, then record the run (one transaction)."""
    result = scanning.scan(paths, profile_path, limits=limits, progress=progress,
                           classifiers=classifiers)
    history.annotate(result)
    written = write_all(out, result, options)
    run_id = history.record_run(result, out)
    return Outcome(result=result, written=written, run_id=run_id)


# ---------------------------------------------------------------- the scheduled audit


def scheduled_audit(cfg: sched.AuditConfig, *, notify_cmd: str | None = None,
                    db: Path | None = None, now: datetime | None = None,
                    echo: Callable[[str], None] = print,
                    warn: Callable[[str], None] = print) -> int:
    """One unattended audit into the dated folder; returns the exit status (0 or 1; 2 when
    the audit is incomplete, which the summary and the notification say first)."""
    command = sched.split_command(cfg.path, notify_cmd) if notify_cmd else cfg.notify_cmd
    paths = sched.archives_in(cfg.archives)
    if not cfg.profile.is_file():
        raise AuditInputError(f"{cfg.profile}: the profile does not exist")
    folder = sched.run_folder(cfg.out, now or datetime.now(UTC), cfg.folder)
    check_out_dir(folder)
    with open_history(db or cfg.db, "last") as history:
        outcome = scan_and_record([str(p) for p in paths], str(cfg.profile), folder, history,
                                  options=ReportOptions(redact=cfg.redact,
                                                        fail_on=cfg.fail_on))
    result = outcome.result
    code = exit_status(result.findings, cfg.fail_on, only_new=True)
    if result.failures:
        code = EXIT_ERROR
        for line in failure_lines(result.failures):
            warn(f"{sched.INCOMPLETE}: {line}")
    doc = sched.summary_doc(result, str(outcome.written.get("html", "")), cfg.fail_on, code,
                            folder, redact=cfg.redact)
    text = sched.summary_text(doc)
    write_bytes(folder / "summary.json", orjson.dumps(doc, option=orjson.OPT_INDENT_2))
    text_path = write_bytes(folder / "summary.txt", text.encode())
    echo(text.rstrip())
    if command:
        sched.notify(command, text_path, warn)
    return code


# ---------------------------------------------------------------- the batch


@dataclass(frozen=True)
class SubjectTask:
    """One subject's audit as sent to a worker: plain paths and data, no open store."""

    folder: Path
    out: Path
    fail_on: str
    redact: bool
    snapshot: Snapshot


@dataclass
class SubjectDone:
    """What a worker sends back: the summary row and the run to record (None: not stored)."""

    row: dict
    record: dict | None


def subject_task(folder: Path, out: Path, history: History, *, fail_on: str,
                 redact: bool, absolute: bool = False) -> SubjectTask:
    """Read the subject's baseline and reviews here, the one process holding the store
    (AuditInputError on a missing or bad profile or no archives). ``absolute`` paths for a
    cluster, whose workers do not share our working folder; local workers do, and keep the
    paths as given, so reports and reasons read as a sequential batch's."""
    profile, _ = batch_mod.subject_inputs(folder)
    name = subject_key(load_profile(str(profile)))
    if absolute:
        folder, out = folder.absolute(), out.absolute()
    return SubjectTask(folder=folder, out=out, fail_on=fail_on, redact=redact,
                       snapshot=history.snapshot(name))


def audit_subject(task: SubjectTask) -> SubjectDone:
    """One subject's audit in a worker: scan, annotate, write its folder; a subject's own
    failure becomes its failed row, never an exception, so it fails alone."""
    try:
        profile, archives = batch_mod.subject_inputs(task.folder)
        result = scanning.scan([str(p) for p in archives], str(profile))
        task.snapshot.annotate(result)
        write_all(task.out / task.folder.name, result,
                  ReportOptions(redact=task.redact, fail_on=task.fail_on))
    except Exception as exc:  # one broken subject must not stop the office's batch
        return SubjectDone(row=batch_mod.failed_row(task.folder, exc), record=None)
    row = batch_mod.subject_row(task.folder, archives, result.profile.subject.name,
                                summary(result.findings), failure_lines(result.failures),
                                exit_status(result.findings, task.fail_on))
    return SubjectDone(row=row, record=None if result.failures else run_record(result))


def _gathered(task: SubjectTask, done: SubjectDone | Exception, history: History,
              out: Path) -> dict:
    """Record a finished subject's run in the store (only here) and return its row."""
    if isinstance(done, Exception):  # the worker itself was lost, not the subject's input
        return batch_mod.failed_row(task.folder, done)
    if done.record is not None:
        try:
            history.store_fields({**done.record, "out_dir": str(out / task.folder.name)})
        except Exception as exc:
            return batch_mod.failed_row(task.folder, exc)
    return done.row


def run_batch(root: Path, out: Path, *, fail_on: str = "high", db: Path | None = None,
              record: bool = True, redact: bool = False, jobs: int | None = None,
              scheduler: str | None = None, echo: Callable[[str], None] = print) -> int:
    """Audit every subject folder under ``root`` into ``out``, ``jobs`` at a time (default:
    one per CPU) or on the Dask scheduler at ``scheduler``; return the worst exit status."""
    pool.check_jobs(jobs)
    folders = batch_mod.subject_folders(Path(root))
    out = batch_mod.check_batch_out(Path(out))
    rows: dict[str, dict] = {}  # by folder name, the summary's order restored at the end
    with open_history(db, "last", record=record) as history:
        tasks = []
        for folder in folders:
            try:
                tasks.append(subject_task(folder, out, history, fail_on=fail_on,
                                          redact=redact, absolute=scheduler is not None))
            except Exception as exc:
                rows[folder.name] = batch_mod.failed_row(folder, exc)
                echo(f"{folder.name}: {batch_mod.subject_line(rows[folder.name])}")
        jobs = pool.default_jobs() if jobs is None else jobs
        for task, done in pool.run_tasks(audit_subject, tasks, jobs=jobs,
                                         scheduler=scheduler):
            name = task.folder.name
            rows[name] = _gathered(task, done, history, out)
            echo(f"{name}: {batch_mod.subject_line(rows[name])}")
    doc = batch_mod.batch_document([rows[f.name] for f in folders], fail_on)
    write_bytes(out / batch_mod.SUMMARY, orjson.dumps(doc, option=orjson.OPT_INDENT_2))
    page = write_summary_page(out, doc)
    echo(f"summary: {page}")
    return max((r["exit_status"] for r in rows.values()), default=0)
