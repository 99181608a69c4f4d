"""Explainable text classifiers: partisan political content, and intemperate language.

Each task is TF-IDF (word 1–2-grams and char_wb 3–5-grams over text folded by
:mod:`presence_audit.textnorm`) feeding a logistic regression. A model is stored as plain data —
``<task>.json`` (vocabularies, parameters, classes, threshold, corpus hash) and ``<task>.npz``
(idf, coefficients, intercept), read with ``np.load(allow_pickle=False)`` — so loading a model
file can never execute code, and a profile may safely name a model an ethics office retrained.

Scores are linear, so every score explains itself: a term's push towards the positive class is
its tf-idf value times its coefficient; the five largest pushes are reported as ``top_terms``.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass, field
from functools import cache, cached_property
from importlib import resources
from itertools import chain, pairwise
from pathlib import Path
from typing import Any

import numpy as np
import orjson
import pandas as pd
import scipy.sparse as sp

from presence_audit.errors import AuditInputError
from presence_audit.language import lexicon_flags
from presence_audit.textnorm import normalize_series

# task -> (positive label, negative label): the text tasks, trained on the corpus with a
# held-out split, which an office may retrain with its own labels
TASKS: dict[str, tuple[str, str]] = {
    "political": ("partisan", "not_partisan"),
    "demeanor": ("intemperate", "civil"),
}
# A prosecutor's case models (issue 17), trained on every dev item of the prosecutor set and
# measured leave-one-batch-out there (evaluation/prosecutor/README.md). They never find
# anything alone: a rule asks them only about a row naming an accused of her cases. (A leak
# model passed that measure but flagged everyday family messages naming the accused, a kind
# of item the set lacks: not shipped.)
CASE_TASKS: dict[str, tuple[str, str]] = {
    "condemnation": ("condemnation", "no_condemnation"),
}
LABELS: dict[str, tuple[str, str]] = TASKS | CASE_TASKS
FORMAT_VERSION = 2
READABLE_VERSIONS = (1, 2)  # version 1: no stopwords, languages or per-language thresholds
TOP_TERMS = 5
BATCH_ROWS = 50_000  # bounds the sparse matrix of one batch on million-row archives
# The only vectorizer settings a model file may ask for (anything else is refused).
BLOCKS: dict[str, dict[str, Any]] = {  # CountVectorizer keyword arguments per block
    "word": {"analyzer": "word", "ngram_range": (1, 2), "token_pattern": r"(?u)\b\w\w+\b"},
    "char": {"analyzer": "char_wb", "ngram_range": (3, 5)},
}
# Lexicon-hit features per task (one 0/1 column per lexicon, scaled by its stored weight):
# they let a demeanor model recognise an insult it never saw in training.
LEXICON_FEATURES: dict[str, tuple[str, ...]] = {
    "political": ("political_cue",),
    "demeanor": ("profanity", "insult", "slur"),
    "condemnation": (),
}
LEXICON_PREFIX = "lexicon:"
# What can never be evidence: links (t.co, share parameters), @mentions and numbers are
# removed before either vectorizer sees the text.
NOISE_RE = re.compile(r"(?:https?://|www\.)\S+|\b[\w.-]+\.(?:co|com|ly|be|gl|it|de|fr|es)/\S*"
                      r"|@\w+|\bRT\b|\b\d[\d.,:/'-]*\b")


class ModelError(AuditInputError):
    """A classifier model file is missing, corrupt or not a presence-audit model."""


@dataclass(frozen=True)
class Model:
    """A fitted classifier as plain arrays; ``coef`` spans the word block then the char block."""

    task: str
    positive: str
    negative: str
    threshold: float
    vocab: dict[str, list[str]]  # block (word, char, lex) -> terms in column order
    idf: dict[str, np.ndarray]  # block -> idf per term (lex: the weight of a lexicon hit)
    coef: np.ndarray
    intercept: float
    meta: dict = field(default_factory=dict)  # corpus hashes, C, counts: provenance only
    stop_words: frozenset[str] = frozenset()  # dropped from the word block (normalized)
    languages: tuple[str, ...] = ()  # trained and evaluated in these; () = any language
    thresholds: dict[str, float] = field(default_factory=dict)  # per language, on dev
    # per language, on dev: the (lower) threshold a score must reach when a political anchor
    # agrees (``agreement.political_verdict``); only the political model has them
    agreed: dict[str, float] = field(default_factory=dict)

    def threshold_for(self, lang: str) -> float:
        return self.thresholds.get(lang, self.threshold)

    def agreed_for(self, lang: str) -> float:
        """The threshold when a cue agrees: never above the language's own threshold."""
        return min(self.agreed.get(lang, 1.0), self.threshold_for(lang))

    def routes(self, lang: str) -> bool:
        """Whether an item in ``lang`` is scored by this model at all."""
        return not self.languages or lang in self.languages

    @property
    def feature_names(self) -> np.ndarray:
        return _feature_names(self)

    @cached_property
    def vocabularies(self) -> dict[str, dict[str, int]]:
        """Term -> column per block, built once per model (scoring asks every batch)."""
        return {name: {t: i for i, t in enumerate(terms)} for name, terms in self.vocab.items()}


