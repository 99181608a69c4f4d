"""engine.run_rules and findings.build: the findings contract, stability, profile controls."""

from __future__ import annotations

from datetime import date

import pandas as pd

from presence_audit import engine, schema
from presence_audit.findings_schema import FINDING_COLUMNS
from presence_audit.profile import Suppression

try:
    from test_matching import frame, scenario_profile
except ImportError:  # tests collected as a package
    from tests.test_matching import frame, scenario_profile

ROWS = [
    {"kind": "reply", "record_id": "1780000000000000001", "text": "@acme_holdings congrats",
     "counterpart": "acme_holdings", "counterpart_id": "1500000001", "mentions": "acme_holdings",
     "timestamp": "2024-04-02T10:00:00Z"},
    {"kind": "like", "record_id": "1770000000000000002", "counterpart_id": "1500000001",
     "time_basis": "bound", "timestamp": "2024-03-05T10:00:00Z"},
    {"kind": "follow", "record_id": "following:1500000007", "counterpart_id": "1500000007",
     "time_basis": "unknown"},
    {"kind": "post", "record_id": "1780000000000000004",
     "text": "Hearing on Index No. 512345/2024, motion to dismiss argued."},
    {"kind": "post", "record_id": "1780000000000000005", "text": "Arsenal v. Chelsea tonight"},
    {"kind": "message", "record_id": "dm-1", "counterpart_id": "1500000003",
     "text": "About the warehouse lease", "timestamp": "2024-05-02T10:00:00Z"},
    {"kind": "follow", "record_id": "following:1500000003", "counterpart_id": "1500000003",
     "time_basis": "unknown"},
]


def findings(rows=ROWS, profile=None, **kw) -> pd.DataFrame:
    return engine.run_rules(frame(rows), profile or scenario_profile(), **kw)


def test_contract_columns_types_and_order():
    f = findings()
    assert tuple(f.columns) == FINDING_COLUMNS
    assert str(f["timestamp"].dtype) == "datetime64[ns, UTC]"
    ranks = f["severity"].map(["info", "low", "medium", "high", "critical"].index).tolist()
    assert ranks == sorted(ranks, reverse=True)
    assert set(f["rule"]) == {"PARTY_CONNECTION", "JUROR_CONTACT", "CASE_REFERENCE",
                              "COUNSEL_CONNECTION", "EX_PARTE_MESSAGE"}
    assert f.iloc[0]["rule"] == "EX_PARTE_MESSAGE" and f.iloc[0]["severity"] == "critical"
    assert f["status"].eq("open").all()
    assert f["fingerprint"].str.fullmatch(r"[0-9a-f]{20}").all()
    assert f["fingerprint"].is_unique
    assert all(isinstance(e, list) and e and {"field", "start", "end", "text"} <= set(e[0])
               for e in f["evidence"])
    case_ref = f[f["rule"] == "CASE_REFERENCE"].iloc[0]
    assert case_ref["category"] == "case" and "MCJC 2.10" in " ".join(case_ref["references"])
    party = f[f["rule"] == "PARTY_CONNECTION"].iloc[0]
    assert "Preserve before you delete" in party["action"]
    assert "1780000000000000005" not in set(f["record_id"])  # Arsenal v. Chelsea


def test_counterparts_resolved_from_archive_id_pairs():
    f = findings(id_handles={"x": {"1500000003": "dokafor_law"}})
    follow = f[f["record_id"] == "following:1500000003"].iloc[0]
    assert follow["counterpart"] == "dokafor_law"


