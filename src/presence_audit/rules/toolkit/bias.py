"""Bias signals (rules.md BIAS_OR_DISCRIMINATION): slurs, and dehumanizing comparisons of a
protected group, read through obfuscation (``obfuscation``), per row language.

Cue files: ``slurs`` (``terms``, ``exempt``) and ``dehumanizing`` (``terms``, ``weak``,
``mass``, ``groups``, ``comparison``, ``counter``; the file's header says how they combine).
A dehumanizing word alone is never bias: "rats in the garage", "the invasion of hornets".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from itertools import combinations

import ahocorasick
import numpy as np
import pandas as pd

from presence_audit.language import UNDETERMINED
from presence_audit.matching import build_automaton, norm_column, original_span
from presence_audit.rules import RuleContext
from presence_audit.rules.toolkit.cues import ALL, cue_lists
from presence_audit.rules.toolkit.obfuscation import (
    MAX_MASKS,
    Token,
    candidate_automaton,
    candidate_rows,
    fold,
    letter_floor,
    squeeze,
    squeezed,
)
from presence_audit.rules.toolkit.rows import languages_at, shared
from presence_audit.rules.toolkit.spans import span_frame

SOURCES = {"slur": ("slurs", "terms"), "exempt": ("slurs", "exempt"),
           "strong": ("dehumanizing", "terms"), "weak": ("dehumanizing", "weak"),
           "mass": ("dehumanizing", "mass"), "group": ("dehumanizing", "groups"),
           "comparison": ("dehumanizing", "comparison"), "counter": ("dehumanizing", "counter")}
CHECKED = ("slur", "strong", "weak", "mass")  # spelled-around forms are looked for
NEAR = 3  # words between a group and a comparison, or a comparison and a weak word


@dataclass(frozen=True)
class Entry:
    """One cue term in the fold's alphabet."""

    kind: str  # a SOURCES key
    term: str
    prefix: bool
    langs: frozenset[str]
    floor: re.Pattern | None  # letter counts a CHECKED hit must keep


@dataclass(frozen=True)
class Hit:
    kind: str
    term: str
    first: int  # token range [first, last]
    last: int
    sentence: int


@dataclass
class BiasSignals:
    """Span frames (``spans.SPAN_COLUMNS``): ``slur`` and ``dehumanizing`` hits, and the
    ``group`` words that made a comparison count."""

    slur: pd.DataFrame
    dehumanizing: pd.DataFrame
    group: pd.DataFrame


def _folded(term: str) -> str:
    return " ".join(t.text for t in fold(term))


@cache
def entries() -> tuple[Entry, ...]:
    """Every term of the two cue files, folded like the texts they are matched in."""
    out: dict[tuple[str, str, bool], set[str]] = {}
    for kind, (name, list_name) in SOURCES.items():
        for lang, terms in cue_lists(name, list_name).items():
            for raw in terms:
                term = _folded(raw.rstrip("*"))
                if term:
                    out.setdefault((kind, term, raw.endswith("*")), set()).add(lang)
    return tuple(Entry(k, t, p, frozenset(langs), letter_floor(t) if k in CHECKED else None)
                 for (k, t, p), langs in out.items())


def _keys(entry: Entry) -> set[str]:
    """Squeezed automaton keys: the term, and for CHECKED one-word terms its masked forms."""
    key = squeeze(entry.term)
    keys = {key}
    if entry.kind in CHECKED and " " not in key:
        for n in range(1, MAX_MASKS + 1):
            for picked in combinations(range(1, len(key)), n):
                keys.add("".join("*" if i in picked else c for i, c in enumerate(key)))
    return keys


@cache
def exact_automaton() -> ahocorasick.Automaton | None:
    table: dict[str, list[Entry]] = {}
    for entry in entries():
        for key in _keys(entry):
            table.setdefault(key, []).append(entry)
    return build_automaton((k, (k, tuple(v))) for k, v in table.items())


@cache
def _candidates() -> ahocorasick.Automaton | None:
    return candidate_automaton((e.term, e.prefix) for e in entries() if e.kind in CHECKED)


def _routed(entry: Entry, lang: str) -> bool:
    return ALL in entry.langs or lang == UNDETERMINED or lang in entry.langs


