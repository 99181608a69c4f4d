"""The batch beyond one process: a process pool and a Dask cluster give the summary, the
audit folders and the history a one-at-a-time batch gives; a broken subject fails alone."""

from __future__ import annotations

import json
import os
import stat
import sys
from pathlib import Path
from unittest.mock import ANY

import pytest
from test_batch import run, subject

from presence_audit import pool
from presence_audit.history import open_store

STABLE = ("folder", "name", "status", "reason", "exit_status", "total", "open",
          "open_by_severity", "new", "reappeared", "resolved", "report", "archives")


def two_subjects(root: Path) -> None:
    """One good subject and one whose only archive is a corrupt zip."""
    subject(root, "a-rossi", ["x-sample.zip"])
    broken = subject(root, "b-broken", ["x-sample.zip"])
    (broken / "x-sample.zip").write_bytes(b"PK\x03\x04 this zip was cut short")


def batch_run(root: Path, out: Path, *extra) -> tuple[dict, object]:
    result = run("batch", root, "--out", out, "--db", out.parent / f"{out.name}.sqlite3",
                 *extra)
    return json.loads((out / "summary.json").read_text()), result


def rows_of(doc: dict) -> list[dict]:
    return [{k: r.get(k) for k in STABLE} for r in doc["subjects"]]


def findings_of(out: Path) -> list[tuple]:
    doc = json.loads((out / "a-rossi" / "findings.json").read_text())
    return sorted((f["fingerprint"], f["change"]) for f in doc["findings"])


def stored_runs(db: Path) -> list[tuple[str, int]]:
    with open_store(db) as store:
        return [(subject, len(store.findings_of_last_run(subject)[1]))
                for subject in ("Maria Rossi", "b-broken")]


def test_process_pool_gives_the_sequential_summary(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # relative paths, as typed: the workers read them alike
    root = Path("subjects")
    two_subjects(root)
    seq_doc, seq = batch_run(root, Path("seq"), "--jobs", "1")
    par_doc, par = batch_run(root, Path("par"), "--jobs", "2")

    assert seq.exit_code == par.exit_code == 2, par.stderr
    assert rows_of(par_doc) == rows_of(seq_doc)
    assert [r["folder"] for r in par_doc["subjects"]] == ["a-rossi", "b-broken"]
    broken = par_doc["subjects"][1]
    assert broken["status"] == "failed"
    assert broken["reason"].startswith("subjects/b-broken/x-sample.zip: not a readable zip")
    assert "b-broken: failed" in par.stdout and "a-rossi: " in par.stdout
    assert par_doc["totals"] == {**seq_doc["totals"], "subjects": 2, "ok": 1, "failed": 1}
    assert findings_of(tmp_path / "par") == findings_of(tmp_path / "seq")
    assert par_doc["subjects"][0]["open"] > 0
    assert (json.loads((tmp_path / "par" / "a-rossi" / "findings.json").read_bytes())
            == json.loads((tmp_path / "seq" / "a-rossi" / "findings.json").read_bytes())
            | {"generated_at": ANY})

    # The parent recorded the good subject's run, so the next run has nothing new.
    runs = stored_runs(tmp_path / "par.sqlite3")
    assert runs[0][1] == par_doc["subjects"][0]["total"] and runs[1] == ("b-broken", 0)
    for path in (tmp_path / "par").rglob("*"):
        want = 0o700 if path.is_dir() else 0o600
        assert stat.S_IMODE(path.stat().st_mode) == want, path
    again, _ = batch_run(root, tmp_path / "par", "--jobs", "2")
    assert again["subjects"][0]["new"] == 0 and again["subjects"][0]["status"] == "ok"


def test_bad_jobs_and_missing_dask_extra_are_one_line(tmp_path, monkeypatch):
    root = tmp_path / "subjects"
    subject(root, "a", ["x-sample.zip"])
    result = run("batch", root, "--out", tmp_path / "o", "--jobs", "0")
    assert result.exit_code == 2 and "--jobs must be 1 or more" in result.stderr
    monkeypatch.setitem(sys.modules, "distributed", None)  # the extra not installed
    result = run("batch", root, "--out", tmp_path / "o2", "--dask-scheduler",
                 "tcp://127.0.0.1:8786")
    assert result.exit_code == 2, result.stderr
    assert result.stderr.count("\n") == 1
    assert "pip install 'presence-audit[dask]'" in result.stderr


@pytest.mark.parametrize("processes", [False, True])
def test_dask_cluster_gives_the_sequential_summary(tmp_path, processes):
    distributed = pytest.importorskip("distributed")
    root = tmp_path / "subjects"
    two_subjects(root)
    seq_doc, _ = batch_run(root, tmp_path / "seq", "--jobs", "1")
    # In-process the cluster talks over inproc://; with worker processes, over localhost.
    where = {"host": "127.0.0.1"} if processes else {}
    with distributed.LocalCluster(n_workers=1, threads_per_worker=1, processes=processes,
                                  dashboard_address=None,
                                  local_directory=str(tmp_path / "dask-scratch"),
                                  **where) as cluster:
        dask_doc, result = batch_run(root, tmp_path / "dask", "--dask-scheduler",
                                     cluster.scheduler_address)
    assert result.exit_code == 2, result.stderr
    assert rows_of(dask_doc) == rows_of(seq_doc)
    assert "b-broken: failed" in result.stdout
    assert findings_of(tmp_path / "dask") == findings_of(tmp_path / "seq")
    assert stored_runs(tmp_path / "dask.sqlite3")[0][1] == dask_doc["subjects"][0]["total"]


def halve(n: int) -> float:
    """A task for the pool: fails on odd numbers, kills its worker on 13."""
    if n == 13:
        os._exit(3)
    if n % 2:
        raise ValueError(f"{n} is odd")
    return n / 2


def test_pool_yields_each_failure_beside_the_results():
    got = dict(pool.run_tasks(halve, [2, 3, 4], jobs=2))
    assert got[2] == 1 and got[4] == 2
    assert isinstance(got[3], ValueError) and str(got[3]) == "3 is odd"
    here = dict(pool.run_tasks(halve, [3, 4], jobs=1))
    assert isinstance(here[3], ValueError) and here[4] == 2


def test_a_dead_worker_is_reported_not_raised():
    got = dict(pool.run_tasks(halve, [13, 2], jobs=2))
    assert isinstance(got[13], Exception)  # the pool broke: its tasks are lost, not the batch
