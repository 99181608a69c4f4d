"""The fresh demeanor test batch v4 (issue 13) is well formed and stays apart from earlier texts.

v3 was scored (see v3/demeanor.md, "Looks"), so the next honest figure needs a batch nobody
has tuned against. These checks read only shape, counts and overlap, never model scores, so
running them does not count as a look at the batch.
"""

from pathlib import Path

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

V4_DIR = TESTSET_DIR / "v4"
CORPUS_DIR = Path(__file__).resolve().parent.parent / "src" / "presence_audit" / "data" / "corpus"
ORIGIN = "written for presence-audit, issue 13 untouched test batch v4"
PER_LANGUAGE = 110
INTEMPERATE, CIVIL = TASKS["demeanor"]


@pytest.fixture(scope="module")
def v4() -> pd.DataFrame:
    return _read("demeanor", V4_DIR)


def _every_corpus_file_keys() -> set[str]:
    """``_keys`` of every text in any corpus CSV, whichever loader reads it, so a batch
    file the training loaders skip still counts as seen."""
    keys: set[str] = set()
    for path in sorted(CORPUS_DIR.rglob("*.csv")):
        frame = pd.read_csv(path, dtype="string", keep_default_na=False, encoding="utf-8")
        if "text" in frame.columns:
            keys |= set(_keys(frame["text"]))
    return keys


def test_columns_and_fixed_values(v4):
    assert list(v4.columns) == _columns("demeanor")
    assert set(v4["split"]) == {"test"}
    assert set(v4["origin"]) == {ORIGIN}
    assert set(v4["kind"]) <= set(KINDS)
    assert {"post", "reply", "quote", "repost", "like", "message"} <= set(v4["kind"])
    assert v4["class"].str.fullmatch(r"[a-z_]+").all()
    assert (v4["text"].str.strip() != "").all()


def test_labels_and_bias(v4):
    assert set(v4["label"]) == {INTEMPERATE, CIVIL}
    assert set(v4["bias"]) == {"0", "1"}
    assert (v4.loc[v4["bias"] == "1", "label"] == INTEMPERATE).all()


def test_counts_per_language(v4):
    assert set(v4["lang"]) == set(LANGUAGES) == {"en", "it", "es", "fr", "de"}
    for lang, group in v4.groupby("lang"):
        assert len(group) == PER_LANGUAGE, lang
        assert 45 <= (group["label"] == INTEMPERATE).sum() <= 52, lang
        assert 5 <= (group["bias"] == "1").sum() <= 8, lang


def test_at_least_half_of_all_rows_are_hard_negatives(v4):
    hard = v4[(v4["label"] == CIVIL) & ~v4["class"].isin(ORDINARY_CLASSES)]
    assert len(hard) * 2 >= len(v4)
    for lang, group in hard.groupby("lang"):
        assert len(group) * 2 >= PER_LANGUAGE, lang
        assert group["class"].nunique() >= 10, lang


def test_no_duplicate_texts(v4):
    keys = _keys(v4["text"])
    assert not keys.duplicated().any(), v4.loc[keys.duplicated(), "text"].tolist()


def test_no_overlap_with_training_corpus_v1_v2_or_v3(v4):
    earlier = _trained_keys("demeanor") | _every_corpus_file_keys()
    earlier |= set(_keys(_read("demeanor")["text"]))  # v1
    for folder in ("v2", "v3"):
        earlier |= set(_keys(_read("demeanor", TESTSET_DIR / folder)["text"]))
    overlap = v4.loc[_keys(v4["text"]).isin(earlier), "text"].tolist()
    assert overlap == []


def test_note_says_untouched_and_shows_current_counts():
    note = (V4_DIR / "demeanor.md").read_text(encoding="utf-8")
    assert "untouched" in note.lower() and "never been used for tuning" in note
    assert _counts_report(V4_DIR, "demeanor") in note
