"""Does a lexicon or entity cue agree with the partisan classifier? (issue 13 part 5)

On real archives the political classifier alone was right in about half of its findings:
function words, news figures, a link, a party named in a question. A classifier-only
POLITICAL_ACTIVITY finding therefore needs a political anchor in the text
(``data/signals/political_anchor.toml``): an election, campaign, candidate or camp word alone,
or a party name with a stance in the post (a predicate: support, attack, praise, a vote) —
not only asked about, not only a label someone else is reported to use. A wish or a vote
for the party is an endorsement. Quoted words anchor nothing; words in another sense
("child labour", "candidate for the job") and a text taking no side are excluded; a vote for
a name and a campaign hashtag anchor; where the classifier is confident a party named as an
actor needs no stance word (not in news reports, compounds, denials or teaching).
Where an anchor agrees, the classifier needs only its lower, dev-chosen ``agreed`` threshold
(``Model.agreed_for``; round 5): two independent cues, each weaker than one alone would need.

Demeanor (``demeanor_verdict``): the subject's own insult, profanity or intemperate phrase
counts alone, and so does a threat or an unwanted sexual message; a weak word (an animal name,
"pathetic", "you're a") counts only when the demeanor classifier agrees; affection or praise
in the same text ("love you", "happy birthday") makes insult words a friendly quip.

Text level (normalized text and its language), so the rule and ``classifier_eval`` read the
same verdict.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache

import ahocorasick
import numpy as np

from presence_audit.language import UNDETERMINED, lexicon_terms
from presence_audit.matching import build_automaton, needle_texts, word_hits
from presence_audit.rules.toolkit.cues import ALL, CueListError, cue_lists
from presence_audit.rules.toolkit.speech import mild_span, negated_at, own_at, quoted_at
from presence_audit.rules.toolkit.spelled import spelled_hits

ANCHOR = "political_anchor"
NONE, ACTIVITY, ENDORSEMENT = "none", "activity", "endorsement"
STRONG, WEAK, THREAT = "strong", "weak", "threat"  # demeanor tiers
REPORTED_GAP = 40  # characters between a reported-label word and the party it labels
CONFIDENT = 0.80  # a partisan score at which a party named as an actor needs no stance word
VERB_LAST = frozenset({"de", UNDETERMINED})  # a reported label may follow the party
_SENTENCE_END = re.compile(r"[.!?\n]")
# quotation marks an endorsed quotation loses (not apostrophes: "l'ultimo", "don't")
_QUOTE_MARKS = re.compile("[\"“”„«»‹›]")
_SPACES = re.compile(r"[ \t]+")  # removed numbers and links leave runs of spaces
_HASHTAG = re.compile(r"#(\w+)")
_QUOTABLE = frozenset({"stance", "reported"})  # may stand in quotation marks
_WORD_END = re.compile(r"\w")
# a word joined to a party in a hashtag: for it (#GaliciaConBNG) or against it (#FCKAFD,
# #NieWiederCDU, #StopTheTories, #FueraVox, #MaiPiuLega, #DehorsLR)
_TAG_JOINERS = ("con", "mit", "avec", "with", "for", "pour", "per", "por", "fur", "fck", "fuck",
                "wieder", "gegen", "ohne", "nie", "anti", "stop", "stopthe", "the", "no", "sin",
                "fuera", "contro", "senza", "mai", "piu", "basta", "contre", "sans", "dehors",
                "never", "ditch", "ditchthe", "bye", "byebye", "notmy", "nonvoto", "novoto",
                "avanti", "viva", "vamos")
# a word after a party in a hashtag that wants it gone (#ToriesOut, #AfDRaus, #LegaACasa)
_TAG_TRAILERS = ("out", "raus", "fuera", "dehors", "acasa", "acasaloro", "mustgo")
_CLAUSE_END = re.compile(r"[.!?;:\n]")
PREDICATE_GAP = 3  # words between a predicate word and the weak word it governs


_SOURCES = {"anchor": [(ANCHOR, "terms")], "party": [(ANCHOR, "parties")],
            "stance": [(ANCHOR, "stance"), ("opposition", "terms"), ("evaluative", "terms")],
            "endorse": [(ANCHOR, "hope"), ("endorsement", "terms")],
            "reported": [(ANCHOR, "reported")], "party_not": [(ANCHOR, "party_not")],
            "terms_not": [(ANCHOR, "terms_not")], "neutral": [(ANCHOR, "neutral")],
            "official": [("official", "terms"), ("evaluative", "official")],
            "news": [(ANCHOR, "news")],
            "quote_endorsed": [(ANCHOR, "quote_endorsed")],
            "intemperate": [("intemperate", "terms")],
            "intemperate_weak": [("intemperate", "weak")],
            "predicate": [("intemperate", "predicate")],
            "general": [("intemperate", "general")],
            # a protected-group word is weak too: a generalization the classifier agrees
            # is intemperate ("women can't drive")
            "group": [("dehumanizing", "groups")],
            "banter": [("intemperate", "banter")]}
_DEMEANOR_ROLES = frozenset({"intemperate", "intemperate_weak", "predicate", "general",
                             "group", "banter"})
_POLITICAL_ROLES = tuple(r for r in _SOURCES if r not in _DEMEANOR_ROLES)
_DEMEANOR_GROUP = tuple(r for r in _SOURCES if r in _DEMEANOR_ROLES)


def _role_terms(kind: str) -> dict[str, tuple[bool, frozenset[str]]]:
    """{term: (prefix, languages)} of one role: anchor, party, stance, endorse, reported,
    the exclusions (party_not, terms_not, neutral) or intemperate."""
    terms: dict[str, set[str]] = {}

    def add(lang: str, term: str) -> None:
        terms.setdefault(term, set()).add(lang)

    for name, list_name in _SOURCES[kind]:
        for lang, entries in cue_lists(name, list_name).items():
            for term in entries:
                add(lang, term)
    if kind == "stance":  # an insult about a party is a stance too
        for r in lexicon_terms("insult").itertuples():
            add(r.lang, r.term + ("*" if r.prefix else ""))
    return {t.rstrip("*"): (t.endswith("*"), frozenset(langs)) for t, langs in terms.items()}


@cache
def _automaton(roles: tuple[str, ...]) -> ahocorasick.Automaton | None:
    """Every role of a group (political, demeanor) in one automaton, so a text is read once:
    values (term, prefix for any role, {role: (prefix, languages)})."""
    by_term: dict[str, dict[str, tuple[bool, frozenset[str]]]] = {}
    for kind in roles:
        for term, spec in _role_terms(kind).items():
            by_term.setdefault(term, {})[kind] = spec
    return build_automaton((t, (t, any(p for p, _ in by.values()), by))
                           for t, by in by_term.items())


@lru_cache(maxsize=64)
def _role_hits(roles: tuple[str, ...], text: str
               ) -> dict[str, list[tuple[int, int, frozenset[str]]]]:
    """The hits of every role of a group in one normalized text: {role: [(start, end,
    languages)]}; a role whose term is no prefix keeps only the term itself."""
    _, spans, values = word_hits([text], _automaton(roles))
    out: dict[str, list[tuple[int, int, frozenset[str]]]] = {}
    for (start, end), (term, _, by) in zip(spans.tolist(), values, strict=True):
        for kind, (prefix, langs) in by.items():
            if prefix or end - start == len(term):
                out.setdefault(kind, []).append((int(start), int(end), langs))
            elif not _WORD_END.match(term[-1]):  # a term ending in "'" is its own boundary
                out.setdefault(kind, []).append((int(start), int(start) + len(term), langs))
    return out


@cache
def _regexes(list_name: str) -> dict[str, re.Pattern]:
    """One alternation per language of a ``*_re`` list of ``intemperate.toml``."""
    return {lang: re.compile("|".join(f"(?:{r})" for r in regexes))
            for lang, regexes in cue_lists("intemperate", list_name).items() if regexes}


PATTERN_LISTS = ("threat_re", "terms_re")  # the lists whose match alone is a strong cue


@cache
def _declared_needs(list_name: str) -> dict[str, frozenset[str] | None]:
    """Per language, the ``<list>_needs`` literals one of which every match of the list's
    patterns holds (tests/test_literals.py checks each pattern against them); ``None``
    where none are declared (the patterns then run on every text)."""
    try:
        declared = cue_lists("intemperate", list_name + "_needs")
    except CueListError:
        declared = {}
    return {lang: frozenset(declared[lang]) if declared.get(lang) else None
            for lang in cue_lists("intemperate", list_name)}


@cache
def _prefilters(list_name: str) -> dict[str, ahocorasick.Automaton | None]:
    """Per language, an automaton of the list's declared needs (``None``: none declared)."""
    return {lang: None if needs is None else build_automaton((n, n) for n in needs)
            for lang, needs in _declared_needs(list_name).items()}


