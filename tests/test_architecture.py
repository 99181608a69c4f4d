"""The rooms of the README's Architecture section hold: imports flow one way.

importers/ → core → reports/, with the application layer (app.py) above them and the CLI on
top. Only the app layer, the CLI and the installation check (doctor.py) name writers; the
writers never reach up into the pipeline.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORE = ROOT / "src" / "presence_audit"
NAMES_WRITERS = {"app.py", "cli.py", "doctor.py"}
ABOVE_CORE = ("presence_audit.app", "presence_audit.cli", "presence_audit.batch",
              "presence_audit.scheduled", "presence_audit.baseline")


def imported(path: Path) -> set[str]:
    """Every module ``path`` imports (``from a import b`` counts as ``a`` and ``a.b``)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return found


def core_modules() -> list[Path]:
    return sorted(p for p in CORE.rglob("*.py") if "data" not in p.relative_to(CORE).parts)


def test_only_the_app_layer_and_the_cli_name_writers():
    offenders = [str(p.relative_to(ROOT)) for p in core_modules()
                 if p.name not in NAMES_WRITERS or p.parent != CORE
                 if any(m.startswith("presence_audit.reports") for m in imported(p))]
    assert offenders == []


def test_batch_and_scheduled_render_nothing_themselves():
    for name in ("batch.py", "scheduled.py"):
        mods = imported(CORE / name)
        assert not any(m.startswith(("jinja2", "markupsafe", "presence_audit.reports"))
                       for m in mods), name


def test_writers_and_importers_never_reach_above_the_core():
    for folder in (ROOT / "reports", ROOT / "importers"):
        for path in sorted(folder.glob("*.py")):
            assert not any(m.startswith(ABOVE_CORE) for m in imported(path)), path.name


def test_the_import_finder_sees_from_imports():
    probe = ROOT / "reports" / "batch_summary.py"
    assert "presence_audit.reports.html" in imported(probe)


def test_nothing_below_the_cli_imports_the_app_layer():
    users = [p.name for p in core_modules() if p.name not in ("app.py", "cli.py")
             if any(m == "presence_audit.app" or m.startswith("presence_audit.app.")
                    for m in imported(p))]
    assert users == []
