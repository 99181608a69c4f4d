"""Shared test setup: no test may touch the user's real history store."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _private_history_store(tmp_path_factory, monkeypatch):
    """Point the default history store (PRESENCE_AUDIT_DB) at a fresh temporary file."""
    folder = tmp_path_factory.mktemp("history")
    monkeypatch.setenv("PRESENCE_AUDIT_DB", str(folder / "history.sqlite3"))
