"""Check that an installed wheel audits exactly like the development (editable) install.

Tests only ever import the editable checkout, where every data file is on disk whatever the
packaging says; a user who runs ``pip install .`` or ``pipx install .`` gets only what the
wheel holds. This script builds the wheel from a clean copy of the tree, installs it (not
editable, with its dependencies) into a fresh virtual environment, runs the sample scans there
and with the current environment's ``presence-audit``, and compares the (fingerprint, rule,
severity) sets and exit statuses. One verdict line per scan; exit 1 on any difference.

Usage (from the repository, in the development environment): python scripts/check_wheel_install.py
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "sample_archives"
ARCHIVES = ("x-sample.zip", "facebook-sample.zip", "instagram-sample.zip")
NOT_SOURCES = {".git", ".venv", "build", "dist", "__pycache__", ".pytest_cache", ".ruff_cache",
               ".mypy_cache", ".hypothesis"}


@dataclass(frozen=True)
class ScanResult:
    """What a scan must reproduce after installation: its exit status and its findings."""

    code: int
    findings: frozenset[tuple[str, str, str]]  # (fingerprint, rule, severity)
    stderr: str


def source_files(root: Path) -> list[Path]:
    """The tree's files as a fresh clone would have them (tracked plus new, not ignored)."""
    try:
        listed = subprocess.run(
            ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
            cwd=root, check=True, capture_output=True).stdout.decode().split("\0")
    except (OSError, subprocess.CalledProcessError):  # not a git checkout: walk the tree
        return sorted(p.relative_to(root) for p in root.rglob("*") if p.is_file()
                      and not NOT_SOURCES & set(p.relative_to(root).parts)
                      and not any(part.endswith(".egg-info") for part in p.parts))
    return sorted(Path(name) for name in set(listed) if name and (root / name).is_file())


def clean_copy(root: Path, dest: Path) -> Path:
    """Copy the source files to ``dest``, so no stale build/ or egg-info leaks into a wheel."""
    for rel in source_files(root):
        target = dest / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(root / rel, target)
    return dest


def build_wheel(tree: Path, out_dir: Path, *, isolated: bool = True) -> Path:
    """Build the project's wheel with pip, as ``pip install .`` would; return its path."""
    command = [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(out_dir),
               str(tree)]
    if not isolated:  # offline: use this environment's setuptools
        command.insert(4, "--no-build-isolation")
    subprocess.run(command, check=True)
    wheels = sorted(out_dir.glob("presence_audit-*.whl"))
    if len(wheels) != 1:
        raise RuntimeError(f"expected one presence_audit wheel in {out_dir}, found {wheels}")
    return wheels[0]


def install_in_fresh_venv(wheel: Path, venv: Path) -> Path:
    """A new virtual environment holding the wheel and its dependencies; its presence-audit."""
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    subprocess.run([str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet",
                    "--disable-pip-version-check", str(wheel)], check=True)
    return venv / "bin" / "presence-audit"


def run_scan(program: Path, archives: list[str], out: Path) -> ScanResult:
    """Scan the named sample archives with the sample profile; read back findings.json."""
    command = [str(program), "scan", *(str(SAMPLES / a) for a in archives),
               "--profile", str(SAMPLES / "profile.toml"), "--out", str(out),
               "--no-history", "--quiet"]
    out.parent.mkdir(parents=True, exist_ok=True)  # run outside the source tree
    done = subprocess.run(command, capture_output=True, text=True, cwd=out.parent)
    findings_json = out / "findings.json"
    findings: frozenset[tuple[str, str, str]] = frozenset()
    if findings_json.is_file():
        doc = json.loads(findings_json.read_text(encoding="utf-8"))
        findings = frozenset((f["fingerprint"], f["rule"], f["severity"])
                             for f in doc.get("findings", []))
    return ScanResult(done.returncode, findings, done.stderr.strip())


def verdict(label: str, installed: ScanResult, editable: ScanResult) -> str:
    """One line: the scan's label, same or DIFFERENT, and what differs."""
    if installed == editable:
        return (f"same       {label}: {len(editable.findings)} findings, "
                f"exit {editable.code}")
    missing = sorted(editable.findings - installed.findings, key=lambda f: (f[1], f[0]))
    extra = sorted(installed.findings - editable.findings, key=lambda f: (f[1], f[0]))
    parts = [f"exit {installed.code} installed vs {editable.code} editable",
             f"{len(installed.findings)} vs {len(editable.findings)} findings"]
    if missing:
        parts.append("missing rules " + ", ".join(sorted({f[1] for f in missing})))
    if extra:
        parts.append("extra rules " + ", ".join(sorted({f[1] for f in extra})))
    if installed.stderr != editable.stderr:
        parts.append("installed stderr: " + (" ".join(installed.stderr.split())[:300] or "-"))
    return f"DIFFERENT  {label}: " + "; ".join(parts)


def scans() -> list[list[str]]:
    """Each sample alone, then the three together (as the README's scan example)."""
    return [[a] for a in ARCHIVES] + [list(ARCHIVES)]


def editable_program() -> Path:
    """The current environment's presence-audit (the editable development install)."""
    program = Path(sys.executable).parent / "presence-audit"
    if not program.is_file():
        raise SystemExit(f"{program}: not found; run this script with the development "
                         "environment's python (pip install -e '.[test]')")
    return program


def main() -> int:
    editable = editable_program()
    with tempfile.TemporaryDirectory(prefix="wheel-check-") as tmp:
        work = Path(tmp)
        wheel = build_wheel(clean_copy(ROOT, work / "tree"), work / "dist")
        installed = install_in_fresh_venv(wheel, work / "venv")
        failures = 0
        for n, archives in enumerate(scans()):
            results = [run_scan(program, archives, work / f"{kind}-{n}" / "audit")
                       for kind, program in (("installed", installed), ("editable", editable))]
            line = verdict(" + ".join(archives), *results)
            failures += line.startswith("DIFFERENT")
            print(line, flush=True)
    print(f"wheel check: {'FAILED' if failures else 'passed'} "
          f"({failures} of {len(scans())} scans differ)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
