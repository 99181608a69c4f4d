"""The history store: every audit run and every finding seen, so the next quarter remembers.

An embedded SQLite file (``--db``, else ``$PRESENCE_AUDIT_DB``, else the platform's user data
folder). It holds runs (subject, time, archives and checksums, tool and rules version, counts),
findings by (subject, fingerprint) with the runs that first and last saw them, and review
decisions, which are only ever appended so a finding's status history is never lost.

One run is one ``BEGIN IMMEDIATE … COMMIT`` transaction: a run killed half-way leaves the
store as it was (SQLite rolls the hot journal back on the next open). The file is created
0600 in a 0700 folder: it names people, cases and private messages, like the audit itself.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import orjson

from presence_audit.errors import AuditInputError
from presence_audit.outputs import DIR_MODE, FILE_MODE

ENV_DB = "PRESENCE_AUDIT_DB"
DB_NAME = "history.sqlite3"
BUSY_MS = 10_000

# Ordered migrations: version N's script turns a version N-1 store into a version N store.
MIGRATIONS: tuple[tuple[int, str], ...] = (
    (1, """
        CREATE TABLE runs (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            subject TEXT NOT NULL,
            started_at TEXT NOT NULL,
            recorded_at TEXT NOT NULL,
            archives TEXT NOT NULL,          -- JSON list of {label, path, kind, sha256}
            tool_version TEXT NOT NULL,
            rules_version TEXT NOT NULL,
            counts TEXT NOT NULL,            -- JSON summary counts
            out_dir TEXT
        );
        CREATE INDEX runs_subject ON runs (subject, id);
        CREATE TABLE findings (
            subject TEXT NOT NULL,
            fingerprint TEXT NOT NULL,
            first_seen_run INTEGER NOT NULL REFERENCES runs (id),
            last_seen_run INTEGER NOT NULL REFERENCES runs (id),
            content_hash TEXT,
            fields TEXT NOT NULL,            -- JSON of the finding as last seen
            PRIMARY KEY (subject, fingerprint)
        );
        CREATE INDEX findings_last ON findings (subject, last_seen_run);
        CREATE TABLE reviews (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            subject TEXT NOT NULL,
            fingerprint TEXT NOT NULL,
            status TEXT NOT NULL,
            note TEXT NOT NULL DEFAULT '',
            reviewer TEXT NOT NULL,
            at TEXT NOT NULL,
            content_hash TEXT                -- the text the decision was taken on
        );
        CREATE INDEX reviews_fp ON reviews (subject, fingerprint, id);
    """),
)
SCHEMA_VERSION = MIGRATIONS[-1][0]


def default_db_path() -> Path:
    """``$PRESENCE_AUDIT_DB``, else ``history.sqlite3`` in the user data folder."""
    env = os.environ.get(ENV_DB)
    if env:
        return Path(env)
    from platformdirs import user_data_dir

    return Path(user_data_dir("presence-audit", appauthor=False)) / DB_NAME


def now_iso() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


@dataclass
class Review:
    """One decision on one finding, as stored (append-only)."""

    status: str
    note: str
    by: str
    at: str
    content_hash: str | None = None

    def to_dict(self) -> dict:
        return {"status": self.status, "note": self.note, "by": self.by, "at": self.at}


@dataclass
class RunRecord:
    id: int
    subject: str
    started_at: str
    archives: list[dict]
    counts: dict


def _private_file(path: Path) -> None:
    """Create the folder 0700 and the store file 0600 before SQLite opens it."""
    if path.is_symlink():
        raise AuditInputError(f"{path}: the history store must not be a symbolic link")
    folder = path.parent
    if not folder.exists():
        try:
            folder.mkdir(parents=True, mode=DIR_MODE)
            os.chmod(folder, DIR_MODE)  # mkdir's mode is filtered by the umask
        except OSError as exc:
            raise AuditInputError(f"{folder}: cannot create the history folder "
                                  f"({exc.strerror})") from None
    if path.exists():
        if not path.is_file():
            raise AuditInputError(f"{path}: the history store must be a file")
        return
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL
                     | getattr(os, "O_NOFOLLOW", 0), FILE_MODE)
        os.fchmod(fd, FILE_MODE)
        os.close(fd)
    except FileExistsError:
        pass  # another process created it first
    except OSError as exc:
        raise AuditInputError(f"{path}: cannot create the history store ({exc.strerror})"
                              ) from None


class Store:
    """An open history store; use as a context manager or call ``close()``."""

    def __init__(self, path: str | os.PathLike):
        self.path = Path(path)
        _private_file(self.path)
        try:
            self.db = sqlite3.connect(self.path, timeout=BUSY_MS / 1000,
                                      isolation_level=None)  # we issue BEGIN/COMMIT ourselves
            self.db.execute("PRAGMA foreign_keys = ON")
            self.db.execute("PRAGMA synchronous = FULL")
            self._migrate()
        except sqlite3.DatabaseError as exc:
            raise AuditInputError(f"{self.path}: not a usable history store ({exc})") from None

    # ------------------------------------------------------------ lifecycle

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """All-or-nothing writes: a crash or an exception leaves the store as it was."""
        self.db.execute("BEGIN IMMEDIATE")
        try:
            yield self.db
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        self.db.execute("COMMIT")

    def version(self) -> int:
        self.db.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)")
        row = self.db.execute("SELECT MAX(version) FROM schema_version").fetchone()
        return int(row[0] or 0)

    def _migrate(self) -> None:
        with self.transaction():
            current = self.version()
        if current > SCHEMA_VERSION:
            raise AuditInputError(
                f"{self.path}: history store schema version {current} is newer than this "
                f"tool understands ({SCHEMA_VERSION}); upgrade presence-audit")
        for version, script in MIGRATIONS:
            if version <= current:
                continue
            with self.transaction() as db:
                for statement in _statements(script):
                    db.execute(statement)
                db.execute("INSERT INTO schema_version (version) VALUES (?)", (version,))

    # ------------------------------------------------------------ runs and findings

    def record_run(self, *, subject: str, started_at: str, archives: list[dict],
                   tool_version: str, rules_version: str, counts: dict,
                   findings: list[dict], out_dir: str | None = None) -> int:
        """Store one run and the findings it saw (fingerprint, content_hash, fields)."""
        with self.transaction() as db:
            cur = db.execute(
                "INSERT INTO runs (subject, started_at, recorded_at, archives, tool_version, "
                "rules_version, counts, out_dir) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (subject, started_at, now_iso(), _json(archives), tool_version, rules_version,
                 _json(counts), out_dir))
            run_id = int(cur.lastrowid)
            db.executemany(
                "INSERT INTO findings (subject, fingerprint, first_seen_run, last_seen_run, "
                "content_hash, fields) VALUES (?, ?, ?, ?, ?, ?) "
                "ON CONFLICT (subject, fingerprint) DO UPDATE SET "
                "last_seen_run = excluded.last_seen_run, content_hash = excluded.content_hash, "
                "fields = excluded.fields",
                [(subject, f["fingerprint"], run_id, run_id, f.get("content_hash"), _json(f))
                 for f in findings])
        return run_id

    def last_run(self, subject: str) -> RunRecord | None:
        row = self.db.execute(
            "SELECT id, subject, started_at, archives, counts FROM runs WHERE subject = ? "
            "ORDER BY id DESC LIMIT 1", (subject,)).fetchone()
        if row is None:
            return None
        return RunRecord(id=row[0], subject=row[1], started_at=row[2],
                         archives=orjson.loads(row[3]), counts=orjson.loads(row[4]))

    def runs(self, subject: str | None = None) -> list[RunRecord]:
        query = "SELECT id, subject, started_at, archives, counts FROM runs"
        args: tuple = ()
        if subject is not None:
            query, args = query + " WHERE subject = ?", (subject,)
        return [RunRecord(id=r[0], subject=r[1], started_at=r[2], archives=orjson.loads(r[3]),
                          counts=orjson.loads(r[4]))
                for r in self.db.execute(query + " ORDER BY id", args)]

    def findings_of_last_run(self, subject: str) -> tuple[RunRecord | None, list[dict]]:
        """The subject's latest run and the findings it saw (their fields as then)."""
        run = self.last_run(subject)
        if run is None:
            return None, []
        rows = self.db.execute(
            "SELECT fields FROM findings WHERE subject = ? AND last_seen_run = ? "
            "ORDER BY fingerprint", (subject, run.id))
        return run, [orjson.loads(r[0]) for r in rows]

    def seen(self, fingerprint: str) -> list[tuple[str, str | None]]:
        """(subject, content_hash) of every subject whose runs saw ``fingerprint``."""
        return list(self.db.execute(
            "SELECT subject, content_hash FROM findings WHERE fingerprint = ? ORDER BY subject",
            (fingerprint,)))

    def seen_by_prefix(self, prefix: str) -> list[tuple[str, str, str | None]]:
        """(subject, fingerprint, content_hash) for fingerprints starting with ``prefix``."""
        escaped = prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        return list(self.db.execute(
            "SELECT subject, fingerprint, content_hash FROM findings "
            "WHERE fingerprint LIKE ? ESCAPE '\\' ORDER BY subject, fingerprint",
            (escaped + "%",)))

    # ------------------------------------------------------------ reviews

    def add_reviews(self, rows: list[tuple[str, str, Review]]) -> int:
        """Append (subject, fingerprint, review) decisions in one transaction."""
        with self.transaction() as db:
            db.executemany(
                "INSERT INTO reviews (subject, fingerprint, status, note, reviewer, at, "
                "content_hash) VALUES (?, ?, ?, ?, ?, ?, ?)",
                [(s, fp, r.status, r.note, r.by, r.at, r.content_hash) for s, fp, r in rows])
        return len(rows)

    def reviews(self, subject: str) -> dict[str, list[Review]]:
        """Fingerprint -> its decisions, oldest first."""
        out: dict[str, list[Review]] = {}
        for fp, status, note, by, at, chash in self.db.execute(
                "SELECT fingerprint, status, note, reviewer, at, content_hash FROM reviews "
                "WHERE subject = ? ORDER BY id", (subject,)):
            out.setdefault(fp, []).append(Review(status, note, by, at, chash))
        return out

    def counts(self) -> dict[str, int]:
        """Rows per table (tests and ``--db`` diagnostics)."""
        return {t: int(self.db.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0])
                for t in ("runs", "findings", "reviews")}


def open_store(path: str | os.PathLike | None = None) -> Store:
    """Open (creating and migrating) the store at ``path`` or the default location."""
    return Store(Path(path) if path else default_db_path())


def _statements(script: str) -> list[str]:
    lines = [line.split("--", 1)[0] for line in script.splitlines()]
    return [s.strip() for s in "\n".join(lines).split(";") if s.strip()]


def _json(value) -> str:
    return orjson.dumps(value, option=orjson.OPT_SERIALIZE_NUMPY | orjson.OPT_NON_STR_KEYS,
                        default=str).decode()
