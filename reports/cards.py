"""The findings as the report shows them: one card per item, in the reader's words.

An item is one record (a post, a like, a message); when several rules flag it, its card lists
them all under the most severe. Each finding gets its presentation columns once here (title
and one-line why of its rule, the other account by name and handle, the local time with its
basis, reason and action in the report language), and both the server-rendered cards and the
interactive list read them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from presence_audit.reports.present import (
    People,
    counterpart_ids,
    kind_label,
    local_series,
    reason_in,
    when_text,
)

if TYPE_CHECKING:
    from presence_audit.profile import Profile

FINDINGS_LANG = "en"  # the language the rules write reasons and actions in


def listy(v) -> list:
    return list(v) if isinstance(v, list | tuple | np.ndarray) else []


def annotate(f: pd.DataFrame, profile: Profile, labels: dict, catalog: dict) -> pd.DataFrame:
    """``f`` with the presentation columns _who, _when, _stamp, _title, _why, _reason,
    _action and _acct (the matched account id, for the details only)."""
    people = People(profile)
    tz = profile.tz
    stamps = local_series(f["timestamp"], tz) if len(f) else []
    basis = f["time_basis"].astype("string").fillna("unknown").tolist()
    whens = [when_text(s, b, labels) for s, b in zip(stamps, basis, strict=True)]
    acct = [counterpart_ids(listy(e)) or "" for e in f["evidence"]]
    labelled: dict[tuple, str] = {}  # thousands of findings name the same few accounts
    who = []
    for platform, cp, ids in zip(f["platform"].astype(str), f["counterpart"].astype(object),
                                 acct, strict=True):
        key = (platform, cp if isinstance(cp, str) and cp else None, ids or None)
        if key not in labelled:
            labelled[key] = people.label(*key)
        who.append(labelled[key])
    if labels["lang"] == FINDINGS_LANG:
        reasons = f["reason"].astype("string").fillna("").tolist()
    else:
        captions = {c.case_id: c.caption for c in profile.cases}
        reasons = [reason_in({**row, "evidence_list": [e for e in listy(row.get("evidence"))
                                                        if isinstance(e, dict)]},
                             labels, label, when,
                             captions.get(str(row.get("case_id") or ""), ""))
                   for row, label, when in zip(f.to_dict("records"), who, whens, strict=True)]
    rules = f["rule"].astype(str)
    return f.assign(
        _who=who, _acct=acct, _stamp=stamps, _reason=reasons,
        _when=whens,
        _title=[labels.get(f"title_{r}") or getattr(catalog.get(r), "title", r) for r in rules],
        _why=[labels.get(f"why_{r}") or getattr(catalog.get(r), "summary", "") for r in rules],
        _action=[labels.get(f"action_{r}") or a for r, a in
                 zip(rules, f["action"].astype("string").fillna(""), strict=True)],
        _kind=[kind_label(str(k), labels) for k in f["kind"].astype(str)],
    )


def finding_view(row: dict, labels: dict) -> dict:
    """One finding's fields for a card: its rule, severity, reason and evidence."""
    from presence_audit.reports.html import highlight, modifier_text, safe_url

    text = row.get("text")
    text = text if isinstance(text, str) else None
    evidence = [e for e in listy(row.get("evidence")) if isinstance(e, dict)]
    return {
        "rule": row["rule"], "severity": row["severity"], "title": row["_title"],
        "why": row["_why"], "reason": row["_reason"], "action": row["_action"],
        "confidence": row.get("confidence"), "entity": _clean(row.get("entity")),
        "fingerprint": row["fingerprint"], "status": row.get("status"),
        "change": _clean(row.get("change")), "case_id": _clean(row.get("case_id")),
        "window_text": labels.get(f"window_{row.get('in_open_window')}", ""),
        "modifiers": [(m, modifier_text(m, labels)) for m in listy(row.get("modifiers"))],
        "references": listy(row.get("references")),
        "explanation": row.get("explanation") if isinstance(row.get("explanation"), dict)
        else None,
        "review": [r for r in listy(row.get("review")) if isinstance(r, dict)],
        "segments": highlight(text, evidence),
        "other_evidence": [(labels.get(f"ev_{e.get('field')}", e.get("field")),
                            row["_who"] if str(e.get("field", "")).startswith("counterpart")
                            and row["_who"] else e.get("text")) for e in evidence
                           if e.get("field", "text") != "text"],
        "url": safe_url(row.get("url")),
    }