def _may_match(list_name: str, lang: str, text: str) -> bool:
    """Whether ``text`` holds a literal the list's patterns of ``lang`` need (a text with
    none cannot match them)."""
    automaton = _prefilters(list_name).get(lang)
    return automaton is None or next(automaton.iter(text), None) is not None


@cache
def pattern_needs() -> tuple[str, ...]:
    """Literals of every language one of which each ``terms_re`` or ``threat_re`` match
    holds (their declared ``_needs``)."""
    return tuple(sorted({need for list_name in PATTERN_LISTS
                         for needs in _declared_needs(list_name).values()
                         for need in (needs or {""})}))


def pattern_hit(text: str, lang: str) -> bool:
    """Whether a ``threat_re`` or ``terms_re`` pattern of ``lang`` matches ``text`` at all
    (a text no pattern matches has no strong cue from them)."""
    return any(_may_match(list_name, tongue, text) and pattern.search(text)
               for list_name in PATTERN_LISTS
               for tongue, pattern in _regexes(list_name).items()
               if tongue in (lang, ALL) or lang == UNDETERMINED)


def pattern_rows(texts: list[str]) -> dict[str, np.ndarray]:
    """Per language table, the positions of the normalized ``texts`` that a ``threat_re`` or
    ``terms_re`` pattern of that table matches: one needle pass over the whole column, then
    each language's patterns only on the texts holding one of their literals. A row counts
    for its own language, "all", or any table when undetermined (``pattern_hit``)."""
    keys = [(list_name, tongue) for list_name in PATTERN_LISTS
            for tongue in _regexes(list_name)]
    held = needle_texts(texts, {need for list_name, tongue in keys
                                for need in (_declared_needs(list_name)[tongue] or ())})
    out: dict[str, set[int]] = {}
    for list_name, tongue in keys:
        needs = _declared_needs(list_name)[tongue]
        pattern = _regexes(list_name)[tongue]
        rows = range(len(texts)) if needs is None else np.unique(np.concatenate(
            [held.get(need, np.zeros(0, dtype=np.int64)) for need in needs])).tolist()
        out.setdefault(tongue, set()).update(r for r in rows if pattern.search(texts[r]))
    return {tongue: np.asarray(sorted(rows), dtype=np.int64) for tongue, rows in out.items()}


