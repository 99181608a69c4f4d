"""References to the subject's listed cases, shared by every family that reads them.

Evidence, strongest first: a listed case id in any docket spelling (rules.md 6.1, separators
loosened), the full caption, a caption fuzzy-matched against cases.csv only (6.2 — so
"Arsenal v. Chelsea" never matches), a party's name next to courtroom words (6.3), or a case
keyword next to courtroom words while the case was pending (covert). Plus the window status of
each (row, case) pair and the window clause of a reason.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
from rapidfuzz import fuzz

from presence_audit import windows
from presence_audit.matching import (
    CONFIDENCE_RANK,
    all_name_spans,
    case_signals,
    courtroom_spans,
    entity_list,
    norm_column,
    original_span,
    regex_rows,
)
from presence_audit.rules import RuleContext
from presence_audit.rules.toolkit.case_index import (
    context_rows,
    mention_evidence,
    sovereign_entities,
)
from presence_audit.rules.toolkit.rows import shared, text_values
from presence_audit.textnorm import name_variants, normalize

# cases.csv keywords / court words that make a matter sealed, juvenile or family (rules.md 3:
# CASE_REFERENCE escalates these to CONFIDENTIAL_INFORMATION)
SENSITIVE_WORDS = ("sealed", "juvenile", "family", "minor", "minors", "custody", "adoption",
                   "secretato", "minorenni", "famiglia", "affidamento", "adozione")
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
# every caption holds a separator or a prefix; lower-cased, one of these literals
CAPTION_NEEDS = ("v", "c.", "c/", "contr", "./.", "in re", "matter of", "ex parte", "estate of",
                 "application of")
FUZZY_MIN = 90
_SENTENCE_END = re.compile(r"(?<=[a-zà-ÿ])[.!?]\s+")


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


def _caption_hits(ctx: RuleContext, rows: np.ndarray) -> list[tuple[int, str, int, int, str]]:
    """Caption-shaped spans in ``rows`` that fuzzy-match a listed caption (cases.csv only)."""
    listed = [(c.case_id, _caption_sides(c.caption)) for c in ctx.profile.cases if c.caption]
    if not listed:
        return []
    values = text_values(ctx)
    hits = []
    for row in regex_rows(values, CAPTION_MASK, rows, needs=CAPTION_NEEDS):
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
    return shared(ctx, "case_evidence", build)


def _covert(ctx: RuleContext, rows: np.ndarray, named: pd.DataFrame) -> pd.DataFrame:
    """Covert references: courtroom words + a case keyword, posted while the case was pending,
    for (row, case) pairs with no stronger evidence."""
    cols = ["row", "case_id", "how", "confidence", "start", "end", "matched"]
    sig = case_signals(ctx)
    context = set(courtroom_spans(ctx)["row"]) | context_rows(ctx)
    kw = sig[(sig["signal"] == "keyword") & sig["row"].isin(rows) & sig["row"].isin(context)]
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
    sovereign = sovereign_entities(ctx)  # the State names every case and identifies none
    for row, ent, s, e in names.itertuples(index=False):
        if row in keep and row in court_rows and ents[ent].role == "party" and (
                ent not in sovereign):
            os_, oe, txt = original_span(ctx, int(row), "text", int(s), int(e))
            records += [(int(row), cid, "party_name", "medium", os_, oe, txt)
                        for cid in ents[ent].case_ids]
    mentions = mention_evidence(ctx)
    records += [r for r in mentions.itertuples(index=False, name=None) if r[0] in keep]
    return pd.DataFrame(records, columns=["row", "case_id", "how", "confidence", "start", "end",
                                          "matched"])


def case_windows(ctx: RuleContext, rows: np.ndarray, case_ids: list) -> tuple[np.ndarray,
                                                                               np.ndarray]:
    """(in_open_window, phase) per (row, case) pair, vectorized (windows.py)."""
    act = ctx.activity
    idx = windows.case_table(ctx.profile).set_index("case_id")
    args = (act["timestamp"].to_numpy()[rows], act["time_basis"].astype("string").to_numpy()[rows],
            act["observed_at"].to_numpy()[rows], idx.loc[case_ids, "start"].to_numpy(),
            idx.loc[case_ids, "end"].to_numpy())
    return windows.in_open_window(*args), windows.phase(*args)


def when(ctx: RuleContext, row: int, case_id: str, status: str, where: str) -> str:
    """The window clause of a reason (windows.describe) for one (row, case)."""
    act = ctx.activity
    case = ctx.profile.case(case_id)
    closed_at = windows.case_window(case.opened, case.closed, ctx.profile.subject.timezone
                                    or "UTC", 0, 0)[1]
    return windows.describe(status, where, str(act["time_basis"].iat[row]),
                            act["timestamp"].iat[row], act["observed_at"].iat[row],
                            case.closed, closed_at, ctx.profile.policy.appeal_window_days)


def case_pairs(ctx: RuleContext, rows_mask: np.ndarray) -> pd.DataFrame:
    """Best evidence per (row, case) among ``rows_mask`` rows, with window status/phase."""
    ev = case_evidence(ctx)
    ev = ev[rows_mask[ev["row"].to_numpy()]].drop_duplicates(["row", "case_id"])
    ev = ev.reset_index(drop=True)
    if len(ev):
        status, where = case_windows(ctx, ev["row"].to_numpy(), list(ev["case_id"]))
        ev = ev.assign(status=status, phase=where)
    return ev
