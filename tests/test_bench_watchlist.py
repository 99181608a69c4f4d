"""The benchmark's invented watch list loads with the profile reader (no timing here)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

from presence_audit.profile import load_profile

BENCH = Path(__file__).resolve().parent.parent / "benchmarks" / "bench_table.py"


def _bench():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("bench_table", BENCH)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["bench_table"] = module  # its dataclass looks itself up there
    spec.loader.exec_module(module)
    return module


def test_invented_watch_list_loads_with_requested_count(tmp_path: Path) -> None:
    bench = _bench()
    planted = bench.planted_people()
    invented = bench.invented_people(490, bench.sample_case_ids())
    profile = load_profile(bench.watchlist_profile(tmp_path, planted + invented))
    listed = [p for p in profile.people if p.origin.startswith("people.csv")]
    assert len(planted) == 10
    assert len(listed) == 500
    assert len({p.name.lower() for p in listed}) == 500
    assert {p.role for p in listed} >= {"party", "counsel", "witness"}
    assert any(h.platform == "x" and h.account_id for p in listed[10:] for h in p.handles)


def test_invented_people_are_deterministic() -> None:
    bench = _bench()
    ids = bench.sample_case_ids()
    assert bench.invented_people(50, ids) == bench.invented_people(50, ids)
    assert bench.invented_people(50, ids, seed=1) != bench.invented_people(50, ids)
