"""docs/rules.md is the catalog as the tool knows it, regenerated from the rule metadata."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

from typer.testing import CliRunner

from presence_audit import engine
from presence_audit.cli import app
from presence_audit.rules_doc import REGENERATE, render_markdown

DOC = Path(__file__).resolve().parents[1] / "docs" / "rules.md"


def test_docs_rules_md_is_current():
    result = CliRunner().invoke(app, ["rules", "--format", "markdown"])
    assert result.exit_code == 0, result.output
    assert DOC.read_text(encoding="utf-8") == result.output, (
        f"docs/rules.md is out of date with the rule metadata; regenerate it: {REGENERATE}")


def test_every_rule_has_a_section_with_its_metadata():
    catalog = engine.catalog()
    text = render_markdown(catalog)
    sections = dict(re.findall(r"^## ([A-Z_]+)\n(.*?)(?=^## |\Z)", text, flags=re.M | re.S))
    assert list(sections) == [spec.id for spec in catalog]
    for spec in catalog:
        body = sections[spec.id]
        assert f"- default severity: {spec.severity} " in body, spec.id
        assert f"- roles: {', '.join(spec.roles)}\n" in body, spec.id
        assert spec.title in body and spec.action in body, spec.id
        assert all(f"- {source}\n" in body for source in spec.sources), spec.id
        assert f"[{spec.id}](#{spec.id.lower()})" in text, spec.id


def test_table_cells_escape_pipes():
    spec = engine.catalog()[0]
    odd = dataclasses.replace(spec, title="a | b")
    row = next(line for line in render_markdown([odd]).splitlines() if "a \\| b" in line)
    assert len(re.findall(r"(?<!\\)\|", row)) == 5  # still 4 cells: id, category, severity, title


def test_unknown_format_is_one_line_exit_2():
    result = CliRunner().invoke(app, ["rules", "--format", "html"])
    assert result.exit_code == 2
    assert "--format must be text or markdown" in result.output
    assert "Traceback" not in result.output


def test_every_rule_section_shows_its_example_and_limits() -> None:
    """bandit-style docs: each rule says what it flags and, as plainly, what it does not."""
    from presence_audit import engine
    from presence_audit.rules_doc import render_markdown

    text = render_markdown(engine.catalog())
    sections = text.split("\n## ")[1:]
    assert len(sections) == len(engine.catalog())
    for section in sections:
        assert "**Example.**" in section, section.splitlines()[0]
        assert "**What it does not detect.**" in section, section.splitlines()[0]
