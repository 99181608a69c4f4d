"""The one text normalizer: compatibility forms, case and accents folded, lengths traceable.

Every rule compares normalized text with normalized patterns, so "Niccolò", "NICCOLO" and
"Ｎｉｃｃｏｌｏ" meet. The column function and the per-string function give identical strings:
both decompose (NFKD — NFKC's compatibility folding, without recomposition), casefold,
decompose again (casefold can yield decomposable letters) and drop combining marks. Each step
works character by character, which is what lets ``normalize_with_map`` point every normalized
character back at the original one for evidence spans.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

import pandas as pd

HONORIFICS = (
    "judge", "justice", "hon", "honorable", "honourable", "mr", "mrs", "ms", "miss", "dr",
    "prof", "avv", "dott", "dott.ssa", "sig", "sig.ra", "sig.na", "ing", "mme", "mlle", "herr",
    "frau", "sr", "sra", "don", "dona",
)
COMPANY_SUFFIXES = (
    "inc", "llc", "l.l.c", "llp", "ltd", "plc", "s.p.a", "spa", "s.r.l", "srl", "gmbh", "sa",
    "s.a", "co", "corp",
)
_SUFFIX_RE = re.compile(
    r"[\s,]+(?:" + "|".join(re.escape(s) for s in COMPANY_SUFFIXES) + r")\.?$")
_HONORIFIC_RE = re.compile(
    r"^(?:" + "|".join(re.escape(h) for h in HONORIFICS) + r")\.?\s+")


class _MarkTable(dict):
    """Translation table deleting every non-spacing combining mark (accents), filled in as
    characters are met: building it for all of Unicode up front cost a second and a half."""

    def __missing__(self, cp: int) -> int | None:
        self[cp] = None if unicodedata.category(chr(cp)) == "Mn" else cp
        return self[cp]


@cache
def _mark_table() -> dict[int, int | None]:
    return _MarkTable()


@cache  # texts draw on few distinct characters: fold each once, not once per occurrence
def _fold_char(ch: str) -> str:
    return unicodedata.normalize(
        "NFKD", unicodedata.normalize("NFKD", ch).casefold()).translate(_mark_table())


def normalize(text: str | None) -> str:
    """Normalize one string (``None`` -> ``""``)."""
    if not isinstance(text, str) or not text:
        return ""
    return unicodedata.normalize(
        "NFKD", unicodedata.normalize("NFKD", text).casefold()).translate(_mark_table())


def normalize_series(values: pd.Series) -> pd.Series:
    """Normalize a whole string column at once; missing values become ``""``."""
    s = values.astype("string").fillna("")
    table = _mark_table()
    nfkd = unicodedata.normalize
    # ASCII folds to its lower case (NFKD leaves it alone): the common case skips three passes
    out = [v.lower() if v.isascii() else nfkd("NFKD", nfkd("NFKD", v).casefold()).translate(table)
           for v in s.to_numpy(dtype=object)]
    return pd.Series(out, index=s.index, dtype="string", name=s.name)


def normalize_with_map(text: str | None) -> tuple[str, list[int]]:
    """Normalize ``text`` and return, per normalized character, its index in ``text``.

    Used only for rows that matched, to report evidence spans in the original text.
    """
    if not isinstance(text, str):
        return "", []
    if text.isascii():  # ASCII folds to its lower case, one character for one
        return text.lower(), list(range(len(text)))
    out = list(map(_fold_char, text))
    lengths = list(map(len, out))
    if all(n == 1 for n in lengths):  # the usual case: one character for one
        return "".join(out), list(range(len(text)))
    index = [i for i, n in enumerate(lengths) for _ in range(n)]
    return "".join(out), index


def original_span(index: list[int], start: int, end: int) -> tuple[int, int]:
    """Map a normalized ``[start, end)`` span back to the original string's ``[start, end)``."""
    if not index or end <= start:
        return 0, 0
    return index[start], index[min(end, len(index)) - 1] + 1


_TRANSLIT = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "Ä": "Ae", "Ö": "Oe",
                           "Ü": "Ue"})


def spellings(name: str) -> set[str]:
    """Normalized spellings of a name as people type it: as written, the hyphen as a space
    or dropped, and German "ue" for "ü" ("Müller-Lüdenscheidt" -> "mueller-luedenscheidt",
    "Lane-Porter" -> "lane porter", "laneporter")."""
    out = set()
    for form in {name, name.translate(_TRANSLIT)}:
        base = " ".join(normalize(form).split())
        out |= {base, base.replace("-", " "), base.replace("-", "")}
    return {" ".join(s.split()) for s in out if s}


def name_variants(name: str) -> list[str]:
    """Normalized patterns for an entity name: the full name, then without honorific/suffix.

    rules.md 6.9: "Acme Holdings LLC" also matches "Acme Holdings"; "Judge Rossi" also "Rossi".
    Variants shorter than 4 characters are dropped (too ambiguous to match alone).
    """
    full = " ".join(normalize(name).split())
    variants = [full] if full else []
    stripped = full
    for _ in range(3):  # "Acme Co., Inc." carries two suffixes
        stripped = _HONORIFIC_RE.sub("", _SUFFIX_RE.sub("", stripped)).strip(" ,")
    if stripped and stripped != full and len(stripped) >= 4:
        variants.append(stripped)
    return variants
