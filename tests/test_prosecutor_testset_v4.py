"""The prosecutor set's untouched batch v4 (issue 17), checked for shape only.

Nothing here scores the batch or looks at what the detector says about it: it is scored in
aggregate only (evaluation/prosecutor/README.md, "Untouched batch v4"). These tests keep the
file valid, balanced, at least 40 % hard negatives, buildable as exports, and disjoint from the
dev, v1 test, v2 and v3 files it must not repeat.
"""

from __future__ import annotations

import sys
from collections import Counter

import pytest
from prosecutor_batches import LANGS, SET, norm, read_items, validate_module

sys.path.insert(0, str(SET.parent))  # evaluation/exports.py: the harness's archive builder
import exports

V4 = SET / "test_v4.jsonl"
EARLIER = [SET / "dev.jsonl", SET / "test.jsonl", SET / "test_v2.jsonl", SET / "test_v3.jsonl"]
# Per language: 13 condemnation, 12 leaks (2 per kind), 4 contacts, 2 one-case items and 29
# hard negatives: 10 permitted statements (2 per kind), 4 ordinary mentions of her cases, 15
# others (where no defendant's surname is a common word, a third same-surname person instead).
COMMON = {
    "cond_guilt": 3, "cond_character": 2, "cond_dangerous": 2, "cond_record": 2,
    "cond_plea": 2, "cond_punishment": 2,
    **{f"leak_{s}": 2 for s in ("raid", "warrant", "arrest", "grand_jury", "informant",
                                "evidence")},
    "contact_victim_page": 1, "contact_group_defence": 1, "contact_judge": 2,
    "one_case": 2,
    **{f"neg_permitted_{s}": 2 for s in ("charges", "hearing", "arrest", "press", "help")},
    "neg_ordinary_mention": 4,
    "neg_true_crime": 2, "neg_sport_fiction": 3, "neg_civics": 2, "neg_defence_friend": 2,
    "neg_office_social": 2, "neg_sovereign": 1,
}
SURNAMES = {
    "en": {"neg_other_person": 2, "neg_common_word": 1},
    "it": {"neg_other_person": 3},
    "es": {"neg_other_person": 2, "neg_common_word": 1},
    "fr": {"neg_other_person": 3},
    "de": {"neg_other_person": 2, "neg_common_word": 1},
}
PUBLIC_KINDS = {"post", "reply", "comment"}


def _tasks(item: dict) -> set[str]:
    return {e["task"] for e in item["expect"]}


def test_v4_passes_the_validator_together_with_the_earlier_files():
    # Validating all files together also checks that no id repeats across them.
    assert validate_module("prosecutor_validate_v4").validate([*EARLIER, V4]) == []


def test_v4_has_the_agreed_counts_per_language_and_class():
    counts = Counter((i["lang"], i["class"]) for i in read_items(V4))
    for lang in LANGS:
        mine = {c: n for (lg, c), n in counts.items() if lg == lang}
        assert mine == {**COMMON, **SURNAMES[lang]}, lang
    assert sum(counts.values()) == 60 * len(LANGS)


def test_v4_is_at_least_40_percent_hard_negatives_in_every_language():
    items = read_items(V4)
    for lang in LANGS:
        mine = [i for i in items if i["lang"] == lang]
        negatives = [i for i in mine if i["class"].startswith("neg_")]
        assert len(negatives) / len(mine) >= 0.40, lang
        assert sum(i["class"].startswith("cond_") for i in mine) >= 12, lang
        assert sum(i["class"].startswith("leak_") for i in mine) >= 12, lang
        assert sum(i["class"].startswith("neg_permitted_") for i in mine) >= 10, lang


def test_v4_ids_are_numbered_from_9001_and_new():
    items = read_items(V4)
    ids = [i["id"] for i in items]
    assert len(ids) == len(set(ids))
    assert all(9001 <= int(i.split("-")[1]) <= 9060 for i in ids)
    assert not set(ids) & {i["id"] for path in EARLIER for i in read_items(path)}


def test_v4_repeats_no_text_of_dev_test_v2_or_v3():
    old = {norm(i["text"]) for path in EARLIER for i in read_items(path) if i["text"]}
    texts = [norm(i["text"]) for i in read_items(V4) if i["text"]]
    assert not [t for t in texts if t in old]
    assert len(texts) == len(set(texts))  # and none twice within v4


@pytest.mark.parametrize("item", read_items(V4), ids=lambda i: i["id"])
def test_v4_expectations_follow_the_class_table(item):
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


def test_v4_leaks_are_mostly_private_messages_with_a_few_posts():
    leaks = [i for i in read_items(V4) if i["class"].startswith("leak_")]
    for lang in LANGS:
        kinds = Counter(i["kind"] for i in leaks if i["lang"] == lang)
        assert kinds == {"message": 9, "post": 3}, lang


def test_v4_ordinary_mentions_are_half_public_half_private():
    mentions = [i for i in read_items(V4) if i["class"] == "neg_ordinary_mention"]
    for lang in LANGS:
        kinds = Counter(i["kind"] in PUBLIC_KINDS for i in mentions if i["lang"] == lang)
        assert kinds == {True: 2, False: 2}, lang


def test_v4_condemnations_speak_in_posts_replies_and_news_comments():
    conds = [i for i in read_items(V4) if i["class"].startswith("cond_")]
    for lang in LANGS:
        kinds = Counter(i["kind"] for i in conds if i["lang"] == lang)
        assert kinds["reply"] >= 3 and kinds["comment"] >= 3 and kinds["post"] >= 3, lang
    # a reply or a news comment names the account or page it answers
    assert all(i["counterpart"] for i in conds if i["kind"] in ("reply", "comment"))


@pytest.mark.parametrize("item", read_items(V4), ids=lambda i: i["id"])
def test_v4_items_can_be_built_as_exports(item):
    exports.check(item)  # a kind the builders cannot express raises ItemError
    if item["platform"] == "x" and item["kind"] in ("message", "follow", "reply"):
        assert exports.split_handle(item["counterpart_id"])[0]  # X keys these by account


def test_split_does_not_read_v4():
    assert "test_v4" not in (SET / "split.py").read_text(encoding="utf-8")
