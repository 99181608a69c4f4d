"""Writers of the audit folder: one module per output, found by the registry, never by name.

A writer is ``fn(out_dir, result, options) -> Path``: it reads a ``ScanResult`` and writes
one file through ``presence_audit.outputs`` (owner-only, atomic). Adding an output format is
one new module in this package that decorates its function with ``@writer("name", filename=...)``.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from presence_audit.failures import capture, debug
from presence_audit.outputs import prepare_out_dir

if TYPE_CHECKING:
    from presence_audit.scan import ScanResult


@dataclass
class ReportOptions:
    """Choices that shape every writer's output."""

    redact: bool = False  # mask item text in the machine outputs (findings.json / .csv)
    fail_on: str = "high"
    # report.html holds every finding in its interactive list; this caps the groups of the
    # server-rendered print list (the rest are named in a note and are in findings.json).
    html_max_findings: int = 2000
    html_max_coverage: int = 2000  # coverage rows rendered in report.html
    lang: str | None = None  # report language (en, it, or one the template folder adds)
    template_dir: Path | None = None  # an office's templates/labels, over the defaults


Writer = Callable[[Path, "ScanResult", ReportOptions], Path]
_WRITERS: dict[str, tuple[int, Writer]] = {}
_FILES: dict[str, str] = {}  # writer name -> the file it writes in the audit folder


def writer(name: str, order: int = 50, filename: str | None = None
           ) -> Callable[[Writer], Writer]:
    """Register a writer; lower ``order`` runs first (findings.json marks the folder).
    ``filename``: the file it writes, removed when the writer fails in a reused folder, so
    an earlier audit's file never passes for this one."""
    def wrap(fn: Writer) -> Writer:
        _WRITERS[name] = (order, fn)
        if filename:
            _FILES[name] = filename
        return fn
    return wrap


def all_writers() -> dict[str, Writer]:
    """Every writer module in this package, imported once, in writing order."""
    for info in pkgutil.iter_modules(__path__):
        if not info.name.startswith("_"):
            importlib.import_module(f"{__name__}.{info.name}")
    return {name: fn for name, (_, fn) in sorted(_WRITERS.items(), key=lambda kv: kv[1][0])}


def write_all(out_dir: str | Path, result: ScanResult, options: ReportOptions | None = None
              ) -> dict[str, Path]:
    """Write every registered output into ``out_dir``; return name -> path written.

    A writer that fails is added to ``result.failures`` and the others still write; those
    written before it are written again, so every file says the audit is incomplete.
    """
    out = prepare_out_dir(out_dir)
    options = options or ReportOptions()
    writers = all_writers()
    written = _write(writers, out, result, options)
    if len(written) < len(writers):
        written = _write({n: writers[n] for n in written}, out, result, options)
    return written


def _write(writers: dict[str, Writer], out: Path, result: ScanResult, options: ReportOptions
           ) -> dict[str, Path]:
    """Run ``writers``; a failing one becomes a failure record on ``result``."""
    written: dict[str, Path] = {}
    for name, fn in writers.items():
        try:
            written[name] = fn(out, result, options)
        except Exception as exc:  # one broken output must not cost the other files
            if debug():
                raise
            failures = getattr(result, "failures", None)
            if failures is None:
                raise
            failures.append(capture("writer", [name], exc))
            if name in _FILES:
                (out / _FILES[name]).unlink(missing_ok=True)
    return written
