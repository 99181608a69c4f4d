"""The importer toolkit: what every platform module builds on, so each does these things one way.

- ``Rows``: the one row accumulator (column lists, optional de-duplication on key fields);
- ``MemberError``: the one error for a member that cannot be read at all;
- ``MEDIA_EXTENSIONS`` / ``is_media``: the one list of files never opened (images, video,
  audio, subtitles, fonts, documents);
- ``Route`` / ``RouteTable``: the one read dispatch, member path pattern → reader.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass
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
