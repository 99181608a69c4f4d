"""CASE_REFERENCE (rules.md 3): the subject's posts that name one of their cases.

The references themselves come from the toolkit (``toolkit.case_refs``: case id, caption,
fuzzy caption, a party's name next to courtroom words, covert keyword references). A
docket-shaped string matching no listed case yields at most a low finding.
"""

from __future__ import annotations

import re
import tomllib
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from presence_audit import severity as sev
from presence_audit import windows
from presence_audit.matching import (
    case_id_key,
    case_signals,
    courtroom_spans,
    joined,
    norm_column,
    original_span,
    regex_rows,
)
from presence_audit.rules import DRAFT_COLUMNS, RuleContext, RuleSpec, empty_drafts, family
from presence_audit.rules import toolkit as kit
from presence_audit.rules.toolkit.case_refs import case_evidence, sensitive
from presence_audit.textnorm import normalize

if TYPE_CHECKING:
    from presence_audit.profile import Case

SPEC = RuleSpec(
    id="CASE_REFERENCE", title="Reference to one of the subject's cases", category="case",
    severity="medium", roles=("judge", "prosecutor"),
    kinds=("post", "reply", "comment", "repost", "quote", "check_in"),
    action=kit.with_preserve("Delete the item or restrict its audience; if it was posted "
                             "during trial, consult your ethics adviser about telling the "
                             "parties."),
    remediation=("delete", "restrict_audience", "consult_ethics"),
    sources=("ABA MCJC 2.10(A), (D)", "Bangalore Principles 2.4",
             "Code of Conduct for U.S. Judges Canon 3A(6)", "CNJ Res. 305/2019 art. 4 I",
             "D.Lgs. 109/2006 art. 2(1)(v)", "CCJE Opinion No. 25 (2022) §V.1",
             "In re Slaughter (Tex. 2015)", "In the Matter of Johns (S.C. 2016)"),
    example=("Posting \"Long day on 512345/2024, Acme Holdings v. Brightwater\" while the "
             "case is pending."),
    not_detected=("Cases missing from cases.csv (a docket-shaped string alone ranks low), "
                  "captions inside images, a party's name without a case noun or courtroom "
                  "words, a surname that is a common word unless right next to a case noun, "
                  "and sovereign parties (the State, the Crown, the public prosecutor) "
                  "on their own."),
    summary=("Mention of a listed case: its docket typed any way, caption, a party's name or "
             "short name with a case noun (\"the Marlowe trial\", \"udienza Tancredi\"), "
             "a hashtag, or a case keyword with courtroom words."))

VERBS = {"post": "Posted about", "reply": "Replied about", "comment": "Commented about",
         "repost": "Reposted an item about", "quote": "Quoted an item about",
         "check_in": "Checked in, mentioning"}
HOW = {"case_id": "its case number", "caption": "its full caption",
       "fuzzy_caption": "a caption resembling the listed one",
       "party_name": "a party's name next to courtroom words",
       "surname": "a party's name next to a case noun",
       "short_name": "a party's full or short name with case words",
       "hashtag": "a hashtag naming a party",
       "keyword_tag": "a hashtag of a case keyword",
       "typo": "a near spelling of a party's name next to a case noun",
       "covert": "a distinctive case keyword next to courtroom words on a day the case was "
                 "pending (covert reference, Johns S.C. 2016)"}
JURY_WORDS = ("jury", "giuria", "giudici popolari", "corte d'assise", "jurado")


@cache
def _dockets() -> list[dict]:
    return tomllib.loads(resources.files("presence_audit").joinpath(
        "data/dockets.toml").read_text(encoding="utf-8"))["docket"]


@cache
def docket_regex() -> re.Pattern:
    """One alternation of the rules.md 6.1 docket formats (data/dockets.toml), in file order."""
    parts = [f"(?i:{d['pattern']})" if d.get("ignore_case") else f"(?:{d['pattern']})"
             for d in _dockets()]
    return re.compile("|".join(parts))


@cache
def docket_needs() -> tuple[str, ...] | None:
    """The formats' declared ``needs`` together (None when a format declares none)."""
    if any(not d.get("needs") for d in _dockets()):
        return None
    return tuple(dict.fromkeys(n for d in _dockets() for n in d["needs"]))


# Every format in dockets.toml holds two digits in a row: texts without are never searched.
_DIGIT_PAIR_ROW = re.compile(r"\d\d[^\x00]*")  # one match per row of a NUL-joined column


