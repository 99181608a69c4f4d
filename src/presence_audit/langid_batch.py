"""py3langid's classifier run over a whole column at once, with the same answers.

py3langid walks each text's bytes through its n-gram automaton in a Python loop, one text at a
time: about a third of a scan's rule time on an archive of varied text. Here the walk advances
every text by one byte per step as a NumPy operation (texts sorted longest first, so the texts
still walking are always a prefix), and the naive-Bayes scores of all texts are one sparse
product. The arithmetic is py3langid's (``LanguageIdentifier._decide`` with ``norm_probs``);
only the order of a float32 sum may differ, in the last bits.

Very long texts would make the step loop long for few texts, so they keep the per-text path,
as does any identifier whose internals are not the ones this module knows.
"""

from __future__ import annotations

import unicodedata
from functools import cache
from typing import Any

import numpy as np
import scipy.sparse as sp

BATCH_MAX_BYTES = 2048  # longer texts are classified one by one
BATCH_TEXTS = 10_000  # texts walked together: bounds the feature hits held at once


@cache
def _tables(identifier: Any) -> tuple[np.ndarray, np.ndarray, np.ndarray] | None:
    """The automaton as arrays (next state, row offsets, feature per state), or None when the
    identifier lacks the attributes this module relies on."""
    try:
        nextmove = np.asarray(identifier.tk_nextmove)  # ~10M states: keep its own dtype
        rowbase = np.asarray(identifier._rowbase, dtype=np.int64)
        output = np.asarray(identifier.tk_output, dtype=np.int32)
        if identifier._alias_pairs or not identifier._norm_probs:
            return None
    except (AttributeError, TypeError, ValueError):
        return None
    return nextmove, rowbase, output


def _encode(text: str) -> bytes:
    """py3langid's own text preparation (``LanguageIdentifier._encode``)."""
    if text.isupper():
        text = text.lower()
    return unicodedata.normalize("NFC", text).encode("utf8", errors="surrogatepass")


def classify_many(identifier: Any, texts: list[str]) -> list[tuple[str, float]]:
    """``identifier.classify(text)`` for every text: (language, normalized probability)."""
    tables = _tables(identifier)
    encoded = [_encode(t) for t in texts]
    lens = np.fromiter(map(len, encoded), dtype=np.int64, count=len(encoded))
    batch = np.flatnonzero(lens <= BATCH_MAX_BYTES) if tables is not None else np.zeros(0, int)
    batch = batch[np.argsort(lens[batch], kind="stable")]  # similar lengths walk together
    out: list[tuple[str, float]] = [("", 0.0)] * len(texts)
    for start in range(0, len(batch), BATCH_TEXTS):
        if tables is None:  # batch is empty then
            break
        chunk = batch[start:start + BATCH_TEXTS]
        langs, confs = _classify_batch(identifier, tables, [encoded[i] for i in chunk])
        for i, lang, conf in zip(chunk.tolist(), langs, confs, strict=True):
            out[i] = (lang, conf)
    done = np.zeros(len(texts), dtype=bool)
    done[batch] = True
    for i in np.flatnonzero(~done).tolist():
        out[i] = identifier.classify(texts[i])
    return out


def _feature_counts(tables: tuple[np.ndarray, np.ndarray, np.ndarray], encoded: list[bytes],
                    n_features: int) -> sp.csr_matrix:
    """Per text, how often each automaton feature fires: the DFA walk, one byte per step."""
    nextmove, rowbase, output = tables
    lens = np.fromiter(map(len, encoded), dtype=np.int64, count=len(encoded))
    order = np.argsort(-lens, kind="stable")
    sorted_lens = lens[order]
    flat = np.frombuffer(b"".join(encoded[i] for i in order), dtype=np.uint8)
    starts = np.zeros(len(encoded), dtype=np.int64)
    np.cumsum(sorted_lens[:-1], out=starts[1:])
    state = np.zeros(len(encoded), dtype=np.int64)
    rows, feats = [], []
    # walking[p] = how many texts are longer than p (a prefix, since lengths are sorted)
    walking = np.searchsorted(-sorted_lens, -np.arange(int(sorted_lens.max(initial=0))),
                              side="left")
    for pos, k in enumerate(walking.tolist()):
        active = state[:k]
        active = nextmove[rowbase[active] + flat[starts[:k] + pos]]
        state[:k] = active
        fired = output[active]
        hit = np.flatnonzero(fired >= 0)
        rows.append(order[hit])
        feats.append(fired[hit])
    r = np.concatenate(rows) if rows else np.zeros(0, dtype=np.int64)
    f = np.concatenate(feats) if feats else np.zeros(0, dtype=np.int64)
    counts = sp.csr_matrix((np.ones(len(r), dtype=np.float32), (r, f)),
                           shape=(len(encoded), n_features), dtype=np.float32)
    counts.sum_duplicates()
    return counts


def _classify_batch(identifier: Any, tables: tuple[np.ndarray, np.ndarray, np.ndarray],
                    encoded: list[bytes]) -> tuple[list[str], list[float]]:
    table = identifier.nb_ptc
    counts = _feature_counts(tables, encoded, table.shape[0])
    counts.data = np.log1p(counts.data)
    scores = np.asarray(counts @ table.astype(np.float32), dtype=np.float32) + identifier.nb_pc
    lens = np.fromiter(map(len, encoded), dtype=np.float64, count=len(encoded))
    scores *= (1.0 / np.sqrt(np.maximum(lens, 1.0))).astype(np.float32)[:, None]
    # a text with no feature scores uniformly (py3langid abstains the same way)
    scores[np.diff(counts.indptr) == 0] = 0.0
    np.exp(scores - scores.max(axis=1, keepdims=True), out=scores)
    scores /= scores.sum(axis=1, keepdims=True)
    best = scores.argmax(axis=1)
    confs = scores[np.arange(len(encoded)), best]
    classes = identifier.nb_classes
    return [classes[b] for b in best.tolist()], confs.astype(np.float64).tolist()
