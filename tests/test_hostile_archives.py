"""Hostile containers through the whole scan: a clear one-line error or a coverage entry.

The archive layer's own tests (test_archive.py, test_archive_fuzz.py) cover each container
trick in isolation; these check what the user sees from ``presence-audit scan``.
"""

from __future__ import annotations

import io
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from test_archive import mark_encrypted
from xarchive import account, tweet, write_zip, x_members

from presence_audit.scan import scan

ROOT = Path(__file__).resolve().parent.parent
PROFILE = ROOT / "sample_archives" / "profile.toml"
APRIL = "Tue Apr 16 14:02:11 +0000 2024"
OWNER = {"account": account("4400000001", "mariarossi_nyc"), "generated": "2024-06-01T12:00:00Z"}


def reply_members(text: str = "@acme_holdings see you at the hearing") -> dict[str, bytes]:
    """An X export holding one reply to a party of the sample's pending case."""
    reply = tweet("1780231000000000001", APRIL, text,
                  reply_to=("1780230000000000000", "1500000001", "acme_holdings"))
    return x_members(tweets=[reply], **OWNER)


def harmless_members() -> dict[str, bytes]:
    return x_members(tweets=[tweet("1780231000000000001", APRIL, "a harmless post")], **OWNER)


def x_zip_bytes(text: str = "@acme_holdings see you at the hearing") -> bytes:
    return write_zip(reply_members(text))


def run_cli(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "presence_audit.cli", *args], cwd=cwd,
                          capture_output=True, text=True, timeout=120,
                          env={**os.environ, "PRESENCE_AUDIT_DEBUG": ""})


def assert_one_line_error(proc: subprocess.CompletedProcess, *fragments: str) -> None:
    assert proc.returncode == 2, proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1, proc.stderr
    assert "Traceback" not in proc.stderr
    for fragment in fragments:
        assert fragment in lines[0], lines[0]


def test_nested_archives_are_never_opened(tmp_path):
    """A zip inside a zip is listed, not opened: its records are not read."""
    outer = tmp_path / "outer.zip"
    with zipfile.ZipFile(outer, "w") as zf:
        zf.writestr("inner/twitter-2024.zip", x_zip_bytes())
        zf.writestr("notes.txt", "hello")
    proc = run_cli("scan", str(outer), "--profile", str(PROFILE), "--out", str(tmp_path / "a"),
                   cwd=tmp_path)
    assert_one_line_error(proc, "outer.zip")
    assert not (tmp_path / "a" / "report.html").exists()


def test_nested_archive_beside_a_real_export_is_in_coverage(tmp_path):
    members = harmless_members()
    members["data/old-export.zip"] = x_zip_bytes()
    path = tmp_path / "x.zip"
    path.write_bytes(write_zip(members))
    result = scan([path], PROFILE)
    [entry] = [c for c in result.coverage if c.member.endswith("old-export.zip")]
    assert entry.status in ("unrecognized", "skipped") and "nested" in entry.reason
    assert "acme_holdings" not in set(result.activity["counterpart"].dropna())


def test_zip_renamed_tar_gz_is_audited(tmp_path):
    path = tmp_path / "export.tar.gz"
    path.write_bytes(x_zip_bytes())
    result = scan([path], PROFILE)
    assert (result.findings["rule"] == "PARTY_CONNECTION").any()


def test_empty_archive_and_non_export_folder_are_clear_errors(tmp_path):
    empty = tmp_path / "empty.zip"
    with zipfile.ZipFile(empty, "w"):
        pass
    proc = run_cli("scan", str(empty), "--profile", str(PROFILE), "--out", str(tmp_path / "a"),
                   cwd=tmp_path)
    assert_one_line_error(proc)
    folder = tmp_path / "holiday-photos"
    folder.mkdir()
    (folder / "beach.txt").write_text("not an export")
    (folder / "list.json").write_text("[1, 2, 3]")
    proc = run_cli("scan", str(folder), "--profile", str(PROFILE), "--out", str(tmp_path / "b"),
                   cwd=tmp_path)
    assert_one_line_error(proc, "holiday-photos")


def test_symlink_in_export_folder_is_not_followed(tmp_path):
    secret = tmp_path / "secret.js"
    secret.write_text('window.YTD.tweets.part0 = [ {"tweet": {"id_str": "1", "full_text": '
                      '"@acme_holdings secret", "created_at": "' + APRIL + '"}} ]')
    export = tmp_path / "export"
    with zipfile.ZipFile(io.BytesIO(x_zip_bytes("a harmless post"))) as zf:
        zf.extractall(export)
    os.symlink(secret, export / "data" / "tweets-part9.js")
    result = scan([export], PROFILE)
    assert "secret" not in " ".join(result.activity["text"].dropna())
    [entry] = [c for c in result.coverage if c.member.endswith("tweets-part9.js")]
    assert entry.status == "failed" and "link" in entry.reason


def test_bomb_member_fails_alone_and_memory_stays_bounded(tmp_path):
    """A zip-bomb member is refused in coverage; the rest of the archive is audited."""
    members = reply_members()
    path = tmp_path / "bomb.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
        with zf.open("data/like.js", "w") as member:
            member.write(b"window.YTD.like.part0 = [ ")
            for _ in range(300):  # 300 MiB of spaces, about 300 KiB compressed
                member.write(b" " * (1 << 20))
    code = ("import resource, sys\n"
            "from presence_audit.scan import scan\n"
            f"r = scan([{str(path)!r}], {str(PROFILE)!r})\n"
            "peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024\n"
            "like = [c for c in r.coverage if c.member == 'data/like.js'][0]\n"
            "print(like.status, '|', like.reason)\n"
            "print('rows', len(r.activity), 'peak_mib', peak)\n")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=300)
    assert proc.returncode == 0, proc.stderr
    status_line, figures = proc.stdout.strip().splitlines()[-2:]
    assert status_line.startswith("failed") and "ratio" in status_line
    rows, peak = int(figures.split()[1]), int(figures.split()[3])
    assert rows >= 1
    assert peak < 600, f"peak RSS {peak} MiB"


def test_encrypted_and_duplicate_members_are_in_coverage(tmp_path):
    members = harmless_members()
    path = tmp_path / "x.zip"
    with zipfile.ZipFile(path, "w") as zf, pytest.warns(UserWarning):
        for name, data in members.items():
            zf.writestr(name, data)
        zf.writestr("data/tweets.js", b"window.YTD.tweets.part0 = [ ]")  # duplicate name
        zf.writestr("data/direct-messages.js", b"window.YTD.direct_messages.part0 = [ ]")
    mark_encrypted(path, b"data/direct-messages.js")
    result = scan([path], PROFILE)
    reasons = {c.member: c.reason for c in result.coverage if c.status == "failed"}
    assert "encrypted" in reasons["data/direct-messages.js"]
    assert "duplicate" in reasons["data/tweets.js"]
    assert "a harmless post" in set(result.activity["text"].dropna())
