"""Turn detectors' draft rows into the findings contract (findings_schema.FINDING_COLUMNS).

Drafts carry what a rule decided (rule, severity, entity, case, window, evidence, reason);
this module adds the activity facts, the rule metadata, the profile's severity overrides and
suppressions, and the two hashes that let a reviewer's decision survive the next export.
"""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from presence_audit import acts
from presence_audit import severity as sev
from presence_audit.findings_schema import FINDING_COLUMNS
from presence_audit.rules import CATEGORIES, DETECTORS, DRAFT_COLUMNS, SEVERITIES, RuleSpec
from presence_audit.textnorm import normalize_series

if TYPE_CHECKING:
    from presence_audit.profile import Profile

FINGERPRINT_CHARS = 20
ACTIVITY_FIELDS = ("platform", "kind", "record_id", "timestamp", "time_basis", "account",
                   "counterpart", "text", "source", "url")


def _sha(value: str) -> str:
    return hashlib.sha256(value.encode("utf-8")).hexdigest()[:FINGERPRINT_CHARS]


def fingerprints(frame: pd.DataFrame) -> pd.Series:
    """Stable id per finding: rule, platform, kind, record id, matched entity (DESIGN.md).

    Never the run time or a file path, so the same item in next quarter's export keeps it.
    """
    parts = [frame[c].astype("string").fillna("") for c in
             ("rule", "platform", "kind", "record_id", "entity")]
    joined = parts[0].str.cat(parts[1:], sep="\x1f")
    return joined.map(_sha).astype("string")


def content_hashes(text: pd.Series) -> pd.Series:
    """Hash of the normalized text: an edited post re-opens a decided finding."""
    return normalize_series(text).str.split().str.join(" ").fillna("").map(_sha).astype("string")


def family_of() -> dict[str, int]:
    """Rule id -> its family (the detector that registered it): findings merge per family."""
    return {rule: i for i, (ids, _) in enumerate(DETECTORS) for rule in ids}


def empty() -> pd.DataFrame:
    """A findings frame with no rows."""
    return pd.DataFrame({c: pd.Series(dtype=object) for c in FINDING_COLUMNS})


def _override(frame: pd.DataFrame, specs: dict[str, RuleSpec], overrides: dict[str, str]
              ) -> pd.DataFrame:
    for rule, level in overrides.items():
        if rule not in specs or level not in SEVERITIES:
            continue
        mask = frame["rule"] == rule
        if not mask.any() or level == specs[rule].severity:
            continue
        frame.loc[mask, "severity"] = sev.shift_to_override(
            frame.loc[mask, "severity"], specs[rule].severity, level)
        frame.loc[mask, "reason"] = frame.loc[mask, "reason"].str.rstrip(".") + (
            f"; the profile sets this rule's default severity to {level} "
            f"(rules.md default {specs[rule].severity}).")
        frame.loc[mask, "modifiers"] = frame.loc[mask, "modifiers"].map(
            lambda m: [*m, "PROFILE-OVERRIDE"])
    return frame


def suppressed(frame: pd.DataFrame, suppressions: list) -> np.ndarray:
    """Rows a ``[[suppress]]`` entry names: its fingerprint, and its rule when it gives one
    (an entry copied next to the wrong rule must not hide a finding)."""
    any_rule = {s.fingerprint for s in suppressions if s.rule is None}
    with_rule = [(s.fingerprint, s.rule) for s in suppressions
                 if s.rule is not None]
    hit = frame["fingerprint"].isin(any_rule).to_numpy()
    if with_rule:
        pairs = pd.MultiIndex.from_arrays([frame["fingerprint"], frame["rule"]])
        hit = hit | pairs.isin(with_rule)
    return hit


def build(drafts: pd.DataFrame, activity: pd.DataFrame, specs: dict[str, RuleSpec],
          profile: Profile) -> pd.DataFrame:
    """Findings frame in ``FINDING_COLUMNS`` order, sorted by severity desc then time.

    ``drafts["row"]`` are positions in ``activity``.
    """
    if drafts is None or not len(drafts):
        return empty()
    # a family may set the category per finding (FUNDRAISING: political or commercial)
    own_category = (drafts["category"].reset_index(drop=True) if "category" in drafts
                    else pd.Series([None] * len(drafts)))
    frame = drafts[list(DRAFT_COLUMNS)].reset_index(drop=True).copy()
    rows = frame["row"].astype("int64").to_numpy()
    for name in ACTIVITY_FIELDS:
        column = activity[name].iloc[rows].reset_index(drop=True)
        frame[name] = column.astype("string") if name != "timestamp" else column
    frame["modifiers"] = frame["modifiers"].map(lambda m: list(m) if isinstance(
        m, list | tuple) else [])
    frame = _override(frame, specs, profile.severity_overrides or {})
    frame["category"] = own_category.where(own_category.isin(CATEGORIES),
                                           frame["rule"].map(lambda r: specs[r].category))
    frame["action"] = frame["rule"].map(lambda r: specs[r].action)
    frame["references"] = frame["rule"].map(lambda r: list(specs[r].sources))
    frame["fingerprint"] = fingerprints(frame)
    frame["content_hash"] = content_hashes(frame["text"])
    frame["status"] = np.where(suppressed(frame, profile.suppressions),
                               "suppressed", "open")
    frame["in_open_window"] = frame["in_open_window"].fillna("").astype(str)
    frame["evidence"] = frame["evidence"].map(lambda e: list(e) if isinstance(
        e, list | tuple) else [])
    frame["change"] = ""  # set against a baseline by baseline.py
    frame["review"] = [[] for _ in range(len(frame))]  # decisions, from the history store
    frame["_rank"] = frame["severity"].map(sev.rank)
    frame = frame.sort_values(["_rank", "fingerprint"], ascending=[False, True], kind="stable")
    frame = frame.drop_duplicates("fingerprint")
    frame = acts.merge(frame, activity, frame["rule"].map(family_of()))
    frame["_rank"] = frame["severity"].map(sev.rank)
    frame = frame.sort_values(["_rank", "timestamp", "rule", "fingerprint"],
                              ascending=[False, True, True, True], na_position="last",
                              kind="stable")
    return frame[list(FINDING_COLUMNS)].reset_index(drop=True)
