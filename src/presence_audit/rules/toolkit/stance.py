"""Stance gate: a party's or an official's NAME is no stance (issue 13, round 5).

On real archives most wrong political findings named a party or an official in a text that
took no side: a news headline ("Breaking: three candidates of Party X died — coincidence?"),
a report ("strike halted after President Y intervened"), a party named in passing ("the
agency head (a Party X member) should resign"). A finding that rests on a name therefore
needs a stance toward it — an evaluative predicate, endorsement or opposition, a vote or a
wish (``data/signals/stance.toml`` with the endorsement, opposition, evaluative, hope and
insult and profanity lists) — near a name the subject states (not in parentheses, not
quoted). A news or report frame (a frame word, a link, a bare trailing question) with no stance
is no finding. The link costs recall (liked partisan posts carry links too, and their stance is
often worded beyond the lists) for precision: on a real archive, dropping it as a frame brought
back about three right findings for every two wrong ones, mostly one news story liked again and
again.

Text level (raw text for links, normalized text and its language), so the rule and
``classifier_eval`` read the same gate.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache
from itertools import pairwise

import ahocorasick

from presence_audit.agreement import NONE, endorsed, political_verdict
from presence_audit.language import UNDETERMINED, lexicon_terms
from presence_audit.matching import build_automaton, word_hits
from presence_audit.rules.toolkit.cues import ALL, cue_lists
from presence_audit.rules.toolkit.speech import quoted_at

GATE = "stance"
ANCHOR = "political_anchor"
TIE_CHARS = 120  # a stance this close to a stated name is about it (posts are short)
_TRAILING_QUESTION = re.compile(r"\s*\?+[\s.!]*$")
_SPACES = re.compile(r"[ \t]+")
_LINK = re.compile(r"https?://|\bwww\.|\b\w+\.(?:com|org|net|de|it|es|fr|co|ly)/", re.I)
_SOURCES = {"stance": [(GATE, "stance"), ("endorsement", "terms"), ("opposition", "terms"),
                       ("evaluative", "terms"), (ANCHOR, "hope")],
            "not_stance": [(GATE, "not_stance")], "frame": [(GATE, "frame")],
            "question": [(GATE, "question")], "versus": [(GATE, "versus")],
            "party": [(ANCHOR, "parties")], "party_not": [(ANCHOR, "party_not")]}


def _role_terms(role: str) -> dict[str, tuple[bool, frozenset[str]]]:
    """{term: (prefix, languages)} of one role; the insult and profanity lexicons are
    stances too (swearing at a party takes a side)."""
    terms: dict[str, set[str]] = {}
    for name, list_name in _SOURCES[role]:
        for lang, entries in cue_lists(name, list_name).items():
            for term in entries:
                terms.setdefault(term, set()).add(lang)
    if role == "stance":
        for lexicon in ("insult", "profanity"):
            for r in lexicon_terms(lexicon).itertuples():
                terms.setdefault(r.term + ("*" if r.prefix else ""), set()).add(r.lang)
    return {t.rstrip("*"): (t.endswith("*"), frozenset(g)) for t, g in terms.items()}


@cache
def _automaton() -> ahocorasick.Automaton | None:
    """Every role in one automaton: values (term, prefix for any role, {role: spec})."""
    by_term: dict[str, dict[str, tuple[bool, frozenset[str]]]] = {}
    for role in _SOURCES:
        for term, spec in _role_terms(role).items():
            by_term.setdefault(term, {})[role] = spec
    return build_automaton((t, (t, any(p for p, _ in by.values()), by))
                           for t, by in by_term.items())


@lru_cache(maxsize=256)
def _hits(text: str, lang: str) -> dict[str, list[tuple[int, int]]]:
    """Word-bounded hits per role in one normalized text, in its language; a term that is
    no prefix keeps only whole words."""
    _, spans, values = word_hits([text], _automaton())
    out: dict[str, list[tuple[int, int]]] = {}
    for (start, end), (term, _, by) in zip(spans.tolist(), values, strict=True):
        for role, (prefix, langs) in by.items():
            if (lang == UNDETERMINED or lang in langs or ALL in langs) \
                    and (prefix or end - start == len(term)):
                out.setdefault(role, []).append((int(start), int(end)))
    return out


def party_spans(text: str, lang: str) -> list[tuple[int, int]]:
    """Party names of the five languages' countries in a normalized text."""
    found = _hits(text, lang)
    other = found.get("party_not", [])
    return [s for s in found.get("party", []) if not any(a <= s[0] and s[1] <= b
                                                         for a, b in other)]