def test_fingerprints_stable_across_runs_and_row_order():
    first = findings()
    again = findings()
    shuffled = findings(rows=list(reversed(ROWS)))
    key = ["rule", "record_id"]
    a = first.set_index(key)["fingerprint"].sort_index()
    assert a.equals(again.set_index(key)["fingerprint"].sort_index())
    assert a.equals(shuffled.set_index(key)["fingerprint"].sort_index())
    # a re-export from another archive file keeps the fingerprint, new text changes content hash
    moved = [{**r, "source": "other.zip:data/tweets-part1.js#9"} for r in ROWS]
    assert a.equals(findings(rows=moved).set_index(key)["fingerprint"].sort_index())
    edited = [dict(r) for r in ROWS]
    edited[3]["text"] = "Hearing on Index No. 512345/2024 postponed, motion to dismiss"
    e = findings(rows=edited).set_index(key)
    b = first.set_index(key)
    k = ("CASE_REFERENCE", "1780000000000000004")
    assert e.at[k, "fingerprint"] == b.at[k, "fingerprint"]
    assert e.at[k, "content_hash"] != b.at[k, "content_hash"]


def test_suppressed_finding_stays_with_status_suppressed():
    base = findings()
    target = base[base["rule"] == "JUROR_CONTACT"].iloc[0]["fingerprint"]
    profile = scenario_profile()
    profile.suppressions.append(Suppression(target, "juror list loaded by mistake", "ethics",
                                            date(2024, 6, 2)))
    f = findings(profile=profile)
    assert len(f) == len(base)
    assert f.loc[f["fingerprint"] == target, "status"].tolist() == ["suppressed"]
    assert f.loc[f["fingerprint"] != target, "status"].eq("open").all()


def test_suppression_naming_a_rule_hides_only_that_rules_finding():
    base = findings()
    target = base[base["rule"] == "JUROR_CONTACT"].iloc[0]["fingerprint"]
    right, wrong = scenario_profile(), scenario_profile()
    right.suppressions.append(Suppression(target, "juror list loaded by mistake", "ethics",
                                          date(2024, 6, 2), rule="JUROR_CONTACT"))
    wrong.suppressions.append(Suppression(target, "copied next to the wrong rule", "ethics",
                                          date(2024, 6, 2), rule="PARTY_CONNECTION"))
    hit = findings(profile=right)
    assert hit.loc[hit["fingerprint"] == target, "status"].tolist() == ["suppressed"]
    missed = findings(profile=wrong)
    assert missed["status"].eq("open").all()


def test_severity_override_shifts_the_rule_and_says_so():
    profile = scenario_profile()
    profile.severity_overrides["CASE_REFERENCE"] = "high"
    f = findings(profile=profile)
    ref = f[f["rule"] == "CASE_REFERENCE"].iloc[0]
    assert findings().query("rule == 'CASE_REFERENCE'")["severity"].tolist() == ["medium"]
    assert ref["severity"] == "high"  # default medium -> high moves the rule's levels up one
    assert "PROFILE-OVERRIDE" in ref["modifiers"] and "default severity to high" in ref["reason"]
    untouched = f[f["rule"] == "JUROR_CONTACT"].iloc[0]
    assert untouched["severity"] == "high"


def test_disabled_rule_is_skipped():
    profile = scenario_profile()
    profile.disabled_rules.add("PARTY_CONNECTION")
    f = findings(profile=profile)
    assert "PARTY_CONNECTION" not in set(f["rule"])
    assert "JUROR_CONTACT" in set(f["rule"])


def test_prosecutor_and_judge_differ_on_juror_search():
    rows = [{"kind": "search", "record_id": "s1", "text": "Oliver Grant",
             "timestamp": "2024-01-11T00:00:00Z"}]
    assert findings(rows=rows)["rule"].tolist() == ["JUROR_CONTACT"]
    assert findings(rows=rows, profile=scenario_profile(role="prosecutor")).empty


def test_no_activity_gives_empty_findings_with_contract_columns():
    f = engine.run_rules(schema.empty(), scenario_profile())
    assert f.empty and tuple(f.columns) == FINDING_COLUMNS


def test_catalog_lists_the_party_and_case_rules_with_metadata():
    specs = {s.id: s for s in engine.catalog()}
    for rid in ("PARTY_CONNECTION", "COUNSEL_CONNECTION", "JUROR_CONTACT", "EX_PARTE_MESSAGE",
                "CASE_REFERENCE"):
        assert rid in specs and specs[rid].sources and specs[rid].remediation
    assert specs["JUROR_CONTACT"].severity == "critical"
