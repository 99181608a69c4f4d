"""The rule catalog as a Markdown document (``presence-audit rules --format markdown``).

Built from the same RuleSpec metadata the engine, the CLI and the report use, so the committed
docs/rules.md cannot drift from what the tool does (tests/test_rules_doc.py regenerates it).
"""

from __future__ import annotations

from collections.abc import Iterable

from presence_audit.rules import RuleSpec

REGENERATE = "presence-audit rules --format markdown > docs/rules.md"


def _cell(text: str) -> str:
    """Text safe inside a Markdown table cell."""
    return " ".join(text.split()).replace("|", "\\|")


def _anchor(rule_id: str) -> str:
    """The heading anchor GitHub-style renderers give ``## RULE_ID``."""
    return rule_id.lower()


def summary_table(specs: list[RuleSpec]) -> list[str]:
    """One row per rule: id (linked to its section), category, default severity, title."""
    lines = ["| rule | category | default severity | what it detects |", "|---|---|---|---|"]
    lines += [f"| [{s.id}](#{_anchor(s.id)}) | {s.category} | {s.severity} | {_cell(s.title)} |"
              for s in specs]
    return lines


def rule_section(spec: RuleSpec) -> list[str]:
    """A rule's full entry: scope, what it detects (with an example) and does not, remediation
    and sources."""
    detects = spec.title.rstrip(".") + "."
    if spec.summary:
        detects += " " + spec.summary
    lines = [f"## {spec.id}", "",
             f"- category: {spec.category}",
             f"- default severity: {spec.severity} (before modifiers and the profile)",
             f"- roles: {', '.join(spec.roles)}",
             f"- record kinds: {', '.join(spec.kinds)}", "",
             f"**What it detects.** {detects}", ""]
    if spec.example:
        lines += [f"**Example.** {spec.example}", ""]
    if spec.not_detected:
        lines += [f"**What it does not detect.** {spec.not_detected}", ""]
    lines.append(f"**Remediation.** {spec.action}")
    if spec.remediation:
        lines[-1] += f" (steps: {', '.join(f'`{r}`' for r in spec.remediation)})"
    if spec.sources:
        lines += ["", "**Sources.**", ""] + [f"- {source}" for source in spec.sources]
    return [*lines, ""]


def render_markdown(specs: Iterable[RuleSpec]) -> str:
    """The whole document, in the catalog's order (category, then id)."""
    specs = list(specs)
    lines = ["# The rule catalog", "",
             f"Generated from the rule metadata by `{REGENERATE}`; do not edit by hand.",
             f"{len(specs)} rules. Severities are defaults: the case window, the modifiers and "
             "the jurisdiction profile move them, and every finding's reason says how.", "",
             *summary_table(specs), ""]
    for spec in specs:
        lines += rule_section(spec)
    return "\n".join(lines).rstrip("\n") + "\n"
