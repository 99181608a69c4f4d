"""Bias signals (rules.md BIAS_OR_DISCRIMINATION): slurs, dehumanizing comparisons of a
protected group, and hostile statements about one, read through obfuscation
(``obfuscation``), per row language.

Cue files: ``slurs`` (``terms``, ``exempt``), ``dehumanizing`` (``terms``, ``weak``,
``mass``, ``groups``, ``comparison``, ``counter``, ``topic``, ``victim``) and ``hostile``
(elimination ``target``/``subject``/``slogan``, tropes ``trope``/``flood``/``antisemitic``
with ``jewish`` words, ``creed``, vices ``trait`` with ``quantifier``/``notall``/``link``, and
``filler``, ``oblique``, ``frame``, ``groups``); each file's header says how its lists combine.
A dehumanizing or hostile word alone is never bias ("rats in the garage", "get rid of the
clutter"): it must be tied to a group word that is not the victim.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
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

SOURCES = {"slur": (("slurs", "terms"),), "exempt": (("slurs", "exempt"),),
           "strong": (("dehumanizing", "terms"),), "weak": (("dehumanizing", "weak"),),
           "mass": (("dehumanizing", "mass"),),
           "group": (("dehumanizing", "groups"), ("hostile", "groups")),
           "comparison": (("dehumanizing", "comparison"),),
           "counter": (("dehumanizing", "counter"),), "victim": (("dehumanizing", "victim"),),
           "topic": (("dehumanizing", "topic"),),
           "target": (("hostile", "target"),), "subject": (("hostile", "subject"),),
           "slogan": (("hostile", "slogan"),), "trope": (("hostile", "trope"),),
           "creed": (("hostile", "creed"),), "frame": (("hostile", "frame"),),
           "trait": (("hostile", "trait"),), "quantifier": (("hostile", "quantifier"),),
           "notall": (("hostile", "notall"),), "filler": (("hostile", "filler"),),
           "flood": (("hostile", "flood"),), "antisemitic": (("hostile", "antisemitic"),),
           "jewish": (("hostile", "jewish"),), "link": (("hostile", "link"),),
           "oblique": (("hostile", "oblique"),)}
CHECKED = ("slur", "strong", "weak", "mass")  # spelled-around forms are looked for
STATEMENT = ("target", "subject", "slogan", "trope", "flood", "antisemitic", "creed",
             "trait")  # hostile.toml
TROPES = ("trope", "flood", "antisemitic")
COMPARISON = ("strong", "weak", "mass")
TRIGGERS = CHECKED + STATEMENT  # a row holding none of these is never read
NEAR = 3  # words between a group and a comparison, or a comparison and a weak word
TRAIT_NEAR = 4  # words between a group and the vice pinned on it
VICTIM_NEAR = 2  # words between a victim marker and the group it marks
STATEMENT_NEAR = {"target": 3, "subject": 2, "slogan": 0}  # words to the group


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
    """Span frames (``spans.SPAN_COLUMNS``): ``slur`` and ``dehumanizing`` hits, the
    ``group`` words that made a comparison or a statement count, and the hostile
    ``statement`` words (``hostile.toml``)."""

    slur: pd.DataFrame
    dehumanizing: pd.DataFrame
    group: pd.DataFrame
    statement: pd.DataFrame


def _folded(term: str) -> str:
    return " ".join(t.text for t in fold(term))


def _terms() -> Iterator[tuple[str, str, str]]:
    """(kind, language, raw term) of every list the SOURCES name."""
    for kind, sources in SOURCES.items():
        for name, list_name in sources:
            for lang, terms in cue_lists(name, list_name).items():
                yield from ((kind, lang, raw) for raw in terms)


@cache
def entries() -> tuple[Entry, ...]:
    """Every term of the three cue files, folded like the texts they are matched in."""
    out: dict[tuple[str, str, bool], set[str]] = {}
    for kind, lang, raw in _terms():
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
    return candidate_automaton((e.term, e.prefix) for e in entries() if e.kind in TRIGGERS)


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


def _targets(hits: list[Hit], kind: str = "group") -> list[Hit]:
    """Group words (of ``kind``) not marked as the victims ("once attacking Jews"): only
    these can be the target of a comparison or a statement."""
    victims = [h for h in hits if h.kind == "victim"]
    return [g for g in hits if g.kind == kind and not any(
        v.sentence == g.sentence and v.last < g.first and g.first - v.last - 1 <= VICTIM_NEAR
        for v in victims)]


def comparisons(hits: list[Hit]) -> list[tuple[Hit, Hit]]:
    """(dehumanizing hit, group hit) pairs the cue file's combination rules accept."""
    groups = _targets(hits)
    links = [h for h in hits if h.kind == "comparison"]
    out = []
    for h in hits:
        if h.kind not in COMPARISON:
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


