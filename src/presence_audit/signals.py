"""Shared expression signals: row languages, cue spans, and the non-case modifiers of rules.md 1.3.

Every function takes a ``RuleContext`` and caches its result in ``ctx.shared``, so each is
computed once per frame however many rule families ask. Results are positional: arrays and
frames index rows by their position in ``ctx.activity`` (the engine resets the index).

Cue lists live in ``data/signals/<list>.toml`` (one table per language, plus ``all`` for
language-neutral markers). A row's cues come from its own language, and from every language
when the row's language is ``und`` (rules.md 6: lists are per-language defaults).
"""

from __future__ import annotations

import tomllib
import weakref
from functools import cache
from importlib import resources

import ahocorasick
import numpy as np
import pandas as pd

from presence_audit import classifiers, windows
from presence_audit import severity as sev
from presence_audit.language import (
    LANGUAGES,
    UNDETERMINED,
    detect_languages,
    lexicon_flags,
    lexicon_matches,
)
from presence_audit.matching import norm_column, original_span
from presence_audit.textnorm import normalize

ALL = "all"  # table name for language-neutral cues
SPAN_COLUMNS = ("row", "lang", "cue", "start", "end", "matched")
TEXT_KINDS = ("post", "reply", "comment", "repost", "quote", "message")
WEAK_KINDS_LIKE = ("like", "reaction")
WEAK_KINDS_FOLLOW = ("follow", "subscription", "page")
WEAK, DROP, STRONG = "weak", "drop", ""


# --- languages ---------------------------------------------------------------------------

def languages(ctx: object) -> pd.Series:
    """Language per row (``en it es fr de und``), detected once per frame, positional."""
    def build() -> pd.Series:
        return detect_languages(ctx.activity["text"]).reset_index(drop=True)
    return _shared(ctx, "signals:lang", build)


def languages_at(ctx: object, rows: np.ndarray) -> np.ndarray:
    """Languages of the rows at positions ``rows`` (object array), detecting only rows not
    asked before: most rows hit no cue list, so their language is never needed.

    Detection is per text, so the answer for a row is the same as ``languages(ctx)``'s.
    """
    rows = np.asarray(rows, dtype=np.int64)
    if "signals:lang" in ctx.shared:
        return ctx.shared["signals:lang"].to_numpy(dtype=object)[rows]
    known = _shared(ctx, "signals:lang_some",
                    lambda: np.full(len(ctx.activity), None, dtype=object))
    missing = np.unique(rows[pd.isna(known[rows])]) if len(rows) else rows
    if len(missing):
        texts = ctx.activity["text"].iloc[missing].reset_index(drop=True)
        known[missing] = detect_languages(texts).to_numpy(dtype=object)
    return known[rows]


# --- cue lists ---------------------------------------------------------------------------

@cache
def cue_list(name: str) -> dict[str, tuple[str, ...]]:
    """The cue list ``name`` as {language or "all": normalized terms (``*`` kept)}."""
    path = resources.files("presence_audit") / "data" / "signals" / f"{name}.toml"
    # a missing file raises FileNotFoundError naming it: a broken install, said as such
    raw = tomllib.loads(path.read_text(encoding="utf-8"))
    return {lang: tuple(dict.fromkeys(" ".join(normalize(t).split()) for t in table["terms"]
                                      if normalize(t).strip()))
            for lang, table in raw.items()}


def _automaton(terms: dict[str, set[str]]) -> ahocorasick.Automaton | None:
    """Automaton of term -> (term, prefix?, languages)."""
    if not terms:
        return None
    automaton = ahocorasick.Automaton()
    for term, langs in terms.items():
        key = term.rstrip("*")
        if key:
            automaton.add_word(key, (key, term.endswith("*"), frozenset(langs)))
    automaton.make_automaton()
    return automaton


def _terms_for(ctx: object, name: str) -> dict[str, set[str]]:
    """Terms of list ``name`` with their languages, plus profile-supplied extras."""
    out: dict[str, set[str]] = {}
    for lang, terms in cue_list(name).items():
        for term in terms:
            out.setdefault(term, set()).add(lang)
    for term in _profile_extras(ctx, name):
        out.setdefault(term, set()).add(ALL)
    return out


