"""Slurs in reported speech: "some guy once said [slur]", "he shouted "[slur]"". rules.md
lists quoting a slur among the near misses of BIAS_OR_DISCRIMINATION; the subject reports the
word, does not adopt it, so the finding routes to review (real-archive reading, issue 13).
Cue file ``reported`` (``verbs``, ``first``)."""

from __future__ import annotations

import re
import unicodedata
from functools import cache

import pandas as pd

from presence_audit.rules.toolkit.cues import ALL, cue_lists

_CLAUSE = re.compile(r"[.!?;\n]")
_OPEN = "\"'“‘«„‚"
_CLOSE = "\"'”’»“‘"


def _plain(text: str) -> str:
    """Lower case, accents dropped, apostrophes as spaces: the cue file's alphabet."""
    text = unicodedata.normalize("NFKD", text.casefold().replace("'", " ").replace("’", " "))
    return "".join(c for c in text if not unicodedata.combining(c))


def _words(terms: tuple[str, ...]) -> str:
    return "|".join(re.escape(_plain(t)) for t in sorted(terms, key=len, reverse=True))


@cache
def _verb_re() -> dict[str, tuple[re.Pattern, re.Pattern | None]]:
    """Per language: a speech verb, and the same verb right after a first-person subject."""
    verbs = cue_lists("reported", "verbs")
    first = cue_lists("reported", "first")
    out = {}
    for lang, terms in verbs.items():
        said = rf"\b(?:{_words(terms)})\b"
        own = rf"\b(?:{_words(first[lang])})\s+(?:\w+\s+)?(?:{_words(terms)})\b" \
            if first.get(lang) else None
        out[lang] = (re.compile(said), re.compile(own) if own else None)
    return out


def _quoted_alone(text: str, start: int, end: int) -> bool:
    """The slur stands alone between quotation marks: a word mentioned, not used."""
    before, after = text[:start].rstrip(), text[end:].lstrip()
    return bool(before) and before[-1] in _OPEN and bool(after) and after[0] in _CLOSE


def reported_at(text: str, start: int, end: int, lang: str) -> bool:
    """Whether the slur at [start, end) is someone else's words: a speech verb earlier in
    its clause with no first-person subject, quotation marks around the word alone, or a
    line quoted with ">"."""
    if _quoted_alone(text, start, end) or text[:start].rsplit("\n", 1)[-1].lstrip() \
            .startswith(">"):
        return True  # a word between quotation marks, or a "> quoted" line of a reply
    clause = _plain(_CLAUSE.split(text[:start])[-1])
    verbs = _verb_re()
    return any(said.search(clause) and not (own and own.search(clause))
               for g, (said, own) in verbs.items() if g in (lang, ALL) or lang not in verbs)


def reported_rows(texts, slur: pd.DataFrame) -> set[int]:
    """Rows whose every slur hit is reported speech (``texts``: raw text per row; ``slur``:
    a span frame in those texts)."""
    own: dict[int, bool] = {}
    for row, lang, start, end in zip(slur["row"], slur["lang"], slur["start"], slur["end"],
                                     strict=True):
        hit = reported_at(str(texts[int(row)]), int(start), int(end), str(lang))
        own[int(row)] = own.get(int(row), True) and hit
    return {row for row, ok in own.items() if ok}
