"""The unattended audit: audit.toml, the dated folder, exit status on NEW findings, notify."""

from __future__ import annotations

import json
import shutil
import stat
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest
from typer.testing import CliRunner

from presence_audit import cli
from presence_audit.app import scheduled_audit
from presence_audit.errors import AuditInputError
from presence_audit.scheduled import load_config, period_folder

ROOT = Path(__file__).resolve().parent.parent
SAMPLE_DIR = ROOT / "sample_archives"
SAMPLES = sorted(SAMPLE_DIR.glob("*-sample.zip"))


def setup_office(tmp_path: Path, **extra: str) -> Path:
    """exports/ with the sample archives, the sample profile and an audit.toml."""
    exports = tmp_path / "exports"
    exports.mkdir()
    for sample in SAMPLES:
        shutil.copy(sample, exports / sample.name)
    (exports / ".DS_Store").write_bytes(b"\0")  # debris is not an archive
    for name in ("profile.toml", "cases.csv", "people.csv", "political.csv"):
        shutil.copy(SAMPLE_DIR / name, tmp_path / name)
    lines = ['archives = "exports"', 'profile = "profile.toml"', 'out = "audits"',
             'db = "state/history.sqlite3"', *(f"{k} = {v}" for k, v in extra.items())]
    config = tmp_path / "audit.toml"
    config.write_text("\n".join(lines) + "\n")
    return config


def run(*args):
    return CliRunner().invoke(cli.app, [str(a) for a in args])


def test_audit_end_to_end_exits_1_only_on_new_findings(tmp_path):
    log = tmp_path / "notified.txt"
    config = setup_office(tmp_path, fail_on='"high"')
    # The notifier gets the summary path as its last argument and copies it to the log.
    wrapper = tmp_path / "notify.py"
    wrapper.write_text("import pathlib, sys\n"
                       "summary = pathlib.Path(sys.argv[-1])\n"
                       f"pathlib.Path({str(log)!r}).write_text(summary.name + '\\n' + "
                       "summary.read_text())\n")
    notify = f"{sys.executable} {wrapper}"
    first = run("audit", "--config", config, "--notify-cmd", notify)
    assert first.exit_code == 1, first.stderr  # the first audit: every finding is new
    folder = tmp_path / "audits" / period_folder(datetime.now(UTC), "quarter")
    assert {"report.html", "findings.json", "findings.csv", "findings.sarif", "summary.json",
            "summary.txt"} <= {p.name for p in folder.iterdir()}
    assert stat.S_IMODE((folder / "summary.json").stat().st_mode) == 0o600
    summary = json.loads((folder / "summary.json").read_text())
    assert summary["exit_status"] == 1 and summary["new"]
    assert log.read_text().startswith("summary.txt\npresence-audit: Maria Rossi")
    assert (tmp_path / "state" / "history.sqlite3").is_file()

    log.unlink()
    second = run("audit", "--config", config, "--notify-cmd", notify)
    assert second.exit_code == 0, second.stderr  # same exports: nothing new
    summary = json.loads((folder / "summary.json").read_text())
    assert summary["new"] == [] and summary["summary"]["by_change"]["new"] == 0
    findings = json.loads((folder / "findings.json").read_text())["findings"]
    assert findings and {f["change"] for f in findings} == {"unchanged"}
    assert "0 new since the last audit" in log.read_text()


def test_a_failing_notifier_warns_but_keeps_the_exit_status(tmp_path):
    config = setup_office(tmp_path, folder='"date"', fail_on='"critical"')
    result = run("audit", "--config", config, "--notify-cmd",
                 f"{sys.executable} -c 'import sys; sys.exit(3)'")
    assert result.exit_code == 1, result.stderr
    assert "warning: notify command" in result.stderr and "status 3" in result.stderr
    assert (tmp_path / "audits" / datetime.now(UTC).strftime("%Y-%m-%d")).is_dir()


def test_audit_with_a_broken_archive_exits_2_in_one_line(tmp_path):
    config = setup_office(tmp_path)
    (tmp_path / "exports" / "x-sample.zip").write_bytes(b"PK\x03\x04 truncated")
    result = run("audit", "--config", config)
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1 and "x-sample.zip" in result.stderr


@pytest.mark.parametrize(("text", "message"), [
    ('archives = "e"\nprofile = "p"\nout = "o"\nfail_on_typo = "high"\n', "unknown key"),
    ('archives = "e"\nprofile = "p"\n', "missing the key 'out'"),
    ('archives = "e"\nprofile = "p"\nout = "o"\nfail_on = "severe"\n', "fail_on must be"),
    ('archives = "e"\nprofile = "p"\nout = "o"\nfolder = "weekly"\n', "folder must be"),
    ('archives = 3\nprofile = "p"\nout = "o"\n', "archives has the wrong type"),
    ('archives = "e"\nprofile = "p"\nout = "o"\nnotify_cmd = "a \'b"\n', "cannot be split"),
    ("archives = [\n", "not valid TOML"),
])
def test_config_is_strict(tmp_path, text, message):
    path = tmp_path / "audit.toml"
    path.write_text(text)
    with pytest.raises(AuditInputError, match=message) as err:
        load_config(path)
    assert str(err.value).startswith(str(path)) and "\n" not in str(err.value)


def test_config_paths_are_relative_to_the_file_and_folders_are_named(tmp_path):
    path = tmp_path / "audit.toml"
    path.write_text('archives = "e"\nprofile = "p.toml"\nout = "o"\n'
                    'notify_cmd = ["notify-send", "audit done"]\n')
    cfg = load_config(path)
    assert cfg.archives == tmp_path / "e" and cfg.out == tmp_path / "o"
    assert cfg.notify_cmd == ["notify-send", "audit done"] and cfg.fail_on == "high"
    assert period_folder(datetime(2026, 11, 3, tzinfo=UTC), "quarter") == "2026-Q4"
    assert period_folder(datetime(2026, 1, 1, tzinfo=UTC), "quarter") == "2026-Q1"
    assert period_folder(datetime(2026, 11, 3, tzinfo=UTC), "date") == "2026-11-03"
    with pytest.raises(AuditInputError, match="archives folder does not exist"):
        scheduled_audit(cfg)
