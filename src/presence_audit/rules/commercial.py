"""Commercial family (rules.md 3): endorsements of businesses, lawyers and experts; title misuse.

COMMERCIAL_ENDORSEMENT reads the 6.6 markers: sponsorship and affiliate markers (paid: high),
recommendations that name a listed counsel or expert (high), other promotion (low; medium with
the office visible, M-TITLED), one's own law books and courses (info). TITLE_MISUSE reads the
6.7 office markers: with a personal-advantage setting in the same item (high; critical when
sexual and aimed at someone connected with the court), robe/court-logo hints in a profile row
(medium), and a title on an otherwise benign profile (``Policy.title_visible_severity``).
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from presence_audit import schema
from presence_audit.matching import match_entities, norm_column
from presence_audit.rules import RuleContext, RuleSpec, family
from presence_audit.rules import toolkit as kit

BOTH = ("judge", "prosecutor")

COMMERCIAL = RuleSpec(
    id="COMMERCIAL_ENDORSEMENT", title="Promoting products, businesses, lawyers or experts",
    category="commercial", severity="medium", roles=BOTH,
    kinds=("post", "repost", "quote", "comment", "like", "connection"),
    action=("Delete the item, withdraw recommendations or endorsements, and edit the profile "
            "so it does not lend the office to a business. " + kit.PRESERVE),
    remediation=("delete", "edit_profile"),
    sources=("ABA MCJC 1.3", "Bangalore Principles 4.9",
             "CNJ Res. 305/2019 art. 3 II b, art. 4 IV–VI and §2",
             "Public Reprimand of Uresti (Tex. State Comm'n on Jud. Conduct, Oct. 11, 2016)",
             "Cal. Judges Ass'n Formal Op. 78 (2020)",
             "NCSC Judicial Conduct Reporter, Social media and judicial ethics Part 2 (2017)",
             "5 C.F.R. 2635.702 (US federal prosecutors)"),
    example=("A post with \"#ad\" and a discount code, or one recommending a listed counsel "
             "or expert."),
    not_detected=("Paid promotion without any sponsorship marker or code, and endorsements "
                  "carried only by images or video."),
    summary="Sponsorship markers, affiliate codes, recommendations of lawyers or experts.")
TITLE = RuleSpec(
    id="TITLE_MISUSE", title="Using the office for personal advantage or in unfitting settings",
    category="commercial", severity="high", roles=BOTH,
    kinds=("post", "comment", "message", "profile"),
    action="Edit the profile (title, robe photo, court logo) and delete the offending items. "
           + kit.PRESERVE,
    remediation=("edit_profile", "delete"),
    sources=("ABA MCJC 1.3", "Bangalore Principles 4.9", "CNJ Res. 305/2019 art. 3 I d",
             "Blogging by Judicial Office Holders (England and Wales, 2012)",
             "Re Young (Tenn. Bd. of Jud. Conduct, Oct. 5, 2020)"),
    example=("\"As a judge, I demand a refund\": the office invoked in a complaint to a "
             "business."),
    not_detected=("Office markers in images (a robe photo is read only from the profile "
                  "text), and titles used offline or in private letters."),
    summary="Office markers with complaints, favours, disputes, dating, commercial or "
            "political content; court logo or robe photo on a personal account.")

SPONSOR_RE = re.compile(r"^#|code|codice|codigo|affiliate|sponsor|partner|collaborazione|"
                        r"colaboracion|zusammenarbeit|pubblicita|gesponsert|rabatt|gutschein")
RECOMMEND_ROLES = ("counsel", "expert")
VERBS = {"post": "Posted", "repost": "Reposted", "quote": "Quoted", "comment": "Commented",
         "like": "Liked", "connection": "Endorsed or recommended", "message": "Sent a message"}
OFFICIAL_ACCOUNT_RE = re.compile(r"\b(?:official account|account ufficiale|official page|"
                                 r"pagina ufficiale|court of|ufficio stampa|press office)\b")


@family(COMMERCIAL, TITLE)
def detect(ctx: RuleContext) -> pd.DataFrame:
    kinds = ctx.activity["kind"].astype("string").fillna("").to_numpy(dtype=object)
    return kit.frame_of(_commercial(ctx, kinds) + _title(ctx, kinds))


def _people(ctx: RuleContext, roles: tuple[str, ...]) -> pd.DataFrame:
    m = match_entities(ctx)
    return m[m["role"].isin(roles)].drop_duplicates("row").set_index("row", drop=False)


RECOMMEND_RE = r"recommend|best lawyer|consiglio|raccomand|recomiendo|recommande|empfehle"
LEGAL_PRO_RE = re.compile(
    r"(?<!\w)(?:lawyers?|attorneys?|law firms?|llp|solicitors?|barristers?|expert witness"
    r"|avvocat[oaie]|studio legale|abogad[oa]s?|avocats?|anwalt|anwaltskanzlei|kanzlei)(?!\w)")


OTHERS_KINDS = ("like", "reaction", "repost")  # someone else's words the subject passed on


def _authored(ctx: RuleContext, spans: pd.DataFrame, kinds: np.ndarray,
              first_person: set[str] | None = None) -> pd.DataFrame:
    """``spans`` without the first-person cues (all of them when ``first_person`` is None) of
    liked and reposted items: "I recommend" or "my book" there is the other author's."""
    if not len(spans):
        return spans
    others = np.isin(kinds[spans["row"].to_numpy(dtype=np.int64)], OTHERS_KINDS)
    mine = spans["cue"].isin(first_person).to_numpy(dtype=bool) if first_person is not None \
        else np.ones(len(spans), dtype=bool)
    return spans[~(others & mine)]