def _profile_extras(ctx: object, name: str) -> list[str]:
    """Office markers include the subject's court; M-OFFICIAL cues the protected topics."""
    profile = ctx.profile
    extras: list[str] = []
    if name == "office":
        extras += [profile.subject.court or ""]
        extras += [c.court for c in profile.cases]
    elif name == "official":
        extras += list(getattr(profile.policy, "protected_topics", []) or [])
    return [" ".join(normalize(e).split()) for e in extras if len(normalize(e).strip()) >= 4]


def _word(ch: str) -> bool:
    return ch.isalnum() or ch == "_"


def cue_spans(ctx: object, list_name: str) -> pd.DataFrame:
    """Word-bounded hits of cue list ``list_name`` in ``text``, routed by row language.

    One automaton pass over the whole normalized column; overlapping hits keep the longest.
    Returns ``SPAN_COLUMNS`` with ``start``/``end``/``matched`` in the ORIGINAL text.
    """
    return _shared(ctx, f"signals:cues:{list_name}", lambda: _cue_spans(ctx, list_name))


def _cue_spans(ctx: object, list_name: str) -> pd.DataFrame:
    automaton = _automaton(_terms_for(ctx, list_name))
    norm = norm_column(ctx, "text").tolist()
    if automaton is None or not norm:
        return _empty_spans()
    lengths = np.fromiter((len(t) + 1 for t in norm), dtype=np.int64, count=len(norm))
    row_start = np.concatenate(([0], np.cumsum(lengths)[:-1]))
    joined = "\n".join(norm)  # a newline is never a word character: rows cannot run together
    hits = []
    for last, (key, prefix, langs) in automaton.iter(joined):
        start, stop = last - len(key) + 1, last + 1
        if start > 0 and _word(joined[start - 1]) and _word(key[0]):
            continue
        if prefix:
            while stop < len(joined) and _word(joined[stop]):
                stop += 1
        elif stop < len(joined) and _word(joined[stop]) and _word(key[-1]):
            continue
        hits.append((start, stop, key, langs))
    if not hits:
        return _empty_spans()
    starts = np.array([h[0] for h in hits], dtype=np.int64)
    rows = np.searchsorted(row_start, starts, side="right") - 1
    hit_lang = languages_at(ctx, rows)
    row_lang = dict(zip(rows.tolist(), hit_lang.tolist(), strict=True))
    kept: dict[int, list[tuple[int, int, str]]] = {}
    for (s, e, key, langs), row, lang in zip(hits, rows, hit_lang, strict=True):
        if ALL in langs or lang == UNDETERMINED or lang in langs:
            kept.setdefault(int(row), []).append((int(s - row_start[row]),
                                                  int(e - row_start[row]), key))
    records = []
    for row, spans in kept.items():
        spans.sort(key=lambda h: (h[0] - h[1], h[0]))  # longest first, then leftmost
        chosen: list[tuple[int, int, str]] = []
        for hit in spans:
            if all(hit[1] <= c[0] or hit[0] >= c[1] for c in chosen):
                chosen.append(hit)
        for s, e, key in sorted(chosen):
            os_, oe, text = original_span(ctx, row, "text", s, e)
            records.append((row, row_lang[row], key, os_, oe, text))
    return pd.DataFrame(records, columns=list(SPAN_COLUMNS)).astype(
        {"row": "int64", "start": "int64", "end": "int64"})


def _empty_spans() -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype="int64" if c in ("row", "start", "end") else object)
                         for c in SPAN_COLUMNS})


def cue_rows(ctx: object, list_name: str) -> np.ndarray:
    """Boolean per row: the row's text hits cue list ``list_name``."""
    flags = np.zeros(len(ctx.activity), dtype=bool)
    flags[cue_spans(ctx, list_name)["row"].to_numpy(dtype=np.int64)] = True
    return flags


def lexicon_spans(ctx: object, name: str) -> pd.DataFrame:
    """``language.lexicon_matches`` over the text column, routed by row language (cached)."""
    def build() -> pd.DataFrame:
        text = ctx.activity["text"].reset_index(drop=True)
        # only rows the lexicon hits in some language need a language, or matching at all
        candidates = np.flatnonzero(lexicon_flags(norm_column(ctx, "text").tolist(), name))
        sub = text.iloc[candidates]
        langs = pd.Series(languages_at(ctx, candidates), index=sub.index, dtype="string")
        hits = lexicon_matches(sub, langs, name).reset_index(drop=True)
        raw = text.astype(object).to_numpy()
        hits["matched"] = [str(raw[r])[s:e] for r, s, e in
                           zip(hits["row"], hits["start"], hits["end"], strict=True)]
        return hits
    return _shared(ctx, f"signals:lex:{name}", build)


