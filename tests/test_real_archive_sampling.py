"""evaluation/real_archives/sample_findings.py: the seeded sample and the precision summary.

The sample must be reproducible (same seed, same findings -> same rows), must leave the
finding's text out unless asked (labelling files must be safe to keep next to the code), and
the summary must count only labelled rows.
"""

from __future__ import annotations

import csv
import json
import sys
from pathlib import Path

import pytest

SCRIPT_DIR = Path(__file__).resolve().parent.parent / "evaluation" / "real_archives"
sys.path.insert(0, str(SCRIPT_DIR))

import sample_findings  # noqa: E402


def finding(i: int, rule: str = "POLITICAL_ACTIVITY", model: bool = True,
            evidence: bool = False) -> dict:
    return {"fingerprint": f"{i:020x}", "rule": rule, "severity": "low", "kind": "like",
            "text": f"invented text {i}", "reason": "invented reason", "modifiers": ["M-WEAK-ACT"],
            "evidence": [{"field": "text", "start": 0, "end": 3, "text": "abc"}] if evidence
            else [], "entity": None, "case_id": None,
            "explanation": ({"model": "political", "score": 0.91, "top_terms": []}
                            if model else None)}


@pytest.fixture
def findings_file(tmp_path: Path) -> Path:
    items = [finding(i) for i in range(80)] + [finding(100, rule="ACCOUNT_HYGIENE", model=False)]
    path = tmp_path / "findings.json"
    path.write_text(json.dumps({"findings": items}), encoding="utf-8")
    return path


def run_sample(findings_file: Path, out: Path, *extra: str) -> list[dict]:
    code = sample_findings.main(["sample", str(findings_file), "--archive", "a", "--out", str(out),
                                 "--n", "10", "--exclude-rule", "ACCOUNT_HYGIENE", *extra])
    assert code == 0
    with out.open(newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def test_sample_is_seeded_and_excludes_rules_and_text(findings_file: Path, tmp_path: Path) -> None:
    first = run_sample(findings_file, tmp_path / "one.csv")
    again = run_sample(findings_file, tmp_path / "two.csv")
    assert [r["fingerprint"] for r in first] == [r["fingerprint"] for r in again]
    assert len(first) == 10
    assert all(r["rule"] == "POLITICAL_ACTIVITY" for r in first)
    assert "text" not in first[0] and "invented text" not in (tmp_path / "one.csv").read_text()
    other_seed = run_sample(findings_file, tmp_path / "three.csv", "--seed", "14")
    assert {r["fingerprint"] for r in other_seed} != {r["fingerprint"] for r in first}


def test_with_text_adds_the_text_for_local_labelling(findings_file: Path, tmp_path: Path) -> None:
    rows = run_sample(findings_file, tmp_path / "t.csv", "--with-text")
    assert rows[0]["text"].startswith("invented text")


def test_evidence_path_names_how_the_finding_was_reached() -> None:
    assert sample_findings.evidence_path(finding(1)) == "classifier"
    assert sample_findings.evidence_path(finding(1, evidence=True)) == "cue+classifier"
    assert sample_findings.evidence_path(finding(1, model=False, evidence=True)) == "cue"
    assert sample_findings.evidence_path({**finding(1), "entity": "Some Party"}) == "entity"


def test_summarize_counts_labelled_rows_only(findings_file: Path, tmp_path: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "labels.csv"
    rows = run_sample(findings_file, out)
    for i, r in enumerate(rows):
        r["label"] = "right" if i < 6 else ("wrong" if i < 9 else "")
        r["reason_class"] = "" if i < 6 else "function word evidence"
    with out.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    assert sample_findings.main(["summarize", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "9 labelled of 10 rows" in printed
    assert "6/9" in printed and "0.67" in printed
    assert "function word evidence                   3" in printed


def test_unreadable_findings_file_is_one_line(tmp_path: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "findings.json"
    bad.write_text("not json", encoding="utf-8")
    code = sample_findings.main(["sample", str(bad), "--archive", "a",
                                 "--out", str(tmp_path / "x.csv")])
    assert code == 2
    assert capsys.readouterr().err.count("\n") == 1


def test_wilson_interval_stays_in_bounds() -> None:
    lo, hi = sample_findings.wilson(0, 4)
    assert lo == 0.0 and 0.4 < hi < 0.6
    lo, hi = sample_findings.wilson(9, 10)
    assert 0.5 < lo < 0.9 < hi <= 1.0
