"""The fresh demeanor test batch v2 (issue 13) is well formed and stays apart from earlier texts.

v1 was scored after changes were made, so the next honest figure needs a batch nobody has
tuned against. These checks read only shape, counts and overlap, never model scores, so
running them does not count as a look at the batch.
"""

import pandas as pd
import pytest
from test_classifier_testset import (
    ORDINARY_CLASSES,
    TESTSET_DIR,
    _columns,
    _counts_report,
    _keys,
    _read,
    _trained_keys,
)

from presence_audit.classifiers import TASKS
from presence_audit.language import LANGUAGES
from presence_audit.schema import KINDS

V2_DIR = TESTSET_DIR / "v2"
ORIGIN = "written for presence-audit, issue 13 untouched test batch v2"
PER_LANGUAGE = 110
INTEMPERATE, CIVIL = TASKS["demeanor"]


@pytest.fixture(scope="module")
def v2() -> pd.DataFrame:
    return _read("demeanor", V2_DIR)


def test_columns_and_fixed_values(v2):
    assert list(v2.columns) == _columns("demeanor")
    assert set(v2["split"]) == {"test"}
    assert set(v2["origin"]) == {ORIGIN}
    assert set(v2["kind"]) <= set(KINDS)
    assert (v2["class"].str.fullmatch(r"[a-z_]+")).all()
    assert (v2["text"].str.strip() != "").all()


def test_labels_and_bias(v2):
    assert set(v2["label"]) == {INTEMPERATE, CIVIL}
    assert set(v2["bias"]) == {"0", "1"}
    assert (v2.loc[v2["bias"] == "1", "label"] == INTEMPERATE).all()


def test_counts_per_language(v2):
    assert set(v2["lang"]) == set(LANGUAGES)
    for lang, group in v2.groupby("lang"):
        intemperate = group["label"] == INTEMPERATE
        biased = group["bias"] == "1"
        assert len(group) == PER_LANGUAGE, lang
        assert 35 <= intemperate.sum() <= 45, lang
        assert 6 <= biased.sum() <= 10, lang


def test_half_are_hard_negatives(v2):
    hard = (v2["label"] == CIVIL) & ~v2["class"].isin(ORDINARY_CLASSES)
    assert hard.sum() * 2 >= len(v2)
    for lang, group in v2[hard].groupby("lang"):
        assert group["class"].nunique() >= 10, lang


def test_no_duplicate_texts(v2):
    keys = _keys(v2["text"])
    assert not keys.duplicated().any(), v2.loc[keys.duplicated(), "text"].tolist()


def test_no_overlap_with_training_corpus_or_v1(v2):
    earlier = _trained_keys("demeanor")
    earlier |= set(_keys(_read("demeanor")["text"]))  # the v1 test batch
    overlap = v2.loc[_keys(v2["text"]).isin(earlier), "text"].tolist()
    assert overlap == []


def test_readme_says_untouched_and_shows_current_counts():
    readme = (V2_DIR / "demeanor.md").read_text(encoding="utf-8")
    assert "untouched" in readme.lower() and "never been used for tuning" in readme
    assert _counts_report(V2_DIR, "demeanor") in readme