def item_card(rows: list[dict], labels: dict, count: int = 1) -> dict:
    """One item: its most severe finding heads the card, the others are listed under it."""
    from presence_audit.reports.present import highlight

    head = rows[0]
    findings = [finding_view(r, labels) for r in rows]
    text = head.get("text") if isinstance(head.get("text"), str) else None
    evidence = [e for r in rows for e in listy(r.get("evidence")) if isinstance(e, dict)]
    return {**findings[0], "findings": findings, "also": findings[1:],
            "segments": highlight(text, evidence),
            "platform": head["platform"], "kind": head["_kind"], "when": head["_when"],
            "who": head["_who"], "account_id": head["_acct"], "record_id": head["record_id"],
            "source": head.get("source"), "text": head.get("text"), "count": count,
            "item": int(head["_item"])}


def _clean(v):
    return None if v is None or (not isinstance(v, list | dict) and pd.isna(v)) or v == "" \
        else v


def items(f: pd.DataFrame) -> dict[int, list[dict]]:
    """Item number -> its findings (records), most severe first."""
    out: dict[int, list[dict]] = {}
    for row in f.to_dict("records"):
        out.setdefault(int(row["_item"]), []).append(row)
    return out


def print_sections(f: pd.DataFrame, profile: Profile, labels: dict, cap: int
                   ) -> tuple[list[dict], int]:
    """The print list: one compact card per item, by case (case-list order) then category;
    returns the sections and the number of items left out by ``cap`` cards. Paper lists every
    item while they fit in ``cap`` cards; beyond, repeated items share one card with their
    count and dates, as on screen."""
    if f.empty:
        return [], 0
    if f["_primary"].sum() <= cap:  # every item on paper: each its own group
        f = f.assign(_gid=f["_item"], _gsize=1)
    heads = f[f["_primary"]]
    groups = heads.drop_duplicates("_gid")
    shown = groups.head(cap)
    keep = f[f["_gid"].isin(shown["_gid"])]
    by_item = items(keep[keep["_item"].isin(shown["_item"])])
    hidden = int(len(heads) - shown["_gsize"].sum())
    per_group = keep.groupby("_gid").agg(n=("_item", "size"), lo=("_stamp", "min"),
                                         hi=("_stamp", "max"))
    order = {c.case_id: i for i, c in enumerate(profile.cases)}
    captions = {c.case_id: c.caption for c in profile.cases}
    case = shown["case_id"].astype("string").fillna("")
    shown = shown.assign(_case=case, _corder=case.map(order).fillna(len(order)))
    shown = shown.sort_values(["_corder", "_case", "category", "_rank"], kind="stable")
    sections: list[dict] = []
    for (case_id, category), part in shown.groupby(["_case", "category"], sort=False):
        title = (f"{labels['case']} {case_id}" + (f" — {captions[case_id]}"
                                                  if case_id in captions else "")
                 ) if case_id else labels["not_tied"]
        cards = []
        for item, gid, size in zip(part["_item"], part["_gid"], part["_gsize"], strict=True):
            c = item_card(by_item[int(item)], labels, int(size))
            c["first"], c["last"] = per_group.loc[gid, "lo"], per_group.loc[gid, "hi"]
            cards.append(c)
        sections.append({"title": title, "category": labels.get(f"cat_{category}", category),
                         "cards": cards, "n": int(part["_gsize"].sum()),
                         "findings": int(per_group.loc[part["_gid"], "n"].sum())})
    return sections, hidden
