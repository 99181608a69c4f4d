"""The report's per-case view and relationships table, built from the Activity frame.

A recusal or disclosure decision is taken per case (rules.md 5), so the per-case view lists
EVERY interaction with a case's participants the exports hold — flagged or not — against the
case's open window. Both views come from one vectorized pass: the matcher's entity table
(matching.match_entities) joined to the activity and to the findings.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from presence_audit import matching, windows
from presence_audit.rules import RuleContext
from presence_audit.summary import SEVERITY_ORDER

if TYPE_CHECKING:
    from presence_audit.profile import Profile

SEVERITY_RANK = {s: i for i, s in enumerate(SEVERITY_ORDER)}
RELATION = {  # Activity kind -> relationship column of the relationships table
    "follow": "follows", "page": "follows", "subscription": "follows", "group": "follows",
    "follower": "followed_by", "friend": "friends", "connection": "friends",
    "like": "likes", "reaction": "likes", "reply": "replies", "comment": "replies",
    "message": "messages", "repost": "shares", "quote": "shares", "post": "mentions",
    "search": "searches", "check_in": "mentions",
}
RELATIONS = ("follows", "followed_by", "friends", "likes", "replies", "messages", "shares",
             "mentions", "searches", "other")
CASE_LANES = ("party", "counsel", "witness", "juror", "other")
MAX_CASE_ROWS = 400  # interactions listed per case; the counts and timeline include all
SNIPPET = 160


def _flags(findings: pd.DataFrame) -> pd.DataFrame:
    """Per (platform, record_id): the most severe finding's severity and the rules that fired."""
    if findings.empty:
        return pd.DataFrame(columns=["platform", "record_id", "severity", "rules"])
    f = findings.assign(platform=findings["platform"].astype("string"),
                        record_id=findings["record_id"].astype("string"),
                        _rank=findings["severity"].map(SEVERITY_RANK).fillna(99))
    f = f.sort_values("_rank", kind="stable")
    keys = ["platform", "record_id"]
    pairs = f[[*keys, "rule"]].drop_duplicates()
    many = pairs.duplicated(keys, keep=False)
    # Most records carry one rule: join strings only for the few with several.
    joined = pairs[many].groupby(keys, sort=False)["rule"].agg(", ".join)
    out = f.drop_duplicates(keys)[[*keys, "severity"]].set_index(keys)
    out["rules"] = pairs[~many].set_index(keys)["rule"]
    if len(joined):
        out.loc[joined.index, "rules"] = joined
    return out.reset_index()


def interactions(result) -> pd.DataFrame:
    """One row per (activity row, matched entity): who, how, when, and any finding on it.

    Columns: entity, role, case_ids (tuple), platform, kind, timestamp, time_basis,
    observed_at, text, counterpart, url, record_id, confidence, severity, rules.
    """
    activity = result.activity.reset_index(drop=True)
    matches = getattr(result, "matches", None)
    if matches is None:  # a result built without the engine's cache: match once here
        matches = matching.match_entities(RuleContext(activity, result.profile))
    cols = ["platform", "kind", "timestamp", "time_basis", "observed_at", "text",
            "counterpart", "url", "record_id"]
    base = activity[cols].copy()
    for c in ("platform", "kind", "time_basis"):
        base[c] = base[c].astype("string")
    base["record_id"] = base["record_id"].astype("string")
    rows = base.iloc[matches["row"].to_numpy()].reset_index(drop=True)
    out = pd.concat([matches[["entity_name", "role", "case_ids", "confidence", "method"]]
                     .reset_index(drop=True).rename(columns={"entity_name": "entity"}), rows],
                    axis=1)
    out = out.merge(_flags(result.findings), on=["platform", "record_id"], how="left")
    out["severity"] = out["severity"].fillna("")
    out["rules"] = out["rules"].fillna("")
    return out


