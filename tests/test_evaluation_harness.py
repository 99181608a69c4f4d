"""The evaluation harness (evaluation/harness.py) on a tiny set written in tmp_path.

The harness must turn items into real exports, find each item's record again after the real
scan, and score it: a found item is a true positive, a flagged hard negative a false alarm,
and the test split is never listed item by item.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

EVALUATION = Path(__file__).resolve().parent.parent / "evaluation"
sys.path.insert(0, str(EVALUATION))

import harness  # noqa: E402
import scoring  # noqa: E402
import split  # noqa: E402

CASE, OFFICE = "TST-CR-2024-00412", "TST-CV-2024-00233"
PROFILE = """[subject]
name = "Ada Judge"
role = "judge"
jurisdiction = "US-model"
court = "Test Court"
timezone = "UTC"
appointed = 2015-01-01

[subject.handles]
x = "adajudge#4400009999"
facebook = "Ada Judge"
instagram = "ada.judge"

[data]
cases = "cases.csv"
people = "people.csv"
"""
CASES = f"""case_id,caption,court,opened,closed,parties,counsel,witnesses,keywords,sealed,assigned
{CASE},State v. Gregory Marlowe,Test Court,2024-01-22,,Gregory Marlowe,Daniel Bell,,,false,own
{OFFICE},Dairy Inc. v. Kellerman,Test Court,2024-01-08,,Peter Kellerman,,,,false,office
"""
PEOPLE = f"""name,aliases,role,case_id,handles
Gregory Marlowe,,party,{CASE},x:#1510000005
Daniel Bell,,counsel,{CASE},x:@dbell_law#1510000006
"""


def item(id_: str, platform: str, kind: str, cls: str, expect: list[dict], *,
         text: str = "", counterpart: str | None = None, when: str) -> dict:
    return {"id": id_, "lang": "en", "profile": "judge-t", "platform": platform, "kind": kind,
            "text": text, "counterpart": counterpart, "counterpart_id": None, "mentions": [],
            "timestamp": when, "time_basis": "exact", "class": cls, "expect": expect}


REFERENCE = [{"task": "case_reference", "case_id": CASE}]
ITEMS = [
    item("en-0001", "x", "post", "full_name", REFERENCE,
         text="Gregory Marlowe trial: the jury has been out since noon.",
         when="2024-05-02T10:00:00Z"),
    # the same words, labelled as a hard negative: whatever is found there is a false alarm
    item("en-0002", "facebook", "post", "neg_other_person", [],
         text="Gregory Marlowe trial: the jury has been out since noon.",
         when="2024-05-03T10:00:00Z"),
    item("en-0003", "facebook", "friend", "full_name",
         [{"task": "party_connection", "case_id": CASE}], counterpart="Daniel Bell",
         when="2024-05-04T10:00:00Z"),
    item("en-0004", "instagram", "post", "neg_in_case", [],
         text="Bring an umbrella in case it rains at the parade.", when="2024-05-05T10:00:00Z"),
    # an X follow written with the handle only: the export must carry the account id that
    # people.csv lists for it, since X keys follows by id alone
    dict(item("en-0005", "x", "follow", "full_name",
              [{"task": "party_connection", "case_id": CASE}], when="2024-05-06T10:00:00Z"),
         counterpart_id="@dbell_law", time_basis="unknown"),
]


@pytest.fixture(scope="module")
def eval_set(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("evalset")
    folder = root / "profiles" / "judge-t"
    folder.mkdir(parents=True)
    (folder / "profile.toml").write_text(PROFILE, encoding="utf-8")
    (folder / "cases.csv").write_text(CASES, encoding="utf-8")
    (folder / "people.csv").write_text(PEOPLE, encoding="utf-8")
    lines = "".join(json.dumps(i) + "\n" for i in ITEMS)
    (root / "dev.jsonl").write_text(lines, encoding="utf-8")
    (root / "test.jsonl").write_text(lines.replace('"en-', '"en-9'), encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def outcomes(eval_set) -> dict[tuple[str, str], scoring.Outcome]:
    items = harness.load_items(eval_set, "dev")
    scores, unmapped = harness.evaluate(eval_set, items)
    assert unmapped == []
    return {(o.item["id"], o.task): o for o in scores.outcomes}


def test_found_item_is_a_true_positive(outcomes):
    hit = outcomes[("en-0001", "case_reference")]
    assert (hit.tp, hit.fp, hit.fn) == (1, 0, 0)
    assert CASE in hit.found
    friend = outcomes[("en-0003", "party_connection")]
    assert (friend.tp, friend.fn) == (1, 0)


def test_x_follow_by_handle_carries_the_profiles_account_id(outcomes):
    follow = outcomes[("en-0005", "party_connection")]
    assert (follow.tp, follow.fn) == (1, 0)


def test_flagged_hard_negative_is_a_false_alarm(outcomes):
    alarm = outcomes[("en-0002", "case_reference")]
    assert (alarm.tp, alarm.fp, alarm.fn) == (0, 1, 0)
    quiet = outcomes[("en-0004", "case_reference")]
    assert (quiet.tp, quiet.fp, quiet.fn) == (0, 0, 0)


def test_report_prints_precision_and_recall_per_language(eval_set, capsys):
    assert harness.main([str(eval_set), "--split", "dev", "--show-errors"]) == 0
    out = capsys.readouterr().out
    row = next(line for line in out.splitlines()
               if line.startswith("case_reference") and " en " in line)
    # one true positive, one false alarm, no miss
    assert row.split()[3:9] == ["1", "1", "0", "0.50", "1.00", "0.67"]
    assert "neg_other_person (1)" in out and "en-0002" in out


def test_show_errors_is_refused_on_test(eval_set, capsys):
    assert harness.main([str(eval_set), "--split", "test", "--show-errors"]) == 2
    captured = capsys.readouterr()
    assert "dev split only" in captured.err
    assert "en-9" not in captured.out + captured.err


def test_office_case_finding_is_no_false_alarm_but_a_wrong_own_case_is():
    neg = ITEMS[3]
    office = scoring.score_item(neg, "case_reference",
                                [scoring.Hit("CASE_REFERENCE", OFFICE, "low")], {CASE})
    assert office.fp == 0
    own = scoring.score_item(neg, "case_reference",
                             [scoring.Hit("CASE_REFERENCE", CASE, "medium")], {CASE})
    assert own.fp == 1


def test_a_condemnation_naming_the_case_is_a_case_reference():
    item = {"id": "en-0101", "lang": "en", "profile": "p", "class": "cond_guilt",
            "expect": [{"task": "condemnation", "case_id": CASE},
                       {"task": "case_reference", "case_id": CASE}]}
    named = scoring.score_item(item, "case_reference",
                               [scoring.Hit("PUBLIC_CONDEMNATION_OF_ACCUSED", CASE, "high")],
                               {CASE})
    assert (named.tp, named.fn, named.fp) == (1, 0, 0)
    other = scoring.score_item(item, "case_reference",
                               [scoring.Hit("PUBLIC_CONDEMNATION_OF_ACCUSED", OFFICE, "high")],
                               {CASE, OFFICE})
    assert (other.tp, other.fn, other.fp) == (0, 1, 1)


def test_a_permitted_statement_marked_on_its_own_case_is_no_false_case_reference():
    item = {"id": "en-0102", "lang": "en", "profile": "p", "class": "neg_permitted_charges",
            "expect": [{"task": "permitted", "case_id": CASE}]}
    own = scoring.score_item(item, "case_reference",
                             [scoring.Hit("CASE_REFERENCE", CASE, "info")], {CASE, OFFICE})
    assert own.fp == 0
    wrong = scoring.score_item(item, "case_reference",
                               [scoring.Hit("CASE_REFERENCE", OFFICE, "info")], {CASE, OFFICE})
    assert wrong.fp == 1
    # a condemnation on a negative counts under condemnation, not twice
    neg = {"id": "en-0103", "lang": "en", "profile": "p", "class": "neg_true_crime",
           "expect": []}
    loud = scoring.score_item(neg, "case_reference",
                              [scoring.Hit("PUBLIC_CONDEMNATION_OF_ACCUSED", CASE, "high")],
                              {CASE})
    assert loud.fp == 0


def test_split_is_stratified_and_fixed():
    items = [dict(ITEMS[0], id=f"en-{n:04d}", **{"class": cls})
             for n, cls in enumerate(["a"] * 10 + ["b"] * 5)]
    dev, test = split.split(items)
    assert [i["class"] for i in dev].count("a") == 4 and [i["class"] for i in dev].count("b") == 2
    assert len(test) == 9
    assert split.split(list(reversed(items))) == (dev, test)
