"""``presence-audit doctor`` and ``--version``: the installation checks itself."""

from __future__ import annotations

from importlib.metadata import version
from pathlib import Path

from typer.testing import CliRunner

from presence_audit import cli, doctor
from presence_audit.history import SCHEMA_VERSION, open_store

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "src" / "presence_audit" / "data"
TEMPLATES = ROOT / "reports" / "templates"


def run(*args):
    return CliRunner().invoke(cli.app, [str(a) for a in args])


def tree(folder: Path, prefix: str) -> set[str]:
    return {prefix + p.relative_to(folder).as_posix() for p in folder.rglob("*")
            if p.is_file() and "__pycache__" not in p.parts}


def test_the_doctor_knows_every_data_and_template_file():
    """A new data file or template cannot escape the doctor (nor go unshipped unnoticed)."""
    listed = set(doctor.all_files())
    on_disk = tree(DATA, "data/") | tree(TEMPLATES, "reports/templates/")
    assert on_disk - listed == set(), "add these to presence_audit/doctor.py"
    assert listed - on_disk == set(), "the doctor lists files the package does not have"


def test_doctor_on_a_complete_install_exits_0(tmp_path):
    result = run("doctor", "--db", tmp_path / "h.sqlite3")
    assert result.exit_code == 0, result.stdout
    assert "ready: all" in result.stdout
    for group in ("cue lists", "docket formats", "lexicons", "models", "templates",
                  "report labels", "history store"):
        assert group in result.stdout
    with open_store(tmp_path / "h.sqlite3") as store:  # created, at the current schema
        assert store.version() == SCHEMA_VERSION


def test_doctor_names_a_missing_file_and_exits_2(tmp_path, monkeypatch):
    real = doctor.package_file

    def without_campaign(rel: str) -> Path:
        return tmp_path / "gone" if rel == "data/signals/campaign.toml" else real(rel)

    monkeypatch.setattr(doctor, "package_file", without_campaign)
    result = run("doctor", "--db", tmp_path / "h.sqlite3")
    assert result.exit_code == 2
    assert "data/signals/campaign.toml" in result.stdout and "NOT READY" in result.stdout


def test_doctor_reports_a_file_that_does_not_load(tmp_path, monkeypatch):
    files = doctor.data_files()

    def broken():
        raise ValueError("bad TOML at line 3")

    files["data/dockets.toml"] = ("docket formats", broken)
    monkeypatch.setattr(doctor, "data_files", lambda: files)
    checks = doctor.run_checks(tmp_path / "h.sqlite3")
    bad = [c for c in checks if not c.ok]
    assert [(c.name, c.detail) for c in bad] == [
        ("data/dockets.toml", "ValueError: bad TOML at line 3")]
    assert doctor.verdict(checks).startswith("NOT READY: 1 of")


def test_doctor_flags_a_history_store_it_cannot_use(tmp_path):
    store = tmp_path / "h.sqlite3"
    store.write_bytes(b"this is not sqlite" * 100)
    check = doctor.store_check(store)
    assert not check.ok and "not a usable history store" in check.detail
    result = run("doctor", "--db", store)
    assert result.exit_code == 2


def test_version_comes_from_the_installed_metadata():
    result = run("--version")
    assert result.exit_code == 0
    assert result.stdout.strip() == f"presence-audit {version('presence-audit')}"
