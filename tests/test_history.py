"""The history store: private file, versioned schema, runs and findings, all-or-nothing runs."""

from __future__ import annotations

import os
import signal
import sqlite3
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest
from xarchive import build_x_archive, snowflake, tweet, tweet_date

from presence_audit import history
from presence_audit.errors import AuditInputError
from presence_audit.history import SCHEMA_VERSION, Review, Store, default_db_path, open_store

ROOT = Path(__file__).resolve().parent.parent
PROFILE = ROOT / "sample_archives" / "profile.toml"


def finding(fp: str, chash: str = "c0", **fields) -> dict:
    return {"fingerprint": fp, "content_hash": chash, "rule": "PARTY_CONNECTION", **fields}


def record(store: Store, subject: str, findings: list[dict]) -> int:
    return store.record_run(subject=subject, started_at="2026-01-01T00:00:00Z",
                            archives=[{"label": "x.zip", "sha256": "ab" * 32}],
                            tool_version="0.1.0", rules_version="r1",
                            counts={"total": len(findings)}, findings=findings)


def test_store_is_private_and_versioned(tmp_path):
    path = tmp_path / "data" / "deeper" / "h.sqlite3"
    with open_store(path) as store:
        assert store.version() == SCHEMA_VERSION
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    with open_store(path) as store:  # reopening runs no migration twice
        rows = store.db.execute("SELECT version FROM schema_version").fetchall()
        assert [r[0] for r in rows] == [v for v, _ in history.MIGRATIONS]


def test_newer_or_foreign_store_is_refused_in_one_line(tmp_path):
    path = tmp_path / "h.sqlite3"
    with open_store(path) as store:
        store.db.execute("INSERT INTO schema_version (version) VALUES (?)",
                         (SCHEMA_VERSION + 1,))
    with pytest.raises(AuditInputError, match="newer than this tool"):
        open_store(path)
    junk = tmp_path / "junk.sqlite3"
    junk.write_bytes(b"this is not a database at all" * 100)
    with pytest.raises(AuditInputError, match="not a usable history store") as err:
        open_store(junk)
    assert "\n" not in str(err.value)


def test_default_path_comes_from_the_environment(tmp_path, monkeypatch):
    monkeypatch.setenv(history.ENV_DB, str(tmp_path / "env.sqlite3"))
    assert default_db_path() == tmp_path / "env.sqlite3"
    monkeypatch.delenv(history.ENV_DB)
    assert default_db_path().name == history.DB_NAME
    assert "presence-audit" in str(default_db_path())


def test_first_and_last_seen_and_last_run_per_subject(tmp_path):
    with open_store(tmp_path / "h.sqlite3") as store:
        r1 = record(store, "Maria Rossi", [finding("a"), finding("b")])
        record(store, "Someone Else", [finding("a", "other")])
        r2 = record(store, "Maria Rossi", [finding("a", "c1"), finding("c")])
        run, rows = store.findings_of_last_run("Maria Rossi")
        assert run.id == r2 and {f["fingerprint"] for f in rows} == {"a", "c"}
        first, last = store.db.execute(
            "SELECT first_seen_run, last_seen_run FROM findings WHERE subject = ? AND "
            "fingerprint = 'a'", ("Maria Rossi",)).fetchone()
        assert (first, last) == (r1, r2)
        gone = store.db.execute("SELECT last_seen_run FROM findings WHERE fingerprint = 'b'"
                                ).fetchone()[0]
        assert gone == r1
        assert store.seen("a") == [("Maria Rossi", "c1"), ("Someone Else", "other")]
        assert store.findings_of_last_run("Nobody") == (None, [])
        assert [r.id for r in store.runs("Maria Rossi")] == [r1, r2]


def test_reviews_are_appended_never_overwritten(tmp_path):
    with open_store(tmp_path / "h.sqlite3") as store:
        record(store, "S", [finding("a")])
        store.add_reviews([("S", "a", Review("acknowledged", "n1", "A", "2026-01-02"))])
        store.add_reviews([("S", "a", Review("remediated", "", "B", "2026-02-02"))])
        assert [r.status for r in store.reviews("S")["a"]] == ["acknowledged", "remediated"]
        assert store.reviews("Other") == {}


def test_a_failing_run_leaves_the_store_as_it_was(tmp_path):
    with open_store(tmp_path / "h.sqlite3") as store:
        record(store, "S", [finding("a")])
        before = store.counts()
        with pytest.raises(sqlite3.IntegrityError):
            record(store, "S", [finding("b"), {"fingerprint": None}])  # NOT NULL fails
        assert store.counts() == before
        assert store.findings_of_last_run("S")[1][0]["fingerprint"] == "a"


def scan_args(archive: Path, out: Path, db: Path) -> list[str]:
    return [sys.executable, "-m", "presence_audit.cli", "scan", str(archive), "--profile",
            str(PROFILE), "--out", str(out), "--db", str(db), "--quiet"]


# Runs the CLI with the store paused inside its write transaction: once the run row is
# inserted and before the findings are, it touches the marker file and waits to be killed.
PAUSED_CLI = """
import pathlib, sys, time
from presence_audit import cli, history

marker = pathlib.Path(sys.argv.pop(1))
opened = history.Store.__init__

def pause_before_findings(sql):
    if sql.lstrip().startswith("INSERT INTO findings"):
        marker.write_text("inside the transaction")
        time.sleep(60)

def init(self, path):
    opened(self, path)
    self.db.set_trace_callback(pause_before_findings)

history.Store.__init__ = init
cli.app(prog_name="presence-audit")
"""


def test_a_run_killed_mid_write_leaves_the_store_unchanged_and_usable(tmp_path):
    when = "2024-03-14T14:20:31Z"
    archive = build_x_archive(tmp_path / "x.zip", tweets=[tweet(
        snowflake(when), tweet_date(when), "@acme_holdings Congratulations!",
        reply_to=(snowflake("2024-03-01T10:00:00Z"), "1500000001", "acme_holdings"),
        mentions=[("acme_holdings", "1500000001")])])
    db = tmp_path / "store" / "h.sqlite3"
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    first = subprocess.run(scan_args(archive, tmp_path / "o1", db), env=env,
                           capture_output=True, text=True, timeout=300)
    assert first.returncode == 1, first.stderr
    with open_store(db) as store:
        before = store.counts()
        before_rows = store.db.execute("SELECT * FROM findings ORDER BY fingerprint"
                                       ).fetchall()
    assert before["runs"] == 1 and before["findings"] >= 1

    marker = tmp_path / "inside-transaction"
    paused = [sys.executable, "-c", PAUSED_CLI, str(marker),
              *scan_args(archive, tmp_path / "o2", db)[3:]]
    proc = subprocess.Popen(paused, env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 240
        while not marker.exists():
            assert proc.poll() is None, "the scan ended before reaching the store"
            assert time.monotonic() < deadline, "the scan never reached the store"
            time.sleep(0.05)
        # The run row is inserted and the transaction is open: kill it now.
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == -signal.SIGKILL
    with open_store(db) as store:
        assert store.counts() == before
        assert store.db.execute("SELECT * FROM findings ORDER BY fingerprint"
                                ).fetchall() == before_rows
        assert store.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    third = subprocess.run(scan_args(archive, tmp_path / "o3", db), env=env,
                           capture_output=True, text=True, timeout=300)
    assert third.returncode == 1, third.stderr
    with open_store(db) as store:
        assert store.counts()["runs"] == 2
