"""Importers: one module per platform export, found by the registry, never named by the core.

An importer declares which roots of an archive hold its platform's export (``detect``, by
marker members, never by a fixed depth) and turns every part of that export into an Activity
frame plus coverage entries (``read``). Several parts of one export (split zips, this quarter's
and last quarter's archives) are handed to one ``read`` call together, so account facts found
in one part serve the others; rows are de-duplicated on (platform, record_id) afterwards.

Every platform module builds on ``_toolkit``: its ``Rows`` accumulator, ``MemberError``,
``is_media`` and a ``RouteTable`` (member path pattern → reader) — none defines its own
(``tests/test_importer_toolkit.py`` checks). Meta's shared JSON habits live in ``_meta``.

A new platform is one module here (``detect``, ``read``, ``@register``, its route table),
plus its tests (``tests/test_importer_<name>.py``) and a sample archive
(``sample_archives/build_<name>_sample.py``, pinned in ``tests/data/sample_pins.json``).
The core never names it: the registry finds it.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Protocol

import pandas as pd

from presence_audit.archive import Archive
from presence_audit.coverage import CoverageEntry


@dataclass(frozen=True)
class ExportPart:
    """One platform export found in one archive, at ``root`` ('' or a prefix ending in '/')."""

    archive: Archive
    root: str

    def members(self) -> list[str]:
        """Member paths relative to the root, in archive order."""
        n = len(self.root)
        return [m[n:] for m in self.archive.names if m.startswith(self.root)]

    def read_bytes(self, rel: str) -> bytes:
        return self.archive.read_bytes(self.root + rel)

    def source(self, rel: str, index: int | None = None) -> str:
        """Provenance string for the ``source`` column: archive, member and record index."""
        where = f"{self.archive.label}:{self.root}{rel}"
        return where if index is None else f"{where}#{index}"


@dataclass
class ImportContext:
    """What an importer may know beyond the archive: the subject's own handles per platform,
    and their time zone (IANA name), in which exports that write local times are read."""

    own_handles: dict[str, str] = field(default_factory=dict)
    timezone: str | None = None
    progress: Callable[[str], None] = lambda message: None


@dataclass
class ImportResult:
    frame: pd.DataFrame
    coverage: list[CoverageEntry]
    # account id -> handle pairs the export itself reveals (X mentions, DM participants, …),
    # keyed by platform; the core uses them to name counterparts known only by id.
    id_handles: dict[str, dict[str, str]] = field(default_factory=dict)


class Importer(Protocol):
    name: str  # e.g. "x"; the platforms it emits are in its module docstring

    def detect(self, names: list[str]) -> list[str]:
        """Roots in an archive's member list that hold this importer's export."""

    def read(self, parts: list[ExportPart], ctx: ImportContext) -> ImportResult:
        """Read every part; never raise for a bad member or record: record it in coverage."""


_REGISTRY: dict[str, Importer] = {}
LOAD_ERRORS: dict[str, str] = {}  # module -> one-line reason it could not be imported


def register(importer: Importer) -> Importer:
    """Class or instance decorator: add an importer to the registry."""
    instance = importer() if isinstance(importer, type) else importer
    _REGISTRY[instance.name] = instance
    return importer


def platform_of(name: str) -> str:
    """The platform an importer's records belong to (two formats of one export share one)."""
    return str(getattr(_REGISTRY.get(name), "platform", name))


def all_importers() -> list[Importer]:
    """Every importer module in this package, imported once.

    A module that fails to import (a broken plugin) is recorded in ``LOAD_ERRORS`` instead of
    ending every scan: the other platforms are still audited and coverage names the failure.
    """
    for info in pkgutil.iter_modules(__path__):
        if info.name.startswith("_") or info.name in LOAD_ERRORS:
            continue
        try:
            importlib.import_module(f"{__name__}.{info.name}")
        except Exception as exc:  # a plugin bug must not hide the other platforms
            from presence_audit.failures import cause, debug

            if debug():
                raise
            LOAD_ERRORS[info.name] = cause(exc)
    return [_REGISTRY[k] for k in sorted(_REGISTRY)]
