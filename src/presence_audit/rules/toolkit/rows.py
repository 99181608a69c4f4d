"""Per-row facts every rule family reads: the run's cache, kinds, languages, act times, verbs.

Results are positional: arrays and frames index rows by their position in ``ctx.activity``
(the engine resets the index). Everything computed here is cached in ``ctx.shared``, the
run's one cache, so each fact is computed once however many families ask.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd

from presence_audit.language import detect_languages
from presence_audit.rules import RuleContext


def shared(ctx: RuleContext, key: str, build: Callable[[], Any]) -> Any:
    """``ctx.shared[key]``, built by ``build()`` the first time it is asked for."""
    if key not in ctx.shared:
        ctx.shared[key] = build()
    return ctx.shared[key]


def kind_rows(ctx: RuleContext, kinds: tuple[str, ...]) -> np.ndarray:
    """Boolean per row: the row's ``kind`` is one of ``kinds``."""
    return ctx.activity["kind"].astype("string").isin(kinds).fillna(False).to_numpy(dtype=bool)


def rows_of(spans: pd.DataFrame, n: int) -> np.ndarray:
    """Boolean per activity row (``n`` rows): ``spans`` has a hit there."""
    flags = np.zeros(n, dtype=bool)
    flags[spans["row"].to_numpy(dtype=np.int64)] = True
    return flags


def text_values(ctx: RuleContext) -> np.ndarray:
    """The raw ``text`` column as an object array of str (missing -> "")."""
    return shared(ctx, "raw_text_str", lambda: ctx.activity["text"].astype("string")
                  .fillna("").to_numpy(dtype=object))


def languages(ctx: RuleContext) -> pd.Series:
    """Language per row (``en it es fr de und``), detected once per frame, positional."""
    return shared(ctx, "signals:lang",
                  lambda: detect_languages(ctx.activity["text"]).reset_index(drop=True))


def languages_at(ctx: RuleContext, rows: np.ndarray) -> np.ndarray:
    """Languages of the rows at positions ``rows`` (object array), detecting only rows not
    asked before: most rows hit no cue list, so their language is never needed.

    Detection is per text, so the answer for a row is the same as ``languages(ctx)``'s.
    """
    rows = np.asarray(rows, dtype=np.int64)
    if "signals:lang" in ctx.shared:
        return ctx.shared["signals:lang"].to_numpy(dtype=object)[rows]
    known = shared(ctx, "signals:lang_some",
                   lambda: np.full(len(ctx.activity), None, dtype=object))
    missing = np.unique(rows[pd.isna(known[rows])]) if len(rows) else rows
    if len(missing):
        texts = ctx.activity["text"].iloc[missing].reset_index(drop=True)
        known[missing] = detect_languages(texts).to_numpy(dtype=object)
    return known[rows]


def act_time(ctx: RuleContext) -> pd.Series:
    """Latest moment the act can have happened: the timestamp when exact, else the archive
    date (a bound or unknown time only says the act happened by then)."""
    def build() -> pd.Series:
        act = ctx.activity.reset_index(drop=True)
        exact = (act["time_basis"].astype("string") == "exact").fillna(False)
        return act["timestamp"].where(exact, act["observed_at"])
    return shared(ctx, "signals:act_time", build)


VERBS = {"post": "Posted", "reply": "Replied", "comment": "Commented", "repost": "Reposted",
         "quote": "Quoted", "like": "Liked", "reaction": "Reacted to", "message": "Wrote",
         "check_in": "Checked in with", "search": "Searched for", "follow": "Followed",
         "subscription": "Subscribed to", "page": "Liked the page", "group": "Joined",
         "friend": "Befriended", "connection": "Connected with"}


def verb(ctx: RuleContext, row: int) -> str:
    """The verb a reason opens with for the row's kind ("Posted", "Replied", …)."""
    return VERBS.get(str(ctx.activity["kind"].iat[row]), "Posted")
