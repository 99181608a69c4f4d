"""Seeing through spelled-around words: "n1gg@", "f*ggot", "zig3uner", "neeegro", "k i k e".

Two stages, so the cost on a million rows stays one translate and one automaton pass:

- ``candidate_rows``: the whole normalized column, NUL-joined, goes through one ``translate``
  (digits and symbols read as letters, masks as ``*``, inner separators dropped) and one
  automaton (``matching.build_automaton``) of each term's spellings (as written, a letter
  run longer by one or two, one or two letters masked, first letters spaced). Boundaries are
  checked loosely: the stage may over-select; it misses only longer stretches ("neeeeegro").
- ``fold`` and ``Matcher``: the candidate rows only, token by token: URLs and @handles are
  skipped, edge punctuation stripped, symbols inside a word read as letters or masks, spaced
  single letters joined, repeated letters squeezed on both sides. A hit must cover whole
  tokens (the Scunthorpe problem: "niggle" and "Negroni" are not slurs) and keep each of the
  term's letter counts as a floor ("niger" is not "nigger"), with at most two masked letters.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import combinations

import ahocorasick
import numpy as np

from presence_audit.matching import build_automaton, joined

LEET = {"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "8": "b", "9": "g",
        "@": "a", "$": "s", "!": "i", "|": "i", "€": "e"}
MASKS = "*#%?"  # a hidden letter
SEPARATORS = ".-_·~^"  # dropped between letters: "n.i.g" -> "nig"
LEAD = "\"'([{<«“‘¿¡#"  # stripped from a token's start ("#tag" is read as "tag")
TRAIL = "\"')]}>»”’.,;:!?…"  # stripped from a token's end ("retard!!!" -> "retard")
SENTENCE_END = ".!?;"
MAX_MASKS = 2
# candidate stage: one translate of the joined column (a superset of the exact fold)
FAST = str.maketrans({**LEET, "!": "*", **{m: "*" for m in MASKS},
                      **{s: None for s in SEPARATORS}, "'": " ", "’": " "})


def squeeze(text: str) -> str:
    """Runs of one character collapsed: "neeegro" -> "negro"."""
    return re.sub(r"(.)\1+", r"\1", text)


def fold_term(term: str) -> str:
    """A cue term in the fold's alphabet: apostrophes split words, separators dropped."""
    words = term.replace("'", " ").replace("’", " ").split()
    return " ".join("".join(c for c in w if c not in SEPARATORS) for w in words)


# --- candidate stage --------------------------------------------------------------------

def spellings(term: str) -> set[str]:
    """Unsqueezed spellings the candidate stage looks for: as written, one letter run longer
    by one or two, one or two letters (never the first) masked, the first three letters
    spaced."""
    out = {term}
    if " " in term:
        return out
    for m in re.finditer(r"(.)\1*", term):
        for extra in (1, 2):
            out.add(term[:m.end()] + m.group(1) * extra + term[m.end():])
    positions = range(1, len(term))
    for n in range(1, MAX_MASKS + 1):
        for picked in combinations(positions, n):
            out.add("".join("*" if i in picked else c for i, c in enumerate(term)))
    if len(term) >= 3:
        out.add(" ".join(term[:3]))
    return out


def candidate_automaton(terms: Iterable[tuple[str, bool]]) -> ahocorasick.Automaton | None:
    """Automaton of every (term, prefix) pair's spellings, valued (length, needs an end
    boundary)."""
    items: dict[str, tuple[int, bool]] = {}
    for term, prefix in terms:
        for spelling in spellings(term):
            old = items.get(spelling, (len(spelling), True))
            items[spelling] = (len(spelling), old[1] and not prefix)
    return build_automaton(items.items())


def candidate_rows(norm: list[str], automaton: ahocorasick.Automaton | None) -> np.ndarray:
    """Positions of the normalized strings that may hold a term in any spelling."""
    if automaton is None or not norm:
        return np.zeros(0, dtype=np.int64)
    big, _ = joined(norm)
    folded = big.translate(FAST)
    lengths = np.fromiter(map(len, folded.split("\x00")), dtype=np.int64, count=len(norm))
    starts = np.zeros(len(norm), dtype=np.int64)
    np.cumsum(lengths[:-1] + 1, out=starts[1:])
    ends = [last for last, (size, end) in automaton.iter(folded)
            if _bounded(folded, last - size + 1, last + 1, end)]
    if not ends:
        return np.zeros(0, dtype=np.int64)
    return np.unique(np.searchsorted(starts, np.asarray(ends), side="right") - 1)


