"""Shared helpers for the shape tests of the prosecutor set's untouched batches (v2, v3)."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType

SET = Path(__file__).resolve().parent.parent / "evaluation" / "prosecutor"
LANGS = ("en", "it", "es", "fr", "de")


def validate_module(name: str) -> ModuleType:
    """evaluation/prosecutor/validate.py loaded as a module (it is a script, not a package)."""
    spec = importlib.util.spec_from_file_location(name, SET / "validate.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def read_items(path: Path) -> list[dict]:
    """The items of one JSONL file, in file order."""
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def norm(text: str) -> str:
    """A text compared across files: case and runs of whitespace do not make it new."""
    return " ".join(text.lower().split())
