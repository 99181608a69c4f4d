"""The case-mention index: how people actually name the subject's cases (issue 12).

Built once per profile and cached in the run's shared cache. Per case, from its parties:
- ``full``: full names, aliases and compound spellings ("Lane-Porter", "Lane Porter",
  "LanePorter", German "ue" for "ü"), and an organisation's short name (legal suffixes and
  generic words dropped: "Quarry Ridge" for "Quarry Ridge Holdings, LLC"); they count with a
  case noun or courtroom word anywhere in the item;
- ``token``: a distinctive surname or organisation word ("Marlowe", "Kerhoas"); it counts with
  a case noun at most two words away ("the Marlowe trial", "el juicio de Iturralde");
- ``common``: a surname that is also a common word of the profile's languages (word
  frequencies, ``wordfreq``: "Price", "Moro", "Fuchs"); it counts only right next to a case
  noun ("the Price case");
- ``hashtag``: the names run together, alone or with a case noun ("#Marlowe",
  "#MarloweTrial", "#ProzessRuckstuhl"); it counts on its own.
Sovereign parties (the State, the Crown, the public prosecutor) are left out: they name every
case of a prosecutor and identify none. Typos of distinctive words (6+ letters, one edit) are
looked for only next to a case noun, where no listed name explains the words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache, lru_cache
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
from rapidfuzz.distance import OSA
from rapidfuzz.process import cdist

from presence_audit.matching import (
    Entity,
    build_automaton,
    column_word_hits,
    courtroom_words,
    entity_list,
    languages_for,
    match_entities,
    norm_column,
    original_span,
)
from presence_audit.rules import RuleContext
from presence_audit.rules.toolkit import page_names
from presence_audit.rules.toolkit.cues import cue_lists
from presence_audit.rules.toolkit.rows import shared
from presence_audit.textnorm import HONORIFICS, normalize, spellings

if TYPE_CHECKING:
    from presence_audit.profile import Profile

CUES = "case_mentions"
COMMON_ZIPF = 3.5  # a word at least this frequent in a profile language is "common"
TYPO_MIN = 6  # distinctive words this long or longer are matched with one edit
TOKEN_GAP = 2  # words allowed between a distinctive name and its case noun
PARTY_ROLES = ("party", "victim")
# titles before a surname: not another person's first name, and their dot ends no sentence
TITLES = (*HONORIFICS, "m", "me", "maitre", "monsieur", "madame", "signor", "signora",
          "senor", "senora", "dott", "dottor", "avvocato", "herrn", "mrs", "mr", "ms")
_WORD = re.compile(r"\w+")
_STOP_GAP = re.compile(r"[.!?;:]")
_NON_LETTER = re.compile(r"[^a-z]+")
_POSSESSIVE = re.compile(r"^['’]s\b")
_TITLE_DOT = re.compile(r"(?<!\w)(?:" + "|".join(re.escape(h) for h in TITLES) + r")\.")
OPENER = "noun_tag"  # a case noun as a hashtag's start, joined with the name after it
EVIDENCE_COLUMNS = ["row", "case_id", "how", "confidence", "start", "end", "matched"]


@dataclass
class CaseIndex:
    """Matchable forms of the profile's cases (see the module docstring)."""

    terms: dict[str, tuple[str, set[str]]] = field(default_factory=dict)  # key -> (kind, ids)
    hashtags: dict[str, set[str]] = field(default_factory=dict)  # "#name" -> case ids
    keyword_tags: set[str] = field(default_factory=set)  # hashtags that are case keywords
    nouns: set[str] = field(default_factory=set)
    first_names: dict[str, set[str]] = field(default_factory=dict)  # surname key -> firsts
    typo_keys: dict[str, set[str]] = field(default_factory=dict)  # distinctive word -> ids
    org_keys: dict[str, set[int]] = field(default_factory=dict)  # org short name -> entities
    org_names: dict[str, set[int]] = field(default_factory=dict)  # whole short names only

    def add(self, key: str, kind: str, case_ids: list[str]) -> None:
        """Add a term; a key listed under two strengths keeps the stronger (full > token)."""
        key = " ".join(key.split())
        if len(key.replace(" ", "")) < 3:
            return
        rank = {"full": 2, "token": 1, "common": 0}
        old_kind, ids = self.terms.get(key, (kind, set()))
        ids.update(case_ids)
        self.terms[key] = (max(old_kind, kind, key=rank.__getitem__), ids)


