"""Does a lexicon or entity cue agree with the partisan classifier? (issue 13 part 5)

On real archives the political classifier alone was right in about half of its findings:
function words, news figures, a link, a party named in a question. A classifier-only
POLITICAL_ACTIVITY finding therefore needs a political anchor in the text
(``data/signals/political_anchor.toml``): an election, campaign, candidate or camp word alone,
or a party name with a stance in the post (a predicate: support, attack, praise, a vote) —
not only asked about, not only a label someone else is reported to use. A wish or a vote
for the party is an endorsement.

Demeanor (``demeanor_verdict``): the subject's own insult, profanity or intemperate phrase
counts alone, and so does a threat or an unwanted sexual message; a weak word (an animal name,
"pathetic", "you're a") counts only when the demeanor classifier agrees; affection or praise
in the same text ("love you", "happy birthday") makes insult words a friendly quip.

Text level (normalized text and its language), so the rule and ``classifier_eval`` read the
same verdict.
"""

from __future__ import annotations

import re
from functools import cache

import ahocorasick

from presence_audit.language import UNDETERMINED, lexicon_terms
from presence_audit.matching import build_automaton, word_hits
from presence_audit.rules.toolkit.cues import ALL, cue_lists
from presence_audit.rules.toolkit.speech import own_at

ANCHOR = "political_anchor"
NONE, ACTIVITY, ENDORSEMENT = "none", "activity", "endorsement"
STRONG, WEAK, THREAT = "strong", "weak", "threat"  # demeanor tiers
REPORTED_GAP = 40  # characters between a reported-label word and the party it labels
_SENTENCE_END = re.compile(r"[.!?\n]")
_CLAUSE_END = re.compile(r"[.!?;:\n]")
PREDICATE_GAP = 3  # words between a predicate word and the weak word it governs


@cache
def _automaton(kind: str) -> ahocorasick.Automaton | None:
    """One automaton per role: anchor, party, stance, endorse, reported."""
    terms: dict[str, set[str]] = {}

    def add(lang: str, term: str) -> None:
        terms.setdefault(term, set()).add(lang)

    sources = {"anchor": [(ANCHOR, "terms")], "party": [(ANCHOR, "parties")],
               "stance": [(ANCHOR, "stance"), ("opposition", "terms"), ("evaluative", "terms")],
               "endorse": [(ANCHOR, "hope"), ("endorsement", "terms")],
               "reported": [(ANCHOR, "reported")],
               "intemperate": [("intemperate", "terms")],
               "intemperate_weak": [("intemperate", "weak")],
               "predicate": [("intemperate", "predicate")],
               "general": [("intemperate", "general")],
               # a protected-group word is weak too: a generalization the classifier agrees
               # is intemperate ("women can't drive")
               "group": [("dehumanizing", "groups")],
               "banter": [("intemperate", "banter")]}[kind]
    for name, list_name in sources:
        for lang, entries in cue_lists(name, list_name).items():
            for term in entries:
                add(lang, term)
    if kind == "stance":  # an insult about a party is a stance too
        for r in lexicon_terms("insult").itertuples():
            add(r.lang, r.term + ("*" if r.prefix else ""))
    return build_automaton((t.rstrip("*"), (t.rstrip("*"), t.endswith("*"), frozenset(langs)))
                           for t, langs in terms.items())


@cache
def _regexes(list_name: str) -> dict[str, re.Pattern]:
    """One alternation per language of a ``*_re`` list of ``intemperate.toml``."""
    return {lang: re.compile("|".join(f"(?:{r})" for r in regexes))
            for lang, regexes in cue_lists("intemperate", list_name).items() if regexes}


@cache
def pattern_needs() -> tuple[str, ...]:
    """Literals of every language one of which each ``terms_re`` or ``threat_re`` match
    holds: a text with none cannot match, so a scan looks for patterns in few texts."""
    return tuple(sorted({need for list_name in ("terms_re_needs", "threat_re_needs")
                         for needs in cue_lists("intemperate", list_name).values()
                         for need in needs}))


def _regex_hits(list_name: str, tier: str, text: str, lang: str) -> list[tuple[int, int, str]]:
    return [(m.start(), m.end(), tier) for tongue, pattern in _regexes(list_name).items()
            if tongue in (lang, ALL) or lang == UNDETERMINED for m in pattern.finditer(text)]


