"""Political family: endorsement, partisan activity, fundraising, advocacy ties."""

from __future__ import annotations

from presence_audit.profile import Handle, PoliticalEntity
from presence_audit.rules import RuleContext
from presence_audit.rules.political import detect

try:
    from test_matching import frame, one, scenario_profile
except ImportError:  # tests collected as a package
    from tests.test_matching import frame, one, scenario_profile


def profile(role="judge", **policy):
    p = scenario_profile(role, **policy)
    p.political = [
        PoliticalEntity("Republican Party", "party", ["GOP"], [Handle("x", "gop")]),
        PoliticalEntity("Jane Smith", "candidate", [], [Handle("x", "janesmith4gov")]),
        PoliticalEntity("Partito Democratico", "party", ["PD"], []),
        PoliticalEntity("Acme Holdings", "party", [], []),  # also a litigant
        PoliticalEntity("Citizens for Clean Water", "advocacy", [],
                        [Handle("x", "cleanwaterorg")]),
    ]
    return p


def run(rows, prof=None):
    return detect(RuleContext(frame(rows), prof or profile()))



def test_authored_endorsement_en_and_it_is_high_with_explanation():
    d = run([{"kind": "post", "text": "Vote for Jane Smith! Re-elect her in November."},
             {"kind": "post", "text": "Votate il Partito Democratico alle elezioni!"}])
    for row in (0, 1):
        f = one(d, "POLITICAL_ENDORSEMENT", row)
        assert f["severity"] == "high" and f["category"] == "political"
        assert f["explanation"]["model"] == "political" and f["explanation"]["top_terms"]
    assert "Vote for" in one(d, "POLITICAL_ENDORSEMENT")["reason"]


def test_near_misses_birthday_party_book_club_vote_reminder_and_own_campaign():
    d = run([{"kind": "post", "text": "Happy birthday party for my niece tonight!"},
             {"kind": "post", "text": "Book club vote: we picked a mystery novel for May."},
             {"kind": "post", "text": "Festa di compleanno, tutti invitati!"},
             {"kind": "post", "text": "Re-elect Judge Maria Rossi to the Supreme Court!"}])
    assert d.empty, d[["row", "rule", "reason"]]


def test_civics_post_naming_a_party_is_downgraded_by_m_official():
    d = run([{"kind": "post", "text": "Civics lesson: how elections work and the history of "
                                      "the Republican Party, vote for nobody in class."}])
    f = d[d["row"] == 0].iloc[0]
    assert "M-OFFICIAL" in f["modifiers"] and "M-OFFICIAL" in f["reason"]
    assert f["severity"] in ("low", "medium")


def test_like_weight_knob_moves_like_of_campaign_post():
    rows = [{"kind": "like", "text": "Jane Smith for governor, proud to support",
             "time_basis": "bound"}]
    weak = one(run(rows), "POLITICAL_ENDORSEMENT")
    assert weak["severity"] == "medium" and "M-WEAK-ACT" in weak["reason"]
    strong = one(run(rows, profile(like_weight="endorsement")), "POLITICAL_ENDORSEMENT")
    assert strong["severity"] == "high"
    assert run(rows, profile(like_weight="ignore")).empty


def test_litigant_candidate_raises_to_critical():
    f = one(run([{"kind": "post", "text": "Vote for Acme Holdings in the council race!"}]),
            "POLITICAL_ENDORSEMENT")
    assert f["severity"] == "critical" and "R-LITIGANT" in f["reason"]


def test_titled_account_and_repeat_raise_partisan_commentary():
    rows = [{"kind": "profile", "text": "Judge Maria Rossi"}] + [
        {"kind": "post", "text": f"The GOP plan for taxes is a disgrace, day {i}",
         "timestamp": f"2024-03-0{i}T10:00:00Z"} for i in range(1, 4)]
    d = run(rows)
    acts = d[d["rule"] == "POLITICAL_ACTIVITY"]
    assert len(acts) == 3
    for f in acts.itertuples():
        assert "M-TITLED" in f.modifiers and "M-REPEAT" in f.modifiers
        assert "M-TITLED" in f.reason and "M-REPEAT" in f.reason
        assert f.severity == "critical"


def test_classifier_only_partisan_post_is_capped_and_needs_review():
    d = run([{"kind": "post", "text": "Up and down the ballot, re-elect every senator, "
                                      "campaign rally tonight!"},
             {"kind": "post", "text": "Vote Democrat up and down the ballot, re-elect every "
                                      "senator, campaign rally tonight!"}])
    f = one(d, "POLITICAL_ACTIVITY")
    assert f["severity"] == "medium" and f["confidence"] == "low"
    assert "needs review" in f["reason"] and "M-WEAK-EVIDENCE" in f["modifiers"]
    assert f["explanation"]["score"] >= 0.5
    # a vote for a party the anchor list names is support for it (rules.md), still capped
    e = one(d, "POLITICAL_ENDORSEMENT", 1)
    assert e["severity"] == "medium" and e["confidence"] == "low"
    assert "needs review" in e["reason"] and "M-WEAK-EVIDENCE" in e["modifiers"]