# --- word lists --------------------------------------------------------------------------

@cache
def _list(list_name: str, languages: tuple[str, ...]) -> tuple[str, ...]:
    lists = cue_lists(CUES, list_name)
    return tuple(dict.fromkeys(t for lang in languages for t in lists.get(lang, ())))


@cache
def suffixes() -> tuple[str, ...]:
    """Legal-form suffixes, normalized, longest first."""
    return tuple(sorted(_list("suffixes", ("all",)), key=len, reverse=True))


@cache
def _suffix_re() -> re.Pattern[str]:
    """One trailing legal suffix after a space or comma; the leftmost match is the longest
    ("gmbh & co. kg" before "kg")."""
    return re.compile("[ ,](?:" + "|".join(re.escape(s) for s in suffixes()) + ")$")


@cache
def generic_words() -> frozenset[str]:
    """Words of organisation names that identify nothing, every language."""
    return frozenset(w for phrase in _list("generic", ("en", "it", "es", "fr", "de"))
                     for w in phrase.split())


@cache
def _sovereign_forms() -> tuple[frozenset[str], frozenset[str]]:
    """(whole names, names that may also open a longer one) of the sovereign list."""
    whole_only = {"rex", "regina"}  # "R v. Smith"; "Regina Adams" is a person
    forms = frozenset(_list("sovereign", ("en", "it", "es", "fr", "de")))
    return forms, forms - whole_only


@lru_cache(maxsize=1 << 16)  # asked per party, contact and handle: once per distinct name
def is_sovereign(name: str) -> bool:
    """The State, the Crown, the public prosecutor… (never identifies a case alone): the
    name, or its words up to any space, is on the sovereign list (set lookups, not a scan
    of the list per name)."""
    text = " ".join(normalize(name).replace(",", " ").split())
    whole, opening = _sovereign_forms()
    return text in whole or any(text[:i] in opening for i, ch in enumerate(text) if ch == " ")


def case_nouns(languages: tuple[str, ...]) -> set[str]:
    """Case nouns of ``languages`` plus the rules.md 6.3 courtroom words."""
    return set(_list("nouns", languages)) | set(courtroom_words(languages))


@cache
def _zipf(word: str, languages: tuple[str, ...]) -> float:
    try:
        from wordfreq import zipf_frequency
    except ImportError:  # an install without wordfreq: every surname counts as common
        return COMMON_ZIPF
    return max((zipf_frequency(word, lang) for lang in languages), default=0.0)


def is_common(word: str, languages: tuple[str, ...]) -> bool:
    """The word (as written, accents kept) is a frequent word of one of ``languages``."""
    return _zipf(word.lower(), languages) >= COMMON_ZIPF


# --- names -------------------------------------------------------------------------------

def _strip_suffixes(text: str) -> tuple[str, bool]:
    """``text`` (normalized) without trailing legal suffixes, and whether any was dropped."""
    out, dropped = text.strip(" ,"), False
    for _ in range(3):
        found = _suffix_re().search(out)
        if not found:
            break
        out, dropped = out[: found.start()].strip(" ,"), True
    return out, dropped


@lru_cache(maxsize=1 << 16)  # counterparts and names repeat; one call per distinct string
def org_key(name: str) -> tuple[str, bool]:
    """An organisation's short name (normalized, suffixes and generic words dropped) and
    whether ``name`` reads as an organisation (it had a suffix or a generic word)."""
    text, dropped = _strip_suffixes(" ".join(normalize(name).split()))
    generic = generic_words()
    words = [w for w in re.split(r"[\s,]+", text) if w]
    kept = [w for w in words if w not in generic and w.strip(".'") not in generic]
    # a dropped word like "Commune" or "Holdings" marks an organisation; a particle ("Le",
    # "de", "von") does not: "Anne Le Goff-Tanguy" is a person
    named = any(len(w) > 3 for w in words if w not in kept)
    return " ".join(kept), dropped or named