def row_hits(tokens: list[Token], lang: str) -> list[Hit]:
    """Whole-token hits of every list in one folded text, checked hits keeping their letter
    floors and at most ``MAX_MASKS`` masks."""
    text, where = squeezed(tokens)
    automaton = exact_automaton()
    if automaton is None or not text:
        return []
    hits = []
    for last, (key, found) in automaton.iter(text):
        start = last - len(key) + 1
        if start > 0 and text[start - 1] not in " \n":
            continue
        first = where[start][0]
        closed = last + 1 == len(text) or text[last + 1] in " \n"
        end_tok = where[last][0]
        words = " ".join(t.text for t in tokens[first:end_tok + 1])
        for entry in found:
            if not _routed(entry, lang) or not (closed or entry.prefix):
                continue
            if entry.floor is not None and not _floor_ok(entry, words):
                continue
            hits.append(Hit(entry.kind, entry.term, first, end_tok, tokens[first].sentence))
    return hits


def _floor_ok(entry: Entry, words: str) -> bool:
    if words.count("*") > MAX_MASKS or entry.floor is None:
        return False
    found = entry.floor.match(words) if entry.prefix else entry.floor.fullmatch(words)
    return found is not None


def _near(a: Hit, b: Hit) -> int:
    """Words between two hits (0 when adjacent or overlapping)."""
    return max(0, b.first - a.last - 1, a.first - b.last - 1)


def comparisons(hits: list[Hit]) -> list[tuple[Hit, Hit]]:
    """(dehumanizing hit, group hit) pairs the cue file's combination rules accept."""
    groups = [h for h in hits if h.kind == "group"]
    links = [h for h in hits if h.kind == "comparison"]
    out = []
    for h in hits:
        if h.kind not in ("strong", "weak", "mass"):
            continue
        same = [g for g in groups if g.sentence == h.sentence and not _overlap(g, h)]
        pick = None
        if h.kind == "strong" and same:
            pick = same[0]
        if h.kind == "mass":
            pick = next((g for g in same if _near(g, h) <= NEAR), None)
        if pick is None and h.kind in ("weak", "mass"):
            pick = next((g for g in same for c in links if g.last < c.first
                         and _near(g, c) < NEAR and c.last < h.first and _near(c, h) < NEAR),
                        None)
        if pick is not None:
            out.append((h, pick))
    return out


def _overlap(a: Hit, b: Hit) -> bool:
    return not (a.last < b.first or b.last < a.first)


def _exempted(hit: Hit, hits: list[Hit]) -> bool:
    return any(e.kind == "exempt" and e.first <= hit.first and hit.last <= e.last for e in hits)


def row_signals(tokens: list[Token], lang: str) -> tuple[list[Hit], list[tuple[Hit, Hit]]]:
    """One folded text's slurs (outside exempt phrases) and its (dehumanizing word, group
    word) comparisons (outside sentences that report, condemn or pity)."""
    hits = row_hits(tokens, lang)
    slurs = [h for h in hits if h.kind == "slur" and not _exempted(h, hits)]
    counters = {h.sentence for h in hits if h.kind == "counter"}
    return slurs, [(h, g) for h, g in comparisons(hits) if h.sentence not in counters]


def bias_signals(ctx: RuleContext) -> BiasSignals:
    """Slur and dehumanizing-comparison spans of the ``text`` column (cached per run)."""
    return shared(ctx, "bias:signals", lambda: _bias_signals(ctx))


def _bias_signals(ctx: RuleContext) -> BiasSignals:
    norm = norm_column(ctx, "text").tolist()
    rows = candidate_rows(norm, _candidates())
    records: dict[str, list[tuple]] = {"slur": [], "dehumanizing": [], "group": []}
    for row, lang in zip(rows.tolist(), languages_at(ctx, rows).tolist(), strict=True):
        tokens = fold(norm[row])
        slurs, pairs = row_signals(tokens, lang)
        records["slur"] += [_record(ctx, row, lang, h, tokens) for h in slurs]
        for h, g in pairs:
            records["dehumanizing"].append(_record(ctx, row, lang, h, tokens))
            records["group"].append(_record(ctx, row, lang, g, tokens))
    frames = {k: span_frame(sorted(set(v))) for k, v in records.items()}
    return BiasSignals(frames["slur"], frames["dehumanizing"], frames["group"])


def _record(ctx: RuleContext, row: int, lang: str, hit: Hit, tokens: list[Token]) -> tuple:
    start, end = tokens[hit.first].spans[0][0], tokens[hit.last].spans[-1][1]
    os_, oe, text = original_span(ctx, row, "text", start, end)
    return (row, lang, hit.term, os_, oe, text)


def bias_rows(ctx: RuleContext) -> np.ndarray:
    """Boolean per row: a slur or a dehumanizing comparison of a protected group."""
    signals = bias_signals(ctx)
    flags = np.zeros(len(ctx.activity), dtype=bool)
    for frame in (signals.slur, signals.dehumanizing):
        flags[frame["row"].to_numpy(dtype=np.int64)] = True
    return flags
