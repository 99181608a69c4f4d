"""The prosecutor evaluation set (issue 17): its validator catches each kind of bad line, and
the shipped items pass it, reach the agreed size and are split by language x class."""

from __future__ import annotations

import copy
import importlib.util
import json
import sys
from collections import Counter
from pathlib import Path

import pytest

SET = Path(__file__).resolve().parent.parent / "evaluation" / "prosecutor"
PARTS = [SET / "dev.jsonl", SET / "test.jsonl"]


def _load(name: str):
    spec = importlib.util.spec_from_file_location(f"prosecutor_{name}", SET / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


validate = _load("validate")
splitter = _load("split")

GOOD = {
    "id": "en-9001", "lang": "en", "profile": "prosecutor-en", "platform": "x", "kind": "post",
    "text": "Travis Gantry refused our offer. He'll regret that at sentencing.",
    "counterpart": None, "counterpart_id": None, "mentions": [],
    "timestamp": "2024-05-03T10:00:00Z", "time_basis": "exact", "class": "cond_plea",
    "expect": [{"task": "condemnation", "case_id": "24CR04170", "entity": "Travis Gantry"}],
}


def _items() -> list[dict]:
    return splitter.read_items(PARTS)


def _problems(**changes) -> list[str]:
    item = copy.deepcopy(GOOD)
    item.update(changes)
    return validate.item_problems(item, validate.case_ids(item["profile"]))


def test_a_well_formed_item_has_no_problem():
    assert _problems() == []


@pytest.mark.parametrize(("changes", "expected"), [
    ({"id": "it-9001"}, "is not '<lang>-NNNN'"),
    ({"lang": "pt", "id": "pt-9001"}, "lang 'pt'"),
    ({"kind": "page_like", "text": ""}, "does not occur on x"),
    ({"platform": "tiktok"}, "platform 'tiktok'"),
    ({"kind": "follow"}, "a follow carries no text"),
    ({"text": "  "}, "a post needs text"),
    ({"mentions": ["@Gantry"]}, "mentions must be"),
    ({"timestamp": "2024-05-03 10:00"}, "timestamp"),
    ({"time_basis": "roughly"}, "time_basis 'roughly'"),
    ({"expect": [{"task": "condemnation", "case_id": "99CR00001"}]},
     "'99CR00001' is not in prosecutor-en/cases.csv"),
    ({"expect": [{"task": "gossip", "case_id": "24CR04170"}]}, "has no task"),
    ({"expect": [{"task": "leak"}]}, "needs task and case_id"),
    ({"class": "neg_true_crime"}, "hard negative neg_true_crime may only expect 'permitted'"),
    ({"expect": []}, "positive class cond_plea expects nothing"),
    ({"class": "neg_permitted_charges",
      "expect": [{"task": "permitted", "case_id": "24CR04170"},
                 {"task": "leak", "case_id": "24CR04170"}]}, "may only expect 'permitted'"),
    ({"class": "Cond Plea"}, "is not a lower-case identifier"),
    ({"profile": "prosecutor-pt"}, "has no profiles/prosecutor-pt/profile.toml"),
])
def test_each_kind_of_bad_item_is_named(changes, expected):
    problems = _problems(**changes)
    assert any(expected in p for p in problems), problems


def test_missing_and_unknown_fields_are_named():
    item = {k: v for k, v in GOOD.items() if k != "timestamp"}
    assert validate.item_problems(item, set()) == ["missing fields ['timestamp']"]
    assert validate.item_problems({**GOOD, "score": 1}, set()) == ["unknown fields ['score']"]


def test_a_judge_profile_is_refused(tmp_path):
    profiles = tmp_path / "profiles"
    judge = profiles / "judge-en"
    judge.mkdir(parents=True)
    for name in ("cases.csv", "people.csv"):
        (judge / name).write_bytes((SET / "profiles/prosecutor-en" / name).read_bytes())
    toml = (SET / "profiles/prosecutor-en/profile.toml").read_text(encoding="utf-8")
    (judge / "profile.toml").write_text(toml.replace('role = "prosecutor"',
                                                           'role = "judge"'), encoding="utf-8")
    assert "not prosecutor" in validate.case_ids("judge-en", profiles)


def test_files_report_line_numbers_bad_json_and_ids_repeated_across_files(tmp_path):
    first, second = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    first.write_text(json.dumps(GOOD) + "\n{not json\n", encoding="utf-8")
    second.write_text(json.dumps(GOOD) + "\n", encoding="utf-8")
    problems = validate.validate([first, second])
    assert problems[0].startswith("a.jsonl:2: not JSON")
    assert problems[1] == "b.jsonl:1: id 'en-9001' already on a.jsonl:1"
    assert len(problems) == 2


def test_main_exit_status(tmp_path, capsys):
    good, bad = tmp_path / "good.jsonl", tmp_path / "bad.jsonl"
    good.write_text(json.dumps(GOOD) + "\n", encoding="utf-8")
    bad.write_text(json.dumps({**GOOD, "lang": "xx"}) + "\n", encoding="utf-8")
    assert validate.main([str(good)]) == 0
    assert validate.main([str(bad)]) == 1
    assert "bad.jsonl:1: lang 'xx'" in capsys.readouterr().out
    assert validate.main([str(tmp_path / "missing.jsonl")]) == 2


def test_the_shipped_items_pass_the_validator():
    assert validate.validate(PARTS) == []


def test_the_set_has_the_agreed_size_languages_and_share_of_hard_negatives():
    items = _items()
    per_lang = Counter(item["lang"] for item in items)
    assert len(items) >= 350
    assert set(per_lang) == set(validate.LANGS)
    assert min(per_lang.values()) >= 60
    negatives = [item for item in items if item["class"].startswith("neg_")]
    assert len(negatives) / len(items) >= 0.40
    tasks = Counter((item["lang"], exp["task"]) for item in items for exp in item["expect"])
    for lang in validate.LANGS:  # every task is measurable in every language
        assert all(tasks[(lang, task)] >= 4 for task in validate.TASKS), lang


def test_the_split_is_stratified_deterministic_and_matches_the_files():
    items = _items()
    dev, test = splitter.split(items)
    assert (dev, test) == splitter.split(list(reversed(items)))
    on_disk = [splitter.read_items([p]) for p in PARTS]
    assert [i["id"] for i in dev] == [i["id"] for i in on_disk[0]]
    assert [i["id"] for i in test] == [i["id"] for i in on_disk[1]]
    # the post-split additions are dev only; the split itself covers the original items
    assert all(i in dev for i in items if splitter.post_split(i))
    assert not any(splitter.post_split(i) for i in test)
    original = [i for i in items if not splitter.post_split(i)]
    strata = Counter((i["lang"], i["class"]) for i in original)
    in_dev = Counter((i["lang"], i["class"]) for i in dev if not splitter.post_split(i))
    for key, size in strata.items():
        assert in_dev[key] == int(size * splitter.DEV_SHARE + 0.5), key
    assert 0.35 <= sum(in_dev.values()) / len(original) <= 0.45