def build_index(profile: Profile, ents: list[Entity]) -> CaseIndex:
    """The index for ``profile`` (see the module docstring)."""
    langs = languages_for(profile.subject.jurisdiction)
    index = CaseIndex(nouns=case_nouns(langs))
    for ent in ents:
        if ent.role not in PARTY_ROLES or not ent.case_ids or is_sovereign(ent.name):
            continue
        for name in (ent.name, *ent.aliases):
            _add_name(index, ent, name, langs)
    # a court's town ("Landgericht Kassel") names the court, not a case; a case noun is no name
    places = {w for c in profile.cases for w in normalize(c.court).split()}
    places |= set(normalize(profile.subject.court or "").split())
    for key in [k for k, (kind, _) in index.terms.items()
                if kind != "full" and (k in places or k in index.nouns)]:
        del index.terms[key]
    for key, (kind, ids) in list(index.terms.items()):
        if kind != "common" and " " not in key:
            index.hashtags.setdefault("#" + key.replace("-", ""), set()).update(ids)
        elif kind == "full":
            index.hashtags.setdefault("#" + key.replace(" ", "").replace("-", ""),
                                      set()).update(ids)
        if kind == "token" and len(key) >= TYPO_MIN and key.isalpha():
            index.typo_keys.setdefault(key, set()).update(ids)
    for case in profile.cases:
        for keyword in case.keywords:
            _add_keyword_tag(index, case.case_id, keyword, langs)
    return index


def _add_keyword_tag(index: CaseIndex, case_id: str, keyword: str,
                     langs: tuple[str, ...]) -> None:
    """A case keyword run together as a hashtag ("#HarborStreetFire", "#rapineinvilla")
    names its case as a name's hashtag does: a hashtag is a deliberate label, where the
    keyword's words in running text need courtroom words. A one-word keyword that is a
    common word ("#fire") labels nothing."""
    words = normalize(keyword).replace("-", " ").split()
    if not words or (len(words) == 1 and is_common(words[0], langs)):
        return
    tag = "#" + "".join(words)
    if tag not in index.hashtags:  # a name's hashtag stays a name's
        index.keyword_tags.add(tag)
    index.hashtags.setdefault(tag, set()).add(case_id)


def _add_name(index: CaseIndex, ent: Entity, name: str, langs: tuple[str, ...]) -> None:
    ids = list(ent.case_ids)
    short, is_org = org_key(name)
    for form in spellings(name):
        index.add(form, "full", ids)
    if is_org:
        _add_org(index, ent, name, short, langs)
        return
    words = name.split()
    if len(words) < 2:
        return
    # the surname: everything after the first name ("Le Goff-Tanguy", "Müller-Lüdenscheidt")
    first, surname = words[0], " ".join(words[1:])
    # parts of a hyphenated last word ("Goff-Tanguy"), not every word of a long name
    raw_parts = [p for p in surname.split()[-1].split("-") if p]
    forms = spellings(surname)
    if len(raw_parts) > 1:  # "Le dossier LeGoffTanguy"
        forms |= {f.replace(" ", "").replace("-", "") for f in forms}
    for form in forms:
        kind = "token" if len(surname.split("-")) > 1 or " " in surname else _strength(
            surname, langs)
        index.add(form, kind, ids)
        index.first_names.setdefault(form, set()).add(normalize(first))
    if len(raw_parts) > 1:
        for part in raw_parts:
            if len(part) >= 4:
                for form in spellings(part):
                    index.add(form, _strength(part, langs), ids)
                    index.first_names.setdefault(form, set()).add(normalize(first))


