"""The one name matcher: which rows touch which listed person, political entity or case.

Three kinds of evidence, strongest first (rules.md 1.4, 6.9):
- ``id``: the row's ``counterpart_id`` equals an entity's platform account id (high);
- ``handle``: the counterpart or a mentioned handle equals an entity's handle (high);
- ``name``: a name or alias, normalized, on word boundaries in ``text`` or ``counterpart``
  (medium with a corroborating signal or as the whole multi-word counterpart, else low).

Names run through one Aho-Corasick automaton over whole columns; handles and ids are joins.
Results are cached in ``RuleContext.shared`` so every rule family reuses one match pass.
"""

from __future__ import annotations

import itertools
import re
import tomllib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from importlib import resources
from operator import itemgetter
from typing import TYPE_CHECKING, Any, TypeVar

import ahocorasick
import numpy as np
import pandas as pd

from presence_audit.handles import match_key, match_keys
from presence_audit.textnorm import (
    name_variants,
    normalize,
    normalize_series,
    normalize_with_map,
    spellings,
)
from presence_audit.textnorm import original_span as _original_span

if TYPE_CHECKING:
    from presence_audit.profile import Profile
    from presence_audit.rules import RuleContext

_T = TypeVar("_T")
MATCH_COLUMNS = ("row", "entity", "entity_name", "role", "case_ids", "field", "method",
                 "start", "end", "matched", "confidence")
SIGNAL_COLUMNS = ("row", "case_id", "signal", "start", "end")
CONFIDENCE_RANK = {"low": 0, "medium": 1, "high": 2}
METHOD_RANK = {"name": 0, "handle": 1, "id": 2}
_LANGUAGES_BY_PREFIX = {"US": ("en",), "UK": ("en",), "CA": ("en", "fr"), "AU": ("en",),
                        "IE": ("en",), "NZ": ("en",), "IT": ("it", "en"), "ES": ("es", "en"),
                        "FR": ("fr", "en"), "DE": ("de", "en"), "AT": ("de", "en"),
                        "CH": ("de", "fr", "it", "en"), "BE": ("fr", "en")}
ALL_LANGUAGES = ("en", "it", "es", "fr", "de")
_SEP = r"[\s\-./_\u2010-\u2015\u2212]*"  # any dash: ‐ ‑ ‒ – — ― −


@dataclass(frozen=True)
class Entity:
    """A person (people.csv / cases.csv) or political entity, flattened for matching."""

    index: int
    name: str
    role: str  # Person.role, or "political:<kind>"
    case_ids: tuple[str, ...]
    aliases: tuple[str, ...]
    handles: tuple  # tuple[profile.Handle, ...]


def entities(profile: Profile) -> list[Entity]:
    """Every matchable entity: ``profile.people`` first, then ``profile.political``."""
    out = [Entity(i, p.name, p.role, tuple(p.case_ids), tuple(p.aliases), tuple(p.handles))
           for i, p in enumerate(profile.people)]
    base = len(out)
    out += [Entity(base + i, e.entity, f"political:{e.kind}", (), tuple(e.aliases),
                   tuple(e.handles)) for i, e in enumerate(profile.political)]
    return out


def _shared(ctx: RuleContext, key: str, build: Callable[[], _T]) -> _T:
    if key not in ctx.shared:
        ctx.shared[key] = build()
    return ctx.shared[key]


def entity_list(ctx: RuleContext) -> list[Entity]:
    """``entities(ctx.profile)``, computed once per context."""
    return _shared(ctx, "entities", lambda: entities(ctx.profile))


def norm_column(ctx: RuleContext, field: str) -> pd.Series:
    """The normalized ``field`` column (cached), positionally aligned with the activity."""
    return _shared(ctx, f"norm:{field}",
                   lambda: normalize_series(ctx.activity[field]).reset_index(drop=True))


def original_span(ctx: RuleContext, row: int, field: str, start: int, end: int
                  ) -> tuple[int, int, str]:
    """Map a normalized span of ``field`` in ``row`` to the original string: (start, end, text)."""
    maps = _shared(ctx, "maps", dict)
    key = (row, field)
    if key not in maps:
        value = _shared(ctx, f"raw:{field}",
                        lambda: ctx.activity[field].astype(object).to_numpy())[row]
        original = value if isinstance(value, str) else ""
        if original.isascii():  # normalized one character for one: no map to build or keep
            if end <= start or not original:
                return 0, 0, ""
            stop = min(end, len(original))
            return start, stop, original[start:stop]
        maps[key] = (original, normalize_with_map(original)[1])
    original, index = maps[key]
    s, e = _original_span(index, start, end)
    return s, e, original[s:e]


# --- whole-column passes ------------------------------------------------------------------

def _strings(values: object) -> np.ndarray:
    """Object array of str (missing -> "") from a Series or array."""
    if isinstance(values, pd.Series):
        values = values.astype("string").fillna("").to_numpy(dtype=object)
    return np.asarray(values, dtype=object)


