"""Defendant mentions for a prosecutor's rules (issue 17), built on the case-mention index.

A prosecutor writes "Radke hat das Vereinsheim angezündet" or "Kötters Buchhalterin": the
accused named bare, or in the genitive, with no case noun nearby. For the accused of her
criminal cases the index's full names, distinctive surnames (``token``) and hashtags count
anywhere in the item, plus a trailing genitive "s"; a surname that is also a common word
counts bare only written as a name (capitalised, no other first name before it). A case
keyword ("Harbor Street fire", "storage unit") ties an item to its case too ("that arsonist
on Harbor Street"), at low confidence. Sovereign parties are not in the index, so one item
naming one defendant gives that case only.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from presence_audit.language import LANGUAGES, UNDETERMINED
from presence_audit.matching import (
    build_automaton,
    case_signals,
    column_word_hits,
    languages_for,
    original_span,
)
from presence_audit.rules import RuleContext
from presence_audit.rules.toolkit.case_index import (
    EVIDENCE_COLUMNS,
    TITLES,
    CaseIndex,
    is_common,
    mention_index,
)
from presence_audit.rules.toolkit.case_refs import case_evidence, case_windows
from presence_audit.rules.toolkit.rows import languages_at, shared
from presence_audit.textnorm import normalize

BARE_KINDS = ("full", "token")
# evidence of a case that names no accused: a case keyword, bare, as a hashtag or covert
KEYWORD_HOWS = ("case_keyword", "keyword_tag", "covert")
# a capitalised word right before the surname, itself not opening a sentence (a courtesy
# title's full stop ends none: "Mrs. Eileen Gantry" is someone else)
_PREV = re.compile(r"(?:[\w,]|\b(?:Mr|Mrs|Ms|Mx|Dr|Prof|Sr|Sra|Srta|Mme|Mlle|Hr|Fr|Sig|Dott|Avv)\.)"
                   r"\s([A-ZÀ-Þ][\w'-]*) $")


def _automaton(ctx: RuleContext) -> object:
    index = mention_index(ctx)
    items = []
    for key, (kind, ids) in index.terms.items():
        # values start with their own key: word_hits measures it; a surname that is also a
        # common word gets its genitive too ("Sanders Handy"), written as a name like it
        if kind in (*BARE_KINDS, "common"):
            items += [(form, (form, False, kind, frozenset(ids))) for form in (key, key + "s")]
    items += [(tag, (tag, True, "hashtag", frozenset(ids)))
              for tag, ids in index.hashtags.items()]
    return build_automaton(items)


def defendant_evidence(ctx: RuleContext) -> pd.DataFrame:
    """(row, case) evidence of the accused named bare, plus every case reference of the
    index (``EVIDENCE_COLUMNS``, original coordinates, best first). Cached."""
    return shared(ctx, "defendants:evidence", lambda: _evidence(ctx))


def _evidence(ctx: RuleContext) -> pd.DataFrame:
    rows, spans, values = column_word_hits(ctx, "text", _automaton(ctx))
    out = []
    index = mention_index(ctx)
    for row, (s, e), value in zip(rows, spans, values, strict=True):
        os_, oe, text = original_span(ctx, int(row), "text", int(s), int(e))
        if value[2] in ("common", "token") and not _written_as_name(
                ctx, int(row), os_, text, index, value[0], value[2] == "common"):
            continue
        how = "hashtag" if value[2] == "hashtag" else "named_accused"
        out += [(int(row), cid, how, "medium", os_, oe, text) for cid in sorted(value[3])]
    sig = case_signals(ctx)
    for row, cid, s, e in sig.loc[sig["signal"] == "keyword",
                                  ["row", "case_id", "start", "end"]].itertuples(index=False):
        os_, oe, text = original_span(ctx, int(row), "text", int(s), int(e))
        out.append((int(row), cid, "case_keyword", "low", os_, oe, text))
    bare = pd.DataFrame(out, columns=EVIDENCE_COLUMNS)
    ev = pd.concat([_named(ctx, case_evidence(ctx)[EVIDENCE_COLUMNS], index), bare],
                   ignore_index=True)
    # per (row, case) the evidence naming the accused wins over a keyword of the case (a
    # place, its hashtag): the rules tie cues to the accused's name
    ev = ev.iloc[np.argsort(ev["how"].isin(KEYWORD_HOWS).to_numpy(), kind="stable")]
    return ev.drop_duplicates(["row", "case_id"]).astype(
        {"row": "int64", "start": "int64", "end": "int64"}).reset_index(drop=True)


def _named(ctx: RuleContext, ev: pd.DataFrame, index: CaseIndex) -> pd.DataFrame:
    """Case-reference evidence minus a bare surname written after another first name ("mi
    sobrino Pablo Rebollo"): that is someone else of the same name."""
    keep = []
    for row, start, text in zip(ev["row"], ev["start"], ev["matched"], strict=True):
        kind = index.terms.get(normalize(str(text)), ("", None))[0]
        keep.append(kind not in ("token", "common") or _written_as_name(
            ctx, int(row), int(start), str(text), index, normalize(str(text)),
            kind == "common"))
    return ev[np.array(keep, dtype=bool)] if len(ev) else ev


def _written_as_name(ctx: RuleContext, row: int, start: int, text: str, index: CaseIndex,
                     key: str, common: bool) -> bool:
    """A bare surname names the accused unless another first name precedes it ("Marc
    Brossard", "Gerd Lüders"); one that is also a common word ("Ferrand", "Aubry") must
    moreover be written with a capital."""
    if common and not text[:1].isupper():
        return False
    before = str(ctx.activity["text"].iat[row])[:start]
    prev = _PREV.search(before)
    if prev is None:
        return True
    word = normalize(prev.group(1))
    langs = languages_for(ctx.profile.subject.jurisdiction)
    if (word in index.first_names.get(key.removesuffix("s"), set())
            | index.first_names.get(key, set()) or word in TITLES or word in index.nouns):
        return True
    # German capitalises every noun ("Verfahren Kötter"): there a frequent German word that
    # is not frequent elsewhere is a noun; a rare word, or one frequent in other languages
    # too ("Paul", "Peter"), is a first name. In a row of another language a capitalised
    # word before the surname is a first name.
    if "de" not in langs or languages_at(ctx, np.array([row]))[0] not in ("de", UNDETERMINED):
        return False
    others = tuple(lang for lang in LANGUAGES if lang != "de")
    return is_common(prev.group(1), ("de",)) and not is_common(prev.group(1), others)


def accused_pairs(ctx: RuleContext, target: np.ndarray) -> pd.DataFrame:
    """Best evidence per (row, case) among ``target`` rows, the accused named bare counting,
    with window status and phase (like ``case_pairs``)."""
    ev = defendant_evidence(ctx)
    ev = ev[target[ev["row"].to_numpy()]].reset_index(drop=True)
    if len(ev):
        status, where = case_windows(ctx, ev["row"].to_numpy(), list(ev["case_id"]))
        ev = ev.assign(status=status, phase=where)
    return ev
