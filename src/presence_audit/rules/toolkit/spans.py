"""Span frames (one row per hit) and the evidence and quoted words a finding takes from them.

A span frame has ``SPAN_COLUMNS``: the activity row, the language the hit was routed by, the
cue, and ``start``/``end``/``matched`` in the ORIGINAL text (lexicon frames carry ``term``
where cue frames carry ``cue``).
"""

from __future__ import annotations

import pandas as pd

from presence_audit.rules import RuleContext
from presence_audit.rules.toolkit.rows import shared

SPAN_COLUMNS = ("row", "lang", "cue", "start", "end", "matched")
_INTS = {"row": "int64", "start": "int64", "end": "int64"}


def span_frame(records: list[tuple]) -> pd.DataFrame:
    """A span frame from ``(row, lang, cue, start, end, matched)`` tuples."""
    if not records:
        return pd.DataFrame({c: pd.Series(dtype=_INTS.get(c, object)) for c in SPAN_COLUMNS})
    return pd.DataFrame(records, columns=list(SPAN_COLUMNS)).astype(_INTS)


def _by_row(ctx: RuleContext, spans: pd.DataFrame) -> dict[int, list[tuple[int, int, str]]]:
    """{row: [(start, end, text), …] in frame order}, built once per frame and run.

    Detectors ask per candidate row; filtering the whole frame each time is quadratic. The
    run's cache keeps the frame itself alive beside its index, so its id cannot be reused by
    another frame while the run lasts; span frames are never changed after they are built.
    """
    index = shared(ctx, "spans:by_row", dict)
    entry = index.get(id(spans))
    if entry is not None and entry[0] is spans:
        return entry[1]
    col = "matched" if "matched" in spans.columns else "term"
    out: dict[int, list[tuple[int, int, str]]] = {}
    for r, s, e, t in zip(spans["row"].tolist(), spans["start"].tolist(),
                          spans["end"].tolist(), spans[col].tolist(), strict=True):
        out.setdefault(int(r), []).append((s, e, t))
    index[id(spans)] = (spans, out)
    return out


def evidence(ctx: RuleContext, spans: pd.DataFrame, row: int, limit: int = 5) -> list[dict]:
    """Evidence dicts ({field, start, end, text}) for ``row`` from a span frame."""
    hits = _by_row(ctx, spans).get(int(row), [])[:limit]
    return [{"field": "text", "start": int(s), "end": int(e), "text": str(t)}
            for s, e, t in hits]


def evidence_of(ctx: RuleContext, *frames: pd.DataFrame, row: int) -> list[dict]:
    """``evidence`` of ``row`` from several span frames, in order."""
    out: list[dict] = []
    for frame in frames:
        out += evidence(ctx, frame, row)
    return out


def words(ctx: RuleContext, spans: pd.DataFrame, row: int, limit: int = 3) -> str:
    """The matched words of ``row`` quoted for a reason: '"vote for", "re-elect"'."""
    hits = _by_row(ctx, spans).get(int(row), [])
    seen = list(dict.fromkeys(str(t) for _, _, t in hits))[:limit]
    return ", ".join(f'"{w}"' for w in seen)


def case_span(ref: dict) -> dict:
    """Evidence dict of a case reference record (``case_refs.case_pairs``)."""
    return {"field": "text", "start": int(ref["start"]), "end": int(ref["end"]),
            "text": ref["matched"]}