def statements(hits: list[Hit]) -> list[tuple[Hit, Hit]]:
    """(hostile word, group word or second trope word) pairs of ``hostile.toml``: a group
    the elimination word is aimed at, a trope tied to a group or to another trope word, or
    a trope name alone (paired with itself). None where the text frames them (news,
    teaching, history, counter-speech)."""
    if any(h.kind == "frame" for h in hits):
        return []
    groups, jews = _targets(hits), _targets(hits, "jewish")
    fillers = {i for f in hits if f.kind == "filler" for i in range(f.first, f.last + 1)}
    obliques = {f.last for f in hits if f.kind == "oblique"}
    links = {i for f in hits if f.kind in ("link", "quantifier", "filler", "comparison")
             for i in range(f.first, f.last + 1)}
    out = []
    for h in hits:
        same = [g for g in groups if g.sentence == h.sentence and not _overlap(g, h)]
        pick = None
        if h.kind == "target":  # "exterminate all the Roma", not "eradicate poverty
            # among refugees": only articles and quantifiers between
            pick = next((g for g in same if h.last < g.first
                         and _near(h, g) <= STATEMENT_NEAR[h.kind]
                         and _covered(range(h.last + 1, g.first), fillers)), None)
        elif h.kind in ("subject", "slogan"):  # "Muslims must not exist", not "poverty
            # among refugees must disappear": the group is no prepositional object
            pick = next((g for g in same if g.last < h.first
                         and _near(g, h) <= STATEMENT_NEAR[h.kind]
                         and g.first - 1 not in obliques), None)
        elif h.kind in TROPES:
            pick = _trope_partner(h, hits, same, jews, fillers)
        elif h.kind == "creed":
            pick = h
        elif h.kind == "trait" and _all_of(h, hits):
            pick = _trait_subject(h, hits, same, links, obliques)
        if pick is not None:
            out.append((h, pick))
    return out


def _trope_partner(h: Hit, hits: list[Hit], same: list[Hit], jews: list[Hit],
                   fillers: set[int]) -> Hit | None:
    """What ties a trope word to a group: a Jewish group word (antisemitic tropes), a group
    right before a flood word or after it past fillers only (any other trope), else a second,
    different trope word in the sentence."""
    if h.kind == "antisemitic":
        pick = next((j for j in jews if j.sentence == h.sentence and not _overlap(j, h)), None)
    elif h.kind == "flood":
        pick = next((g for g in same if (g.last + 1 == h.first) or (
            h.last < g.first and _near(h, g) <= NEAR
            and _covered(range(h.last + 1, g.first), fillers))), None)
    else:
        pick = same[0] if same else None
    return pick or next((t for t in hits if t.kind in TROPES and t.sentence == h.sentence
                         and t.term != h.term and not _overlap(t, h)), None)


def _trait_subject(h: Hit, hits: list[Hit], same: list[Hit], links: set[int],
                   obliques: set[int]) -> Hit | None:
    """The group a vice is pinned on: right before it past link words only ("Arabs are all
    thieves"), or earlier in the sentence when the vice ends an "are all ..." predicate ("Los
    musulmanes no se integran, son todos unos fanáticos"), the group no prepositional
    object."""
    start = h.first
    while start - 1 in links and h.first - start < TRAIT_NEAR:
        start -= 1
    direct = next((g for g in same if g.last < h.first and g.last + 1 >= start), None)
    if direct is not None:
        return direct
    quantified = any(q.kind == "quantifier" and start <= q.first and q.last < h.first
                     for q in hits)
    return next((g for g in same if quantified and g.last < start
                 and g.first - 1 not in obliques), None)


def _covered(positions: range, covered: set[int]) -> bool:
    return all(i in covered for i in positions)


def _overlap(a: Hit, b: Hit) -> bool:
    return not (a.last < b.first or b.last < a.first)


def _exempted(hit: Hit, hits: list[Hit]) -> bool:
    return any(e.kind == "exempt" and e.first <= hit.first and hit.last <= e.last for e in hits)