def _first_person() -> set[str]:
    return {t for terms in kit.cue_lists("commercial", "first_person").values() for t in terms}


def _commercial(ctx: RuleContext, kinds: np.ndarray) -> list[dict]:
    cues = _authored(ctx, kit.cue_spans(ctx, "commercial"), kinds, _first_person())
    own = _authored(ctx, kit.cue_spans(ctx, "own_work"), kinds)
    pros = _people(ctx, RECOMMEND_ROLES)
    cue_rows, own_rows = set(cues["row"]), set(own["row"])
    sponsor_rows = set(cues.loc[cues["cue"].str.contains(SPONSOR_RE), "row"])
    weak = kit.weak_act(ctx).to_numpy(dtype=object)
    given = ctx.activity["record_id"].astype("string").fillna("").str.startswith(
        schema.GIVEN_ENDORSEMENT_PREFIXES).to_numpy(dtype=bool)
    # only the subject's own endorsements/recommendations: not plain connections or invitations
    recommend_rows = {r for r in pros.index if kinds[r] == "connection" and given[r]} | (
        cue_rows & set(pros.index))
    # a recommendation of any lawyer or law firm: they may appear before the subject (high)
    text = norm_column(ctx, "text").to_numpy(dtype=object)
    lawyer_rows = {int(r) for r in cues.loc[cues["cue"].str.contains(RECOMMEND_RE), "row"]
                   if LEGAL_PRO_RE.search(text[int(r)])} - recommend_rows
    cue_own = pd.concat([cues, own])
    # a prosecutor's permitted statement ("the office's release: link in bio") sells nothing
    permitted = kit.permitted_basis(ctx)
    out = []
    for row in sorted(int(r) for r in cue_rows | own_rows | recommend_rows):
        kind = kinds[row]
        if kind not in COMMERCIAL.kinds or weak[row] == kit.DROP or row in permitted:
            continue
        mods = kit.context_modifiers(ctx, row, official_applies=False)
        if weak[row] == kit.WEAK:
            mods.append("M-WEAK-ACT")
        ev = kit.evidence(ctx, cue_own, row)
        said = kit.words(ctx, cue_own, row)
        verb = VERBS.get(kind, "Posted")
        if row in recommend_rows:
            p = pros.loc[row]
            what = (f"{verb} a recommendation of {p['entity_name']} (\"{p['matched']}\"), "
                    f"listed as {p['role']} who may appear before the subject"
                    + (f", with {said}" if said else ""))
            ev += [{"field": p["field"], "start": int(p["start"]), "end": int(p["end"]),
                    "text": str(p["matched"])}]
            out.append(kit.draft(row, COMMERCIAL.id, "high", [m for m in mods if m in (
                "M-PRE-OFFICE", "M-WEAK-ACT")], what=what, confidence=p["confidence"],
                entity=p["entity_name"], evidence=ev))
        elif row in lawyer_rows:
            found = legal.group(0) if (legal := LEGAL_PRO_RE.search(text[row])) else ""
            what = (f"{verb} a recommendation of lawyers ({said}; \"{found}\"), who may "
                    "appear before the subject")
            out.append(kit.draft(row, COMMERCIAL.id, "high",
                                     [m for m in mods if m in ("M-PRE-OFFICE", "M-WEAK-ACT")],
                                     what=what, confidence="medium", evidence=ev))
        elif row in sponsor_rows:
            what = f"{verb} paid or sponsored content ({said})"
            out.append(kit.draft(row, COMMERCIAL.id, "high",
                                     [m for m in mods if m in ("M-PRE-OFFICE", "M-WEAK-ACT")],
                                     what=what, confidence="medium", evidence=ev))
        elif row in own_rows:
            what = f"{verb} a promotion of the subject's own law books or courses ({said})"
            out.append(kit.draft(row, COMMERCIAL.id, "info", [], what=what,
                                     confidence="medium", evidence=ev))
        else:
            what = f"{verb} a promotion or review of a business ({said})"
            mods.append("M-WEAK-EVIDENCE")
            out.append(kit.draft(row, COMMERCIAL.id, "low", mods, what=what,
                                     confidence="low", evidence=ev))
    return out


