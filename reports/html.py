"""report.html: the audit a person reads, in one self-contained, offline file.

Rendered from reports/templates/report.html.j2 with autoescaping on; the stylesheet and
script are inlined, and a Content-Security-Policy forbids every remote load, so opening the
report never touches the network. Evidence is highlighted by cutting the ORIGINAL text into
segments in Python and letting the template escape each one — no user text is ever marked
safe. Findings are grouped by case first, then by category (rules.md 5).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup

from presence_audit import __version__
from presence_audit.outputs import TOOL_NAME, atomic_writer
from presence_audit.reports import ReportOptions, writer
from presence_audit.reports.findings_json import SEVERITY_ORDER, iso_one, iso_utc, summary
from presence_audit.severity import MODIFIERS

TEMPLATES = Path(__file__).parent / "templates"
CSP = ("default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; "
       "img-src data:; base-uri 'none'; form-action 'none'")
SEVERITY_RANK = {s: i for i, s in enumerate(SEVERITY_ORDER)}
NEXT_STEPS = 5
WINDOW_TEXT = {"yes": "inside the open window", "possible": "possibly inside the open window",
               "no": "outside the open window"}


def modifier_text(modifier: str) -> str:
    """Why a modifier moved the severity, from the severity module's table (one source)."""
    steps, why = MODIFIERS.get(modifier, (0, ""))
    return f"{why} ({steps:+d})" if why and steps else why


@dataclass
class Group:
    title: str
    subtitle: str = ""
    findings: list[dict] = field(default_factory=list)


def highlight(text: str | None, evidence: list) -> list[tuple[str, bool]]:
    """Cut ``text`` into (segment, marked) pieces along the evidence spans on ``text``."""
    if not text:
        return []
    spans: list[tuple[int, int]] = []
    for ev in evidence or []:
        if not isinstance(ev, dict) or ev.get("field", "text") != "text":
            continue
        try:
            start, end = int(ev["start"]), int(ev["end"])
        except (KeyError, TypeError, ValueError):
            continue
        want = ev.get("text")
        if not (0 <= start < end <= len(text)) or (want and text[start:end] != want):
            # Spans from a normalized copy may be shifted: fall back to the quoted words.
            found = text.find(want) if want else -1
            if found < 0:
                continue
            start, end = found, found + len(want)
        spans.append((start, end))
    pieces: list[tuple[str, bool]] = []
    pos = 0
    for start, end in sorted(spans):
        start = max(start, pos)
        if end <= start:
            continue  # overlaps an earlier span
        if start > pos:
            pieces.append((text[pos:start], False))
        pieces.append((text[start:end], True))
        pos = end
    if pos < len(text):
        pieces.append((text[pos:], False))
    return pieces


def _value(v):
    if v is None or (not isinstance(v, list | tuple | dict) and pd.isna(v)):
        return None
    return v


def finding_views(findings: pd.DataFrame) -> list[dict]:
    """Findings as template-ready dicts, most severe first."""
    if findings.empty:
        return []
    frame = findings.assign(
        _rank=findings["severity"].map(SEVERITY_RANK).fillna(len(SEVERITY_RANK)),
        _when=iso_utc(findings["timestamp"]))
    frame = frame.sort_values(["_rank", "timestamp"], kind="stable", na_position="last")
    views = []
    for row in frame.to_dict("records"):
        v = {k: _value(val) for k, val in row.items()}
        v["evidence"] = list(row.get("evidence") or [])
        v["references"] = list(row.get("references") or [])
        v["modifiers"] = [(m, modifier_text(m)) for m in (row.get("modifiers") or [])]
        v["segments"] = highlight(v.get("text"), v["evidence"])
        v["other_evidence"] = [e for e in v["evidence"]
                               if isinstance(e, dict) and e.get("field", "text") != "text"]
        v["window_text"] = WINDOW_TEXT.get(v.get("in_open_window") or "", "")
        v["when"] = row["_when"]
        url = v.get("url") or ""
        v["url"] = url if url.startswith(("https://", "http://")) else None
        views.append(v)
    return views


