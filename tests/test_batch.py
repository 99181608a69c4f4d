"""The ethics-office batch: one audit per subject, a summary page, a broken subject listed."""

from __future__ import annotations

import json
import re
import shutil
import stat
from pathlib import Path

from typer.testing import CliRunner

from presence_audit import cli

ROOT = Path(__file__).resolve().parent.parent
SAMPLE_DIR = ROOT / "sample_archives"
HOSTILE = '<script>alert("x")</script> Rossi'


def subject(root: Path, name: str, archives: list[str], *, inner: bool = False,
            rename: str | None = None) -> Path:
    folder = root / name
    folder.mkdir(parents=True)
    for csv_name in ("cases.csv", "people.csv", "political.csv"):
        shutil.copy(SAMPLE_DIR / csv_name, folder / csv_name)
    profile = (SAMPLE_DIR / "profile.toml").read_text()
    if rename:
        profile = profile.replace('name = "Maria Rossi"', f"name = {json.dumps(rename)}")
    (folder / "profile.toml").write_text(profile)
    target = folder / "archives" if inner else folder
    target.mkdir(exist_ok=True)
    for archive in archives:
        shutil.copy(SAMPLE_DIR / archive, target / archive)
    return folder


def run(*args):
    return CliRunner().invoke(cli.app, [str(a) for a in args])


def test_batch_reports_every_subject_and_lists_the_broken_one(tmp_path):
    root = tmp_path / "subjects"
    subject(root, "a-rossi", ["x-sample.zip", "facebook-sample.zip"])
    subject(root, "b-hostile", ["instagram-sample.zip"], inner=True, rename=HOSTILE)
    broken = subject(root, "c-broken", ["x-sample.zip"])
    (broken / "x-sample.zip").write_bytes(b"PK\x03\x04 this zip was cut short")
    out, db = tmp_path / "office", tmp_path / "h.sqlite3"

    result = run("batch", root, "--out", out, "--db", db)
    assert result.exit_code == 2, result.stderr  # one subject could not be audited
    assert "c-broken: failed" in result.stdout
    for name in ("a-rossi", "b-hostile"):
        assert {"report.html", "findings.json"} <= {p.name for p in (out / name).iterdir()}
    assert not (out / "c-broken").exists()

    doc = json.loads((out / "summary.json").read_text())
    rows = {r["folder"]: r for r in doc["subjects"]}
    assert rows["c-broken"]["status"] == "failed"
    assert "x-sample.zip" in rows["c-broken"]["reason"]
    assert "\n" not in rows["c-broken"]["reason"]
    assert rows["a-rossi"]["status"] == "ok" and rows["a-rossi"]["name"] == "Maria Rossi"
    findings = json.loads((out / "a-rossi" / "findings.json").read_text())["findings"]
    open_high = sum(1 for f in findings if f["status"] == "open" and f["severity"] == "high")
    assert rows["a-rossi"]["open_by_severity"]["high"] == open_high
    assert rows["a-rossi"]["new"] == len(findings) > 0  # first review: all new
    assert doc["totals"] == {**doc["totals"], "subjects": 3, "ok": 2, "failed": 1}

    html = (out / "summary.html").read_text()
    assert "Content-Security-Policy" in html and "default-src 'none'" in html
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert not re.search(r"""(src|href)=["']?(https?:|//)""", html)
    assert 'href="./a-rossi/report.html"' in html
    assert stat.S_IMODE((out / "summary.html").stat().st_mode) == 0o600

    # Next review: nothing new for the subjects that were audited; the broken one still fails.
    again = run("batch", root, "--out", out, "--db", db)
    assert again.exit_code == 2
    rows = {r["folder"]: r for r in json.loads((out / "summary.json").read_text())["subjects"]}
    assert rows["a-rossi"]["new"] == 0 and rows["b-hostile"]["new"] == 0

    shutil.rmtree(broken)
    fixed = run("batch", root, "--out", out, "--db", db)
    assert fixed.exit_code == 1, fixed.stderr  # open findings at or above high remain


def test_batch_refuses_a_foreign_out_folder_and_an_empty_root(tmp_path):
    (tmp_path / "subjects").mkdir()
    result = run("batch", tmp_path / "subjects", "--out", tmp_path / "o", "--db",
                 tmp_path / "h.sqlite3")
    assert result.exit_code == 2 and "holds no subject folders" in result.stderr
    subject(tmp_path / "subjects", "a", ["x-sample.zip"])
    foreign = tmp_path / "docs"
    foreign.mkdir()
    (foreign / "thesis.docx").write_bytes(b"mine")
    result = run("batch", tmp_path / "subjects", "--out", foreign, "--db",
                 tmp_path / "h.sqlite3")
    assert result.exit_code == 2 and "holds no previous batch" in result.stderr
    assert (foreign / "thesis.docx").read_bytes() == b"mine"