def stance_spans(text: str, lang: str) -> list[tuple[int, int]]:
    """The subject's stance words: not quoted, not one of the words that take no side."""
    found = _hits(text, lang)
    weak = {text[s:e] for s, e in found.get("not_stance", [])}
    return [(s, e) for s, e in found.get("stance", [])
            if text[s:e] not in weak and not quoted_at(text, s)]


def news_frame(raw: str, text: str, lang: str) -> bool:
    """A news or report frame: a frame word, a link, or a bare question closing the text
    ("— coincidence?", "Warum?")."""
    return _framed(bool(_LINK.search(raw)), text, lang)


def _framed(linked: bool, text: str, lang: str) -> bool:
    found = _hits(text, lang)
    end = _TRAILING_QUESTION.search(text)
    asked = end is not None and any(e == end.start() for _, e in found.get("question", []))
    return bool(found.get("frame")) or linked or asked


def _paired(text: str, lang: str, names: list[tuple[int, int]]) -> bool:
    """Names only set against each other ("X versus Y", "PD contro Lega"): the camps as a
    frame of thought, no side taken unless a stance says so."""
    joins = _hits(text, lang).get("versus", [])
    ordered = sorted(names)
    linked = set()
    for (a, b), (c, d) in pairwise(ordered):
        if any(b <= s and e <= c and not text[b:s].strip() and not text[e:c].strip()
               for s, e in joins):
            linked |= {(a, b), (c, d)}
    return bool(ordered) and linked == set(ordered)


def stated(text: str, span: tuple[int, int]) -> bool:
    """A name the subject states: not quoted, not in parentheses ("(a Party X member)")."""
    start, end = span
    opened = text.rfind("(", 0, start)
    inside = opened >= 0 and text.rfind(")", opened, start) < 0 and text.find(")", end) >= 0
    return not inside and not quoted_at(text, start)


def _tied(stances: list[tuple[int, int]], names: list[tuple[int, int]]) -> bool:
    return any(abs(s - n) <= TIE_CHARS or abs(e - m) <= TIE_CHARS
               for s, e in stances for n, m in names)


def _name_spans(text: str, name: str) -> list[tuple[int, int]]:
    name = _SPACES.sub(" ", name).strip()
    return [m.span() for m in re.finditer(r"(?<!\w)" + re.escape(name) + r"(?!\w)", text)]


def _masked(text: str, spans: list[tuple[int, int]]) -> str:
    for start, end in spans:
        text = text[:start] + " " * (end - start) + text[end:]
    return _SPACES.sub(" ", text)


def gate(raw: str, text: str, lang: str, verdict: str, name: str | None = None) -> str:
    """``verdict`` (``agreement``) kept or made ``none`` for one item.

    ``name``: the political.csv entity the finding rests on, as it matched (normalized);
    ``None`` on the classifier path, where a verdict that holds only through party names
    rests on them. A verdict resting on names needs a stance near a stated name; any other
    verdict fails only in a news frame with no stance."""
    if verdict == NONE:
        return verdict
    return _gated(bool(_LINK.search(raw)), text, lang, verdict, name)


@lru_cache(maxsize=8192)
def _gated(linked: bool, text: str, lang: str, verdict: str, name: str | None) -> str:
    """``gate`` once per (link or not, text, language, verdict, name): of the raw text only
    whether it holds a link matters."""
    text = endorsed(_SPACES.sub(" ", text), lang)  # an endorsed quotation is the subject's
    stances = stance_spans(text, lang)
    names = _name_spans(text, name) if name else None
    if name and not names:
        return verdict  # the name matched outside the text the classifier saw
    if names is None:
        parties = party_spans(text, lang)
        if parties and political_verdict(_masked(text, parties), lang) == NONE:
            names = parties
    framed = _framed(linked, text, lang) or _paired(text, lang, names or [])
    if names is not None:
        own = [s for s in names if stated(text, s)]
        if not own or (framed and not _tied(stances, own)):
            return NONE
    return NONE if framed and not stances else verdict


def gate_all(raws: list[str], texts: list[str], langs: list[str],
             verdicts: list[str]) -> list[str]:
    """``gate`` per item of the classifier path."""
    return [gate(r, t, g, v) for r, t, g, v in zip(raws, texts, langs, verdicts, strict=True)]


def named_key(text: str, lang: str) -> str:
    """M-REPEAT key of a row naming no political.csv entity: the first party the subject
    states (issue 13 part 7: repeats count toward the same named counterpart), else ""."""
    text = _SPACES.sub(" ", text)
    named = [s for s in party_spans(text, lang) if stated(text, s)]
    return f"party:{text[named[0][0]:named[0][1]]}" if named else ""
