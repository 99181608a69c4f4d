"""Case commentary rules (rules.md 3): PENDING_CASE_COMMENT, PREJUDGMENT_OR_PLEDGE,
PUBLIC_CONDEMNATION_OF_ACCUSED and LEGAL_ADVICE.

Cue words come from ``data/signals/<file>.toml`` (the toolkit's cue-list format: one table
per language; ``*_re`` lists are regular expressions over normalized text).
"""

from __future__ import annotations

import re
from functools import cache
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from presence_audit import windows
from presence_audit.matching import courtroom_spans, match_entities
from presence_audit.rules import RuleContext, RuleSpec, family
from presence_audit.rules import toolkit as kit
from presence_audit.rules.toolkit import (
    case_pairs,
    case_span,
    cue_spans,
    kind_rows,
    regex_spans,
    rows_of,
    verb,
    when,
)
from presence_audit.rules.toolkit.condemn import confidence_cues
from presence_audit.textnorm import normalize

if TYPE_CHECKING:
    from presence_audit.profile import Case, Profile

# --- specs -------------------------------------------------------------------------------

PENDING = RuleSpec(
    id="PENDING_CASE_COMMENT", title="Evaluative comment on a pending matter", category="case",
    severity="high", roles=("judge", "prosecutor"),
    kinds=("post", "reply", "comment", "repost", "quote", "like", "reaction"),
    action=kit.with_preserve("Delete or unlike the item; where it concerns your own case, "
                             "disclose it and consider recusal; prosecutors: consult your "
                             "ethics adviser."),
    remediation=("delete", "unlike", "disclose", "consider_recusal", "consult_ethics"),
    sources=("Bangalore Principles 2.4", "ABA MCJC 2.10(A)", "CNJ Res. 305/2019 art. 4 I",
             "D.Lgs. 109/2006 art. 2(1)(v)", "CCJE Opinion No. 25 (2022) §V.1",
             "In the Matter of Johns (S.C. 2016)", "ABA MRPC 3.6",
             "UNODC Guidelines on the Use of Social Media by Judges (2019), content part"),
    example=("Posting \"the defendant is obviously guilty\" about a listed case while it is "
             "pending."),
    not_detected=("Neutral factual mentions (CASE_REFERENCE), evaluative words with neither "
                  "a listed case nor courtroom words, and opinions carried only by images "
                  "or video."),
    summary="Evaluative comment on a pending or impending matter in any court.")
PLEDGE = RuleSpec(
    id="PREJUDGMENT_OR_PLEDGE", title="Promise about how a class of cases will be decided",
    category="case", severity="high", roles=("judge",),
    kinds=("post", "reply", "comment", "repost", "quote"),
    action=kit.with_preserve("Delete the item; disclose it in affected cases; consult your "
                             "ethics adviser about recusal."),
    remediation=("delete", "disclose", "consult_ethics"),
    sources=("ABA MCJC 2.10(B), 2.11(A)(5), 4.1(A)(13)",
             "Republican Party of Minnesota v. White, 536 U.S. 765 (2002)",
             "Bangalore Principles 2.4-2.5", "CNJ Res. 305/2019 art. 3 II e"),
    example=("\"As long as I am a judge, drunk drivers will never get probation in my "
             "court.\""),
    not_detected=("Commitments naming no legal issue (\"I will never miss a run\"), pledges "
                  "by others, and prosecutors' posts (the rule is for judges)."),
    summary="Promise or commitment about how a class of cases will be decided.")