_SPAN_INDEX: dict[int, tuple[weakref.ref, dict]] = {}


def _by_row(spans: pd.DataFrame) -> dict[int, list[tuple[int, int, str]]]:
    """{row: [(start, end, text), …] in frame order} for a span frame, built once per frame
    (detectors ask per candidate row; filtering the whole frame each time is quadratic).
    Span frames are cached and never changed after they are built."""
    key = id(spans)
    entry = _SPAN_INDEX.get(key)
    if entry is not None and entry[0]() is spans and entry[1]["n"] == len(spans):
        return entry[1]["rows"]
    col = "matched" if "matched" in spans.columns else "term"
    out: dict[int, list[tuple[int, int, str]]] = {}
    for r, s, e, t in zip(spans["row"].tolist(), spans["start"].tolist(),
                          spans["end"].tolist(), spans[col].tolist(), strict=True):
        out.setdefault(int(r), []).append((s, e, t))
    if len(_SPAN_INDEX) > 256:  # drop entries whose frames are gone
        for k in [k for k, (ref, _) in _SPAN_INDEX.items() if ref() is None]:
            del _SPAN_INDEX[k]
    _SPAN_INDEX[key] = (weakref.ref(spans), {"n": len(spans), "rows": out})
    return out


def evidence(spans: pd.DataFrame, row: int, limit: int = 5) -> list[dict]:
    """Evidence dicts ({field, start, end, text}) for ``row`` from a span frame."""
    hits = _by_row(spans).get(int(row), [])[:limit]
    return [{"field": "text", "start": int(s), "end": int(e), "text": str(t)}
            for s, e, t in hits]


def words(spans: pd.DataFrame, row: int, limit: int = 3) -> str:
    """The matched words of ``row`` quoted for a reason: '"vote for", "re-elect"'."""
    hits = _by_row(spans).get(int(row), [])
    seen = list(dict.fromkeys(str(t) for _, _, t in hits))[:limit]
    return ", ".join(f'"{w}"' for w in seen)


# --- classifiers -------------------------------------------------------------------------

def classifier_scores(ctx: object, task: str, kinds: tuple[str, ...] = TEXT_KINDS) -> pd.DataFrame:
    """Scores of ``task`` for every row of ``kinds`` with text, in one batched call.

    Cached per (task, kinds); frame indexed by row position with ``score``, ``label``,
    ``top_terms`` and ``threshold`` (the model's own).
    """
    def build() -> pd.DataFrame:
        act = ctx.activity
        kind = act["kind"].astype("string").fillna("").to_numpy(dtype=object)
        has_text = norm_column(ctx, "text").str.strip().str.len().to_numpy() > 0
        rows = np.flatnonzero(np.isin(kind, list(kinds)) & has_text)
        # a profile may name models an office retrained (`presence-audit train`)
        model = classifiers.load_model(task, getattr(ctx.profile, "models_dir", None))
        texts = act["text"].reset_index(drop=True).iloc[rows]
        if not len(rows):
            out = pd.DataFrame({"score": pd.Series(dtype="float64"),
                                "label": pd.Series(dtype="string"),
                                "top_terms": pd.Series(dtype=object)})
        else:
            out = classifiers.score(texts, task, model)
        return out.assign(threshold=float(model.threshold))
    return _shared(ctx, f"signals:score:{task}:{','.join(kinds)}", build)


def explanation(task: str, score: float, top_terms: list) -> dict:
    """The finding's ``explanation``: model, score and the top terms that drove it."""
    return {"model": task, "score": round(float(score), 4),
            "top_terms": [[str(t), float(w)] for t, w in (top_terms or [])]}


def top_words(top_terms: list, limit: int = 3) -> str:
    """Top terms quoted for a reason sentence."""
    return ", ".join(f'"{str(t).strip()}"' for t, _ in list(top_terms or [])[:limit])


# --- modifiers of rules.md 1.3 -------------------------------------------------------------