def _case_rows(inter: pd.DataFrame, findings: pd.DataFrame, case_id: str) -> pd.DataFrame:
    """Interactions with one case's participants, plus flagged records naming the case."""
    people = inter[[case_id in ids for ids in inter["case_ids"]]] if len(inter) else inter
    people = people[~people["role"].str.startswith("political:")]
    extra = findings[(findings["case_id"].fillna("") == case_id)] if len(findings) else findings
    if len(extra):
        seen = set(zip(people["platform"], people["record_id"], strict=True))
        keep = [(p, r) not in seen for p, r in zip(extra["platform"].astype("string"),
                                                   extra["record_id"].astype("string"),
                                                   strict=True)]
        extra = extra[keep]
    if len(extra):
        flags = _flags(extra)
        ex = extra.assign(platform=extra["platform"].astype("string"),
                          record_id=extra["record_id"].astype("string"),
                          kind=extra["kind"].astype("string"),
                          time_basis=extra["time_basis"].astype("string"))
        ex = ex.drop_duplicates(["platform", "record_id"]).drop(columns=["severity"])
        ex = ex.merge(flags, on=["platform", "record_id"], how="left")
        ex = ex.assign(role="case", observed_at=pd.NaT, method="", case_ids=None)
        people = pd.concat([people, ex[[c for c in people.columns if c in ex.columns]]],
                           ignore_index=True)
    return people


def case_views(result, labels: dict, inter: pd.DataFrame | None = None) -> list[dict]:
    """Per listed case: its window, participants, interaction counts, timeline and rows."""
    from presence_audit.reports.charts import case_timeline

    inter = interactions(result) if inter is None else inter
    findings = result.findings
    profile = result.profile
    out = []
    for case in profile.cases:
        start, end = windows.window_for(case, profile)
        rows = _case_rows(inter, findings, case.case_id)
        if len(rows):
            rows = rows.assign(in_window=windows.in_open_window(
                rows["timestamp"], rows["time_basis"], rows["observed_at"], start, end))
            rows = rows.sort_values("timestamp", kind="stable", na_position="first")
        lane = rows["role"].where(rows["role"].isin(CASE_LANES), "other") if len(rows) \
            else pd.Series(dtype=object)
        events = pd.DataFrame({"timestamp": rows.get("timestamp", pd.Series(dtype=object)),
                               "lane": lane, "severity": rows.get("severity")})
        used = [ln for ln in CASE_LANES if (lane == ln).any()] or ["party"]
        lane_names = {ln: labels.get(f"role_{ln}", ln) for ln in CASE_LANES}
        title = f"{labels['interactions']}: {case.case_id}"
        now = rows["observed_at"].max() if len(rows) else None
        chart = case_timeline(events, start, end, used, lane_names, title, now=now)
        narrow = case_timeline(events, start, end, used, lane_names, title, now=now, width=420)
        counts = (rows.groupby(["entity", "role", "platform", "kind"], dropna=False)
                  .size().reset_index(name="n").to_dict("records") if len(rows) else [])
        out.append({
            "case": case, "start": start, "end": end, "chart": chart, "narrow": narrow,
            "counts": counts,
            "total": len(rows), "flagged": int((rows["severity"] != "").sum()) if len(rows)
            else 0, "rows": [_row(r, profile.tz) for r in
                             rows.head(MAX_CASE_ROWS).to_dict("records")],
            "more": max(0, len(rows) - MAX_CASE_ROWS),
            "participants": [("party", case.parties), ("counsel", case.counsel),
                             ("witness", case.witnesses)],
        })
    return out


# Kinds where the other account acted towards the subject (they follow the subject).
ACTED_BY_OTHER = {"follower"}


def _row(r: dict, tz) -> dict:
    """One interaction for the case table: when (local), who acted, who is named, what."""
    text = r.get("text")
    text = "" if text is None or pd.isna(text) else str(text)
    ts = r.get("timestamp")
    stamp = None if ts is None or pd.isna(ts) else pd.Timestamp(ts).tz_convert(tz).strftime(
        "%Y-%m-%d %H:%M")
    return {"when": stamp, "basis": _str(r.get("time_basis")) or "unknown",
            "by_other": r.get("kind") in ACTED_BY_OTHER,
            "entity": r.get("entity"), "role": r.get("role"), "platform": r.get("platform"),
            "kind": r.get("kind"), "counterpart": _str(r.get("counterpart")),
            "snippet": text if len(text) <= SNIPPET else text[:SNIPPET - 1] + "…",
            "in_window": r.get("in_window"), "severity": r.get("severity") or "",
            "rules": r.get("rules") or "", "url": _safe_url(r.get("url"))}


def _str(v) -> str:
    return "" if v is None or (not isinstance(v, str) and pd.isna(v)) else str(v)


def _safe_url(v) -> str | None:
    url = _str(v)
    return url if url.startswith(("https://", "http://")) else None