def test_party_group_membership_follows_party_membership_knob():
    rows = [{"kind": "group", "text": "GOP volunteers", "counterpart": "GOP volunteers",
             "time_basis": "unknown"}]
    assert one(run(rows), "POLITICAL_ACTIVITY")["severity"] == "medium"
    assert one(run(rows, profile(party_membership="forbidden")),
               "POLITICAL_ACTIVITY")["severity"] == "high"


def test_follow_of_campaign_account_is_low_endorsement_and_party_follow_low_activity():
    d = run([{"kind": "follow", "counterpart": "janesmith4gov", "time_basis": "unknown"},
             {"kind": "follow", "counterpart": "gop", "time_basis": "unknown"}])
    assert one(d, "POLITICAL_ENDORSEMENT", 0)["severity"] == "low"
    assert one(d, "POLITICAL_ACTIVITY", 1)["severity"] == "low"


def test_prosecutor_hatch_act_mode_lowers_expression_but_not_solicitation():
    rows = [{"kind": "post", "text": "Vote for Jane Smith on Tuesday!"},
            {"kind": "post", "text": "Donate to the GOP today, chip in at winred.com"}]
    judicial = run(rows, profile("prosecutor"))
    hatch = run(rows, profile("prosecutor", prosecutor_political_mode="hatch_act"))
    assert one(judicial, "POLITICAL_ENDORSEMENT")["severity"] == "high"
    f = one(hatch, "POLITICAL_ENDORSEMENT")
    assert f["severity"] == "low" and "P-HATCH-ACT" in f["reason"]
    assert one(hatch, "FUNDRAISING", 1)["severity"] == "high"


def test_fundraising_category_follows_the_beneficiary():
    d = run([{"kind": "post", "text": "Donate to the GOP today, chip in $5"},
             {"kind": "post", "text": "Raccolta fondi per il canile: dona ora su gofundme.com"},
             {"kind": "post", "text": "Running the charity 5k on Sunday, see you there"},
             {"kind": "message", "text": "Could you donate to my gala?",
              "counterpart": "dokafor_law"}])
    assert (one(d, "FUNDRAISING", 0)["category"], one(d, "FUNDRAISING", 0)["severity"]) == (
        "political", "high")
    charity = one(d, "FUNDRAISING", 1)
    assert (charity["category"], charity["severity"]) == ("commercial", "medium")
    assert not ((d["row"] == 2) & (d["rule"] == "FUNDRAISING")).any()
    assert one(d, "FUNDRAISING", 3)["severity"] == "high"


def test_advocacy_and_litigant_organization_ties():
    d = run([{"kind": "follow", "counterpart": "cleanwaterorg", "time_basis": "unknown"},
             {"kind": "page", "counterpart": "Acme Holdings LLC", "time_basis": "unknown"},
             {"kind": "group", "text": "Kings County Bar Association",
              "counterpart": "Kings County Bar Association", "time_basis": "unknown"},
             {"kind": "follow", "counterpart": "acme_holdings", "time_basis": "unknown"}])
    assert one(d, "ADVOCACY_GROUP_MEMBERSHIP", 0)["severity"] == "low"
    lit = one(d, "ADVOCACY_GROUP_MEMBERSHIP", 1)
    assert (lit["severity"], lit["category"], lit["case_id"]) == ("high", "party", "512345/2024")
    assert not (d["row"] == 2).any()
    # following the litigant's account is PARTY_CONNECTION's finding, not counted twice
    assert not ((d["row"] == 3) & (d["rule"] == "ADVOCACY_GROUP_MEMBERSHIP")).any()


def test_discriminatory_and_secret_associations():
    """(c) listed discriminatory organizations: high; (d) secret associations: high in IT."""
    prof = profile()
    prof.political += [
        PoliticalEntity("Order of the Hidden Lodge", "secret", ["Hidden Lodge"], []),
        PoliticalEntity("Pure Heritage League", "discriminatory", [], []),
    ]
    rows = [{"kind": "group", "counterpart": "Hidden Lodge", "time_basis": "unknown"},
            {"kind": "page", "counterpart": "Pure Heritage League", "time_basis": "unknown"},
            {"kind": "group", "counterpart": "Brooklyn Book Club", "time_basis": "unknown"}]
    d = run(rows, prof)
    assert one(d, "ADVOCACY_GROUP_MEMBERSHIP", 0)["severity"] == "medium"
    assert "secret or oath-bound" in one(d, "ADVOCACY_GROUP_MEMBERSHIP", 0)["reason"]
    assert one(d, "ADVOCACY_GROUP_MEMBERSHIP", 1)["severity"] == "high"
    assert not (d["row"] == 2).any()
    assert not ((d["rule"] == "POLITICAL_ACTIVITY") & d["row"].isin([0, 1])).any()
    prof.subject.jurisdiction = "IT"
    assert one(run(rows, prof), "ADVOCACY_GROUP_MEMBERSHIP", 0)["severity"] == "high"