def joined(values: np.ndarray | list[str]) -> tuple[str, np.ndarray]:
    """All strings joined by NUL (NULs inside become spaces) and each one's start offset.

    One C-level pass over the joined column replaces one Python call per row.
    """
    values = [v.replace("\x00", " ") if "\x00" in v else v for v in values]
    lens = np.fromiter(map(len, values), dtype=np.int64, count=len(values))
    starts = np.zeros(len(values), dtype=np.int64)
    if len(values) > 1:
        np.cumsum(lens[:-1] + 1, out=starts[1:])
    return "\x00".join(values), starts


def automaton_rows(values: object, automaton: ahocorasick.Automaton) -> np.ndarray:
    """Sorted positions of the strings holding any automaton key (one pass, no row loop)."""
    values = _strings(values)
    if automaton is None or not len(values):
        return np.zeros(0, dtype=np.int64)
    big, starts = joined(values)
    ends = np.fromiter(map(itemgetter(0), automaton.iter(big)), dtype=np.int64)  # no loop
    return np.unique(np.searchsorted(starts, ends, side="right") - 1)


def build_automaton(items: Iterable[tuple[str, object]]) -> ahocorasick.Automaton | None:
    """The one Aho-Corasick builder: an automaton of ``(key, value)`` pairs (a repeated key
    keeps its last value; empty keys are skipped), or None when there is no key."""
    automaton = ahocorasick.Automaton()
    for key, value in items:
        if key:
            automaton.add_word(key, value)
    if not len(automaton):
        return None
    automaton.make_automaton()
    return automaton


def _is_word_char(ch: str) -> bool:
    return ch.isalnum() or ch == "_"


def word_hits(norm: list[str], automaton: ahocorasick.Automaton | None
              ) -> tuple[np.ndarray, np.ndarray, list]:
    """Word-bounded hits of ``automaton`` in each string, in one pass over the joined column:
    (row positions, (start, end) spans within each string, automaton values).

    Values are ``(key, prefix, …)``: a prefix key extends to the end of its word. A key edge
    that is not a word character ("#ad", "hon.") is its own boundary.
    """
    empty: tuple[np.ndarray, np.ndarray, list] = (np.zeros(0, dtype=np.int64),
                                                  np.zeros((0, 2), dtype=np.int64), [])
    if automaton is None or not norm:
        return empty
    return _joined_hits(*_newline_joined(norm), automaton)


def _newline_joined(norm: list[str]) -> tuple[str, np.ndarray]:
    """The strings joined by newlines (never a word character: rows cannot run together) and
    each one's start offset."""
    lengths = np.fromiter((len(t) + 1 for t in norm), dtype=np.int64, count=len(norm))
    row_start = np.concatenate(([0], np.cumsum(lengths)[:-1]))
    return "\n".join(norm), row_start


JOIN_ROWS = 20_000  # distinct texts joined per automaton pass (bounds the joined string)


def column_word_hits(ctx: RuleContext, field: str, automaton: ahocorasick.Automaton | None
                     ) -> tuple[np.ndarray, np.ndarray, list]:
    """``word_hits`` over ``norm_column(ctx, field)``, each distinct text searched once (likes,
    reposts and repeated captions). The distinct texts are joined ``JOIN_ROWS`` at a time
    for each pass, not kept joined for the run: one emoji makes a joined string four bytes
    a character, ~0.4 kB a row held for the whole scan."""
    if automaton is None or not len(ctx.activity):
        return word_hits([], None)
    codes, texts = _distinct_column(ctx, field)
    parts = [(rows + first, spans, values) for first, joined, row_start in _joined_chunks(texts)
             for rows, spans, values in [_joined_hits(joined, row_start, automaton)] if values]
    rows, spans, values = _concat_hits(parts) if parts else word_hits([], None)
    if codes is None or not len(rows):
        return rows, spans, values
    return _broadcast(codes, rows, spans, values)


def _joined_chunks(texts: list[str]) -> Iterator[tuple[int, str, np.ndarray]]:
    """(index of the first text, the texts newline-joined, their start offsets), ``JOIN_ROWS``
    texts at a time (no hit spans two texts, and a chunk's edge is a boundary as the newline
    between texts is)."""
    for first in range(0, len(texts), JOIN_ROWS):
        yield first, *_newline_joined(texts[first:first + JOIN_ROWS])


def _concat_hits(parts: list[tuple[np.ndarray, np.ndarray, list]]
                 ) -> tuple[np.ndarray, np.ndarray, list]:
    """One (rows, spans, values) of the chunks' hits, in chunk order."""
    if len(parts) == 1:
        return parts[0]
    return (np.concatenate([p[0] for p in parts]), np.concatenate([p[1] for p in parts]),
            [v for p in parts for v in p[2]])


