"""INDEPENDENT_RESEARCH (rules.md 3)."""

from __future__ import annotations

from presence_audit.rules import RuleContext
from presence_audit.rules.research import detect

try:
    from test_matching import frame, scenario_profile
except ImportError:  # tests collected as a package
    from tests.test_matching import frame, scenario_profile


def test_party_high_counsel_medium_own_name_and_legal_research_ignored():
    rows = [{"kind": "search", "text": "Brightwater Logistics"},
            {"kind": "search", "text": "Daniel Okafor"},
            {"kind": "search", "text": "Maria Rossi"},
            {"kind": "search", "text": "warehouse lease statute § 235"},
            {"kind": "search", "text": "Harold Finch estate", "timestamp": "2024-03-10T00:00Z"}]
    d = detect(RuleContext(frame(rows), scenario_profile()))
    assert dict(zip(d["row"], d["severity"], strict=True)) == {0: "high", 1: "medium"}
    assert "party" in d.iloc[0]["reason"]


def test_after_final_disposition_is_info_italian_query():
    d = detect(RuleContext(frame([{"kind": "search", "text": "Margaret Finch testamento"}]),
                           scenario_profile()))
    assert list(d["severity"]) == ["info"]


def test_a_follow_of_a_party_first_seen_in_the_window_reads_as_a_follow():
    rows = [{"kind": "follow", "counterpart": "brightwater.logistics",
             "timestamp": "2024-03-10T00:00:00Z"}]
    d = detect(RuleContext(frame(rows, platform="instagram"), scenario_profile()))
    assert len(d) == 1
    assert d.iloc[0]["reason"].startswith("Followed")
