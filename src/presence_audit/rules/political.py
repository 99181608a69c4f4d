"""Political family (rules.md 3): partisan activity, endorsements, fundraising, advocacy ties.

Evidence per row: a political.csv entity match (role ``political:<kind>``) on counterpart,
mentions or text; the partisan classifier on authored and shared text; the 6.5/6.6 cue lists.
Entity + endorsement/opposition cue is an endorsement; entity + classifier or campaign cue is
partisan activity; the classifier with no entity needs a political anchor in the text
(``agreement``: an election or camp word, or a party with a stance) and is then activity, or
an endorsement for a wish or vote for the party, "needs review" (M-WEAK-EVIDENCE). The
subject's own judicial campaign (their own name next to the cues) is not a finding.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from presence_audit.agreement import ACTIVITY as ACTIVITY_VERDICT
from presence_audit.agreement import ENDORSEMENT as ENDORSEMENT_VERDICT
from presence_audit.agreement import NONE, entity_verdict, political_verdict
from presence_audit.matching import match_entities, norm_column
from presence_audit.profile import fold
from presence_audit.rules import RuleContext, RuleSpec, family
from presence_audit.rules import toolkit as kit
from presence_audit.rules.toolkit.rows import languages_at, shared
from presence_audit.rules.toolkit.stance import gate, named_key
from presence_audit.textnorm import name_variants, normalize

BOTH = ("judge", "prosecutor")
TEXT_KINDS = ("post", "reply", "comment", "repost", "quote")
LIKE_KINDS = ("like", "reaction")
ELECTORAL = ("party", "party_account", "candidate", "official", "pac", "campaign")
CAMPAIGN_ACCOUNTS = ("candidate", "campaign")
# Cue words with an everyday sense: alone they never corroborate the classifier.
AMBIGUOUS_CUES = frozenset({
    "primary", "primarie", "labour", "campaign", "campagna", "convention", "rally", "endorse",
    "elect", "petition", "caucus", "conservatives", "campana", "campagne", "kampagne",
})

ACTIVITY = RuleSpec(
    id="POLITICAL_ACTIVITY", title="Partisan political activity", category="political",
    severity="medium", roles=BOTH,
    kinds=("post", "reply", "comment", "repost", "quote", "like", "reaction", "follow", "group",
           "page", "subscription", "check_in"),
    action=("Delete the item, unlike it, leave the group or unfollow the page; consult your "
            "ethics adviser. " + kit.PRESERVE),
    remediation=("delete", "unlike", "leave_group", "unfollow", "consult_ethics"),
    sources=("Bangalore Principles 1.3, 4.6; UNODC Commentary on the Bangalore Principles "
             "(2007) on 4.6", "ABA MCJC 4.1(A)(1), (2), (5), (6), (7) and cmt. [1]",
             "Code of Conduct for U.S. Judges Canon 5", "CCJE Opinion No. 25 (2022) §V.5",
             "Italy Const. art. 98(3); D.Lgs. 109/2006 art. 3(1)(h)",
             "CNJ Res. 305/2019 art. 4 II and §1", "UN Basic Principles on the Independence "
             "of the Judiciary para. 8", "UN Guidelines on the Role of Prosecutors 8",
             "Hatch Act, 5 U.S.C. §§7321–7326", "In the Matter of Johns (S.C. 2016)"),
    example=("Posting campaign-rally photos captioned with a party's name, or joining a "
             "party group."),
    not_detected=("The subject's own judicial campaign, and partisan content the classifier "
                  "scores low with no political.csv entity or cue word."),
    summary="Partisan activity: party roles, events, partisan commentary.")
ENDORSEMENT = RuleSpec(
    id="POLITICAL_ENDORSEMENT", title="Support for or opposition to a candidate or party",
    category="political", severity="high", roles=BOTH,
    kinds=("post", "reply", "comment", "repost", "quote", "like", "reaction", "follow"),
    action=("Delete the item or unlike it; where the endorsed person or party is before the "
            "court, disclose and consider recusal. " + kit.PRESERVE),
    remediation=("delete", "unlike", "disclose", "consider_recusal"),
    sources=("ABA MCJC 4.1(A)(3)", "ABA Formal Op. 462 (2013)",
             "In re Commonwealth ex rel. Beshear v. Dickerson (Ky. Sept. 27, 2019)",
             "In the Matter of Johns (S.C. 2016)", "CNJ Res. 305/2019 art. 4 II",
             "Bangalore Principles 4.6", "Cal. Judges Ass'n Formal Op. 78 (2020)"),
    example=("Posting \"vote for the Blue Slate\" or liking a candidate's campaign post."),
    not_detected=("Candidates and parties missing from political.csv unless a cue word or "
                  "the classifier flags the text (then it needs review), and private votes."),
    summary="Support for or opposition to a candidate or party, including likes of campaign "
            "posts (a like of other partisan content is activity).")
FUNDRAISING = RuleSpec(
    id="FUNDRAISING", title="Soliciting money, political or charitable", category="political",
    severity="high", roles=BOTH, kinds=("post", "repost", "quote", "message", "group", "page"),
    action=("Delete or unshare the appeal; let the organization solicit without your name. "
            + kit.PRESERVE),
    remediation=("delete", "unshare"),
    sources=("ABA MCJC 4.1(A)(4), (8)", "ABA MCJC 3.7(A)", "ABA MCJC 1.3",
             "Williams-Yulee v. Florida Bar, 575 U.S. 433 (2015)",
             "In the Matter of Johns (S.C. 2016)",
             "N.C. Jud. Standards Comm'n Formal Adv. Op. 2013-02",
             "Hatch Act (federal employees may not solicit political contributions)"),
    example=("Sharing a donation link for a candidate or asking friends to give to a "
             "campaign."),
    not_detected=("Donations the subject made (not in exports), and asks without a donation "
                  "cue word or fundraising platform link."),
    summary="Category political when the beneficiary is in political.csv, else commercial.")
ADVOCACY = RuleSpec(
    id="ADVOCACY_GROUP_MEMBERSHIP", title="Ties to advocacy groups or litigant organizations",
    category="political", severity="medium", roles=BOTH,
    kinds=("group", "page", "follow", "subscription", "like"),
    action=("Leave the group or unfollow; disclose the tie where the organization litigates "
            "before you; consult your ethics adviser."),
    remediation=("leave_group", "unfollow", "disclose", "consult_ethics"),
    sources=("Bangalore Principles 4.6, 4.8", "ABA MCJC 3.1(C), 3.6, 3.7",
             "UN Basic Principles on the Independence of the Judiciary para. 8",
             "UN Guidelines on the Role of Prosecutors 8–9", "ANM Codice etico art. 7",
             "Italy Law 17/1982 on secret associations",
             "In the Matter of Panepinto (N.Y. Comm'n on Jud. Conduct, Dec. 9, 2020)"),
    example=("Joining the group of an advocacy organization that is a party to a pending "
             "case."),
    not_detected=("Organizations missing from political.csv and people.csv, and bar or "
                  "judges' associations."),
    summary="Advocacy groups (political.csv kind advocacy) and organizations litigating in a "
            "pending case; category party for the latter.")

VERBS = {"post": "Posted", "reply": "Replied", "comment": "Commented", "repost": "Reposted",
         "quote": "Quoted", "like": "Liked", "reaction": "Reacted to", "follow": "Follows",
         "subscription": "Subscribes to", "page": "Follows the page", "group": "Is a member of",
         "check_in": "Checked in", "message": "Sent a message"}
ADMIN_RE = re.compile(r"\b(?:admin|administrator|moderator|officer|treasurer|chair|"
                      r"amministratore|tesoriere|segretario|coordinatore)\b")
ORG_RE = re.compile(r"\b(?:inc|llc|ltd|corp|co|plc|s\.?p\.?a|s\.?r\.?l|gmbh|association|"
                    r"foundation|union|coalition|council|committee|society|alliance|league|"
                    r"institute|center|centre|federation|associazione|fondazione|comitato|"
                    r"sindacato|federazione|onlus|asociacion|fundacion|verein|stiftung)\b")


def _political_matches(ctx: RuleContext) -> pd.DataFrame:
    """The best political entity per row: (row, entity_name, kind, field, matched, start, end,
    confidence)."""
    m = match_entities(ctx)
    m = m[m["role"].str.startswith("political:")].copy()
    m["pkind"] = m["role"].str.removeprefix("political:")
    return m.drop_duplicates("row").set_index("row", drop=False)


def _pending_litigants(ctx: RuleContext) -> set[str]:
    """Folded names of parties in a pending case (cases.csv closed empty)."""
    pending = {c.case_id for c in ctx.profile.cases if c.closed is None}
    names = set()
    for p in ctx.profile.people:
        if p.role == "party" and pending.intersection(p.case_ids):
            names |= {fold(n) for n in (p.name, *p.aliases)}
    return names


def _entity_names(ctx: RuleContext) -> dict[str, set[str]]:
    return {e.entity: {fold(n) for n in (e.entity, *e.aliases)} for e in ctx.profile.political}


def _own_name_rows(ctx: RuleContext) -> np.ndarray:
    """Rows naming the subject: their own judicial campaign is not a finding (MCJC 4.2/4.4)."""
    subject = ctx.profile.subject
    names = {v for n in (subject.name, *subject.aliases) for v in name_variants(n) if len(v) >= 4}
    if not names:
        return np.zeros(len(ctx.activity), dtype=bool)
    pattern = r"(?<!\w)(?:" + "|".join(re.escape(n) for n in sorted(names, key=len,
                                                                     reverse=True)) + r")(?!\w)"

    return norm_column(ctx, "text").str.contains(pattern, regex=True).to_numpy(dtype=bool)


def _mode(ctx: RuleContext) -> str:
    if ctx.profile.subject.role != "prosecutor":
        return "judicial"
    return ctx.profile.policy.prosecutor_political_mode


def _ev_entity(hit: pd.Series) -> list[dict]:
    if hit["field"] not in ("text", "counterpart", "mentions"):
        return []
    return [{"field": hit["field"], "start": int(hit["start"]), "end": int(hit["end"]),
             "text": str(hit["matched"])}]


@family(ACTIVITY, ENDORSEMENT, FUNDRAISING, ADVOCACY)
def detect(ctx: RuleContext) -> pd.DataFrame:
    """Draft political-family findings over the whole frame."""
    act = ctx.activity
    kinds = act["kind"].astype("string").fillna("").to_numpy(dtype=object)
    drafts = _endorsement_and_activity(ctx, kinds)
    drafts += _fundraising(ctx, kinds)
    drafts += _advocacy(ctx, kinds)
    return kit.frame_of(drafts)


@dataclass
class _Signals:
    """What the endorsement and activity checks read for each row, computed once per run."""

    ents: pd.DataFrame  # political.csv matches, indexed by row
    scores: pd.DataFrame  # partisan classifier on text rows
    like_scores: pd.DataFrame  # ... and on liked items
    campaign: pd.DataFrame  # campaign cue spans
    stances: pd.DataFrame  # endorsement and opposition cue spans
    stance_rows: set
    campaign_rows: set
    litigants: set[str]
    aliases: dict[str, set[str]]
    membership: str
    text_lower: np.ndarray
    cue_agrees: set[int]  # rows where a political cue word corroborates the classifier

    def __post_init__(self) -> None:
        # row -> its scores, text scores first: one dict lookup per row instead of ``.loc``
        self._by_row: dict[int, _Row] = {}
        for frame in (self.like_scores, self.scores):
            columns = {c: frame[c].to_numpy(dtype=object) for c in frame.columns}
            for i, row in enumerate(frame.index.tolist()):
                self._by_row[row] = _Row(columns, i)

    def score(self, row: int) -> Mapping | None:
        return self._by_row.get(row)


class _Row(Mapping):
    """One row of a score frame, read lazily: ``sc["score"]``, ``sc["top_terms"]``."""

    __slots__ = ("_at", "_columns")

    def __init__(self, columns: dict[str, np.ndarray], at: int) -> None:
        self._columns, self._at = columns, at

    def __getitem__(self, key: str) -> object:
        return self._columns[key][self._at]

    def __iter__(self) -> Iterator[str]:
        return iter(self._columns)

    def __len__(self) -> int:
        return len(self._columns)


def _signals(ctx: RuleContext) -> _Signals:
    endorse = kit.cue_spans(ctx, "endorsement")
    oppose = kit.cue_spans(ctx, "opposition")
    campaign = kit.cue_spans(ctx, "campaign")
    return _Signals(
        ents=_political_matches(ctx),
        scores=kit.classifier_scores(ctx, "political", kit.TEXT_KINDS),
        like_scores=kit.classifier_scores(ctx, "political", LIKE_KINDS),
        campaign=campaign, stances=pd.concat([endorse, oppose]),
        stance_rows=set(endorse["row"]) | set(oppose["row"]),
        campaign_rows=set(campaign["row"]), litigants=_pending_litigants(ctx),
        aliases=_entity_names(ctx),
        membership=ctx.profile.policy.party_membership,
        text_lower=pd.Series(norm_column(ctx, "text")).to_numpy(dtype=object),
        cue_agrees=_cue_agrees(endorse, oppose, campaign,
                               kit.lexicon_spans(ctx, "political_cue")))


def _endorsement_and_activity(ctx: RuleContext, kinds: np.ndarray) -> list[dict]:
    sig = _signals(ctx)
    weak = kit.weak_act(ctx).to_numpy(dtype=object)
    own = _own_name_rows(ctx)
    mode = _mode(ctx)
    biased = kit.bias_rows(ctx)  # a slur or dehumanizing comparison is bias, not politics
    # a prosecutor's permitted statement about her case (charges, schedule, arrest, release)
    # names no political entity: the classifier alone does not make it partisan (issue 17)
    permitted = kit.permitted_basis(ctx)
    candidates = set(sig.ents.index) | set(_flagged(sig.scores)) | set(_flagged(sig.like_scores))
    out: list[dict] = []
    pending: list[tuple[dict, str]] = []  # (draft kwargs, repeat key)
    for row in sorted(candidates):
        kind = kinds[row]
        if kind not in ACTIVITY.kinds or weak[row] == kit.DROP:
            continue
        hit = sig.ents.loc[row] if row in sig.ents.index else None
        if hit is not None and hit["pkind"] in ASSOCIATION_KINDS:
            continue  # ADVOCACY_GROUP_MEMBERSHIP
        if own[row] and (hit is None or fold(hit["entity_name"]) == fold(
                ctx.profile.subject.name)):
            continue  # the subject's own judicial campaign
        mods = kit.context_modifiers(ctx, row)
        if weak[row] == kit.WEAK:
            mods.append("M-WEAK-ACT")
        if mode == "hatch_act":
            mods.append("P-HATCH-ACT")
        sc = sig.score(row)
        if hit is not None and hit["pkind"] in ELECTORAL:
            direct, later = _electoral(ctx, sig, row, kind, hit, sc, mods)
            out += [direct] if direct is not None else []
            pending += [later] if later is not None else []
        elif hit is None and sc is not None and _agreeable(sc) and not biased[row] \
                and row not in permitted and kind in TEXT_KINDS + LIKE_KINDS:
            verdict = _anchor_verdict(ctx, row, float(sc["score"]))
            if verdict != NONE:
                pending.append(_partisan_text(ctx, sig, row, kind, sc, mods, verdict))
    return out + _with_repeat(ctx, pending)


def _partisan(sc: pd.Series | None) -> bool:
    return sc is not None and sc["score"] >= sc["threshold"]


def _agreeable(sc: pd.Series) -> bool:
    """Partisan enough if a political anchor agrees (the model's dev-chosen ``agreed``
    threshold, never above its own): the anchor verdict then decides."""
    return sc["score"] >= sc["agreed"]


def _explanation(sc: pd.Series | None) -> dict | None:
    """The classifier explanation of a partisan row, else ``None``."""
    if sc is None or not _partisan(sc):
        return None
    return kit.explanation("political", sc["score"], sc["top_terms"])


def _electoral(ctx: RuleContext, sig: _Signals, row: int, kind: str, hit: pd.Series,
               sc: pd.Series | None, mods: list[str]
               ) -> tuple[dict | None, tuple[dict, str] | None]:
    """A row tied to an electoral entity: (a draft now, or draft kwargs awaiting M-REPEAT)."""
    partisan, explanation = _partisan(sc), _explanation(sc)
    ev = _ev_entity(hit)
    verb = VERBS.get(kind, "Acted")
    name = hit["entity_name"]
    if kind in TEXT_KINDS + LIKE_KINDS and row not in sig.campaign_rows \
            and _entity_verdict(ctx, row, hit) == NONE:
        return None, None  # a name and no stance: news, a question, a name in passing
    if name in sig.aliases and sig.aliases[name] & sig.litigants:
        mods.append("R-LITIGANT")
    # a like endorses only a campaign post (endorsement, opposition or campaign words): a
    # like of other partisan content is activity, and a weak act (rules.md 1.3, 3)
    # ... and a wish or a vote for the named party is a stance too (issue 13)
    if kind in TEXT_KINDS + LIKE_KINDS and (row in sig.stance_rows or (
            kind in LIKE_KINDS and row in sig.campaign_rows)
            or _entity_verdict(ctx, row, hit) == ENDORSEMENT_VERDICT):
        ev += kit.evidence(ctx, sig.stances, row)
        said = kit.words(ctx, sig.stances, row)
        what = (f'{verb} support for or opposition to {name} ({hit["pkind"]}, matched '
                f'"{hit["matched"]}")' + (f" with {said}" if said else "")
                + (f"; partisan score {sc['score']:.2f}" if explanation and sc is not None
                   else ""))
        return None, (dict(row=row, rule=ENDORSEMENT.id, base="high", mods=mods, what=what,
                           confidence=hit["confidence"], entity=name, evidence=ev,
                           explanation=explanation, category="political"), name)
    if kind == "follow" and hit["pkind"] in CAMPAIGN_ACCOUNTS:
        what = f"Follows the campaign account of {name} (\"{hit['matched']}\")"
        return kit.draft(row, ENDORSEMENT.id, "low", [m for m in mods if m in ("M-PRE-OFFICE",)],
                         what=what, confidence=hit["confidence"], entity=name, evidence=ev,
                         category="political"), None
    if partisan and kind in TEXT_KINDS and row not in sig.campaign_rows \
            and _entity_verdict(ctx, row, hit) == NONE:
        partisan = False  # named in a question or a reported label, or with no stance
    base, what = _activity_level(kind, hit, row, partisan, sig.campaign_rows, sig.membership,
                                 sig.text_lower[row], sc)
    if base is None:
        return None, None
    if kind in ("follow", "subscription", "page"):
        mods = [m for m in mods if m in ("M-PRE-OFFICE", "P-HATCH-ACT")]
    if row in sig.campaign_rows:
        ev += kit.evidence(ctx, sig.campaign, row)
    return None, (dict(row=row, rule=ACTIVITY.id, base=base, mods=mods, what=what,
                       confidence=hit["confidence"], entity=name, evidence=ev,
                       explanation=explanation, category="political"), name)


def _anchor_verdict(ctx: RuleContext, row: int, score: float) -> str:
    """``agreement.political_verdict`` of one row's text as the classifier saw it, with the
    partisan score it gave."""
    text, lang = _seen_text(ctx, row)
    return gate(_raw(ctx, row), text, lang, political_verdict(text, lang, score))


def _raw(ctx: RuleContext, row: int) -> str:
    return str(kit.text_values(ctx)[row])


def _seen_text(ctx: RuleContext, row: int) -> tuple[str, str]:
    """One row's text as the classifier saw it (``prepare``) and its language; prepared
    once per run for every row the classifier flagged, not row by row."""
    def build() -> dict[int, tuple[str, str]]:
        rows = np.union1d(_flagged(kit.classifier_scores(ctx, "political", kit.TEXT_KINDS)),
                          _flagged(kit.classifier_scores(ctx, "political", LIKE_KINDS)))
        ents = _political_matches(ctx)  # ... and every entity named in a text (stance gate)
        rows = np.union1d(rows, ents.index[ents["field"] == "text"].to_numpy(dtype=np.int64))
        texts = kit.prepared_text(ctx).iloc[rows].tolist()
        langs = languages_at(ctx, rows).tolist()
        return {int(r): (str(t), str(g)) for r, t, g in zip(rows, texts, langs, strict=True)}
    seen = shared(ctx, "political:seen_text", build)
    if row not in seen:  # an entity row the classifier did not flag
        text = kit.prepared_text(ctx).iat[row]
        seen[row] = (str(text), str(languages_at(ctx, np.array([row]))[0]))
    return seen[row]


def _flagged(scores: pd.DataFrame) -> np.ndarray:
    """Rows scored at or above the threshold that holds when an anchor agrees."""
    return scores.index[scores["score"] >= scores["agreed"]].to_numpy(dtype=np.int64)


def _entity_verdict(ctx: RuleContext, row: int, hit: pd.Series) -> str:
    """``agreement.entity_verdict`` of the matched entity in one row's text."""
    if hit["field"] != "text":
        return ACTIVITY_VERDICT
    text, lang = _seen_text(ctx, row)
    name = normalize(str(hit["matched"]))
    return gate(_raw(ctx, row), text, lang, entity_verdict(text, lang, name), name)


