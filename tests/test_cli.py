"""The command line: exit codes 0/1/2, one-line errors, the audit folder, inspect and rules."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner
from xarchive import build_x_archive, tweet, write_zip

from presence_audit import cli

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "sample_archives" / "x-sample.zip"
PROFILE = ROOT / "sample_archives" / "profile.toml"
APRIL = "Tue Apr 16 14:02:11 +0000 2024"
ERROR_PREFIX = "presence-audit: error: "


def run(*args: str):
    return CliRunner().invoke(cli.app, [str(a) for a in args])


def one_line_error(result) -> str:
    """The stderr of a failed run: exactly one line with the error prefix, no traceback."""
    assert result.exit_code == 2, (result.exit_code, result.stdout, result.stderr)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(ERROR_PREFIX)
    assert "Traceback" not in result.stderr and "Traceback" not in result.stdout
    return lines[0]


def harmless_archive(path: Path) -> Path:
    return build_x_archive(path, tweets=[
        tweet("1780231000000000002", APRIL, "Rosemary focaccia, second attempt."),
        tweet("1780231000000000003", APRIL, "Cold but bright run along the river.")])


def party_archive(path: Path) -> Path:
    return build_x_archive(path, tweets=[tweet(
        "1780231000000000001", APRIL,
        "@acme_holdings see you at the hearing on the warehouse lease",
        reply_to=("1780230000000000000", "1500000001", "acme_holdings"),
        mentions=[("acme_holdings", "1500000001")])])


def test_sample_scan_writes_the_audit_folder_and_exits_1(tmp_path):
    out = tmp_path / "audit"
    result = run("scan", SAMPLE, "--profile", PROFILE, "--out", out)
    assert result.exit_code == 1, result.stderr
    assert {p.name for p in out.iterdir()} == {"report.html", "findings.json", "findings.csv",
                                               "findings.sarif"}
    assert str(out / "report.html") in result.stdout
    doc = json.loads((out / "findings.json").read_text())
    assert any(f["status"] == "open" and f["severity"] in ("high", "critical")
               for f in doc["findings"])
    assert f"{len(doc['findings'])} findings" in result.stdout


def test_clean_archive_exits_0(tmp_path):
    result = run("scan", harmless_archive(tmp_path / "x.zip"), "--profile", PROFILE,
                 "--out", tmp_path / "audit")
    assert result.exit_code == 0, result.stderr
    doc = json.loads((tmp_path / "audit" / "findings.json").read_text())
    assert doc["summary"]["open"] == 0


def test_fail_on_threshold_and_suppression_decide_the_exit(tmp_path):
    archive = party_archive(tmp_path / "x.zip")
    first = run("scan", archive, "--profile", PROFILE, "--out", tmp_path / "a")
    assert first.exit_code == 1
    doc = json.loads((tmp_path / "a" / "findings.json").read_text())
    worst = {f["severity"] for f in doc["findings"]}
    assert "high" in worst or "critical" in worst
    # Above every finding's severity: nothing counts, exit 0.
    if "critical" not in worst:
        assert run("scan", archive, "--profile", PROFILE, "--out", tmp_path / "b",
                   "--fail-on", "critical").exit_code == 0
    # Suppress every finding in a copy of the profile: they stay listed, exit 0.
    prof_dir = tmp_path / "prof"
    shutil.copytree(PROFILE.parent, prof_dir, ignore=shutil.ignore_patterns("*.zip", "*.py"))
    with open(prof_dir / "profile.toml", "a") as f:
        for finding in doc["findings"]:
            f.write(f'\n[[suppress]]\nfingerprint = "{finding["fingerprint"]}"\n'
                    'reason = "disclosed on the record"\nby = "ethics office"\n'
                    "date = 2024-06-02\n")
    quiet = run("scan", archive, "--profile", prof_dir / "profile.toml", "--out",
                tmp_path / "c", "--quiet")
    assert quiet.exit_code == 0, quiet.stderr
    assert quiet.stdout == ""
    again = json.loads((tmp_path / "c" / "findings.json").read_text())
    assert {f["status"] for f in again["findings"]} == {"suppressed"}
    assert len(again["findings"]) == len(doc["findings"])


def test_missing_path_is_one_line_exit_2(tmp_path):
    line = one_line_error(run("scan", tmp_path / "absent.zip", "--profile", PROFILE,
                              "--out", tmp_path / "audit"))
    assert "absent.zip" in line
    assert not (tmp_path / "audit").exists()


def test_bad_profile_is_one_line_exit_2(tmp_path):
    bad = tmp_path / "profile.toml"
    bad.write_text('[subject]\nname = "Maria Rossi"\nrole = "janitor"\n')
    line = one_line_error(run("scan", SAMPLE, "--profile", bad, "--out", tmp_path / "o"))
    assert "profile.toml" in line
    missing = one_line_error(run("scan", SAMPLE, "--profile", tmp_path / "none.toml",
                                 "--out", tmp_path / "o"))
    assert "none.toml" in missing


def test_corrupt_zip_is_one_line_exit_2(tmp_path):
    broken = tmp_path / "twitter-2024.zip"
    broken.write_bytes(SAMPLE.read_bytes()[:300])
    line = one_line_error(run("scan", broken, "--profile", PROFILE, "--out", tmp_path / "o"))
    assert "twitter-2024.zip" in line


def test_unknown_layout_and_zero_records_are_one_line_exit_2(tmp_path):
    odd = tmp_path / "holiday.zip"
    write_zip({"beach/day1.txt": b"sun"}, odd)
    line = one_line_error(run("scan", odd, "--profile", PROFILE, "--out", tmp_path / "o"))
    assert "not a known export layout" in line and "beach/day1.txt" in line
    empty = build_x_archive(tmp_path / "empty.zip", tweets=[])
    line = one_line_error(run("scan", empty, "--profile", PROFILE, "--out", tmp_path / "o"))
    assert "no records" in line


def test_bad_fail_on_and_occupied_out_folder_exit_2(tmp_path):
    one_line_error(run("scan", SAMPLE, "--profile", PROFILE, "--out", tmp_path / "o",
                       "--fail-on", "severe"))
    occupied = tmp_path / "documents"
    occupied.mkdir()
    (occupied / "thesis.docx").write_bytes(b"precious")
    line = one_line_error(run("scan", SAMPLE, "--profile", PROFILE, "--out", occupied))
    assert "not empty" in line
    assert [p.name for p in occupied.iterdir()] == ["thesis.docx"]


def test_limits_on_the_command_line_apply(tmp_path):
    line = one_line_error(run("scan", SAMPLE, "--profile", PROFILE, "--out", tmp_path / "o",
                              "--max-total-bytes", "100"))
    assert "max-total-bytes" in line


def test_unexpected_failure_is_one_line_with_debug_hint(tmp_path, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("internal\ninvariant broken")

    monkeypatch.setattr("presence_audit.scan.scan", broken)
    monkeypatch.delenv("PRESENCE_AUDIT_DEBUG", raising=False)
    line = one_line_error(run("scan", SAMPLE, "--profile", PROFILE, "--out", tmp_path / "o"))
    assert "RuntimeError" in line and "PRESENCE_AUDIT_DEBUG=1" in line


def test_rules_lists_the_catalog():
    result = run("rules")
    assert result.exit_code == 0, result.stderr
    from presence_audit import engine

    for spec in engine.catalog():
        assert f"{spec.id}  [{spec.category}, {spec.severity}]" in result.stdout
    assert "PARTY_CONNECTION  [party, high]" in result.stdout


def test_inspect_reports_what_was_recognized_and_skipped():
    result = run("inspect", SAMPLE)
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert "x-sample.zip (zip" in out
    assert "recognized: x at (archive root)" in out
    assert "x post:" in out and "x like:" in out and "x follow:" in out
    assert "unrecognized: data/ad-engagements.js" in out
    assert "skipped:" in out and "media" in out


def test_inspect_missing_path_exit_2(tmp_path):
    one_line_error(run("inspect", tmp_path / "nothing-here"))


def test_console_script_is_quiet_off_a_terminal(tmp_path):
    """The installed entry point, as a subprocess: no progress noise when stderr is a pipe."""
    exe = shutil.which("presence-audit") or ""
    cmd = [exe] if exe else [sys.executable, "-m", "presence_audit.cli"]
    env = {**os.environ, "PRESENCE_AUDIT_DEBUG": "0"}
    proc = subprocess.run(
        [*cmd, "scan", str(harmless_archive(tmp_path / "x.zip")), "--profile", str(PROFILE),
         "--out", str(tmp_path / "audit")], capture_output=True, text=True, env=env,
        timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr == ""
    assert "report:" in proc.stdout


@pytest.mark.parametrize("umask", [0o000, 0o022])
def test_outputs_are_owner_only_whatever_the_umask(tmp_path, umask):
    old = os.umask(umask)
    try:
        out = tmp_path / "nested" / "audit"
        result = run("scan", harmless_archive(tmp_path / "x.zip"), "--profile", PROFILE,
                     "--out", out)
    finally:
        os.umask(old)
    assert result.exit_code == 0, result.stderr
    assert out.stat().st_mode & 0o777 == 0o700
    for name in ("report.html", "findings.json", "findings.csv"):
        assert (out / name).stat().st_mode & 0o777 == 0o600


def test_unknown_report_language_fails_before_the_scan(tmp_path, monkeypatch):
    import presence_audit.scan as scan_module

    def no_scan(*args, **kwargs):
        raise AssertionError("the scan ran although --lang was unusable")

    monkeypatch.setattr(scan_module, "scan", no_scan)
    result = run("scan", SAMPLE, "--profile", PROFILE, "--out", tmp_path / "a", "--lang", "xx")
    assert result.exit_code == 2
    assert "no report labels for language 'xx'" in result.stderr
    assert not (tmp_path / "a").exists()
