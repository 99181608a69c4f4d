"""The scan pipeline: archives -> importers -> Activity frame -> counterparts -> rules.

The core never names an importer: it asks the registry which importers recognize each
archive, hands every importer all of its parts at once, and accounts for every member no
importer claimed, so the audit can say what it did not check (DESIGN.md "Say what was not
checked"). One importer failing becomes a coverage entry, never the end of the run; bad
input the user gave (profile, paths, archives over the limits) ends it with one line.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd

from presence_audit import engine, matching, schema
from presence_audit.archive import Archive, Limits, is_debris, open_archives
from presence_audit.coverage import NOT_RUN_MARK, CoverageEntry
from presence_audit.errors import ArchiveError, AuditInputError
from presence_audit.failures import Failure, capture, missing_package_file
from presence_audit.failures import one_line as one_line
from presence_audit.importers import (
    LOAD_ERRORS,
    ExportPart,
    ImportContext,
    all_importers,
    platform_of,
)
from presence_audit.importers._toolkit import is_media
from presence_audit.profile import Profile, load_profile
from presence_audit.rules.toolkit.scores import OFF as CLASSIFIERS_OFF
from presence_audit.rules.toolkit.scores import not_run_counts, unrouted_counts

Progress = Callable[[str], None]

NESTED_SUFFIXES = (".zip", ".tar", ".tgz", ".tar.gz", ".tar.bz2", ".tar.xz", ".gz", ".7z",
                   ".rar", ".car")
LISTED_UNRECOGNIZED = 8  # member names quoted in the zero-records error


@dataclass
class ArchiveInfo:
    """One archive the user named, for the report header and findings.json."""

    label: str
    path: str
    kind: str  # zip, tar or folder
    platforms: list[str] = field(default_factory=list)
    sha256: str | None = None  # of the archive file; None for folders


@dataclass
class Imported:
    """What the importers made of the archives, before any profile is involved."""

    activity: pd.DataFrame
    coverage: list[CoverageEntry]
    id_handles: dict[str, dict[str, str]]
    detected: list[tuple[str, str, str]]  # (archive label, importer name, root)
    failures: list[Failure] = field(default_factory=list)  # detectors and importers that broke


@dataclass
class ScanResult:
    profile: Profile
    archives: list[ArchiveInfo]
    activity: pd.DataFrame
    findings: pd.DataFrame
    coverage: list[CoverageEntry]
    period: tuple[pd.Timestamp | None, pd.Timestamp | None]
    id_handles: dict[str, dict[str, str]]
    generated_at: datetime
    catalog: dict = field(default_factory=dict)  # rule id -> RuleSpec
    # (rule id, why) for rules that do not apply here (role, no jurors, kinds): not failures
    rules_not_run: list[tuple[str, str]] = field(default_factory=list)
    # what broke (rule families, detectors, writers): any makes the audit incomplete
    failures: list[Failure] = field(default_factory=list)
    # the engine's entity match table (matching.MATCH_COLUMNS; rows index ``activity``),
    # reused by the report's per-case and relationship views
    matches: pd.DataFrame | None = None


def _quiet(message: str) -> None:
    """Default progress sink."""


def scan(paths: Iterable[str], profile_path: str, *, limits: Limits | None = None,
         progress: Progress | None = None, hash_archives: bool = True,
         classifiers: bool = True) -> ScanResult:
    """Audit ``paths`` against the profile at ``profile_path``; bad input raises AuditInputError.

    ``classifiers=False`` (``--no-classifiers``) scores no text with the political and
    demeanor models; rules, cue lists and lexicons still run, and the coverage says so.
    """
    progress = progress or _quiet
    paths = list(paths)
    profile = load_profile(profile_path)
    progress("opening archives")
    archives = open_archives(paths, limits or Limits())
    try:
        infos = [_archive_info(a, hash_archives) for a in archives]
        imported = import_archives(archives, own_handles=dict(profile.subject.handles),
                                   progress=progress, timezone=profile.subject.timezone)
    finally:
        for archive in archives:
            archive.close()
    # account facts alone (the `profile` rows) are not an audit of anything the person did
    if (imported.activity["kind"] == "profile").all():
        raise AuditInputError(zero_records_message(archives, imported))
    return evaluate(profile, infos, imported, progress, classifiers=classifiers)


def evaluate(profile: Profile, infos: list[ArchiveInfo], imported: Imported,
          progress: Progress | None = None, *, classifiers: bool = True) -> ScanResult:
    """Name counterparts and run the rules over imported records: the profile-dependent half."""
    progress = progress or _quiet
    platforms: dict[str, set[str]] = {}
    for label, name, _root in imported.detected:
        platforms.setdefault(label, set()).add(platform_of(name))
    for info in infos:
        info.platforms = sorted(platforms.get(info.label, ()))
    progress("resolving counterparts")
    activity = matching.resolve_counterparts(imported.activity.reset_index(drop=True),
                                             imported.id_handles, profile)
    progress(f"running rules over {len(activity):,} records")
    failures: list[Failure] = list(imported.failures)
    shared: dict = {} if classifiers else {CLASSIFIERS_OFF: True}
    findings = engine.run_rules(activity, profile, failures=failures, resolved=True,
                                shared=shared)
    catalog = catalog_by_id(engine.catalog())
    return ScanResult(
        profile=profile, archives=infos, activity=activity, findings=findings,
        coverage=[*imported.coverage, *classifier_coverage(shared)], period=_period(activity),
        id_handles=imported.id_handles, generated_at=datetime.now(UTC), catalog=catalog,
        rules_not_run=engine.rules_not_run(catalog, activity, profile), failures=failures,
        matches=shared.get("entity_matches"))


CLASSIFIER_DUTY = {"political": "partisan content", "demeanor": "intemperate language"}


def classifier_coverage(shared: dict) -> list[CoverageEntry]:
    """One entry per classifier that left items unscored because of their language, or that
    did not run at all (``--no-classifiers``)."""
    out = []
    for task, total in sorted((not_run_counts(shared) or {}).items()):
        out.append(CoverageEntry(
            platform="", archive="", member=f"(classifier: {task})", kind="text",
            status="skipped", records=total,
            reason=f"the {task} classifier did NOT run {NOT_RUN_MARK}: {total} item(s) "
                   f"not scored; {CLASSIFIER_DUTY[task]} was looked for by names, cue lists "
                   "and lexicons only"))
    for task, counts in sorted(unrouted_counts(shared).items()):
        total = sum(counts.values())
        if not total:
            continue
        langs = ", ".join(f"{lang} {n}" for lang, n in sorted(counts.items()))
        out.append(CoverageEntry(
            platform="", archive="", member=f"(classifier: {task})", kind="text",
            status="skipped", records=total,
            reason=f"{total} item(s) not classified by the {task} classifier: language not "
                   f"among those it was trained and evaluated in ({langs}; und = undetermined)"))
    return out


def import_archives(archives: list[Archive], *, own_handles: dict[str, str] | None = None,
                    progress: Progress | None = None, timezone: str | None = None) -> Imported:
    """Run every importer that recognizes a part of ``archives``; account for every member."""
    progress = progress or _quiet
    importers = all_importers()
    parts: dict[str, list] = {}
    roots: dict[str, list[tuple[str, str]]] = {}  # archive label -> [(root, importer)]
    detected: list[tuple[str, str, str]] = []
    failures: list[Failure] = [  # an importer that cannot even load reads no export at all
        Failure("importer", (name,), f"the importer module could not be loaded ({reason})")
        for name, reason in sorted(LOAD_ERRORS.items())]
    for archive in archives:
        for importer in importers:
            for root in _detect(importer, archive, failures):
                parts.setdefault(importer.name, []).append(ExportPart(archive, root))
                roots.setdefault(archive.label, []).append((root, importer.name))
                detected.append((archive.label, importer.name, root))

    ctx = ImportContext(own_handles=dict(own_handles or {}), progress=progress,
                        timezone=timezone)
    frames: list[pd.DataFrame] = []
    coverage: list[CoverageEntry] = [
        CoverageEntry(platform=name, archive="", member="(importer module)", kind="",
                      status="failed", reason=f"importer could not be loaded ({reason})")
        for name, reason in sorted(LOAD_ERRORS.items())]
    id_handles: dict[str, dict[str, str]] = {}
    failed: set[tuple[str, str]] = set()  # (archive label, root) of importers that crashed
    for importer in importers:
        found = parts.get(importer.name)
        if not found:
            continue
        progress(f"reading {importer.name} export ({len(found)} part(s))")
        try:
            result = importer.read(found, ctx)
            schema.validate(result.frame)
        except Exception as exc:  # one importer's bug must not end the whole audit
            _check_total_limit(found)
            if missing_package_file(exc):  # a broken install, not a strange export
                failures.append(capture("importer", [importer.name], exc))
            coverage.extend(_failed(importer.name, found, exc))
            failed.update((p.archive.label, p.root) for p in found)
            continue
        _check_total_limit(found)  # a capped run is refused, not reported as partial
        frames.append(result.frame)
        coverage.extend(result.coverage)
        for platform, pairs in result.id_handles.items():
            id_handles.setdefault(platform, {}).update(pairs)

    for archive in archives:
        dead = [root for label, root in failed if label == archive.label]
        coverage.extend(_unclaimed(archive, roots.get(archive.label, []), dead, coverage))
    return Imported(activity=schema.concat(frames), coverage=_settle(coverage),
                    id_handles=id_handles, detected=detected, failures=_once(failures))


def _settle(coverage: list[CoverageEntry]) -> list[CoverageEntry]:
    """Drop "unrecognized" rows for members another importer accounted for.

    A Facebook Accounts Center export holds a linked Instagram tree: the Instagram importer
    reads those members, and the Facebook one must not also list them as unchecked.
    """
    handled = {(c.archive, c.member) for c in coverage if c.status != "unrecognized"}
    settled = [c for c in coverage
               if c.status != "unrecognized" or (c.archive, c.member) not in handled]
    for entry in settled:
        if entry.status == "unrecognized" and entry.member.lower().endswith(NESTED_SUFFIXES):
            entry.kind, entry.reason = "archive", NESTED_REASON
    return settled


def _detect(importer, archive: Archive, failures: list[Failure]) -> list[str]:
    """An importer's roots in one archive; a crashing detector recognizes nothing, and the
    audit is incomplete (that platform's export, if any, went unread)."""
    try:
        return list(importer.detect(archive.names))
    except Exception as exc:  # a detector bug must not hide the other platforms
        failures.append(capture("detector", [importer.name], exc))
        return []


def _once(failures: list[Failure]) -> list[Failure]:
    """A detector failing on every archive is one failure."""
    return list(dict.fromkeys(failures))


def _check_total_limit(parts: list) -> None:
    limits = parts[0].archive.limits
    if limits.read_so_far > limits.max_total_bytes:
        raise ArchiveError(f"stopped after reading {limits.max_total_bytes} uncompressed bytes "
                           "in total (raise --max-total-bytes if the archives are really "
                           "that large)")


def _failed(name: str, parts: list, exc: Exception) -> list[CoverageEntry]:
    reason = f"importer failed, nothing from this export was read ({one_line(exc)})"
    return [CoverageEntry(platform=name, archive=p.archive.label, member=p.root or "(root)",
                          kind="", status="failed", reason=reason) for p in parts]


def _member_of(entry: CoverageEntry, root: str) -> str:
    """Coverage members may be written relative to the export root or in full."""
    return entry.member if entry.member.startswith(root) else root + entry.member


def _unclaimed(archive: Archive, roots: list[tuple[str, str]], dead_roots: list[str],
               coverage: list[CoverageEntry]) -> list[CoverageEntry]:
    """Coverage for members no importer accounted for, and for refused members."""
    own = [e for e in coverage if e.archive == archive.label]
    mentioned = {e.member for e in own}
    for root, _name in roots:
        mentioned |= {_member_of(e, root) for e in own}
    out: list[CoverageEntry] = []
    for name in archive.names:
        if name in mentioned or any(name.startswith(root) for root in dead_roots):
            continue  # read, or covered by the failed importer's entry
        owner = next((imp for root, imp in roots if name.startswith(root)), "")
        out.append(_classify(archive.label, name, owner, bool(roots)))
    for name, reason in archive.refused:
        out.append(CoverageEntry(platform="", archive=archive.label, member=name, kind="",
                                 status="failed", reason=f"refused: {reason}"))
    return out


NESTED_REASON = ("nested archive not opened; unpack it and pass it on the command line to "
                 "audit it")


def _classify(label: str, name: str, platform: str, recognized: bool) -> CoverageEntry:
    """Why an unclaimed member was not read."""
    lower = name.lower()
    if is_debris(name):
        return CoverageEntry(platform, label, name, "debris", "skipped",
                             reason="operating-system debris (not export data)")
    if is_media(name):
        return CoverageEntry(platform, label, name, "media", "skipped",
                             reason="media file (never opened)")
    if lower.endswith(NESTED_SUFFIXES):
        return CoverageEntry(platform, label, name, "archive", "unrecognized",
                             reason=NESTED_REASON)
    reason = ("not read by the importer" if platform
              else "not part of a recognized export" if recognized
              else "not a known export layout")
    return CoverageEntry(platform, label, name, "", "unrecognized", reason=reason)


def zero_records_message(archives: list[Archive], imported: Imported) -> str:
    """One line saying why nothing could be read, naming what was found."""
    labels = ", ".join(a.label for a in archives) or "the given paths"
    if not archives:
        return f"no archives found in {labels}; give a zip, tar or unpacked export folder"
    if not imported.detected:
        names = [n for a in archives for n in a.names if not is_debris(n)]
        shown = ", ".join(names[:LISTED_UNRECOGNIZED])
        more = f" and {len(names) - LISTED_UNRECOGNIZED} more" if len(names) > \
            LISTED_UNRECOGNIZED else ""
        found = f"found {shown}{more}" if names else "it holds no readable files"
        return (f"{labels}: not a known export layout ({found}); "
                "is this a platform's data export?")
    failed = [e for e in imported.coverage if e.status == "failed"]
    why = f"; first failure: {failed[0].member}: {failed[0].reason}" if failed else ""
    return (f"no records could be read from {labels}{why}; "
            "run 'presence-audit inspect' to see the coverage")


def _archive_info(archive: Archive, hash_archives: bool) -> ArchiveInfo:
    digest = None
    if hash_archives and archive.kind != "folder":
        digest = sha256_file(archive.path)
    return ArchiveInfo(label=archive.label, path=str(archive.path), kind=archive.kind,
                       sha256=digest)


def sha256_file(path: Path) -> str:
    """Digest of an archive file, so the audit names exactly which export it read."""
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def _period(activity: pd.DataFrame) -> tuple[pd.Timestamp | None, pd.Timestamp | None]:
    ts = activity["timestamp"].dropna()
    if ts.empty:
        return None, None
    return ts.min(), ts.max()


def catalog_by_id(specs) -> dict:
    """The engine's catalog (a list in category order, or a mapping) as rule id -> RuleSpec."""
    items = specs.values() if isinstance(specs, dict) else specs
    return {spec.id: spec for spec in items}
