"""The scheduled audit's digest: findings worded for the notification a person reads.

A finding becomes its rule's plain title, its case (id and caption), where and when, and an
excerpt of the item's text, so an email says what happened without the report at hand. The
text lists one entry per item (a post, a like, a message), however many rules flagged it, at
the highest of their severities. With ``redact`` (audit.toml) the excerpt is left out, as it
is from findings.json.
"""

from __future__ import annotations

import re
from zoneinfo import ZoneInfo

import pandas as pd

from presence_audit.rules import SEVERITIES

EXCERPT_CHARS = 90
LISTED = 40  # entries per section of summary.txt; the report has every one
URGENT = ("critical", "high")
SPACES = re.compile(r"\s+")


def excerpt(text: object, limit: int = EXCERPT_CHARS) -> str:
    """The text on one line, cut at a word near ``limit`` with an ellipsis."""
    if text is None or (not isinstance(text, str) and pd.isna(text)):
        return ""
    flat = SPACES.sub(" ", str(text)).strip()
    if len(flat) <= limit:
        return flat
    cut = flat[:limit].rsplit(" ", 1)[0] if " " in flat[:limit] else flat[:limit]
    return cut.rstrip(" ,;:.") + "…"


def when_text(timestamp: object, basis: object, tz: ZoneInfo) -> str:
    """The item's date in the subject's time zone, saying when it is only a bound."""
    if timestamp is None or pd.isna(timestamp) or basis == "unknown":
        return "date unknown"
    day = pd.Timestamp(timestamp).tz_convert(tz).strftime("%Y-%m-%d")
    return f"on or before {day}" if basis == "bound" else day


def _text(value: object) -> str:
    return "" if value is None or (not isinstance(value, str) and pd.isna(value)) \
        else str(value)


def finding_entries(findings: pd.DataFrame, titles: dict[str, str],
                    captions: dict[str, str], tz: ZoneInfo, *, redact: bool) -> list[dict]:
    """One plain dict per finding (summary.json), most severe first, then oldest first."""
    out = []
    for r in findings.itertuples(index=False):
        case_id = _text(r.case_id)
        out.append({
            "fingerprint": r.fingerprint, "severity": r.severity, "rule": r.rule,
            "title": titles.get(r.rule, r.rule), "case_id": case_id or None,
            "case": captions.get(case_id) or None, "platform": _text(r.platform),
            "kind": _text(r.kind), "record_id": _text(r.record_id),
            "when": when_text(r.timestamp, r.time_basis, tz),
            "counterpart": _text(r.counterpart) or None,
            "excerpt": None if redact else excerpt(r.text) or None,
            "change": r.change, "status": r.status, "reason": r.reason,
            "_order": (-SEVERITIES.index(r.severity), _text(r.timestamp) or "~")})
    out.sort(key=lambda e: e["_order"])
    for entry in out:
        del entry["_order"]
    return out


def by_item(entries: list[dict]) -> list[dict]:
    """The entries merged per item (platform, record id), at the first (highest) severity."""
    items: dict[tuple[str, str], dict] = {}
    for e in entries:
        key = (e["platform"], e["record_id"] or e["fingerprint"])
        item = items.setdefault(key, {**e, "titles": [], "cases": []})
        if e["title"] not in item["titles"]:
            item["titles"].append(e["title"])
        case = case_text(e)
        if case and case not in item["cases"]:
            item["cases"].append(case)
    return list(items.values())


def case_text(entry: dict) -> str:
    if not entry.get("case_id"):
        return ""
    caption = f" ({entry['case']})" if entry.get("case") else ""
    return f"case {entry['case_id']}{caption}"


def item_lines(item: dict) -> list[str]:
    """Two or three lines: severity and titles; case, where and when; the excerpt."""
    where = f"{item['platform']} {item['kind']}, {item['when']}".strip()
    if item.get("counterpart"):
        where += f", involving {item['counterpart']}"
    lines = [f"- {item['severity'].upper()}: {'; '.join(item['titles'])}",
             "  " + " · ".join([*item["cases"], where])]
    if item.get("excerpt"):
        lines.append(f"  \"{item['excerpt']}\"")
    return lines


def section(heading: str, entries: list[dict], empty: str) -> list[str]:
    """A titled list of items, at most LISTED of them, with how many findings it covers."""
    items = by_item(entries)
    if not items:
        return ["", f"{heading}: {empty}"]
    count = f"{len(entries)} finding{'s' if len(entries) != 1 else ''}"
    if len(items) != len(entries):
        count += f" on {len(items)} items"
    lines = ["", f"{heading} ({count}):"]
    for item in items[:LISTED]:
        lines += item_lines(item)
    if len(items) > LISTED:
        lines.append(f"… and {len(items) - LISTED} more items: see the report")
    return lines


def still_open(findings: pd.DataFrame) -> pd.DataFrame:
    """Open critical and high findings that were there before this run (not new)."""
    change = findings["change"].astype(object)
    return findings[(findings["status"].astype(object) == "open")
                    & findings["severity"].astype(object).isin(URGENT)
                    & ~change.isin(("new", "reappeared", "resolved"))]