def _partisan_text(ctx: RuleContext, sig: _Signals, row: int, kind: str, sc: pd.Series,
                   mods: list[str], verdict: str = ACTIVITY_VERDICT) -> tuple[dict, str]:
    """Partisan-scored text naming no political.csv entity but anchored in a political cue
    (``agreement``): draft kwargs for M-REPEAT. A wish or a vote for a party named in the text
    is an endorsement (rules.md), still needing review."""
    mods.append("M-WEAK-EVIDENCE")
    if verdict == ENDORSEMENT_VERDICT:
        what = (f"{VERBS.get(kind, 'Acted')} support for a party named in the text "
                f"(partisan score {sc['score']:.2f}, top terms "
                f"{kit.top_words(sc['top_terms'])}); no political.csv entity matched")
        return (dict(row=row, rule=ENDORSEMENT.id, base="high", mods=mods, what=what,
                     confidence="low", entity=None,
                     evidence=kit.evidence(ctx, sig.stances, row),
                     explanation=_explanation(sc), category="political"), _named_key(ctx, row))
    what = (f"{VERBS.get(kind, 'Acted')} text the partisan classifier scores "
            f"{sc['score']:.2f} (top terms {kit.top_words(sc['top_terms'])}) with a political "
            "cue in it; no political.csv entity matched")
    # the classifier alone is a lead, not a finding of weight: medium only when a political
    # cue word agrees (issue 13)
    base = "medium" if row in sig.cue_agrees else "low"
    if "M-WEAK-ACT" in mods:
        # ... but a like is not held below what rules.md gives it: partisan commentary
        # medium, a weak act one step less, so low (M-REPEAT: medium), never info
        base = "medium"
    return (dict(row=row, rule=ACTIVITY.id, base=base, mods=mods, what=what,
                 confidence="low", entity=None, evidence=kit.evidence(ctx, sig.campaign, row),
                 explanation=_explanation(sc), category="political"), _named_key(ctx, row))


