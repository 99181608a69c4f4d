"""The one time-window function: when a case counts as pending, and whether an act fell in it.

rules.md 1.2: a matter is pending from ``opened`` (minus ``impending_window_days``) through
final disposition, which the tool takes as ``closed`` plus ``appeal_window_days``. Case dates
are local dates in the profile's time zone; windows are half-open ``[start, end)`` in UTC.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from typing import TYPE_CHECKING, TypeAlias

import numpy as np
import pandas as pd

if TYPE_CHECKING:
    from presence_audit.profile import Case, Profile

# One instant or a column of them: what ``_ts`` turns into int64 nanoseconds.
Instants: TypeAlias = "pd.Series | np.ndarray | Sequence[object] | pd.Timestamp | None"

YES, POSSIBLE, NO = "yes", "possible", "no"
BEFORE, INSIDE, AFTER = "before", "inside", "after"


def _local_midnight_utc(day: date, timezone: str) -> pd.Timestamp:
    return pd.Timestamp(day).tz_localize(timezone).tz_convert("UTC")


def case_window(opened: date | None, closed: date | None, timezone: str = "UTC",
                appeal_window_days: int = 30, impending_window_days: int = 0,
                ) -> tuple[pd.Timestamp | None, pd.Timestamp | None]:
    """``(start, end)`` in UTC; ``None`` means unbounded (no opening date / still pending).

    ``end`` is the start of the day after ``closed + appeal_window_days``, so the whole last
    local day still counts.
    """
    start = end = None
    if opened is not None:
        start = _local_midnight_utc(opened - timedelta(days=impending_window_days), timezone)
    if closed is not None:
        end = _local_midnight_utc(closed + timedelta(days=appeal_window_days + 1), timezone)
    return start, end


def window_for(case: Case, profile: Profile) -> tuple[pd.Timestamp | None, pd.Timestamp | None]:
    """``case_window`` for a profile ``Case`` with the profile's time zone and policy."""
    policy = profile.policy
    return case_window(case.opened, case.closed, profile.subject.timezone or "UTC",
                       policy.appeal_window_days, policy.impending_window_days)


def _ts(values: Instants, n: int) -> np.ndarray:
    """UTC nanoseconds as int64 (NaT/None -> the int64 NaT sentinel), broadcast to ``n``."""
    if values is None or (np.isscalar(values) and pd.isna(values)):
        return np.full(n, np.iinfo(np.int64).min, dtype=np.int64)
    if isinstance(values, pd.Timestamp):
        return np.full(n, values.as_unit("ns").value, dtype=np.int64)
    series = pd.to_datetime(pd.Series(list(values) if not isinstance(values, pd.Series)
                                      else values.to_numpy()), utc=True)
    arr = series.dt.tz_localize(None).astype("datetime64[ns]").to_numpy().view(np.int64)
    return arr if len(arr) == n else np.broadcast_to(arr, n).copy()


_NAT = np.iinfo(np.int64).min
_NEG, _POS = np.iinfo(np.int64).min + 1, np.iinfo(np.int64).max


def _bounds(start: Instants, end: Instants, n: int) -> tuple[np.ndarray, np.ndarray]:
    lo, hi = _ts(start, n), _ts(end, n)
    return np.where(lo == _NAT, _NEG, lo), np.where(hi == _NAT, _POS, hi)


def in_open_window(timestamp: Instants, time_basis: object, observed_at: Instants,
                   start: Instants, end: Instants) -> np.ndarray:
    """rules.md 1.2, per row: ``'yes'``, ``'possible'`` or ``'no'``.

    ``start``/``end`` are scalars or arrays aligned with ``timestamp`` (``None``/NaT =
    unbounded). exact: the timestamp is in the window. bound: the act happened at or after
    the timestamp and no later than ``observed_at`` (the archive date). unknown: the relation
    held on ``observed_at``. A missing archive date counts as "later than anything".
    """
    basis = pd.Series(time_basis).astype("string").fillna("unknown").to_numpy(dtype=object)
    n = len(basis)
    ts, obs = _ts(timestamp, n), _ts(observed_at, n)
    lo, hi = _bounds(start, end, n)
    obs_eff = np.where(obs == _NAT, _POS, obs)
    has_ts = ts != _NAT
    inside_ts = has_ts & (lo <= ts) & (ts < hi)
    pending_at_obs = (lo <= obs_eff) & (obs_eff < hi)
    overlap = has_ts & (lo <= obs_eff) & (hi > ts)

    exact = (basis == "exact") & has_ts
    bound = (basis == "bound") & has_ts
    unknown = ~(exact | bound)  # unknown, or a bound/exact row without a time
    return np.select(
        [exact & inside_ts, exact,
         bound & inside_ts & pending_at_obs, bound & overlap, bound,
         unknown & pending_at_obs, unknown],
        [YES, NO, YES, POSSIBLE, NO, YES, POSSIBLE], default=NO).astype(object)


