"""Pins what each shipped sample archive yields, alone and all three together.

A refactor that claims "behaviour unchanged" is held to it here: the findings (fingerprint,
rule, severity), every coverage row and the imported row counts per platform and kind must
equal ``tests/data/sample_pins.json``. A deliberate change regenerates the file with
``python tests/test_sample_pins.py --regen`` and shows up in review as a diff of that file.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from presence_audit.scan import scan

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "sample_archives"
PROFILE = SAMPLES / "profile.toml"
PINS = Path(__file__).resolve().parent / "data" / "sample_pins.json"
SCANS = {name: [f"{name}-sample.zip"] for name in ("x", "facebook", "instagram")}
SCANS["all"] = [f"{name}-sample.zip" for name in ("x", "facebook", "instagram")]


def observe(archives: list[str]) -> dict:
    """What one scan yields, in a JSON-comparable form (lists sorted, no run times)."""
    result = scan([str(SAMPLES / a) for a in archives], str(PROFILE))
    f = result.findings
    findings = sorted([fp, rule, sev] for fp, rule, sev in zip(
        f["fingerprint"].astype(str), f["rule"].astype(str), f["severity"].astype(str),
        strict=True))
    coverage = sorted((e.to_dict() for e in result.coverage),
                      key=lambda e: json.dumps(e, sort_keys=True))
    a = result.activity
    counts = a.groupby([a["platform"].astype(str), a["kind"].astype(str)]).size()
    rows = {f"{platform}/{kind}": int(n) for (platform, kind), n in sorted(counts.items())}
    return {"findings": findings, "coverage": coverage, "rows": rows}


def observe_all() -> dict:
    return {name: observe(archives) for name, archives in SCANS.items()}


@pytest.fixture(scope="module")
def pins() -> dict:
    return json.loads(PINS.read_text(encoding="utf-8"))


@pytest.fixture(autouse=True)
def _no_history(tmp_path, monkeypatch):
    # scan() records nothing, but keep any history lookup away from the user's store
    monkeypatch.setenv("PRESENCE_AUDIT_DB", str(tmp_path / "history.db"))


@pytest.mark.parametrize("name", sorted(SCANS))
def test_sample_scan_matches_its_pins(pins, name):
    seen, want = observe(SCANS[name]), pins[name]
    assert seen["rows"] == want["rows"]
    assert seen["findings"] == want["findings"]
    assert seen["coverage"] == want["coverage"]


def test_pins_cover_every_platform_and_the_demo_total(pins):
    # the pins themselves stay meaningful: every platform imports rows and has findings
    assert len(pins["all"]["findings"]) == 79
    for name in ("x", "facebook", "instagram"):
        assert any(key.startswith(f"{name}/") for key in pins[name]["rows"])
        assert pins[name]["findings"]


def main(argv: list[str]) -> int:
    if argv != ["--regen"]:
        print("usage: python tests/test_sample_pins.py --regen  (rewrites tests/data/"
              "sample_pins.json from the current code)")
        return 2
    PINS.parent.mkdir(parents=True, exist_ok=True)
    PINS.write_text(json.dumps(observe_all(), indent=1, sort_keys=True, ensure_ascii=False)
                    + "\n", encoding="utf-8")
    print(f"wrote {PINS}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
