"""An incomplete audit is a failure: stderr lines, banner, complete:false, SARIF, exit 2.

Each failure path (a rule family, an importer's detector, a writer) is broken on purpose; the
audit must say so in every output, and rules that simply do not apply must not count.
"""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

import jsonschema
import pytest
from typer.testing import CliRunner

from presence_audit import cli, failures, importers
from presence_audit import reports as reports_pkg
from presence_audit import rules as rules_pkg
from presence_audit.baseline import diff
from presence_audit.failures import PACKAGE_ROOT, Failure, cause, lines
from presence_audit.history import open_store
from presence_audit.rules import RuleSpec
from presence_audit.scan import scan

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "sample_archives" / "x-sample.zip"
PROFILE = ROOT / "sample_archives" / "profile.toml"
SCHEMA = json.loads((ROOT / "reports" / "findings.schema.json").read_text())
LABELS = ROOT / "reports" / "templates" / "labels"
PREFIX = "presence-audit: error: incomplete audit: "


def run(*args):
    return CliRunner().invoke(cli.app, [str(a) for a in args])


@pytest.fixture(autouse=True)
def _no_debug(monkeypatch):
    monkeypatch.delenv("PRESENCE_AUDIT_DEBUG", raising=False)


@pytest.fixture
def broken_rule(monkeypatch):
    """A rule family whose detector crashes on every input."""
    rules_pkg.load()
    spec = RuleSpec(id="BROKEN_RULE", title="broken", category="case", severity="high",
                    roles=("judge", "prosecutor"), kinds=("post",), action="none",
                    remediation=(), sources=())

    def explode(ctx):
        raise KeyError("no such column")

    monkeypatch.setitem(rules_pkg.SPECS, "BROKEN_RULE", spec)
    monkeypatch.setattr(rules_pkg, "DETECTORS",
                        [*rules_pkg.DETECTORS, (("BROKEN_RULE",), explode)])


class _BrokenDetector:
    name = "brokendetector"

    def detect(self, names):
        raise ValueError("detector bug")

    def read(self, parts, ctx):  # pragma: no cover - never detected
        raise AssertionError


@pytest.fixture
def broken_detector(monkeypatch):
    importers.all_importers()
    monkeypatch.setitem(importers._REGISTRY, "brokendetector", _BrokenDetector())


@pytest.fixture
def broken_writer(monkeypatch):
    """A writer that runs after findings.json and fails."""
    reports_pkg.all_writers()

    def fail(out_dir, result, options):
        raise OSError(28, "No space left on device")

    monkeypatch.setitem(reports_pkg._WRITERS, "broken", (20, fail))


def stderr_lines(result) -> list[str]:
    return [line for line in result.stderr.splitlines() if line.strip()]


# ------------------------------------------------------------------ the failure record


def test_a_missing_packaged_file_is_named_with_the_fix():
    with pytest.raises(FileNotFoundError) as info:
        (PACKAGE_ROOT / "data" / "signals" / "absent.toml").read_text()
    assert cause(info.value) == ("packaged file data/signals/absent.toml is missing: "
                                 "reinstall presence-audit")
    try:  # the loader may wrap it: the cause is still found
        try:
            raise info.value
        except FileNotFoundError as exc:
            raise RuntimeError("cue list failed") from exc
    except RuntimeError as wrapped:
        assert "data/signals/absent.toml is missing" in cause(wrapped)


def test_other_causes_are_one_line_and_outside_files_are_not_packaged(tmp_path):
    assert cause(RuntimeError("first\nsecond")) == "RuntimeError: first"
    with pytest.raises(FileNotFoundError) as info:
        (tmp_path / "nope.toml").read_text()
    assert "packaged file" not in cause(info.value)
    assert cause(info.value).startswith("FileNotFoundError: ")


def test_one_line_per_cause_naming_every_part():
    why = "packaged file data/signals/campaign.toml is missing: reinstall presence-audit"
    got = lines([Failure("rule", ("A", "B"), why), Failure("rule", ("C",), why),
                 Failure("writer", ("html",), "OSError: disk full")])
    assert got == [f"rules A, B, C did not run: {why}",
                   "writer html did not run: OSError: disk full"]
    with pytest.raises(ValueError):
        Failure("nonsense", ("x",), "why")


def test_every_label_language_has_the_banner():
    for path in LABELS.glob("*.toml"):
        labels = tomllib.loads(path.read_text("utf-8"))
        assert labels.get("incomplete_title") and labels.get("incomplete_text"), path.name


# ------------------------------------------------------------------ rule failure


@pytest.mark.usefixtures("broken_rule")
def test_a_crashing_rule_is_a_failure_not_a_rule_that_does_not_apply():
    result = scan([SAMPLE], PROFILE)
    assert [f.names for f in result.failures] == [("BROKEN_RULE",)]
    assert "KeyError" in result.failures[0].cause
    assert "BROKEN_RULE" not in dict(result.rules_not_run)
    assert (result.findings["rule"] == "PARTY_CONNECTION").any()  # the others still ran