def _regex_hits(list_name: str, tier: str, text: str, lang: str) -> list[tuple[int, int, str]]:
    return [(m.start(), m.end(), tier) for tongue, pattern in _regexes(list_name).items()
            if (tongue in (lang, ALL) or lang == UNDETERMINED)
            and _may_match(list_name, tongue, text)
            for m in pattern.finditer(text)]


def intemperate_hits(text: str, lang: str) -> list[tuple[int, int, str]]:
    """The subject's own intemperate cues in a normalized text: (start, end, tier), tier
    ``threat`` (``threat_re``), ``strong`` (``terms``, ``terms_re``) or ``weak`` (``weak``,
    ``weak_re``, protected-group words; an insult or swear word spelled around is strong
    too, ``spelled``); quoted, negated or linked hits, and insults aimed
    at the speaker, are left out (``speech.own_at``)."""
    hits = _regex_hits("threat_re", THREAT, text, lang) + _regex_hits(
        "terms_re", STRONG, text, lang) + _regex_hits("weak_re", WEAK, text, lang)
    hits += [(s, e, WEAK if mild_span(text, s, e) else STRONG)  # "scemo": banter as often
             for s, e in _spans("intemperate", text, lang)]
    hits += [(s, e, STRONG) for s, e in spelled_hits(text, lang)]  # "c0gl10ne", "d!ckhead"
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
    """Word-bounded hits of one role in one normalized text, in the text's language. An
    anchor, party or vote inside a quotation or on a ``>`` line is someone else's; a stance
    may be quoted (scare quotes about a party the subject names)."""
    political = kind in _POLITICAL_ROLES
    quotable = not political or kind in _QUOTABLE  # demeanor hits: speech.own_at decides
    group = _POLITICAL_ROLES if political else _DEMEANOR_GROUP
    return [(s, e) for s, e, langs in _role_hits(group, text).get(kind, ())
            if (lang == UNDETERMINED or lang in langs or ALL in langs)
            and (quotable or not quoted_at(text, s))]


