"""Reclaimed slurs: the speaker's own community term routes to review (rules.md
BIAS_OR_DISCRIMINATION near misses; issue 13). Invented items, written for presence-audit."""

from __future__ import annotations

from presence_audit.rules import RuleContext
from presence_audit.rules.demeanor import detect

try:
    from test_matching import frame, scenario_profile
except ImportError:  # tests collected as a package
    from tests.test_matching import frame, scenario_profile


def _bias(rows):
    d = detect(RuleContext(frame(rows), scenario_profile()))
    return d[d["rule"] == "BIAS_OR_DISCRIMINATION"].set_index("row")


def test_in_group_use_is_medium_for_review_and_an_attack_stays_critical():
    d = _bias([{"kind": "post", "text": "Us dykes are taking over the bowling league tonight"},
               {"kind": "post", "text": "I'm a proud old dyke and I vote in every election"},
               {"kind": "post", "text": "Those dykes should stay out of our bowling league"},
               {"kind": "post", "text": "we hate dykes"}])
    for row in (0, 1):
        assert d.loc[row, "severity"] == "medium"
        assert "reclaimed" in d.loc[row, "reason"]
        assert "M-WEAK-EVIDENCE" in d.loc[row, "modifiers"]
    assert d.loc[2, "severity"] == "critical" and d.loc[3, "severity"] == "critical"


def test_liked_in_group_use_gets_no_repeat():
    rows = [{"kind": "like", "text": f"us dykes at the pride picnic, day {i}",
             "timestamp": f"2024-03-0{i}T10:00:00Z"} for i in range(1, 5)]
    d = _bias(rows)
    assert len(d) == 4
    assert not any("M-REPEAT" in m for m in d["modifiers"])
    assert (d["severity"] == "medium").all()
