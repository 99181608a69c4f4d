"""Insults and swear words spelled around: "c0gl10ne", "d!ckhead", "e n f o i r e",
"v-o-l-l-i-d-i-o-t", a stretched "idiooooot" (issue 13: the demeanor lexicons missed them).

The words are the strong ``intemperate`` terms and the insult and profanity lexicons, read
through ``obfuscation.fold`` like slurs are; a one-word ``weak`` cue ("vermin", "parassiti",
"Ungeziefer") counts too when a digit or symbol stands in it ("v3rm1n", "p@r@sites"): a word
spelled around a filter is aimed, so no classifier agreement is needed (a stretched "sloooow"
stays plain). Only tokens actually spelled around (a digit,
symbol or separator inside the word, spaced letters, a letter stretched to three or more)
count here; ``spelled_mask`` finds the texts showing such a signal in a few array passes.
Plain spellings are the lexicons' and cue lists' own business, so this adds hits and never
changes one. A hit covers whole tokens and keeps the term's letter counts as floors ("polo"
is not "pollo"); a hyphen compound ("moron-proof") is not a spelling.
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

_STRETCH = re.compile(r"(.)\1\1")
_COMPOUND = re.compile(r"[^\W\d_]{2,}(?:-[^\W\d_]{2,})+")  # "moron-proof": a compound
# byte classes of the ASCII-folded text for the spelling signals (``spelled_mask``)
_LETTER, _SYMBOL, _SEPARATOR, _SPACE = 1, 2, 3, 4
_CLASSES = np.zeros(256, dtype=np.uint8)
_CLASSES[np.frombuffer(b"abcdefghijklmnopqrstuvwxyz", dtype=np.uint8)] = _LETTER
_CLASSES[np.frombuffer(b"0123456789@$!|*#%", dtype=np.uint8)] = _SYMBOL
_CLASSES[np.frombuffer(b".-_~^", dtype=np.uint8)] = _SEPARATOR
_CLASSES[ord(" ")] = _SPACE
_MASKS = frozenset("0123456789@$!|*#%€")  # what stands in for a letter in a weak word
_BLOCK = 50_000  # rows per vectorized block: bounded memory on a million rows


@cache
def _terms() -> dict[tuple[str, bool], tuple[frozenset[str], bool]]:
    """{(folded term, prefix): (languages, weak)} of the strong cue terms, both lexicons and
    the one-word weak cues (weak only where no strong source lists the term)."""
    out: dict[tuple[str, bool], set[str]] = {}
    for lang, terms in cue_lists("intemperate", "terms").items():
        for raw in terms:
            out.setdefault((fold_term(raw.rstrip("*")), raw.endswith("*")), set()).add(lang)
    for name in ("insult", "profanity"):
        for r in lexicon_terms(name).itertuples():
            out.setdefault((fold_term(r.term), bool(r.prefix)), set()).add(r.lang)
    strong = set(out)
    for lang, terms in cue_lists("intemperate", "weak").items():
        for raw in terms:
            if " " not in raw.strip():
                out.setdefault((fold_term(raw.rstrip("*")), raw.endswith("*")), set()).add(lang)
    return {k: (frozenset(v), k not in strong) for k, v in out.items()
            if len(k[0].replace(" ", "")) >= 3}


@cache
def _automaton() -> ahocorasick.Automaton | None:
    """Squeezed term -> [(prefix, languages, letter floor, weak)]."""
    table: dict[str, list[tuple[bool, frozenset[str], re.Pattern, bool]]] = {}
    for (term, prefix), (langs, weak) in _terms().items():
        table.setdefault(squeeze(term), []).append((prefix, langs, letter_floor(term), weak))
    return build_automaton((k, (k, tuple(v))) for k, v in table.items())


@cache
def _candidates() -> ahocorasick.Automaton | None:
    return candidate_automaton((squeeze(t), p) for t, p in _terms())


def spelled_mask(norm: list[str]) -> np.ndarray:
    """Per normalized text, whether it shows a spelling signal: a digit or symbol (one or
    two) between letters ("c0g", "d!ck"), single letters joined by separators ("c.r.e",
    "v-o-l"), four spaced single letters ("e n f o"), or a letter written three times.
    Vectorized over blocks of the joined column, so a million rows cost a few array passes."""
    out = np.zeros(len(norm), dtype=bool)
    for first in range(0, len(norm), _BLOCK):
        block = norm[first:first + _BLOCK]
        raw = "\x00".join(block).encode("ascii", "replace")  # one byte per character
        chars = np.frombuffer(raw, dtype=np.uint8)
        hits = np.flatnonzero(_signals(chars, _CLASSES[chars]))
        if len(hits):
            lengths = np.fromiter(map(len, block), dtype=np.int64, count=len(block))
            starts = np.concatenate(([0], np.cumsum(lengths[:-1] + 1)))
            out[first + np.searchsorted(starts, hits, side="right") - 1] = True
    return out


def _signals(chars: np.ndarray, cls: np.ndarray) -> np.ndarray:
    """Whether a spelling signal starts at each position (see ``spelled_mask``)."""
    n = len(chars)
    pad = np.zeros(8, dtype=bool)
    letter = np.concatenate((cls == _LETTER, pad))
    symbol = np.concatenate((cls == _SYMBOL, pad))
    sep = np.concatenate((cls == _SEPARATOR, pad))
    space = np.concatenate((cls == _SPACE, pad))

    def at(mask: np.ndarray, k: int) -> np.ndarray:
        return mask[k:k + n]

    out = letter[:n] & at(symbol, 1) & (at(letter, 2) | (at(symbol, 2) & at(letter, 3)))
    # a digit closing a word of letters: "encul3", "idiot4"
    digit = np.concatenate(((chars >= ord("0")) & (chars <= ord("9")), pad))
    out |= letter[:n] & at(letter, 1) & at(digit, 2) & ~at(letter, 3) & ~at(digit, 3)
    out |= letter[:n] & at(sep, 1) & at(letter, 2) & at(sep, 3) & at(letter, 4)
    spaced = at(space, 1) & at(space, 3) & at(space, 5)
    if spaced.any():
        spaced &= letter[:n] & at(letter, 2) & at(letter, 4) & at(letter, 6) & ~at(letter, 7)
        spaced[1:] &= ~letter[:n - 1]
        out |= spaced
    same = np.zeros(n, dtype=bool)
    same[:-2] = (chars[1:-1] == chars[:-2]) & (chars[2:] == chars[:-2])
    return out | (same & letter[:n] & (chars != ord("w")))  # "www." is a link


def spelled_rows(norm: list[str]) -> np.ndarray:
    """Positions of the normalized texts that may hold a spelled-around term: a spelling
    signal (``spelled_mask``) and, letters squeezed, a term in some spelling."""
    rows = np.flatnonzero(spelled_mask(norm))
    if not len(rows):
        return rows.astype(np.int64)
    found = candidate_rows([squeeze(norm[r]) for r in rows.tolist()], _candidates())
    return rows[found].astype(np.int64)


def _spelled(norm: str, token: Token) -> bool:
    raw = norm[token.spans[0][0]:token.spans[-1][1]]
    if _COMPOUND.fullmatch(raw):
        return _STRETCH.search(raw) is not None
    return raw != token.text or _STRETCH.search(token.text) is not None


def spelled_hits(norm: str, lang: str) -> list[tuple[int, int]]:
    """(start, end) in ``norm`` of the spelled-around terms of language ``lang``."""
    if not spelled_mask([norm])[0]:
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
        masked = any(c in _MASKS for c in norm[span[0].spans[0][0]:span[-1].spans[-1][1]])
        for prefix, langs, floor, weak in found:
            routed = (lang == UNDETERMINED or lang in langs or ALL in langs) \
                and (masked or not weak)
            fits = floor.match(words) if prefix else floor.fullmatch(words)
            if routed and (closed or prefix) and fits:
                out.append((span[0].spans[0][0], span[-1].spans[-1][1]))
                break
    return sorted(set(out))