def titled_platforms(ctx: object) -> dict[tuple[str, str], str]:
    """M-TITLED: {(platform, account): marker} for own accounts whose ``profile`` row shows
    the office (6.7 office markers, the subject's court, robe/court-logo hints)."""
    def build() -> dict[tuple[str, str], str]:
        act = ctx.activity
        is_profile = (act["kind"].astype("string") == "profile").fillna(False).to_numpy()
        if not is_profile.any():
            return {}
        platform = act["platform"].astype("string").fillna("").to_numpy(dtype=object)
        account = act["account"].astype("string").fillna("").to_numpy(dtype=object)
        out: dict[tuple[str, str], str] = {}
        for name in ("office", "profile_office", "regalia"):
            spans = cue_spans(ctx, name)
            for row, text in zip(spans["row"], spans["matched"], strict=True):
                if is_profile[row]:
                    out.setdefault((platform[row], account[row]), text)
        return out
    return _shared(ctx, "signals:titled", build)


def titled(ctx: object) -> np.ndarray:
    """Boolean per row: the row belongs to an account whose profile shows the office.

    A profile row without an ``account`` marks every account on its platform (single-account
    exports often leave the account blank).
    """
    def build() -> np.ndarray:
        marks = titled_platforms(ctx)
        act = ctx.activity
        if not marks:
            return np.zeros(len(act), dtype=bool)
        platform = act["platform"].astype("string").fillna("").to_numpy(dtype=object)
        account = act["account"].astype("string").fillna("").to_numpy(dtype=object)
        whole = {p for p, a in marks if not a}
        return np.fromiter(((p, a) in marks or p in whole for p, a in
                            zip(platform, account, strict=True)), dtype=bool, count=len(act))
    return _shared(ctx, "signals:titled_rows", build)


def official_rows(ctx: object) -> np.ndarray:
    """M-OFFICIAL: the text explains procedure, defends judicial independence or the rule of
    law, teaches law, or touches a profile ``protected_topics`` entry."""
    return _shared(ctx, "signals:official", lambda: cue_rows(ctx, "official"))


def weak_act(ctx: object) -> pd.Series:
    """M-WEAK-ACT per row, honouring ``Policy.like_weight`` (rules.md 4).

    ``"weak"`` (−1): a like/reaction under ``like_weight = weak``, or a follow/subscription/
    page of a page; ``"drop"``: a like/reaction under ``ignore`` (no expression finding);
    ``""``: not a weak act (or ``like_weight = endorsement`` for likes).
    """
    def build() -> pd.Series:
        kind = ctx.activity["kind"].astype("string").fillna("").reset_index(drop=True)
        weight = getattr(ctx.profile.policy, "like_weight", "weak")
        like_value = {"endorsement": STRONG, "ignore": DROP}.get(weight, WEAK)
        out = pd.Series(STRONG, index=kind.index, dtype="string")
        out[kind.isin(WEAK_KINDS_LIKE)] = like_value
        out[kind.isin(WEAK_KINDS_FOLLOW)] = WEAK
        return out
    return _shared(ctx, "signals:weak_act", build)


def act_time(ctx: object) -> pd.Series:
    """Latest moment the act can have happened: the timestamp when exact, else the archive
    date (a bound or unknown time only says the act happened by then)."""
    def build() -> pd.Series:
        act = ctx.activity.reset_index(drop=True)
        exact = (act["time_basis"].astype("string") == "exact").fillna(False)
        return act["timestamp"].where(exact, act["observed_at"])
    return _shared(ctx, "signals:act_time", build)


def pre_office(ctx: object) -> np.ndarray:
    """M-PRE-OFFICE: the act predates the subject's appointment (``subject.appointed``)."""
    def build() -> np.ndarray:
        appointed = windows.appointed_at(ctx.profile)
        t = act_time(ctx)
        if appointed is None:
            return np.zeros(len(t), dtype=bool)
        return (t < appointed).fillna(False).to_numpy(dtype=bool)
    return _shared(ctx, "signals:pre_office", build)