def _distinct_column(ctx: RuleContext, field: str) -> tuple[np.ndarray | None, list[str]]:
    """``_distinct`` of ``norm_column(ctx, field)``, once per run."""
    return _shared(ctx, f"norm_distinct:{field}", lambda: _distinct(norm_column(ctx, field)))


def column_list_hits(ctx: RuleContext, field: str, automaton: ahocorasick.Automaton | None
                     ) -> dict[object, tuple[np.ndarray, np.ndarray, list]]:
    """Many word lists in ONE pass: {list id: what ``column_word_hits`` gives for that list's
    own automaton}, same hits in the same order.

    ``automaton`` values are ``(key, members)``, each member ``(list id, prefix, value)``: a
    key shared by several lists (as a prefix in one, a whole word in another) is found once,
    its left boundary checked once, its right edge per member.
    """
    if automaton is None or not len(ctx.activity):
        return {}
    codes, texts = _distinct_column(ctx, field)
    parts = []
    for first, joined, row_start in _joined_chunks(texts):
        starts, stops, found = _list_hits(joined, automaton)
        if not found:
            continue
        spans = np.column_stack((np.asarray(starts, dtype=np.int64),
                                 np.asarray(stops, dtype=np.int64)))
        rows = np.searchsorted(row_start, spans[:, 0], side="right") - 1
        parts.append((rows + first, spans - row_start[rows][:, None], found))
    if not parts:
        return {}
    rows, spans, tagged = _concat_hits(parts)
    if codes is not None:
        rows, spans, tagged = _broadcast(codes, rows, spans, tagged)
    picks: dict[object, list[int]] = {}
    for i, (list_id, _) in enumerate(tagged):
        picks.setdefault(list_id, []).append(i)
    return {list_id: (rows[idx], spans[idx], [tagged[i][1] for i in idx])
            for list_id, idx in picks.items()}


def _list_hits(joined: str, automaton: ahocorasick.Automaton
               ) -> tuple[list[int], list[int], list[tuple[object, object]]]:
    """Word-bounded hits of every member list in the joined text (``_joined_hits`` rules:
    a key edge that is not a word character is its own boundary; a prefix runs to the end
    of its word)."""
    starts: list[int] = []
    stops: list[int] = []
    tagged: list[tuple[object, object]] = []
    size = len(joined)
    for last, (key, members) in automaton.iter(joined):
        start, stop = last - len(key) + 1, last + 1
        if start > 0 and _is_word_char(joined[start - 1]) and _is_word_char(key[0]):
            continue
        glued = stop < size and _is_word_char(joined[stop]) and _is_word_char(key[-1])
        word_end = -1
        for list_id, prefix, value in members:
            if prefix:
                if word_end < 0:
                    word_end = stop
                    while word_end < size and _is_word_char(joined[word_end]):
                        word_end += 1
                end = word_end
            elif glued:
                continue
            else:
                end = stop
            starts.append(start)
            stops.append(end)
            tagged.append((list_id, value))
    return starts, stops, tagged


def column_needle_rows(ctx: RuleContext, field: str, needles: Iterable[str]
                       ) -> Callable[[Iterable[str]], np.ndarray] | None:
    """Many literals found in one pass over the lower-cased distinct normalized ``field``
    texts: a function giving, for some of ``needles``, the boolean per row "holds one of
    them" — a superset of ``regex_candidates``' answer (a text holding NUL, which that pass
    reads as a space, holds every needle). None when lower-casing would change the texts'
    lengths (``regex_candidates`` then answers per call).
    """
    codes, texts = _distinct_column(ctx, field)
    keys = sorted({n.lower() for n in needles if n})
    automaton = build_automaton((k, i) for i, k in enumerate(keys))
    found: list[np.ndarray] = []  # flat (end, key id) pairs, text index per pair
    found_texts: list[np.ndarray] = []
    nul: list[np.ndarray] = []
    for first, joined, row_start in _joined_chunks(texts):
        lowered = joined.lower()
        if len(lowered) != len(joined):
            return None
        nul.append(_nul_texts(joined, row_start) + first)
        if automaton is None:
            continue
        flat = np.fromiter(itertools.chain.from_iterable(automaton.iter(lowered)),
                           dtype=np.int64)
        found.append(flat[1::2])
        found_texts.append(np.searchsorted(row_start, flat[0::2], side="right") - 1 + first)
    hit_texts: dict[str, np.ndarray] = {}
    if automaton is not None and texts:
        ids, at = np.concatenate(found), np.concatenate(found_texts)
        order = np.lexsort((at, ids))
        ids, at = ids[order], at[order]
        bounds = np.searchsorted(ids, np.arange(len(keys) + 1))
        hit_texts = {k: at[bounds[i]:bounds[i + 1]] for i, k in enumerate(keys)}
    nul_at = np.concatenate(nul) if nul else np.zeros(0, dtype=np.int64)
    count = len(texts)

    def rows_holding(wanted: Iterable[str]) -> np.ndarray:
        mask = np.zeros(count, dtype=bool)
        mask[nul_at] = True
        for need in (w.lower() for w in wanted if w):
            if need not in hit_texts:  # not looked for in the pass: every text may hold it
                mask[:] = True
                break
            mask[hit_texts[need]] = True
        return mask if codes is None else mask[codes]
    return rows_holding