def _add_org(index: CaseIndex, ent: Entity, name: str, short: str,
             langs: tuple[str, ...]) -> None:
    """An organisation's short name (``org_key``) and its words, each by its strength."""
    ids = list(ent.case_ids)
    for form in spellings(short):
        if " " in form:
            index.add(form, "full", ids)
    index.org_keys.setdefault(short, set()).add(ent.index)
    for form in spellings(short):
        index.org_names.setdefault(form, set()).add(ent.index)
    written = {normalize(w): w for w in re.split(r"[\s,]+", name) if w}
    for word in short.split():
        strength = _strength(written.get(word, word), langs)
        index.add(word, strength, ids)
        if strength == "token" and len(word) >= 5:  # a page called just "Kerhoas"
            index.org_keys.setdefault(word, set()).add(ent.index)


def _strength(written: str, langs: tuple[str, ...]) -> str:
    """``common`` when the word as written (accents kept: "Vitré" is not "vitre") is a
    frequent word of the profile's languages, else ``token``."""
    return "common" if is_common(written, langs) else "token"


def mention_index(ctx: RuleContext) -> CaseIndex:
    """The profile's case-mention index, built once per run."""
    return shared(ctx, "case_index", lambda: build_index(ctx.profile, entity_list(ctx)))


def sovereign_entities(ctx: RuleContext) -> set[int]:
    """Indexes of the listed parties that are sovereign (the State, the prosecutor…)."""
    return shared(ctx, "sovereign_entities", lambda: {
        e.index for e in entity_list(ctx) if e.role == "party" and is_sovereign(e.name)})


# --- matching ----------------------------------------------------------------------------

def _automaton(index: CaseIndex) -> object:
    """Terms, case nouns, name hashtags, and each case noun as a hashtag opener ("#trial",
    "#prozess") that ``_join_noun_tags`` joins with the name hashtag after it. Adding every
    noun-and-hashtag pair instead would grow the automaton with the watch list times the
    nouns (~20 times); a hashtag key equal to an opener keeps its hashtag value."""
    items = [(k, (k, False, kind, frozenset(ids))) for k, (kind, ids) in index.terms.items()]
    items += [(n, (n, False, "noun", frozenset())) for n in index.nouns if n not in
              index.terms]
    items += [(o, (o, True, OPENER, frozenset())) for o in _tag_join(index).openers]
    items += [(t, (t, True, "hashtag", frozenset(ids))) for t, ids in index.hashtags.items()]
    return build_automaton(items)


@dataclass(frozen=True)
class _TagJoin:
    """What ``_join_noun_tags`` needs: the openers ("#" + a case noun without spaces), the
    hashtags by their text after "#", the distinct lengths of those, and the order in which
    a noun-opened hashtag takes its cases when two (noun, hashtag) pairs spell it alike."""

    openers: dict[str, int]  # "#trial" -> rank of the noun
    tags: dict[str, tuple[int, str]]  # "marlowe" -> (rank, "#marlowe")
    lengths: tuple[int, ...]


def _tag_join(index: CaseIndex) -> _TagJoin:
    tags = {t[1:]: (i, t) for i, t in enumerate(index.hashtags)}
    return _TagJoin(openers={"#" + n: i for i, n in enumerate(index.nouns) if " " not in n},
                    tags=tags, lengths=tuple(sorted({len(b) for b in tags})))


