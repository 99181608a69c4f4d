"""findings.sarif: the findings as SARIF 2.1.0, for tools that read static-analysis results.

The rule catalog becomes ``tool.driver.rules``; each finding a ``result`` with its rule,
a level (critical/high -> error, medium -> warning, low/info -> note), the reason as message,
a logical location (platform / kind / record id: there is no source file to point into), the
fingerprint and content hash as ``partialFingerprints`` so a SARIF viewer tracks a finding
across runs, the change against the baseline as ``baselineState``, and decided or suppressed
findings as ``suppressions``.
"""

from __future__ import annotations

from pathlib import Path

import orjson

from presence_audit import __version__
from presence_audit.failures import lines as failure_lines
from presence_audit.outputs import TOOL_NAME, atomic_writer
from presence_audit.reports import ReportOptions, writer
from presence_audit.reports.findings_json import REDACTED, finding_columns

SARIF_VERSION = "2.1.0"
SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"  # a name, never fetched
LEVELS = {"critical": "error", "high": "error", "medium": "warning", "low": "note",
          "info": "note"}
BASELINE_STATES = {"new": "new", "reappeared": "new", "unchanged": "unchanged",
                   "resolved": "absent"}
DECIDED = {"acknowledged", "false_positive", "remediated", "disclosed", "suppressed"}


def rule_entry(spec) -> dict:
    """One ``reportingDescriptor`` from a RuleSpec."""
    entry = {"id": spec.id, "name": spec.id.title().replace("_", ""),
             "shortDescription": {"text": spec.title},
             "defaultConfiguration": {"level": LEVELS.get(spec.severity, "warning")},
             "properties": {"category": spec.category, "severity": spec.severity,
                            "sources": list(spec.sources)}}
    if spec.summary:
        entry["fullDescription"] = {"text": spec.summary}
    if spec.action:
        entry["help"] = {"text": str(spec.action)}
    remediation = spec.remediation
    if remediation:
        entry["properties"]["remediation"] = list(remediation) if isinstance(
            remediation, list | tuple) else [str(remediation)]
    return entry


def _suppression(status: str, review: list) -> list[dict]:
    if status not in DECIDED:
        return []
    if status == "suppressed":
        return [{"kind": "external", "status": "accepted",
                 "justification": "suppressed by the profile"}]
    latest = review[-1] if review else {}
    why = f"{status} by {latest.get('by', '?')}" + (f": {latest['note']}"
                                                     if latest.get("note") else "")
    return [{"kind": "external", "status": "accepted", "justification": why}]


def result_entry(row: dict, index: dict[str, int]) -> dict:
    """One SARIF ``result`` from a findings.json row."""
    platform, kind, record = row.get("platform") or "", row.get("kind") or "", \
        row.get("record_id") or ""
    out = {"ruleId": row["rule"], "level": LEVELS.get(row.get("severity") or "", "warning"),
           "message": {"text": row.get("reason") or row["rule"]},
           "locations": [{"logicalLocations": [{
               "name": record, "kind": "object",
               "fullyQualifiedName": f"{platform}/{kind}/{record}"}]}],
           "partialFingerprints": {"presenceAudit/fingerprint/v1": row["fingerprint"]},
           "properties": {"severity": row.get("severity"), "category": row.get("category"),
                          "confidence": row.get("confidence"), "status": row.get("status"),
                          "case_id": row.get("case_id"), "entity": row.get("entity"),
                          "timestamp": row.get("timestamp"), "source": row.get("source")}}
    if row["rule"] in index:
        out["ruleIndex"] = index[row["rule"]]
    if row.get("content_hash"):
        out["partialFingerprints"]["presenceAudit/contentHash/v1"] = row["content_hash"]
    if row.get("change") in BASELINE_STATES:
        out["baselineState"] = BASELINE_STATES[row["change"]]
    suppressions = _suppression(row.get("status") or "open", row.get("review") or [])
    if suppressions:
        out["suppressions"] = suppressions
    if row.get("text") not in (None, REDACTED):
        out["properties"]["text"] = row["text"]
    return out


def invocation(failures: list) -> dict:
    """The run's invocation: unsuccessful, with one error notification per failure, when the
    audit is incomplete (a rule, detector or writer failed)."""
    out: dict = {"executionSuccessful": not failures}
    if failures:
        out["toolExecutionNotifications"] = [{"level": "error", "message": {"text": line}}
                                             for line in failure_lines(failures)]
    return out


def document(result, options: ReportOptions) -> dict:
    """The SARIF log object."""
    rules = [rule_entry(spec) for spec in (result.catalog or {}).values()]
    index = {r["id"]: i for i, r in enumerate(rules)}
    cols = finding_columns(result.findings, redact=options.redact)
    rows = [dict(zip(cols, vals, strict=True)) for vals in zip(*cols.values(), strict=True)] \
        if len(result.findings) else []
    return {"$schema": SARIF_SCHEMA, "version": SARIF_VERSION,
            "runs": [{"tool": {"driver": {"name": TOOL_NAME, "version": __version__,
                                          "semanticVersion": __version__, "rules": rules}},
                      "invocations": [invocation(getattr(result, "failures", []))],
                      "columnKind": "unicodeCodePoints",
                      "results": [result_entry(r, index) for r in rows]}]}


FILENAME = "findings.sarif"


@writer("sarif", order=40, filename=FILENAME)
def write_sarif(out_dir: Path, result, options: ReportOptions) -> Path:
    path = out_dir / FILENAME
    data = orjson.dumps(document(result, options),
                        option=orjson.OPT_INDENT_2 | orjson.OPT_SERIALIZE_NUMPY)
    with atomic_writer(path) as stream:
        stream.write(data)
    return path
