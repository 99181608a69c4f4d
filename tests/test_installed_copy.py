"""The installed copy, not the checkout: what a user gets from ``pip install .``.

Every other test runs against the editable install, which reads data files straight from the
source tree, so a file the package fails to ship goes unseen there. These tests install the
project non-editable into a fresh virtual environment (dependencies from the system site, no
network; the test environment lends only ``wheel`` to the build), check it with ``doctor``,
then delete one packaged data file and expect the audit to fail loudly: exit 2, one stderr
line naming the file and the fix, no traceback.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from importlib import metadata
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "sample_archives" / "x-sample.zip"
PROFILE = ROOT / "sample_archives" / "profile.toml"
PROJECT_FILES = ("pyproject.toml", "README.md", "src", "importers", "reports")
MISSING = "data/signals/campaign.toml"


def _run(args: list, cwd: Path, env: dict, timeout: int = 600) -> subprocess.CompletedProcess:
    return subprocess.run([str(a) for a in args], cwd=cwd, env=env, capture_output=True,
                          text=True, timeout=timeout, check=False)


def _build_tools(base: Path) -> dict:
    """PYTHONPATH for the build only: the ``wheel`` package of the test environment (a
    setuptools older than 70.1 needs it to build a wheel), without the rest of that
    environment, whose editable install must stay out of the installed copy's way."""
    try:
        dist = metadata.distribution("wheel")
    except metadata.PackageNotFoundError:
        return {}  # setuptools >= 70.1 builds wheels by itself
    folder = base / "buildtools"
    folder.mkdir()
    info = next(f for f in dist.files or () if f.name == "METADATA").locate().parent
    package = Path(str(dist.locate_file("wheel")))
    for path in (info, package):
        (folder / path.name).symlink_to(path)
    return {"PYTHONPATH": str(folder)}


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> dict:
    """A non-editable install in its own venv: its python, CLI, package folder and env."""
    base = tmp_path_factory.mktemp("installed")
    source = base / "source"  # a copy, so the build leaves nothing in the checkout
    source.mkdir()
    ignore = shutil.ignore_patterns("__pycache__", "*.egg-info", "build")
    for name in PROJECT_FILES:
        src = ROOT / name
        if src.is_dir():
            shutil.copytree(src, source / name, ignore=ignore)
        else:
            shutil.copy2(src, source / name)
    env = {k: v for k, v in os.environ.items()
           if k not in ("PYTHONPATH", "PRESENCE_AUDIT_DEBUG", "VIRTUAL_ENV")}
    env.update(PRESENCE_AUDIT_DB=str(base / "history.sqlite3"), PIP_NO_INDEX="1",
               PIP_DISABLE_PIP_VERSION_CHECK="1")
    venv = base / "venv"
    made = _run([sys.executable, "-m", "venv", "--system-site-packages", "--without-pip",
                 venv], base, env)
    assert made.returncode == 0, made.stderr
    pip = _run([venv / "bin" / "python", "-m", "pip", "install", "--no-deps",
                "--no-build-isolation", source], base, {**env, **_build_tools(base)})
    assert pip.returncode == 0, pip.stdout + pip.stderr
    where = _run([venv / "bin" / "python", "-c",
                  "import pathlib, presence_audit; "
                  "print(pathlib.Path(presence_audit.__file__).parent)"], base, env)
    assert where.returncode == 0, where.stderr
    package = Path(where.stdout.strip())
    assert venv in package.parents, package  # the installed copy, not the checkout
    return {"cli": venv / "bin" / "presence-audit", "package": package, "env": env,
            "cwd": base}


def test_the_installed_copy_is_complete(installed):
    doctor = _run([installed["cli"], "doctor"], installed["cwd"], installed["env"])
    assert doctor.returncode == 0, doctor.stdout + doctor.stderr
    assert "ready: all" in doctor.stdout
    version = _run([installed["cli"], "--version"], installed["cwd"], installed["env"])
    assert version.returncode == 0 and version.stdout.startswith("presence-audit ")


def test_a_missing_packaged_file_fails_the_audit_in_one_clear_line(installed, tmp_path):
    target = installed["package"] / MISSING
    kept = tmp_path / "kept.toml"
    shutil.move(target, kept)
    try:
        scan = _run([installed["cli"], "scan", SAMPLE, "--profile", PROFILE,
                     "--out", tmp_path / "audit", "--no-history"],
                    installed["cwd"], installed["env"])
        doctor = _run([installed["cli"], "doctor"], installed["cwd"], installed["env"])
    finally:
        shutil.move(kept, target)
    assert scan.returncode == 2, scan.stdout + scan.stderr
    lines = [line for line in scan.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, scan.stderr
    assert MISSING in lines[0] and "reinstall presence-audit" in lines[0]
    assert "Traceback" not in scan.stderr + scan.stdout
    assert "INCOMPLETE AUDIT" in scan.stdout
    assert doctor.returncode == 2 and MISSING in doctor.stdout
