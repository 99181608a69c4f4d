"""Which activity rows are acts on one underlying item (issue 13 part 7).

A text the subject posted, liked and reposted is one item with three acts: the findings merge
them (``acts.merge``) and M-REPEAT counts them once. Two rows are the same item when they share
the platform's record id (an X like's id is the liked tweet's, prefixed ``like:``) or, on one
platform, the same text once a repost's ``RT @name:`` prefix, leading @mentions, links and
punctuation are set aside. Same text is only trusted across different kinds: two likes, or two
posts, with one text are two items (Facebook titles likes "Maria Rossi likes Acme's post." for
every post of Acme).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence

import pandas as pd

from presence_audit.textnorm import normalize

LIKED = ("like", "reaction")
MIN_WORDS = 3  # shorter texts ("Congratulations!") are too common to name one item
_RT = re.compile(r"^\s*RT\s+@\w+:?\s*")
_LEAD_MENTIONS = re.compile(r"^(?:\s*@[\w.]+)+\s*")
_URL = re.compile(r"https?://\S+|www\.\S+")
_NON_WORD = re.compile(r"[\W_]+")
_TRUNCATED = ("…", "...")


def text_key(text: object) -> str:
    """The item's words: no repost prefix, leading mentions, links or punctuation; folded.

    "" when fewer than ``MIN_WORDS`` words remain.
    """
    if not isinstance(text, str):
        return ""
    body = _LEAD_MENTIONS.sub("", _RT.sub("", text))
    words = _NON_WORD.sub(" ", normalize(_URL.sub(" ", body))).split()
    return " ".join(words) if len(words) >= MIN_WORDS else ""


class _Union:
    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def join(self, group: Sequence[int]) -> None:
        for other in group[1:]:
            a, b = self.find(group[0]), self.find(other)
            if a != b:
                self.parent[max(a, b)] = min(a, b)


def _untruncate(keys: list[str], texts: list[object], platforms: list[str]) -> list[str]:
    """A repost cut at the old length limit ("…") takes the shortest full text it begins."""
    out = list(keys)
    ordered = sorted((p, k) for p, k in zip(platforms, keys, strict=True) if k)
    for i, (key, text) in enumerate(zip(keys, texts, strict=True)):
        if not key or not isinstance(text, str) or not text.rstrip().endswith(_TRUNCATED):
            continue
        longer = []
        for platform, other in ordered[bisect_right(ordered, (platforms[i], key)):]:
            if platform != platforms[i] or not other.startswith(key):
                break
            longer.append(other)
        if longer:
            out[i] = min(longer, key=len)
    return out


def item_ids(activity: pd.DataFrame, rows: Sequence[int]) -> list[int]:
    """For each position in ``rows`` (positions in ``activity``), the position in ``rows`` of
    the first row of its item: equal numbers mean one item."""
    rows = [int(r) for r in rows]
    part = activity.iloc[rows]
    platforms = part["platform"].astype("string").fillna("").tolist()
    kinds = part["kind"].astype("string").fillna("").tolist()
    # an X like's id is "like:<tweet id>": the liked tweet's own id once the prefix goes
    # (only likes: a follow and a follower of one account are two relations)
    ids = [rid.removeprefix("like:") if kind in LIKED else rid for rid, kind in zip(
        part["record_id"].astype("string").fillna("").tolist(), kinds, strict=True)]
    texts = part["text"].astype(object).where(part["text"].notna(), None).tolist()
    keys = _untruncate([text_key(t) for t in texts], texts, platforms)
    union = _Union(len(rows))
    by_id: dict[tuple[str, str], list[int]] = {}
    by_text: dict[tuple[str, str], list[int]] = {}
    for i, (platform, rid, key) in enumerate(zip(platforms, ids, keys, strict=True)):
        if rid:
            by_id.setdefault((platform, rid), []).append(i)
        if key:
            by_text.setdefault((platform, key), []).append(i)
    for group in by_id.values():
        union.join(group)
    for group in by_text.values():
        if len({kinds[i] for i in group}) == len(group):
            union.join(group)
    return [union.find(i) for i in range(len(rows))]