def _join_noun_tags(index: CaseIndex, texts: np.ndarray, rows: np.ndarray, spans: np.ndarray,
                    values: list) -> tuple[np.ndarray, np.ndarray, list]:
    """The hits with each opener ("#trial") replaced by the noun-opened hashtags it starts
    ("#trialmarlowe", "#prozessruckstuhl"): a hashtag hit reaching to the end of its word,
    as if every noun-and-hashtag pair were a key (a row's hits by key end, longest first)."""
    join = _tag_join(index)
    found: dict[tuple[int, int], dict[str, tuple[tuple[int, int], set[str]]]] = {}
    for i in [i for i, v in enumerate(values) if v[0] in join.openers]:
        row, start, opener = int(rows[i]), int(spans[i, 0]), values[i][0]
        text, after = texts[row], start + len(opener)
        for size in join.lengths:
            tag = join.tags.get(text[after:after + size]) if after + size <= len(text) else None
            if tag is None:
                continue
            key, rank = opener + text[after:after + size], (tag[0], join.openers[opener])
            best = found.setdefault((row, start), {}).get(key)
            if best is None or rank > best[0]:  # the pair listed last wins, like a re-added key
                found[(row, start)][key] = (rank, index.hashtags[tag[1]])
    if not found:  # openers without a hashtag after them: drop them
        keep = [i for i, v in enumerate(values) if v[2] != OPENER]
        return rows[keep], spans[keep], [values[i] for i in keep]
    out: list[tuple[int, int, int, tuple]] = []
    for row, (start, stop), value in zip(rows.tolist(), spans.tolist(), values, strict=True):
        if value[2] == OPENER:
            continue
        joined = found.get((row, start), {}).pop(value[0], None)
        out.append((row, start, stop, value if joined is None else
                    (value[0], True, "hashtag", frozenset(joined[1]))))
    for (row, start), keys in found.items():
        out += [(row, start, _word_end(texts[row], start + len(key)),
                 (key, True, "hashtag", frozenset(ids))) for key, (_, ids) in keys.items()]
    out.sort(key=lambda h: (h[0], h[1] + len(h[3][0]), -len(h[3][0])))
    return (np.asarray([h[0] for h in out], dtype=np.int64),
            np.asarray([(h[1], h[2]) for h in out], dtype=np.int64).reshape(-1, 2),
            [h[3] for h in out])


def _word_end(text: str, stop: int) -> int:
    while stop < len(text) and (text[stop].isalnum() or text[stop] == "_"):
        stop += 1
    return stop


def _hits(ctx: RuleContext) -> pd.DataFrame:
    """Every word-bounded index hit in ``text``: row, start, end (normalized), key, kind,
    case ids — one automaton pass over the whole column, cached."""
    return shared(ctx, "case_index:hits", lambda: _build_hits(ctx))


def _build_hits(ctx: RuleContext) -> pd.DataFrame:
    index = mention_index(ctx)
    automaton = shared(ctx, "case_index:automaton", lambda: _automaton(index))
    rows, spans, values = _join_noun_tags(index, norm_column(ctx, "text").to_numpy(
        dtype=object), *column_word_hits(ctx, "text", automaton))
    return pd.DataFrame({"row": rows, "start": spans[:, 0], "end": spans[:, 1],
                         "key": [v[0] for v in values], "kind": [v[2] for v in values],
                         "cases": [v[3] for v in values]})


def context_rows(ctx: RuleContext) -> set[int]:
    """Rows whose text holds a case noun or courtroom word of the index."""
    return shared(ctx, "case_index:context_rows", lambda: set(
        _hits(ctx).query("kind == 'noun'")["row"].tolist()))


def mention_evidence(ctx: RuleContext) -> pd.DataFrame:
    """Case-reference evidence from the index (``EVIDENCE_COLUMNS``, original coords).

    ``how``: ``surname`` (a name next to a case noun), ``short_name`` (a full or short name
    with case words in the item), ``hashtag`` or ``typo``. Cached.
    """
    return shared(ctx, "case_index:evidence", lambda: _mention_evidence(ctx))


def _mention_evidence(ctx: RuleContext) -> pd.DataFrame:
    hits = _hits(ctx)
    if not len(hits):
        return pd.DataFrame(columns=EVIDENCE_COLUMNS)
    nouns = hits[hits["kind"] == "noun"]
    names = hits[hits["kind"] != "noun"]
    records = _hashtags(names[names["kind"] == "hashtag"], mention_index(ctx).keyword_tags)
    records += _full(names[names["kind"] == "full"], nouns)
    records += _near(ctx, names[names["kind"].isin(["token", "common"])], nouns)
    records += _typos(ctx, hits, nouns)
    out = []
    for row, cids, how, conf, s, e in records:
        os_, oe, text = original_span(ctx, int(row), "text", int(s), int(e))
        out += [(int(row), cid, how, conf, os_, oe, text) for cid in sorted(cids)]
    return pd.DataFrame(out, columns=EVIDENCE_COLUMNS)


