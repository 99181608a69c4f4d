"""The unattended audit: audit.toml, the dated folders, exit status on NEW findings, the
summary in plain words, notify."""

from __future__ import annotations

import json
import shutil
import stat
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest
from typer.testing import CliRunner
from xarchive import build_x_archive, snowflake, tweet, tweet_date

from presence_audit import cli, engine
from presence_audit.app import scheduled_audit
from presence_audit.digest import excerpt
from presence_audit.errors import AuditInputError
from presence_audit.scan import catalog_by_id
from presence_audit.scheduled import load_config, period_folder, run_folder

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

    first_text = (folder / "summary.txt").read_text()
    assert "New since the last audit (" in first_text and "PARTY_CONNECTION" not in first_text

    log.unlink()
    second = run("audit", "--config", config, "--notify-cmd", notify)
    assert second.exit_code == 0, second.stderr  # same exports: nothing new
    # the same quarter: a folder of its own, the first run's audit left as it was
    assert (folder / "summary.txt").read_text() == first_text
    again = folder.with_name(f"{folder.name}-{datetime.now(UTC):%Y-%m-%d}")
    summary = json.loads((again / "summary.json").read_text())
    assert summary["folder"] == str(again)
    assert summary["new"] == [] and summary["summary"]["by_change"]["new"] == 0
    findings = json.loads((again / "findings.json").read_text())["findings"]
    assert findings and {f["change"] for f in findings} == {"unchanged"}
    text = log.read_text()
    assert "0 new since the last audit" in text and "New since the last audit: none" in text
    # nothing new, but what is still open at critical and high is said
    urgent = [f for f in findings if f["severity"] in ("critical", "high")]
    assert {e["fingerprint"] for e in summary["still_open"]} == \
        {f["fingerprint"] for f in urgent}
    assert f"Still open from earlier audits, critical and high ({len(urgent)} findings" \
        in text


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


REPLY = tweet(snowflake("2024-03-14T14:20:31Z"), tweet_date("2024-03-14T14:20:31Z"),
              "@acme_holdings Congratulations on the new office!   Great   news.",
              reply_to=(snowflake("2024-03-01T10:00:00Z", 9), "1500000001", "acme_holdings"),
              mentions=[("acme_holdings", "1500000001")])


def small_office(tmp_path: Path, **extra: str) -> Path:
    """An office whose exports folder holds one small X export with a party interaction."""
    config = setup_office(tmp_path, **extra)
    for old in (tmp_path / "exports").iterdir():
        old.unlink()
    build_x_archive(tmp_path / "exports" / "x.zip", tweets=[REPLY],
                    generated="2024-06-01T12:00:00.000Z")
    return config


def test_the_summary_words_findings_and_each_run_keeps_its_own_folder(tmp_path):
    config = small_office(tmp_path)
    codes = [run("audit", "--config", config).exit_code for _ in range(3)]
    assert codes == [1, 0, 0]
    now = datetime.now(UTC)
    base, day = period_folder(now, "quarter"), f"{now:%Y-%m-%d}"
    audits = tmp_path / "audits"
    assert sorted(p.name for p in audits.iterdir()) == [base, f"{base}-{day}",
                                                       f"{base}-{day}-2"]
    doc = json.loads((audits / base / "summary.json").read_text())
    title = catalog_by_id(engine.catalog())["PARTY_CONNECTION"].title
    party = next(e for e in doc["new"] if e["rule"] == "PARTY_CONNECTION")
    assert (party["title"], party["case_id"], party["when"]) == (title, "512345/2024",
                                                                 "2024-03-14")
    assert party["case"] == "Acme Holdings LLC v. Brightwater Logistics Inc."
    assert party["excerpt"] == "@acme_holdings Congratulations on the new office! Great news."
    text = (audits / base / "summary.txt").read_text()
    assert f"- {party['severity'].upper()}: " in text and title in text
    assert "case 512345/2024 (Acme Holdings LLC v. Brightwater Logistics Inc.) · x reply, " \
           "2024-03-14" in text
    assert '"@acme_holdings Congratulations on the new office! Great news."' in text
    assert "PARTY_CONNECTION" not in text and party["fingerprint"] not in text
    later = (audits / f"{base}-{day}-2" / "summary.txt").read_text()
    assert "New since the last audit: none" in later
    assert "Still open from earlier audits, critical and high (" in later and title in later


def test_a_redacted_audit_keeps_item_text_out_of_the_summary(tmp_path):
    config = small_office(tmp_path, redact="true")
    assert run("audit", "--config", config).exit_code == 1
    folder = tmp_path / "audits" / period_folder(datetime.now(UTC), "quarter")
    text = (folder / "summary.txt").read_text()
    assert "Congratulations" not in text and "case 512345/2024" in text
    doc = json.loads((folder / "summary.json").read_text())
    assert doc["new"] and all(e["excerpt"] is None for e in doc["new"])


def test_run_folders_never_reuse_a_written_one(tmp_path):
    when = datetime(2026, 11, 3, tzinfo=UTC)
    (tmp_path / "2026-Q4").mkdir()
    assert run_folder(tmp_path, when, "quarter") == tmp_path / "2026-Q4"  # empty: reused
    (tmp_path / "2026-Q4" / "report.html").write_text("first")
    assert run_folder(tmp_path, when, "quarter") == tmp_path / "2026-Q4-2026-11-03"
    (tmp_path / "2026-11-03").mkdir()
    (tmp_path / "2026-11-03" / "report.html").write_text("first")
    assert run_folder(tmp_path, when, "date") == tmp_path / "2026-11-03-2"


def test_excerpts_are_one_line_and_cut_at_a_word():
    assert excerpt("a\n\tb  c") == "a b c" and excerpt(None) == ""
    cut = excerpt("word " * 40)
    assert cut.endswith("word…") and len(cut) <= 91
