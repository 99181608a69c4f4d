"""The importer toolkit: what every platform module builds on, so each does these things one way.

- ``Rows``: the one row accumulator (column lists, optional de-duplication on key fields);
- ``MemberError``: the one error for a member that cannot be read at all;
- ``MEDIA_EXTENSIONS`` / ``is_media``: the one list of files never opened (images, video,
  audio, subtitles, fonts, documents);
- ``Route`` / ``RouteTable``: the one read dispatch, member path pattern → reader;
- ``read_csv`` / ``cell``: the one tolerant reader of CSV exports (preamble, BOM, bad rows).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import partial
from pathlib import PurePosixPath

# --- member errors --------------------------------------------------------------------------


class MemberError(Exception):
    """A member that cannot be read at all; ``reason`` is one line for the coverage table."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


# --- media ------------------------------------------------------------------------------------

# Files an export carries beside its data: listed in coverage as skipped, never opened.
MEDIA_EXTENSIONS = frozenset({
    ".jpg", ".jpeg", ".png", ".gif", ".webp", ".heic", ".heif", ".bmp", ".tif", ".tiff",
    ".svg", ".ico", ".mp4", ".mov", ".m4v", ".webm", ".avi", ".mkv", ".3gp", ".mp3", ".m4a",
    ".aac", ".ogg", ".opus", ".wav", ".flac", ".srt", ".vtt", ".pdf", ".woff", ".woff2",
    ".ttf", ".otf",
})


def is_media(member: str) -> bool:
    """Whether a member path names a media file (by its extension, any case)."""
    return PurePosixPath(member).suffix.lower() in MEDIA_EXTENSIONS


# --- rows -------------------------------------------------------------------------------------


class Rows:
    """Column lists for the Activity frame, one ``add`` per record.

    With ``dedupe`` (key field names) a record whose key was already added is counted in
    ``repeated`` instead of added: frames are de-duplicated on their record ids, so adding it
    would make coverage's row counts disagree with the frame. ``seen`` may be shared by several
    accumulators (the parts of one export). Fields in ``empty_as_none`` store an empty value
    ("", 0, []) as None, so "no text" reads the same whatever the reader found.
    """

    def __init__(self, fields: Iterable[str], *, dedupe: tuple[str, ...] = (),
                 seen: set | None = None, empty_as_none: tuple[str, ...] = ()) -> None:
        self.columns: dict[str, list] = {name: [] for name in fields}
        self._names = tuple(self.columns)
        self._index = {name: i for i, name in enumerate(self._names)}
        unknown = [name for name in (*dedupe, *empty_as_none) if name not in self._index]
        if unknown:
            raise ValueError(f"fields {unknown} are not columns")
        self._key = tuple(self._index[name] for name in dedupe)
        self._blank = tuple(self._index[name] for name in empty_as_none)
        self.seen: set = set() if seen is None else seen
        self.repeated = 0

    def __len__(self) -> int:
        return len(self.columns[self._names[0]]) if self._names else 0

    def __getattr__(self, name: str) -> list:
        """A column by name (``rows.text``), for readers that patch rows after adding them."""
        columns = self.__dict__.get("columns", {})
        if name in columns:
            return columns[name]
        raise AttributeError(name)

    def _key_of(self, row: list) -> object:
        return row[self._key[0]] if len(self._key) == 1 else tuple(row[i] for i in self._key)

    def add(self, *values: object, **named: object) -> bool:
        """Append one row: values in field order, then by name; absent fields are None.

        False (and nothing added) when the row's key was already added.
        """
        if len(values) > len(self._names):
            raise TypeError(f"{len(values)} values for {len(self._names)} fields")
        row = [*values, *([None] * (len(self._names) - len(values)))]
        for name, value in named.items():
            row[self._index[name]] = value
        for i in self._blank:
            row[i] = row[i] or None
        if self._key:
            key = self._key_of(row)
            if key in self.seen:
                self.repeated += 1
                return False
            self.seen.add(key)
        for name, value in zip(self._names, row, strict=True):
            self.columns[name].append(value)
        return True

    def extend(self, columns: Mapping[str, list]) -> None:
        """Append column lists read elsewhere (missing fields become None); keys marked seen."""
        n = max((len(v) for v in columns.values()), default=0)
        for name in self._names:
            self.columns[name].extend(columns.get(name, [None] * n))
        if self._key:
            keys = zip(*(columns.get(self._names[i], [None] * n) for i in self._key),
                       strict=True)
            self.seen.update(k[0] if len(self._key) == 1 else k for k in keys)

    def truncate(self, keep: int) -> None:
        """Drop rows added after the first ``keep`` (a reader failed half-way through)."""
        if self._key:
            dropped = zip(*(self.columns[self._names[i]][keep:] for i in self._key),
                          strict=True)
            self.seen.difference_update(k[0] if len(self._key) == 1 else k for k in dropped)
        for column in self.columns.values():
            del column[keep:]