CONDEMN = RuleSpec(
    id="PUBLIC_CONDEMNATION_OF_ACCUSED", title="Statement heightening condemnation of an accused",
    category="case", severity="critical", roles=("prosecutor",),
    kinds=("post", "reply", "comment", "repost", "quote", "like", "reaction"),
    action=kit.with_preserve(
        "Delete the item; route case communication through the office's official channel; "
        "consult your ethics adviser and consider whether the court should be told (jury "
        "exposure)."),
    remediation=("delete", "consult_ethics"),
    sources=("ABA MRPC 3.8(f) and cmt.", "ABA MRPC 3.6(a)-(d) and cmt. [5]",
             "ABA Criminal Justice Standards, Fair Trial and Public Discourse 8-2.1(a)(ii), 8-2.2",
             "ABA CJS Prosecution Function 3-1.10", "Directive (EU) 2016/343 art. 4, recital 16",
             "CoE Rec(2003)13", "D.Lgs. 188/2021; D.Lgs. 106/2006 art. 5",
             "CEPEJ(2018)15 §6.3", "CCPE Opinion No. 8 (2013)",
             "UN Guidelines on the Role of Prosecutors (1990) 13", "IAP Standards (1999) §§3-4"),
    example=("A prosecutor posting \"Gregory Vance is a monster\" about the accused in a "
             "listed criminal case before the verdict."),
    not_detected=("Accused people the profile does not list, civil cases, and judges' "
                  "posts; a post with a presumption-of-innocence note ranks info."),
    summary="Extrajudicial statement heightening condemnation of an accused.")
ADVICE = RuleSpec(
    id="LEGAL_ADVICE", title="Personal legal advice on concrete facts", category="case",
    severity="medium", roles=("judge", "prosecutor"),
    kinds=("reply", "comment", "message", "post"),
    action="Delete the item; point people to legal aid or the court's self-help service.",
    remediation=("delete",),
    sources=("ABA MCJC 3.10", "ABA Formal Op. 462 (2013)",
             "NCSC Judicial Conduct Reporter, Social media and judicial ethics Part 2 (2017)",
             "CNJ Res. 305/2019 art. 3 II e"),
    example=("Replying \"you should sue your landlord\" to a friend who describes their own "
             "dispute."),
    not_detected=("General legal information with no directive, advice given off the "
                  "platform, and posts that only point to legal aid or self-help."),
    summary="Personal legal advice on concrete facts (prosecutors: info).")


# --- PENDING_CASE_COMMENT ------------------------------------------------------------------

def _pending_base(role: str, status: str, phase: str, assigned: str = "own"
                  ) -> tuple[str, list[str], str]:
    """rules.md level for (role, window, whose case): base, window modifiers, clause."""
    if phase == windows.AFTER or status == windows.NO:
        return "low", [], "the matter is not pending, so the comment ranks low"
    mods = ["W-POSSIBLE"] if status == windows.POSSIBLE else []
    if role == "judge":
        if assigned == "office":
            return "high", mods, "a judge's comment on any pending matter ranks high"
        return "critical", mods, "a judge's own pending case ranks critical"
    if assigned == "office":
        return "medium", mods, "another prosecutor's case in the same office ranks medium"
    return "high", mods, "a prosecutor's own case ranks high (trial publicity)"


def _expression_mods(ctx: RuleContext, row: int, academic: np.ndarray) -> list[str] | None:
    """M-WEAK-ACT, M-OFFICIAL, M-PRE-OFFICE for an expression rule; None = like ignored."""
    weak = kit.weak_act(ctx).iat[row]
    if weak == kit.DROP:
        return None
    mods = ["M-WEAK-ACT"] if weak == kit.WEAK else []
    if kit.official_rows(ctx)[row] or academic[row]:
        mods.append("M-OFFICIAL")
    if kit.pre_office(ctx)[row]:
        mods.append("M-PRE-OFFICE")
    return mods


