"""The open-window logic of rules.md 1.2 and the severity arithmetic of 1.3."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from presence_audit import severity as sev
from presence_audit.windows import case_window, in_open_window, phase

TZ = "America/New_York"
OBS = pd.Timestamp("2024-06-01T12:00:00Z")


def ts(*values):
    return pd.Series(pd.to_datetime(list(values), utc=True))


def test_window_starts_at_local_midnight_and_pending_has_no_end():
    start, end = case_window(date(2024, 2, 5), None, TZ)
    assert start == pd.Timestamp("2024-02-05T05:00:00Z")  # EST midnight
    assert end is None


def test_appeal_window_extends_through_the_whole_last_local_day():
    _, end = case_window(date(2023, 6, 12), date(2024, 5, 20), TZ, appeal_window_days=30)
    assert end == pd.Timestamp("2024-06-20T04:00:00Z")  # 2024-06-19 ends at EDT midnight
    _, end0 = case_window(date(2023, 6, 12), date(2024, 5, 20), TZ, appeal_window_days=0)
    assert end0 == pd.Timestamp("2024-05-21T04:00:00Z")


def test_impending_window_moves_the_start_back():
    start, _ = case_window(date(2024, 2, 5), None, TZ, impending_window_days=10)
    assert start == pd.Timestamp("2024-01-26T05:00:00Z")


def test_exact_compares_the_timestamp_with_the_window():
    start, end = case_window(date(2023, 6, 12), date(2024, 5, 20), TZ)
    got = in_open_window(ts("2023-06-12T04:30:00Z", "2023-06-12T03:59:00Z",
                            "2024-06-15T00:00:00Z", "2024-06-20T04:00:00Z"),
                         ["exact"] * 4, OBS, start, end)
    # the first instant of the local opening day counts; the appeal window counts; its end not
    assert list(got) == ["yes", "no", "yes", "no"]


def test_bound_yes_possible_no():
    pending_start, _ = case_window(date(2024, 2, 5), None, TZ)
    closed_start, closed_end = case_window(date(2023, 6, 12), date(2024, 5, 20), TZ)
    bound = ts("2024-03-01", "2024-01-01")
    assert list(in_open_window(bound, ["bound"] * 2, OBS, pending_start, None)) == [
        "yes",       # bound inside, case still pending on the archive date
        "possible"]  # bound before the case opened: window overlaps [bound, archive date]
    # the case opens only after the archive date: no overlap at all
    future_start, _ = case_window(date(2024, 7, 1), None, TZ)
    assert list(in_open_window(bound, ["bound"] * 2, OBS, future_start, None)) == ["no", "no"]
    # bound inside the window but the case closed (and its appeal ran out) before the archive
    late_obs = pd.Timestamp("2024-09-01T00:00:00Z")
    assert list(in_open_window(ts("2024-05-01"), ["bound"], late_obs, closed_start,
                               closed_end)) == ["possible"]
    # bound after final disposition
    assert list(in_open_window(ts("2024-08-01"), ["bound"], late_obs, closed_start,
                               closed_end)) == ["no"]


def test_unknown_yes_when_pending_on_archive_date_else_possible():
    start, end = case_window(date(2021, 1, 11), date(2021, 9, 30), TZ)
    got = in_open_window(ts(None), ["unknown"], OBS, start, end)
    assert list(got) == ["possible"]
    start, _ = case_window(date(2024, 2, 5), None, TZ)
    assert list(in_open_window(ts(None), ["unknown"], OBS, start, None)) == ["yes"]
    # appeal window still running on the archive date counts as pending
    start, end = case_window(date(2023, 6, 12), date(2024, 5, 20), TZ)
    assert list(in_open_window(ts(None), ["unknown"], OBS, start, end)) == ["yes"]


def test_per_row_windows_and_phase():
    starts = ts("2024-02-05", "2024-02-05", "2021-01-11")
    ends = ts(None, None, "2021-11-01")
    t = ts("2023-12-01", "2024-03-01", "2022-01-01")
    assert list(in_open_window(t, ["exact"] * 3, OBS, starts, ends)) == ["no", "yes", "no"]
    assert list(phase(t, ["exact"] * 3, OBS, starts, ends)) == ["before", "inside", "after"]
    # a follow (unknown) observed after disposition is not certainly "after"
    assert list(phase(ts(None), ["unknown"], OBS, starts[2:], ends[2:])) == ["inside"]


@pytest.mark.parametrize(("base", "mods", "expected"), [
    ("high", ["M-PRIOR"], "medium"),
    ("high", ["M-REPEAT"], "critical"),
    ("critical", ["M-REPEAT"], "critical"),  # clamped
    ("info", ["M-PRE-OFFICE"], "info"),  # clamped
    ("high", ["M-PRIOR", "R-WITNESS", "M-PRE-OFFICE"], "info"),
    ("critical", ["M-WEAK-EVIDENCE"], "medium"),  # cap
    ("high", ["W-POSSIBLE"], "medium"),
])
def test_modifier_arithmetic(base, mods, expected):
    level, applied = sev.apply(base, mods)
    assert level == expected
    assert applied == mods
    assert sev.apply_many([base], [mods]) == [expected]


def test_unknown_modifier_ids_are_not_recorded_and_describe_names_them():
    level, applied = sev.apply("medium", ["M-NOPE", "M-PRIOR"])
    assert (level, applied) == ("low", ["M-PRIOR"])
    assert "M-PRIOR" in sev.describe(applied) and "predates" in sev.describe(applied)


def test_override_shift_keeps_distance_from_default():
    got = sev.shift_to_override(pd.Series(["high", "medium", "info"]), "high", "medium")
    assert got.tolist() == ["medium", "low", "info"]