# --- read dispatch ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Route:
    """One row of a platform's route table: which members a reader reads.

    ``pattern`` is searched in the member path relative to the export root; ``reader`` names
    an entry of the table's readers (or a name the platform module handles itself); ``kind``
    is the Activity kind, or the coverage label of a file not turned into rows.
    """

    pattern: re.Pattern[str]
    reader: str
    kind: str
    keys: tuple[str, ...] = ()  # top-level JSON key variants across generations
    platform: str = ""  # when one module emits several platforms
    reason: str = ""  # why a recognized member is skipped


class RouteTable:
    """Route tables resolve a member to the first route claiming it, then to its reader.

    Every reader a route names must exist in ``readers`` or be listed in ``handled`` (names
    the platform module reads itself, e.g. the profile it needs before anything else), so a
    misspelt reader fails when the module is imported, not on somebody's archive.
    """

    def __init__(self, routes: Iterable[Route], readers: Mapping[str, Callable],
                 handled: Collection[str] = ()) -> None:
        self.routes = tuple(routes)
        self.readers = dict(readers)
        self.handled = frozenset(handled)
        missing = sorted({r.reader for r in self.routes} - set(self.readers) - self.handled)
        if missing:
            raise ValueError(f"routes name readers that do not exist: {', '.join(missing)}")

    def route(self, rel: str) -> Route | None:
        """The first route whose pattern is found in ``rel``, or None."""
        for route in self.routes:
            if route.pattern.search(rel):
                return route
        return None

    def reader(self, route: Route) -> Callable:
        """The reader function of ``route`` (KeyError for a name the module handles)."""
        return self.readers[route.reader]


# --- CSV exports (LinkedIn, Reddit, …) --------------------------------------------------------

CSV_HEADER_SEARCH = 30  # lines scanned for the header (LinkedIn puts a "Notes:" preamble first)


@dataclass
class CsvTable:
    """A CSV member read tolerantly: the header found, good rows by column, bad rows counted.

    ``rows`` pairs each row's 1-based line number with a dict keyed by the header's column
    names; ``bad`` maps a one-line reason to how many rows it cost.
    """

    header: list[str]
    rows: list[tuple[int, dict[str, str]]]
    bad: dict[str, int]


def read_csv(raw: bytes, required: Collection[str], *, escape: bool = False) -> CsvTable:
    """Parse a CSV export member whose header holds every column of ``required``.

    The header is searched for (a preamble or a BOM may precede it), a row whose field count
    disagrees with the header (a truncated file, a stray quote) is counted as bad, never
    guessed at. ``escape`` also reads backslash-escaped quotes (LinkedIn's Comments.csv).
    ``MemberError`` when the bytes are not UTF-8 text or no header line is found.
    """
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise MemberError(f"not UTF-8 text (byte {exc.start}): not read") from None
    if "\x00" in text:
        raise MemberError("binary data (NUL bytes) in a CSV file: not read")
    reader = csv.reader(io.StringIO(text, newline=""), escapechar="\\" if escape else None)
    want = {c.casefold() for c in required}
    header: list[str] | None = None
    rows: list[tuple[int, dict[str, str]]] = []
    bad: dict[str, int] = {}
    try:
        for fields in reader:
            if header is None:
                names = [f.strip().lstrip("\ufeff") for f in fields]
                if want <= {n.casefold() for n in names}:
                    header = names
                elif reader.line_num > CSV_HEADER_SEARCH:
                    break
                continue
            if not any(f.strip() for f in fields):
                continue
            if len(fields) != len(header):
                why = (f"rows with {len(fields)} fields where the header has {len(header)} "
                       "(truncated or broken quoting)")
                bad[why] = bad.get(why, 0) + 1
                continue
            rows.append((reader.line_num, dict(zip(header, fields, strict=True))))
    except csv.Error as exc:
        why = f"unreadable CSV after line {reader.line_num} ({exc}): rest of the file lost"
        bad[why] = bad.get(why, 0) + 1
    if header is None:
        raise MemberError(f"no header line with the columns {', '.join(sorted(required))}: "
                          "not an export file this tool knows")
    return CsvTable(header, rows, bad)


