"""One item, one finding per rule family (issue 13 part 7).

When the subject replied, liked and reposted one text, a family's findings on those acts
become one finding: the strongest act leads (its fingerprint, text and reason), keeps the
strongest severity of the group, and lists every other act in its evidence as
``{"field": "act", "kind", "timestamp", "record_id", "platform", "rule", "severity",
"fingerprint"}``. Findings of one family on the *same* act under different rules (an
endorsement that also solicits money) stay separate: they name different breaches.
"""

from __future__ import annotations

import pandas as pd

from presence_audit import severity as sev
from presence_audit.items import item_ids
from presence_audit.summary import iso_one

# Which act leads when severities tie: the subject's own words, then a share, then the rest.
KIND_ORDER = {"post": 0, "reply": 0, "comment": 0, "quote": 0, "message": 0, "repost": 1,
              "like": 2, "reaction": 2}
VERBS = {"post": "posted", "reply": "replied", "comment": "commented", "quote": "quoted",
         "repost": "reposted", "like": "liked", "reaction": "reacted to", "message": "sent"}


def act_entry(finding: pd.Series) -> dict:
    """An absorbed finding as an evidence entry naming its act."""
    when = iso_one(finding["timestamp"])
    kind = str(finding["kind"])
    rid = finding["record_id"]
    rid = None if rid is None or pd.isna(rid) else str(rid)
    text = (f"also {VERBS.get(kind, kind)} on {finding['platform']}"
            + (f" on {when[:10]}" if when else "") + (f" (record {rid})" if rid else ""))
    return {"field": "act", "start": 0, "end": 0, "text": text, "kind": kind,
            "timestamp": when, "record_id": rid, "platform": str(finding["platform"]),
            "rule": str(finding["rule"]), "severity": str(finding["severity"]),
            "fingerprint": str(finding["fingerprint"])}


def _lead_order(group: pd.DataFrame) -> pd.DataFrame:
    order = pd.DataFrame({
        "rank": -group["severity"].map(sev.rank),
        "kind": group["kind"].map(lambda k: KIND_ORDER.get(str(k), 3)),
        "t": pd.to_datetime(group["timestamp"], utc=True), "fp": group["fingerprint"]},
        index=group.index)
    return group.loc[order.sort_values(["rank", "kind", "t", "fp"], na_position="last",
                                       kind="stable").index]


def _absorb(frame: pd.DataFrame, into: int, others: list[int]) -> None:
    """Fold the findings at ``others`` into the one at ``into`` (all index labels)."""
    entries = [act_entry(frame.loc[i]) for i in others]
    kinds = sorted({e["kind"] for e in entries}, key=lambda k: (KIND_ORDER.get(k, 3), k))
    strongest = max((frame.at[i, "severity"] for i in [into, *others]), key=sev.rank)
    reason = str(frame.at[into, "reason"]).rstrip(".")
    verbs = [VERBS.get(k, k) for k in kinds]
    said = verbs[0] if len(verbs) == 1 else ", ".join(verbs[:-1]) + " and " + verbs[-1]
    reason += (f"; the same item was also {said}"
               + f" ({len(entries)} more act{'s' if len(entries) > 1 else ''}, listed in the "
               "evidence)")
    if strongest != frame.at[into, "severity"]:
        reason += f"; the strongest act makes it {strongest}"
        frame.at[into, "severity"] = strongest
    frame.at[into, "reason"] = reason + "."
    frame.at[into, "evidence"] = [*frame.at[into, "evidence"], *entries]


def _target(leads: pd.DataFrame, other: pd.Series) -> object:
    """The lead-act finding ``other`` folds into: same rule and entity, else same rule, else
    the strongest (``leads`` is strongest first)."""
    same_rule = leads[leads["rule"] == other["rule"]]
    same_entity = same_rule[same_rule["entity"].fillna("") == (
        "" if pd.isna(other["entity"]) else other["entity"])]
    for choice in (same_entity, same_rule, leads):
        if len(choice):
            return choice.index[0]
    return leads.index[0]


def merge(frame: pd.DataFrame, activity: pd.DataFrame, families: pd.Series) -> pd.DataFrame:
    """``frame`` (findings with ``row``, positions in ``activity``) with each family's
    findings on one item folded into the strongest act's; ``families`` is aligned to it."""
    if len(frame) < 2:
        return frame
    frame = frame.copy()
    items = item_ids(activity, frame["row"].astype("int64").tolist())
    first_row = frame["row"].astype("int64").to_numpy()[items]
    keys = pd.Series([f"{f}\x1f{r}" for f, r in zip(families.to_numpy(), first_row,
                                                     strict=True)], index=frame.index)
    shared = keys.duplicated(keep=False)
    drop: list = []
    for _, group in frame[shared].groupby(keys[shared], sort=False):
        if group["row"].nunique() < 2:
            continue
        ordered = _lead_order(group)
        lead_row = ordered["row"].iat[0]
        leads = ordered[ordered["row"] == lead_row]
        into: dict = {}
        for i in ordered.index.difference(leads.index, sort=False):
            into.setdefault(_target(leads, ordered.loc[i]), []).append(i)
        for target, others in into.items():
            _absorb(frame, target, others)
            drop += others
    return frame.drop(index=drop)