@family(PENDING)
def detect_pending(ctx: RuleContext) -> pd.DataFrame:
    """Case evidence (own case, or courtroom words for another matter) + evaluative words."""
    n = len(ctx.activity)
    rows = kind_rows(ctx, PENDING.kinds)
    evals = cue_spans(ctx, "evaluative", "terms")
    academic = rows_of(cue_spans(ctx, "evaluative", "official"), n)
    target = rows & rows_of(evals, n)
    role = ctx.profile.subject.role
    drafts = []
    pairs = case_pairs(ctx, target)
    for p in pairs.to_dict("records"):
        row, cid = int(p["row"]), p["case_id"]
        mods = _expression_mods(ctx, row, academic)
        if mods is None:
            continue
        case = ctx.profile.case(cid)
        base, wmods, clause = _pending_base(role, p["status"], p["phase"], case.assigned)
        if base == "low":
            mods = []  # the rule states the level after disposition; no modifier re-applies
        what = (f'{verb(ctx, row)} evaluative words ({kit.words(ctx, evals, row)}) about {cid} '
                f'({case.caption}), matched by "{p["matched"]}", '
                f'{when(ctx, row, cid, p["status"], p["phase"])}; {clause}')
        drafts.append(kit.draft(
            row, PENDING.id, base, wmods + mods, what=what, confidence=p["confidence"],
            entity=case.caption, case_id=cid, in_open_window=p["status"],
            evidence=[case_span(p), *kit.evidence(ctx, evals, row)]))
    # another court's matter: courtroom words + evaluative words, no listed case (lexicon only)
    court = rows_of(courtroom_spans(ctx), n)
    other = np.flatnonzero(target & court & ~rows_of(pairs, n)).tolist()
    for row in other:
        mods = _expression_mods(ctx, int(row), academic)
        if mods is None:
            continue
        base = "high" if role == "judge" else "medium"
        what = (f"{verb(ctx, int(row))} evaluative words ({kit.words(ctx, evals, int(row))}) "
                "next to courtroom words about a matter that matches no listed case; a judge's "
                "comment on any pending matter ranks high")
        drafts.append(kit.draft(int(row), PENDING.id, base,
                                    [*mods, "M-WEAK-EVIDENCE"], what=what, confidence="low",
                                    evidence=kit.evidence(ctx, evals, int(row))))
    return kit.frame_of(drafts)


# --- PREJUDGMENT_OR_PLEDGE -----------------------------------------------------------------

@cache
def _areas() -> dict[str, tuple[str, ...]]:
    """Words in a court's name that limit it to one area (pledge.toml ``[areas]``)."""
    return {a: tuple(normalize(w) for w in ws) for a, ws in kit.cue_file("pledge")["areas"].items()}


def issue_spans(ctx: RuleContext) -> pd.DataFrame:
    """Legal issues / case types (pledge.toml ``[<lang>.issues]``), with their ``area``."""
    def build() -> pd.DataFrame:
        frames = [cue_spans(ctx, "pledge", f"issues.{area}").assign(area=area)
                  for area in _areas()]
        return pd.concat(frames, ignore_index=True) if frames else kit.span_frame([])
    return kit.shared(ctx, "cues:pledge:issues", build)


def court_areas(profile: Profile) -> set[str] | None:
    """Areas the subject's court is limited to by its name, or None (hears every area)."""
    court = normalize(profile.subject.court or "")
    hit = {a for a, words in _areas().items()
           if any(re.search(rf"(?<!\w){re.escape(w)}(?!\w)", court) for w in words)}
    return hit or None


@family(PLEDGE)
def detect_pledge(ctx: RuleContext) -> pd.DataFrame:
    """First-person commitment + a legal issue in the same text (judge only)."""
    n = len(ctx.activity)
    commits = regex_spans(ctx, "pledge", "commit_re")
    habits = rows_of(regex_spans(ctx, "pledge", "not_legal_re"), n)
    issues = issue_spans(ctx)
    rows = kind_rows(ctx, PLEDGE.kinds) & rows_of(commits, n) & rows_of(issues, n) & ~habits
    areas = court_areas(ctx.profile)
    drafts = []
    for row in np.flatnonzero(rows).tolist():
        mine = issues[issues["row"].to_numpy() == row]
        inside = areas is None or bool(set(mine["area"]) & areas)
        base = "high" if inside else "medium"
        mods = ["M-PRE-OFFICE"] if kit.pre_office(ctx)[row] else []
        what = (f"{verb(ctx, row)} a first-person commitment "
                f"({kit.words(ctx, commits, row, 2)}) about {kit.words(ctx, mine, row)}, "
                + ("a matter within the subject's jurisdiction" if inside else
                   "a matter outside the subject's court's area, so medium"))
        drafts.append(kit.draft(row, PLEDGE.id, base, mods, what=what, confidence="medium",
                                    evidence=kit.evidence_of(ctx, commits, mine, row=row)))
    return kit.frame_of(drafts)


