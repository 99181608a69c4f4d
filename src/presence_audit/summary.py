"""What a set of findings amounts to: the counts every output shows and the exit status.

The core computes these once so the writers (findings.json, report.html), the history store,
the scheduled audit and the batch all say the same numbers; ``exit_status`` is the one
definition of "open findings at or above the threshold" behind every command's status.
"""

from __future__ import annotations

import pandas as pd

from presence_audit.rules import SEVERITIES

SEVERITY_ORDER = tuple(reversed(SEVERITIES))  # most severe first
CHANGE_COUNTS = ("new", "unchanged", "reappeared", "resolved")


def iso_utc(values: pd.Series) -> pd.Series:
    """Timestamps as ISO 8601 UTC strings (milliseconds only when present); None for NaT."""
    ts = pd.to_datetime(values, utc=True)
    base = ts.dt.strftime("%Y-%m-%dT%H:%M:%S")
    ms = (ts.dt.microsecond // 1000).astype("Int64")
    frac = ("." + ms.astype("string").str.zfill(3)).where(ms > 0, "")
    out = (base + frac + "Z").astype(object)
    return out.where(ts.notna(), None)


def iso_one(value) -> str | None:
    """One timestamp as ``iso_utc`` writes it; None when missing."""
    if value is None or pd.isna(value):
        return None
    return iso_utc(pd.Series([value])).iloc[0]


def present(findings: pd.DataFrame) -> pd.DataFrame:
    """The findings still there: a resolved one (gone since the baseline) is never open."""
    if "change" not in findings.columns:
        return findings
    return findings[findings["change"].astype(object) != "resolved"]


def _counts(frame: pd.DataFrame, col: str, order=None) -> dict[str, int]:
    if col not in frame.columns or frame.empty:
        return {k: 0 for k in order} if order else {}
    vc = frame[col].astype("string").fillna("").value_counts()
    if order:
        return {k: int(vc.get(k, 0)) for k in order}
    return {str(k): int(v) for k, v in sorted(vc.items())}


def summary(findings: pd.DataFrame, activity: pd.DataFrame | None = None) -> dict:
    """Counts by severity, category, platform and status, and the open (active) counts."""
    still = present(findings)
    open_ = still[still["status"] == "open"] if "status" in still.columns else still
    out = {
        "total": len(findings),
        "open": len(open_),
        "by_severity": _counts(findings, "severity", SEVERITY_ORDER),
        "by_category": _counts(findings, "category"),
        "by_platform": _counts(findings, "platform"),
        "by_status": _counts(findings, "status"),
        "open_by_severity": _counts(open_, "severity", SEVERITY_ORDER),
        "open_by_category": _counts(open_, "category"),
        "by_change": {k: int((findings["change"].astype(object) == k).sum())
                      if "change" in findings.columns else 0 for k in CHANGE_COUNTS},
    }
    if activity is not None:
        grouped = activity.groupby(["platform", "kind"], observed=True).size()
        out["records"] = {f"{p}/{k}": int(v) for (p, k), v in grouped.items()}
    return out


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
