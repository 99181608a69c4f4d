"""The case-mention index (issue 12): each way people name a case, and each guard."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pandas as pd
import pytest
from xarchive import build_x_archive, tweet

from presence_audit.matching import case_id_key
from presence_audit.profile import (
    Case,
    Handle,
    Person,
    Policy,
    Profile,
    Subject,
    merge_case_names,
)
from presence_audit.rules import RuleContext
from presence_audit.rules.cases import detect as detect_cases
from presence_audit.rules.parties import detect as detect_parties
from presence_audit.rules.toolkit import case_index as ci
from presence_audit.scan import scan

try:
    from test_matching import frame
except ImportError:  # tests collected as a package
    from tests.test_matching import frame

MARLOWE, QUARRY, LANE, ROSE, OFFICE = ("HCC-CR-2024-00412", "HCC-CV-2023-00088",
                                       "HCC-CV-2024-00157", "HCC-CV-2024-00190",
                                       "HCC-CV-2024-00233")
WHEN = "2024-05-02T15:00:00Z"


def judge_profile(jurisdiction: str = "US-model") -> Profile:
    """An invented judge with a criminal case (a sovereign party), an organisation case, a
    compound-name case, a common-word surname party and a colleague's case."""
    subject = Subject(name="Eleanor Whitcombe", role="judge", jurisdiction=jurisdiction,
                      court="Harlow County Circuit Court", timezone="America/Chicago",
                      appointed=date(2015, 9, 1))
    court = "Harlow County Circuit Court"
    cases = [
        Case(MARLOWE, "State of Harlow v. Gregory Marlowe", court, date(2024, 1, 22), None,
             ["State of Harlow", "Gregory Marlowe"], ["Daniel Bell"], ["Nora Marsh"],
             ["riverside arson"], line=2),
        Case(QUARRY, "Quarry Ridge Holdings, LLC v. Dunmore Paving Co.", court,
             date(2023, 9, 4), None, ["Quarry Ridge Holdings, LLC", "Dunmore Paving Co."], [],
             [], ["warehouse collapse"], line=3),
        Case(LANE, "Rachel Lane-Porter v. Ashby Valley School District", court,
             date(2024, 2, 12), None, ["Rachel Lane-Porter", "Ashby Valley School District"],
             [], [], [], line=4),
        Case(ROSE, "Linda Rose v. Harlow Mutual", court, date(2024, 2, 1), None,
             ["Linda Rose"], [], [], [], line=5),
        Case(OFFICE, "Brackenfield Dairy Inc. v. Kellerman", court, date(2024, 1, 8), None,
             ["Brackenfield Dairy Inc.", "Peter Kellerman"], [], [], [], assigned="office",
             line=6),
    ]
    people = [Person("Gregory Marlowe", "party", [MARLOWE], ["Greg Marlowe"],
                     [Handle("x", None, "1510000005")]),
              Person("Daniel Bell", "counsel", [MARLOWE], [],
                     [Handle("instagram", "danbell.law")])]
    return Profile(path=Path("profile.toml"), subject=subject, cases=cases,
                   people=merge_case_names(people, cases, "cases.csv"), political=[],
                   policy=Policy())


def references(texts: list[str], profile: Profile | None = None) -> list[list[str]]:
    """The case ids CASE_REFERENCE names per text (posts on one pending day)."""
    rows = [{"kind": "post", "text": t, "timestamp": WHEN} for t in texts]
    d = detect_cases(RuleContext(frame(rows), profile or judge_profile()))
    return [sorted(set(d.loc[d["row"] == i, "case_id"].dropna())) for i in range(len(texts))]


def only(text: str) -> pd.Series:
    d = detect_cases(RuleContext(frame([{"kind": "post", "text": text, "timestamp": WHEN}]),
                                 judge_profile()))
    assert len(d) == 1, d[["case_id", "reason"]]
    return d.iloc[0]


# --- the index ---------------------------------------------------------------------------

def test_index_holds_short_names_surnames_hashtags_and_no_sovereign_party():
    p = judge_profile()
    from presence_audit.matching import entities
    index = ci.build_index(p, entities(p))
    assert index.terms["quarry ridge"][0] == "full"  # LLC and Holdings dropped
    assert index.terms["ashby valley"][0] == "full"  # School District dropped
    assert index.terms["marlowe"][0] == "token"
    assert index.terms["rose"][0] == "common"  # a common English word (wordfreq)
    assert {"lane-porter", "lane porter", "laneporter"} <= set(index.terms)
    assert "#marlowe" in index.hashtags and "#quarryridge" in index.hashtags
    assert not any(k == "harlow" for k in index.terms)  # the State's name and the court's town
    assert index.terms["brackenfield dairy"][1] == {OFFICE}


