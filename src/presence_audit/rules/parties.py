"""Party-family rules (rules.md 3): ties to the people of the subject's cases.

PARTY_CONNECTION, COUNSEL_CONNECTION, JUROR_CONTACT and EX_PARTE_MESSAGE share one pass:
every row whose counterpart, counterpart id or mentions match a listed person (searches
also by the query text), per case that person belongs to, with the case window of
rules.md 1.2. Name mentions inside a post's text are not "contact" — they belong to
CASE_REFERENCE. Messages are listed under PARTY/COUNSEL as well as EX_PARTE: rules.md
sends a non-case message with a participant to the connection rules.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from presence_audit import severity as sev
from presence_audit import windows
from presence_audit.matching import (
    all_name_spans,
    case_signals,
    courtroom_spans,
    entity_list,
    original_span,
)
from presence_audit.rules import DRAFT_COLUMNS, RuleContext, RuleSpec, empty_drafts, family
from presence_audit.rules import toolkit as kit

BOTH = ("judge", "prosecutor")
INTERACTION_KINDS = ("like", "reaction", "reply", "comment", "repost", "quote", "post", "message")

PARTY = RuleSpec(
    id="PARTY_CONNECTION", title="Connection or interaction with a party, witness or victim",
    category="party", severity="high", roles=BOTH,
    kinds=("follow", "friend", "connection", "subscription", "like", "reaction", "reply",
           "comment", "repost", "quote", "post", "group", "page", "follower", "message"),
    action=("Consider disclosing the connection to all parties and whether recusal is needed "
            "where the interaction went beyond the superficial; unlike or delete the "
            "interactions; decide with your ethics adviser whether to unfollow now, since "
            "disconnecting mid-case does not erase the record. " + kit.PRESERVE),
    remediation=("disclose", "consider_recusal", "unlike", "delete", "unfollow",
                 "consult_ethics"),
    sources=("Bangalore Principles 2.1–2.2, 2.5, 4.8", "ABA MCJC 2.4(C), 2.11(A)(1) cmt. [5]",
             "ABA Formal Op. 462 (2013)", "ABA Formal Op. 488 (2019)",
             "Terry public reprimand (N.C. Jud. Standards Comm'n, 2009)",
             "UNODC Non-binding Guidelines on the Use of Social Media by Judges (2019), "
             "relationships part"),
    example=("Following, friending or commenting to a listed party during their pending "
             "case, or liking the page of a party organisation."),
    not_detected=("People missing from people.csv and cases.csv, and name mentions inside a "
                  "post's text (CASE_REFERENCE reads those)."),
    summary="A visible tie to a litigant during the case is the classic ground for a "
            "disqualification motion.")
COUNSEL = RuleSpec(
    id="COUNSEL_CONNECTION", title="Connection or interaction with counsel (or, for a "
    "prosecutor, the presiding judge)", category="party", severity="low", roles=BOTH,
    kinds=PARTY.kinds,
    action=("Disclose the connection on the record; avoid new connections with lawyers who "
            "appear before you; where the jurisdiction prohibits such connections, "
            "disconnect. " + kit.PRESERVE),
    remediation=("disclose", "disconnect", "unfollow", "consult_ethics"),
    sources=("Bangalore Principles 4.3", "ABA MCJC 2.4(C), 2.11", "Fla. JEAC Ops. 2009-20, "
             "2010-06", "Law Offices of Herssein & Herssein v. USAA, No. SC17-1848 (Fla. 2018)",
             "ABA Formal Ops. 462 and 488", "Cal. Judges Ass'n Op. 66 (2010)",
             "Mass. CJE Op. 2011-6 and Letter Op. 2016-01", "N.Y. Op. 08-176; Ky. JE-119; "
             "Ohio 2010-7; S.C. 17-2009", "MRPC 3.5, 8.4(f)"),
    example=("Being friends with a lawyer who is counsel in a pending case of the subject."),
    not_detected=("Lawyers missing from people.csv, and bar or judges' associations (never "
                  "listed)."),
    summary="Severity follows the profile's counsel_connection_policy (rules.md 4).")
JUROR = RuleSpec(
    id="JUROR_CONTACT", title="Contact with a juror or venire member", category="party",
    severity="critical", roles=BOTH, needs=("jurors",),
    kinds=("follow", "friend", "connection", "message", "like", "reaction", "reply", "comment",
           "search"),
    action=("Withdraw the follow or request and do not reply; notify the parties and consult "
            "your ethics adviser. " + kit.PRESERVE),
    remediation=("unfollow", "notify_parties", "consult_ethics"),
    sources=("ABA MCJC 2.9(A), 2.8(C)", "MRPC 3.5(b)–(c)", "ABA Formal Op. 466 (2014)",
             "In re Slaughter (Tex. State Comm'n on Jud. Conduct 2015)"),
    example=("Following or messaging a juror of a listed case during the trial."),
    not_detected=("Jurors the profile does not list, and a prosecutor viewing public juror "
                  "profiles (allowed by ABA Formal Op. 466)."),
    summary="Any contact with a juror during trial or deliberation.")
EX_PARTE = RuleSpec(
    id="EX_PARTE_MESSAGE", title="Case-related communication with a case participant",
    category="party", severity="critical", roles=BOTH,
    kinds=("message", "reply", "comment", "post"),
    action=("Stop the exchange; notify the parties of its substance and give them a chance to "
            "respond (MCJC 2.9(B)); consider recusal; prosecutors: consult the ethics office "
            "and inform the court. " + kit.PRESERVE),
    remediation=("notify_parties", "consider_recusal", "consult_ethics"),
    sources=("ABA MCJC 2.9(A)–(B)", "Bangalore Principles 2.1–2.2", "ABA Formal Op. 462",
             "Terry (N.C. 2009)", "MRPC 3.5(b), 4.2",
             "UNODC Guidelines on the Use of Social Media by Judges, relationships part"),
    example=("A direct message with a party that names their pending case."),
    not_detected=("Messages that do not touch the case (PARTY_CONNECTION), and calls, "
                  "e-mails or meetings outside the export."),
    summary="Communication about a case with a participant, outside the proceedings.")

VERBS = {"follow": "Followed", "follower": "Is followed by", "friend": "Is friends with",
         "connection": "Is connected with", "subscription": "Subscribed to",
         "group": "Shares a group with", "page": "Liked or followed the page of",
         "like": "Liked a post by",
         "reaction": "Reacted to a post by", "reply": "Replied to", "comment": "Commented to",
         "repost": "Reposted", "quote": "Quoted", "post": "Mentioned",
         "message": "Exchanged a message with", "search": "Searched for"}
EX_PARTE_VERBS = {"message": "Exchanged a message about the case with",
                  "reply": "Replied about the case to", "comment": "Commented about the case to",
                  "post": "Posted about the case, mentioning"}
ROLE_WORDS = {"party": "a party", "victim": "a victim", "witness": "a witness",
              "expert": "an expert", "counsel": "counsel", "juror": "a juror",
              "judge": "the presiding judge"}
METHOD_WORDS = {"id": "matched by account id", "handle": "matched by handle"}
CONTACT_FIELDS = ("counterpart", "counterpart_id", "mentions")


def _rule_for(subject_role: str, role: str) -> str | None:
    if role in ("party", "victim", "witness", "expert"):
        return PARTY.id
    if role == "counsel" or (role == "judge" and subject_role == "prosecutor"):
        return COUNSEL.id
    if role == "juror":
        return JUROR.id
    return None


def _candidates(ctx: RuleContext) -> pd.DataFrame:
    """Contact matches joined with row facts and exploded per case, with window columns."""
    m = kit.contact_matches(ctx)
    act = ctx.activity
    kind = act["kind"].astype("string").to_numpy()[m["row"].to_numpy()]
    contact = m["field"].isin(CONTACT_FIELDS).to_numpy() | ((kind == "search")
                                                           & (m["field"] == "text").to_numpy())
    m = m[contact & ~m["role"].str.startswith("political:").to_numpy()]
    m = m.explode("case_ids").rename(columns={"case_ids": "case_id"}).dropna(subset=["case_id"])
    cases = windows.case_table(ctx.profile).rename(columns={"start": "win_start",
                                                            "end": "win_end"})
    m = m.merge(cases, on="case_id", how="inner").reset_index(drop=True)
    rows = m["row"].to_numpy()
    for name in ("kind", "time_basis", "platform", "counterpart"):
        m[name] = act[name].astype("string").to_numpy()[rows]
    # take before converting: to_numpy() of a tz-aware column boxes every row as a Timestamp
    m["timestamp"] = act["timestamp"].array.take(rows)
    m["observed_at"] = act["observed_at"].array.take(rows)
    args = (m["timestamp"], m["time_basis"], m["observed_at"], m["win_start"], m["win_end"])
    m["window"] = windows.in_open_window(*args)
    m["phase"] = windows.phase(*args)
    return m


def _touches(ctx: RuleContext, cand: pd.DataFrame) -> tuple[np.ndarray, list]:
    """Whether each candidate's text is about its case (case id, caption, keyword, a
    participant's name, courtroom words) and the first such span (normalized coords)."""
    spans: dict[tuple[int, str], tuple[int, int]] = {}
    sig = case_signals(ctx)
    for row, cid, s, e in zip(sig["row"], sig["case_id"], sig["start"], sig["end"], strict=True):
        spans.setdefault((row, cid), (s, e))
    names = all_name_spans(ctx)
    if len(names):
        ents = entity_list(ctx)
        for row, ent, s, e in zip(names["row"], names["entity"], names["nstart"],
                                  names["nend"], strict=True):
            for cid in ents[ent].case_ids:
                spans.setdefault((row, cid), (s, e))
    court = courtroom_spans(ctx).drop_duplicates("row").set_index("row")
    found = []
    for row, cid in zip(cand["row"], cand["case_id"], strict=True):
        span = spans.get((row, cid))
        if span is None and row in court.index:
            span = (int(court.at[row, "start"]), int(court.at[row, "end"]))
        found.append(span)
    return np.array([f is not None for f in found], dtype=bool), found