def _nul_texts(joined_text: str, row_start: np.ndarray) -> np.ndarray:
    """Positions of the joined texts holding a NUL character."""
    at, found = joined_text.find("\x00"), []
    while at >= 0:
        found.append(at)
        at = joined_text.find("\x00", at + 1)
    return np.searchsorted(row_start, np.asarray(found, dtype=np.int64), side="right") - 1


def _distinct(column: pd.Series) -> tuple[np.ndarray | None, list[str]]:
    """(row -> distinct text code, or None when every text is distinct; the distinct
    texts)."""
    codes, uniques = pd.factorize(column.to_numpy(dtype=object))
    texts = [str(u) for u in uniques]
    return (None if len(texts) == len(codes) else codes), texts


def _broadcast(codes: np.ndarray, hit_code: np.ndarray, spans: np.ndarray, values: list
               ) -> tuple[np.ndarray, np.ndarray, list]:
    """Hits found once per distinct text, repeated for every row holding that text, in row
    order (a row's hits keep their order)."""
    order = np.argsort(codes, kind="stable")  # rows grouped by code, ascending within
    ptr = np.searchsorted(codes[order], np.arange(int(codes.max()) + 2))
    per_hit = ptr[hit_code + 1] - ptr[hit_code]
    hit_idx = np.repeat(np.arange(len(hit_code)), per_hit)
    offset = np.arange(len(hit_idx)) - np.repeat(np.cumsum(per_hit) - per_hit, per_hit)
    rows = order[ptr[hit_code][hit_idx] + offset]
    final = np.lexsort((hit_idx, rows))
    rows, hit_idx = rows[final], hit_idx[final]
    return rows.astype(np.int64), spans[hit_idx], [values[i] for i in hit_idx.tolist()]


def _joined_hits(joined: str, row_start: np.ndarray, automaton: ahocorasick.Automaton
                 ) -> tuple[np.ndarray, np.ndarray, list]:
    empty: tuple[np.ndarray, np.ndarray, list] = (np.zeros(0, dtype=np.int64),
                                                  np.zeros((0, 2), dtype=np.int64), [])
    spans, values = [], []
    for last, value in automaton.iter(joined):
        key = value[0]
        start, stop = last - len(key) + 1, last + 1
        if start > 0 and _is_word_char(joined[start - 1]) and _is_word_char(key[0]):
            continue
        if value[1]:
            while stop < len(joined) and _is_word_char(joined[stop]):
                stop += 1
        elif stop < len(joined) and _is_word_char(joined[stop]) and _is_word_char(key[-1]):
            continue
        spans.append((start, stop))
        values.append(value)
    if not values:
        return empty
    arr = np.asarray(spans, dtype=np.int64)
    rows = np.searchsorted(row_start, arr[:, 0], side="right") - 1
    return rows, arr - row_start[rows][:, None], values


def regex_candidates(values: object, needs: Iterable[str]) -> np.ndarray:
    """Boolean mask of the strings holding, lower-cased, any of the literals ``needs``.

    A pattern declares ``needs`` so that every match contains one of them; the mask is then
    a superset of the strings the pattern matches, found in one joined pass.
    """
    values = _strings(values)
    automaton = build_automaton((need.lower(), None) for need in needs)
    mask = np.zeros(len(values), dtype=bool)
    if automaton is not None:
        mask[automaton_rows([v.lower() for v in values], automaton)] = True
    return mask


def needle_texts(values: object, needles: Iterable[str]) -> dict[str, np.ndarray]:
    """For each of ``needles`` found, the sorted positions of the strings holding it: one
    Aho-Corasick pass over the NUL-joined column (a needle holds no NUL, so none spans two
    strings), so a pattern's prefilter costs a lookup, not a pass."""
    values = _strings(values)
    keys = sorted({n for n in needles if n})
    automaton = build_automaton((k, i) for i, k in enumerate(keys))
    if automaton is None or not len(values):
        return {}
    big, starts = joined(values)
    flat = np.fromiter(itertools.chain.from_iterable(automaton.iter(big)), dtype=np.int64)
    ends, ids = flat[0::2], flat[1::2]
    at = np.searchsorted(starts, ends, side="right") - 1
    order = np.lexsort((at, ids))
    ids, at = ids[order], at[order]
    bounds = np.searchsorted(ids, np.arange(len(keys) + 1))
    return {k: np.unique(at[bounds[i]:bounds[i + 1]]) for i, k in enumerate(keys)
            if bounds[i + 1] > bounds[i]}