def repeat_groups(ctx: object, keys: pd.DataFrame, days: int = 90) -> np.ndarray:
    """M-REPEAT: per row of ``keys`` (columns ``row``, ``key``), whether the act is one of
    3+ distinct acts toward the same key within ``days`` days.

    Acts without a usable time never count. Vectorized: sort by key and time, and mark every
    member of each run of three consecutive acts spanning at most ``days``.
    """
    flag = np.zeros(len(keys), dtype=bool)
    if len(keys) < 3:
        return flag
    t = act_time(ctx).to_numpy()[keys["row"].to_numpy(dtype=np.int64)]
    frame = pd.DataFrame({"i": np.arange(len(keys)), "row": keys["row"].to_numpy(),
                          "key": keys["key"].astype(str).to_numpy(), "t": t})
    frame = frame.dropna(subset=["t"]).drop_duplicates(["row", "key"])
    frame = frame.sort_values(["key", "t"], kind="stable").reset_index(drop=True)
    same2 = frame["key"].shift(-2) == frame["key"]
    span = (frame["t"].shift(-2) - frame["t"]) <= pd.Timedelta(days=days)
    start = (same2 & span).fillna(False).to_numpy(dtype=bool)
    member = start.copy()
    member[1:] |= start[:-1]
    member[2:] |= start[:-2]
    hit_pairs = set(zip(frame["row"][member], frame["key"][member], strict=True))
    pairs = zip(keys["row"].to_numpy(), keys["key"].astype(str).to_numpy(), strict=True)
    flag[:] = [p in hit_pairs for p in pairs]
    return flag


def weak_evidence_note() -> str:
    """Reason fragment for M-WEAK-EVIDENCE findings."""
    return "needs review: only lexicon or classifier evidence, no listed entity or case"


# --- drafts ------------------------------------------------------------------------------

CONFIDENCE_ORDER = ("low", "medium", "high")


def draft(row: int, rule: str, base: str, mods: list[str], *, what: str, confidence: str,
          entity: str | None = None, evidence: list | None = None,
          explanation: dict | None = None, category: str | None = None,
          case_id: str | None = None, in_open_window: str = "") -> dict:
    """One draft finding: severity from ``base`` and ``mods`` (severity.apply), and a reason
    made of ``what`` (what matched) plus the modifiers that moved it.

    Lexicon- or classifier-only evidence (``M-WEAK-EVIDENCE`` in ``mods``) keeps confidence at
    most medium and says "needs review" (rules.md 1.4).
    """
    level, applied = sev.apply(base, list(dict.fromkeys(mods)))
    reason = what.rstrip(".")
    moved = [m for m in applied if m != "M-WEAK-EVIDENCE"]
    if moved:
        reason += "; severity adjusted: " + sev.describe(moved)
    if "M-WEAK-EVIDENCE" in applied:
        reason += "; M-WEAK-EVIDENCE: " + weak_evidence_note()
    if ("M-WEAK-EVIDENCE" in applied or explanation is not None) and confidence == "high":
        confidence = "medium"
    out = {"row": int(row), "rule": rule, "severity": level, "confidence": confidence,
           "entity": entity, "case_id": case_id, "in_open_window": in_open_window,
           "evidence": list(evidence or []), "reason": reason + ".", "modifiers": applied,
           "explanation": explanation}
    if category is not None:
        out["category"] = category
    return out


def context_modifiers(ctx: object, row: int, *, titled_applies: bool = True,
                      official_applies: bool = True) -> list[str]:
    """M-TITLED, M-OFFICIAL and M-PRE-OFFICE for ``row`` where the rule family takes them."""
    mods = []
    if titled_applies and titled(ctx)[row]:
        mods.append("M-TITLED")
    if official_applies and official_rows(ctx)[row]:
        mods.append("M-OFFICIAL")
    if pre_office(ctx)[row]:
        mods.append("M-PRE-OFFICE")
    return mods


def frame_of(drafts: list[dict]) -> pd.DataFrame:
    """Drafts as a frame in ``DRAFT_COLUMNS`` order (plus ``category`` when any carries it)."""
    from presence_audit.rules import DRAFT_COLUMNS, empty_drafts

    if not drafts:
        return empty_drafts()
    columns = list(DRAFT_COLUMNS) + (["category"] if any("category" in d for d in drafts)
                                     else [])
    return pd.DataFrame(drafts).reindex(columns=columns)


# --- plumbing ----------------------------------------------------------------------------

def _shared(ctx: object, key: str, build: object) -> object:
    if key not in ctx.shared:
        ctx.shared[key] = build()
    return ctx.shared[key]


__all__ = [
    "LANGUAGES",
    "act_time",
    "classifier_scores",
    "context_modifiers",
    "cue_list",
    "cue_rows",
    "cue_spans",
    "draft",
    "evidence",
    "explanation",
    "frame_of",
    "languages",
    "languages_at",
    "lexicon_spans",
    "official_rows",
    "pre_office",
    "repeat_groups",
    "titled",
    "titled_platforms",
    "top_words",
    "weak_act",
    "weak_evidence_note",
    "words",
]
