"""How party organisations name their pages and accounts (issue 12, party connections).

A Facebook page, an Instagram account or an X handle rarely carries the name as cases.csv
writes it: "Stadt Emmendingen (offiziell)", "Ville de Vitré - Page officielle", "Breisgau
Logistik Freiburg", "Ayto. de Tarazona", "Ashby Valley SD", "SWHolzbau_GmbH",
"seilerundkunz". ``page_core`` strips such a counterpart down to the words that identify
the organisation, so it can be compared, as one compact key, with the organisation's short
name, its compact spellings with each language's "and" and its listed handles
(``contact_forms``). Nothing is matched by a part of a name: "Holzbau Freiburg" is not
"Schwarzwald Holzbau", "Dunmore Golf Club" not "Dunmore Paving".
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from presence_audit.textnorm import normalize

# "and" as organisation names write it, every language: "Seiler & Kunz" = "Seiler und Kunz"
CONJUNCTIONS = ("&", "and", "und", "u", "e", "y", "et")
_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z][a-z]|[A-Z]{2,}\b)|(?<=[A-Z])(?=[A-Z][a-z])")
_HANDLE_SEP = re.compile(r"[._]+")
_NOT_NAME = re.compile(r"[^\w&.'’\s-]+|(?<!\w)[-–—|·•:]+(?!\w)")
_NON_LETTER = re.compile(r"[^a-z]+")


def split_camel(text: str) -> str:
    """Words of a handle run together: "SWHolzbau_GmbH" -> "SW Holzbau GmbH"."""
    return _CAMEL.sub(" ", _HANDLE_SEP.sub(" ", text)).strip()


def page_core(name: str, org_key: Callable[[str], tuple[str, bool]],
              places: Iterable[str]) -> str:
    """The identifying words of a page or account name (normalized, space-separated).

    Emoji, brackets and free-standing dashes go; then ``org_key`` drops legal suffixes and
    generic words ("official", "page", "Stadtverwaltung", "Ayto."), and the court's towns in
    ``places`` are dropped unless nothing else is left ("Breisgau Logistik Freiburg").
    """
    text = _NOT_NAME.sub(" ", normalize(name)).replace("-", " ")
    short = org_key(" ".join(text.split()))[0]
    place_set = set(places)
    kept = [w for w in short.split() if w.strip(".'") not in place_set]
    return " ".join(kept) if kept else short


def compact(text: str) -> str:
    """Letters only, normalized."""
    return _NON_LETTER.sub("", normalize(text))


def conjunction_forms(short: str) -> set[str]:
    """Compact forms of a short name with its "and" written each way: "seiler & kunz" ->
    "seilerkunz", "seilerundkunz", "seilerandkunz", "seilerekunz", "seilerykunz"…; a name
    without a conjunction gives nothing."""
    words = short.split()
    at = [i for i, w in enumerate(words) if w in CONJUNCTIONS and 0 < i < len(words) - 1]
    if not at:
        return set()
    out = set()
    for conj in ("", *CONJUNCTIONS[1:]):
        out.add(compact("".join(conj if i in at else w for i, w in enumerate(words))))
    return out