@pytest.mark.parametrize(("name", "sovereign"), [
    ("State of Oregon", True), ("The People of the State of New York", True),
    ("Procura della Repubblica di Livorno", True), ("Ministerio Fiscal", True),
    ("Ministère public", True), ("Staatsanwaltschaft Kassel", True), ("The Crown", True),
    ("State Farm Mutual", False), ("Gregory Marlowe", False), ("Stadt Emmendingen", False)])
def test_sovereign_parties(name, sovereign):
    assert ci.is_sovereign(name) is sovereign


def test_org_short_name_drops_suffixes_and_generic_words_but_not_particles():
    assert ci.org_key("Quarry Ridge Holdings, LLC") == ("quarry ridge", True)
    assert ci.org_key("Ferriera Valtrompia S.p.A.") == ("ferriera valtrompia", True)
    assert ci.org_key("Commune de Vitré") == ("vitre", True)
    assert ci.org_key("Anne Le Goff-Tanguy")[1] is False  # a person, "Le" is a particle


def test_docket_key_drops_dashes_spaces_and_zero_padding():
    assert case_id_key("HCC-CV-2023-00088") == case_id_key("hcc cv 2023 88") == \
        case_id_key("HCC–CV–2023–00088") == case_id_key("HCC‑CV‑2023‑088")
    assert case_id_key("HCC-CV-2021-00088") != case_id_key("HCC-CV-2023-00088")


# --- what is matched ---------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "The Marlowe trial ran long again today.",
    "Deliberations in the Marlowe case start Monday.",
    "Jury selection for Marlowe wrapped up this afternoon.",
    "Long week: the Marlowe matter took every afternoon.",
])
def test_surname_next_to_a_case_noun(text):
    f = only(text)
    assert f["case_id"] == MARLOWE and "next to a case noun" in f["reason"]
    assert any("Marlowe" in e["text"] for e in f["evidence"])


def test_organisation_short_name_and_public_body_word():
    assert references(["Dunmore Paving trial starts next week.",
                       "Quarry Ridge: endless hearing today.",
                       "The Ashby Valley case is on Thursday's docket."]) == [
        [QUARRY], [QUARRY], [LANE]]


def test_hashtags_alone_and_with_a_case_noun():
    assert references(["Another late night. #Marlowe #courtlife", "Full room. #MarloweTrial",
                       "#QuarryRidge hearing postponed", "#TrialMarlowe day two"]) == [
        [MARLOWE], [MARLOWE], [QUARRY], [MARLOWE]]


def test_typo_of_a_distinctive_surname_next_to_a_case_noun():
    f = only("Marlwoe hearing moved to the afternoon session.")
    assert (f["case_id"], f["confidence"]) == (MARLOWE, "low")
    assert "near spelling" in f["reason"]
    assert references(["Marlow hearing at nine."]) == [[MARLOWE]]


def test_docket_typed_other_ways():
    assert references(["Status conference in HCC–CR–2024–00412 moved.",
                       "Ruling in hcc cv 2024 157 out this week.",
                       "Order in hcc-cv-2023-88 signed."]) == [[MARLOWE], [LANE], [QUARRY]]


def test_compound_name_with_a_space_or_run_together():
    assert references(["Lane Porter hearing moved to next week.",
                       "The LanePorter case again."]) == [[LANE], [LANE]]


def test_case_keyword_with_a_case_noun():
    assert references(["Warehouse collapse witnesses testified all afternoon."]) == [[QUARRY]]


# --- guards ------------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "Bring an umbrella in case it rains at the parade.",
    "New phone case, finally a sturdy one.",
    "Case study night at the book club.",
    "A case of wine for the holidays.",
    "Planted a new rose by the fence this morning.",
    "The rose garden case study was lovely.",  # common word, not right next to the noun
    "Reading the appellate opinion in HCC-CV-2021-00088 for a talk.",  # another year
    "Watched the trial of Thomas Marlowe on a history channel.",  # another Marlowe
    "Happy birthday to Anna Marlowe!",
    "The State of Harlow trial calendar is public.",  # the sovereign party names no case
    "Marlowe sent me a postcard from Lisbon.",  # no case noun
])
def test_guards_name_no_own_case(text):
    found = references([text])[0]
    assert not [c for c in found if c], found


def test_the_partys_own_first_name_keeps_the_reference():
    assert references(["The trial of Gregory Marlowe resumes.", "The trial of Greg Marlowe."]
                      ) == [[MARLOWE], [MARLOWE]]