def _named_key(ctx: RuleContext, row: int) -> str:
    """M-REPEAT key of a row naming no political.csv entity: the account it answered, liked
    or shared (``_handle_key``), else a party named in it."""
    return _handle_key(ctx, row) or named_key(*_seen_text(ctx, row))


def _handle_key(ctx: RuleContext, row: int) -> str:
    """M-REPEAT key of a row naming no political.csv entity: the account it answered, liked
    or shared, or "" (an anonymous like counts toward nobody)."""
    return kit.counterpart_key(ctx, row)


def _with_repeat(ctx: RuleContext, pending: list[tuple[dict, str]]) -> list[dict]:
    """Drafts from pending kwargs, with M-REPEAT where the same entity recurs (kit)."""
    if not pending:
        return []
    keys = pd.DataFrame({"row": [p[0]["row"] for p in pending],
                         "key": [p[1] for p in pending]})
    out = []
    for (kw, _), rep in zip(pending, kit.repeat_groups(ctx, keys), strict=True):
        if rep:
            kw["mods"] = [*kw["mods"], "M-REPEAT"]
        row, rule, base, mods = kw.pop("row"), kw.pop("rule"), kw.pop("base"), kw.pop("mods")
        out.append(kit.draft(row, rule, base, mods, **kw))
    return out