def _repeat(ctx: RuleContext, cand: pd.DataFrame, interaction: np.ndarray) -> np.ndarray:
    """M-REPEAT (``toolkit.repeat_flags``): the act is one of 3+ interactions with the same
    entity within the window of rules.md 1.3, counting acts with a time in a possibly open
    window only, and acts on one item (a reply, a like and a repost of it) once."""
    usable = interaction & cand["timestamp"].notna().to_numpy() & (
        cand["window"].to_numpy() != windows.NO)
    times = cand["timestamp"].where(usable)
    rows = cand["row"].to_numpy()
    return kit.repeat_flags(rows, cand["entity"].to_numpy(), times,
                            items=kit.item_ids(ctx, rows)) & usable


@dataclass
class _Cands:
    """The candidate (entity, case, act) rows as arrays, and what ``_levels`` derives once."""

    cand: pd.DataFrame
    subject_role: str
    policy: str  # counsel_connection_policy
    kind: np.ndarray
    win: np.ndarray  # windows.in_open_window
    ph: np.ndarray  # windows.phase
    interaction: np.ndarray
    touch: np.ndarray
    repeat: np.ndarray
    pre_office: np.ndarray
    entity: np.ndarray
    case_id: np.ndarray
    active_pairs: set  # (entity, case) with an interaction inside the window
    office_cases: set[str]


