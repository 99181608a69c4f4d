"""Shared checks of a platform's shipped sample archive: its builder and what it plants."""

from __future__ import annotations

import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "sample_archives"


def builder(name: str):
    """sample_archives/build_<name>_sample.py as a module."""
    spec = importlib.util.spec_from_file_location(f"build_{name}_sample",
                                                  SAMPLES / f"build_{name}_sample.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def rebuilds_byte_for_byte(name: str, tmp_path: Path) -> bool:
    out = builder(name).build(tmp_path / f"{name}.zip")
    return Path(out).read_bytes() == (SAMPLES / f"{name}-sample.zip").read_bytes()


def sample_findings(name: str, tmp_path: Path, monkeypatch):
    """The findings of scanning ``<name>-sample.zip`` alone with the sample profile, and
    whether any of them is about one of the builder's hard negatives."""
    from presence_audit.scan import scan

    monkeypatch.setenv("PRESENCE_AUDIT_DB", str(tmp_path / "history.db"))
    findings = scan([str(SAMPLES / f"{name}-sample.zip")],
                    str(SAMPLES / "profile.toml")).findings
    text = findings["text"].astype("string").fillna("")
    hit = any(text.str.contains(n, regex=False).any() for n in builder(name).HARD_NEGATIVES)
    return findings, hit
