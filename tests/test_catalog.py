"""The catalog `presence-audit rules` prints matches rules.md's rule summary (section 2).

rules.md lives in the shared folder beside the repository (where CI puts it); the test reads
its summary table and compares ids, categories and default severities with the metadata the
engine, the CLI and the report use.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from presence_audit import engine
from presence_audit.cli import app

RULES_MD = Path(__file__).resolve().parents[2] / "shared" / "rules.md"
SEVERITIES = {"critical", "high", "medium", "low", "info"}


def summary_table() -> dict[str, tuple[set[str], str]]:
    """rule id -> (categories, default) from the '## 2. Rule summary' table."""
    text = RULES_MD.read_text(encoding="utf-8")
    section = text.split("## 2. Rule summary", 1)[1].split("\n## ", 1)[0]
    rows = {}
    for line in section.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) >= 5 and re.fullmatch(r"[A-Z_]+", cells[0]):
            rows[cells[0]] = ({c.strip() for c in cells[1].split("/")}, cells[4])
    return rows


@pytest.mark.skipif(not RULES_MD.is_file(), reason="shared/rules.md is not beside the repository")
def test_catalog_matches_the_rule_summary_of_rules_md():
    table = summary_table()
    catalog = {spec.id: spec for spec in engine.catalog()}
    assert len(table) >= 20
    assert set(catalog) == set(table)
    for rule_id, (categories, default) in table.items():
        spec = catalog[rule_id]
        assert spec.category in categories, rule_id
        if default in SEVERITIES:
            assert spec.severity == default, rule_id


def test_cli_prints_every_rule_of_the_catalog():
    output = CliRunner().invoke(app, ["rules"]).output
    printed = re.findall(r"^([A-Z_]+)  \[(\w+), (\w+)\]", output, flags=re.M)
    catalog = {spec.id: (spec.category, spec.severity) for spec in engine.catalog()}
    assert {rule: (cat, sev) for rule, cat, sev in printed} == catalog
