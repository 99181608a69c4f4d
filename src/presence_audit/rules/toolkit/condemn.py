"""Condemnation cues of a prosecutor's statements about an accused (issue 17, rules.md 6.4).

Not a list of sentences but classes of evaluative predicates (``data/signals/publicity.toml``):
character labels (``character``, plus any ``vice`` adjective or criminal ``epithet`` noun),
guilt asserted (``guilt*``, certainty patterns, a ``crime_act`` verb stated as fact),
dangerousness (a release clause, a next victim), the record (sanctions "already" or counted),
a refused plea (refusal next to an offer, a threat about trial), and punishment wished (a wish
next to a cell or sentence). A ``crime_act`` verb counts only where no allegation marker
("allegedly", "soll", "presunto") qualifies the row, so a charge announcement stays permitted,
and only with the accused as its subject: after the name, in the same sentence ("the crash
killed two" next to a hearing date is no assertion of guilt). The rule ties the other cues to
a defendant mention within ``WINDOW`` characters.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from presence_audit.rules import RuleContext
from presence_audit.rules.toolkit.case_refs import case_evidence
from presence_audit.rules.toolkit.cues import cue_spans, regex_spans, regex_spans_at
from presence_audit.rules.toolkit.defendants import defendant_evidence
from presence_audit.rules.toolkit.rows import rows_of, shared

WORD_LISTS = ("guilt", "guilt_extra", "character", "vice", "epithet", "dangerous", "record",
              "plea", "punishment", "protected", "media")
REGEX_LISTS = ("guilt_re", "character_re", "dangerous_re", "record_re", "plea_re",
               "punishment_re")
WINDOW = 240  # characters between the defendant mention and the cue: same short passage
SUBJECT_GAP = 60  # a crime act at most this far after the name, with no sentence end between
_SENTENCE_END = re.compile(r"[.;!?]")


def condemnation_cues(ctx: RuleContext) -> pd.DataFrame:
    """Every condemnation cue of the rows naming a case or an accused (``mention_rows``, the
    only rows where one can count), a span frame sorted by row and start. Cached."""
    return shared(ctx, "condemn:cues", lambda: cues_at(ctx, mention_rows(ctx)))


def mention_rows(ctx: RuleContext) -> np.ndarray:
    """Positions of the rows naming one of the subject's cases or an accused. The pattern
    classes are many, so they run on these rows alone. Cached."""
    return shared(ctx, "condemn:mentions", lambda: np.union1d(
        defendant_evidence(ctx)["row"].to_numpy(dtype=np.int64),
        case_evidence(ctx)["row"].to_numpy(dtype=np.int64)))


def cues_at(ctx: RuleContext, rows: np.ndarray) -> pd.DataFrame:
    """The condemnation cues of the row positions ``rows``, sorted by row and start."""
    n = len(ctx.activity)
    keep = np.zeros(n, dtype=bool)
    keep[np.asarray(rows, dtype=np.int64)] = True

    def only(frame: pd.DataFrame) -> pd.DataFrame:
        return frame[keep[frame["row"].to_numpy(dtype=np.int64)]]

    acts = only(cue_spans(ctx, "publicity", "crime_act"))
    alleged = rows_of(cue_spans(ctx, "publicity", "alleged"), n)
    frames = [only(cue_spans(ctx, "publicity", k)) for k in WORD_LISTS]
    frames += [regex_spans_at(ctx, "publicity", k, rows) for k in REGEX_LISTS]
    frames = [f.assign(act=False) for f in frames]
    frames.append(acts[~alleged[acts["row"].to_numpy(dtype="int64")]].assign(act=True))
    return (pd.concat(frames, ignore_index=True).sort_values(["row", "start"])
            .reset_index(drop=True))


def opinion_rows(ctx: RuleContext, also: np.ndarray | None = None) -> np.ndarray:
    """Boolean per row: a condemnation cue that needs no accused as its subject (crime acts
    do), on the rows naming a case or an accused and on the row positions ``also``."""
    cues = condemnation_cues(ctx)
    if also is not None and len(also):
        extra = np.setdiff1d(np.asarray(also, dtype=np.int64), mention_rows(ctx))
        cues = pd.concat([cues, cues_at(ctx, extra)], ignore_index=True)
    return rows_of(cues[~cues["act"].to_numpy(dtype=bool)], len(ctx.activity))


def near(ctx: RuleContext, cues: pd.DataFrame, row: int, start: int, end: int
         ) -> pd.DataFrame:
    """The cues of ``row`` tied to the defendant mention ``start``-``end``: within ``WINDOW``
    characters, and a crime act right after it in the same sentence."""
    mine = cues[cues["row"].to_numpy() == row]
    gap = (mine["start"] - end).clip(lower=0) + (start - mine["end"]).clip(lower=0)
    text = str(ctx.activity["text"].iat[row])
    keep = [g <= WINDOW if not act else (
        end <= s <= end + SUBJECT_GAP and not _SENTENCE_END.search(text[end:s]))
        for g, act, s in zip(gap, mine["act"], mine["start"], strict=True)]
    return mine[np.array(keep, dtype=bool)] if len(mine) else mine


def confidence_cues(ctx: RuleContext) -> pd.DataFrame:
    """Non-public facts (``confidential.toml``): words and patterns saying something is told
    in confidence, and patterns of an investigative step still to come, evidence the defence
    has not seen or a source. A span frame. Cached."""
    return shared(ctx, "condemn:confidence", lambda: pd.concat(
        [cue_spans(ctx, "confidential", "confidence"),
         regex_spans(ctx, "confidential", "confidence_re"),
         regex_spans(ctx, "confidential", "investigative_re")], ignore_index=True))