def _bounded(text: str, start: int, stop: int, end: bool) -> bool:
    """No letter or digit just before the hit (nor just after it, when ``end``)."""
    if start > 0 and text[start - 1].isalnum():
        return False
    return not (end and stop < len(text) and text[stop].isalnum())


# --- exact stage ------------------------------------------------------------------------

@dataclass(frozen=True)
class Token:
    """One folded word: its letters (masks as ``*``), each letter's [start, end) in the
    normalized text, and the index of the sentence it sits in."""

    text: str
    spans: tuple[tuple[int, int], ...]
    sentence: int


def _skipped(raw: str) -> bool:
    """URLs and @handles are not words anyone wrote at someone."""
    return "://" in raw or raw.startswith("www.") or (raw.startswith("@") and len(raw) > 1)


def _letters(raw: str, offset: int) -> list[list[tuple[str, int]]]:
    """A raw token's words as (letter, position) lists: edge punctuation stripped, leet read as
    letters, masks kept as ``*``, separators dropped, anything else splitting the token."""
    lead = len(raw) - len(raw.lstrip(LEAD))
    core = raw[lead:].rstrip(TRAIL) if raw[lead:].rstrip(TRAIL) else ""
    words: list[list[tuple[str, int]]] = [[]]
    for i, ch in enumerate(core):
        pos = offset + lead + i
        if ch.isalpha():
            words[-1].append((ch, pos))
        elif ch in LEET:
            words[-1].append((LEET[ch], pos))
        elif ch in MASKS:
            words[-1].append(("*", pos))
        elif ch not in SEPARATORS:
            words.append([])
    return [w for w in words if w and any(c.isalpha() and c != "*" for c, _ in w)
            and w[0][0] != "*"]


def fold(norm: str) -> list[Token]:
    """The words of a normalized text, read through obfuscation (see the module note)."""
    tokens: list[Token] = []
    sentence = 0
    last_end = 0
    for m in re.finditer(r"\S+", norm):
        raw = m.group(0)
        if "\n" in norm[last_end:m.start()]:
            sentence += 1
        last_end = m.end()
        if not _skipped(raw):
            for word in _letters(raw, m.start()):
                tokens.append(Token("".join(c for c, _ in word),
                                    tuple((p, p + 1) for _, p in word), sentence))
        if raw.rstrip("\"')]}>»”’").endswith(tuple(SENTENCE_END)):
            sentence += 1
    return _join_spaced(tokens)


def _join_spaced(tokens: list[Token]) -> list[Token]:
    """Three or more single letters in a row ("k i k e") become one word."""
    out: list[Token] = []
    run: list[Token] = []
    for tok in [*tokens, None]:
        if tok is not None and len(tok.text) == 1 and (not run or run[-1].sentence
                                                         == tok.sentence):
            run.append(tok)
            continue
        if len(run) >= 3:
            out.append(Token("".join(t.text for t in run),
                             tuple(s for t in run for s in t.spans), run[0].sentence))
        else:
            out.extend(run)
        run = []
        if tok is not None:
            out.append(tok)
    return out


def squeezed(tokens: list[Token]) -> tuple[str, list[tuple[int, int]]]:
    """The tokens squeezed and joined (" " within a sentence, "\\n" between sentences), and
    per character of the result the (token index, letter index) it starts at (-1 for a
    joint)."""
    parts: list[str] = []
    where: list[tuple[int, int]] = []
    for t, tok in enumerate(tokens):
        if t:
            parts.append(" " if tokens[t - 1].sentence == tok.sentence else "\n")
            where.append((-1, -1))
        for i, ch in enumerate(tok.text):
            if i and tok.text[i - 1] == ch:
                continue
            parts.append(ch)
            where.append((t, i))
    return "".join(parts), where


def letter_floor(term: str) -> re.Pattern:
    """The term's letter runs as floors, a mask standing for any letter: "nigger" ->
    [n*]+[i*]+[g*]{2,}[e*]+[r*]+ (so "niger" fails and "nigggger" passes)."""
    parts = []
    for m in re.finditer(r"(.)\1*", term):
        ch, k = m.group(1), len(m.group(0))
        parts.append(" " if ch == " " else f"[{re.escape(ch)}*]{{{k},}}")
    return re.compile("".join(parts))
