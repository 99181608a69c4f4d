"""INDEPENDENT_RESEARCH (rules.md 3): a judge looking up a party, witness, counsel or the facts
of their own case while it is pending (MCJC 2.9(C) covers electronic sources).

Searches (``search`` rows: the query is in ``text``) and follows/subscriptions/likes of a
party's page first seen inside the window. Legal research and the subject's own name are not
findings.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from presence_audit import windows
from presence_audit.matching import case_signals, match_entities, norm_column
from presence_audit.rules import RuleContext, RuleSpec, family
from presence_audit.rules import toolkit as kit
from presence_audit.rules.toolkit import case_windows, verb, when
from presence_audit.textnorm import normalize

SPEC = RuleSpec(
    id="INDEPENDENT_RESEARCH", title="Independent research about a pending case",
    category="research", severity="high", roles=("judge",),
    kinds=("search", "follow", "subscription", "like"),
    action=("Stop; if the material could have influenced, or be seen to influence, the "
            "decision, disclose it and let the parties respond; consider recusal."),
    remediation=("disclose", "consider_recusal"),
    sources=("ABA MCJC 2.9(C) and cmt. [6]", "ABA Formal Op. 478 (2017)",
             "ABA Formal Op. 462 (2013)", "Terry public reprimand (N.C. 2009)",
             "Staggs (Ariz. Comm'n on Jud. Conduct, Nov. 17, 2020)"),
    example=("Searching for a witness's name while the witness's case is pending."),
    not_detected=("Legal research (statutes, case law), searches for the subject's own "
                  "name, and browsing outside the exported search history."),
    summary="Searching for a party, witness or case facts while the case is pending.")
PEOPLE_HIGH = ("party", "witness", "victim", "expert")
# statutes and case-law citations: legal research, not a finding (normalized text)
LEGAL_RESEARCH = re.compile(r"§|\bu\.?s\.?c\b|\bf\.\s?(?:2d|3d|4th|supp)\b|\bstatute\b|"
                            r"\bcase law\b|\bart\.\s?\d|\bc\.p\.p?\b|\bcass\.|\bcodice\b|"
                            r"\bprecedent\b|\bgiurisprudenza\b")


@family(SPEC)
def detect(ctx: RuleContext) -> pd.DataFrame:
    act = ctx.activity
    kind = act["kind"].astype("string").fillna("").to_numpy(dtype=object)
    search = kind == "search"
    page = np.isin(kind, ["follow", "subscription", "like"]) & (
        act["time_basis"].astype("string").fillna("") == "exact").to_numpy()
    legal = np.zeros(len(kind), dtype=bool)  # read only on search rows
    if search.any():
        legal[search] = norm_column(ctx, "text")[search].str.contains(
            LEGAL_RESEARCH).to_numpy(dtype=bool)
    m = match_entities(ctx)
    m = m[m["role"].isin((*PEOPLE_HIGH, "counsel"))]
    m = m[search[m["row"].to_numpy()] | (page[m["row"].to_numpy()]
                                         & m["role"].isin(PEOPLE_HIGH).to_numpy())]
    hits = [(int(r), cid, role, c, n, t) for r, ids, role, c, n, t in zip(
        m["row"], m["case_ids"], m["role"], m["confidence"], m["entity_name"], m["matched"],
        strict=True) for cid in ids]
    sig = case_signals(ctx)
    sig = sig[search[sig["row"].to_numpy()] & ~legal[sig["row"].to_numpy()]
              & sig["signal"].isin(["case_id", "caption", "keyword"])]
    hits += [(int(r), cid, "case " + s, "high" if s == "case_id" else "medium", cid, cid)
             for r, cid, s in zip(sig["row"], sig["case_id"], sig["signal"], strict=True)]
    if not hits:
        return kit.frame_of([])
    frame = pd.DataFrame(hits, columns=["row", "case_id", "role", "confidence", "name",
                                        "matched"])
    frame["_r"] = frame["role"].isin(PEOPLE_HIGH).astype(int)
    frame = frame.sort_values(["row", "case_id", "_r"], ascending=[True, True, False])
    frame = frame.drop_duplicates(["row", "case_id"]).reset_index(drop=True)
    status, where = case_windows(ctx, frame["row"].to_numpy(), list(frame["case_id"]))
    texts = act["text"].astype("string").fillna("").to_numpy(dtype=object)
    own = {normalize(n) for n in (ctx.profile.subject.name, *ctx.profile.subject.aliases)}
    drafts = []
    for i, f in enumerate(frame.to_dict("records")):
        row, cid = int(f["row"]), f["case_id"]
        if normalize(texts[row]).strip() in own or where[i] == windows.BEFORE:
            continue  # own name; or before the case opened (unrelated capacity)
        case = ctx.profile.case(cid)
        if where[i] == windows.AFTER or status[i] == windows.NO:
            base, clause = "info", "after final disposition"
        elif f["role"] in PEOPLE_HIGH:
            base, clause = "high", f"looking up a {f['role']} while the case is pending"
        else:
            base, clause = "medium", ("looking up counsel" if f["role"] == "counsel"
                                      else "looking up news or facts of the own case")
        mods = ["W-POSSIBLE"] if status[i] == windows.POSSIBLE else []
        what = (f'{verb(ctx, row)} "{f["matched"]}" ({f["role"]} in {cid}, {case.caption}), '
                f'{when(ctx, row, cid, status[i], where[i])}; {clause}')
        drafts.append(kit.draft(row, SPEC.id, base, mods, what=what,
                                    confidence=f["confidence"], entity=f["name"], case_id=cid,
                                    in_open_window=status[i],
                                    evidence=[{"field": "text", "start": 0,
                                               "end": len(texts[row]), "text": texts[row]}]))
    return kit.frame_of(drafts)