def _hashtags(tags: pd.DataFrame, keyword_tags: set[str]) -> list[tuple]:
    return [(r, c, "keyword_tag" if key in keyword_tags else "hashtag", "medium", s, e)
            for r, c, s, e, key in zip(tags["row"], tags["cases"], tags["start"], tags["end"],
                                       tags["key"], strict=True)]


def _full(full: pd.DataFrame, nouns: pd.DataFrame) -> list[tuple]:
    """Full and short names in an item that also holds a case noun or courtroom word."""
    full = full[full["row"].isin(nouns["row"])]
    return [(r, c, "short_name", "medium", s, e) for r, c, s, e in
            zip(full["row"], full["cases"], full["start"], full["end"], strict=True)]


def _pairs(names: pd.DataFrame, nouns: pd.DataFrame, max_chars: int = 40) -> pd.DataFrame:
    """(name hit, noun hit) pairs of one row whose spans are at most ``max_chars`` apart."""
    pairs = names.reset_index(drop=True).merge(
        nouns[["row", "start", "end", "key"]], on="row", suffixes=("", "_n"))
    gap = np.maximum(pairs["start_n"] - pairs["end"], pairs["start"] - pairs["end_n"])
    return pairs[(gap >= 0) & (gap <= max_chars)]


def _gap_words(text: str, a: tuple[int, int], b: tuple[int, int]) -> int | None:
    """Words between two spans, or None when a sentence break separates them. A possessive
    ("Marlowe's trial") is no word; a title's full stop ("Mr.", "M.", "Avv.") no break."""
    lo, hi = (a[1], b[0]) if a[1] <= b[0] else (b[1], a[0])
    between = _POSSESSIVE.sub("", text[lo:hi])
    if _STOP_GAP.search(_TITLE_DOT.sub(" ", between)):
        return None
    return len(_WORD.findall(between.replace("'", " ").replace("’", " ")))


def _near(ctx: RuleContext, names: pd.DataFrame, nouns: pd.DataFrame) -> list[tuple]:
    """Surnames and organisation words next to a case noun (common words: right next)."""
    pairs = _pairs(names, nouns)
    if not len(pairs):
        return []
    values = norm_column(ctx, "text").to_numpy(dtype=object)
    index = mention_index(ctx)
    raw = ctx.activity["text"].astype(object).to_numpy()
    out = []
    for p in pairs.itertuples(index=False):
        gap = _gap_words(values[p.row], (p.start, p.end), (p.start_n, p.end_n))
        limit = 0 if p.kind == "common" else TOKEN_GAP
        if gap is None or gap > limit:
            continue
        if _other_first_name(ctx, raw[p.row], p, index, nouns):
            continue
        out.append((p.row, p.cases, "surname", "medium", min(p.start, p.start_n),
                    max(p.end, p.end_n)))
    return out


def _other_first_name(ctx: RuleContext, raw: object, p: Any, index: CaseIndex,
                      nouns: pd.DataFrame) -> bool:
    """The surname follows a capitalised first name that is not the party's ("Thomas
    Ruckstuhl" for Wendelin Ruckstuhl): another person of that name. ``p`` is a row of the
    surname/noun pairs frame (``itertuples``)."""
    text = raw if isinstance(raw, str) else ""
    start = original_span(ctx, int(p.row), "text", int(p.start), int(p.end))[0]
    before = re.search(r"(\w[\w'’]*)\W{1,2}$", text[:start])
    if not before or not before.group(1)[:1].isupper():
        return False
    word = normalize(before.group(1))
    word = word.split("'")[-1].split("’")[-1]
    if word in index.nouns or word in TITLES or word in index.first_names.get(p.key, set()):
        return False
    if len(word) <= 3 and word in generic_words():  # a particle: "Le Goff", "von Arnim"
        return False
    return not (before.start(1) == 0 or re.search(r"[.!?:]\s*$", text[:before.start(1)]))


