"""Whose words a lexicon hit is: quoted speech and negated words are not the subject's insult.

An insult between quotation marks or on a ``>`` line quotes someone else; "not an idiot" or
"not trying to make anyone feel stupid" denies it. Either way the word is no evidence of the
subject's own intemperance (issue 13), unless the subject's own words say so as well.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

# opening -> closing quotation marks of the five languages
QUOTES = {'"': '"', "“": "”", "„": "“", "«": "»", "‹": "›", "‘": "’", "”": "”"}
NEGATORS = frozenset({
    "not", "no", "never", "nobody", "isn't", "aren't", "wasn't", "don't", "didn't", "won't",
    "non", "mai", "nessuno", "nicht", "kein", "keine", "keinen", "nie", "niemals",
    "pas", "jamais", "ni", "ne", "nunca", "tampoco", "nadie",
})
NEGATION_WINDOW = 6  # words before the hit a negator may stand (same clause)
_WORD = re.compile(r"[\w']+")


def quoted_at(text: str, start: int) -> bool:
    """Whether ``start`` lies inside a quotation or on a ``>`` quoted line."""
    line_start = text.rfind("\n", 0, start) + 1
    if text[line_start:start].lstrip().startswith(">"):
        return True
    open_mark = None
    for ch in text[:start]:
        if open_mark is None and ch in QUOTES:
            open_mark = ch
        elif open_mark is not None and ch == QUOTES[open_mark]:
            open_mark = None
    return open_mark is not None


def negated_at(text: str, start: int) -> bool:
    """Whether a negator stands within a few words before ``start`` in the same clause."""
    clause = re.split(r"[.!?;:,]", text[:start])[-1]
    before = _WORD.findall(clause.casefold())[-NEGATION_WINDOW:]
    return any(w in NEGATORS or w.endswith("n't") for w in before)


def own_spans(spans: pd.DataFrame, texts: np.ndarray) -> pd.DataFrame:
    """The lexicon spans that are the subject's own words: neither quoted nor negated."""
    if spans.empty:
        return spans
    keep = [not (quoted_at(str(texts[r]), int(s)) or negated_at(str(texts[r]), int(s)))
            for r, s in zip(spans["row"], spans["start"], strict=True)]
    return spans.loc[np.asarray(keep, dtype=bool)]
