"""The political v2 untouched test batch (issue 13) is well formed and apart from training and v1.

Shape, counts, duplicates and overlap only — never model scores — so running these checks is
not a look at the batch while tuning.
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
from presence_audit.schema import KINDS

V2_DIR = TESTSET_DIR / "v2"
LANGS = ["en", "it", "es", "fr", "de"]
ORIGIN = "written for presence-audit, issue 13 untouched test batch v2"
PER_LANG, PARTISAN_RANGE = 110, range(35, 46)  # about 40 partisan and 70 not in each language


@pytest.fixture(scope="module")
def frame() -> pd.DataFrame:
    return _read("political", V2_DIR)


def test_columns_and_values(frame):
    assert list(frame.columns) == _columns("political")
    assert set(frame["label"]) == set(TASKS["political"])
    assert set(frame["lang"]) == set(LANGS)
    assert set(frame["split"]) == {"test"}
    assert set(frame["origin"]) == {ORIGIN}
    assert set(frame["kind"]) <= set(KINDS)
    assert (frame["text"].str.strip() != "").all()
    assert frame["class"].str.fullmatch(r"[a-z_]+").all()


def test_counts_per_language(frame):
    positive = TASKS["political"][0]
    for lang in LANGS:
        group = frame[frame["lang"] == lang]
        assert len(group) == PER_LANG, lang
        assert (group["label"] == positive).sum() in PARTISAN_RANGE, lang


def test_half_are_hard_negatives(frame):
    hard = (frame["label"] == TASKS["political"][1]) & ~frame["class"].isin(ORDINARY_CLASSES)
    assert hard.sum() * 2 >= len(frame)
    for lang, group in frame[hard].groupby("lang"):
        assert group["class"].nunique() >= 10, lang


def test_no_duplicate_texts(frame):
    keys = _keys(frame["text"])
    assert not keys.duplicated().any(), frame.loc[keys.duplicated(), "text"].tolist()


def test_no_overlap_with_training_corpus(frame):
    corpus = _trained_keys("political")
    assert frame.loc[_keys(frame["text"]).isin(corpus), "text"].tolist() == []


def test_no_overlap_with_v1_batch(frame):
    v1 = set(_keys(_read("political")["text"]))
    assert frame.loc[_keys(frame["text"]).isin(v1), "text"].tolist() == []


def test_readme_tables_come_from_counts_script():
    readme = (V2_DIR / "political.md").read_text(encoding="utf-8")
    assert "untouched" in readme.lower()
    assert _counts_report(V2_DIR, "political") in readme