def relationships(result, inter: pd.DataFrame | None = None) -> list[dict]:
    """Per (account of interest, platform): each kind of connection, its count and since when.

    The kind of record names the connection (a post naming the account is a mention); "since"
    is the first timestamp, or the archive date for relations the export gives no time (a
    follow on X).
    """
    inter = interactions(result) if inter is None else inter
    if inter.empty:
        return []
    rel = inter.assign(relation=inter["kind"].map(RELATION).fillna("other"))
    grouped = rel.groupby(["entity", "role", "platform", "relation"], sort=False).agg(
        n=("kind", "size"), first=("timestamp", "min"), observed=("observed_at", "max"),
        case_ids=("case_ids", "first")).reset_index()
    grouped["_r"] = grouped["relation"].map({r: i for i, r in enumerate(RELATIONS)})
    grouped["_political"] = grouped["role"].str.startswith("political:")
    grouped = grouped.sort_values(["_political", "entity", "platform", "_r"], kind="stable")
    out: list[dict] = []
    for (entity, role, platform), part in grouped.groupby(["entity", "role", "platform"],
                                                          sort=False):
        out.append({"entity": entity, "role": role, "platform": platform,
                    "case_ids": ", ".join(part["case_ids"].iloc[0] or ()),
                    "links": [{"relation": r, "n": int(n), "first": _day(f), "held": _day(o)}
                              for r, n, f, o in zip(part["relation"], part["n"],
                                                    part["first"], part["observed"],
                                                    strict=True)]})
    return out


def _day(value) -> str | None:
    return None if value is None or pd.isna(value) else pd.Timestamp(value).strftime("%Y-%m-%d")


def next_steps(findings: pd.DataFrame, profile: Profile, catalog: dict,
               labels: dict | None = None) -> list[dict]:
    """Plain-language steps from the open findings: what to delete, unlike, unfollow,
    and in which cases to consider disclosure or recusal. Each step names a few examples."""
    if findings.empty:
        return []
    f = findings[(findings["status"] == "open")
                 & ~findings.get("change", pd.Series("", index=findings.index))
                 .fillna("").eq("resolved")]
    if f.empty:
        return []
    f = f.assign(_rank=f["severity"].map(SEVERITY_RANK).fillna(99),
                 _kind=f["kind"].astype("string"),
                 _who=f["entity"].fillna(f["counterpart"]).astype("string").fillna(""))
    f = f.sort_values(["_rank", "timestamp"], kind="stable")
    steps: list[dict] = []
    used = np.zeros(len(f), dtype=bool)
    buckets = (("step_delete", ("post", "reply", "comment", "quote", "repost", "check_in")),
               ("step_unlike", ("like", "reaction")),
               ("step_unfollow", ("follow", "friend", "connection", "page", "group",
                                  "subscription")),
               ("step_messages", ("message",)))
    for key, kinds in buckets:
        mask = f["_kind"].isin(kinds).to_numpy().copy()
        if key == "step_messages":
            mask &= f["category"].eq("party").to_numpy()
        if not mask.any():
            continue
        part = f[mask]
        used |= mask
        if key == "step_unfollow":
            who = part.drop_duplicates(["platform", "counterpart"])
            n = len(who)
            examples = [f"{c} ({p})" for c, p in zip(who["counterpart"].fillna(who["_who"]),
                                                      who["platform"], strict=True)]
        else:
            n = len(part)
            tally = part.groupby("_who", sort=False).size()
            examples = [f"{w} ×{c}" if c > 1 else w for w, c in tally.items() if w]
        steps.append({"key": key, "n": n, "severity": part["severity"].iloc[0],
                      "examples": examples, "more": max(0, len(examples) - 6)})
    captions = {c.case_id: c.caption for c in profile.cases}
    party = f[(f["category"] == "party") & f["case_id"].notna()
              & f["in_open_window"].isin(["yes", "possible"])]
    for case_id, part in party.groupby("case_id", sort=False):
        steps.append({"key": "step_case", "n": len(part), "severity": part["severity"].iloc[0],
                      "case": case_id, "caption": captions.get(case_id, ""),
                      "examples": list(dict.fromkeys(part["_who"]))[:6], "more": 0})
    rest = f[~used & (f["category"] != "party")]
    for rule, part in rest.groupby("rule", sort=False):
        spec, words = catalog.get(rule), labels or {}
        steps.append({"key": "step_other", "n": len(part), "severity": part["severity"].iloc[0],
                      "title": words.get(f"title_{rule}") or getattr(spec, "title", rule),
                      "examples": [], "more": 0,
                      "action": words.get(f"action_{rule}") or part["action"].iloc[0]})
    return sorted(steps, key=lambda s: SEVERITY_RANK.get(s["severity"], 99))
