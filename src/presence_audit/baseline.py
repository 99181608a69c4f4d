"""What changed since the last audit: diff against a baseline, apply reviews, record the run.

The baseline is a previous findings.json or the subject's last run in the history store.
Each finding becomes ``new``, ``unchanged`` or — present in the baseline and gone now —
``resolved`` (kept with its last known fields; it never counts toward the exit status). A
finding whose text changed since the baseline (content hash) is an edited item: ``new``,
with a note. ``scan``, ``audit`` and ``batch`` all go through ``scan_and_record``.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import orjson
import pandas as pd

from presence_audit import __version__
from presence_audit.errors import AuditInputError
from presence_audit.findings_schema import FINDING_COLUMNS
from presence_audit.history import Store, default_db_path, open_store
from presence_audit.outputs import TOOL_NAME
from presence_audit.review import annotate
from presence_audit.rules import SEVERITIES

if TYPE_CHECKING:
    from presence_audit.scan import ScanResult

EDITED_NOTE = " The item's text changed since the baseline (edited), so it is listed as new."
MAX_BASELINE_BYTES = 512 << 20


# ---------------------------------------------------------------- baselines


def load_json_baseline(path: str | Path) -> pd.DataFrame:
    """The findings of a previous findings.json as a frame; one-line errors for bad files."""
    path = Path(path)
    try:
        if path.stat().st_size > MAX_BASELINE_BYTES:
            raise AuditInputError(f"{path}: baseline larger than {MAX_BASELINE_BYTES >> 20} MiB")
        doc = orjson.loads(path.read_bytes())
    except OSError as exc:
        raise AuditInputError(f"{path}: cannot read the baseline ({exc.strerror})") from None
    except orjson.JSONDecodeError as exc:
        raise AuditInputError(f"{path}: the baseline is not valid JSON ({exc})") from None
    if not isinstance(doc, dict) or (doc.get("tool") or {}).get("name") != TOOL_NAME \
            or not isinstance(doc.get("findings"), list):
        raise AuditInputError(f"{path}: not a findings.json written by {TOOL_NAME}")
    rows = doc["findings"]
    for i, row in enumerate(rows):
        if not isinstance(row, dict) or not isinstance(row.get("fingerprint"), str):
            raise AuditInputError(f"{path}: finding {i} has no fingerprint")
    return baseline_frame(rows)


def baseline_frame(rows: list[dict]) -> pd.DataFrame:
    """Finding dicts (findings.json rows or stored fields) as a frame in FINDING_COLUMNS."""
    frame = pd.DataFrame({c: pd.Series([r.get(c) for r in rows], dtype=object)
                          for c in FINDING_COLUMNS})
    frame["timestamp"] = pd.to_datetime(frame["timestamp"], utc=True, errors="coerce",
                                        format="ISO8601")
    for name in ("evidence", "references", "modifiers", "review"):
        frame[name] = frame[name].map(lambda v: v if isinstance(v, list) else [])
    return frame


# ---------------------------------------------------------------- diff


def diff(current: pd.DataFrame, base: pd.DataFrame | None, *, resolve: bool = True
         ) -> pd.DataFrame:
    """``current`` with ``change`` set against ``base``, plus base-only rows as resolved.

    ``resolve=False`` (an incomplete audit): a finding missing now may only be missing
    because the part that reports it failed, so none is called resolved.
    """
    frame = current.copy()
    if base is None:
        frame["change"] = ""
        return frame
    base = base[base["change"].astype(object) != "resolved"] if "change" in base.columns \
        else base  # already resolved in the baseline: not "present before"
    old_hash = dict(zip(base["fingerprint"], base["content_hash"], strict=True))
    fps = frame["fingerprint"].astype(object)
    known = fps.isin(old_hash.keys())
    before = fps.map(old_hash)
    edited = known & before.notna() & frame["content_hash"].notna() \
        & (before != frame["content_hash"].astype(object))
    frame["change"] = "new"
    frame.loc[known & ~edited, "change"] = "unchanged"
    if edited.any():
        frame.loc[edited, "reason"] = frame.loc[edited, "reason"].astype(str) + EDITED_NOTE
    gone = base[~base["fingerprint"].isin(set(fps))].copy()
    if gone.empty or not resolve:
        return frame
    gone["change"] = "resolved"
    gone = gone.reindex(columns=frame.columns)
    gone["evidence"] = gone["evidence"].map(lambda v: v if isinstance(v, list) else [])
    return pd.concat([frame.astype({c: object for c in frame.columns if c != "timestamp"}),
                      gone.astype({c: object for c in gone.columns if c != "timestamp"})],
                     ignore_index=True)


def exit_status(findings: pd.DataFrame, fail_on: str, *, only_new: bool = False) -> int:
    """1 when an open finding (a new or reappeared one, with ``only_new``) is at or above
    ``fail_on``; resolved and decided findings never count."""
    if findings.empty:
        return 0
    hit = findings["severity"].isin(SEVERITIES[SEVERITIES.index(fail_on):]) \
        & (findings["status"] == "open")
    change = findings["change"] if "change" in findings.columns else \
        pd.Series("", index=findings.index)
    hit &= change != "resolved"
    if only_new:
        hit &= change.isin(("new", "reappeared"))
    return 1 if hit.any() else 0


# ---------------------------------------------------------------- the session


def rules_version(catalog: dict) -> str:
    """A short hash of the catalog (ids and default severities): which rules judged a run."""
    text = "\n".join(f"{rid}:{spec.severity}" for rid, spec in sorted(catalog.items()))
    return hashlib.sha256(text.encode()).hexdigest()[:12]


def subject_key(profile) -> str:
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

    def annotate(self, result) -> None:
        """Set ``change`` and ``review`` on ``result.findings`` (before any writer runs)."""
        subject = subject_key(result.profile)
        base = self.base_json
        if self.baseline == "last":
            rows = self.store.findings_of_last_run(subject)[1] if self.store else []
            base = baseline_frame(rows)
        findings = diff(result.findings, base, resolve=not getattr(result, "failures", None))
        reviews = self.store.reviews(subject) if self.store is not None else {}
        result.findings = annotate(findings, reviews)[list(FINDING_COLUMNS)]

    def record_run(self, result, out_dir: str | Path | None = None) -> int | None:
        """Store the run and the findings present in it (not the resolved ones); an
        incomplete run is never stored, so it never becomes the next run's baseline."""
        if not self.record or self.store is None or getattr(result, "failures", None):
            return None
        from presence_audit.reports.findings_json import finding_columns, iso_one, summary

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
        return self.store.record_run(
            subject=subject_key(result.profile), started_at=iso_one(result.generated_at),
            archives=archives, tool_version=__version__,
            rules_version=rules_version(result.catalog), counts=counts, findings=rows,
            out_dir=str(out_dir) if out_dir else None)


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


@dataclass
class Outcome:
    result: ScanResult
    written: dict
    run_id: int | None


def scan_and_record(paths: list[str], profile_path: str, out: str | Path, history: History,
                    *, options=None, limits=None, progress=None) -> Outcome:
    """Scan, diff and annotate, write the audit folder, then record the run (one transaction)."""
    from presence_audit.reports import write_all
    from presence_audit.scan import scan

    result = scan(paths, profile_path, limits=limits, progress=progress)
    history.annotate(result)
    written = write_all(out, result, options)
    run_id = history.record_run(result, out)
    return Outcome(result=result, written=written, run_id=run_id)