def _title(ctx: RuleContext, kinds: np.ndarray) -> list[dict]:
    office = kit.cue_spans(ctx, "office")
    short = kit.cue_spans(ctx, "profile_office")
    regalia = kit.cue_spans(ctx, "regalia")
    settings = {name: set(kit.cue_spans(ctx, name)["row"]) for name in (
        "advantage", "sexual", "commercial", "endorsement", "opposition", "campaign")}
    court = _people(ctx, ("party", "counsel", "witness", "victim", "expert", "juror", "judge"))
    text = norm_column(ctx, "text").to_numpy(dtype=object)
    benign_level = ctx.profile.policy.title_visible_severity
    out = []
    office_rows, regalia_rows = set(office["row"]), set(regalia["row"])
    office_short = pd.concat([office, short])
    all_office = pd.concat([office, short, regalia])
    profile_rows = {int(r) for r in np.flatnonzero(kinds == "profile")}
    permitted = kit.permitted_basis(ctx)
    for row in sorted(int(r) for r in office_rows | (profile_rows & (set(short["row"])
                                                                      | regalia_rows))):
        kind = kinds[row]
        if kind not in TITLE.kinds:
            continue
        marker = kit.words(ctx, office_short, row) or kit.words(ctx, regalia, row)
        ev = kit.evidence(ctx, all_office, row)
        pre = [m for m in kit.context_modifiers(ctx, row, titled_applies=False,
                                                    official_applies=False)]
        if kind == "profile":
            if OFFICIAL_ACCOUNT_RE.search(text[row]):
                continue  # official court accounts are near misses
            if row in regalia_rows:
                what = (f"The account's profile shows a robe photo or court logo "
                        f"({kit.words(ctx, regalia, row)}) on a personal account")
                out.append(kit.draft(row, TITLE.id, "medium", [], what=what,
                                         confidence="medium", evidence=ev))
            else:
                what = (f"The account's profile shows the office ({marker}); the jurisdiction "
                        f"profile rates a title on a personal account {benign_level}")
                out.append(kit.draft(row, TITLE.id, benign_level, [], what=what,
                                         confidence="medium", evidence=ev))
            continue
        found = [name for name, rows in settings.items() if row in rows]
        if not found or row in permitted:  # the office's own permitted statement (issue 17)
            continue
        setting = {"advantage": "a personal-advantage setting (complaint, dispute or favour)",
                   "sexual": "a dating or sexual setting", "commercial": "commercial content",
                   "endorsement": "political content", "opposition": "political content",
                   "campaign": "political content"}[found[0]]
        ev += kit.evidence(ctx, kit.cue_spans(ctx, found[0]), row)
        person = court.loc[row] if row in court.index else None
        if "sexual" in found and person is not None:
            what = (f"Used the office ({marker}) in {setting} with {person['entity_name']}, "
                    f"listed as {person['role']} — connected with the court")
            out.append(kit.draft(row, TITLE.id, "critical", pre, what=what,
                                     confidence=person["confidence"],
                                     entity=person["entity_name"], evidence=ev))
        else:
            what = (f"Used the office ({marker}) in {setting} "
                    f"({kit.words(ctx, kit.cue_spans(ctx, found[0]), row)})")
            out.append(kit.draft(row, TITLE.id, "high", pre, what=what, confidence="medium",
                                     evidence=ev))
    return out