def _cands(ctx: RuleContext, cand: pd.DataFrame, touch: np.ndarray) -> _Cands:
    profile = ctx.profile
    kind, win = cand["kind"].to_numpy(), cand["window"].to_numpy()
    interaction = np.isin(kind, INTERACTION_KINDS)
    exact = cand["time_basis"].to_numpy() == "exact"
    # M-PRIOR needs "no interaction during the case": any in-window interaction per entity+case
    active = cand[interaction & (win == windows.YES)]
    appointed = windows.appointed_at(profile)
    latest = np.where(exact, cand["timestamp"], cand["observed_at"])
    return _Cands(
        cand=cand, subject_role=profile.subject.role,
        policy=profile.policy.counsel_connection_policy, kind=kind, win=win,
        ph=cand["phase"].to_numpy(), interaction=interaction, touch=touch,
        repeat=_repeat(ctx, cand, interaction),
        pre_office=np.array([appointed is not None and not pd.isna(t) and t < appointed
                             for t in latest], dtype=bool),
        entity=cand["entity"].to_numpy(), case_id=cand["case_id"].to_numpy(),
        active_pairs=set(zip(active["entity"], active["case_id"], strict=True)),
        office_cases={c.case_id for c in profile.cases
                      if c.assigned == "office"})


def _levels(ctx: RuleContext, cand: pd.DataFrame, touch: np.ndarray) -> tuple[list, list]:
    """Base severity and modifiers per (candidate, rule) — rules.md 3 text, row by row."""
    c = _cands(ctx, cand, touch)
    cluster_touch = {e for e, t, r in zip(cand["entity"], touch, c.repeat, strict=True)
                     if t and r}
    drafts = []
    for i, role in enumerate(cand["role"]):
        rule = _rule_for(c.subject_role, role)
        if rule is None:
            continue
        got = _base_level(c, i, rule, role)
        if got is None:
            continue
        base, fixed, mods = got
        mods += _row_mods(c, i, rule, role, base, fixed, "M-PRIOR" in mods)
        level, applied = sev.apply(base, mods)
        if "M-REPEAT" in applied and c.entity[i] not in cluster_touch:
            level, applied = _repeat_capped(base, mods, level, applied)
        drafts.append((i, rule, level, applied))
        if c.touch[i] and c.kind[i] in EX_PARTE.kinds and c.ph[i] != windows.BEFORE \
                and _ex_parte_role(c.subject_role, role):
            base = {windows.AFTER: "medium"}.get(c.ph[i], "critical")
            mods = (["W-POSSIBLE"] if c.win[i] == windows.POSSIBLE else []) + (
                ["M-PRE-OFFICE"] if c.pre_office[i] else [])
            level, applied = sev.apply(base, mods)
            drafts.append((i, EX_PARTE.id, level, applied))
    return drafts, list(c.repeat)


