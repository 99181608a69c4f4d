"""Safe, read-only access to export archives: a zip, a tar (plain or compressed) or a folder.

Archives are read where they lie and never extracted: members are listed and streamed one at a
time through a reader that counts bytes, so a zip bomb ends with a clear ``ArchiveError``
instead of exhausted memory. Members with absolute or ``..`` paths, links, devices and
encrypted members are refused (listed in ``Archive.refused`` for the coverage table) and can
never be opened. Containers are recognized by their magic bytes, not their extension.
"""

from __future__ import annotations

import io
import os
import stat
import tarfile
import zipfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import BinaryIO

from presence_audit.errors import ArchiveError, AuditInputError

MiB = 1 << 20
GiB = 1 << 30
DEBRIS_NAMES = {".DS_Store", "Thumbs.db", "desktop.ini"}


@dataclass
class Limits:
    """Caps on what one run may read; every one of them can be raised on the command line."""

    max_member_bytes: int = 4 * GiB
    max_total_bytes: int = 64 * GiB
    max_ratio: float = 200.0
    ratio_floor_bytes: int = 8 * MiB  # small members may compress very well legitimately
    max_members: int = 1_000_000
    read_so_far: int = field(default=0, repr=False)

    def charge(self, nbytes: int, label: str) -> None:
        self.read_so_far += nbytes
        if self.read_so_far > self.max_total_bytes:
            raise ArchiveError(
                f"{label}: stopped after reading {self.max_total_bytes} uncompressed bytes in "
                "total (raise --max-total-bytes if the archives are really that large)")


def is_debris(name: str) -> bool:
    """macOS resource forks and desktop litter that zips carry (formats.md 0.1)."""
    parts = PurePosixPath(name).parts
    return "__MACOSX" in parts or parts[-1].startswith("._") or parts[-1] in DEBRIS_NAMES


def unsafe_reason(name: str) -> str | None:
    """Why a member name must not be used, or None when it is a plain relative path."""
    if not name or "\x00" in name:
        return "empty or NUL in member name"
    if name.startswith(("/", "\\")) or (len(name) > 1 and name[1] == ":"):
        return "absolute member path"
    if ".." in name.replace("\\", "/").split("/"):
        return "member path escapes the archive (..)"
    return None


class _CountingReader(io.RawIOBase):
    """Wraps a member stream; raises ``ArchiveError`` past the size or ratio caps."""

    def __init__(self, raw: BinaryIO, label: str, compressed: int | None, limits: Limits):
        self._raw, self._label, self._compressed, self._limits = raw, label, compressed, limits
        self._count = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        try:
            data = self._raw.read(len(buffer))
        except ArchiveError:
            raise
        except Exception as exc:  # any decoder failure on untrusted bytes
            raise ArchiveError(f"{self._label}: member is corrupt or truncated ({exc!s:.200})"
                               ) from None
        n = len(data)
        buffer[:n] = data
        self._count += n
        self._limits.charge(n, self._label)
        lim = self._limits
        if self._count > lim.max_member_bytes:
            raise ArchiveError(f"{self._label}: member is larger than {lim.max_member_bytes} "
                               "bytes uncompressed (raise --max-member-bytes to read it)")
        if (self._compressed is not None and self._count > lim.ratio_floor_bytes
                and self._count > lim.max_ratio * max(self._compressed, 1)):
            raise ArchiveError(f"{self._label}: compression ratio over {lim.max_ratio:g}:1, "
                               "refusing a likely zip bomb")
        return n


class Archive:
    """One container of members; subclasses know how to list and stream their format."""

    kind = "archive"

    def __init__(self, path: Path, limits: Limits):
        self.path = path
        self.label = path.name
        self.limits = limits
        self.names: list[str] = []          # safe, regular-file members, archive order
        self.refused: list[tuple[str, str]] = []  # (member, reason) never opened
        self._sizes: dict[str, tuple[int | None, int | None]] = {}

    def _add(self, name: str, size: int | None, compressed: int | None) -> None:
        name = name.replace("\\", "/")
        reason = unsafe_reason(name)
        if reason:
            self.refused.append((name, reason))
        elif name in self._sizes:
            self.refused.append((name, "duplicate member name (first copy used)"))
        elif len(self._sizes) >= self.limits.max_members:
            self.refused.append((name, f"more than {self.limits.max_members} members"))
        else:
            self.names.append(name)
            self._sizes[name] = (size, compressed)

    def size(self, name: str) -> int | None:
        """Declared uncompressed size (may lie in a crafted archive; reads are capped anyway)."""
        return self._sizes[name][0]

    @contextmanager
    def open(self, name: str) -> Iterator[BinaryIO]:
        """Stream one member; never extracts anything to disk."""
        if name not in self._sizes:
            raise ArchiveError(f"{self.label}: no readable member {name!r}")
        with self._open_raw(name) as raw:
            reader = _CountingReader(raw, f"{self.label}:{name}", self._sizes[name][1],
                                     self.limits)
            yield io.BufferedReader(reader, buffer_size=1 * MiB)

    def read_bytes(self, name: str) -> bytes:
        """Read a whole member (bounded by the limits)."""
        with self.open(name) as stream:
            return stream.read()

    def _open_raw(self, name: str):  # pragma: no cover - overridden
        raise NotImplementedError

    def close(self) -> None:
        """Release the underlying file handle."""