def _cue_agrees(*spans: pd.DataFrame) -> set[int]:
    """Rows where a political cue word agrees with the classifier: one unambiguous cue, or
    two distinct ones ("primary" alone is also a primary source or a primary school)."""
    words: dict[int, set[str]] = {}
    for frame in spans:
        column = "cue" if "cue" in frame.columns else "term"
        for row, word in zip(frame["row"], frame[column], strict=True):
            words.setdefault(int(row), set()).add(fold(str(word)).rstrip("*"))
    return {row for row, found in words.items()
            if len(found) >= 2 or not found <= AMBIGUOUS_CUES}


def _activity_level(kind: str, hit: pd.Series, row: int, partisan: bool, campaign_rows: set,
                    membership: str, text: str, sc: pd.Series | None
                    ) -> tuple[str | None, str]:
    """rules.md POLITICAL_ACTIVITY severity for a row tied to an electoral entity."""
    name, matched = hit["entity_name"], hit["matched"]
    if kind == "group":
        if ADMIN_RE.search(text):
            return "high", f"Holds an admin or officer role in the group of {name}"
        level = "high" if membership == "forbidden" else "medium"
        return level, (f"Is a member of a group of {name} (\"{matched}\"); party membership is "
                       f"{'forbidden' if membership == 'forbidden' else 'allowed only privately'}"
                       " in this profile")
    if kind in ("follow", "subscription", "page"):
        return "low", (f"{VERBS[kind]} {name} (\"{matched}\"); following a party page is "
                       "plausibly information gathering")
    if kind == "check_in" or (row in campaign_rows and kind in TEXT_KINDS):
        return "high", f"{VERBS.get(kind, 'Acted')} at or about a party event of {name}"
    if kind in LIKE_KINDS:
        return "medium", f"{VERBS[kind]} content of {name} (\"{matched}\")"
    if partisan and sc is not None:
        return "medium", (f"{VERBS.get(kind, 'Posted')} partisan commentary naming {name} "
                          f"(\"{matched}\"), partisan score {sc['score']:.2f}")
    return None, ""