def _base_level(c: _Cands, i: int, rule: str, role: str) -> tuple[str, bool, list[str]] | None:
    """(base severity, whether it is fixed, modifiers so far) for row ``i`` under ``rule``;
    ``None`` when the act is allowed."""
    k = c.kind[i]
    if k == "follower":
        return "info", True, []
    if c.ph[i] == windows.AFTER:
        return ("medium" if rule == JUROR.id else "low"), True, []
    if rule == PARTY.id:
        if c.subject_role == "prosecutor" and role in ("victim", "witness"):
            return ("medium" if k == "message" and c.touch[i] else "info"), True, []
        mods = []
        if c.ph[i] == windows.BEFORE and (
                c.interaction[i] or (c.entity[i], c.case_id[i]) not in c.active_pairs):
            mods.append("M-PRIOR")
        if c.repeat[i]:
            mods.append("M-REPEAT")
        return "high", False, mods
    if rule == COUNSEL.id:
        return _counsel_level(c.policy, c.subject_role, role, c.interaction[i], c.touch[i],
                              c.ph[i]), True, []
    # JUROR_CONTACT
    if c.subject_role == "prosecutor" and k == "search":
        return None  # viewing public juror profiles is allowed (ABA Formal Op. 466)
    return ("low" if c.ph[i] == windows.BEFORE else _juror_level(c.cand, i)), False, []


def _row_mods(c: _Cands, i: int, rule: str, role: str, base: str, fixed: bool,
              prior: bool) -> list[str]:
    """The window, role, office and pre-office modifiers of row ``i``."""
    mods = []
    if c.win[i] == windows.POSSIBLE and not prior and not (fixed and base in ("info", "low")):
        mods.append("W-POSSIBLE")
    if rule == PARTY.id and role in ("witness", "expert"):
        mods.append("R-WITNESS")
    if c.case_id[i] in c.office_cases and base not in ("info", "low"):
        mods.append("R-OFFICE-CASE")
    if c.pre_office[i]:
        mods.append("M-PRE-OFFICE")
    return mods


def _repeat_capped(base: str, mods: list[str], level: str, applied: list[str]
                   ) -> tuple[str, list[str]]:
    """Repeated interaction reaches critical only when an item touches the case."""
    without = sev.apply(base, [m for m in mods if m != "M-REPEAT"])
    level = min(level, max(without[0], "high", key=sev.rank), key=sev.rank)
    return level, (without[1] if level == without[0] else applied)


def _counsel_level(policy: str, subject_role: str, role: str, interaction: bool, touch: bool,
                   where: str) -> str:
    """rules.md COUNSEL_CONNECTION severity table (policy, or prosecutor ↔ judge)."""
    inside = where == windows.INSIDE
    if interaction and touch:
        return "high" if inside else "low"
    if subject_role == "prosecutor" and role == "judge":
        return "medium" if inside else "low"
    if policy == "prohibited":
        return "high" if inside else "medium"
    if policy == "permitted":
        return "info"
    return "medium" if interaction and inside else "low"