def digit_pair_rows(values: np.ndarray, rows: np.ndarray) -> np.ndarray:
    """Those of ``rows`` whose string holds two digits in a row, in one pass over them."""
    rows = np.asarray(rows, dtype=np.int64)
    if not len(rows):
        return rows
    big, starts = joined(values[rows])
    hits = np.fromiter((m.start() for m in _DIGIT_PAIR_ROW.finditer(big)), dtype=np.int64)
    return rows[np.unique(np.searchsorted(starts, hits, side="right") - 1)]


def jury_trial(case: Case) -> bool:
    """The case keywords say it is tried to a jury (keyword "jury" or a translation)."""
    return any(normalize(k).strip() in JURY_WORDS for k in case.keywords)


def _generic_dockets(ctx: RuleContext, rows: np.ndarray, listed: set[int]) -> list[dict]:
    """Docket-shaped strings naming no listed case (rules.md 6.1: at most low)."""
    pattern = docket_regex()
    keys = [case_id_key(c.case_id) for c in ctx.profile.cases]
    values = kit.text_values(ctx)
    kinds = ctx.activity["kind"]
    out = []
    rows = digit_pair_rows(values, rows)
    for row in regex_rows(values, pattern, rows, needs=docket_needs()):
        for m in pattern.finditer(values[row]):
            docket = m.group(0).strip()
            hit_key = case_id_key(docket)
            if int(row) in listed and any(k and k in hit_key for k in keys):
                continue  # a listed case_id wins
            verb = VERBS.get(kinds.iat[row], "Mentioned")
            out.append({"row": int(row), "rule": SPEC.id, "severity": "low",
                        "confidence": "low", "entity": docket, "case_id": None,
                        "in_open_window": "", "modifiers": [], "explanation": None,
                        "evidence": [{"field": "text", "start": m.start() + (
                            len(m.group(0)) - len(m.group(0).lstrip())),
                            "end": m.end(), "text": docket}],
                        "reason": (f'{verb} a case number "{docket}" that matches none of the '
                                   "listed cases, so it may be another court's matter.")})
    return out


@family(SPEC)
def detect(ctx: RuleContext) -> pd.DataFrame:
    """Draft CASE_REFERENCE findings, one per (row, case)."""
    act = ctx.activity
    rows = np.flatnonzero(act["kind"].astype("string").isin(SPEC.kinds).fillna(False).to_numpy()
                          & (norm_column(ctx, "text").str.len().to_numpy() > 0))
    if not len(rows):
        return empty_drafts()
    ev = case_evidence(ctx)
    ev = ev[ev["row"].isin(rows)]
    drafts = _generic_dockets(ctx, rows, set(ev["row"]))
    if len(ev):
        drafts += _case_drafts(ctx, ev)
    drafts += _courthouse_check_ins(ctx, rows, set(ev["row"]))
    if not drafts:
        return empty_drafts()
    return pd.DataFrame(drafts, columns=list(DRAFT_COLUMNS))


