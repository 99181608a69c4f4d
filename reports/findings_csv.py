"""findings.csv: one flat row per finding, safe to open in a spreadsheet.

Lists are joined with "; ", the review history is one "date status by who: note | …" cell,
evidence and explanation are JSON, and any cell a spreadsheet
would run as a formula (starting with = + - @ tab or CR) gets a leading apostrophe: a post's
text is attacker-controlled, and "=HYPERLINK(…)" must stay text.

Two columns after the findings contract serve the review round trip (``review --csv``): the
status each row was exported with and when, so an unedited row is never a decision and a
file exported before later decisions is recognized as stale.
"""

from __future__ import annotations

from pathlib import Path

import orjson
import pandas as pd

from presence_audit.findings_schema import FINDING_COLUMNS
from presence_audit.outputs import atomic_writer
from presence_audit.reports import ReportOptions, writer
from presence_audit.reports.findings_json import finding_columns

FORMULA_START = r"^[=+\-@\t\r]"
JOINED = ("references", "modifiers")
AS_JSON = ("evidence", "explanation")
REVIEW_COLUMNS = ("exported_status", "exported_at")
EXPORTED_AT = "%Y-%m-%dT%H:%M:%S.%fZ"  # the precision of a decision's time (history.now_iso)


def neutralize(series: pd.Series) -> pd.Series:
    """Prefix cells a spreadsheet would evaluate with an apostrophe (CSV injection)."""
    text = series.astype("string")
    risky = text.str.contains(FORMULA_START, regex=True, na=False)
    return text.where(~risky, "'" + text)


def review_text(history: list) -> str:
    """A finding's decisions as one readable cell, oldest first."""
    parts = []
    for r in history or []:
        who = f" by {r.get('by')}" if r.get("by") else ""
        note = f": {r.get('note')}" if r.get("note") else ""
        parts.append(f"{str(r.get('at') or '')[:10]} {r.get('status')}{who}{note}")
    return " | ".join(parts)


def frame(result, options: ReportOptions) -> pd.DataFrame:
    """The findings as flat strings in FINDING_COLUMNS order, then REVIEW_COLUMNS."""
    cols = finding_columns(result.findings, redact=options.redact)
    flat: dict[str, pd.Series] = {}
    for name in FINDING_COLUMNS:
        values = cols[name]
        if name in JOINED:
            values = ["; ".join(str(v) for v in vs) for vs in values]
        elif name == "review":
            values = [review_text(v) for v in values]
        elif name in AS_JSON:
            values = [None if v in (None, []) else orjson.dumps(v).decode() for v in values]
        flat[name] = neutralize(pd.Series(values, dtype="string"))
    flat["exported_status"] = flat["status"]
    stamp = result.generated_at.strftime(EXPORTED_AT)
    flat["exported_at"] = pd.Series([stamp] * len(flat["status"]), dtype="string")
    return pd.DataFrame(flat, columns=[*FINDING_COLUMNS, *REVIEW_COLUMNS])


FILENAME = "findings.csv"


@writer("csv", order=20, filename=FILENAME)
def write_csv(out_dir: Path, result, options: ReportOptions) -> Path:
    path = out_dir / FILENAME
    with atomic_writer(path) as stream:
        frame(result, options).to_csv(stream, index=False, lineterminator="\r\n",
                                      encoding="utf-8")
    return path
