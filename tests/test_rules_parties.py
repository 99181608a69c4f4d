"""PARTY_CONNECTION, COUNSEL_CONNECTION, JUROR_CONTACT, EX_PARTE_MESSAGE (rules.md 3)."""

from __future__ import annotations

import pandas as pd

from presence_audit.profile import Handle, Person
from presence_audit.rules import RuleContext
from presence_audit.rules.parties import detect

try:
    from test_matching import frame, scenario_profile
except ImportError:  # tests collected as a package
    from tests.test_matching import frame, scenario_profile


def run(rows, profile=None, platform="x") -> pd.DataFrame:
    return detect(RuleContext(frame(rows, platform), profile or scenario_profile()))


def one(drafts: pd.DataFrame, rule: str, row: int = 0) -> pd.Series:
    hit = drafts[(drafts["rule"] == rule) & (drafts["row"] == row)]
    assert len(hit) == 1, drafts[["row", "rule", "severity"]]
    return hit.iloc[0]


def test_follow_of_party_by_account_id_pending_on_archive_date_is_high():
    d = run([{"kind": "follow", "counterpart_id": "1500000001", "time_basis": "unknown"}])
    f = one(d, "PARTY_CONNECTION")
    assert (f["severity"], f["confidence"], f["in_open_window"]) == ("high", "high", "yes")
    assert f["case_id"] == "512345/2024" and f["modifiers"] == []
    assert f["reason"] == (
        "Followed Acme Holdings LLC (@acme_holdings, matched by account id), a party in "
        "512345/2024 (Acme Holdings LLC v. Brightwater Logistics Inc.), pending on the archive "
        "date 2024-06-01.")


def test_unknown_follow_of_party_in_closed_case_is_possible_and_one_step_lower():
    profile = scenario_profile()
    profile.people[9].handles.append(Handle("x", "finchestate"))  # estate, case closed 2021
    d = run([{"kind": "follow", "counterpart": "finchestate", "time_basis": "unknown"}], profile)
    f = one(d, "PARTY_CONNECTION")
    assert (f["severity"], f["in_open_window"]) == ("medium", "possible")
    assert f["modifiers"] == ["W-POSSIBLE"] and "W-POSSIBLE" in f["reason"]


def test_connection_formed_before_case_without_interaction_gets_m_prior():
    d = run([{"kind": "friend", "counterpart": "Daniel Okafor", "timestamp": "2020-01-01T00:00Z"},
             {"kind": "friend", "counterpart": "Margaret Finch", "timestamp": "2020-06-01T00:00Z"}],
            platform="facebook")
    f = one(d, "PARTY_CONNECTION", row=1)  # Margaret Finch, party of a case opened 2021
    assert f["severity"] == "medium" and f["modifiers"] == ["M-PRIOR"]
    assert f["in_open_window"] == "no"


def test_connection_before_case_with_interaction_during_it_stays_high():
    profile = scenario_profile()
    d = run([{"kind": "follow", "counterpart_id": "1500000001", "timestamp": "2023-01-01T00:00Z"},
             {"kind": "reply", "counterpart_id": "1500000001", "text": "Nice depot",
              "timestamp": "2024-03-01T00:00Z"}], profile)
    assert one(d, "PARTY_CONNECTION", row=0)["severity"] == "high"
    assert one(d, "PARTY_CONNECTION", row=1)["severity"] == "high"


def test_repeat_interactions_raise_to_critical_only_when_one_touches_the_case():
    likes = [{"kind": "like", "counterpart_id": "1500000001", "time_basis": "bound",
              "timestamp": f"2024-0{m}-05T00:00Z"} for m in (3, 4)]
    reply = {"kind": "reply", "counterpart_id": "1500000001", "timestamp": "2024-04-20T00:00Z"}
    d = run([*likes, {**reply, "text": "Lovely depot"}])
    assert set(d["severity"]) == {"high"} and all(m == [] for m in d["modifiers"])
    d = run([*likes, {**reply, "text": "Good luck with the warehouse lease dispute"}])
    assert set(d.loc[d["rule"] == "PARTY_CONNECTION", "severity"]) == {"critical"}
    assert all("M-REPEAT" in m for m in d.loc[d["rule"] == "PARTY_CONNECTION", "modifiers"])
    # three acts spread over more than 90 days are not a repeat
    spread = [{**likes[0], "timestamp": "2024-02-06T00:00Z"}, likes[1],
              {**reply, "text": "warehouse lease", "timestamp": "2024-05-30T00:00Z"}]
    d = run(spread)
    assert not any("M-REPEAT" in m for m in d["modifiers"])


def test_after_final_disposition_is_low_and_follower_only_is_info():
    d = run([{"kind": "reply", "counterpart_id": "1500000005", "text": "hi",
              "timestamp": "2024-08-01T00:00Z"},
             {"kind": "follower", "counterpart_id": "1500000002", "time_basis": "unknown"}])
    assert one(d, "PARTY_CONNECTION", row=0)["severity"] == "low"
    assert "after final disposition" in one(d, "PARTY_CONNECTION", row=0)["reason"]
    assert one(d, "PARTY_CONNECTION", row=1)["severity"] == "info"


def test_witness_is_one_step_below_party():
    d = run([{"kind": "follow", "counterpart": "tlindqvist", "time_basis": "unknown"}])
    f = one(d, "PARTY_CONNECTION")
    assert f["severity"] == "medium" and f["modifiers"] == ["R-WITNESS"]