def _in_lang(lists: dict[str, tuple[str, ...]], lang: str) -> set[str]:
    return {t for g, terms in lists.items() if lang in (UNDETERMINED, g) or g == ALL
            for t in terms}


@cache
def _tag_parts(lang: str) -> tuple[tuple[str, ...], tuple[str, ...], frozenset[str]]:
    """Campaign hashtag prefixes and suffixes, and party names as one hashtag word."""
    def glue(terms: set[str]) -> tuple[str, ...]:
        return tuple(sorted({re.sub(r"\W", "", t.rstrip("*")) for t in terms} - {""}))
    return (glue(_in_lang(cue_lists(ANCHOR, "hashtag_prefix"), lang)),
            glue(_in_lang(cue_lists(ANCHOR, "hashtag_suffix"), lang)),
            frozenset(glue(_in_lang(cue_lists(ANCHOR, "parties"), lang))))


@cache
def _told_to_go(lang: str) -> frozenset[str]:
    """Hashtags of a party and a trailer (#ToriesOut), as one set to look a tag up in."""
    return frozenset(p + t for p in _tag_parts(lang)[2] for t in _TAG_TRAILERS)


def _campaign_tag(text: str, lang: str) -> bool:
    """A campaign hashtag the subject uses: a vote call (#VoteX), a name with an office
    (#XForMayor, #XAlcaldesa), a party (#SPD), a party with a joiner (#GaliciaConBNG) or
    a party told to go (#ToriesOut)."""
    prefixes, suffixes, parties = _tag_parts(lang)
    for m in _HASHTAG.finditer(text):
        if quoted_at(text, m.start()):
            continue
        tag = m.group(1)
        if tag in parties or any(tag.startswith(p) and len(tag) > len(p) for p in prefixes) \
                or any(tag.endswith(x) and len(tag) > len(x) for x in suffixes) \
                or any(tag.endswith(j + p) for p in parties for j in _TAG_JOINERS) \
                or tag in _told_to_go(lang):
            return True
    return False


def _sentence(text: str, start: int) -> tuple[int, int, bool]:
    """The sentence around ``start``: (begin, end, whether it ends with a question mark)."""
    before = [m.end() for m in _SENTENCE_END.finditer(text, 0, start)]
    begin = before[-1] if before else 0
    after = _SENTENCE_END.search(text, start)
    end = after.start() if after else len(text)
    return begin, end, after is not None and after.group() == "?"


def _stated(text: str, span: tuple[int, int], reported: list[tuple[int, int]],
            lang: str) -> bool:
    """Whether a party is named by the subject: not in a question or a quotation, not as a
    label others are reported to use ("called a Party-X troll"; German puts the participle
    last: "als X-Troll bezeichnet")."""
    start, end = span
    begin, stop, asked = _sentence(text, start)
    if asked or quoted_at(text, start):
        return False
    verb_last = lang in VERB_LAST
    return not any((begin <= e <= start and start - e <= REPORTED_GAP)
                   or (verb_last and end <= s <= stop and s - end <= REPORTED_GAP)
                   for s, e in reported)


def _party_verdict(text: str, lang: str, parties: list[tuple[int, int]] | None = None,
                   sure: bool = False) -> str:
    """A party named with a stance in the post (activity) or a wish or vote (endorsement).

    Posts are short, so the stance may sit in the next line; a party named only in
    questions or as a label someone else uses takes no side. A stance has more wordings
    than any list: where the partisan classifier is confident (``sure``: a score of at
    least ``CONFIDENT``), a party named as an actor of its own is enough, outside teaching,
    history and news reports (a congress held, a poll, a press conference)."""
    reported = _spans("reported", text, lang)
    not_party = _spans("party_not", text, lang)  # "trade union", "child labour"
    named = [span for span in (_spans("party", text, lang) if parties is None else parties)
             if not _inside(span, not_party) and _stated(text, span, reported, lang)]
    if not named:
        return NONE
    if _spans("endorse", text, lang):
        return ENDORSEMENT
    news = bool(_spans("news", text, lang))
    # a stance word in quotation marks is the subject's scare quote, not in a news report
    # ("the Lega says "no rises", the opposition speaks of "propaganda"")
    if any(not (news and quoted_at(text, s)) for s, _ in _spans("stance", text, lang)):
        return ACTIVITY
    confident = sure and not _spans("official", text, lang) and not news
    return ACTIVITY if confident and any(_actor(text, span) for span in named) else NONE