def cell(row: Mapping[str, str], *names: str) -> str:
    """The first non-empty value among column ``names`` (variants across export years)."""
    for name in names:
        value = row.get(name)
        if value and value.strip():
            return value.strip()
    return ""


def parse_utc(text: str, formats: Iterable[str]) -> datetime | None:
    """``text`` read with the first matching strptime format, as UTC (a trailing "UTC" or
    "GMT" zone word is dropped first); None when blank, unreadable or before 2000."""
    value = " ".join(text.split())
    for zone in (" UTC", " GMT"):
        value = value.replace(zone, "") if zone in value else value
    for fmt in formats:
        try:
            when = datetime.strptime(value, fmt)
        except ValueError:
            continue
        when = when.replace(tzinfo=UTC) if when.tzinfo is None else when.astimezone(UTC)
        return when if when.year >= 2000 else None
    return None


# --- the driver of CSV exports --------------------------------------------------------------

CSV_FIELDS = ("record_id", "kind", "timestamp", "time_basis", "text", "counterpart",
              "counterpart_id", "mentions", "url", "source", "entry", "part")


@dataclass
class CsvMember:
    """The member a CSV reader is reading: provenance, its bad-row tally and notes."""

    where: Callable[[int | None], str]
    entry: int
    part: int
    bad: dict[str, int]
    notes: list[str]
    own: str | None = None  # the subject's handle on this platform, when known
    counted_only: bool = False  # set by a reader that counts records it does not import

    def skip(self, why: str) -> None:
        self.bad[why] = self.bad.get(why, 0) + 1

    def when(self, text: str, formats: Iterable[str]) -> tuple[datetime | None, str] | None:
        """(time, time_basis) of a date cell: blank is "unknown", unreadable is None (the
        caller skips the row as bad)."""
        if not text.strip():
            return None, "unknown"
        when = parse_utc(text, formats)
        if when is None:
            self.skip("rows with an unreadable or pre-2000 date")
            return None
        return when, "exact"

    def dated(self, table: CsvTable, formats: Iterable[str], *columns: str
              ) -> Iterator[tuple[int, dict[str, str], datetime | None, str]]:
        """(line, row, time, time_basis) of each row, its time read from the first non-empty
        of ``columns``; a row whose date cannot be read is counted as bad and left out."""
        for line, row in table.rows:
            when = self.when(cell(row, *columns), formats)
            if when is not None:
                yield line, row, *when

    def has(self, value: object, why: str) -> bool:
        """Whether a row's required ``value`` is there; counts the row as bad (``why``) if not."""
        if not value:
            self.skip(why)
        return bool(value)

    def add(self, rows: Rows, line: int, **values: object) -> None:
        """Add one row read from ``line``; a record id added before counts as repeated."""
        rows.add(source=self.where(line), entry=self.entry, part=self.part, **values)


@dataclass
class _CsvEntry:
    archive: str
    member: str
    kind: str
    status: str
    reason: str = ""
    records: int = 0
    bad: dict[str, int] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)


CsvReader = Callable[[CsvTable, Rows, CsvMember], None]


