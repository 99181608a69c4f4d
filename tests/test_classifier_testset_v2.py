"""The political v2 untouched test batch (issue 13) is well formed and apart from training and v1.

Shape, counts, duplicates and overlap only — never model scores — so running these checks is
not a look at the batch while tuning.
"""

import importlib.util
from pathlib import Path

import pandas as pd
import pytest
from test_classifier_testset import ORDINARY_CLASSES, TESTSET_DIR, _columns, _keys

from presence_audit.classifiers import TASKS
from presence_audit.language import LANGUAGES
from presence_audit.schema import KINDS
from presence_audit.training import read_batch, read_corpus

V2_DIR = TESTSET_DIR / "v2"
LANGS = ["en", "it", "es", "fr", "de"]
ORIGIN = "written for presence-audit, issue 13 untouched test batch v2"
PER_LANG, PARTISAN_RANGE = 110, range(35, 46)  # about 40 partisan and 70 not in each language


def _read(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, dtype="string", keep_default_na=False, encoding="utf-8")


@pytest.fixture(scope="module")
def frame() -> pd.DataFrame:
    return _read(V2_DIR / "political_test.csv")


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
    corpus = set(_keys(read_corpus("political")["text"]))
    for lang in LANGUAGES:  # the per-language training batches too
        corpus |= set(_keys(read_batch("political", lang)["text"]))
    assert frame.loc[_keys(frame["text"]).isin(corpus), "text"].tolist() == []


def test_no_overlap_with_v1_batch(frame):
    v1 = set(_keys(_read(TESTSET_DIR / "political_test.csv")["text"]))
    assert frame.loc[_keys(frame["text"]).isin(v1), "text"].tolist() == []


def test_readme_tables_come_from_counts_script():
    spec = importlib.util.spec_from_file_location("v2_counts", V2_DIR / "counts.py")
    counts = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(counts)
    readme = (V2_DIR / "political.md").read_text(encoding="utf-8")
    assert "untouched" in readme.lower()
    assert counts.report("political") in readme