def _fundraising(ctx: RuleContext, kinds: np.ndarray) -> list[dict]:
    words = kit.cue_spans(ctx, "fundraising")
    platforms = kit.cue_spans(ctx, "fundraising_platforms")
    url_hits = ctx.activity["url"].astype("string").fillna("").str.lower().str.contains(
        "|".join(re.escape(t) for t in kit.cue_list("fundraising_platforms")["all"]),
        regex=True).to_numpy(dtype=bool)
    rows = set(words["row"]) | set(platforms["row"]) | set(np.flatnonzero(url_hits).tolist())
    ents = _political_matches(ctx)
    people = match_entities(ctx)
    people = people[~people["role"].str.startswith("political:")
                    & people["field"].isin(["counterpart", "counterpart_id", "mentions"])]
    person_rows = people.drop_duplicates("row").set_index("row")
    mode = _mode(ctx)
    asks = pd.concat([words, platforms])
    # a request for money someone sent the subject is no solicitation (issue 13): importers
    # leave a received message without the owner's account (schema)
    received = (kinds == "message") & ctx.activity["account"].astype("string").fillna("") \
        .str.strip().eq("").to_numpy(dtype=bool)
    out = []
    for row in sorted(rows):
        kind = kinds[row]
        if kind not in FUNDRAISING.kinds or received[row]:
            continue
        ev = kit.evidence(ctx, asks, row)
        said = kit.words(ctx, asks, row) or "a donation link"
        mods = kit.context_modifiers(ctx, row, titled_applies=True, official_applies=False)
        mods = [m for m in mods if m != "M-TITLED"] + (["M-TITLED"] if "M-TITLED" in mods
                                                       else [])
        hit = ents.loc[row] if row in ents.index else None
        if hit is not None and hit["pkind"] in ELECTORAL:
            what = (f"Solicited money ({said}) for {hit['entity_name']} "
                    f"(\"{hit['matched']}\"), a political beneficiary")
            if mode == "hatch_act":
                what += "; the Hatch Act bars federal employees from soliciting political money"
            out.append(kit.draft(row, FUNDRAISING.id, "high", mods, what=what,
                                     confidence=hit["confidence"], entity=hit["entity_name"],
                                     evidence=ev + _ev_entity(hit), category="political"))
        elif row in person_rows.index:
            p = person_rows.loc[row]
            what = (f"Solicited money ({said}) from {p['entity_name']}, listed as {p['role']} in "
                    "the subject's cases: solicitation of lawyers or litigants is coercive")
            out.append(kit.draft(row, FUNDRAISING.id, "high", mods, what=what,
                                     confidence=p["confidence"], entity=p["entity_name"],
                                     evidence=ev, category="commercial"))
        else:
            what = f"Solicited money from the public ({said}) for a non-political cause"
            mods.append("M-WEAK-EVIDENCE")
            out.append(kit.draft(row, FUNDRAISING.id, "medium", mods, what=what,
                                     confidence="low", evidence=ev, category="commercial"))
    return out