@pytest.mark.usefixtures("broken_rule")
def test_scan_with_a_crashing_rule_exits_2_and_says_so_everywhere(tmp_path):
    out, db = tmp_path / "audit", tmp_path / "h.sqlite3"
    result = run("scan", SAMPLE, "--profile", PROFILE, "--out", out, "--db", db)
    assert result.exit_code == 2, result.stdout
    errors = stderr_lines(result)
    assert errors == [PREFIX + "rule BROKEN_RULE did not run: KeyError: 'no such column'"]
    assert "Traceback" not in result.stderr + result.stdout
    assert "INCOMPLETE AUDIT" in result.stdout

    doc = json.loads((out / "findings.json").read_text())
    jsonschema.validate(doc, SCHEMA)
    assert doc["complete"] is False
    assert doc["failures"] == [{"kind": "rule", "names": ["BROKEN_RULE"],
                                "cause": "KeyError: 'no such column'"}]
    sarif = json.loads((out / "findings.sarif").read_text())
    invocation = sarif["runs"][0]["invocations"][0]
    assert invocation["executionSuccessful"] is False
    assert "BROKEN_RULE" in invocation["toolExecutionNotifications"][0]["message"]["text"]
    html = (out / "report.html").read_text()
    assert 'id="incomplete"' in html
    assert html.index('id="incomplete"') < html.index('<header id="top">')
    with open_store(db) as store:  # an incomplete run never becomes the baseline
        assert store.runs() == []


@pytest.mark.usefixtures("broken_rule")
def test_allow_incomplete_keeps_the_findings_status_but_still_says_so(tmp_path):
    out = tmp_path / "audit"
    result = run("scan", SAMPLE, "--profile", PROFILE, "--out", out, "--no-history",
                 "--allow-incomplete")
    assert result.exit_code == 1  # the sample's findings, not the failure
    assert len(stderr_lines(result)) == 1 and "BROKEN_RULE" in result.stderr
    assert 'id="incomplete"' in (out / "report.html").read_text()
    assert json.loads((out / "findings.json").read_text())["complete"] is False


def test_a_complete_audit_says_complete_and_has_no_banner(tmp_path):
    out = tmp_path / "audit"
    result = run("scan", SAMPLE, "--profile", PROFILE, "--out", out, "--no-history")
    assert result.exit_code == 1 and not result.stderr.strip()
    doc = json.loads((out / "findings.json").read_text())
    assert doc["complete"] is True and doc["failures"] == []
    assert 'id="incomplete"' not in (out / "report.html").read_text()
    sarif = json.loads((out / "findings.sarif").read_text())
    assert sarif["runs"][0]["invocations"][0] == {"executionSuccessful": True}


@pytest.mark.usefixtures("broken_rule")
def test_debug_re_raises_with_the_traceback(tmp_path, monkeypatch):
    monkeypatch.setenv("PRESENCE_AUDIT_DEBUG", "1")
    with pytest.raises(KeyError, match="no such column"):
        scan([SAMPLE], PROFILE)
    result = run("scan", SAMPLE, "--profile", PROFILE, "--out", tmp_path / "o", "--no-history")
    assert isinstance(result.exception, KeyError)


# ------------------------------------------------------------------ detector and writer


@pytest.mark.usefixtures("broken_detector")
def test_a_crashing_detector_is_a_failure(tmp_path):
    result = run("scan", SAMPLE, "--profile", PROFILE, "--out", tmp_path / "a", "--no-history")
    assert result.exit_code == 2
    assert stderr_lines(result) == [
        PREFIX + "importer detector brokendetector did not run: ValueError: detector bug"]
    doc = json.loads((tmp_path / "a" / "findings.json").read_text())
    assert doc["failures"][0]["kind"] == "detector" and doc["findings"]  # X still audited


class _MissingData:
    """An importer whose own data file is missing from the install."""

    name = "missingdata"

    def detect(self, names):
        return [""] if names else []

    def read(self, parts, ctx):
        return (PACKAGE_ROOT / "data" / "importer_table.toml").read_text()


def test_an_importer_missing_a_packaged_file_is_a_failure_not_just_coverage(monkeypatch):
    importers.all_importers()
    monkeypatch.setitem(importers._REGISTRY, "missingdata", _MissingData())
    result = scan([SAMPLE], PROFILE)
    assert [(f.kind, f.names) for f in result.failures] == [("importer", ("missingdata",))]
    assert result.failures[0].cause == ("packaged file data/importer_table.toml is missing: "
                                        "reinstall presence-audit")
    assert any(e.platform == "missingdata" and e.status == "failed" for e in result.coverage)


