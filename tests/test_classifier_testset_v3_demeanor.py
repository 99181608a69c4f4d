"""The fresh demeanor test batch v3 (issue 13) is well formed and stays apart from earlier texts.

v2 was scored (see v2/demeanor.md, "Looks"), so the next honest figure needs a batch nobody
has tuned against. These checks read only shape, counts and overlap, never model scores, so
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

V3_DIR = TESTSET_DIR / "v3"
ORIGIN = "written for presence-audit, issue 13 untouched test batch v3"
PER_LANGUAGE = 110
INTEMPERATE, CIVIL = TASKS["demeanor"]


@pytest.fixture(scope="module")
def v3() -> pd.DataFrame:
    return _read("demeanor", V3_DIR)


def test_columns_and_fixed_values(v3):
    assert list(v3.columns) == _columns("demeanor")
    assert set(v3["split"]) == {"test"}
    assert set(v3["origin"]) == {ORIGIN}
    assert set(v3["kind"]) <= set(KINDS)
    assert v3["class"].str.fullmatch(r"[a-z_]+").all()
    assert (v3["text"].str.strip() != "").all()


def test_labels_and_bias(v3):
    assert set(v3["label"]) == {INTEMPERATE, CIVIL}
    assert set(v3["bias"]) == {"0", "1"}
    assert (v3.loc[v3["bias"] == "1", "label"] == INTEMPERATE).all()


def test_counts_per_language(v3):
    assert set(v3["lang"]) == set(LANGUAGES) == {"en", "it", "es", "fr", "de"}
    for lang, group in v3.groupby("lang"):
        assert len(group) == PER_LANGUAGE, lang
        assert 44 <= (group["label"] == INTEMPERATE).sum() <= 55, lang  # about 45 %
        assert 6 <= (group["bias"] == "1").sum() <= 12, lang


def test_most_civil_rows_are_hard_negatives(v3):
    civil = v3[v3["label"] == CIVIL]
    hard = civil[~civil["class"].isin(ORDINARY_CLASSES)]
    assert len(hard) * 10 >= len(civil) * 9
    for lang, group in hard.groupby("lang"):
        assert group["class"].nunique() >= 12, lang


def test_no_duplicate_texts(v3):
    keys = _keys(v3["text"])
    assert not keys.duplicated().any(), v3.loc[keys.duplicated(), "text"].tolist()


def test_no_overlap_with_training_corpus_v1_or_v2(v3):
    earlier = _trained_keys("demeanor")
    earlier |= set(_keys(_read("demeanor")["text"]))  # v1
    earlier |= set(_keys(_read("demeanor", TESTSET_DIR / "v2")["text"]))  # v2
    overlap = v3.loc[_keys(v3["text"]).isin(earlier), "text"].tolist()
    assert overlap == []


def test_note_says_untouched_and_shows_current_counts():
    note = (V3_DIR / "demeanor.md").read_text(encoding="utf-8")
    assert "untouched" in note.lower() and "never been used for tuning" in note
    assert _counts_report(V3_DIR, "demeanor") in note
