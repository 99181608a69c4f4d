"""The ethics-office batch: one audit per subject folder and a summary page across subjects.

``presence-audit batch SUBJECTS --out OUT``: each sub-folder of SUBJECTS holds a profile.toml
and the subject's archives (beside it, or in an ``archives/`` sub-folder). Each subject gets
``OUT/<folder>/`` (report.html, findings.json, …) diffed against its last run in the history
store; ``OUT/summary.html`` and ``OUT/summary.json`` list every subject with open counts by
severity and what is new since the last review. A subject whose input is broken is listed as
failed with its one-line reason, one audited only in part (a rule, detector or writer failed)
as INCOMPLETE AUDIT, and the batch goes on. Exit status: 2 when any subject failed or is
incomplete, else 1 when any has open findings at or above ``--fail-on``, else 0.

Subjects run ``--jobs`` at a time in worker processes, or one task each on a Dask cluster
(``--dask-scheduler``); the summary is the same either way.

This module knows the folder layout and shapes the rows; ``app.run_batch`` runs the audits
(through ``pool.run_tasks``) and ``reports.batch_summary`` renders the page.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import quote

import orjson

from presence_audit import __version__
from presence_audit.errors import AuditInputError
from presence_audit.failures import one_line
from presence_audit.outputs import DIR_MODE, TOOL_NAME
from presence_audit.rules import SEVERITIES
from presence_audit.scheduled import ARCHIVE_SUFFIXES

PROFILE_NAME = "profile.toml"
SUMMARY = "summary.json"
EXIT_ERROR = 2
INCOMPLETE = "INCOMPLETE AUDIT"  # a subject audited only in part: a failure, never a result


def subject_folders(root: Path) -> list[Path]:
    """The sub-folders of ``root``, one per subject (dot-folders skipped)."""
    if not root.is_dir():
        raise AuditInputError(f"{root}: not a folder of subject folders")
    found = sorted(p for p in root.iterdir() if p.is_dir() and not p.name.startswith("."))
    if not found:
        raise AuditInputError(f"{root}: holds no subject folders")
    return found


def subject_archives(folder: Path) -> list[Path]:
    """The archives of one subject: ``archives/`` entries, else archive files beside the
    profile."""
    inner = folder / "archives"
    if inner.is_dir():
        found = [p for p in inner.iterdir() if not p.name.startswith(".")]
    else:
        found = [p for p in folder.iterdir() if p.is_file()
                 and p.name.lower().endswith(ARCHIVE_SUFFIXES)]
    if not found:
        raise AuditInputError(f"{folder}: no archives (zip or tar beside profile.toml, "
                              "or an archives/ folder)")
    return sorted(found)


def check_batch_out(out: Path) -> Path:
    """Create ``out`` (0700) or accept it when empty or holding a previous batch summary."""
    if out.is_symlink() or (out.exists() and not out.is_dir()):
        raise AuditInputError(f"{out}: --out must be a folder (it is a file or a link)")
    if out.exists() and any(out.iterdir()) and not _is_previous_batch(out / SUMMARY):
        raise AuditInputError(f"{out}: folder is not empty and holds no previous batch; "
                              "choose a new or empty folder for --out")
    try:
        out.mkdir(parents=True, mode=DIR_MODE, exist_ok=True)
    except OSError as exc:
        raise AuditInputError(f"{out}: cannot create the output folder ({exc.strerror})"
                              ) from None
    return out


def _is_previous_batch(path: Path) -> bool:
    try:
        doc = orjson.loads(path.read_bytes())
    except (OSError, orjson.JSONDecodeError):
        return False
    return isinstance(doc, dict) and doc.get("tool", {}).get("name") == TOOL_NAME \
        and doc.get("kind") == "batch"


def failed_row(folder: Path, exc: BaseException) -> dict:
    """The summary row of a subject that could not be audited, with its one-line reason."""
    reason = str(exc) if isinstance(exc, AuditInputError) else \
        f"unexpected failure ({one_line(exc)})"
    return {"folder": folder.name, "name": folder.name, "status": "failed",
            "reason": " ".join(reason.split()), "exit_status": EXIT_ERROR}


def subject_inputs(folder: Path) -> tuple[Path, list[Path]]:
    """A subject folder's profile and archives (AuditInputError when either is missing)."""
    profile = folder / PROFILE_NAME
    if not profile.is_file():
        raise AuditInputError(f"{folder}: no {PROFILE_NAME}")
    return profile, subject_archives(folder)


def subject_row(folder: Path, archives: list[Path], name: str, counts: dict,
                broken: list[str], status: int) -> dict:
    """One audited subject's summary row: open counts, what is new, where the report is;
    ``broken`` (failure lines) makes it an INCOMPLETE AUDIT whatever ``status`` says."""
    return {"folder": folder.name, "name": name,
            "status": "incomplete" if broken else "ok",
            "reason": f"{INCOMPLETE}: " + "; ".join(broken) if broken else "",
            "exit_status": EXIT_ERROR if broken else status,
            "total": counts["total"], "open": counts["open"],
            "open_by_severity": counts["open_by_severity"],
            "new": counts["by_change"]["new"] + counts["by_change"]["reappeared"],
            "reappeared": counts["by_change"]["reappeared"],
            "resolved": counts["by_change"]["resolved"],
            "report": f"./{quote(folder.name)}/report.html",
            "archives": [p.name for p in archives]}


def subject_line(row: dict) -> str:
    """One subject's line in the batch's console summary."""
    if row["status"] == "failed":
        return f"failed: {row['reason']}"
    counts = f"{row['open']} open, {row['new']} new"
    return f"{row['reason']} ({counts})" if row["status"] == "incomplete" else counts


def batch_document(rows: list[dict], fail_on: str) -> dict:
    """summary.json: every subject's row and the totals across subjects."""
    ok = [r for r in rows if r["status"] != "failed"]  # incomplete ones still have counts
    return {"schema_version": "1.0", "tool": {"name": TOOL_NAME, "version": __version__},
            "kind": "batch",
            "generated_at": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
            "fail_on": fail_on,
            "totals": {"subjects": len(rows), "ok": sum(r["status"] == "ok" for r in rows),
                       "failed": len(rows) - len(ok),
                       "incomplete": sum(r["status"] == "incomplete" for r in rows),
                       "new": sum(r["new"] for r in ok),
                       "open_by_severity": {s: sum(r["open_by_severity"][s] for r in ok)
                                            for s in SEVERITIES}},
            "subjects": rows}
