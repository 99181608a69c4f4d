"""Offline and private: a full scan with sockets disabled, and no network code anywhere."""

from __future__ import annotations

import ast
import socket
from pathlib import Path

import pytest
from typer.testing import CliRunner

from presence_audit.cli import app

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "sample_archives"
NETWORK_MODULES = ("socket", "ssl", "http", "urllib.request", "requests", "httpx", "aiohttp",
                   "ftplib", "smtplib", "telnetlib", "xmlrpc", "websocket", "urllib3")


class NetworkUsed(AssertionError):
    pass


@pytest.fixture
def no_sockets(monkeypatch):
    def refuse(*args, **kwargs):
        raise NetworkUsed(f"network access attempted: {args!r}")

    class DeadSocket(socket.socket):
        def __init__(self, *args, **kwargs):
            refuse(*args)

    monkeypatch.setattr(socket, "socket", DeadSocket)
    for name in ("create_connection", "getaddrinfo", "gethostbyname", "socketpair"):
        monkeypatch.setattr(socket, name, refuse)


def test_sockets_are_really_disabled(no_sockets):
    with pytest.raises(NetworkUsed):
        socket.create_connection(("127.0.0.1", 9))


def test_full_scan_with_sockets_disabled(no_sockets, tmp_path):
    out = tmp_path / "audit"
    archives = [str(SAMPLES / f"{name}-sample.zip") for name in ("x", "facebook", "instagram")]
    result = CliRunner().invoke(app, ["scan", *archives, "--profile",
                                      str(SAMPLES / "profile.toml"), "--out", str(out)])
    assert result.exit_code == 1, result.output
    assert not isinstance(result.exception, NetworkUsed)
    for name in ("report.html", "findings.json", "findings.csv"):
        assert (out / name).stat().st_size > 0


def test_no_module_imports_network_code():
    imported = {}
    for folder in ("src/presence_audit", "importers", "reports"):
        for path in (ROOT / folder).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text())):
                names = ([a.name for a in node.names] if isinstance(node, ast.Import)
                         else [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
                for name in names:
                    if any(name == m or name.startswith(m + ".") for m in NETWORK_MODULES):
                        imported[str(path.relative_to(ROOT))] = name
    assert imported == {}
