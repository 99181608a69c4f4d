"""The prosecutor set's untouched batch v2 (issue 17), checked for shape only.

Nothing here scores the batch or looks at what the detector says about it: the lead scores it
once (evaluation/prosecutor/README.md, "Untouched batch v2"). These tests only keep the file
valid, balanced and disjoint from the dev and v1 test parts it must not repeat.
"""

from __future__ import annotations

import sys
from collections import Counter

from prosecutor_batches import LANGS, SET, norm, read_items, validate_module

V2 = SET / "test_v2.jsonl"
V1 = [SET / "dev.jsonl", SET / "test.jsonl"]
# Per language: 2 of each cond_* and leak_* subclass, 4 contacts, 2 one-case items,
# 10 permitted statements (2 per kind) and 10 other hard negatives.
PER_LANG = {
    **{f"cond_{s}": 2 for s in ("guilt", "character", "dangerous", "record", "plea",
                                "punishment")},
    **{f"leak_{s}": 2 for s in ("raid", "warrant", "arrest", "grand_jury", "informant",
                                "evidence")},
    "contact_victim_page": 1, "contact_group_defence": 1, "contact_judge": 2,
    "one_case": 2,
    **{f"neg_permitted_{s}": 2 for s in ("charges", "hearing", "arrest", "press", "help")},
    "neg_true_crime": 2, "neg_sport_fiction": 2, "neg_civics": 2, "neg_defence_friend": 2,
    "neg_sovereign": 1, "neg_other_person": 1,
}
EXPECTED_TASKS = {  # the tasks each class expects (README class table)
    "cond": {"condemnation", "case_reference"}, "contact": {"party_connection"},
    "one": {"case_reference"}, "neg_permitted": {"permitted"},
}


def test_v2_passes_the_validator_together_with_dev_and_v1_test():
    # Validating the three files together also checks that no id repeats across them.
    assert validate_module("prosecutor_validate_v2").validate([*V1, V2]) == []


def test_v2_has_the_agreed_counts_per_language_and_class():
    counts = Counter((i["lang"], i["class"]) for i in read_items(V2))
    for lang in LANGS:
        assert {c: n for (lg, c), n in counts.items() if lg == lang} == PER_LANG, lang
    assert sum(counts.values()) == 50 * len(LANGS)


def test_v2_ids_are_unique_numbered_from_7001_and_new():
    items = read_items(V2)
    ids = [i["id"] for i in items]
    assert len(ids) == len(set(ids))
    assert all(7001 <= int(i.split("-")[1]) <= 7050 for i in ids)
    old = {i["id"] for path in V1 for i in read_items(path)}
    assert not set(ids) & old


def test_v2_repeats_no_text_of_dev_or_v1_test():
    old = {norm(i["text"]) for path in V1 for i in read_items(path) if i["text"]}
    assert not [i["id"] for i in read_items(V2) if i["text"] and norm(i["text"]) in old]


def test_v2_expectations_match_their_class():
    for item in read_items(V2):
        tasks = {e["task"] for e in item["expect"]}
        cls = item["class"]
        if cls.startswith("leak_"):
            # A leak in a message is only a leak; one in a post also references the case.
            want = {"leak"} if item["kind"] == "message" else {"leak", "case_reference"}
        elif cls.startswith("neg_") and not cls.startswith("neg_permitted"):
            want = set()
        else:
            want = next(t for k, t in EXPECTED_TASKS.items() if cls.startswith(k))
        assert tasks == want, item["id"]
        if cls.startswith(("cond_", "leak_", "one_", "neg_permitted")):
            assert len({e["case_id"] for e in item["expect"]}) == 1, item["id"]
        if cls == "contact_judge":
            assert len({e["case_id"] for e in item["expect"]}) == 2, item["id"]


def test_the_harness_refuses_item_level_output_on_v2():
    sys.path.insert(0, str(SET.parent))
    import harness
    assert harness.main(["prosecutor", "--file", str(V2), "--show-errors"]) == 2
