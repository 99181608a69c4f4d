"""findings.json: the machine-readable audit a quarterly script and an ethics office track.

Top level (DESIGN.md "Findings"): ``schema_version, tool{name,version}, generated_at,
complete, failures[], subject, period{from,to}, coverage[], summary, findings[]``;
``complete`` is false when a rule, detector or writer failed (``failures`` says which).
Timestamps are ISO 8601 UTC with a ``Z``. The same row preparation serves findings.csv,
so both files always agree.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import orjson
import pandas as pd

from presence_audit import __version__
from presence_audit.failures import record_failures
from presence_audit.findings_schema import FINDING_COLUMNS, SCHEMA_VERSION
from presence_audit.outputs import TOOL_NAME, atomic_writer
from presence_audit.reports import ReportOptions, writer
from presence_audit.summary import iso_one, iso_utc, summary

if TYPE_CHECKING:
    from presence_audit.profile import Profile

REDACTED = "[redacted]"
LIST_COLUMNS = ("evidence", "references", "modifiers", "review")
MISSING = {"change": "", "review": []}  # columns a frame from before the diff lacks


def _mask_evidence(spans) -> list:
    return [{**span, "text": REDACTED} for span in spans or []]


def finding_columns(findings: pd.DataFrame, redact: bool = False) -> dict[str, list]:
    """The findings as plain Python column lists ready for JSON/CSV, in FINDING_COLUMNS order."""
    cols: dict[str, list] = {}
    n = len(findings)
    for name in FINDING_COLUMNS:
        if name not in findings.columns:
            default = MISSING.get(name)
            cols[name] = [list(default) if isinstance(default, list) else default
                          for _ in range(n)]
            continue
        series = findings[name]
        if name == "timestamp":
            cols[name] = iso_utc(series).tolist()
            continue
        values = series.astype(object).where(series.notna(), None).tolist() \
            if name not in LIST_COLUMNS and name != "explanation" else series.tolist()
        if name in LIST_COLUMNS:
            values = [list(v) if isinstance(v, list | tuple | np.ndarray) else [] for v in values]
        if name == "explanation":
            values = [v if isinstance(v, dict) else None for v in values]
        cols[name] = values
    if redact:
        # Redaction: the words go, ids and fingerprints stay, so decisions still line up.
        cols["text"] = [None if t is None else REDACTED for t in cols["text"]]
        cols["evidence"] = [_mask_evidence(e) for e in cols["evidence"]]
        cols["explanation"] = [None if e is None else {k: v for k, v in e.items()
                                                        if k not in ("terms", "top_terms")}
                               for e in cols["explanation"]]
    return cols


def subject_dict(profile: Profile) -> dict:
    s = profile.subject
    return {"name": s.name, "role": s.role, "jurisdiction": s.jurisdiction, "court": s.court,
            "timezone": s.timezone,
            "appointed": s.appointed.isoformat() if s.appointed else None,
            "handles": dict(s.handles)}


def document(result, options: ReportOptions) -> dict:
    """The findings.json object."""
    cols = finding_columns(result.findings, redact=options.redact)
    n = len(result.findings)
    rows = [dict(zip(cols, values, strict=True)) for values in zip(*cols.values(), strict=True)
            ] if n else []
    start, end = result.period
    failures = list(getattr(result, "failures", []))
    return {
        "schema_version": SCHEMA_VERSION,
        "tool": {"name": TOOL_NAME, "version": __version__},
        "generated_at": iso_one(result.generated_at),
        "complete": not failures,
        "failures": record_failures(failures),
        "subject": subject_dict(result.profile),
        "period": {"from": iso_one(start), "to": iso_one(end)},
        "coverage": [e.to_dict() for e in result.coverage],
        "summary": {**summary(result.findings, result.activity),
                    "redacted": options.redact,
                    "archives": [{"label": a.label, "kind": a.kind, "platforms": a.platforms,
                                  "sha256": a.sha256} for a in result.archives],
                    "rules_not_run": [{"rule": r, "reason": why}
                                      for r, why in result.rules_not_run]},
        "findings": rows,
    }


FILENAME = "findings.json"


@writer("json", order=10, filename=FILENAME)
def write_json(out_dir: Path, result, options: ReportOptions) -> Path:
    path = out_dir / FILENAME
    data = orjson.dumps(document(result, options),
                        option=orjson.OPT_INDENT_2 | orjson.OPT_SERIALIZE_NUMPY
                        | orjson.OPT_NON_STR_KEYS)
    with atomic_writer(path) as stream:
        stream.write(data)
    return path
