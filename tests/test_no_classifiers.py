"""`scan --no-classifiers`: rules, cue lists and lexicons run; the classifiers do not, and the
coverage, the report and stderr all say so."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from typer.testing import CliRunner

from presence_audit import classifiers, cli
from presence_audit.scan import scan

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "sample_archives" / "x-sample.zip"
PROFILE = ROOT / "sample_archives" / "profile.toml"


def _not_run(coverage) -> dict[str, str]:
    return {e.member: e.reason for e in coverage if "did NOT run" in e.reason}


def test_no_model_is_loaded_and_coverage_names_each_classifier(monkeypatch):
    def refuse(*_a, **_k):
        raise AssertionError("a classifier model was loaded")
    monkeypatch.setattr(classifiers, "load_model", refuse)
    result = scan([str(SAMPLE)], str(PROFILE), classifiers=False)
    not_run = _not_run(result.coverage)
    assert set(not_run) == {"(classifier: political)", "(classifier: demeanor)"}
    entry = next(e for e in result.coverage if e.member == "(classifier: political)")
    assert entry.status == "skipped" and entry.records > 0
    assert "--no-classifiers" in entry.reason
    # rules still ran: party replies and the like are found by names and cue lists
    assert len(result.findings) > 0
    assert result.findings["explanation"].isna().all()  # no classifier explanation anywhere


def test_a_normal_scan_has_no_such_entry():
    result = scan([str(SAMPLE)], str(PROFILE))
    assert _not_run(result.coverage) == {}


def test_cli_warns_on_stderr_and_the_report_says_so(tmp_path):
    out = tmp_path / "audit"
    res = CliRunner().invoke(cli.app, ["scan", str(SAMPLE), "--profile", str(PROFILE),
                                       "--out", str(out), "--no-history", "--no-classifiers"])
    assert res.exit_code in (0, 1), res.stderr
    assert "warning: classifiers NOT run (--no-classifiers)" in res.stderr
    html = (out / "report.html").read_text(encoding="utf-8")
    assert 'id="classifiers-off"' in html and "CLASSIFIERS NOT RUN" in html
    doc = json.loads((out / "findings.json").read_text(encoding="utf-8"))
    members = {c["member"] for c in doc["coverage"] if "did NOT run" in c["reason"]}
    assert members == {"(classifier: political)", "(classifier: demeanor)"}


def test_a_run_without_classifiers_never_becomes_a_baseline_nor_resolves_findings(tmp_path):
    db = tmp_path / "history.db"
    common = ["scan", str(SAMPLE), "--profile", str(PROFILE), "--db", str(db)]
    full = CliRunner().invoke(cli.app, [*common, "--out", str(tmp_path / "a")])
    assert full.exit_code in (0, 1), full.stderr
    partial = CliRunner().invoke(cli.app, [*common, "--out", str(tmp_path / "b"),
                                           "--baseline", "last", "--no-classifiers"])
    assert partial.exit_code in (0, 1), partial.stderr
    doc = json.loads((tmp_path / "b" / "findings.json").read_text(encoding="utf-8"))
    assert all(f["change"] != "resolved" for f in doc["findings"])
    with sqlite3.connect(db) as con:
        assert con.execute("SELECT COUNT(*) FROM runs").fetchone()[0] == 1
