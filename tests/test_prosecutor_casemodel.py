"""The condemnation model's path (issue 17): wordings no cue list knows, found only when the
post names an accused of one of her cases, never over a permitted statement; a real X export
scanned end to end, and the shipped model rebuilt byte for byte."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
import xarchive
from test_prosecutor_structural import CASE, CASES, CONDEMN, OTHER, OWN_ID, PROFILE

from presence_audit import classifiers, training
from presence_audit.scan import scan

# novel wordings: no cue class of publicity.toml matches them
MODEL_ONLY = {
    "Everyone in this town has a story about Gregory Marlowe, and none of them end well.": CASE,
    "Kettering ha ingannato tutti per una vita. Stavolta no.": OTHER,
}
NOTHING = [
    # the same wording without an accused: the structural gate holds
    "Everyone in this town has a story about the old mill, and none of them end well.",
    # hard negatives naming the accused
    "Gregory Marlowe used to coach my nephew's little league team, small world.",
    "Marlowe's lawyer filed another motion, long night ahead.",
]
# permitted (an appeal for witnesses) that the model scores as condemnation: permitted wins
PERMITTED = ("Anyone with information about Gregory Marlowe should call the tip line. "
             "Everyone in this town has a story about him.")


@pytest.fixture(scope="module")
def findings(tmp_path_factory) -> pd.DataFrame:
    tmp = tmp_path_factory.mktemp("casemodel")
    (tmp / "cases.csv").write_text(CASES, encoding="utf-8")
    (tmp / "profile.toml").write_text(PROFILE, encoding="utf-8")
    when = "2024-05-02T15:00:00Z"
    texts = [*MODEL_ONLY, *NOTHING, PERMITTED]
    tweets = [xarchive.tweet(xarchive.snowflake(when, n), xarchive.tweet_date(when), text)
              for n, text in enumerate(texts)]
    path = xarchive.build_x_archive(tmp / "x.zip", tweets=tweets,
                                    account=xarchive.account(OWN_ID, "danawhit"))
    return scan([str(path)], str(tmp / "profile.toml"), hash_archives=False).findings


def _condemnations(findings: pd.DataFrame, text: str) -> pd.DataFrame:
    return findings[(findings["text"] == text) & (findings["rule"] == CONDEMN)]


@pytest.mark.parametrize("text", list(MODEL_ONLY))
def test_model_finds_a_novel_condemnation_for_review(findings, text):
    mine = _condemnations(findings, text)
    assert list(mine["case_id"]) == [MODEL_ONLY[text]]
    row = mine.iloc[0]
    # found by the model alone: its score is the evidence, and a reviewer decides
    assert row["explanation"]["model"] == "condemnation"
    assert row["explanation"]["score"] >= classifiers.load_model("condemnation").threshold
    assert "M-WEAK-EVIDENCE" in list(row["modifiers"])
    assert str(row["severity"]) == "medium"
    assert "condemnation model scores" in row["reason"]


@pytest.mark.parametrize("text", NOTHING)
def test_no_accused_or_no_condemnation_is_no_finding(findings, text):
    assert _condemnations(findings, text).empty


def test_permitted_statement_wins_over_the_model(findings):
    model = classifiers.load_model("condemnation")
    scored = classifiers.score(pd.Series([PERMITTED]), "condemnation", model)
    assert scored["score"].iat[0] >= model.threshold  # the model alone would flag it
    assert _condemnations(findings, PERMITTED).empty
    mine = findings[findings["text"] == PERMITTED]
    assert set(mine["severity"].astype(str)) <= {"info"}


def test_shipped_model_is_rebuilt_byte_for_byte(tmp_path: Path):
    classifiers.save_model(training.train_case("condemnation"), tmp_path)
    shipped = classifiers.shipped_model_dir()
    for name in ("condemnation.json", "condemnation.npz"):
        assert (tmp_path / name).read_bytes() == (shipped / name).read_bytes(), name