def joined_regex_rows(values: object, pattern: re.Pattern, rows: np.ndarray | None = None
                      ) -> np.ndarray:
    """``regex_rows`` in one ``finditer`` over the strings joined by NUL: for a pattern with
    no anchor and no class or lookaround that can match NUL (so no match spans two strings
    and each string's edges look as they do alone), the same positions at C speed."""
    values = _strings(values)
    pos = np.arange(len(values)) if rows is None else np.asarray(rows, dtype=np.int64)
    if not len(pos):
        return pos
    picked = values[pos]
    lengths = np.fromiter(map(len, picked), dtype=np.int64, count=len(picked))
    starts = np.zeros(len(picked), dtype=np.int64)
    np.cumsum(lengths[:-1] + 1, out=starts[1:])
    found = np.fromiter((m.start() for m in pattern.finditer("\x00".join(picked))),
                        dtype=np.int64)
    return pos[np.unique(np.searchsorted(starts, found, side="right") - 1)]


def regex_rows(values: object, pattern: re.Pattern, rows: np.ndarray | None = None,
               needs: Iterable[str] | None = None) -> np.ndarray:
    """Positions (within ``rows`` when given) whose string ``pattern.search`` finds.

    With ``needs`` (literals every match contains one of, declared beside the pattern) the
    regex runs only on the strings holding one; without, on every string.
    """
    values = _strings(values)
    pos = np.arange(len(values)) if rows is None else np.asarray(rows, dtype=np.int64)
    if needs is not None:
        pos = pos[regex_candidates(values[pos], needs)]
    return np.asarray([r for r in pos if pattern.search(values[r])], dtype=np.int64)


# --- names -------------------------------------------------------------------------------

def _automaton(table: dict[str, list]) -> ahocorasick.Automaton | None:
    """An automaton mapping each normalized key to (key, payloads); None when empty."""
    return build_automaton((key, (key, payloads)) for key, payloads in table.items())


def _compound(name: str) -> bool:
    """A hyphenated or umlauted name, which people also type other ways."""
    return "-" in name or any(ch in name for ch in "äöüÄÖÜß")


def name_automaton(ents: list[Entity]) -> ahocorasick.Automaton | None:
    """Automaton of every normalized name/alias variant -> [(entity, multiword), …]."""
    table: dict[str, list[tuple[int, bool]]] = {}
    for ent in ents:
        for name in (ent.name, *ent.aliases):
            # compound names typed with a space, without the hyphen, or "ue" for "ü"
            found = ([v for n in sorted(spellings(name)) for v in name_variants(n)]
                     if _compound(name) else [])
            for variant in dict.fromkeys([*name_variants(name), *found]):
                if len(variant) < 3:
                    continue
                payload = (ent.index, len(variant.split()) > 1)
                if payload not in table.setdefault(variant, []):
                    table[variant].append(payload)
    return _automaton(table)


def _bounded(text: str, start: int, end: int) -> bool:
    """Word boundaries on both sides (so "ross" does not match inside "rossi")."""
    return ((start == 0 or not _is_word_char(text[start - 1]))
            and (end == len(text) or not _is_word_char(text[end])))


def longest_hits(text: str, automaton: ahocorasick.Automaton) -> list[tuple[int, int, Any]]:
    """Word-bounded automaton hits in ``text``; overlapping hits keep the longest."""
    hits = []
    for last, (key, payload) in automaton.iter(text):
        start = last - len(key) + 1
        if _bounded(text, start, last + 1):
            hits.append((start, last + 1, payload))
    hits.sort(key=lambda h: (h[0] - h[1], h[0]))  # longest first, then leftmost
    kept: list[tuple[int, int, Any]] = []
    for hit in hits:
        if all(hit[1] <= k[0] or hit[0] >= k[1] for k in kept):
            kept.append(hit)
    return sorted(kept)


def _name_hits(norm: pd.Series, automaton: ahocorasick.Automaton, field: str) -> pd.DataFrame:
    rows, ents, starts, ends, whole, multi = [], [], [], [], [], []
    values = norm.to_numpy(dtype=object)
    for row in automaton_rows(values, automaton):
        text = values[row]
        for start, end, payloads in longest_hits(text, automaton):
            for ent, multiword in payloads:
                rows.append(row)
                ents.append(ent)
                starts.append(start)
                ends.append(end)
                whole.append(start == 0 and end == len(text.rstrip()))
                multi.append(multiword)
    return pd.DataFrame({"row": pd.Series(rows, dtype="int64"),
                         "entity": pd.Series(ents, dtype="int64"),
                         "nstart": pd.Series(starts, dtype="int64"),
                         "nend": pd.Series(ends, dtype="int64"),
                         "whole": pd.Series(whole, dtype=bool),
                         "multiword": pd.Series(multi, dtype=bool), "field": field})