def test_titles_and_possessives_between_name_and_noun():
    assert references(["The trial of Mr. Marlowe resumes.", "Marlowe's trial resumes.",
                       "Mr. Marlowe. Trial tomorrow is about something else."]) == [
        [MARLOWE], [MARLOWE], []]


def test_common_word_surname_counts_right_next_to_a_case_noun():
    assert references(["The Rose hearing ran late.", "A rose for the hearing room."]) == [
        [ROSE], []]


def test_colleague_case_is_attributed_to_the_colleague_case_only():
    assert references(["Brackenfield Dairy trial starts Monday down the hall."]) == [[OFFICE]]


# --- contacts ----------------------------------------------------------------------------

def contacts(rows: list[dict], platform: str = "facebook") -> pd.DataFrame:
    d = detect_parties(RuleContext(frame(rows, platform), judge_profile()))
    return d[d["rule"].isin(["PARTY_CONNECTION", "COUNSEL_CONNECTION"])]


def test_liked_page_of_a_party_organisation_by_its_short_name():
    d = contacts([{"kind": "page", "counterpart": "Quarry Ridge Holdings", "timestamp": WHEN},
                  {"kind": "page", "counterpart": "Harlow Ridge Bakery", "timestamp": WHEN}])
    assert list(d["row"]) == [0] and list(d["case_id"]) == [QUARRY]


def test_friend_with_a_compound_name_written_with_a_space():
    d = contacts([{"kind": "friend", "counterpart": "Rachel Lane Porter", "timestamp": WHEN}])
    assert list(d["case_id"]) == [LANE]


@pytest.mark.parametrize(("kind", "counterpart", "case_id"), [
    ("follow", "rachel.laneporter", LANE),  # an Instagram handle the profile does not list
    ("friend", "Rachel-Lane Porter", LANE),  # the hyphen moved
    ("page", "QuarryRidge", QUARRY),  # a page name run together
    ("follow", "quarry_ridge_official", QUARRY),
    ("follow", "gregory.marlowe", MARLOWE),
    ("message", "Dan Bell ⚖️", MARLOWE),  # Daniel Bell, counsel: a short first name
    ("page", "Dunmore", QUARRY)])  # the distinctive word of Dunmore Paving Co.
def test_counterparts_run_together_or_respelled(kind, counterpart, case_id):
    d = contacts([{"kind": kind, "counterpart": counterpart, "timestamp": WHEN}], "instagram")
    assert list(d["case_id"]) == [case_id]


def test_other_people_of_the_same_surname_are_no_contact():
    assert contacts([{"kind": "friend", "counterpart": c, "timestamp": WHEN}
                     for c in ("Anna Marlowe", "anna.marlowe", "Harlow Ridge Bakery",
                               "Dana Bell", "Quarry")]).empty


def test_no_contact_with_the_sovereign_party():
    assert contacts([{"kind": "page", "counterpart": "State of Harlow",
                      "timestamp": WHEN}]).empty


# --- end to end, a real X archive ---------------------------------------------------------

def test_x_archive_hashtag_and_docket_reach_the_findings(tmp_path):
    (tmp_path / "cases.csv").write_text(
        "case_id,caption,court,opened,closed,parties,counsel,witnesses,keywords,sealed\n"
        f"{MARLOWE},State of Harlow v. Gregory Marlowe,Harlow County Circuit Court,2024-01-22,,"
        "State of Harlow;Gregory Marlowe,Daniel Bell,Nora Marsh,,false\n", encoding="utf-8")
    (tmp_path / "profile.toml").write_text(
        '[subject]\nname = "Eleanor Whitcombe"\nrole = "judge"\njurisdiction = "US-model"\n'
        'court = "Harlow County Circuit Court"\ntimezone = "America/Chicago"\n'
        '[data]\ncases = "cases.csv"\n', encoding="utf-8")
    april = "Tue Apr 16 14:02:11 +0000 2024"
    archive = build_x_archive(tmp_path / "x.zip", tweets=[
        tweet("1780231000000000001", april, "Full courtroom today. #MarloweTrial"),
        tweet("1780231000000000002", april, "Ruling in HCC–CR–2024–412 out this week."),
        tweet("1780231000000000003", april, "Walked the marsh trail; just in case, a raincoat."),
    ])
    result = scan([str(archive)], str(tmp_path / "profile.toml"))
    refs = result.findings[result.findings["rule"] == "CASE_REFERENCE"]
    assert sorted(refs["case_id"]) == [MARLOWE, MARLOWE]
    assert any("#MarloweTrial" in e["text"] for ev in refs["evidence"] for e in ev)