def _typos(ctx: RuleContext, hits: pd.DataFrame, nouns: pd.DataFrame) -> list[tuple]:
    """Words one edit from a distinctive name, within ``TOKEN_GAP`` words of a case noun,
    in rows where no listed name sits next to that noun (rapidfuzz, one matrix)."""
    index = mention_index(ctx)
    if not index.typo_keys or not len(nouns):
        return []
    values = norm_column(ctx, "text").to_numpy(dtype=object)
    named = set(hits.loc[hits["kind"] != "noun", "row"].tolist())
    cand: list[tuple[int, int, int, str]] = []
    for row, s, e in zip(nouns["row"], nouns["start"], nouns["end"], strict=True):
        if row in named:
            continue
        text = values[row]
        for m in _WORD.finditer(text):
            if len(m.group(0)) < TYPO_MIN - 1 or not m.group(0).isalpha():
                continue
            gap = _gap_words(text, (m.start(), m.end()), (int(s), int(e)))
            if m.start() != s and gap is not None and gap <= TOKEN_GAP:
                cand.append((int(row), m.start(), m.end(), m.group(0)))
    if not cand:
        return []
    keys = list(index.typo_keys)
    words = [c[3] for c in cand]
    dist = cdist(words, keys, scorer=OSA.distance, score_cutoff=1, dtype=np.int32)
    out = []
    langs = languages_for(ctx.profile.subject.jurisdiction)
    for i, j in zip(*np.nonzero(dist == 1), strict=True):
        row, s, e, word = cand[i]
        if word in index.nouns or is_common(word, langs):
            continue
        out.append((row, index.typo_keys[keys[j]], "typo", "low", s, e))
    return out


# --- contacts ----------------------------------------------------------------------------

def compact(text: str) -> str:
    """Letters only, normalized: "Rachel-Lane Porter", "rachel.laneporter85" and
    "Rachel Lane-Porter" all give "rachellaneporter"."""
    return _NON_LETTER.sub("", normalize(text))


def _compact_table(ents: list) -> dict[str, set[int]]:
    """Compact spellings (6+ letters) of every listed person's names and aliases, and of
    party organisations' short names -> entity indexes."""
    table: dict[str, set[int]] = {}
    for ent in ents:
        if ent.role.startswith("political:") or is_sovereign(ent.name):
            continue
        for name in (ent.name, *ent.aliases):
            short, is_org = org_key(name)
            forms = {*spellings(name), *(spellings(short) if is_org else ())}
            if not is_org:
                forms |= _short_first_names(name)
            keys = {compact(f) for f in forms}
            if is_org:  # "Seiler & Kunz" also as "seilerundkunz", "seilerandkunz"…
                keys |= page_names.conjunction_forms(_strip_suffixes(normalize(name))[0])
            for key in keys:
                if len(key) >= 6:
                    table.setdefault(key, set()).add(ent.index)
    return table


def _short_first_names(name: str) -> set[str]:
    """The name with its first name cut short ("Dan Bell" for Daniel Bell, "Alex…"): a
    display name in a message thread often uses one."""
    words = name.split()
    if len(words) < 2:
        return set()
    first, rest = words[0], " ".join(words[1:])
    return {f"{first[:k]} {rest}" for k in range(3, len(first))}


def _counterpart_keys(name: str, places: frozenset[str], platform: str
                      ) -> set[tuple[str, str]]:
    """Keys a counterpart may match by: its organisation short name, and the compact form
    of it, of its handle words ("quarry_ridge_official" -> "quarryridge"), of its page core
    (``page_names.page_core``: "Stadt Emmendingen (offiziell)" -> "emmendingen", "Breisgau
    Logistik Freiburg" -> "breisgau logistik"), and the handle words on their own platform
    ("SWHolzbau_GmbH" on X -> the X handle "swholzbau")."""
    short = org_key(name)[0]
    words = org_key(page_names.split_camel(name))[0]
    core = page_names.page_core(name, org_key, places)
    return {("org", short), ("compact", compact(name)), ("compact", compact(short)),
            ("compact", compact(words)), ("full", core), ("compact", compact(core)),
            ("handle", f"{platform}:{compact(words)}")}


