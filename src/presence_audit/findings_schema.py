"""The findings contract (DESIGN.md "Findings"): column order of findings.csv / findings.json.

``modifiers`` (rules.md 1.3 ids that moved the severity) and ``explanation`` (classifier score
and top terms) extend DESIGN.md's list; ``evidence`` is a list of
``{"field", "start", "end", "text"}`` spans, plus one ``field = "act"`` entry per other act
on the same item folded into the finding (``acts.py``: kind, timestamp, record_id, platform,
rule, severity, fingerprint; start = end = 0). ``change`` (new | unchanged | reappeared |
resolved, "" without a baseline) and ``review`` (the decision history, a list of
``{"status", "note", "by", "at"}``, oldest first) come from the history store: baseline.py
diffs, app.py annotates.
"""

FINDING_COLUMNS = (
    "fingerprint", "content_hash", "rule", "category", "severity", "confidence", "platform",
    "kind", "record_id", "timestamp", "time_basis", "account", "counterpart", "text",
    "evidence", "case_id", "entity", "in_open_window", "reason", "action", "references",
    "source", "status", "modifiers", "explanation", "url", "change", "review",
)
STATUSES = ("open", "acknowledged", "false_positive", "remediated", "disclosed", "suppressed")
SCHEMA_VERSION = "1.0"
