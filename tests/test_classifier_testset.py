"""The untouched classifier test batch (issue 13) is well formed and stays apart from training.

These checks read only the file's shape and overlap with the corpus, never model scores, so
running them does not count as looking at the test batch while tuning.
"""

import importlib.util
from pathlib import Path

import pandas as pd
import pytest

from presence_audit.classifiers import TASKS
from presence_audit.language import LANGUAGES
from presence_audit.schema import KINDS
from presence_audit.textnorm import normalize_series
from presence_audit.training import CORPUS_COLUMNS, read_batch, read_corpus

TESTSET_DIR = Path(__file__).resolve().parent.parent / "evaluation" / "classifiers"
LANGS = {"en", "it", "es", "fr", "de"}
SPEC = {  # task: (extra columns, minimum rows, minimum rows per language)
    "political": ([], 700, 140),
    "demeanor": (["bias"], 650, 130),
}
ORDINARY_CLASSES = {"everyday"}  # negatives that are not hard negatives


def _columns(task: str) -> list[str]:
    text, label, *rest = CORPUS_COLUMNS
    return [text, label, *SPEC[task][0], *rest, "kind", "class"]


def _keys(texts: pd.Series) -> pd.Series:
    """Normalized text with punctuation and spacing dropped, so near-copies compare equal."""
    return normalize_series(texts).str.replace(r"[\W_]+", "", regex=True)


def _read(task: str, folder: Path = TESTSET_DIR) -> pd.DataFrame:
    """A test batch: v1 in ``TESTSET_DIR``, later ones in its ``v2``, ``v3`` ... folders."""
    return pd.read_csv(folder / f"{task}_test.csv", dtype="string",
                       keep_default_na=False, encoding="utf-8")


def _trained_keys(task: str) -> set[str]:
    """``_keys`` of every text the models of ``task`` are fitted on or tuned with: the corpus
    and every per-language batch file."""
    keys = set(_keys(read_corpus(task)["text"]))
    for lang in LANGUAGES:
        keys |= set(_keys(read_batch(task, lang)["text"]))
    return keys


def _counts_report(folder: Path, task: str) -> str:
    """The tables ``evaluation/classifiers/counts.py`` prints for one batch."""
    spec = importlib.util.spec_from_file_location("batch_counts", TESTSET_DIR / "counts.py")
    assert spec is not None and spec.loader is not None
    counts = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(counts)
    return str(counts.report(folder, task))


@pytest.fixture(scope="module", params=sorted(SPEC))
def batch(request) -> tuple[str, pd.DataFrame]:
    return request.param, _read(request.param)


def test_columns_and_readme(batch):
    task, frame = batch
    assert list(frame.columns) == _columns(task)
    assert "untouched" in (TESTSET_DIR / "README.md").read_text(encoding="utf-8").lower()


def test_values_are_known(batch):
    task, frame = batch
    assert set(frame["label"]) == set(TASKS[task])
    assert set(frame["lang"]) == LANGS
    assert set(frame["kind"]) <= set(KINDS)
    assert set(frame["split"]) == {"test"}
    assert (frame["text"].str.strip() != "").all()
    assert (frame["class"].str.fullmatch(r"[a-z_]+")).all()


def test_counts(batch):
    task, frame = batch
    _, minimum, per_language = SPEC[task]
    assert len(frame) >= minimum
    per_lang = frame.groupby("lang").size()
    assert per_lang.min() >= per_language, per_lang.to_dict()
    for lang, group in frame.groupby("lang"):
        assert set(group["label"]) == set(TASKS[task]), lang


def test_half_are_hard_negatives(batch):
    task, frame = batch
    negative = TASKS[task][1]
    hard = (frame["label"] == negative) & ~frame["class"].isin(ORDINARY_CLASSES)
    assert hard.sum() * 2 >= len(frame)
    for lang, group in frame[hard].groupby("lang"):
        assert group["class"].nunique() >= 10, lang


def test_bias_column_marks_intemperate_items_only():
    frame = _read("demeanor")
    assert set(frame["bias"]) == {"0", "1"}
    assert (frame.loc[frame["bias"] == "1", "label"] == TASKS["demeanor"][0]).all()
    assert (frame[frame["bias"] == "1"].groupby("lang").size() >= 10).all()


def test_no_duplicate_texts(batch):
    _, frame = batch
    keys = _keys(frame["text"])
    assert not keys.duplicated().any(), frame.loc[keys.duplicated(), "text"].tolist()


def test_no_overlap_with_training_corpus(batch):
    task, frame = batch
    overlap = frame.loc[_keys(frame["text"]).isin(_trained_keys(task)), "text"].tolist()
    assert overlap == []
