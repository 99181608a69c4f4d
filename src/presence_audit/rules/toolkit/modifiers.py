"""The non-case modifiers of rules.md 1.3, computed once per run for every family.

M-TITLED (the account shows the office), M-OFFICIAL (procedure, independence, teaching),
M-WEAK-ACT (likes and follows), M-PRE-OFFICE (before appointment) and M-REPEAT (three acts
toward one named counterpart within ``severity.REPEAT_DAYS``; never a topic or a rule).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from presence_audit import windows
from presence_audit.items import item_ids as items_of
from presence_audit.rules import RuleContext
from presence_audit.rules.toolkit.cues import cue_rows, cue_spans
from presence_audit.rules.toolkit.rows import act_time, shared
from presence_audit.severity import REPEAT_DAYS

WEAK_KINDS_LIKE = ("like", "reaction")
WEAK_KINDS_FOLLOW = ("follow", "subscription", "page")
WEAK, DROP, STRONG = "weak", "drop", ""


def titled_platforms(ctx: RuleContext) -> dict[tuple[str, str], str]:
    """M-TITLED: {(platform, account): marker} for own accounts whose ``profile`` row shows
    the office (6.7 office markers, the subject's court, robe/court-logo hints)."""
    def build() -> dict[tuple[str, str], str]:
        act = ctx.activity
        is_profile = (act["kind"].astype("string") == "profile").fillna(False).to_numpy()
        if not is_profile.any():
            return {}
        platform = act["platform"].astype("string").fillna("").to_numpy(dtype=object)
        account = act["account"].astype("string").fillna("").to_numpy(dtype=object)
        out: dict[tuple[str, str], str] = {}
        for name in ("office", "profile_office", "regalia"):
            spans = cue_spans(ctx, name)
            for row, text in zip(spans["row"], spans["matched"], strict=True):
                if is_profile[row]:
                    out.setdefault((platform[row], account[row]), text)
        return out
    return shared(ctx, "signals:titled", build)


def titled(ctx: RuleContext) -> np.ndarray:
    """Boolean per row: the row belongs to an account whose profile shows the office.

    A profile row without an ``account`` marks every account on its platform (single-account
    exports often leave the account blank).
    """
    def build() -> np.ndarray:
        marks = titled_platforms(ctx)
        act = ctx.activity
        if not marks:
            return np.zeros(len(act), dtype=bool)
        platform = act["platform"].astype("string").fillna("").to_numpy(dtype=object)
        account = act["account"].astype("string").fillna("").to_numpy(dtype=object)
        whole = {p for p, a in marks if not a}
        return np.fromiter(((p, a) in marks or p in whole for p, a in
                            zip(platform, account, strict=True)), dtype=bool, count=len(act))
    return shared(ctx, "signals:titled_rows", build)


def official_rows(ctx: RuleContext) -> np.ndarray:
    """M-OFFICIAL: the text explains procedure, defends judicial independence or the rule of
    law, teaches law, or touches a profile ``protected_topics`` entry."""
    return shared(ctx, "signals:official", lambda: cue_rows(ctx, "official"))


def weak_act(ctx: RuleContext) -> pd.Series:
    """M-WEAK-ACT per row, honouring ``Policy.like_weight`` (rules.md 4).

    ``"weak"`` (−1): a like/reaction under ``like_weight = weak``, or a follow/subscription/
    page of a page; ``"drop"``: a like/reaction under ``ignore`` (no expression finding);
    ``""``: not a weak act (or ``like_weight = endorsement`` for likes).
    """
    def build() -> pd.Series:
        kind = ctx.activity["kind"].astype("string").fillna("").reset_index(drop=True)
        weight = ctx.profile.policy.like_weight
        like_value = {"endorsement": STRONG, "ignore": DROP}.get(weight, WEAK)
        out = pd.Series(STRONG, index=kind.index, dtype="string")
        out[kind.isin(WEAK_KINDS_LIKE)] = like_value
        out[kind.isin(WEAK_KINDS_FOLLOW)] = WEAK
        return out
    return shared(ctx, "signals:weak_act", build)


def pre_office(ctx: RuleContext) -> np.ndarray:
    """M-PRE-OFFICE: the act predates the subject's appointment (``subject.appointed``)."""
    def build() -> np.ndarray:
        appointed = windows.appointed_at(ctx.profile)
        t = act_time(ctx)
        if appointed is None:
            return np.zeros(len(t), dtype=bool)
        return (t < appointed).fillna(False).to_numpy(dtype=bool)
    return shared(ctx, "signals:pre_office", build)


def repeat_flags(rows: np.ndarray, keys: np.ndarray, times: pd.Series | np.ndarray,
                 days: int = REPEAT_DAYS, items: np.ndarray | None = None) -> np.ndarray:
    """M-REPEAT per (row, key, time): the act is one of 3+ distinct acts toward the same key
    within ``days`` days. Acts without a time, or with an empty key, never count.

    ``items`` (aligned to ``rows``, ``items.item_ids``): acts on one item — a text replied
    to, liked and reposted — count once, at the first of them, and share its flag.
    Vectorized: sort by key and time, and mark every member of each run of three consecutive
    acts spanning at most ``days``.
    """
    flag = np.zeros(len(rows), dtype=bool)
    if len(rows) < 3:
        return flag
    keys = np.asarray(keys).astype(str)
    item = np.asarray(rows) if items is None else np.asarray(items)
    frame = pd.DataFrame({"item": item, "key": keys,
                          "t": pd.Series(times).reset_index(drop=True)})
    frame = frame[frame["key"] != ""].dropna(subset=["t"])
    frame = frame.sort_values(["key", "t"], kind="stable").drop_duplicates(["item", "key"])
    frame = frame.reset_index(drop=True)
    same2 = frame["key"].shift(-2) == frame["key"]
    span = (frame["t"].shift(-2) - frame["t"]) <= pd.Timedelta(days=days)
    start = (same2 & span).fillna(False).to_numpy(dtype=bool)
    member = start.copy()
    member[1:] |= start[:-1]
    member[2:] |= start[:-2]
    hit_pairs = set(zip(frame["item"][member], frame["key"][member], strict=True))
    usable = pd.notna(pd.Series(times).reset_index(drop=True)).to_numpy()
    flag[:] = [u and p in hit_pairs for u, p in zip(usable, zip(item, keys, strict=True),
                                                    strict=True)]
    return flag


def item_ids(ctx: RuleContext, rows: np.ndarray) -> np.ndarray:
    """``items.item_ids`` for positions ``rows``: equal numbers are acts on one item."""
    return np.asarray(items_of(ctx.activity, np.asarray(rows, dtype=np.int64).tolist()),
                      dtype=np.int64)


def counterpart_key(ctx: RuleContext, row: int) -> str:
    """M-REPEAT key of the account a row answered, liked or shared, or "": an act with no
    named counterpart (an anonymous like) counts toward nobody (issue 13 part 7)."""
    who, platform = _counterpart_columns(ctx)
    if who[row] is None or pd.isna(who[row]) or not str(who[row]).strip():
        return ""
    return f"handle:{platform[row]}:{str(who[row]).strip().lstrip('@').lower()}"


def _counterpart_columns(ctx: RuleContext) -> tuple[np.ndarray, np.ndarray]:
    """The counterpart and platform columns as arrays, taken once per run (a pandas lookup
    per row cost seconds at 10^5 rows)."""
    return shared(ctx, "modifiers:counterpart_columns", lambda: (
        ctx.activity["counterpart"].to_numpy(dtype=object),
        ctx.activity["platform"].to_numpy(dtype=object)))


def repeat_groups(ctx: RuleContext, keys: pd.DataFrame, days: int = REPEAT_DAYS) -> np.ndarray:
    """``repeat_flags`` for ``keys`` (columns ``row``, ``key``; an empty key never counts) at
    each act's time (``rows.act_time``), acts on one item counted once."""
    rows = keys["row"].to_numpy(dtype=np.int64)
    return repeat_flags(rows, keys["key"].to_numpy(), act_time(ctx).to_numpy()[rows], days,
                        items=item_ids(ctx, rows))


def context_modifiers(ctx: RuleContext, row: int, *, titled_applies: bool = True,
                      official_applies: bool = True) -> list[str]:
    """M-TITLED, M-OFFICIAL and M-PRE-OFFICE for ``row`` where the rule family takes them."""
    mods = []
    if titled_applies and titled(ctx)[row]:
        mods.append("M-TITLED")
    if official_applies and official_rows(ctx)[row]:
        mods.append("M-OFFICIAL")
    if pre_office(ctx)[row]:
        mods.append("M-PRE-OFFICE")
    return mods
