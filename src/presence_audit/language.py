"""Language of each text, detected once, and per-language lexicon matching over whole columns.

Detection uses py3langid (a maintained fork of langid.py whose model ships inside the package
as plain NumPy arrays — nothing is downloaded or unpickled). It is restricted to the languages
the tool has lexicons for; a text too short or too uncertain to call gets ``"und"``, and rules
then try every language's lexicon on it rather than none.

Lexicons live in ``data/lexicons/<name>_<lang>.txt``: one normalized term a line, ``#``
comments, a trailing ``*`` meaning "this prefix, any ending" (``stronz*`` covers stronzo,
stronza, stronzate). Terms and texts both pass through :mod:`presence_audit.textnorm`, so
matching is case- and accent-insensitive; matches must sit on word boundaries.
"""

from __future__ import annotations

from functools import cache
from importlib import resources

import ahocorasick
import numpy as np
import pandas as pd

from presence_audit.errors import AuditInputError
from presence_audit.langid_batch import classify_many
from presence_audit.matching import build_automaton, word_hits
from presence_audit.textnorm import normalize, normalize_series, normalize_with_map, original_span

LANGUAGES = ("en", "it", "es", "fr", "de")
UNDETERMINED = "und"
LEXICON_NAMES = ("profanity", "insult", "slur", "political_cue")
MIN_LETTERS = 4  # "ok", "lol", emoji-only posts: no language to speak of
MIN_CONFIDENCE = 0.5  # of the probability spread over the five languages

# URLs, @handles and #hashtags are language-neutral noise that drags short posts to the wrong
# language ("@acme_legal lol" reads as German).
_NOISE_RE = r"https?://\S+|www\.\S+|[@#]\w+"
MATCH_COLUMNS = ("row", "lang", "term", "start", "end")


@cache
def _identifier():
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    identifier.set_languages(list(LANGUAGES))
    return identifier


def detect_languages(texts: pd.Series) -> pd.Series:
    """ISO 639-1 code per text (``en it es fr de``), ``"und"`` when too short or unsure.

    Each distinct text is identified once, so reposts and repeated captions cost nothing, and
    the distinct texts are identified together (:mod:`presence_audit.langid_batch`).
    """
    cleaned = texts.astype("string").fillna("").str.replace(_NOISE_RE, " ", regex=True)
    letters = cleaned.str.count(r"[^\W\d_]")
    result = pd.Series(UNDETERMINED, index=texts.index, dtype="string")
    callable_ = letters >= MIN_LETTERS
    uniques = pd.unique(cleaned[callable_].to_numpy(dtype=object))
    codes = {text: lang if confidence >= MIN_CONFIDENCE else UNDETERMINED
             for text, (lang, confidence) in zip(
                 uniques, classify_many(_identifier(), list(uniques)), strict=True)}
    result[callable_] = cleaned[callable_].map(codes).astype("string")
    return result


class LexiconError(AuditInputError):
    """A lexicon name or file the tool does not ship."""


def _lexicon_lines(name: str, lang: str) -> list[str]:
    path = resources.files("presence_audit") / "data" / "lexicons" / f"{name}_{lang}.txt"
    # every lexicon ships in every language; a missing one is a broken install, not "no terms"
    lines = path.read_text(encoding="utf-8").splitlines()
    return [line.split("#", 1)[0].strip() for line in lines if line.split("#", 1)[0].strip()]


def lexicon_terms(name: str) -> pd.DataFrame:
    """The lexicon ``name`` as a frame: ``lang``, ``term`` (normalized), ``prefix`` (bool)."""
    if name not in LEXICON_NAMES:
        raise LexiconError(
            f"Unknown lexicon '{name}'; expected one of {', '.join(LEXICON_NAMES)}.")
    records = []
    for lang in LANGUAGES:
        for raw in _lexicon_lines(name, lang):
            prefix = raw.endswith("*")
            term = " ".join(normalize(raw.rstrip("*")).split())
            if term:
                records.append((lang, term, prefix))
    return pd.DataFrame(records, columns=["lang", "term", "prefix"]).drop_duplicates(
        ignore_index=True)


@cache
def _automaton(name: str) -> ahocorasick.Automaton | None:
    """One automaton per lexicon; each key carries the set of languages it belongs to."""
    terms = lexicon_terms(name)
    grouped = terms.groupby(["term", "prefix"], sort=True)["lang"].agg(frozenset)
    merged: dict[str, tuple[str, bool, frozenset[str]]] = {}
    for (term, prefix), langs in grouped.items():
        old = merged.get(term)
        # The same term listed whole in one language and as a prefix in another: keep both.
        if old is not None:
            merged[term] = (term, old[1] or prefix, old[2] | langs)
        else:
            merged[term] = (term, bool(prefix), langs)
    return build_automaton(merged.items())


def _hits(norm: list[str], name: str) -> tuple[np.ndarray, np.ndarray, list]:
    """Word-bounded hits of lexicon ``name`` over the joined column: (row positions, spans
    in normalized text, lexicon values)."""
    return word_hits(norm, _automaton(name))


def lexicon_flags(prepared: list[str], name: str) -> np.ndarray:
    """Per already-normalized text, whether lexicon ``name`` (any language) hits it."""
    rows, _, _ = _hits(prepared, name)
    flags = np.zeros(len(prepared), dtype=bool)
    flags[rows] = True
    return flags


def lexicon_matches(texts: pd.Series, langs: pd.Series | None, lexicon_name: str) -> pd.DataFrame:
    """Every lexicon hit in ``texts``, routed by each text's language.

    A text is matched against its own language's terms; an ``"und"`` text (or ``langs=None``)
    against every language's. Returns one row per hit with ``row`` (the index label in
    ``texts``), ``lang`` (the text's language), ``term`` (normalized lexicon term) and
    ``start``/``end`` (the span in the *original* text, for evidence).
    """
    empty = pd.DataFrame({c: pd.Series(dtype="int64" if c in ("start", "end") else "object")
                          for c in MATCH_COLUMNS})
    row_pos, local, values = _hits(normalize_series(texts).tolist(), lexicon_name)
    if not values:
        return empty
    text_lang = (np.full(len(texts), UNDETERMINED, dtype=object) if langs is None
                 else langs.astype("string").fillna(UNDETERMINED).to_numpy(dtype=object))
    hit_lang = text_lang[row_pos]
    keep = np.fromiter(((lang == UNDETERMINED or lang in val[2])
                        for lang, val in zip(hit_lang, values, strict=True)),
                       dtype=bool, count=len(values))
    if not keep.any():
        return empty
    row_pos, local, hit_lang = row_pos[keep], local[keep], hit_lang[keep]
    terms = [val[0] for val, k in zip(values, keep, strict=True) if k]
    originals = texts.to_numpy(dtype=object)
    maps = {pos: normalize_with_map(originals[pos])[1] for pos in np.unique(row_pos)}
    orig = [original_span(maps[pos], int(a), int(b))
            for pos, (a, b) in zip(row_pos, local, strict=True)]
    return pd.DataFrame({
        "row": texts.index.to_numpy()[row_pos],
        "lang": hit_lang,
        "term": terms,
        "start": np.array([o[0] for o in orig], dtype=np.int64),
        "end": np.array([o[1] for o in orig], dtype=np.int64),
    })
