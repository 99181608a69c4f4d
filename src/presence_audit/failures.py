"""What failed in an audit, and how it is said: one record type and one line per failure.

An audit in which a rule family, an importer's detector or a writer failed is incomplete:
its silence about what those parts check means nothing. Each failure is kept as a
``Failure`` (what failed and the real cause in one line) on the ``ScanResult``; the CLI
prints one stderr line per cause, findings.json and SARIF carry them, the report shows a
banner, and the exit status is 2 unless the user passes ``--allow-incomplete``. A failure is
never a rule that does not apply (role, no jurors listed): those are ``rules_not_run``.

``PRESENCE_AUDIT_DEBUG=1`` re-raises instead, so a bug report carries the traceback.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

DEBUG_ENV = "PRESENCE_AUDIT_DEBUG"
KINDS = ("rule", "detector", "importer", "writer")
PACKAGE_ROOT = Path(__file__).resolve().parent  # presence_audit/ (data/, reports/, importers/)
KIND_WORDS = {"rule": ("rule", "rules"), "detector": ("importer detector", "importer detectors"),
              "importer": ("importer", "importers"), "writer": ("writer", "writers")}


@dataclass(frozen=True)
class Failure:
    """One part of the audit that did not run: ``kind`` (KINDS), what it is, and why."""

    kind: str
    names: tuple[str, ...]  # rule ids of the family, the importer's or the writer's name
    cause: str  # one line: the real cause ("packaged file … is missing: reinstall …")

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"unknown failure kind {self.kind!r}")

    def to_dict(self) -> dict:
        return {"kind": self.kind, "names": list(self.names), "cause": self.cause}


def debug() -> bool:
    """True when the user asked for tracebacks (bug reports) instead of failure records."""
    return os.environ.get(DEBUG_ENV) == "1"


def one_line(exc: BaseException) -> str:
    """An exception as one line: its type and the first line of its message."""
    text = str(exc).strip().splitlines()
    message = text[0] if text else ""
    return f"{type(exc).__name__}: {message}" if message else type(exc).__name__


def missing_package_file(exc: BaseException) -> str | None:
    """The package-relative path (``data/signals/campaign.toml``) when ``exc`` (or what
    caused it) is a file of the installed package that is not there; else None."""
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        template = _missing_template(current)
        if template:
            return template
        name = getattr(current, "filename", None)
        if isinstance(current, FileNotFoundError) and name:
            try:
                rel = Path(name).resolve().relative_to(PACKAGE_ROOT)
            except (ValueError, OSError):
                rel = None
            if rel is not None:
                return str(PurePosixPath(*rel.parts))
        current = current.__cause__ or current.__context__
    return None


def _missing_template(exc: BaseException) -> str | None:
    """A report template Jinja could not find because the install lacks it."""
    from jinja2 import TemplateNotFound

    if not isinstance(exc, TemplateNotFound) or not isinstance(exc.name, str):
        return None
    folder = PACKAGE_ROOT / "reports" / "templates"
    if not folder.is_dir() or (folder / exc.name).is_file():
        return None  # a checkout (templates elsewhere) or an office's own template name
    return f"reports/templates/{exc.name}"


def cause(exc: BaseException) -> str:
    """The real cause of a failure, in one line a user can act on."""
    from presence_audit.errors import AuditInputError

    missing = missing_package_file(exc)
    if missing:
        return f"packaged file {missing} is missing: reinstall presence-audit"
    if isinstance(exc, AuditInputError):  # already a sentence meant for the user
        return " ".join(str(exc).split())
    return one_line(exc)


def capture(kind: str, names, exc: BaseException) -> Failure:
    """The failure record for ``exc``; call inside ``except`` (re-raises in debug mode)."""
    if debug():
        raise exc
    return Failure(kind=kind, names=tuple(names), cause=cause(exc))


def grouped(failures: list[Failure]) -> list[tuple[str, list[str], str]]:
    """(kind, names, cause) per distinct (kind, cause), in first-seen order: three families
    failing on one missing file are one problem, said once."""
    groups: dict[tuple[str, str], list[str]] = {}
    for failure in failures:
        names = groups.setdefault((failure.kind, failure.cause), [])
        names.extend(n for n in failure.names if n not in names)
    return [(kind, names, why) for (kind, why), names in groups.items()]


def lines(failures: list[Failure]) -> list[str]:
    """One line per distinct cause, naming what did not run and why."""
    out = []
    for kind, names, why in grouped(failures):
        one, many = KIND_WORDS[kind]
        word = one if len(names) == 1 else many
        out.append(f"{word} {', '.join(names)} did not run: {why}")
    return out


def record_failures(failures: list[Failure]) -> list[dict]:
    """The findings.json ``failures`` list."""
    return [f.to_dict() for f in failures]
