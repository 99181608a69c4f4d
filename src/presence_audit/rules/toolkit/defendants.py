"""Defendant mentions for a prosecutor's rules (issue 17), built on the case-mention index.

A prosecutor writes "Radke hat das Vereinsheim angezündet" or "Kötters Buchhalterin": the
accused named bare, or in the genitive, with no case noun nearby. For the accused of her
criminal cases the index's full names, distinctive surnames (``token``) and hashtags count
anywhere in the item, plus a trailing genitive "s"; a surname that is also a common word
still needs a case noun (the index's own evidence). Sovereign parties are not in the index,
so one item naming one defendant gives that defendant's case only.
"""

from __future__ import annotations

import pandas as pd

from presence_audit.matching import build_automaton, norm_column, original_span, word_hits
from presence_audit.rules import RuleContext
from presence_audit.rules.toolkit.case_index import EVIDENCE_COLUMNS, mention_index
from presence_audit.rules.toolkit.case_refs import case_evidence
from presence_audit.rules.toolkit.rows import shared

BARE_KINDS = ("full", "token")


def _automaton(ctx: RuleContext) -> object:
    index = mention_index(ctx)
    items = []
    for key, (kind, ids) in index.terms.items():
        if kind in BARE_KINDS:
            value = (key, False, kind, frozenset(ids))
            items += [(key, value), (key + "s", value)]
    items += [(tag, (tag, True, "hashtag", frozenset(ids)))
              for tag, ids in index.hashtags.items()]
    return build_automaton(items)


def defendant_evidence(ctx: RuleContext) -> pd.DataFrame:
    """(row, case) evidence of the accused named bare, plus every case reference of the
    index (``EVIDENCE_COLUMNS``, original coordinates, best first). Cached."""
    return shared(ctx, "defendants:evidence", lambda: _evidence(ctx))


def _evidence(ctx: RuleContext) -> pd.DataFrame:
    rows, spans, values = word_hits(norm_column(ctx, "text").tolist(), _automaton(ctx))
    out = []
    for row, (s, e), value in zip(rows, spans, values, strict=True):
        os_, oe, text = original_span(ctx, int(row), "text", int(s), int(e))
        how = "hashtag" if value[2] == "hashtag" else "named_accused"
        out += [(int(row), cid, how, "medium", os_, oe, text) for cid in sorted(value[3])]
    bare = pd.DataFrame(out, columns=EVIDENCE_COLUMNS)
    ev = pd.concat([case_evidence(ctx)[EVIDENCE_COLUMNS], bare], ignore_index=True)
    return ev.drop_duplicates(["row", "case_id"]).astype(
        {"row": "int64", "start": "int64", "end": "int64"}).reset_index(drop=True)
