"""Reclaimed slurs: a term the speaker applies to their own community ("us dykes", "I'm a
proud ..."), or in-group vernacular ("nigga"). rules.md lists reclaimed terms within a
community among the near misses of BIAS_OR_DISCRIMINATION: route to review, do not
auto-escalate (issue 13)."""

from __future__ import annotations

import re
from functools import cache

import pandas as pd

from presence_audit.rules.toolkit.cues import ALL, cue_lists

_CLAUSE = re.compile(r"[.!?;:,\n]")


@cache
def _self_re() -> dict[str, re.Pattern]:
    return {lang: re.compile("|".join(f"(?:{r})" for r in regexes))
            for lang, regexes in cue_lists("reclaimed", "self_re").items() if regexes}


def reclaimed_at(text: str, start: int, lang: str) -> bool:
    """Whether the words right before ``start`` make the speaker one of the group named."""
    clause = _CLAUSE.split(text[:start])[-1].casefold()
    return any(p.search(clause) for g, p in _self_re().items() if g in (lang, ALL)
               or lang not in _self_re())


@cache
def _vernacular() -> frozenset[str]:
    return frozenset(t for terms in cue_lists("reclaimed", "vernacular").values()
                     for t in terms)


def reclaimed_rows(texts, slur: pd.DataFrame, vernacular: bool = False) -> set[int]:
    """Rows whose every slur hit is reclaimed (``texts``: the raw text per row; ``slur``: a
    span frame in those texts). ``vernacular``: a term on the ``vernacular`` list counts as
    in-group use without a first-person marker too."""
    own: dict[int, bool] = {}
    for row, lang, cue, start in zip(slur["row"], slur["lang"], slur["cue"], slur["start"],
                                     strict=True):
        hit = (vernacular and str(cue) in _vernacular()) or \
            reclaimed_at(str(texts[int(row)]), int(start), str(lang))
        own[int(row)] = own.get(int(row), True) and hit
    return {row for row, ok in own.items() if ok}
