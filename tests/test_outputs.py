"""Audit files are replaced atomically: a crash mid-write never leaves half a report."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest

from presence_audit.outputs import atomic_writer, write_bytes


def test_an_exception_mid_write_keeps_the_previous_file(tmp_path):
    target = tmp_path / "report.html"
    write_bytes(target, b"<html>previous audit</html>")
    with pytest.raises(RuntimeError), atomic_writer(target) as out:
        out.write(b"<html>half of the new")
        raise RuntimeError("disk full")
    assert target.read_bytes() == b"<html>previous audit</html>"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.html"]


def test_a_killed_writer_never_leaves_a_half_report(tmp_path):
    target = tmp_path / "report.html"
    write_bytes(target, b"<html>previous audit</html>")
    code = ("import sys, time\n"
            "from pathlib import Path\n"
            "from presence_audit.outputs import atomic_writer\n"
            f"with atomic_writer(Path({str(target)!r})) as out:\n"
            "    out.write(b'<html>half of the new report')\n"
            "    out.flush()\n"
            "    print('writing', flush=True)\n"
            "    time.sleep(60)\n")
    proc = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
    assert proc.stdout.readline().strip() == "writing"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)
    time.sleep(0.1)
    assert target.read_bytes() == b"<html>previous audit</html>"
    leftovers = [p for p in tmp_path.iterdir() if p.name != "report.html"]
    assert all(p.name.startswith(".") and p.name.endswith(".tmp") for p in leftovers)


def test_files_are_owner_only(tmp_path):
    target = write_bytes(tmp_path / "findings.json", b"{}")
    assert target.stat().st_mode & 0o777 == 0o600