# --- PUBLIC_CONDEMNATION_OF_ACCUSED --------------------------------------------------------

_CRIMINAL = re.compile(r"^(?:state|people|commonwealth|united states|u\.s\.|crown|r|regina|rex|"
                       r"procura|p\.m\.|pm|pubblico ministero)\b|\b(?:cr|ind|rgnr|r\.g\.n\.r)\b|"
                       r"proc\.?\s*pen")


def criminal_cases(profile: Profile) -> set[str]:
    """Listed cases that are criminal: government caption (6.2), a sovereign party (the State,
    the public prosecutor), criminal docket or keyword."""
    out = {c.case_id for c in profile.cases if any(kit.is_sovereign(p) for p in c.parties)}
    for c in profile.cases:
        text = normalize(f"{c.caption}")
        ident = normalize(c.case_id)
        kws = {normalize(k) for k in c.keywords}
        if (_CRIMINAL.search(text) or re.search(r"(?:^|[\W_])(?:cr|ind|rgnr)(?:[\W_\d]|$)", ident)
                or kws & {"criminal", "penale", "penal", "strafsache"}):
            out.add(c.case_id)
    return out


def _after_verdict(ctx: RuleContext, row: int, case: Case) -> bool:
    """The act came after the ``closed`` date (judgment) but inside the appeal window."""
    if case.closed is None:
        return False
    closed_at = windows.case_window(case.opened, case.closed,
                                    ctx.profile.subject.timezone or "UTC", 0, 0)[1]
    ts = ctx.activity["timestamp"].iat[row]
    return not pd.isna(ts) and ts >= closed_at


@family(CONDEMN)
def detect_condemnation(ctx: RuleContext) -> pd.DataFrame:
    """A listed criminal case's accused named with 6.4 cues nearby (toolkit ``condemn``):
    guilt, character, dangerousness, record, a refused plea, punishment wished, protected
    subject matter, media."""
    n = len(ctx.activity)
    cues = kit.condemnation_cues(ctx)
    safe = cue_spans(ctx, "publicity", "safe_harbour")
    agreed = kit.model_agrees(ctx, "condemnation", CONDEMN.kinds)
    model = np.zeros(n, dtype=bool)
    model[agreed.index.to_numpy(dtype=np.int64)] = True
    target = kind_rows(ctx, CONDEMN.kinds) & (rows_of(cues, n) | model)
    crim = criminal_cases(ctx.profile)
    pairs = kit.accused_pairs(ctx, target)
    drafts = []
    safe_rows = rows_of(safe, n)
    leaks = rows_of(confidence_cues(ctx), n)
    for p in pairs.to_dict("records") if len(pairs) else []:
        row, cid = int(p["row"]), p["case_id"]
        close = kit.near(ctx, cues, row, int(p["start"]), int(p["end"]))
        if cid not in crim or not (len(close) or model[row]):
            continue
        if not len(close) and not kit.names_the_accused(ctx, cid, str(p["how"]),
                                                        str(p["matched"])):
            continue  # the model's path needs the accused named, not a victim or a place
        if not len(close) and leaks[row]:
            continue  # a non-public fact is CONFIDENTIAL_INFORMATION's; the model reads the
            # certainty of undisclosed evidence or a source's tip as condemnation
        case = ctx.profile.case(cid)
        weak = kit.weak_act(ctx).iat[row]
        if weak == kit.DROP:
            continue
        if safe_rows[row]:
            base, clause = "info", ("it carries a presumption-of-innocence note "
                                    f"({kit.words(ctx, safe, row)}), a safe harbour")
        elif p["phase"] == windows.AFTER or p["status"] == windows.NO:
            base, clause = "low", "after final disposition"
        elif _after_verdict(ctx, row, case):
            base, clause = "high", "after verdict, before final disposition"
        elif case.assigned == "office":
            base, clause = "high", ("a colleague's case in the same office (trial-publicity "
                                    "rules reach the whole agency)")
        elif weak == kit.WEAK:
            base, clause = "high", "a like or reaction on a post about the own case ranks high"
        else:
            base, clause = "critical", "the prosecutor's own pending case, before verdict"
        mods = ["W-POSSIBLE"] if p["status"] == windows.POSSIBLE and base != "info" else []
        said, explanation = kit.words(ctx, close, row), None
        if not len(close):  # the case model's path: it agreed, a reviewer decides
            said = kit.model_words("condemnation", agreed.loc[row])
            explanation = kit.explanation("condemnation", agreed.at[row, "score"],
                                          agreed.at[row, "top_terms"])
            mods.append("M-WEAK-EVIDENCE")
        what = (f'{verb(ctx, row)} {said} about the accused in {cid} '
                f'({case.caption}), matched by "{p["matched"]}", '
                f'{when(ctx, row, cid, p["status"], p["phase"])}; {clause}')
        drafts.append(kit.draft(row, CONDEMN.id, base, mods, what=what,
                                    confidence=p["confidence"], entity=case.caption,
                                    case_id=cid, in_open_window=p["status"],
                                    evidence=[case_span(p), *kit.evidence(ctx, close, row)],
                                    explanation=explanation))
    return kit.frame_of(drafts)


