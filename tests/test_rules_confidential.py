"""CONFIDENTIAL_INFORMATION (rules.md 3, 6.8)."""

from __future__ import annotations

from presence_audit.rules import RuleContext
from presence_audit.rules.confidential import detect

try:
    from test_matching import frame, scenario_profile
except ImportError:  # tests collected as a package
    from tests.test_matching import frame, scenario_profile


def run(rows, profile=None, role="judge"):
    d = detect(RuleContext(frame(rows), profile or scenario_profile(role)))
    return dict(zip(d["row"], d["severity"], strict=True))


def test_confidential_words_near_case_high_public_info_plain_reference_none():
    sev = run([{"kind": "post", "text": "Between us, Index No. 512345/2024 will settle"},
               {"kind": "post", "text": "Per il comunicato stampa, 512345/2024 riservato"},
               {"kind": "post", "text": "Index No. 512345/2024 hearing today"}])
    assert sev == {0: "high", 1: "info"}


def test_sealed_case_any_reference_is_critical_and_deliberation_cue_only_medium():
    p = scenario_profile()
    p.cases[0].sealed = True
    sev = run([{"kind": "post", "text": "Index No. 512345/2024 hearing today"},
               {"kind": "post", "text": "I colleghi del collegio: bozza di sentenza pronta"}], p)
    assert sev == {0: "critical", 1: "medium"}
