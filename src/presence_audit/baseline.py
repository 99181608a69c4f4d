"""What changed since the last audit: diff against a baseline, apply reviews, record the run.

The baseline is a previous findings.json or the subject's last run in the history store.
Each finding becomes ``new``, ``unchanged`` or — present in the baseline and gone now —
``resolved`` (kept with its last known fields; it never counts toward the exit status). A
finding whose text changed since the baseline (content hash) is an edited item: ``new``,
with a note. ``app.History`` applies this before the writers run, for every command.
"""

from __future__ import annotations

from pathlib import Path

import orjson
import pandas as pd

from presence_audit.errors import AuditInputError
from presence_audit.findings_schema import FINDING_COLUMNS
from presence_audit.outputs import TOOL_NAME

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
