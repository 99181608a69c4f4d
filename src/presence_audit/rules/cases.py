"""CASE_REFERENCE (rules.md 3): the subject's posts that name one of their cases.

Evidence, strongest first: a listed case id in any docket spelling (rules.md 6.1, separators
loosened), the full caption, a caption fuzzy-matched against cases.csv only (6.2 — so
"Arsenal v. Chelsea" never matches), or a party's name next to courtroom words (6.3).
A docket-shaped string matching no listed case yields at most a low finding.
"""

from __future__ import annotations

import re
import tomllib
from functools import cache
from importlib import resources

import numpy as np
import pandas as pd
from rapidfuzz import fuzz

from presence_audit import severity as sev
from presence_audit import windows
from presence_audit.matching import (
    CONFIDENCE_RANK,
    all_name_spans,
    case_id_key,
    case_signals,
    courtroom_spans,
    entity_list,
    norm_column,
    original_span,
    regex_rows,
)
from presence_audit.rules import DRAFT_COLUMNS, RuleContext, RuleSpec, empty_drafts, family
from presence_audit.textnorm import name_variants, normalize

SPEC = RuleSpec(
    id="CASE_REFERENCE", title="Reference to one of the subject's cases", category="case",
    severity="medium", roles=("judge", "prosecutor"),
    kinds=("post", "reply", "comment", "repost", "quote", "check_in"),
    action=("Delete the item or restrict its audience; if it was posted during trial, consult "
            "your ethics adviser about telling the parties. Preserve before you delete: if a "
            "complaint, disqualification motion or litigation hold concerns the item, export "
            "a copy and consult first, so removal is not read as concealment."),
    remediation=("delete", "restrict_audience", "consult_ethics"),
    sources=("ABA MCJC 2.10(A), (D)", "Bangalore Principles 2.4",
             "Code of Conduct for U.S. Judges Canon 3A(6)", "CNJ Res. 305/2019 art. 4 I",
             "D.Lgs. 109/2006 art. 2(1)(v)", "CCJE Opinion No. 25 (2022) §V.1",
             "In re Slaughter (Tex. 2015)", "In the Matter of Johns (S.C. 2016)"),
    summary="Mention of a listed case, its docket, caption, or parties with courtroom words.")

VERBS = {"post": "Posted about", "reply": "Replied about", "comment": "Commented about",
         "repost": "Reposted an item about", "quote": "Quoted an item about",
         "check_in": "Checked in, mentioning"}
HOW = {"case_id": "its case number", "caption": "its full caption",
       "fuzzy_caption": "a caption resembling the listed one",
       "party_name": "a party's name next to courtroom words",
       "covert": "a distinctive case keyword next to courtroom words on a day the case was "
                 "pending (covert reference, Johns S.C. 2016)"}
# cases.csv keywords / court words that make a matter sealed, juvenile or family (rules.md 3:
# CASE_REFERENCE escalates these to CONFIDENTIAL_INFORMATION)
SENSITIVE_WORDS = ("sealed", "juvenile", "family", "minor", "minors", "custody", "adoption",
                   "secretato", "minorenni", "famiglia", "affidamento", "adozione")
JURY_WORDS = ("jury", "giuria", "giudici popolari", "corte d'assise", "jurado")
_UP = "A-ZÀ-ÖØ-Þ"
_TOKEN = rf"(?:[{_UP}][\w.'&-]*)"
_CONNECT = r"(?:of|the|de|di|del|della|la|le|von|van|and|&)"
_NAME = rf"{_TOKEN}(?:\s+(?:{_CONNECT}\s+)*{_TOKEN}){{0,5}}"
_PREFIXES = r"(?:In re|In the Matter of|Matter of|Ex parte|Estate of|Application of)"
CAPTION_RE = re.compile(
    rf"(?P<left>{_NAME})\s+(?:v\.?|vs\.?|c\.|c/|contro|contra|\./\.)\s+(?P<right>{_NAME})"
    rf"|\b{_PREFIXES}\s+(?P<only>{_NAME})")
CAPTION_MASK = re.compile(re.sub(r"\?P<\w+>", "?:", CAPTION_RE.pattern))  # no groups
_SPLIT = re.compile(r"\s+(?:v\.?|vs\.?|c\.|c/|contro|contra|\./\.)\s+")
_PREFIX_NORM = re.compile(r"^(?:in re|in the matter of|matter of|ex parte|estate of|"
                          r"application of)\s+")
FUZZY_MIN = 90
_SENTENCE_END = re.compile(r"(?<=[a-zà-ÿ])[.!?]\s+")