# --- handles and ids ---------------------------------------------------------------------

def _handle_table(ents: list[Entity]) -> pd.DataFrame:
    records = [(str(h.platform), match_key(h.handle) or None,
                str(h.account_id) if h.account_id else None, e.index)
               for e in ents for h in e.handles]
    return pd.DataFrame(records, columns=["platform", "handle", "account_id", "entity"])


def _handle_hits(activity: pd.DataFrame, ents: list[Entity]) -> pd.DataFrame:
    table = _handle_table(ents)
    frames = []
    base = pd.DataFrame({"row": np.arange(len(activity), dtype="int64"),
                         "platform": activity["platform"].astype("string").to_numpy()})
    by_id = table.dropna(subset=["account_id"])
    if len(by_id):
        ids = base.assign(account_id=activity["counterpart_id"].astype("string").to_numpy())
        hit = ids.merge(by_id[["platform", "account_id", "entity"]], on=["platform", "account_id"])
        frames.append(hit.assign(field="counterpart_id", method="id", token=hit["account_id"]))
    by_handle = table.dropna(subset=["handle"])
    if len(by_handle):
        # the profile's handles went through the same match_key; Facebook's are display names
        cp = base.assign(handle=match_keys(activity["counterpart"]))
        hit = cp.merge(by_handle[["platform", "handle", "entity"]], on=["platform", "handle"])
        frames.append(hit.assign(field="counterpart", method="handle", token=hit["handle"]))
        mentions = base.assign(handle=normalize_series(activity["mentions"]).str.split()
                               .to_numpy()).explode("handle").dropna(subset=["handle"])
        mentions["handle"] = match_keys(mentions["handle"])
        hit = mentions.merge(by_handle[["platform", "handle", "entity"]],
                             on=["platform", "handle"])
        frames.append(hit.assign(field="mentions", method="handle", token=hit["handle"]))
    frames = [f for f in frames if len(f)]
    if not frames:
        return pd.DataFrame(columns=["row", "entity", "field", "method", "token"])
    return pd.concat(frames, ignore_index=True)[["row", "entity", "field", "method", "token"]]


def _token_span(original: object, token: str) -> tuple[int, int, str]:
    text = original if isinstance(original, str) else ""
    found = normalize(text).find(token)  # ids and handles are ASCII: same offsets
    if found < 0:
        return 0, len(text), text
    return found, found + len(token), text[found:found + len(token)]


# --- case signals and courtroom words ----------------------------------------------------

def _docket_tokens(value: str) -> list[str]:
    """A docket's tokens, lower case, zero padding dropped ("00088" -> "88")."""
    tokens = [t for t in re.split(r"[\W_]+", normalize(value)) if t]
    return [(t.lstrip("0") or "0") if t.isdigit() else t for t in tokens]


def case_id_key(value: str) -> str:
    """Case id as people type it: separators (any dash, space, slash) and zero padding
    dropped, so "IND-0789/2023", "ind 789/2023" and "ind–0789–2023" share a key."""
    return "".join(_docket_tokens(value))


def case_id_regex(cases: list) -> tuple[re.Pattern | None, dict[str, str]]:
    """One alternation of every listed case id, separators loosened, over normalized text."""
    keys: dict[str, str] = {}
    parts = []
    for case in cases:
        tokens = _docket_tokens(case.case_id)
        key = "".join(tokens)
        if len(key) < 4 or key in keys:
            continue
        keys[key] = case.case_id
        parts.append(_SEP.join("0*" + re.escape(t) if t.isdigit() else re.escape(t)
                               for t in tokens))
    if not parts:
        return None, keys
    parts.sort(key=len, reverse=True)
    return re.compile(r"(?<![\w/])(?:" + "|".join(parts) + r")(?![\w/])"), keys


def _case_term_automaton(cases: list) -> ahocorasick.Automaton | None:
    table: dict[str, list[tuple[str, str]]] = {}
    for case in cases:
        terms = [("caption", case.caption), ("court", case.court)]
        terms += [("keyword", k) for k in case.keywords]
        for signal, term in terms:
            key = " ".join(normalize(term).split())
            if len(key) >= 4 and (case.case_id, signal) not in table.setdefault(key, []):
                table[key].append((case.case_id, signal))
    return _automaton(table)