class ZipArchive(Archive):
    kind = "zip"

    def __init__(self, path: Path, limits: Limits):
        super().__init__(path, limits)
        try:
            self._zf = zipfile.ZipFile(path)
            self._list(self._zf.infolist())
        except Exception as exc:  # any parser failure on untrusted bytes
            raise ArchiveError(f"{path}: not a readable zip archive ({exc!s:.200}); "
                               "download the export again") from None

    def _list(self, infos: list[zipfile.ZipInfo]) -> None:
        self._infos: dict[str, zipfile.ZipInfo] = {}
        for info in infos:
            mode = info.external_attr >> 16
            if not info.filename or info.filename.endswith("/"):
                continue
            if stat.S_ISLNK(mode):
                self.refused.append((info.filename, "symbolic link (not followed)"))
            elif info.flag_bits & 0x1:
                self.refused.append((info.filename, "encrypted member (cannot be read)"))
            else:
                self._add(info.filename, info.file_size, info.compress_size)
                # zipfile opens the LAST entry of a duplicated name; keep the one we listed.
                self._infos.setdefault(info.filename.replace("\\", "/"), info)

    @contextmanager
    def _open_raw(self, name: str):
        try:
            stream = self._zf.open(self._infos[name])
        except Exception as exc:  # any parser failure on untrusted bytes
            raise ArchiveError(f"{self.label}:{name}: cannot open member ({exc})") from None
        with stream:
            yield stream

    def close(self) -> None:
        self._zf.close()


class TarArchive(Archive):
    kind = "tar"

    def __init__(self, path: Path, limits: Limits):
        super().__init__(path, limits)
        try:
            self._tf = tarfile.open(path, "r:*")  # noqa: SIM115 - kept open to stream members
            members = self._tf.getmembers()
        except Exception as exc:  # any parser failure on untrusted bytes
            raise ArchiveError(f"{path}: not a readable tar archive ({exc!s:.200}); "
                               "download the export again") from None
        self._members: dict[str, tarfile.TarInfo] = {}
        for member in members:
            if member.isdir():
                continue
            if member.issym() or member.islnk():
                self.refused.append((member.name, "link (not followed)"))
            elif not member.isfile():
                self.refused.append((member.name, "special file (device or fifo)"))
            else:
                before = len(self.names)
                self._add(member.name, member.size, None)
                if len(self.names) > before:
                    self._members[self.names[-1]] = member

    @contextmanager
    def _open_raw(self, name: str):
        try:
            stream = self._tf.extractfile(self._members[name])
        except Exception as exc:  # any parser failure on untrusted bytes
            raise ArchiveError(f"{self.label}:{name}: cannot open member ({exc})") from None
        if stream is None:
            raise ArchiveError(f"{self.label}:{name}: not a regular file")
        with stream:
            yield stream

    def close(self) -> None:
        self._tf.close()