def _feature_names(model: Model) -> np.ndarray:
    # char_wb n-grams carry padding spaces; the stripped fragment is what a reader recognizes.
    names = ([*model.vocab["word"], *(t.strip() for t in model.vocab["char"]),
              *model.vocab["lex"]])
    return np.asarray(names, dtype=object)


def model_paths(task: str, directory: Path) -> tuple[Path, Path]:
    return directory / f"{task}.json", directory / f"{task}.npz"


def shipped_model_dir() -> Path:
    return Path(str(resources.files("presence_audit") / "data" / "models"))


# --- features ---------------------------------------------------------------------------

def prepare(texts: pd.Series) -> pd.Series:
    """The text the vectorizers see: links, @mentions and numbers removed, then the one
    normalizer (case and accents folded)."""
    return normalize_series(texts.astype("string").str.replace(NOISE_RE, " ", regex=True))


def features(model: Model, prepared: pd.Series) -> sp.csr_matrix:
    """TF-IDF matrix for already-prepared texts, identical to the training vectorizers'."""
    blocks = []
    for name in ("word", "char"):
        vocabulary = model.vocabularies[name]
        if BLOCKS[name]["analyzer"] == "char_wb":
            counts = _char_wb_counts(prepared.tolist(), vocabulary, *BLOCKS[name]["ngram_range"])
        elif BLOCKS[name]["ngram_range"] == (1, 2):
            counts = _word_counts(prepared.tolist(), vocabulary, BLOCKS[name]["token_pattern"],
                                  model.stop_words)
        else:
            from sklearn.feature_extraction.text import CountVectorizer  # not on the scan path

            counts = CountVectorizer(vocabulary=vocabulary, lowercase=False,
                                     stop_words=sorted(model.stop_words) or None,
                                     **BLOCKS[name]).transform(prepared.tolist())
        weighted = counts.astype(np.float64) @ sp.diags(model.idf[name])
        blocks.append(_l2_rows(sp.csr_matrix(weighted)))
    if model.vocab["lex"]:
        texts = prepared.tolist()
        flags = np.column_stack([lexicon_flags(texts, t.removeprefix(LEXICON_PREFIX))
                                 for t in model.vocab["lex"]])
        blocks.append(sp.csr_matrix(flags.astype(np.float64) * model.idf["lex"]))
    return sp.hstack(blocks, format="csr")


def _l2_rows(matrix: sp.csr_matrix) -> sp.csr_matrix:
    """Each row scaled to unit length, in place, with scikit-learn's arithmetic
    (``normalize(norm="l2")``: squares summed in row order, all-zero rows left alone), so a
    scan need not import scikit-learn."""
    n_rows = matrix.shape[0]
    rows = np.repeat(np.arange(n_rows), np.diff(matrix.indptr))
    norms = np.sqrt(np.bincount(rows, weights=matrix.data * matrix.data, minlength=n_rows))
    norms[norms == 0.0] = 1.0
    matrix.data /= norms[rows]
    return matrix


_WHITE_SPACES = re.compile(r"\s\s+")  # as scikit-learn's char_wb analyzer


def _wb_grams(word: str, lo: int, hi: int) -> list[str]:
    """scikit-learn's ``char_wb`` n-grams of one word (padded with a space each side)."""
    w = " " + word + " "
    out: list[str] = []
    for n in range(lo, hi + 1):
        if len(w) <= n:  # a short word counts once
            out.append(w)
            break
        out.extend([w[i:i + n] for i in range(len(w) - n + 1)])
    return out


