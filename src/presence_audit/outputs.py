"""Safe writing of the audit folder: owner-only permissions, atomic replacement, no clobbering.

An audit names people, cases and private messages, so every file is created 0600 and the
folder 0700 whatever the umask says, and a file is written to a temporary sibling first and
moved into place with ``os.replace`` so a crash never leaves half a report. The tool only
writes into an empty folder or one holding a previous audit (recognized by findings.json
naming this tool), so a typo in ``--out`` cannot overwrite someone's documents.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

from presence_audit.errors import AuditInputError

TOOL_NAME = "presence-audit"
FILE_MODE = 0o600
DIR_MODE = 0o700
MARKER = "findings.json"


def is_previous_audit(folder: Path) -> bool:
    """True when ``folder`` holds a findings.json written by this tool."""
    marker = folder / MARKER
    if not marker.is_file() or marker.is_symlink():
        return False
    try:
        with open(marker, "rb") as f:
            head = f.read(4096)
    except OSError:
        return False
    # The file may be huge: our writer puts schema_version and tool first, so the head suffices.
    compact = b"".join(head.split())
    return f'"tool":{{"name":"{TOOL_NAME}"'.encode() in compact


def check_out_dir(path: str | os.PathLike) -> Path:
    """Refuse an ``--out`` that is a file, a link, or a non-empty folder of something else."""
    out = Path(path)
    if out.is_symlink() or (out.exists() and not out.is_dir()):
        raise AuditInputError(f"{out}: --out must be a folder (it is a file or a link)")
    if out.exists() and any(out.iterdir()) and not is_previous_audit(out):
        raise AuditInputError(
            f"{out}: folder is not empty and holds no previous audit; "
            "choose a new or empty folder for --out")
    return out


def prepare_out_dir(path: str | os.PathLike) -> Path:
    """Create ``path`` (0700) or accept it when empty or a previous audit; refuse otherwise."""
    out = check_out_dir(path)
    if out.exists():
        return out
    try:
        out.mkdir(parents=True, mode=DIR_MODE)
        os.chmod(out, DIR_MODE)  # mkdir's mode is filtered by the umask; chmod is not
    except OSError as exc:
        raise AuditInputError(f"{out}: cannot create the output folder ({exc.strerror})"
                              ) from None
    return out


@contextmanager
def atomic_writer(path: Path) -> Iterator[BinaryIO]:
    """Yield a binary file that becomes ``path`` (mode 0600) only when the block succeeds."""
    path = Path(path)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
    try:
        fd = os.open(tmp, flags, FILE_MODE)
    except OSError as exc:
        raise AuditInputError(f"{path}: cannot write ({exc.strerror})") from None
    try:
        os.fchmod(fd, FILE_MODE)  # the umask may have removed bits; never added any
        with os.fdopen(fd, "wb") as stream:
            yield stream
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def write_bytes(path: Path, data: bytes) -> Path:
    """Write ``data`` to ``path`` atomically with owner-only permissions."""
    with atomic_writer(path) as stream:
        stream.write(data)
    return path