@cache
def docket_regex() -> re.Pattern:
    """One alternation of the rules.md 6.1 docket formats (data/dockets.toml), in file order."""
    raw = tomllib.loads(resources.files("presence_audit").joinpath(
        "data/dockets.toml").read_text(encoding="utf-8"))
    parts = [f"(?i:{d['pattern']})" if d.get("ignore_case") else f"(?:{d['pattern']})"
             for d in raw["docket"]]
    return re.compile("|".join(parts))


def _side(name: str) -> str:
    """Normalized caption side, without "In re"-style prefixes or company suffixes."""
    # a caption ending a sentence: the token pattern runs on into the next one
    # ("Brightwater. Their"); cut at a full stop after a lower-case letter (not "U.S. Bank")
    name = _SENTENCE_END.split(name, maxsplit=1)[0]
    text = " ".join(w.strip(".,;:!?") for w in normalize(name).split())
    for _ in range(3):
        text = _PREFIX_NORM.sub("", text)
    return name_variants(text)[-1] if text else ""


def _caption_sides(caption: str) -> tuple[str, ...]:
    parts = _SPLIT.split(caption, maxsplit=1)
    return tuple(_side(p) for p in parts)


def _best(candidate: str, listed: str, from_end: bool) -> float:
    """Best token-set score of ``listed`` against the candidate or its trailing/leading words
    (the regex may grab capitalised words that only precede or follow the caption)."""
    words = candidate.split()
    pieces = [" ".join(words[i:]) if from_end else " ".join(words[:len(words) - i])
              for i in range(len(words))]
    return max((fuzz.token_set_ratio(p, listed) for p in pieces if p), default=0.0)


def _text_values(ctx: RuleContext) -> np.ndarray:
    """The raw ``text`` column as an object array of str (cached per context)."""
    if "raw_text_str" not in ctx.shared:
        ctx.shared["raw_text_str"] = ctx.activity["text"].astype("string").fillna("").to_numpy(
            dtype=object)
    return ctx.shared["raw_text_str"]


def _caption_hits(ctx: RuleContext, rows: np.ndarray) -> list[tuple[int, str, int, int, str]]:
    """Caption-shaped spans in ``rows`` that fuzzy-match a listed caption (cases.csv only)."""
    listed = [(c.case_id, _caption_sides(c.caption)) for c in ctx.profile.cases if c.caption]
    if not listed:
        return []
    values = _text_values(ctx)
    hits = []
    for row in regex_rows(values, CAPTION_MASK, rows):
        for m in CAPTION_RE.finditer(values[row]):
            if m.group("only"):
                sides = (_side(m.group("only")),)
            else:
                sides = (_side(m.group("left")), _side(m.group("right")))
            for case_id, ref in listed:
                if len(ref) != len(sides):
                    continue
                scores = ([_best(sides[0], ref[0], True), _best(sides[1], ref[1], False)]
                          if len(ref) == 2 else [_best(sides[0], ref[0], True)])
                if min(scores) >= FUZZY_MIN:
                    last = "only" if m.group("only") else "right"  # evidence ends with it
                    cut = _SENTENCE_END.search(m.group(last))
                    end = m.start(last) + cut.start() if cut else m.end()
                    hits.append((int(row), case_id, m.start(), end, values[row][m.start():end]))
    return hits


def sensitive(case: object) -> str | None:
    """Why a case is confidential by nature (sealed flag, or a sealed/juvenile/family word in
    its keywords or court name), or None."""
    if getattr(case, "sealed", False):
        return "sealed"
    words = {normalize(k).strip() for k in case.keywords}
    court = normalize(case.court)
    for word in SENSITIVE_WORDS:
        if word in words or re.search(rf"(?<!\w){re.escape(word)}(?!\w)", court):
            return word
    return None


def jury_trial(case: object) -> bool:
    """The case keywords say it is tried to a jury (keyword "jury" or a translation)."""
    return any(normalize(k).strip() in JURY_WORDS for k in case.keywords)


