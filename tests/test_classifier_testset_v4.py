"""The political v4 untouched test batch (issue 13): well formed, apart from training, v1–v3.

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

V4_DIR = TESTSET_DIR / "v4"
LANGS = ["en", "it", "es", "fr", "de"]
ORIGIN = "written for presence-audit, issue 13 untouched test batch v4"
PER_LANG, PARTISAN_RANGE = 110, range(45, 51)  # about 45–50 partisan in each language
EARLIER_BATCHES = [TESTSET_DIR, TESTSET_DIR / "v2", TESTSET_DIR / "v3"]  # v1, v2, v3


@pytest.fixture(scope="module")
def frame() -> pd.DataFrame:
    return _read("political", V4_DIR)


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


@pytest.mark.parametrize("path", EARLIER_BATCHES, ids=["v1", "v2", "v3"])
def test_no_overlap_with_earlier_batches(frame, path):
    earlier = set(_keys(_read("political", path)["text"]))
    assert frame.loc[_keys(frame["text"]).isin(earlier), "text"].tolist() == []


def test_note_tables_come_from_counts_script():
    note = (V4_DIR / "political.md").read_text(encoding="utf-8")
    assert "untouched" in note.lower()
    assert _counts_report(V4_DIR, "political") in note
