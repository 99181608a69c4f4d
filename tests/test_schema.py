"""The Activity frame contract: typed columns, validation, de-duplication."""

from __future__ import annotations

import pandas as pd
import pytest

from presence_audit import schema


def frame(ids, platform="x", kind="post", times=None):
    n = len(ids)
    return schema.from_records({
        "kind": [kind] * n, "record_id": list(ids),
        "timestamp": times or [pd.Timestamp("2024-05-01T10:00:00Z")] * n,
        "time_basis": ["exact"] * n, "text": ["hello"] * n,
        "source": [f"a.zip:data/tweets.js#{i}" for i in range(n)],
        "observed_at": [pd.Timestamp("2024-06-01T00:00:00Z")] * n,
    }, platform)


def test_empty_frame_is_valid_and_typed():
    empty = schema.empty()
    schema.validate(empty)
    assert list(empty.columns) == list(schema.COLUMNS)
    assert str(empty["timestamp"].dtype) == "datetime64[ns, UTC]"


def test_from_records_builds_a_valid_frame():
    f = frame(["1", "2"])
    schema.validate(f)
    assert f["platform"].tolist() == ["x", "x"]
    assert f["counterpart"].isna().all()


def test_validate_rejects_wrong_columns_and_values():
    f = frame(["1"])
    with pytest.raises(ValueError, match="columns"):
        schema.validate(f.drop(columns=["mentions"]))
    with pytest.raises(ValueError, match="dtype"):
        schema.validate(f.assign(text=f["text"].astype(object)))
    bad = f.copy()
    bad["timestamp"] = pd.Series([pd.NaT], dtype=schema.UTC_TS)
    with pytest.raises(ValueError, match="exact"):
        schema.validate(bad)
    epoch = frame(["1"], times=[pd.Timestamp("1970-01-01T00:00:00Z")])
    with pytest.raises(ValueError, match="before 2000"):
        schema.validate(epoch)
    with pytest.raises(ValueError, match="duplicate"):
        schema.validate(pd.concat([f, f], ignore_index=True))


def test_unknown_kind_or_platform_is_refused():
    with pytest.raises(ValueError, match="kind has values outside"):
        frame(["1"], kind="tweet")
    with pytest.raises(ValueError, match="platform has values outside"):
        frame(["1"], platform="myspace")


def test_concat_deduplicates_overlapping_exports():
    this_quarter = frame(["1", "2", "3"])
    last_quarter = frame(["2", "3", "4"])
    other_platform = frame(["1"], platform="facebook")
    merged = schema.concat([this_quarter, last_quarter, other_platform])
    schema.validate(merged)
    assert sorted(zip(merged["platform"], merged["record_id"], strict=True)) == [
        ("facebook", "1"), ("x", "1"), ("x", "2"), ("x", "3"), ("x", "4")]
    assert merged.loc[merged["record_id"] == "2", "source"].iloc[0].endswith("#1")
