"""CONFIDENTIAL_INFORMATION (rules.md 3, signals 6.8): non-public information gained in office.

Confidentiality, deliberation, draft-opinion and secret-procedure words (data/signals/
confidential.toml) near a case reference; any reference to a sealed, juvenile or family case
(the escalation CASE_REFERENCE names). Information already public is a near miss (info).
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from presence_audit import windows
from presence_audit.matching import norm_column
from presence_audit.rules import RuleContext, RuleSpec, family
from presence_audit.rules import toolkit as kit
from presence_audit.rules.toolkit import (
    case_pairs,
    case_span,
    cue_spans,
    kind_rows,
    regex_spans,
    rows_of,
    sensitive,
    verb,
    when,
)
from presence_audit.textnorm import normalize

SPEC = RuleSpec(
    id="CONFIDENTIAL_INFORMATION", title="Non-public information gained in office",
    category="confidential", severity="high", roles=("judge", "prosecutor"),
    kinds=("post", "reply", "comment", "repost", "quote", "message"),
    action=kit.with_preserve("Delete the item immediately; consult your ethics adviser; "
                             "assess notice duties (court, parties, office)."),
    remediation=("delete", "consult_ethics"),
    sources=("Bangalore Principles 4.10", "ABA MCJC 3.5",
             "UN Basic Principles on the Independence of the Judiciary (1985) para. 15",
             "UN Guidelines on the Role of Prosecutors 13(c)",
             "ABA MRPC 1.6; ABA Formal Op. 480 (2018)", "Fed. R. Crim. P. 6(e)",
             "D.Lgs. 109/2006 art. 2(1)(u)", "ANM Code of Ethics art. 5"),
    example=("Posting \"we are still deliberating in the Vance case\" or naming a sealed "
             "juvenile case."),
    not_detected=("Confidential facts written without any confidentiality, deliberation, "
                  "draft or secrecy word, unless the case itself is sealed, juvenile or "
                  "family."),
    summary="Non-public information gained in office: sealed, deliberations, drafts, secrets.")


# a prosecutor's leaks (issue 17): said in confidence, or a non-public investigative step —
# as words, and as patterns (a secrecy request; a step to come, evidence the defence has not
# seen, a source)
PROSECUTOR_LISTS = ("confidence", "investigative")
PROSECUTOR_PATTERNS = ("confidence_re", "investigative_re")
# the lists saying something is told in confidence (the rest name investigative steps)
CONFIDED = ("general", "secret", "confidence", "confidence_re")


def _own_court(ctx: RuleContext) -> np.ndarray:
    """Boolean per row: the text speaks of the subject's own court, panel or colleagues
    (``own_court`` cues, or the profile's court name)."""
    own = rows_of(cue_spans(ctx, "confidential", "own_court"), len(ctx.activity))
    words = normalize(ctx.profile.subject.court or "").split()
    if len(" ".join(words)) >= 4:
        # any run of whitespace between the court's words; splitting every text into word
        # lists to rejoin them held ~1.7 kB a row at once (1.7 GB at 10^6 rows, issue 15)
        court = r"\s+".join(map(re.escape, words))
        own |= (norm_column(ctx, "text").str.contains(court, regex=True)
                .fillna(False).to_numpy(dtype=bool))
    return own


def _confided(lists: dict[str, pd.DataFrame], public: pd.DataFrame, n: int) -> np.ndarray:
    """Boolean per row: a prosecutor's text says it is told in confidence (a secrecy request
    or word), not only that an investigative step happened, which the news may have told. A
    secrecy word inside a public phrase ("nessun segreto", "no secret") does not count."""
    said = pd.concat([lists[k] for k in CONFIDED], ignore_index=True)
    if said.empty or public.empty:
        return rows_of(said, n)
    pairs = said.merge(public[["row", "start", "end"]], on="row", how="left",
                       suffixes=("", "_pub"))
    inside = (pairs["start"] < pairs["end_pub"]) & (pairs["start_pub"] < pairs["end"])
    hidden = pairs.loc[inside.fillna(False).to_numpy(dtype=bool), ["row", "start"]]
    keep = ~said.set_index(["row", "start"]).index.isin(
        pd.MultiIndex.from_frame(hidden)) if len(hidden) else np.ones(len(said), dtype=bool)
    return rows_of(said[keep], n)


@family(SPEC)
def detect(ctx: RuleContext) -> pd.DataFrame:
    """One draft per (row, case) with a confidentiality cue or a sensitive case, plus cue-only
    deliberation/draft/secret talk (M-WEAK-EVIDENCE)."""
    n = len(ctx.activity)
    role = ctx.profile.subject.role
    names: tuple[str, ...] = ("general", "deliberation", "draft", "weak", "secret")
    if role == "prosecutor":
        names += PROSECUTOR_LISTS
    lists = {k: cue_spans(ctx, "confidential", k) for k in names}
    if role == "prosecutor":
        lists |= {k: regex_spans(ctx, "confidential", k) for k in PROSECUTOR_PATTERNS}
    hit = {k: rows_of(v, n) for k, v in lists.items()}
    public = cue_spans(ctx, "confidential", "public")
    cues = pd.concat(lists.values(), ignore_index=True).sort_values(["row", "start"])
    permitted = kit.permitted_basis(ctx)  # empty unless the subject is a prosecutor
    rows = kind_rows(ctx, SPEC.kinds).copy()
    rows[list(permitted)] = False
    drafts = []
    # a prosecutor's accused named bare ("Kötters Buchhalterin") ties a leak to her case
    pairs = kit.accused_pairs(ctx, rows) if role == "prosecutor" else case_pairs(ctx, rows)
    seen = np.zeros(n, dtype=bool)
    told_public = rows_of(public, n)
    confided = (_confided(lists, public, n) if role == "prosecutor"
                else np.ones(n, dtype=bool))
    for p in pairs.to_dict("records"):
        row, cid = int(p["row"]), p["case_id"]
        case = ctx.profile.case(cid)
        why = sensitive(case)
        cue = any(hit[k][row] for k in hit)
        if not (why or cue):
            continue
        seen[row] = True
        closed = p["phase"] == windows.AFTER or p["status"] == windows.NO
        if told_public[row] and not why and not confided[row]:
            continue  # a step the news already told, not said in confidence: nothing to keep
        if told_public[row]:
            base, clause = "info", ("the text says it is already public "
                                    f"({kit.words(ctx, public, row)}); "
                                    "PENDING_CASE_COMMENT may still apply")
        elif why:
            base, clause = "critical", f"the case is {why} material"
        elif (hit["deliberation"][row] or hit["draft"][row] or hit["weak"][row]
              or (role == "prosecutor" and hit["secret"][row])):
            base, clause = "critical", "deliberation, draft-opinion or secret-procedure talk"
        elif closed:
            base, clause = "medium", "non-public details of a closed case"
        else:
            base, clause = "high", "non-public information about a pending case"
        said = kit.words(ctx, cues, row) if cue else "no confidentiality word needed"
        what = (f'{verb(ctx, row)} {said} about {cid} ({case.caption}), matched by '
                f'"{p["matched"]}", {when(ctx, row, cid, p["status"], p["phase"])}; {clause}')
        drafts.append(kit.draft(row, SPEC.id, base, [], what=what, confidence=p["confidence"],
                                    entity=case.caption, case_id=cid, in_open_window=p["status"],
                                    evidence=[case_span(p), *kit.evidence(ctx, cues, row)]))
    # a prosecutor's secret-procedure words count only tied to her case: alone they are
    # general legal education ("how a grand jury works", issue 17)
    # and everyday deliberation or draft words naming no case need the subject's own court:
    # "Beratung" and "we voted" (issue 13)
    strong = hit["deliberation"] | hit["draft"] | (hit["weak"] & _own_court(ctx))
    for row in np.flatnonzero(rows & strong & ~seen & ~rows_of(public, n)).tolist():
        what = (f"{verb(ctx, row)} deliberation, draft-opinion or secret-procedure words "
                f"({kit.words(ctx, cues, row)}) about the subject's own court, naming no "
                "listed case")
        drafts.append(kit.draft(row, SPEC.id, "critical", ["M-WEAK-EVIDENCE"], what=what,
                                    confidence="low", evidence=kit.evidence(ctx, cues, row)))
    return kit.frame_of(drafts)
