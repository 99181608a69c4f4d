"""The unattended periodic audit: ``presence-audit audit --config audit.toml``.

audit.toml names the folder of the latest exports, the profile, where the dated audit folders
go (``audits/2026-Q4/`` or ``audits/2026-11-03/``; a later run of the same period gets its
own, ``audits/2026-Q4-2026-12-07/``, never overwriting the first), the fail threshold, the
history store and an optional notification command. The baseline is always the subject's
last run in the store, so the exit status tells a scheduler one thing: 1 when NEW (or
reappeared) open findings at or above the threshold appeared since the last audit, 0 when
not, 2 when it could not audit or the audit is incomplete (a rule, detector or writer
failed: an INCOMPLETE AUDIT, said first in the summary and the notification, and never
recorded as the next baseline). The summary words each new finding (title, case, excerpt)
and then the critical and high ones still open from earlier audits.

This module reads audit.toml and words the summary; ``app.scheduled_audit`` runs the audit.
"""

from __future__ import annotations

import shlex
import subprocess
import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from presence_audit import digest
from presence_audit.errors import AuditInputError
from presence_audit.failures import lines as failure_lines
from presence_audit.rules import SEVERITIES
from presence_audit.summary import summary

ARCHIVE_SUFFIXES = (".zip", ".tar", ".tgz", ".tar.gz", ".tar.bz2", ".tar.xz")
FOLDER_MODES = ("quarter", "date")
NOTIFY_TIMEOUT = 300  # seconds
MAX_RUNS_PER_FOLDER = 999  # runs of one period on one day, each in its own folder
KEYS: dict[str, type | tuple[type, ...]] = {
    "archives": str, "profile": str, "out": str, "folder": str, "fail_on": str, "db": str,
    "notify_cmd": (str, list), "redact": bool}
REQUIRED = ("archives", "profile", "out")
INCOMPLETE = "INCOMPLETE AUDIT"


@dataclass
class AuditConfig:
    path: Path
    archives: Path
    profile: Path
    out: Path
    folder: str = "quarter"
    fail_on: str = "high"
    db: Path | None = None
    notify_cmd: list[str] | None = None
    redact: bool = False


def _bad(path: Path, message: str) -> AuditInputError:
    return AuditInputError(f"{path}: {message}")


def split_command(path: Path, value: str | list) -> list[str]:
    if isinstance(value, list):
        if not value or not all(isinstance(v, str) and v for v in value):
            raise _bad(path, "notify_cmd must be a command string or a list of strings")
        return list(value)
    try:
        parts = shlex.split(value)
    except ValueError as exc:
        raise _bad(path, f"notify_cmd cannot be split into words ({exc})") from None
    if not parts:
        raise _bad(path, "notify_cmd is empty")
    return parts


def load_config(path: str | Path) -> AuditConfig:
    """Read audit.toml strictly: unknown keys, wrong types and missing keys are errors."""
    path = Path(path)
    try:
        data = tomllib.loads(path.read_bytes().decode("utf-8"))
    except OSError as exc:
        raise _bad(path, f"cannot read ({exc.strerror})") from None
    except UnicodeDecodeError:
        raise _bad(path, "not UTF-8 text") from None
    except tomllib.TOMLDecodeError as exc:
        raise _bad(path, f"not valid TOML ({exc})") from None
    for key, value in data.items():
        if key not in KEYS:
            raise _bad(path, f"unknown key {key!r} (known: {', '.join(KEYS)})")
        if not isinstance(value, KEYS[key]):
            raise _bad(path, f"{key} has the wrong type ({type(value).__name__})")
    for key in REQUIRED:
        if not data.get(key):
            raise _bad(path, f"missing the key {key!r}")
    if data.get("folder", "quarter") not in FOLDER_MODES:
        raise _bad(path, f"folder must be one of {', '.join(FOLDER_MODES)}, "
                         f"not {data['folder']!r}")
    if data.get("fail_on", "high") not in SEVERITIES:
        raise _bad(path, f"fail_on must be one of {', '.join(SEVERITIES)}, "
                         f"not {data['fail_on']!r}")
    base = path.resolve().parent  # paths are relative to audit.toml, not to cron's cwd
    return AuditConfig(
        path=path, archives=base / data["archives"], profile=base / data["profile"],
        out=base / data["out"], folder=data.get("folder", "quarter"),
        fail_on=data.get("fail_on", "high"),
        db=base / data["db"] if data.get("db") else None,
        notify_cmd=split_command(path, data["notify_cmd"]) if data.get("notify_cmd")
        else None,
        redact=bool(data.get("redact", False)))