def _actor(text: str, span: tuple[int, int]) -> bool:
    """A party named as a word of its own, not part of a compound ("Party-X symposium",
    "a Party-X troll") and not denied ("never been in Party X")."""
    start, end = span
    joined = (end < len(text) and text[end] == "-") or (start > 0 and text[start - 1] == "-")
    return not joined and not negated_at(text, start)


def _inside(span: tuple[int, int], outer: list[tuple[int, int]]) -> bool:
    return any(s <= span[0] and span[1] <= e for s, e in outer)


def _overlaps(span: tuple[int, int], others: list[tuple[int, int]]) -> bool:
    return any(s < span[1] and span[0] < e for s, e in others)


@cache
def _vote_name(lang: str) -> re.Pattern | None:
    """A vote verb with a name as its object ("Vote Kahale!", "voted Tallis"): the verb,
    then a word that is none of the words a vote verb takes otherwise."""
    verbs = _in_lang(cue_lists(ANCHOR, "vote_verbs"), lang)
    if not verbs:
        return None
    others = _in_lang(cue_lists(ANCHOR, "vote_not_next"), lang)
    alt = "|".join(re.escape(v) for v in sorted(verbs, key=len, reverse=True))
    skip = "|".join(re.escape(o) for o in sorted(others, key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{alt}) (?!(?:{skip})(?!\w))[^\W\d_]{{2,}}")


def _anchored(text: str, lang: str) -> bool:
    """An election, campaign or camp word in its political sense ("archives municipales",
    "candidate for the job" are not), a vote for a name, or a campaign hashtag."""
    other = _spans("terms_not", text, lang)
    if any(not _overlaps(span, other) for span in _spans("anchor", text, lang)):
        return True
    named = _vote_name(lang)
    return any(not quoted_at(text, m.start()) and not _overlaps(m.span(), other)
               for m in (named.finditer(text) if named else ())) or _campaign_tag(text, lang)


def endorsed(text: str, lang: str) -> str:
    """``text`` with its quotation marks dropped where the subject endorses the quotation in
    their own words ("... - X. Couldn't agree more"): the quoted words are the subject's too."""
    if not _QUOTE_MARKS.search(text):  # most texts quote nothing: skip the cue lookup
        return text
    return _QUOTE_MARKS.sub(" ", text) if _spans("quote_endorsed", text, lang) else text


def political_verdict(text: str, lang: str, score: float | None = None) -> str:
    """``endorsement``, ``activity`` or ``none`` for a normalized text in language ``lang``
    that the partisan classifier scored ``score`` (``None``: unknown, a stance is needed).

    A text that says it takes no side ("I support no list") is ``none``; a quotation the
    subject endorses in their own words ("Couldn't agree more", "Genau so!") counts as theirs.
    """
    return _political_verdict(text, lang, score is not None and score >= CONFIDENT)


@lru_cache(maxsize=8192)
def _political_verdict(text: str, lang: str, sure: bool) -> str:
    """``political_verdict`` once per (text, language, confident score): likes, reposts and
    texts that differ only in a number or a link repeat it."""
    text = _SPACES.sub(" ", text)
    if _spans("neutral", text, lang):
        return NONE
    text = endorsed(text, lang)
    party = _party_verdict(text, lang, sure=sure)
    if party == ENDORSEMENT:
        return ENDORSEMENT
    return ACTIVITY if party == ACTIVITY or _anchored(text, lang) else NONE


@lru_cache(maxsize=8192)
def entity_verdict(text: str, lang: str, name: str) -> str:
    """``political_verdict`` for a party or candidate the profile lists (``name`` as it
    matched, normalized): named with a stance, not only asked about or reported."""
    text, name = _SPACES.sub(" ", text), _SPACES.sub(" ", name).strip()
    spans = [(m.start(), m.end()) for m in re.finditer(
        r"(?<!\w)" + re.escape(name) + r"(?!\w)", text)] if name else []
    return _party_verdict(text, lang, spans) if spans else ACTIVITY


def political_verdicts(texts: list[str], langs: list[str],
                       scores: list[float] | None = None) -> list[str]:
    """``political_verdict`` per text (with its partisan score, if given)."""
    given = scores if scores is not None else [None] * len(texts)
    return [political_verdict(t, lang, sc)
            for t, lang, sc in zip(texts, langs, given, strict=True)]
