"""The prosecutor set's untouched batch v3 (issue 17), checked for shape only.

Nothing here scores the batch or looks at what the detector says about it: it is scored in
aggregate only (evaluation/prosecutor/README.md, "Untouched batch v3"). These tests keep the
file valid, balanced, at least 40 % hard negatives, and disjoint from the dev, v1 test and v2
files it must not repeat.
"""

from __future__ import annotations

from collections import Counter

import pytest
from prosecutor_batches import LANGS, SET, norm, read_items, validate_module

V3 = SET / "test_v3.jsonl"
EARLIER = [SET / "dev.jsonl", SET / "test.jsonl", SET / "test_v2.jsonl"]
# Per language: 15 condemnation, 12 leaks (2 per kind), 6 contacts, 3 one-case items and 24
# hard negatives: 10 permitted statements (2 per kind), 5 ordinary mentions of her cases, 9 others.
PER_LANG = {
    "cond_guilt": 3, "cond_character": 3, "cond_dangerous": 2, "cond_record": 2,
    "cond_plea": 2, "cond_punishment": 3,
    **{f"leak_{s}": 2 for s in ("raid", "warrant", "arrest", "grand_jury", "informant",
                                "evidence")},
    "contact_victim_page": 2, "contact_group_defence": 2, "contact_judge": 2,
    "one_case": 3,
    **{f"neg_permitted_{s}": 2 for s in ("charges", "hearing", "arrest", "press", "help")},
    "neg_ordinary_mention": 5,
    "neg_true_crime": 2, "neg_sport_fiction": 2, "neg_civics": 2, "neg_defence_friend": 2,
    "neg_sovereign": 1,
}
PUBLIC_KINDS = {"post", "reply", "comment"}


def _tasks(item: dict) -> set[str]:
    return {e["task"] for e in item["expect"]}


def test_v3_passes_the_validator_together_with_the_earlier_files():
    # Validating all files together also checks that no id repeats across them.
    assert validate_module("prosecutor_validate_v3").validate([*EARLIER, V3]) == []


def test_v3_has_the_agreed_counts_per_language_and_class():
    counts = Counter((i["lang"], i["class"]) for i in read_items(V3))
    for lang in LANGS:
        assert {c: n for (lg, c), n in counts.items() if lg == lang} == PER_LANG, lang
    assert sum(counts.values()) == 60 * len(LANGS)


def test_v3_is_at_least_40_percent_hard_negatives_in_every_language():
    items = read_items(V3)
    for lang in LANGS:
        mine = [i for i in items if i["lang"] == lang]
        negatives = [i for i in mine if i["class"].startswith("neg_")]
        assert len(negatives) / len(mine) >= 0.40, lang
        assert sum(i["class"].startswith("neg_permitted_") for i in mine) >= 10, lang
        assert sum(i["class"] == "neg_ordinary_mention" for i in mine) >= 5, lang


def test_v3_ids_are_numbered_from_8001_and_new():
    items = read_items(V3)
    ids = [i["id"] for i in items]
    assert len(ids) == len(set(ids))
    assert all(8001 <= int(i.split("-")[1]) <= 8060 for i in ids)
    assert not set(ids) & {i["id"] for path in EARLIER for i in read_items(path)}


def test_v3_repeats_no_text_of_dev_test_or_v2():
    old = {norm(i["text"]) for path in EARLIER for i in read_items(path) if i["text"]}
    texts = [norm(i["text"]) for i in read_items(V3) if i["text"]]
    assert not [t for t in texts if t in old]
    assert len(texts) == len(set(texts))  # and none twice within v3


@pytest.mark.parametrize("item", read_items(V3), ids=lambda i: i["id"])
def test_v3_expectations_follow_the_class_table(item):
    cls, tasks, kind = item["class"], _tasks(item), item["kind"]
    cases = {e["case_id"] for e in item["expect"]}
    if cls.startswith("cond_"):
        assert tasks == {"condemnation", "case_reference"} and len(cases) == 1
        assert kind in PUBLIC_KINDS
    elif cls.startswith("leak_"):
        # A leak in a message is only a leak; one in a post also references the case.
        assert tasks == ({"leak"} if kind == "message" else {"leak", "case_reference"})
        assert len(cases) == 1
    elif cls.startswith("contact_"):
        assert tasks == {"party_connection"}
        assert len(cases) == (2 if cls == "contact_judge" else 1)
    elif cls == "one_case":
        assert tasks == {"case_reference"} and len(cases) == 1
    elif cls.startswith("neg_permitted_"):
        assert tasks == {"permitted"} and len(cases) == 1 and kind in PUBLIC_KINDS
    elif cls == "neg_ordinary_mention":
        # Public: it still names the case; private: nothing to find.
        assert tasks == ({"case_reference"} if kind in PUBLIC_KINDS else set())
        assert len(cases) == (1 if kind in PUBLIC_KINDS else 0)
    else:
        assert cls.startswith("neg_") and tasks == set()


def test_v3_leaks_are_mostly_private_messages_with_a_few_posts():
    leaks = [i for i in read_items(V3) if i["class"].startswith("leak_")]
    for lang in LANGS:
        kinds = Counter(i["kind"] for i in leaks if i["lang"] == lang)
        assert kinds["message"] >= 8 and kinds["post"] >= 2, lang
