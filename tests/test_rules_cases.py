"""CASE_REFERENCE (rules.md 3, patterns 6.1-6.3), with the near misses rules.md names."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from presence_audit.rules import RuleContext
from presence_audit.rules.cases import _dockets, detect, digit_pair_rows, docket_regex

try:
    from test_matching import frame, scenario_profile
except ImportError:  # tests collected as a package
    from tests.test_matching import frame, scenario_profile


def run(rows, profile=None) -> pd.DataFrame:
    return detect(RuleContext(frame(rows), profile or scenario_profile()))


def test_listed_case_id_in_new_york_docket_form_is_medium_high_confidence():
    text = "Busy morning: hearing on Index No. 512345/2024, motion to dismiss argued."
    d = run([{"kind": "post", "text": text}])
    assert len(d) == 1
    f = d.iloc[0]
    assert (f["case_id"], f["severity"], f["confidence"], f["in_open_window"]) == (
        "512345/2024", "medium", "high", "yes")
    spans = {(e["start"], e["end"], e["text"]) for e in f["evidence"]}
    assert (text.index("512345"), text.index(","), "512345/2024") in spans
    assert any(t == "motion to dismiss" for _, _, t in spans)


def test_loosened_separators_still_match_the_listed_id():
    d = run([{"kind": "post", "text": "Calendar: IND 0789/2023 at 9", "timestamp":
              "2024-01-05T00:00Z"}])
    assert list(d["case_id"]) == ["IND-0789/2023"]


def test_partial_caption_with_courtroom_words_is_medium_confidence():
    d = run([{"kind": "post", "text": "Big day in Acme v. Brightwater, motion to dismiss"}])
    f = d[d["case_id"] == "512345/2024"].iloc[0]
    assert f["confidence"] == "medium" and f["severity"] == "medium"
    assert {"field": "text", "start": 11, "end": 30, "text": "Acme v. Brightwater"} in f["evidence"]


def test_partial_caption_alone_is_low_confidence():
    d = run([{"kind": "post", "text": "Reading up on Acme v. Brightwater again"}])
    assert list(d["confidence"]) == ["low"]


@pytest.mark.parametrize("text", [
    "Arsenal v. Chelsea tonight!",
    "Teaching McCulloch v. Maryland to my civics class",
    "Good v. Evil, the eternal match",
    "Italia contro Francia stasera",
    "Acme v. Chelsea friendly game",
    "Rossi Bakery has the best cannoli",
    "Cooking show judges were harsh on the sentence structure",
    "Dated 12/23, price 3/4",
])
def test_near_misses_do_not_fire(text):
    assert run([{"kind": "post", "text": text}]).empty


def test_party_name_needs_courtroom_words():
    assert run([{"kind": "post", "text": "Ran into Greg Vance at the gym"}]).empty
    d = run([{"kind": "post", "text": "Greg Vance sentencing went long today",
              "timestamp": "2024-05-28T20:00:00Z"}])
    f = d.iloc[0]
    assert (f["case_id"], f["severity"], f["in_open_window"]) == ("IND-0789/2023", "medium", "yes")
    assert "still appealable" in f["reason"]


def test_closed_case_is_low():
    d = run([{"kind": "post", "text": "Recalling In re Estate of Harold Finch"}])
    f = d.iloc[0]
    assert (f["case_id"], f["severity"], f["confidence"]) == ("655321/2021", "low", "high")


def test_pre_office_reference_is_one_step_lower():
    profile = scenario_profile()
    profile.cases[0].opened = profile.cases[0].opened.replace(year=2017)
    d = run([{"kind": "post", "text": "Index No. 512345/2024", "timestamp": "2018-01-01T00:00Z"}],
            profile)
    assert list(d["severity"]) == ["low"] and d.iloc[0]["modifiers"] == ["M-PRE-OFFICE"]


def test_generic_docket_not_listed_is_low_and_listed_one_wins():
    d = run([{"kind": "post", "text": "Reading 1:23-cv-04567-JMF and [2023] EWHC 1234 (KB)"}])
    assert sorted(d["entity"]) == ["1:23-cv-04567-JMF", "[2023] EWHC 1234 (KB)"]
    assert set(d["severity"]) == {"low"} and d["case_id"].isna().all()
    d = run([{"kind": "post", "text": "Index No. 512345/2024"}])
    assert list(d["case_id"]) == ["512345/2024"]  # the NY docket form is not reported twice


def test_messages_and_likes_are_not_case_references():
    d = run([{"kind": "message", "text": "Index No. 512345/2024"},
             {"kind": "like", "text": "Index No. 512345/2024", "time_basis": "bound"}])
    assert d.empty


def test_docket_patterns_match_their_examples_only():
    pattern = docket_regex()
    for example in ("1:23-cv-04567-JMF", "No. 23-1234", "R.G.N.R. n. 1234/2023",
                    "ECLI:EU:C:2023:123", "1 BvR 123/23", "ICC-01/14-01/18"):
        assert pattern.search(example), example
    assert not pattern.search("dated 12/23") and not pattern.search("price 3/4")


def test_every_docket_format_holds_a_digit_pair_so_the_prefilter_is_safe():
    pattern = docket_regex()
    for fmt in _dockets():
        found = pattern.search(fmt["example"])
        assert found and digit_pair_rows(np.array([found.group(0)], dtype=object),
                                         np.array([0])).tolist() == [0], fmt["name"]


def test_digit_pair_prefilter_keeps_only_rows_with_two_digits_in_a_row():
    values = np.array(["No. 23-1234", "no digits", "1 2 3", "R.G. 12/2023", "x\x00 99"],
                      dtype=object)
    assert digit_pair_rows(values, np.arange(5)).tolist() == [0, 3, 4]
    assert digit_pair_rows(values, np.array([1, 3])).tolist() == [3]
    assert digit_pair_rows(values, np.array([], dtype=np.int64)).tolist() == []


def test_jury_case_covert_reference_and_courthouse_check_in():
    profile = scenario_profile()
    profile.cases[0].keywords = ["warehouse lease", "Red Hook", "jury"]
    d = run([{"kind": "post", "text": "Long day of testimony about the Red Hook warehouse"},
             {"kind": "check_in", "text": "Kings County Supreme Court - voir dire today"}],
            profile)
    covert = d[d["row"] == 0].iloc[0]
    assert (covert["case_id"], covert["severity"]) == ("512345/2024", "high")
    assert "covert" in covert["reason"] and "jury" in covert["reason"]
    check = d[d["row"] == 1].iloc[0]
    assert check["severity"] == "medium" and "courthouse" in check["reason"]


def test_sealed_case_reference_names_the_escalation():
    profile = scenario_profile()
    profile.cases[0].sealed = True
    d = run([{"kind": "post", "text": "Index No. 512345/2024"}], profile)
    assert "CONFIDENTIAL_INFORMATION" in d.iloc[0]["reason"]


def test_caption_at_the_end_of_a_sentence_is_recognized():
    """"… in Acme v. Brightwater." — the full stop must not hide the caption."""
    d = run([{"kind": "post", "text": "Obviously Brightwater will lose in Acme v. Brightwater. "
                                      "Their lease argument is a joke."}])
    hits = d[d["rule"] == "CASE_REFERENCE"]
    assert len(hits) == 1 and hits.iloc[0]["case_id"] == "512345/2024"
    assert [e["text"] for e in hits.iloc[0]["evidence"]] == ["Acme v. Brightwater"]