def phase(timestamp: Instants, time_basis: object, observed_at: Instants,
          start: Instants, end: Instants) -> np.ndarray:
    """Per row: ``'before'`` the window, ``'after'`` final disposition, else ``'inside'``.

    Only a certain placement counts: an act is before when its latest possible time
    (the timestamp if exact, else the archive date) precedes ``start``, after when its
    earliest possible time (exact or bound timestamp) is at or past ``end``.
    """
    basis = pd.Series(time_basis).astype("string").fillna("unknown").to_numpy(dtype=object)
    n = len(basis)
    ts, obs = _ts(timestamp, n), _ts(observed_at, n)
    lo, hi = _bounds(start, end, n)
    has_ts = ts != _NAT
    exact = (basis == "exact") & has_ts
    earliest = np.where(has_ts & (basis != "unknown"), ts, _NEG)
    latest = np.where(exact, ts, np.where(obs == _NAT, _POS, obs))
    return np.select([latest < lo, earliest >= hi], [BEFORE, AFTER], default=INSIDE).astype(object)


def _day(value: object) -> str:
    return pd.Timestamp(value).strftime("%Y-%m-%d") if value is not None and not pd.isna(
        value) else "an unknown date"


def describe(status: str, where: str, time_basis: str, timestamp: object, observed_at: object,
             closed: date | None, closed_at: pd.Timestamp | None,
             appeal_window_days: int) -> str:
    """The window clause of a reason: when the act happened relative to the case, and why.

    ``status`` is ``in_open_window``'s value and ``where`` is ``phase``'s, for one row;
    ``closed_at`` is the UTC end of the ``closed`` day (``case_window(..., appeal_window_days=0)``).
    """
    def pending(at: object) -> str:
        if closed is None or closed_at is None or pd.isna(at) or pd.Timestamp(at) < closed_at:
            return "pending"
        return (f"still appealable (closed {closed.isoformat()}, inside the "
                f"{appeal_window_days}-day appeal window)")

    if where == AFTER:
        return (f"on {_day(timestamp if time_basis != 'unknown' else observed_at)}, after final "
                f"disposition (closed {closed.isoformat() if closed else '?'} plus "
                f"{appeal_window_days} appeal days)")
    if time_basis == "unknown" or pd.isna(timestamp):
        if status == YES:
            return f"{pending(observed_at)} on the archive date {_day(observed_at)}"
        return (f"not pending on the archive date {_day(observed_at)}, and the export does not "
                "say when the relation began, so it may have overlapped the case")
    if time_basis == "bound":
        if status == YES:
            return (f"no earlier than {_day(timestamp)} (dated by the liked item) while the "
                    f"case was {pending(timestamp)}, and still {pending(observed_at)} on the "
                    f"archive date {_day(observed_at)}")
        if status == POSSIBLE:
            return (f"at some time between {_day(timestamp)} (dated by the liked item) and the "
                    f"archive date {_day(observed_at)}, a span that only partly overlaps the "
                    "case window")
        return f"no earlier than {_day(timestamp)}, outside the case window"
    if status == YES:
        return f"on {_day(timestamp)}, while the case was {pending(timestamp)}"
    if where == BEFORE:
        return f"on {_day(timestamp)}, before the case opened"
    return f"on {_day(timestamp)}, outside the case window"


def case_table(profile: Profile) -> pd.DataFrame:
    """One row per listed case: ``case_id``, ``caption``, ``start``, ``end``, ``closed_at``."""
    tz = profile.subject.timezone or "UTC"
    policy = profile.policy
    rows = []
    for case in profile.cases:
        start, end = window_for(case, profile)
        closed_at = case_window(case.opened, case.closed, tz, 0, 0)[1]
        rows.append((case.case_id, case.caption, start, end, closed_at, case.closed,
                     case.opened))
    frame = pd.DataFrame(rows, columns=["case_id", "caption", "start", "end", "closed_at",
                                        "closed", "opened"])
    for name in ("start", "end", "closed_at"):
        frame[name] = pd.to_datetime(frame[name], utc=True)
    frame.attrs["appeal_window_days"] = policy.appeal_window_days
    return frame


def appointed_at(profile: Profile) -> pd.Timestamp | None:
    """The subject's appointment as a UTC instant (local midnight), or ``None``."""
    day = profile.subject.appointed
    return None if day is None else _local_midnight_utc(day, profile.subject.timezone or "UTC")