def period_folder(when: datetime, mode: str) -> str:
    """``2026-Q4`` (quarter) or ``2026-11-03`` (date) for the audit folder's name."""
    if mode == "date":
        return when.strftime("%Y-%m-%d")
    return f"{when.year}-Q{(when.month - 1) // 3 + 1}"


def _free(folder: Path) -> bool:
    """Nothing there yet, or an empty folder: a run may write into it."""
    try:
        return not folder.exists() or (folder.is_dir() and not any(folder.iterdir()))
    except OSError:
        return False


def run_folder(out: Path, when: datetime, mode: str) -> Path:
    """This run's own folder: the period's (``2026-Q4``); when an earlier run of the period
    holds it, one named by the date too (``2026-Q4-2026-12-07``, then ``…-2``), so a second
    run never overwrites the first one's audit."""
    base = period_folder(when, mode)
    if _free(out / base):
        return out / base
    dated = base if mode == "date" else f"{base}-{when:%Y-%m-%d}"
    for n in range(1, MAX_RUNS_PER_FOLDER + 1):
        folder = out / (dated if n == 1 else f"{dated}-{n}")
        if _free(folder):
            return folder
    raise AuditInputError(f"{out}: {MAX_RUNS_PER_FOLDER} audits already written for "
                          f"{dated}; move some away")


def archives_in(folder: Path) -> list[Path]:
    """Every export in the folder: archive files and unpacked export folders, not dotfiles."""
    if not folder.is_dir():
        raise AuditInputError(f"{folder}: the archives folder does not exist")
    found = sorted(p for p in folder.iterdir() if not p.name.startswith(".")
                   and (p.is_dir() or p.name.lower().endswith(ARCHIVE_SUFFIXES)))
    if not found:
        raise AuditInputError(f"{folder}: holds no archives (zip, tar or export folders)")
    return found


def summary_doc(result, report: str, fail_on: str, code: int, folder: Path,
                redact: bool = False) -> dict:
    """What a notification needs: counts, the new findings and the still-open critical and
    high ones in plain words (digest.py), where the report is."""
    findings = result.findings
    titles = {rid: spec.title for rid, spec in (result.catalog or {}).items()}
    captions = {c.case_id: c.caption for c in result.profile.cases}
    tz = result.profile.tz

    def entries(frame):
        return digest.finding_entries(frame, titles, captions, tz, redact=redact)

    return {
        "subject": result.profile.subject.name,
        "complete": not result.failures,
        "failures": failure_lines(result.failures),
        "folder": str(folder),
        "report": report,
        "fail_on": fail_on,
        "exit_status": code,
        "summary": summary(findings),
        "new": entries(findings[findings["change"].isin(("new", "reappeared"))]),
        "still_open": entries(digest.still_open(findings)),
    }


def summary_text(doc: dict) -> str:
    counts = doc["summary"]
    lines = [f"presence-audit: {doc['subject']}"]
    if doc.get("failures"):
        lines.append(f"{INCOMPLETE}: part of the audit failed; its findings are not a clean "
                     "result and the run is not the next baseline (exit 2)")
        lines.extend(f"- {line}" for line in doc["failures"])
    lines += [f"report: {doc['report']}",
             f"{counts['total']} findings, {counts['open']} open; "
             f"{len(doc['new'])} new since the last audit "
             f"({counts['by_change']['resolved']} resolved)"]
    if doc["exit_status"] == 1:
        lines.append(f"NEW open findings at or above {doc['fail_on']}: exit 1")
    lines += digest.section("New since the last audit", doc["new"], "none")
    lines += digest.section("Still open from earlier audits, critical and high",
                            doc.get("still_open", []), "none")
    return "\n".join(lines) + "\n"


def notify(command: list[str], summary_path: Path, warn: Callable[[str], None]) -> None:
    """Run the notification command with the summary path as its last argument (no shell)."""
    try:
        done = subprocess.run([*command, str(summary_path)], shell=False, check=False,
                              stdin=subprocess.DEVNULL, capture_output=True,
                              timeout=NOTIFY_TIMEOUT)
    except (OSError, subprocess.TimeoutExpired) as exc:
        warn(f"notify command {command[0]!r} could not run ({type(exc).__name__}: {exc})")
        return
    if done.returncode != 0:
        warn(f"notify command {command[0]!r} exited with status {done.returncode}")