def case_evidence(ctx: RuleContext) -> pd.DataFrame:
    """Every (row, case) reference in ``text`` of any kind, best evidence first, cached.

    Columns: row, case_id, how, confidence, start, end, matched (original text). Other
    families (PENDING_CASE_COMMENT, CONFIDENTIAL_INFORMATION, …) build on it.
    """
    def build() -> pd.DataFrame:
        rows = np.flatnonzero(norm_column(ctx, "text").str.len().to_numpy() > 0)
        ev = _collect(ctx, rows)
        ev = pd.concat([ev, _covert(ctx, rows, ev)], ignore_index=True)
        ev["_c"] = ev["confidence"].map(CONFIDENCE_RANK)
        ev = ev.sort_values(["row", "case_id", "_c", "start"],
                            ascending=[True, True, False, True]).drop(columns="_c")
        return ev.astype({"row": "int64", "start": "int64", "end": "int64"}).reset_index(
            drop=True)
    if "case_evidence" not in ctx.shared:
        ctx.shared["case_evidence"] = build()
    return ctx.shared["case_evidence"]


def _covert(ctx: RuleContext, rows: np.ndarray, named: pd.DataFrame) -> pd.DataFrame:
    """Covert references: courtroom words + a case keyword, posted while the case was pending,
    for (row, case) pairs with no stronger evidence."""
    cols = ["row", "case_id", "how", "confidence", "start", "end", "matched"]
    sig = case_signals(ctx)
    kw = sig[(sig["signal"] == "keyword") & sig["row"].isin(rows)
             & sig["row"].isin(courtroom_spans(ctx)["row"])]
    if not len(kw):
        return pd.DataFrame(columns=cols)
    kw = kw.drop_duplicates(["row", "case_id"])
    done = set(zip(named["row"], named["case_id"], strict=True))
    kw = kw[[(r, c) not in done for r, c in zip(kw["row"], kw["case_id"], strict=True)]]
    if not len(kw):
        return pd.DataFrame(columns=cols)
    act = ctx.activity
    idx = windows.case_table(ctx.profile).set_index("case_id")
    r = kw["row"].to_numpy()
    status = windows.in_open_window(
        act["timestamp"].to_numpy()[r], act["time_basis"].astype("string").to_numpy()[r],
        act["observed_at"].to_numpy()[r], idx.loc[kw["case_id"], "start"].to_numpy(),
        idx.loc[kw["case_id"], "end"].to_numpy())
    kw = kw[status == windows.YES]
    spans = [original_span(ctx, int(row), "text", int(s), int(e))
             for row, s, e in zip(kw["row"], kw["start"], kw["end"], strict=True)]
    return pd.DataFrame({"row": kw["row"].to_numpy(), "case_id": kw["case_id"].to_numpy(),
                         "how": "covert", "confidence": "medium",
                         "start": [x[0] for x in spans], "end": [x[1] for x in spans],
                         "matched": [x[2] for x in spans]}, columns=cols)


def _collect(ctx: RuleContext, rows: np.ndarray) -> pd.DataFrame:
    """Evidence rows: (row, case_id, how, confidence, start, end, text) in original text."""
    keep = set(rows.tolist())
    court_rows = set(courtroom_spans(ctx)["row"])
    records = []
    sig = case_signals(ctx)
    keyword_rows = set(zip(sig.loc[sig["signal"] == "keyword", "row"],
                           sig.loc[sig["signal"] == "keyword", "case_id"], strict=True))
    for row, cid, signal, s, e in sig[sig["signal"].isin(["case_id", "caption"])].itertuples(
            index=False):
        if row in keep:
            os_, oe, txt = original_span(ctx, int(row), "text", int(s), int(e))
            records.append((int(row), cid, signal, "high", os_, oe, txt))
    for row, cid, s, e, txt in _caption_hits(ctx, rows):
        corroborated = row in court_rows or (row, cid) in keyword_rows
        records.append((row, cid, "fuzzy_caption", "medium" if corroborated else "low", s, e,
                        txt))
    names = all_name_spans(ctx)
    ents = entity_list(ctx)
    for row, ent, s, e in names.itertuples(index=False):
        if row in keep and row in court_rows and ents[ent].role == "party":
            os_, oe, txt = original_span(ctx, int(row), "text", int(s), int(e))
            records += [(int(row), cid, "party_name", "medium", os_, oe, txt)
                        for cid in ents[ent].case_ids]
    return pd.DataFrame(records, columns=["row", "case_id", "how", "confidence", "start", "end",
                                          "matched"])


def _generic_dockets(ctx: RuleContext, rows: np.ndarray, listed: set[int]) -> list[dict]:
    """Docket-shaped strings naming no listed case (rules.md 6.1: at most low)."""
    pattern = docket_regex()
    keys = [case_id_key(c.case_id) for c in ctx.profile.cases]
    values = _text_values(ctx)
    kinds = ctx.activity["kind"]
    out = []
    for row in regex_rows(values, pattern, rows):
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
        if applied:
            reason += "; severity adjusted: " + sev.describe(applied)
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