def court_places(profile: Profile) -> frozenset[str]:
    """Words of the court names (their towns): a page's "Freiburg" or "Rennes" says where
    it is, not who it is."""
    courts = [c.court for c in profile.cases] + [profile.subject.court or ""]
    return frozenset(w for c in courts for w in normalize(c).split())


def counterpart_hits(ctx: RuleContext) -> pd.DataFrame:
    """Rows whose counterpart names a listed person or party organisation in a form the name
    matcher misses: an organisation by its short name ("Ville de Vitré" for "Commune de
    Vitré", "Quarry Ridge Holdings" for "Quarry Ridge Holdings, LLC"), a compound name with
    the hyphen moved or the space dropped, a handle or page name run together
    ("rachel.laneporter", "QuarryRidge"), a page name with a town, "official" or a legal
    suffix around it ("Breisgau Logistik Freiburg", "SWHolzbau_GmbH" for the X handle
    @swholzbau). Joins on the distinct (counterpart, platform) pairs: (row, entity, start,
    end, matched)."""
    def build() -> pd.DataFrame:
        cols = ["row", "entity", "start", "end", "matched"]
        known = _known_keys(ctx)
        if not len(known):
            return pd.DataFrame(columns=cols)
        cp = ctx.activity["counterpart"].astype("string").fillna("")
        has = np.flatnonzero(cp.str.len().to_numpy() > 0)
        rows = pd.DataFrame({"row": has, "matched": cp.to_numpy(dtype=object)[has],
                             "platform": ctx.activity["platform"].astype(str).to_numpy()[has]})
        places = court_places(ctx.profile)
        keys = pd.DataFrame([(n, p, how, k)  # once per distinct counterpart and platform
                             for n, p in rows[["matched", "platform"]].drop_duplicates()
                             .itertuples(index=False, name=None)
                             for how, k in _counterpart_keys(n, places, p) if k],
                            columns=["matched", "platform", "how", "key"])
        pairs = keys.merge(known, on=["how", "key"])[["matched", "platform", "entity"]]
        hit = rows.merge(pairs.drop_duplicates(), on=["matched", "platform"])
        return hit.assign(start=0, end=hit["matched"].str.len())[cols]
    return shared(ctx, "case_index:counterparts", build)


def _known_keys(ctx: RuleContext) -> pd.DataFrame:
    """(how, key, entity) for every form ``counterpart_hits`` compares counterparts with."""
    index = mention_index(ctx)
    ents = entity_list(ctx)
    table = [("org", k, e) for k, found in index.org_keys.items() for e in found]
    table += [("full", k, e) for k, found in index.org_names.items() for e in found]
    table += [("compact", k, e) for k, found in
              shared(ctx, "case_index:compact", lambda: _compact_table(ents)).items()
              for e in found]
    table += [("handle", f"{h.platform}:{compact(h.handle)}", e.index) for e in ents
              if not e.role.startswith("political:") and not is_sovereign(e.name)
              for h in e.handles if len(compact(h.handle or "")) >= 6]
    return pd.DataFrame(table, columns=["how", "key", "entity"])


def contact_matches(ctx: RuleContext) -> pd.DataFrame:
    """``matching.match_entities`` plus ``counterpart_hits`` (organisations by short name,
    names run together), without sovereign parties; one row per (row, entity)."""
    def build() -> pd.DataFrame:
        m = match_entities(ctx)
        org = counterpart_hits(ctx)
        if len(org):
            ents = entity_list(ctx)
            org = org.assign(field="counterpart", method="name", confidence="medium",
                             entity_name=[ents[e].name for e in org["entity"]],
                             role=[ents[e].role for e in org["entity"]],
                             case_ids=[ents[e].case_ids for e in org["entity"]])
            m = pd.concat([m, org[m.columns]], ignore_index=True).drop_duplicates(
                ["row", "entity"]).astype({"row": "int64", "entity": "int64",
                                           "start": "int64", "end": "int64"})
        sovereign = sovereign_entities(ctx)
        return m[~m["entity"].isin(sovereign)].reset_index(drop=True)
    return shared(ctx, "case_index:contacts", build)