# --- LEGAL_ADVICE --------------------------------------------------------------------------

@family(ADVICE)
def detect_advice(ctx: RuleContext) -> pd.DataFrame:
    """Directive legal language answering concrete facts (a reply/comment/message, or a post
    addressing someone's own situation)."""
    n = len(ctx.activity)
    directive = regex_spans(ctx, "legal_advice", "directive_re")
    facts = rows_of(cue_spans(ctx, "legal_advice", "facts"), n)
    helps = cue_spans(ctx, "legal_advice", "self_help")
    answer = kind_rows(ctx, ("reply", "comment", "message"))
    rows = kind_rows(ctx, ADVICE.kinds) & rows_of(directive, n) & (answer | facts)
    m = match_entities(ctx)
    party_rows = {int(r): name for r, name in zip(
        m.loc[m["role"] == "party", "row"], m.loc[m["role"] == "party", "entity_name"],
        strict=True)}
    issues = issue_spans(ctx)
    areas = court_areas(ctx.profile)
    role = ctx.profile.subject.role
    drafts = []
    for row in np.flatnonzero(rows).tolist():
        mine = issues[issues["row"].to_numpy() == row]
        in_area = len(mine) and (areas is None or bool(set(mine["area"]) & areas))
        if role == "prosecutor":
            base, clause = "info", "for a prosecutor private advice is info (it may conflict " \
                                   "with the office)"
        elif row in party_rows:
            base, clause = "high", f"the asker matches party {party_rows[row]}"
        elif in_area:
            base, clause = "high", (f"the issue ({kit.words(ctx, mine, row)}) is within the "
                                    "subject's jurisdiction")
        else:
            base, clause = "medium", "personal legal advice"
        mods = ["M-PRE-OFFICE"] if kit.pre_office(ctx)[row] else []
        what = (f"{verb(ctx, row)} directive legal advice "
                f"({kit.words(ctx, directive, row, 2)}); {clause}")
        if helps["row"].eq(row).any() and base != "info":
            base = {"high": "medium", "medium": "low"}[base]
            what += (f"; downgraded one step: it points to official self-help "
                     f"({kit.words(ctx, helps, row, 1)})")
        drafts.append(kit.draft(row, ADVICE.id, base, mods, what=what,
                                    confidence="high" if row in party_rows else "medium",
                                    evidence=kit.evidence(ctx, directive, row)))
    return kit.frame_of(drafts)
