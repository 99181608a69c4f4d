"""Read a CSV-export test archive (LinkedIn, Reddit) the way a scan does: detect, read, check."""

from __future__ import annotations

from pathlib import Path

from metaarchive import write_zip

from presence_audit import schema
from presence_audit.archive import open_archives
from presence_audit.importers import ExportPart, ImportContext


def read_export(importer, path: Path, members: dict[str, object], own: str | None = None):
    """Write ``members`` to the zip ``path``, read every root ``importer`` detects in it
    (``own``: the subject's handle on its platform) and validate the Activity frame."""
    archive = open_archives([write_zip(path, members)])[0]
    roots = importer.detect(archive.names)
    ctx = ImportContext(own_handles={importer.name: own} if own else {})
    result = importer.read([ExportPart(archive, r) for r in roots], ctx)
    schema.validate(result.frame)
    return result


def entry(result, name: str):
    """The coverage entry of the member whose path ends with ``name``."""
    return next(e for e in result.coverage if e.member.endswith(name))
