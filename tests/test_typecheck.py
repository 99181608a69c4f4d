"""The types tell the truth: mypy, configured in pyproject.toml, finds no error in the core,
the importers and the writers, so a type error fails the suite (and .ci/run)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

pytest.importorskip("mypy", reason="mypy is not installed (pip install -e '.[test]')")


def mypy(*args: str) -> subprocess.CompletedProcess[str]:
    """``python -m mypy`` from the checkout, with its [tool.mypy] settings."""
    env = {**os.environ, "MYPYPATH": str(ROOT / "src")}  # for a file outside the checkout
    return subprocess.run([sys.executable, "-m", "mypy", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=600, check=False)


def test_mypy_finds_no_error_in_the_configured_folders():
    done = mypy()
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Success: no issues found" in done.stdout
    checked = int(done.stdout.rsplit(" in ", 1)[1].split()[0])
    assert checked >= 60  # src/presence_audit, importers/ and reports/ (49 + 15 today)


def test_the_configuration_reports_a_wrong_type(tmp_path):
    # the settings check what they name: a RuleContext detector returning the wrong type fails
    bad = tmp_path / "bad_rule.py"
    bad.write_text("from presence_audit.rules import RuleContext\n\n\n"
                   "def detect(ctx: RuleContext) -> int:\n"
                   "    return ctx.profile.subject.name\n", encoding="utf-8")
    done = mypy("--config-file", str(ROOT / "pyproject.toml"), "--cache-dir",
                str(tmp_path / "cache"), str(bad))
    assert done.returncode == 1, done.stdout + done.stderr
    assert 'Incompatible return value type (got "str", expected "int")' in done.stdout