def case_signals(ctx: RuleContext) -> pd.DataFrame:
    """Per (row, case): listed case id, full caption, case keyword or court name in ``text``.

    Spans are in normalized coordinates (``original_span`` maps them back).
    """
    def build() -> pd.DataFrame:
        norm = norm_column(ctx, "text")
        cases = ctx.profile.cases
        records: list[tuple[int, str, str, int, int]] = []
        pattern, keys = case_id_regex(cases)
        if pattern is not None:
            values = norm.to_numpy(dtype=object)
            # every match holds each token of its case id: the longest one is its literal
            needs = [max(_docket_tokens(c.case_id) or [""], key=len) for c in cases]
            for row in regex_rows(values, pattern, needs=needs):
                for m in pattern.finditer(values[row]):
                    case_id = keys.get(case_id_key(m.group(0)))
                    if case_id:
                        records.append((row, case_id, "case_id", m.start(), m.end()))
        automaton = _case_term_automaton(cases)
        if automaton is not None:
            values = norm.to_numpy(dtype=object)
            for row in automaton_rows(values, automaton):
                for start, end, payloads in longest_hits(values[row], automaton):
                    records += [(row, cid, sig, start, end) for cid, sig in payloads]
        frame = pd.DataFrame(records, columns=list(SIGNAL_COLUMNS))
        return frame.astype({"row": "int64", "start": "int64", "end": "int64"})
    return _shared(ctx, "case_signals", build)


def languages_for(jurisdiction: str | None) -> tuple[str, ...]:
    """Courtroom-word languages for a jurisdiction name ("US-model" -> en; unknown -> all)."""
    prefix = (jurisdiction or "").split("-")[0].upper()
    return _LANGUAGES_BY_PREFIX.get(prefix, ALL_LANGUAGES)


def courtroom_words(languages: tuple[str, ...] = ALL_LANGUAGES) -> list[str]:
    """rules.md 6.3 lists for ``languages``, normalized."""
    raw = tomllib.loads(resources.files("presence_audit").joinpath(
        "data/courtroom_words.toml").read_text(encoding="utf-8"))
    words = {normalize(w) for lang in languages for w in raw.get(lang, {}).get("words", [])}
    return sorted(words, key=len, reverse=True)


def courtroom_regex(languages: tuple[str, ...] = ALL_LANGUAGES) -> re.Pattern:
    """One word-bounded alternation of the courtroom words, for normalized text."""
    words = courtroom_words(languages)
    return re.compile(r"(?<!\w)(?:" + "|".join(re.escape(w) for w in words) + r")(?!\w)")


def courtroom_spans(ctx: RuleContext) -> pd.DataFrame:
    """Rows of ``text`` with courtroom words: (row, start, end) in normalized coordinates."""
    def build() -> pd.DataFrame:
        languages = languages_for(ctx.profile.subject.jurisdiction)
        pattern = courtroom_regex(languages)
        norm = norm_column(ctx, "text")
        values = norm.to_numpy(dtype=object)
        records = [(row, m.start(), m.end())
                   for row in regex_rows(values, pattern, needs=courtroom_words(languages))
                   for m in pattern.finditer(values[row])]
        return pd.DataFrame(records, columns=["row", "start", "end"]).astype("int64")
    return _shared(ctx, "courtroom_spans", build)


# --- the match table ---------------------------------------------------------------------

def _corroborated(hits: pd.DataFrame, ents: list[Entity], ctx: RuleContext) -> np.ndarray:
    """Name hits with a second signal: courtroom word, a case signal, or co-mentioned counsel."""
    if not len(hits):
        return np.zeros(0, dtype=bool)
    court_rows = set(courtroom_spans(ctx)["row"])
    ok = hits["row"].isin(court_rows).to_numpy().copy()
    cases = pd.DataFrame({"i": np.arange(len(hits)), "row": hits["row"].to_numpy(),
                          "case_id": [ents[e].case_ids for e in hits["entity"]]}
                         ).explode("case_id").dropna(subset=["case_id"])
    signals = case_signals(ctx)[["row", "case_id"]].drop_duplicates()
    ok[cases.merge(signals, on=["row", "case_id"])["i"].to_numpy(dtype="int64")] = True
    counsel = pd.DataFrame(
        [(row, cid, e) for row, e in zip(hits["row"], hits["entity"], strict=True)
         if ents[e].role == "counsel" for cid in ents[e].case_ids],
        columns=["row", "case_id", "counsel"])
    if len(counsel):
        co = cases.merge(counsel, on=["row", "case_id"])
        co = co[co["counsel"].to_numpy() != hits["entity"].to_numpy()[co["i"].to_numpy()]]
        ok[co["i"].to_numpy(dtype="int64")] = True
    return ok


def _empty_matches() -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype="int64" if c in ("row", "entity", "start", "end")
                                      else object) for c in MATCH_COLUMNS})


def match_entities(ctx: RuleContext) -> pd.DataFrame:
    """The match table (``MATCH_COLUMNS``), one row per (activity row, entity), best first.

    ``start``/``end``/``matched`` are in the ORIGINAL field text; ``case_ids`` is a tuple.
    """
    return _shared(ctx, "entity_matches", lambda: _match_entities(ctx))