def intemperate_hits(text: str, lang: str) -> list[tuple[int, int, str]]:
    """The subject's own intemperate cues in a normalized text: (start, end, tier), tier
    ``threat`` (``threat_re``), ``strong`` (``terms``, ``terms_re``) or ``weak`` (``weak``,
    ``weak_re``, protected-group words); quoted, negated or linked hits, and insults aimed
    at the speaker, are left out (``speech.own_at``)."""
    hits = _regex_hits("threat_re", THREAT, text, lang) + _regex_hits(
        "terms_re", STRONG, text, lang) + _regex_hits("weak_re", WEAK, text, lang)
    hits += [(s, e, STRONG) for s, e in _spans("intemperate", text, lang)]
    predicates = [e for _, e in _spans("predicate", text, lang)]
    hits += [(s, e, WEAK) for s, e in _spans("intemperate_weak", text, lang)
             if _predicated(text, s, predicates)]
    generals = [s for s, _ in _spans("general", text, lang)]
    hits += [(s, e, WEAK) for s, e in _spans("group", text, lang)
             if any(_predicated(text, g, [e]) for g in generals)]
    return sorted((s, e, tier) for s, e, tier in hits
                  if own_at(text, s, aimed=tier != THREAT))


def _predicated(text: str, start: int, ends: list[int]) -> bool:
    """Whether a predicate or address word ("is a", "you", "sei", "wie") ends a few words
    before ``start`` in its clause: "the landlord is a parasite", not "the parasite in the
    pond". Asked of a ``general`` word's start and a group word's end, it says whether the
    group is generalized about ("women can't")."""
    return any(e <= start and len(text[e:start].split()) <= PREDICATE_GAP
               and not _CLAUSE_END.search(text, e, start) for e in ends)


def demeanor_verdict(text: str, lang: str, lexicon: bool, agrees: bool
                     ) -> tuple[str, list[tuple[int, int, str]]]:
    """``threat``, ``strong``, ``weak`` or ``none`` for a normalized text in language
    ``lang``, with the own cues (``intemperate_hits``) it rests on.

    ``lexicon``: an own insult or profanity lexicon word; ``agrees``: the demeanor
    classifier scores the text at or above its threshold. A threat is strong even in
    banter; otherwise banter cancels, an own lexicon word or ``terms`` cue is strong, and a
    weak cue is weak only when the classifier agrees."""
    hits = intemperate_hits(text, lang)
    tiers = {tier for _, _, tier in hits}
    if THREAT in tiers:
        return THREAT, [h for h in hits if h[2] != WEAK]
    if _spans("banter", text, lang):
        return NONE, []
    if lexicon or STRONG in tiers:
        return STRONG, [h for h in hits if h[2] != WEAK]
    return (WEAK, hits) if agrees and WEAK in tiers else (NONE, [])


def _spans(kind: str, text: str, lang: str) -> list[tuple[int, int]]:
    """Word-bounded hits of one role in one normalized text, in the text's language."""
    _, spans, values = word_hits([text], _automaton(kind))
    return [(int(s), int(e)) for (s, e), v in zip(spans.tolist(), values, strict=True)
            if lang == UNDETERMINED or lang in v[2] or "all" in v[2]]


def _sentence(text: str, start: int) -> tuple[int, int, bool]:
    """The sentence around ``start``: (begin, end, whether it ends with a question mark)."""
    before = [m.end() for m in _SENTENCE_END.finditer(text, 0, start)]
    begin = before[-1] if before else 0
    after = _SENTENCE_END.search(text, start)
    end = after.start() if after else len(text)
    return begin, end, after is not None and after.group() == "?"


def _party_verdict(text: str, lang: str, parties: list[tuple[int, int]] | None = None) -> str:
    """A party named with a stance in the post (activity) or a wish or vote (endorsement).

    Posts are short, so the stance may sit in the next line; a party named only in
    questions or as a label someone else uses takes no side."""
    reported = _spans("reported", text, lang)
    stated = False
    for start, _ in _spans("party", text, lang) if parties is None else parties:
        begin, _, asked = _sentence(text, start)
        if not asked and not any(begin <= e <= start and start - e <= REPORTED_GAP
                                 for _, e in reported):
            stated = True
    if not stated:
        return NONE
    if _spans("endorse", text, lang):
        return ENDORSEMENT
    return ACTIVITY if _spans("stance", text, lang) else NONE


def political_verdict(text: str, lang: str) -> str:
    """``endorsement``, ``activity`` or ``none`` for a normalized text in language ``lang``."""
    party = _party_verdict(text, lang)
    if party == ENDORSEMENT:
        return ENDORSEMENT
    return ACTIVITY if party == ACTIVITY or _spans("anchor", text, lang) else NONE


def entity_verdict(text: str, lang: str, name: str) -> str:
    """``political_verdict`` for a party or candidate the profile lists (``name`` as it
    matched, normalized): named with a stance, not only asked about or reported."""
    spans = [(m.start(), m.end()) for m in re.finditer(
        r"(?<!\w)" + re.escape(name) + r"(?!\w)", text)] if name else []
    return _party_verdict(text, lang, spans) if spans else ACTIVITY


def political_verdicts(texts: list[str], langs: list[str]) -> list[str]:
    """``political_verdict`` per text."""
    return [political_verdict(t, lang) for t, lang in zip(texts, langs, strict=True)]
