"""The wheel ships every runtime file: data, templates, the findings schema and every module.

The other tests import the editable checkout, where every file is on disk whatever
pyproject.toml says; only a built wheel shows what ``pip install .`` or ``pipx install .``
really installs (a missing data file once silenced 16 of the 23 rules). The wheel is built
offline from a clean copy of the tree with scripts/check_wheel_install.py's helpers.
"""

from __future__ import annotations

import importlib.util
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
# Source folder -> the folder it installs as, inside the wheel.
PACKAGE_DIRS = {
    ROOT / "src" / "presence_audit": "presence_audit",
    ROOT / "importers": "presence_audit/importers",
    ROOT / "reports": "presence_audit/reports",
}


def _wheel_tools():
    spec = importlib.util.spec_from_file_location(
        "check_wheel_install", ROOT / "scripts" / "check_wheel_install.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclass looks its module up while defined
    spec.loader.exec_module(module)
    return module


TOOLS = _wheel_tools()


def wheel_names(tree: Path, dist: Path) -> set[str]:
    if importlib.util.find_spec("setuptools.command.bdist_wheel") is None:
        pytest.fail("building the wheel offline needs setuptools>=70.1: pip install -e '.[test]'")
    with zipfile.ZipFile(TOOLS.build_wheel(tree, dist, isolated=False)) as wheel:
        return set(wheel.namelist())


def installed_name(path: Path) -> str:
    """Where a source file lands in the wheel."""
    for folder, target in PACKAGE_DIRS.items():
        if path.is_relative_to(folder):
            return f"{target}/{path.relative_to(folder).as_posix()}"
    raise AssertionError(f"{path} is outside the packages")


def runtime_files() -> list[Path]:
    """Everything the installed tool reads: data, templates, the schema, the modules."""
    package = ROOT / "src" / "presence_audit"
    files = [p for p in (package / "data").rglob("*") if p.is_file()]
    files += [p for p in (ROOT / "reports" / "templates").rglob("*") if p.is_file()]
    files.append(ROOT / "reports" / "findings.schema.json")
    for folder in PACKAGE_DIRS:
        files += folder.glob("*.py")
    files += (package / "rules").glob("*.py")
    return [p for p in files if "__pycache__" not in p.parts]


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    work = tmp_path_factory.mktemp("wheel")
    return wheel_names(TOOLS.clean_copy(ROOT, work / "tree"), work / "dist")


def test_wheel_holds_every_data_template_and_module_file(built):
    expected = {installed_name(p) for p in runtime_files()}
    assert len(expected) > 100  # the globs above found the tree
    missing = sorted(expected - built)
    assert not missing, f"not in the wheel (fix package-data in pyproject.toml): {missing}"


def test_a_file_in_a_new_data_subfolder_ships_without_editing_pyproject(tmp_path):
    tree = TOOLS.clean_copy(ROOT, tmp_path / "tree")
    for new in (tree / "src/presence_audit/data/newfolder/deeper/extra.toml",
                tree / "reports/templates/newpartials/extra.html.j2"):
        new.parent.mkdir(parents=True)
        new.write_text("# a runtime file added later\n", encoding="utf-8")
    names = wheel_names(tree, tmp_path / "dist")
    assert "presence_audit/data/newfolder/deeper/extra.toml" in names
    assert "presence_audit/reports/templates/newpartials/extra.html.j2" in names


def test_clean_copy_leaves_out_build_leftovers(tmp_path):
    copied = {p.relative_to(tmp_path).parts[0] for p in TOOLS.clean_copy(ROOT, tmp_path).rglob("*")}
    assert {"src", "reports", "importers", "pyproject.toml"} <= copied
    assert not copied & {".venv", "build", "dist", ".git"}
    assert not [name for name in copied if name.endswith(".egg-info")]