def test_pre_office_act_is_one_step_lower():
    profile = scenario_profile()
    profile.cases[0].opened = profile.cases[0].opened.replace(year=2018)
    d = run([{"kind": "reply", "counterpart_id": "1500000001", "text": "hello",
              "timestamp": "2018-06-01T00:00Z"}], profile)
    f = one(d, "PARTY_CONNECTION")
    assert f["severity"] == "medium" and f["modifiers"] == ["M-PRE-OFFICE"]


def test_name_in_post_text_is_not_a_connection():
    d = run([{"kind": "post", "text": "Acme Holdings opened a depot"}])
    assert d.empty


def test_counsel_policy_disclose_permitted_prohibited():
    rows = [{"kind": "follow", "counterpart_id": "1500000003", "time_basis": "unknown"},
            {"kind": "reply", "counterpart_id": "1500000003", "text": "Great panel talk",
             "timestamp": "2024-03-01T00:00Z"}]
    levels = {}
    for policy in ("disclose", "permitted", "prohibited"):
        d = run(rows, scenario_profile(counsel_connection_policy=policy))
        levels[policy] = (one(d, "COUNSEL_CONNECTION", 0)["severity"],
                          one(d, "COUNSEL_CONNECTION", 1)["severity"])
    assert levels == {"disclose": ("low", "medium"), "permitted": ("info", "info"),
                      "prohibited": ("high", "high")}


def test_case_message_with_counsel_is_ex_parte_critical_and_counsel_high():
    d = run([{"kind": "message", "counterpart_id": "1500000003",
              "text": "See you at the Acme hearing, bring the warehouse lease file",
              "timestamp": "2024-05-02T10:00:00Z"}])
    ex = one(d, "EX_PARTE_MESSAGE")
    assert ex["severity"] == "critical"
    assert {"field": "text", "start": 39, "end": 54, "text": "warehouse lease"} in ex["evidence"]
    assert "warehouse lease" in ex["reason"]
    assert one(d, "COUNSEL_CONNECTION")["severity"] == "high"


def test_non_case_message_with_counsel_is_not_ex_parte():
    d = run([{"kind": "message", "counterpart_id": "1500000003", "text": "Happy birthday!",
              "timestamp": "2024-05-02T10:00:00Z"}])
    assert "EX_PARTE_MESSAGE" not in set(d["rule"])
    assert one(d, "COUNSEL_CONNECTION")["severity"] == "medium"


def test_ex_parte_after_disposition_is_medium():
    d = run([{"kind": "message", "counterpart_id": "1500000005", "text": "About the robbery "
              "verdict", "timestamp": "2024-09-02T10:00:00Z"}])
    assert one(d, "EX_PARTE_MESSAGE")["severity"] == "medium"


def test_juror_contact_levels_and_prosecutor_search():
    rows = [{"kind": "follow", "counterpart_id": "1500000007", "timestamp": "2024-01-10T00:00Z"},
            {"kind": "follow", "counterpart_id": "1500000007", "time_basis": "unknown",
             "record_id": "late"},
            {"kind": "search", "text": "Oliver Grant", "timestamp": "2024-01-11T00:00Z"}]
    d = run(rows)
    assert one(d, "JUROR_CONTACT", 0)["severity"] == "critical"  # during trial
    assert one(d, "JUROR_CONTACT", 1)["severity"] == "high"  # after verdict, appeal running
    assert one(d, "JUROR_CONTACT", 2)["severity"] == "critical"  # judge's search
    d = run(rows, scenario_profile(role="prosecutor"))
    assert 2 not in set(d.loc[d["rule"] == "JUROR_CONTACT", "row"])
    assert one(d, "JUROR_CONTACT", 0)["severity"] == "critical"


def test_prosecutor_witness_tie_is_info_and_presiding_judge_counsel_rule():
    profile = scenario_profile(role="prosecutor")
    profile.people.append(Person("Ada Byrne", "judge", ["512345/2024"], [],
                                 [Handle("x", "judge_byrne", "1500000099")]))
    rows = [{"kind": "follow", "counterpart": "tlindqvist", "time_basis": "unknown"},
            {"kind": "follow", "counterpart_id": "1500000099", "time_basis": "unknown"}]
    d = run(rows, profile)
    assert one(d, "PARTY_CONNECTION", 0)["severity"] == "info"
    assert one(d, "COUNSEL_CONNECTION", 1)["severity"] == "medium"
    # the same presiding judge means nothing to the judge-role rules
    judge = scenario_profile()
    judge.people.append(profile.people[-1])
    assert 1 not in set(run(rows, judge)["row"])
    # and for a judge the witness is one step below party, not info
    assert one(run(rows, judge), "PARTY_CONNECTION", 0)["severity"] == "medium"


def test_party_of_a_colleagues_case_ranks_one_step_lower():
    prof = scenario_profile()
    prof.case("512345/2024").assigned = "office"
    d = run([{"kind": "follow", "counterpart_id": "1500000001", "time_basis": "unknown"}], prof)
    f = one(d, "PARTY_CONNECTION")
    assert f["severity"] == "medium" and f["modifiers"] == ["R-OFFICE-CASE"]
    assert "colleague's" in f["reason"]