def _case_drafts(ctx: RuleContext, ev: pd.DataFrame) -> list[dict]:
    act = ctx.activity
    table = windows.case_table(ctx.profile)
    cases = {r["case_id"]: r for r in table.to_dict("records")}
    first = ev.drop_duplicates(["row", "case_id"]).reset_index(drop=True)
    rows = first["row"].to_numpy()
    idx = table.set_index("case_id")
    args = (act["timestamp"].array.take(rows), act["time_basis"].array.take(rows).astype(
            "string").to_numpy(), act["observed_at"].array.take(rows),
            idx.loc[first["case_id"], "start"].to_numpy(),
            idx.loc[first["case_id"], "end"].to_numpy())
    status, where = windows.in_open_window(*args), windows.phase(*args)
    appointed = windows.appointed_at(ctx.profile)
    spans: dict[tuple[int, str], list[tuple[int, int, str]]] = {}
    for row, cid, s, e, t in zip(ev["row"], ev["case_id"], ev["start"], ev["end"],
                                 ev["matched"], strict=True):
        spans.setdefault((int(row), cid), []).append((int(s), int(e), t))
    court = courtroom_spans(ctx)
    court_rows: dict[int, list[tuple[int, int]]] = {}
    for row, s, e in zip(court["row"], court["start"], court["end"], strict=True):
        court_rows.setdefault(int(row), []).append((int(s), int(e)))
    # only the rows with findings: whole-column conversions box every row
    timestamps = dict(zip(rows.tolist(), act["timestamp"].array.take(rows), strict=True))
    observed = dict(zip(rows.tolist(), act["observed_at"].array.take(rows), strict=True))
    kinds = dict(zip(rows.tolist(), act["kind"].array.take(rows).astype(str), strict=True))
    bases = dict(zip(rows.tolist(), act["time_basis"].array.take(rows).astype(str),
                     strict=True))
    permitted = kit.permitted_basis(ctx)
    out = []
    for i, c in enumerate(first.to_dict("records")):
        row, cid = int(c["row"]), c["case_id"]
        case = cases[cid]
        ts, obs = pd.Timestamp(timestamps[row]), pd.Timestamp(observed[row])
        ts = ts.tz_localize("UTC") if not pd.isna(ts) and ts.tzinfo is None else ts
        obs = obs.tz_localize("UTC") if not pd.isna(obs) and obs.tzinfo is None else obs
        # medium: factual reference to the subject's pending case (high when tried to a
        # jury, Slaughter); low: closed or not open
        open_ = status[i] in (windows.YES, windows.POSSIBLE)
        jury = open_ and jury_trial(ctx.profile.case(cid))
        base = ("high" if jury else "medium") if open_ else "low"
        allowed = permitted.get(row)
        if allowed:
            base, jury = "info", False
        mods = ["W-POSSIBLE"] if status[i] == windows.POSSIBLE else []
        if appointed is not None and not pd.isna(ts) and ts < appointed:
            mods.append("M-PRE-OFFICE")
        level, applied = sev.apply(base, mods)
        found = dict.fromkeys(spans[(row, cid)])
        for s, e in court_rows.get(row, []):
            found.setdefault(original_span(ctx, row, "text", s, e))
        evidence = [{"field": "text", "start": s, "end": e, "text": t} for s, e, t in found]
        when = windows.describe(status[i], where[i], bases[row], ts, obs, case["closed"],
                                case["closed_at"], ctx.profile.policy.appeal_window_days)
        reason = (f'{VERBS.get(kinds[row], "Mentioned")} {cid} ({case["caption"]}), matched by '
                  f'{HOW[c["how"]]} ("{c["matched"]}"), {when}')
        if status[i] != windows.YES:
            reason += "; a case that is not pending ranks low"
        if jury:
            reason += "; the case is tried to a jury (case keyword), so a reference ranks high"
        if why := sensitive(ctx.profile.case(cid)):
            reason += (f"; the case is {why} material, escalated to CONFIDENTIAL_INFORMATION")
        if allowed:
            reason += "; " + kit.permitted_clause(allowed)
        reason += kit.adjusted(applied)
        out.append({"row": row, "rule": SPEC.id, "severity": level,
                    "confidence": c["confidence"], "entity": case["caption"], "case_id": cid,
                    "in_open_window": status[i], "evidence": evidence, "reason": reason + ".",
                    "modifiers": applied, "explanation": None})
    return out


def _courthouse_check_ins(ctx: RuleContext, rows: np.ndarray, named: set[int]) -> list[dict]:
    """A check-in naming a listed court, with courtroom words (rules.md 3 CASE_REFERENCE).

    One finding per check-in (the case may be any on the court's docket): medium when a case
    of that court was pending that day, else low.
    """
    act = ctx.activity
    kinds = act["kind"].astype(str).to_numpy()
    sig = case_signals(ctx)
    court = sig[(sig["signal"] == "court") & sig["row"].isin(rows)
                & sig["row"].isin(courtroom_spans(ctx)["row"]) & ~sig["row"].isin(named)]
    court = court[kinds[court["row"].to_numpy()] == "check_in"].drop_duplicates("row")
    if not len(court):
        return []
    table = windows.case_table(ctx.profile)
    courts = {c.case_id: normalize(c.court) for c in ctx.profile.cases}
    out = []
    for row, cid, s, e in zip(court["row"], court["case_id"], court["start"], court["end"],
                              strict=True):
        row = int(row)
        same = table[[normalize(courts[c]) == courts[cid] for c in table["case_id"]]]
        n = len(same)
        status = windows.in_open_window(
            np.repeat(act["timestamp"].to_numpy()[row:row + 1], n),
            np.repeat(act["time_basis"].astype("string").to_numpy()[row:row + 1], n),
            np.repeat(act["observed_at"].to_numpy()[row:row + 1], n),
            same["start"].to_numpy(), same["end"].to_numpy())
        pending = [c for c, st in zip(same["case_id"], status, strict=True) if st == windows.YES]
        os_, oe, txt = original_span(ctx, row, "text", int(s), int(e))
        level, applied = sev.apply("medium" if pending else "low", [])
        reason = (f'Checked in at the courthouse "{txt}" with courtroom words'
                  + (f", while {', '.join(pending)} pending there" if pending
                     else ", with no listed case pending there that day"))
        out.append({"row": row, "rule": SPEC.id, "severity": level, "confidence": "low",
                    "entity": txt, "case_id": None,
                    "in_open_window": windows.YES if pending else windows.NO,
                    "evidence": [{"field": "text", "start": os_, "end": oe, "text": txt}],
                    "reason": reason + ".", "modifiers": applied, "explanation": None})
    return out