MEMBERSHIP_KINDS = ("group", "page", "subscription")
# political.csv kinds that are associations, not parties or candidates: (b), (c), (d)
ASSOCIATION_KINDS = ("advocacy", "discriminatory", "secret")


def _advocacy(ctx: RuleContext, kinds: np.ndarray) -> list[dict]:
    """(b) political.csv advocacy entities; (a) organizations that are parties to a pending
    case. Bar and judges' associations are never listed, so never match."""
    m = match_entities(ctx)
    m = m[m["field"].isin(["counterpart", "counterpart_id", "mentions"])
          | np.isin(kinds[m["row"].to_numpy(dtype=np.int64)], ["group", "page"])]
    pending = {c.case_id for c in ctx.profile.cases if c.closed is None}
    weak = kit.weak_act(ctx).to_numpy(dtype=object)
    text = norm_column(ctx, "text").to_numpy(dtype=object)
    out = []
    for hit in m.itertuples(index=False):
        row, kind = int(hit.row), kinds[hit.row]
        if kind not in ADVOCACY.kinds or weak[row] == kit.DROP:
            continue
        mods = [x for x in kit.context_modifiers(ctx, row, titled_applies=False,
                                                     official_applies=False)]
        ev = [{"field": hit.field, "start": int(hit.start), "end": int(hit.end),
               "text": str(hit.matched)}]
        if hit.role == "political:advocacy":
            active = kind == "group" and bool(ADMIN_RE.search(text[row]))
            base = "medium" if active else "low"
            what = (f"{VERBS.get(kind, 'Tied to')} the advocacy group {hit.entity_name} "
                    f"(\"{hit.matched}\")" + (" with an active role" if active else
                                              ", a passive tie"))
            out.append(kit.draft(row, ADVOCACY.id, base, mods, what=what,
                                     confidence=hit.confidence, entity=hit.entity_name,
                                     evidence=ev, category="political"))
        elif hit.role in ("political:discriminatory", "political:secret"):
            secret = hit.role == "political:secret"
            # (d) secret associations are a disciplinary matter in the Italian profile
            base = "high" if not secret or ctx.profile.subject.jurisdiction == "IT" else "medium"
            what = (f"{VERBS.get(kind, 'Tied to')} {hit.entity_name} (\"{hit.matched}\"), "
                    + ("a secret or oath-bound association" if secret else
                       "an organization listed as practising invidious discrimination"))
            out.append(kit.draft(row, ADVOCACY.id, base, mods, what=what,
                                     confidence=hit.confidence, entity=hit.entity_name,
                                     evidence=ev, category="political"))
        elif hit.role == "party" and kind in MEMBERSHIP_KINDS and \
                ORG_RE.search(normalize(hit.entity_name)) and pending.intersection(hit.case_ids):
            # membership of a litigant's group or page; a follow or like of its account is
            # PARTY_CONNECTION's, not counted twice
            case_id = sorted(pending.intersection(hit.case_ids))[0]
            what = (f"{VERBS.get(kind, 'Tied to')} {hit.entity_name} (\"{hit.matched}\"), an "
                    f"organization that is a party to pending case {case_id}")
            out.append(kit.draft(row, ADVOCACY.id, "high", mods, what=what,
                                     confidence=hit.confidence, entity=hit.entity_name,
                                     evidence=ev, category="party", case_id=case_id,
                                     in_open_window="yes"))
    return out