@pytest.mark.usefixtures("broken_detector")
def test_inspect_says_a_detector_failed():
    result = run("inspect", SAMPLE)
    assert result.exit_code == 2
    assert "recognized: x" in result.stdout  # the rest is still shown
    assert stderr_lines(result) == [
        PREFIX + "importer detector brokendetector did not run: ValueError: detector bug"]


@pytest.mark.usefixtures("broken_writer")
def test_a_failing_writer_is_named_and_the_files_before_it_are_rewritten(tmp_path):
    out = tmp_path / "audit"
    result = run("scan", SAMPLE, "--profile", PROFILE, "--out", out, "--no-history")
    assert result.exit_code == 2
    assert stderr_lines(result) == [
        PREFIX + "writer broken did not run: OSError: [Errno 28] No space left on device"]
    doc = json.loads((out / "findings.json").read_text())  # written before the failure
    assert doc["complete"] is False and doc["failures"][0]["names"] == ["broken"]
    assert 'id="incomplete"' in (out / "report.html").read_text()


def test_a_failing_writer_in_a_reused_folder_leaves_no_earlier_file(tmp_path, monkeypatch):
    from presence_audit.reports import write_all

    result = scan([SAMPLE], PROFILE)
    out = tmp_path / "audit"
    write_all(out, result)
    assert (out / "findings.sarif").is_file()

    def fail(out_dir, result, options):
        raise OSError(28, "No space left on device")

    order, _ = reports_pkg._WRITERS["sarif"]
    monkeypatch.setitem(reports_pkg._WRITERS, "sarif", (order, fail))
    again = scan([SAMPLE], PROFILE)
    written = write_all(out, again)
    assert "sarif" not in written
    # the earlier run's SARIF would pass for this audit's: it is gone, the others say why
    assert not (out / "findings.sarif").exists()
    doc = json.loads((out / "findings.json").read_text())
    assert doc["complete"] is False and doc["failures"][0]["names"] == ["sarif"]


@pytest.mark.usefixtures("broken_writer")
def test_debug_re_raises_a_writer_failure(tmp_path, monkeypatch):
    from presence_audit.reports import write_all

    result = scan([SAMPLE], PROFILE)
    monkeypatch.setenv("PRESENCE_AUDIT_DEBUG", "1")
    with pytest.raises(OSError, match="No space left"):
        write_all(tmp_path / "audit", result)


# ------------------------------------------------------------------ history, batch, audit


def test_an_incomplete_audit_calls_nothing_resolved():
    result = scan([SAMPLE], PROFILE)
    some = result.findings.head(3)
    assert (diff(some, result.findings)["change"] == "resolved").any()
    assert not (diff(some, result.findings, resolve=False)["change"] == "resolved").any()


@pytest.mark.usefixtures("broken_rule")
def test_batch_lists_an_incomplete_subject_as_a_failure(tmp_path):
    from test_batch import subject

    root = tmp_path / "subjects"
    subject(root, "a-rossi", ["x-sample.zip"])
    out = tmp_path / "office"
    result = run("batch", root, "--out", out, "--db", tmp_path / "h.sqlite3")
    assert result.exit_code == 2
    assert "a-rossi: INCOMPLETE AUDIT: rule BROKEN_RULE did not run" in result.stdout
    doc = json.loads((out / "summary.json").read_text())
    row = doc["subjects"][0]
    assert row["status"] == "incomplete" and row["exit_status"] == 2
    assert doc["totals"]["incomplete"] == 1
    assert "INCOMPLETE AUDIT" in (out / "summary.html").read_text()


@pytest.mark.usefixtures("broken_rule")
def test_scheduled_audit_says_incomplete_in_summary_and_notification(tmp_path):
    from test_scheduled import setup_office

    config = setup_office(tmp_path)
    notify = tmp_path / "notify.py"
    log = tmp_path / "notified.txt"
    notify.write_text("import pathlib, sys\n"
                      f"pathlib.Path({str(log)!r}).write_text("
                      "pathlib.Path(sys.argv[-1]).read_text())\n")
    import sys

    result = run("audit", "--config", config, "--notify-cmd", f"{sys.executable} {notify}")
    assert result.exit_code == 2
    assert "INCOMPLETE AUDIT: rule BROKEN_RULE did not run" in result.stderr
    text = log.read_text()
    assert text.splitlines()[1].startswith("INCOMPLETE AUDIT")
    assert "BROKEN_RULE" in text
    folder = next((tmp_path / "audits").iterdir())
    summary = json.loads((folder / "summary.json").read_text())
    assert summary["complete"] is False and summary["exit_status"] == 2
    with open_store(tmp_path / "state" / "history.sqlite3") as store:
        assert store.runs() == []


def test_debug_flag_is_read_from_the_environment(monkeypatch):
    monkeypatch.setenv("PRESENCE_AUDIT_DEBUG", "1")
    assert failures.debug()
    monkeypatch.setenv("PRESENCE_AUDIT_DEBUG", "0")
    assert not failures.debug()
