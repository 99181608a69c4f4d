"""Insults and swear words spelled around: "c0gl10ne", "d!ckhead", "e n f o i r e",
"Spaaaacko", "m.a.l.n.a.c.i.d.o" (issue 13: the demeanor lexicons missed every one).

The words are the strong ``intemperate`` terms and the insult and profanity lexicons, read
through ``obfuscation.fold`` like slurs are. Only tokens that are actually spelled around
(a digit, symbol or separator inside the word, spaced letters, a letter stretched to three
or more) count here: plain spellings are the lexicons' and cue lists' own business, so this
adds hits and never changes one. A hit covers whole tokens and keeps the term's letter
counts as floors ("polo" is not "pollo").
"""

from __future__ import annotations

import re
from functools import cache

import ahocorasick
import numpy as np

from presence_audit.language import UNDETERMINED, lexicon_terms
from presence_audit.matching import build_automaton
from presence_audit.rules.toolkit.cues import ALL, cue_lists
from presence_audit.rules.toolkit.obfuscation import (
    Token,
    candidate_automaton,
    candidate_rows,
    fold,
    fold_term,
    letter_floor,
    squeeze,
    squeezed,
)

# a digit or symbol between letters, spaced or dotted single letters, a stretched letter
_SPELLED = re.compile(r"[^\W\d_][\d@$!|€*.\-_·~^]+[^\W_]|(?<!\w)(?:[^\W\d_] ){3,}[^\W\d_](?!\w)"
                      r"|([^\W\d_])\1\1")
_STRETCH = re.compile(r"(.)\1\1")
_COMPOUND = re.compile(r"[^\W\d_]{2,}(?:-[^\W\d_]{2,})+")  # "moron-proof": a compound


@cache
def _terms() -> dict[tuple[str, bool], frozenset[str]]:
    """{(folded term, prefix): languages} of the strong cue terms and both lexicons."""
    out: dict[tuple[str, bool], set[str]] = {}
    for lang, terms in cue_lists("intemperate", "terms").items():
        for raw in terms:
            out.setdefault((fold_term(raw.rstrip("*")), raw.endswith("*")), set()).add(lang)
    for name in ("insult", "profanity"):
        for r in lexicon_terms(name).itertuples():
            out.setdefault((fold_term(r.term), bool(r.prefix)), set()).add(r.lang)
    return {k: frozenset(v) for k, v in out.items() if len(k[0].replace(" ", "")) >= 3}


@cache
def _automaton() -> ahocorasick.Automaton | None:
    """Squeezed term -> [(term, prefix, languages, letter floor)]."""
    table: dict[str, list[tuple[str, bool, frozenset[str], re.Pattern]]] = {}
    for (term, prefix), langs in _terms().items():
        table.setdefault(squeeze(term), []).append((term, prefix, langs, letter_floor(term)))
    return build_automaton((k, (k, tuple(v))) for k, v in table.items())


@cache
def _candidates() -> ahocorasick.Automaton | None:
    return candidate_automaton(_terms())


def spelled_rows(norm: list[str]) -> np.ndarray:
    """Positions of the normalized texts that may hold a spelled-around term."""
    rows = candidate_rows(norm, _candidates())
    return np.asarray([r for r in rows.tolist() if _SPELLED.search(norm[r])], dtype=np.int64)


def _spelled(norm: str, token: Token) -> bool:
    raw = norm[token.spans[0][0]:token.spans[-1][1]]
    if _COMPOUND.fullmatch(raw):
        return _STRETCH.search(raw) is not None
    return raw != token.text or _STRETCH.search(token.text) is not None


def spelled_hits(norm: str, lang: str) -> list[tuple[int, int]]:
    """(start, end) in ``norm`` of the spelled-around terms of language ``lang``."""
    if not _SPELLED.search(norm):
        return []
    tokens = fold(norm)
    text, where = squeezed(tokens)
    automaton = _automaton()
    if automaton is None or not text:
        return []
    out = []
    for last, (key, found) in automaton.iter(text):
        start = last - len(key) + 1
        if start > 0 and text[start - 1] not in " \n":
            continue
        first, end_tok = where[start][0], where[last][0]
        closed = last + 1 == len(text) or text[last + 1] in " \n"
        span = tokens[first:end_tok + 1]
        if first < 0 or not any(_spelled(norm, t) for t in span):
            continue
        words = " ".join(t.text for t in span)
        for term, prefix, langs, floor in found:
            routed = lang == UNDETERMINED or lang in langs or ALL in langs
            fits = floor.match(words) if prefix else floor.fullmatch(words)
            if routed and (closed or prefix) and fits:
                out.append((span[0].spans[0][0], span[-1].spans[-1][1]))
                break
    return sorted(set(out))