def _char_wb_counts(texts: list[str], vocabulary: dict[str, int], lo: int, hi: int
                    ) -> sp.csr_matrix:
    """The count matrix ``CountVectorizer(analyzer="char_wb")`` gives for a fixed vocabulary.

    char_wb n-grams never cross a word, so each distinct word is expanded once: the counts
    are (texts x distinct words) @ (distinct words x n-grams), the same counts as
    scikit-learn's per-n-gram Python loop at a fraction of the cost, and no array holds one
    entry per n-gram occurrence (that took ~15 kB per text of a batch at peak).
    """
    words = [_WHITE_SPACES.sub(" ", t).split() for t in texts]
    per_text = np.fromiter(map(len, words), dtype=np.int64, count=len(words))
    flat = np.fromiter(chain.from_iterable(words), dtype=object, count=int(per_text.sum()))
    del words
    codes, uniques = pd.factorize(flat) if len(flat) else (np.zeros(0, dtype=np.int64), [])
    del flat
    get = vocabulary.get
    columns = [[c for c in map(get, _wb_grams(w, lo, hi)) if c is not None] for w in uniques]
    by_word = sp.csr_matrix(_ones_csr(columns), shape=(len(columns), len(vocabulary)))
    text_ptr = np.zeros(len(texts) + 1, dtype=np.int64)
    np.cumsum(per_text, out=text_ptr[1:])
    by_text = sp.csr_matrix((np.ones(len(codes), dtype=np.int64), codes, text_ptr),
                            shape=(len(texts), len(columns)))
    matrix = sp.csr_matrix(by_text @ by_word, dtype=np.int64)
    matrix.sum_duplicates()
    matrix.sort_indices()
    return matrix