def _all_of(h: Hit, hits: list[Hit]) -> bool:
    """A quantifier ("all", "tutti") in the hit's sentence, and no "not all" there."""
    kinds = {x.kind for x in hits if x.sentence == h.sentence}
    return "quantifier" in kinds and "notall" not in kinds


def _possessive(tokens: list[Token], h: Hit) -> bool:
    """An English possessive ("women's shoes", "Muslims' rights"): the group word is a
    modifier, not the group."""
    nxt = tokens[h.last + 1].text if h.last + 1 < len(tokens) else ""
    return nxt == "s" and tokens[h.last + 1].sentence == h.sentence


def _topic_groups(tokens: list[Token], hits: list[Hit]) -> list[Hit]:
    """Group words standing alone as a sentence of their own, moved to the next sentence
    when a topic word opens it ("Refugees? They're vermin."): the group is its topic."""
    size: dict[int, int] = {}
    opens: dict[int, int] = {}
    for i, t in enumerate(tokens):
        size[t.sentence] = size.get(t.sentence, 0) + 1
        opens.setdefault(t.sentence, i)
    topics = {h.first for h in hits if h.kind == "topic"}
    return [Hit("group", g.term, g.first, g.last, g.sentence + 1) for g in hits
            if g.kind == "group" and size.get(g.sentence, 0) <= g.last - g.first + 2
            and opens.get(g.sentence + 1, -1) in topics]


def row_signals(tokens: list[Token], lang: str) -> tuple[list[Hit], list[tuple[Hit, Hit]]]:
    """One folded text's slurs (outside exempt phrases), and its (dehumanizing word, group
    word) comparisons and hostile statements (outside sentences that report, condemn or
    pity); a statement's first hit has a ``STATEMENT`` kind."""
    hits = row_hits(tokens, lang)
    slurs = [h for h in hits if h.kind == "slur" and not _exempted(h, hits)]
    hits = [h for h in hits if not (h.kind == "group" and _possessive(tokens, h))]
    hits += _topic_groups(tokens, hits)
    counters = {h.sentence for h in hits if h.kind == "counter"}
    return slurs, [(h, g) for h, g in comparisons(hits) + statements(hits)
                   if h.sentence not in counters]


def bias_signals(ctx: RuleContext) -> BiasSignals:
    """Slur and dehumanizing-comparison spans of the ``text`` column (cached per run)."""
    return shared(ctx, "bias:signals", lambda: _bias_signals(ctx))


def _bias_signals(ctx: RuleContext) -> BiasSignals:
    norm = norm_column(ctx, "text").tolist()
    rows = candidate_rows(norm, _candidates())
    records: dict[str, list[tuple]] = {"slur": [], "dehumanizing": [], "group": [],
                                       "statement": []}
    for row, lang in zip(rows.tolist(), languages_at(ctx, rows).tolist(), strict=True):
        tokens = fold(norm[row])
        slurs, pairs = row_signals(tokens, lang)
        records["slur"] += [_record(ctx, row, lang, h, tokens) for h in slurs]
        for h, g in pairs:
            kind = "statement" if h.kind in STATEMENT else "dehumanizing"
            records[kind].append(_record(ctx, row, lang, h, tokens))
            if g.kind in ("group", "jewish"):
                records["group"].append(_record(ctx, row, lang, g, tokens))
            elif g is not h:
                records[kind].append(_record(ctx, row, lang, g, tokens))
    frames = {k: span_frame(sorted(set(v))) for k, v in records.items()}
    return BiasSignals(frames["slur"], frames["dehumanizing"], frames["group"],
                       frames["statement"])


def _record(ctx: RuleContext, row: int, lang: str, hit: Hit, tokens: list[Token]) -> tuple:
    start, end = tokens[hit.first].spans[0][0], tokens[hit.last].spans[-1][1]
    os_, oe, text = original_span(ctx, row, "text", start, end)
    return (row, lang, hit.term, os_, oe, text)


def bias_rows(ctx: RuleContext) -> np.ndarray:
    """Boolean per row: a slur, a dehumanizing comparison of a protected group or a hostile
    statement about one."""
    signals = bias_signals(ctx)
    flags = np.zeros(len(ctx.activity), dtype=bool)
    for frame in (signals.slur, signals.dehumanizing, signals.statement):
        flags[frame["row"].to_numpy(dtype=np.int64)] = True
    return flags