def group_findings(views: list[dict], profile) -> list[Group]:
    """Group by case (in case-list order) then category; findings without a case come last."""
    cases = {c.case_id: c for c in profile.cases}
    order = {c.case_id: i for i, c in enumerate(profile.cases)}
    buckets: dict[tuple, Group] = {}
    for v in views:
        case_id = v.get("case_id") or ""
        category = v.get("category") or "other"
        key = (0 if case_id else 1, order.get(case_id, len(order)), case_id, category)
        if key not in buckets:
            case = cases.get(case_id)
            title = (f"Case {case_id}" + (f" — {case.caption}" if case else "")) if case_id \
                else "Not tied to a listed case"
            buckets[key] = Group(title=title, subtitle=category)
        buckets[key].findings.append(v)
    return [buckets[k] for k in sorted(buckets)]


def next_steps(views: list[dict]) -> list[dict]:
    """A few lines from the most severe open findings' actions, one per distinct action."""
    steps: dict[str, dict] = {}
    for v in views:
        action = v.get("action")
        if not action:
            continue
        if action not in steps:
            if len(steps) >= NEXT_STEPS:
                continue
            steps[action] = {"action": action, "severity": v.get("severity"),
                             "rule": v.get("rule"), "count": 0}
        steps[action]["count"] += 1
    return list(steps.values())


def context(result, options: ReportOptions) -> dict:
    """Everything the template shows."""
    views = finding_views(result.findings)
    open_views = [v for v in views if v.get("status") == "open"]
    decided = [v for v in views if v.get("status") != "open"]
    cap = options.html_max_findings
    shown_open, shown_decided = open_views[:cap], decided[:max(0, cap - len(open_views))]
    hidden = len(views) - len(shown_open) - len(shown_decided)
    start, end = result.period
    coverage = [e.to_dict() for e in result.coverage]
    kinds = (result.activity.groupby(["platform", "kind"], observed=True).size()
             .reset_index(name="n").to_dict("records"))
    return {
        "tool": {"name": TOOL_NAME, "version": __version__},
        "csp": Markup(CSP),  # our constant; quotes must stay literal in the meta tag
        "profile": result.profile,
        "subject": result.profile.subject,
        "policy": getattr(result.profile, "policy", None),
        "generated_at": iso_one(result.generated_at),
        "period": (iso_one(start), iso_one(end)),
        "archives": result.archives,
        "summary": summary(result.findings),
        "severities": SEVERITY_ORDER,
        "groups": group_findings(shown_open, result.profile),
        "decided": shown_decided,
        "decided_total": len(decided),
        "hidden": hidden,
        "cap": cap,
        "next_steps": next_steps(open_views),
        "covered": kinds,
        "rules_not_run": result.rules_not_run,
        "coverage": coverage[:options.html_max_coverage],
        "coverage_hidden": max(0, len(coverage) - options.html_max_coverage),
        "coverage_problems": sum(1 for e in coverage if e["status"] in ("failed",
                                                                         "unrecognized")),
        "fail_on": options.fail_on,
    }


def environment() -> Environment:
    env = Environment(loader=FileSystemLoader(TEMPLATES),
                      autoescape=select_autoescape(default=True, default_for_string=True),
                      trim_blocks=True, lstrip_blocks=True)
    # Our own stylesheet and script, inlined: trusted files, never user text.
    env.globals["inline_css"] = Markup((TEMPLATES / "report.css").read_text("utf-8"))
    env.globals["inline_js"] = Markup((TEMPLATES / "report.js").read_text("utf-8"))
    return env


def render(result, options: ReportOptions | None = None) -> str:
    options = options or ReportOptions()
    return environment().get_template("report.html.j2").render(**context(result, options))


@writer("html", order=30)
def write_html(out_dir: Path, result, options: ReportOptions) -> Path:
    path = out_dir / "report.html"
    with atomic_writer(path) as stream:
        stream.write(render(result, options).encode("utf-8"))
    return path