def read_csv_export(parts: list, ctx: object, platform: str, table: RouteTable,
                    own: str | None = None) -> tuple:
    """Read every member of every part through ``table``: routed CSVs into rows, the rest
    into coverage (debris, media, known-but-not-read, unknown). Returns (Activity frame,
    coverage entries). A route's ``keys`` are the header columns its file must have; a route
    whose reader is "skip" or "unread" lists the member as skipped or unrecognized."""
    from presence_audit.archive import is_debris  # the core, imported lazily: no cycle
    from presence_audit.errors import ArchiveError

    rows = Rows(CSV_FIELDS, dedupe=("record_id",))
    entries: list[_CsvEntry] = []
    for pidx, part in enumerate(parts):
        ctx.progress(f"{platform}: reading {part.archive.label}")  # type: ignore[attr-defined]
        for rel in part.members():
            e = _CsvEntry(part.archive.label, part.root + rel, "other", "skipped")
            entries.append(e)
            route = None if is_debris(rel) or is_media(rel) else table.route(rel)
            if is_debris(rel):
                e.kind, e.reason = "debris", "macOS debris (resource fork or desktop file)"
            elif is_media(rel):
                e.kind, e.reason = "media", "media file (never unpacked or read)"
            elif route is None:
                e.status, e.reason = "unrecognized", ("not a file this tool reads: its "
                                                      "contents were not checked")
            elif route.reader in ("skip", "unread"):
                e.kind, e.reason = route.kind, route.reason
                e.status = "skipped" if route.reader == "skip" else "unrecognized"
            else:
                e.kind, e.status = route.kind, "read"
                m = CsvMember(partial(part.source, rel), len(entries) - 1, pidx, e.bad,
                              e.notes, own)
                try:
                    parsed = _parse_member(part.read_bytes(rel), route.keys)
                except ArchiveError as exc:
                    e.status, e.reason = "failed", f"could not read the member: {exc}"
                    continue
                except MemberError as exc:
                    e.status, e.reason = "failed", exc.reason
                    continue
                for why, n in parsed.bad.items():
                    e.bad[why] = e.bad.get(why, 0) + n
                before = rows.repeated
                table.reader(route)(parsed, rows, m)
                e.status = "skipped" if m.counted_only else e.status
                if rows.repeated > before:
                    e.notes.append(f"{rows.repeated - before} rows repeated from another "
                                   "file or part (counted once)")
    for i in rows.entry:
        entries[i].records += 1
    return rows, entries


def _parse_member(raw: bytes, required: Collection[str]) -> CsvTable:
    """read_csv, retried with backslash escapes when that loses fewer rows (formats.md 4.5)."""
    parsed = read_csv(raw, required)
    if parsed.bad and b'\\"' in raw:
        retry = read_csv(raw, required, escape=True)
        if sum(retry.bad.values()) < sum(parsed.bad.values()):
            return retry
    return parsed


def csv_coverage(platform: str, entries: list[_CsvEntry]) -> list:
    """Coverage entries of a CSV export, bad rows summed and explained."""
    from presence_audit.coverage import CoverageEntry

    out = []
    for e in entries:
        parts = ([e.reason] if e.reason else []) + list(e.notes)
        if e.bad:
            parts.append(f"{sum(e.bad.values())} bad rows skipped: " + "; ".join(
                f"{n} {why}" for why, n in sorted(e.bad.items(), key=lambda kv: -kv[1])))
        out.append(CoverageEntry(platform, e.archive, e.member, e.kind, e.status, e.records,
                                 sum(e.bad.values()), "; ".join(parts)))
    return out


def import_csv_export(parts: list, ctx: object, platform: str, table: RouteTable,
                      own: str | None = None):
    """The ImportResult of a CSV export: its rows as a de-duplicated Activity frame, and
    coverage for every member (``read_csv_export``)."""
    from presence_audit import schema
    from presence_audit.importers import ImportResult

    rows, entries = read_csv_export(parts, ctx, platform, table, own)
    return ImportResult(frame=schema.dedupe(csv_frame(rows, platform, own)),
                        coverage=csv_coverage(platform, entries))


def csv_frame(rows: Rows, platform: str, account: str | None):
    """The Activity frame of a CSV export: ``observed_at`` is each part's latest record time
    (these exports state no generation time), ``account`` the subject's handle."""
    import pandas as pd

    from presence_audit import schema

    cols = {name: rows.columns[name] for name in CSV_FIELDS[:-2]}
    cols["account"] = [account] * len(rows)
    frame = schema.from_records(cols, platform)
    part = pd.Series(rows.part, dtype="int64")
    latest = frame["timestamp"].groupby(part.to_numpy()).transform("max")
    frame["observed_at"] = latest.astype(schema.UTC_TS)
    return frame


def marker_roots(names: Iterable[str], markers: Collection[str]) -> list[str]:
    """Folders ('' or ending in '/') holding a member whose file name is one of ``markers``
    (macOS debris never counts): the roots of a CSV export, found at any depth."""
    from presence_audit.archive import is_debris

    roots = set()
    for name in names:
        head, _, base = name.rpartition("/")
        if base in markers and not is_debris(name):
            roots.add(f"{head}/" if head else "")
    return sorted(roots)
