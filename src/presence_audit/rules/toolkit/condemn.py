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
from presence_audit.rules.toolkit.cues import cue_spans, regex_spans
from presence_audit.rules.toolkit.rows import rows_of, shared

WORD_LISTS = ("guilt", "guilt_extra", "character", "vice", "epithet", "dangerous", "record",
              "plea", "punishment", "protected", "media")
REGEX_LISTS = ("guilt_re", "character_re", "dangerous_re", "record_re", "plea_re",
               "punishment_re")
WINDOW = 240  # characters between the defendant mention and the cue: same short passage
SUBJECT_GAP = 60  # a crime act at most this far after the name, with no sentence end between
_SENTENCE_END = re.compile(r"[.;!?]")


def condemnation_cues(ctx: RuleContext) -> pd.DataFrame:
    """Every condemnation cue of every row, a span frame sorted by row and start. Cached."""
    return shared(ctx, "condemn:cues", lambda: _cues(ctx))


def _cues(ctx: RuleContext) -> pd.DataFrame:
    n = len(ctx.activity)
    acts = cue_spans(ctx, "publicity", "crime_act")
    alleged = rows_of(cue_spans(ctx, "publicity", "alleged"), n)
    frames = [cue_spans(ctx, "publicity", k) for k in WORD_LISTS]
    frames += [regex_spans(ctx, "publicity", k) for k in REGEX_LISTS]
    frames = [f.assign(act=False) for f in frames]
    frames.append(acts[~alleged[acts["row"].to_numpy(dtype="int64")]].assign(act=True))
    return (pd.concat(frames, ignore_index=True).sort_values(["row", "start"])
            .reset_index(drop=True))


def opinion_rows(ctx: RuleContext) -> np.ndarray:
    """Rows with a condemnation cue that needs no accused as its subject (crime acts do)."""
    cues = condemnation_cues(ctx)
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