class FolderArchive(Archive):
    """An unpacked export. Links are never followed, in or out of the folder."""

    kind = "folder"

    def __init__(self, path: Path, limits: Limits, exclude: Iterable[Path] = ()):
        super().__init__(path, limits)
        skip = {p.resolve() for p in exclude}
        root = path.resolve()
        for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
            here = Path(dirpath)
            for d in list(dirnames):
                if (here / d).is_symlink():
                    dirnames.remove(d)
                    self.refused.append((self._rel(here / d, root), "symbolic link (not followed)"))
            dirnames.sort()
            for fname in sorted(filenames):
                full = here / fname
                rel = self._rel(full, root)
                if full in skip:
                    continue
                st = full.lstat()
                if stat.S_ISLNK(st.st_mode):
                    self.refused.append((rel, "symbolic link (not followed)"))
                elif not stat.S_ISREG(st.st_mode):
                    self.refused.append((rel, "special file (device or fifo)"))
                else:
                    self._add(rel, st.st_size, None)
        self._root = root

    @staticmethod
    def _rel(full: Path, root: Path) -> str:
        return full.relative_to(root).as_posix()

    @contextmanager
    def _open_raw(self, name: str):
        full = self._root / name
        try:
            # O_NOFOLLOW: a file swapped for a link after listing is still refused.
            fd = os.open(full, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
        except OSError as exc:
            raise ArchiveError(f"{self.label}:{name}: cannot open ({exc.strerror})") from None
        with os.fdopen(fd, "rb") as stream:
            yield stream


class FileArchive(Archive):
    """One export that is a single file (a Bluesky ``.car``, a Mastodon CSV): its only member
    is the file itself, under its own name, so importers read it like any archive member."""

    kind = "file"

    def __init__(self, path: Path, limits: Limits):
        super().__init__(path, limits)
        self._add(path.name, path.stat().st_size, None)

    @contextmanager
    def _open_raw(self, name: str):
        try:
            fd = os.open(self.path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
        except OSError as exc:
            raise ArchiveError(f"{self.label}: cannot open ({exc.strerror})") from None
        with os.fdopen(fd, "rb") as stream:
            yield stream


# Exports that are one plain file of no container format: CSVs have no magic bytes, so they
# are known by their suffix, and only when given as a path of their own (formats.md 5.1).
SINGLE_FILE_SUFFIXES = (".csv",)


def is_car(head: bytes) -> bool:
    """A CAR v1 header: varint length, then a DAG-CBOR map holding ``roots`` and ``version``."""
    i = 0
    while i < min(len(head), 9) and head[i] & 0x80:
        i += 1
    body = head[i + 1:i + 1 + 128]
    return (i < 9 and len(body) > 1 and body[0] in (0xA2, 0xA3) and b"roots" in body
            and b"version" in body)


def sniff(path: Path) -> str | None:
    """Container type from magic bytes: 'zip', 'tar', 'car' or None."""
    try:
        with open(path, "rb") as f:
            head = f.read(512)
    except OSError:
        return None
    if head[:4] in (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08"):
        return "zip"
    if head[:2] == b"\x1f\x8b" or head[:3] == b"BZh" or head[:6] == b"\xfd7zXZ\x00":
        return "tar"
    if len(head) >= 262 and head[257:262] == b"ustar":
        return "tar"
    if is_car(head):
        return "car"
    return None


def open_archive(path: Path, limits: Limits) -> Archive:
    """Open one file as a zip or tar by its content; a CAR file or a CSV as a one-file export."""
    kind = sniff(path)
    if kind == "zip":
        return ZipArchive(path, limits)
    if kind == "tar":
        return TarArchive(path, limits)
    if kind == "car" or path.suffix.lower() in SINGLE_FILE_SUFFIXES:
        return FileArchive(path, limits)
    raise ArchiveError(f"{path}: not a zip or tar archive, CAR file or CSV export (judged by "
                       "its content, not its name)")


def open_archives(paths: Iterable[str | os.PathLike], limits: Limits | None = None
                  ) -> list[Archive]:
    """Open every PATH: an archive file, an unpacked export, or a folder of archive parts.

    A folder contributes each archive file at its top level (split exports arrive as
    several zips) and, when it holds anything else, itself as an unpacked export.
    """
    limits = limits or Limits()
    archives: list[Archive] = []
    for raw in paths:
        path = Path(raw)
        if not path.exists() and not path.is_symlink():
            raise AuditInputError(f"{path}: no such file or folder")
        if path.is_symlink() and not path.exists():
            raise AuditInputError(f"{path}: broken symbolic link")
        if path.is_file():
            archives.append(open_archive(path, limits))
            continue
        if not path.is_dir():
            raise AuditInputError(f"{path}: not a file or folder")
        parts = sorted(p for p in path.iterdir()
                       if p.is_file() and not p.is_symlink() and sniff(p) is not None)
        archives.extend(open_archive(p, limits) for p in parts)
        if any(p not in parts and not is_debris(p.name) for p in path.iterdir()):
            folder = FolderArchive(path, limits, exclude=parts)
            if folder.names or folder.refused:
                archives.append(folder)
    return archives