def _juror_level(cand: pd.DataFrame, i: int) -> str:
    """Critical during trial (before ``closed``), high after the verdict while appealable."""
    closed_at = cand["closed_at"].iat[i]
    t = cand["timestamp"].iat[i]
    if pd.isna(t):
        t = cand["observed_at"].iat[i]
    return "high" if not pd.isna(closed_at) and not pd.isna(t) and t >= closed_at else "critical"


def _ex_parte_role(subject_role: str, role: str) -> bool:
    if subject_role == "prosecutor":
        return role in ("judge", "party")
    return role in ("party", "victim", "counsel", "witness", "expert")


def _reason(ctx: RuleContext, c: dict, rule: str, mods: list[str],
            topic: str | None = None) -> str:
    how = METHOD_WORDS.get(c["method"], f'matched by name "{c["matched"]}"')
    who = c["entity_name"]
    handle = c["counterpart"] if isinstance(c["counterpart"], str) and c["counterpart"] else None
    if handle is None:  # X follows and likes carry ids only: show the listed handle
        handle = next((h.handle for h in entity_list(ctx)[c["entity"]].handles
                       if h.platform == c["platform"] and h.handle), None)
    label = f"@{handle.lstrip('@')}" if handle and c["platform"] in ("x", "instagram") else handle
    shown = f"{who} ({label}, {how})" if label and label != who else f"{who} ({how})"
    verb = VERBS.get(c["kind"], "Interacted with")
    if rule == EX_PARTE.id:
        verb = EX_PARTE_VERBS.get(c["kind"], "Communicated about the case with")
    when = windows.describe(c["window"], c["phase"], c["time_basis"], c["timestamp"],
                            c["observed_at"], c["closed"], c["closed_at"],
                            ctx.profile.policy.appeal_window_days)
    text = (f"{verb} {shown}, {ROLE_WORDS.get(c['role'], c['role'])} in {c['case_id']} "
            f"({c['caption']}), {when}")
    if rule == COUNSEL.id:
        text += f" (counsel_connection_policy = {ctx.profile.policy.counsel_connection_policy})"
    if topic:
        text += f', and the text names the case ("{topic}")'
    return text + kit.adjusted(mods) + "."


@family(PARTY, COUNSEL, JUROR, EX_PARTE)
def detect(ctx: RuleContext) -> pd.DataFrame:
    """Draft findings for the four party-family rules."""
    cand = _candidates(ctx)
    if not len(cand):
        return empty_drafts()
    touch, spans = _touches(ctx, cand)
    drafts, _ = _levels(ctx, cand, touch)
    specs = {s.id: s for s in (PARTY, COUNSEL, JUROR, EX_PARTE)}
    out = []
    records = cand.to_dict("records")  # plain dicts: row access on a frame is slow
    for i, rule, level, mods in drafts:
        c = records[i]
        if c["kind"] not in specs[rule].kinds:
            continue
        evidence = [{"field": c["field"], "start": int(c["start"]), "end": int(c["end"]),
                     "text": c["matched"]}]
        topic = None
        if rule == EX_PARTE.id and spans[i] is not None:
            s, e, topic = original_span(ctx, int(c["row"]), "text", *spans[i])
            evidence.append({"field": "text", "start": s, "end": e, "text": topic})
        out.append({"row": int(c["row"]), "rule": rule, "severity": level,
                    "confidence": c["confidence"], "entity": c["entity_name"],
                    "case_id": c["case_id"], "in_open_window": c["window"],
                    "evidence": evidence, "reason": _reason(ctx, c, rule, mods, topic),
                    "modifiers": list(mods), "explanation": None})
    if not out:
        return empty_drafts()
    frame = pd.DataFrame(out, columns=list(DRAFT_COLUMNS))
    # one finding per (row, rule, entity): the case giving the highest severity wins
    frame["_rank"] = frame["severity"].map(sev.rank)
    frame = frame.sort_values(["row", "rule", "entity", "_rank", "case_id"],
                              ascending=[True, True, True, False, True], kind="stable")
    return frame.drop_duplicates(["row", "rule", "entity"]).drop(columns="_rank").reset_index(
        drop=True)