def _ones_csr(columns: list[list[int]]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(data, indices, indptr) of a 0/1 CSR matrix with row ``i`` holding ``columns[i]``
    (a repeated column counts twice)."""
    lengths = np.fromiter(map(len, columns), dtype=np.int64, count=len(columns))
    indptr = np.zeros(len(columns) + 1, dtype=np.int64)
    np.cumsum(lengths, out=indptr[1:])
    indices = np.fromiter(chain.from_iterable(columns), dtype=np.int64, count=int(indptr[-1]))
    return np.ones(len(indices), dtype=np.int64), indices, indptr


def _word_counts(texts: list[str], vocabulary: dict[str, int], token_pattern: str,
                 stop_words: frozenset[str] = frozenset()) -> sp.csr_matrix:
    """The count matrix ``CountVectorizer(analyzer="word", ngram_range=(1, 2))`` gives for a
    fixed vocabulary: tokens by ``token_pattern`` less stop words, each token and each
    adjacent pair of the remaining tokens (as scikit-learn's ``stop_words``)."""
    findall = re.compile(token_pattern).findall
    grams = []
    for text in texts:
        tokens = [t for t in findall(text) if t not in stop_words]
        grams.append(tokens + [f"{a} {b}" for a, b in pairwise(tokens)])
    per_text = np.fromiter(map(len, grams), dtype=np.int64, count=len(grams))
    flat = np.fromiter(chain.from_iterable(grams), dtype=object, count=int(per_text.sum()))
    return _counts(flat, per_text, vocabulary)


def _counts(flat: np.ndarray, per_text: np.ndarray, vocabulary: dict[str, int]
            ) -> sp.csr_matrix:
    """Sparse counts from the n-grams of every text (``flat``, ``per_text`` of them each)."""
    cols = np.fromiter((vocabulary.get(g, -1) for g in flat), dtype=np.int64, count=len(flat))
    rows = np.repeat(np.arange(len(per_text), dtype=np.int64), per_text)
    known = cols >= 0
    matrix = sp.csr_matrix((np.ones(int(known.sum()), dtype=np.int64),
                            (rows[known], cols[known])),
                           shape=(len(per_text), len(vocabulary)), dtype=np.int64)
    matrix.sum_duplicates()
    matrix.sort_indices()
    return matrix


# --- scoring ----------------------------------------------------------------------------

def score(texts: pd.Series, task: str, model: Model | None = None,
          langs: pd.Series | None = None, prepared: pd.Series | None = None) -> pd.DataFrame:
    """Score a whole text column: ``score`` (P(positive)), ``label``, ``top_terms``,
    ``threshold``, ``agreed`` (the threshold when a cue agrees) and ``routed``.

    ``top_terms`` lists up to five ``(word, weight)`` pairs: content words of that text (no
    stop word, link, mention or number) whose tf-idf value × coefficient pushed hardest
    towards the positive class. With ``langs`` (aligned with ``texts``), an item in a
    language the model was not trained in is not scored (``routed`` False, score NaN) and
    each item is held to its language's threshold. Empty texts score 0 with no terms.
    ``prepared``: ``prepare(texts)`` when the caller already has it (a run prepares its text
    column once for every model).
    """
    model = model or load_model(task)
    if model.task != task:
        raise ModelError(f"The model given is for '{model.task}', not '{task}'.")
    lang_values = (np.full(len(texts), "", dtype=object) if langs is None
                   else langs.astype("string").fillna("und").to_numpy(dtype=object))
    # per distinct language, not per item: a column holds a handful of languages
    distinct, at = np.unique(lang_values.astype(str), return_inverse=True)
    routed = (np.ones(len(texts), dtype=bool) if langs is None
              else np.array([model.routes(x) for x in distinct], dtype=bool)[at])
    scores, terms = _scores_and_terms(model, texts if prepared is None else None, prepared)
    thresholds = np.array([model.threshold_for(x) for x in distinct], dtype=np.float64)[at]
    agreed = np.array([model.agreed_for(x) for x in distinct], dtype=np.float64)[at]
    scores[~routed] = np.nan
    terms = [t if r else [] for t, r in zip(terms, routed, strict=True)]
    labels = np.where(scores >= thresholds, model.positive, model.negative)
    return pd.DataFrame({
        "score": scores,
        "label": pd.Series(labels, dtype="string").to_numpy(),
        "top_terms": pd.Series(terms, dtype=object).to_numpy(),
        "threshold": thresholds,
        "agreed": agreed,
        "routed": routed,
    }, index=texts.index).astype({"label": "string"})


def _scores_and_terms(model: Model, texts: pd.Series | None,
                      prepared: pd.Series | None = None
                      ) -> tuple[np.ndarray, list[list[tuple[str, float]]]]:
    """P(positive) and evidence words per text (or per already ``prepared`` text); each
    distinct text is scored once."""
    ready = prepare(texts) if prepared is None else prepared
    codes, uniques = pd.factorize(ready.to_numpy(dtype=object))
    prepared = pd.Series(uniques, dtype="string")
    scores = np.zeros(len(prepared), dtype=np.float64)
    terms: list[list[tuple[str, float]]] = []
    n_word = len(model.vocab["word"])
    names = model.feature_names[:n_word]
    for start in range(0, len(prepared), BATCH_ROWS):
        chunk = prepared.iloc[start:start + BATCH_ROWS]
        matrix = features(model, chunk)
        logits = matrix @ model.coef + model.intercept
        probs = 1.0 / (1.0 + np.exp(-logits))
        blank = (chunk.str.strip() == "").to_numpy(dtype=bool)
        probs[blank] = 0.0
        scores[start:start + len(chunk)] = probs
        # evidence is words only: char n-grams and lexicon flags are no words to show
        terms.extend(_top_terms(matrix[:, :n_word], model.coef[:n_word], names, TOP_TERMS))
    return scores[codes], [list(terms[c]) for c in codes]


def _top_terms(matrix: sp.csr_matrix, coef: np.ndarray, names: np.ndarray,
               k: int) -> list[list[tuple[str, float]]]:
    """Per row, the ``k`` largest positive contributions, without a per-row model call."""
    contrib = sp.csr_matrix(matrix.multiply(coef[np.newaxis, :]))
    contrib.eliminate_zeros()
    n_rows = contrib.shape[0]
    rows = np.repeat(np.arange(n_rows), np.diff(contrib.indptr))
    data, cols = contrib.data, contrib.indices
    positive = data > 0
    rows, data, cols = rows[positive], data[positive], cols[positive]
    order = np.lexsort((cols, -data, rows))  # ties broken by column: deterministic output
    rows, data, cols = rows[order], data[order], cols[order]
    first = np.searchsorted(rows, np.arange(n_rows))
    rank = np.arange(len(rows)) - first[rows]
    keep = rank < k
    rows, data, cols = rows[keep], data[keep], cols[keep]
    bounds = np.searchsorted(rows, np.arange(n_rows + 1))
    pairs = list(zip(names[cols].tolist(), np.round(data, 4).tolist(), strict=True))
    return [pairs[bounds[i]:bounds[i + 1]] for i in range(n_rows)]


# --- storage ----------------------------------------------------------------------------

def save_model(model: Model, directory: Path) -> tuple[Path, Path]:
    """Write ``<task>.json`` and ``<task>.npz`` into ``directory``; same model, same bytes."""
    directory.mkdir(parents=True, exist_ok=True)
    json_path, npz_path = model_paths(model.task, directory)
    doc = {
        "format": "presence-audit-classifier",
        "format_version": FORMAT_VERSION,
        "task": model.task,
        "classes": [model.positive, model.negative],
        "positive": model.positive,
        "threshold": model.threshold,
        "vectorizers": {name: {"analyzer": spec["analyzer"],
                               "ngram_range": list(spec["ngram_range"])}
                        for name, spec in BLOCKS.items()},
        "vocabulary": model.vocab,
        "meta": model.meta,
        "stop_words": sorted(model.stop_words),
        "languages": list(model.languages),
        "thresholds": dict(sorted(model.thresholds.items())),
    }
    if model.agreed:  # written only where chosen, so the other models keep their bytes
        doc["agreed_thresholds"] = dict(sorted(model.agreed.items()))
    json_path.write_bytes(orjson.dumps(doc, option=orjson.OPT_SORT_KEYS) + b"\n")
    arrays = {"idf_word": model.idf["word"], "idf_char": model.idf["char"],
              "idf_lex": model.idf["lex"], "coef": model.coef,
              "intercept": np.array([model.intercept])}
    npz_path.write_bytes(_npz_bytes(arrays))
    _load_cached.cache_clear()  # a rewritten model must not be served from the cache
    return json_path, npz_path


def _npz_bytes(arrays: dict[str, np.ndarray]) -> bytes:
    """An .npz archive with fixed member dates (np.savez stamps the current time)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name in sorted(arrays):
            member = io.BytesIO()
            np.lib.format.write_array(member, np.ascontiguousarray(arrays[name], dtype="<f8"),
                                      allow_pickle=False)
            info = zipfile.ZipInfo(f"{name}.npy", date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, member.getvalue())
    return buffer.getvalue()


def load_model(task: str, path: str | Path | None = None) -> Model:
    """The model for ``task``: the shipped one, or one at ``path`` (a directory holding
    ``<task>.json``/``<task>.npz``, or the ``.json`` file itself)."""
    if task not in LABELS:
        raise ModelError(f"Unknown classifier task '{task}'; expected one of "
                         f"{', '.join(LABELS)}.")
    if path is None:
        return _load_cached(task, str(shipped_model_dir()))
    path = Path(path)
    directory = path.parent if path.suffix == ".json" else path
    return _load_cached(task, str(directory))


@cache
def _load_cached(task: str, directory: str) -> Model:
    json_path, npz_path = model_paths(task, Path(directory))
    for p in (json_path, npz_path):
        if not p.is_file():
            raise ModelError(f"{p}: classifier model file for '{task}' not found.")
    try:
        doc = orjson.loads(json_path.read_bytes())
    except orjson.JSONDecodeError as exc:
        raise ModelError(f"{json_path}: not valid JSON ({exc}).") from None
    try:
        with np.load(npz_path, allow_pickle=False) as data:
            arrays = {k: np.asarray(data[k]) for k in data.files}
    except (ValueError, OSError, zipfile.BadZipFile, EOFError) as exc:
        raise ModelError(f"{npz_path}: not a readable array file ({exc}).") from None
    return _validated(task, doc, arrays, json_path, npz_path)


def _header_problem(task: str, doc: object) -> str | None:
    """What is wrong with a model document's header (format, version, task, classes,
    vectorizers), or None."""
    if not isinstance(doc, dict) or doc.get("format") != "presence-audit-classifier":
        return "missing format marker"
    if doc.get("format_version") not in READABLE_VERSIONS or doc.get("task") != task:
        return "wrong format version or task"
    positive, negative = LABELS[task]
    if doc.get("classes") != [positive, negative] or doc.get("positive") != positive:
        return "unexpected classes"
    expected = {name: {"analyzer": s["analyzer"], "ngram_range": list(s["ngram_range"])}
                for name, s in BLOCKS.items()}
    if doc.get("vectorizers") != expected:
        return "unsupported vectorizer settings"
    return None


def _validated(task: str, doc: object, arrays: dict[str, np.ndarray], json_path: Path,
               npz_path: Path) -> Model:
    """Build a Model only from a document and arrays of exactly the expected shape."""
    def bad(where: Path, why: str) -> ModelError:
        return ModelError(f"{where}: not a usable presence-audit '{task}' model: {why}.")

    header = _header_problem(task, doc)
    if header:
        raise bad(json_path, header)
    assert isinstance(doc, dict)  # _header_problem checked it
    positive, negative = LABELS[task]
    threshold = doc.get("threshold")
    if not isinstance(threshold, float | int) or not 0.0 < float(threshold) < 1.0:
        raise bad(json_path, "threshold must be between 0 and 1")
    vocab = doc.get("vocabulary")
    if (not isinstance(vocab, dict) or set(vocab) != {"word", "char", "lex"}
            or not all(isinstance(v, list) and all(isinstance(t, str) for t in v)
                       for v in vocab.values())
            or any(len(set(v)) != len(v) for v in vocab.values())):
        raise bad(json_path, "vocabulary must be three lists of distinct strings")
    if vocab["lex"] != [LEXICON_PREFIX + n for n in LEXICON_FEATURES[task]]:
        raise bad(json_path, "unexpected lexicon features")
    if set(arrays) != {"idf_word", "idf_char", "idf_lex", "coef", "intercept"}:
        raise bad(npz_path, "unexpected arrays")
    n_word, n_char, n_lex = len(vocab["word"]), len(vocab["char"]), len(vocab["lex"])
    shapes = {"idf_word": (n_word,), "idf_char": (n_char,), "idf_lex": (n_lex,),
              "coef": (n_word + n_char + n_lex,), "intercept": (1,)}
    for name, shape in shapes.items():
        arr = arrays[name]
        if arr.dtype != np.float64 or arr.shape != shape or not np.isfinite(arr).all():
            raise bad(npz_path, f"array '{name}' has the wrong shape or values")
    routing = _routing(doc)
    if routing is None:
        raise bad(json_path, "stop_words, languages and thresholds must be string lists and "
                  "a language -> threshold map within (0, 1)")
    meta = doc.get("meta")
    meta = meta if isinstance(meta, dict) else {}
    return Model(task=task, positive=positive, negative=negative, threshold=float(threshold),
                 vocab={"word": vocab["word"], "char": vocab["char"], "lex": vocab["lex"]},
                 idf={"word": arrays["idf_word"], "char": arrays["idf_char"],
                      "lex": arrays["idf_lex"]},
                 coef=arrays["coef"], intercept=float(arrays["intercept"][0]), meta=meta,
                 stop_words=routing[0], languages=routing[1], thresholds=routing[2],
                 agreed=routing[3])


def _routing(doc: dict) -> tuple[frozenset[str], tuple[str, ...], dict[str, float],
                                 dict[str, float]] | None:
    """Stop words, languages, per-language thresholds (absent in version 1) and the ones
    when a cue agrees (absent before round 5), or None."""
    stop, langs, thresholds, agreed = (doc.get("stop_words", []), doc.get("languages", []),
                                       doc.get("thresholds", {}),
                                       doc.get("agreed_thresholds", {}))
    if not (isinstance(stop, list) and isinstance(langs, list) and isinstance(thresholds, dict)
            and isinstance(agreed, dict)
            and all(isinstance(x, str) for x in [*stop, *langs, *thresholds, *agreed])
            and all(isinstance(v, float | int) and 0.0 < float(v) < 1.0
                    for v in [*thresholds.values(), *agreed.values()])):
        return None
    return (frozenset(stop), tuple(langs),
            {k: float(v) for k, v in thresholds.items()},
            {k: float(v) for k, v in agreed.items()})