def _match_entities(ctx: RuleContext) -> pd.DataFrame:
    ents = entity_list(ctx)
    activity = ctx.activity
    if not ents or not len(activity):
        return _empty_matches()
    parts = []
    handles = _handle_hits(activity, ents)
    if len(handles):
        raw = {f: activity[f].astype(object).to_numpy() for f in set(handles["field"])}
        spans = [_token_span(raw[f][r], t) for r, f, t in
                 zip(handles["row"], handles["field"], handles["token"], strict=True)]
        parts.append(handles.assign(
            start=[s[0] for s in spans], end=[s[1] for s in spans],
            matched=[s[2] for s in spans], confidence="high").drop(columns="token"))
    automaton = _shared(ctx, "name_automaton", lambda: name_automaton(ents))
    if automaton is not None:
        names = pd.concat([_name_hits(norm_column(ctx, f), automaton, f)
                           for f in ("text", "counterpart")], ignore_index=True)
        if len(names):
            corroborated = _corroborated(names, ents, ctx)
            exact_cp = ((names["field"] == "counterpart") & names["whole"]
                        & names["multiword"]).to_numpy()
            spans = [original_span(ctx, r, f, s, e) for r, f, s, e in zip(
                names["row"], names["field"], names["nstart"], names["nend"], strict=True)]
            parts.append(pd.DataFrame({
                "row": names["row"], "entity": names["entity"], "field": names["field"],
                "method": "name", "start": [s[0] for s in spans], "end": [s[1] for s in spans],
                "matched": [s[2] for s in spans],
                "confidence": np.where(corroborated | exact_cp, "medium", "low")}))
    if not parts:
        return _empty_matches()
    out = pd.concat(parts, ignore_index=True)
    out["_c"] = out["confidence"].map(CONFIDENCE_RANK)
    out["_m"] = out["method"].map(METHOD_RANK)
    out = (out.sort_values(["row", "entity", "_c", "_m", "start"],
                           ascending=[True, True, False, False, True], kind="stable")
           .drop_duplicates(["row", "entity"]).drop(columns=["_c", "_m"]))
    out["entity_name"] = [ents[e].name for e in out["entity"]]
    out["role"] = [ents[e].role for e in out["entity"]]
    out["case_ids"] = [ents[e].case_ids for e in out["entity"]]
    out = out.astype({"row": "int64", "entity": "int64", "start": "int64", "end": "int64"})
    return out[list(MATCH_COLUMNS)].reset_index(drop=True)


def all_name_spans(ctx: RuleContext, field: str = "text") -> pd.DataFrame:
    """Every word-bounded name hit in ``field`` (row, entity, start, end, normalized coords).

    Unlike ``match_entities`` this keeps a name hit even when the same row also matched
    the entity by handle, for rules that need the name's position (CASE_REFERENCE).
    """
    def build() -> pd.DataFrame:
        ents = entity_list(ctx)
        automaton = _shared(ctx, "name_automaton", lambda: name_automaton(ents))
        if automaton is None:
            return pd.DataFrame(columns=["row", "entity", "nstart", "nend"]).astype("int64")
        hits = _name_hits(norm_column(ctx, field), automaton, field)
        return hits[["row", "entity", "nstart", "nend"]]
    return _shared(ctx, f"name_spans:{field}", build)


# --- counterpart resolution --------------------------------------------------------------

def resolve_counterparts(activity: pd.DataFrame, id_handles: dict[str, dict[str, str]] | None,
                         profile: Profile) -> pd.DataFrame:
    """Fill empty ``counterpart`` from ``counterpart_id`` (a copy; the input is untouched).

    X likes, follows and followers carry numeric ids only (formats.md 1.8): the archive's own
    id->handle pairs (mentions, DMs) come first, then ids the profile lists with a handle.
    """
    pairs: dict[tuple[str, str], str] = {}
    for ent in entities(profile):
        for h in ent.handles:
            if h.account_id and h.handle:
                pairs.setdefault((str(h.platform), str(h.account_id)), h.handle)
    for platform, table in (id_handles or {}).items():
        for account_id, handle in table.items():
            if account_id and handle:
                pairs[(str(platform), str(account_id))] = str(handle).lstrip("@")
    # shallow: only ``counterpart`` is replaced (a new column, never written into), so the
    # input stays untouched without a second copy of every column
    out = activity.copy(deep=False)
    if not pairs or not len(out):
        return out
    lookup = pd.Series(list(pairs.values()),
                       index=pd.MultiIndex.from_tuples(list(pairs), names=["p", "i"]),
                       dtype="string")
    keys = pd.MultiIndex.from_arrays([out["platform"].astype("string").fillna(""),
                                      out["counterpart_id"].astype("string").fillna("")])
    resolved = pd.Series(lookup.reindex(keys).to_numpy(), index=out.index, dtype="string")
    empty = out["counterpart"].isna() | (out["counterpart"].astype("string").str.strip() == "")
    out["counterpart"] = out["counterpart"].where(~(empty & resolved.notna()), resolved)
    out["counterpart"] = out["counterpart"].astype(activity["counterpart"].dtype)
    return out
