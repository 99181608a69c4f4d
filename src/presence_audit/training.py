"""Build, evaluate and retrain the classifiers from the labelled corpus in the repository.

The corpus (``data/corpus/<task>.csv``: text, label, lang, split, origin) carries its own
train/test split, so the held-out texts are fixed and never seen in training — not even when
an ethics office adds its own examples (``train_with_labels``). Training is deterministic: the
same corpus gives byte-identical model files.

One way to run it, ``presence-audit train``: ``--out DIR`` alone rebuilds the models from the
corpus (``--out src/presence_audit/data/models`` rewrites the shipped ones), ``--labels FILE
--out DIR`` refits them with an office's examples; both print the held-out evaluation.
"""

from __future__ import annotations

import csv
import hashlib
import re
from dataclasses import replace
from importlib import resources
from pathlib import Path

import numpy as np
import pandas as pd
import scipy.sparse as sp
from sklearn.calibration import CalibratedClassifierCV
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import f1_score, precision_recall_fscore_support
from sklearn.model_selection import StratifiedKFold, train_test_split

from presence_audit.classifiers import (
    BLOCKS,
    CASE_TASKS,
    LABELS,
    LEXICON_FEATURES,
    LEXICON_PREFIX,
    TASKS,
    Model,
    features,
    load_model,
    prepare,
    save_model,
    score,
)
from presence_audit.errors import AuditInputError, ProfileError
from presence_audit.language import lexicon_terms
from presence_audit.textnorm import normalize

CORPUS_COLUMNS = ["text", "label", "lang", "split", "origin"]
C_GRID = (3.0, 10.0, 30.0)  # chosen by cross-validation on the fitting rows only
MIN_DF = {"word": 2, "char": 3}
SEED = 0
THRESHOLD = 0.5
# A lexicon hit is one 0/1 column among thousands: at 0.5 its coefficient outweighed any word
# five to one, so one ambiguous cue ("primary", "campaign") decided alone. At 0.1 the
# regularization keeps its push comparable to a word's.
LEXICON_WEIGHT = 0.1
LANGUAGES = ("en", "it", "es", "fr", "de")
DEV_SHARE = 0.2  # of the training rows, stratified by language and label, for thresholds
TARGET_PRECISION = 0.90  # thresholds per language are the lowest reaching it on dev
# political: where an anchor agrees (agreement.political_verdict), the lowest score at or
# above AGREED_FLOOR whose dev precision, classifier and anchor together, reaches this
AGREED_PRECISION = 0.95
AGREED_FLOOR = 0.3
MIN_DEV_POSITIVES = 20  # a language with fewer positive dev rows is not declared


class LabelsError(ProfileError):
    """An ethics office's labels CSV is unreadable or has a bad row (names file and line)."""


# --- corpus -----------------------------------------------------------------------------

def corpus_path(task: str) -> Path:
    return Path(str(resources.files("presence_audit") / "data" / "corpus" / f"{task}.csv"))


BATCH_FOLDER = "batch4"  # 1,500+ rows per task and language
# later batches, one file per task and language where written (batch 5: political round 5;
# batch 6: political round 6)
BATCH_FOLDERS = (BATCH_FOLDER, "batch5", "batch6")
BATCH_COLUMNS = [*CORPUS_COLUMNS, "kind", "class"]


def batch_path(task: str, lang: str, folder: str = BATCH_FOLDER) -> Path:
    return corpus_path(task).parent / folder / f"{task}_{lang}.csv"


def batch_paths(task: str, lang: str, folders: tuple[str, ...] = BATCH_FOLDERS) -> list[Path]:
    """The batch files of ``task`` in ``lang`` that exist, oldest batch first."""
    return [path for folder in folders if (path := batch_path(task, lang, folder)).is_file()]


def read_batch(task: str, lang: str, folders: tuple[str, ...] = BATCH_FOLDERS) -> pd.DataFrame:
    """One language's batch files of ``task`` (batch 4, then later ones), each checked like
    the corpus (plus kind and class; demeanor also carries a 0/1 ``bias`` column)."""
    frames = [read_batch_file(task, lang, path) for path in batch_paths(task, lang, folders)]
    return pd.concat(frames, ignore_index=True) if frames else read_batch_file(
        task, lang, batch_path(task, lang))


def read_batch_file(task: str, lang: str, path: Path) -> pd.DataFrame:
    """One batch file of ``task`` in ``lang``, checked like the corpus (the doctor reads each)."""
    frame = pd.read_csv(path, dtype="string", keep_default_na=False, encoding="utf-8")
    want = BATCH_COLUMNS + (["bias"] if task == "demeanor" else [])
    if list(frame.columns) != want:
        raise AuditInputError(f"{path}: columns must be {','.join(want)}.")
    bad = ~frame["label"].isin(TASKS[task]) | (frame["lang"] != lang) \
        | (frame["split"] != "train")
    if "bias" in frame.columns:
        bad |= ~frame["bias"].isin(["0", "1"])
    if bad.any():
        raise AuditInputError(f"{path}, line {int(np.flatnonzero(bad)[0]) + 2}: "
                              "bad label, language, split or bias.")
    return frame


def read_corpus(task: str) -> pd.DataFrame:
    """The labelled corpus of ``task``, checked: known labels, train/test split present."""
    path = corpus_path(task)
    frame = pd.read_csv(path, dtype="string", keep_default_na=False, encoding="utf-8")
    if list(frame.columns) != CORPUS_COLUMNS:
        raise AuditInputError(f"{path}: columns must be {','.join(CORPUS_COLUMNS)}.")
    bad = ~frame["label"].isin(LABELS[task]) | ~frame["split"].isin(["train", "test"])
    if bad.any():
        raise AuditInputError(f"{path}, line {int(np.flatnonzero(bad)[0]) + 2}: "
                              "bad label or split.")
    return frame


def training_rows(task: str, folders: tuple[str, ...] = BATCH_FOLDERS) -> pd.DataFrame:
    """Corpus train split plus the batch files of ``folders``: text, label, lang."""
    corpus = read_corpus(task)
    frames = [corpus.loc[corpus["split"] == "train", ["text", "label", "lang"]]]
    frames += [read_batch(task, lang, folders)[["text", "label", "lang"]]
               for lang in LANGUAGES if batch_paths(task, lang, folders)]
    return pd.concat(frames, ignore_index=True)


def fit_and_dev(task: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The fitting rows and the dev rows carved from them (fixed seed, stratified by
    language and label); the dev rows only choose thresholds and report figures. Dev is
    carved from the corpus and batch 4 alone, so a later batch (fitting only) leaves the
    dev rows, and figures before and after it, comparable."""
    rows = training_rows(task, (BATCH_FOLDER,))
    strata = rows["lang"] + "/" + rows["label"]
    fit, dev = train_test_split(rows, test_size=DEV_SHARE, random_state=SEED, stratify=strata)
    later = [read_batch(task, lang, BATCH_FOLDERS[1:])[["text", "label", "lang"]]
             for lang in LANGUAGES if batch_paths(task, lang, BATCH_FOLDERS[1:])]
    return pd.concat([fit, *later], ignore_index=True), dev.reset_index(drop=True)


_TOKEN = re.compile(BLOCKS["word"]["token_pattern"])


def stop_words() -> frozenset[str]:
    """Stop words of the five languages (stopwords-iso), normalized like the text, less any
    word a lexicon lists: "con" is a French insult as well as a Spanish preposition."""
    import stopwordsiso  # training only: a model stores its stop words, scanning never asks

    words = {normalize(w) for lang in LANGUAGES for w in stopwordsiso.stopwords(lang)}
    lexicon = set(lexicon_terms("insult")["term"]) | set(lexicon_terms("profanity")["term"]) \
        | set(lexicon_terms("political_cue")["term"])
    # only what the word tokenizer can yield ("ain't" never is one token)
    return frozenset(w for w in words if _TOKEN.fullmatch(w) and w not in lexicon)


def _sha256(*blobs: bytes) -> str:
    digest = hashlib.sha256()
    for blob in blobs:
        digest.update(blob)
    return digest.hexdigest()


# --- fitting ----------------------------------------------------------------------------

def _vectorizers(stop: frozenset[str]) -> dict[str, TfidfVectorizer]:
    return {name: TfidfVectorizer(lowercase=False, min_df=MIN_DF[name], dtype=np.float64,
                                  stop_words=sorted(stop) if name == "word" else None,
                                  **spec) for name, spec in BLOCKS.items()}


def _fit(task: str, texts: pd.Series, labels: pd.Series, meta: dict,
         dev: pd.DataFrame | None = None) -> Model:
    """Fit vectorizers and a calibrated regression; with ``dev`` rows (text, label, lang),
    declare the languages dev covers and choose each one's threshold there."""
    positive, negative = LABELS[task]
    prepared = prepare(texts.reset_index(drop=True))
    y = (labels.reset_index(drop=True) == positive).to_numpy(dtype=np.int64)
    stop = stop_words()
    vocab, idf = {}, {}
    for name, vec in _vectorizers(stop).items():
        vec.fit(prepared.tolist())
        vocab[name] = vec.get_feature_names_out().tolist()
        idf[name] = np.asarray(vec.idf_, dtype=np.float64)
    vocab["lex"] = [LEXICON_PREFIX + n for n in LEXICON_FEATURES[task]]
    idf["lex"] = np.full(len(vocab["lex"]), LEXICON_WEIGHT, dtype=np.float64)
    skeleton = Model(task, positive, negative, THRESHOLD, vocab, idf,
                     np.zeros(sum(len(v) for v in vocab.values())), 0.0, stop_words=stop)
    matrix = features(skeleton, prepared)
    c = _choose_c(matrix, y)
    coef, intercept = _calibrated(matrix, y, c)
    meta = {**meta, "C": c, "min_df": MIN_DF, "solver": "liblinear", "seed": SEED,
            "calibration": "sigmoid, 5-fold", "lexicon_weight": LEXICON_WEIGHT,
            "stop_words": f"stopwordsiso {'/'.join(LANGUAGES)}",
            "n_train": len(y), "n_train_positive": int(y.sum())}
    model = Model(task, positive, negative, THRESHOLD, vocab, idf, coef, intercept, meta,
                  stop_words=stop)
    if dev is None:
        return model
    langs, thresholds = dev_thresholds(model, dev)
    model = replace(model, languages=langs, thresholds=thresholds,
                    meta={**meta, "n_dev": len(dev), "target_precision": TARGET_PRECISION})
    if task != "political":
        return model
    return replace(model, agreed=agreed_thresholds(model, dev),
                   meta={**model.meta, "agreed_precision": AGREED_PRECISION,
                         "agreed_floor": AGREED_FLOOR})


def _calibrated(matrix: sp.csr_matrix, y: np.ndarray, c: float) -> tuple[np.ndarray, float]:
    """Coefficients whose logistic is a calibrated probability.

    Platt scaling fitted on 5-fold out-of-fold decision values (scikit-learn's
    ``CalibratedClassifierCV``, one calibrator) is itself a logistic of the regression's
    decision value, so it folds into the coefficients: scores stay linear and explainable.
    """
    folds = StratifiedKFold(n_splits=5, shuffle=True, random_state=SEED)
    calibrated = CalibratedClassifierCV(_regression(c), method="sigmoid", cv=folds,
                                        ensemble=False).fit(matrix, y)
    inner = calibrated.calibrated_classifiers_[0]
    base, platt = inner.estimator, inner.calibrators[0]
    a, b = float(platt.a_), float(platt.b_)  # P = 1 / (1 + exp(a * f + b))
    return (np.asarray(-a * base.coef_[0], dtype=np.float64),
            float(-a * base.intercept_[0] - b))


def dev_thresholds(model: Model, dev: pd.DataFrame) -> tuple[tuple[str, ...], dict[str, float]]:
    """Per language with enough positive dev rows: the lowest threshold (never under 0.5)
    whose dev precision reaches the target, else the one with the best precision."""
    scored = score(dev["text"], model.task, model)["score"].to_numpy()
    truth = (dev["label"] == model.positive).to_numpy(dtype=bool)
    lang = dev["lang"].to_numpy(dtype=object)
    langs, thresholds = [], {}
    for code in LANGUAGES:
        mine = lang == code
        if truth[mine].sum() < MIN_DEV_POSITIVES:
            continue
        langs.append(code)
        thresholds[code] = _threshold(scored[mine], truth[mine])
    return tuple(langs), thresholds


def agreed_thresholds(model: Model, dev: pd.DataFrame) -> dict[str, float]:
    """Per declared language: the lowest score (not under ``AGREED_FLOOR``, not above the
    language's threshold) at which classifier and political anchor together reach
    ``AGREED_PRECISION`` on dev. An anchor is a second, independent cue, so the classifier
    may agree at a lower score than it needs alone (issue 13 part 5). The floor itself is the
    first candidate: no dev row lies between it and the lowest anchored score above it, so
    the floor is as well supported there, and a threshold at the next dev score would rest on
    one row's score (round 6: French moved from 0.34 to 0.43 when English texts were added)."""
    from presence_audit.agreement import NONE, political_verdicts  # political only

    scored = score(dev["text"], model.task, model)["score"].to_numpy()
    anchored = np.asarray(political_verdicts(
        prepare(dev["text"].reset_index(drop=True)).tolist(),
        dev["lang"].astype(str).tolist(), scored.tolist()), dtype=object) != NONE
    truth = (dev["label"] == model.positive).to_numpy(dtype=bool)
    lang = dev["lang"].to_numpy(dtype=object)
    out = {}
    for code in model.languages:
        mine = (lang == code) & anchored
        ceiling = model.threshold_for(code)
        out[code] = ceiling
        above = np.round(scored[mine & (scored >= AGREED_FLOOR)], 4)
        for t in np.unique(np.append(above, AGREED_FLOOR)):
            hit = mine & (scored >= t)
            if t < ceiling and hit.sum() >= 5 and truth[hit].mean() >= AGREED_PRECISION:
                out[code] = float(t)
                break
    return out


def _threshold(scores: np.ndarray, truth: np.ndarray) -> float:
    candidates = np.unique(np.round(scores[scores >= THRESHOLD], 4))
    best, best_precision = 0.99, -1.0
    for t in candidates:  # ascending: the first reaching the target keeps the most recall
        hit = scores >= t
        precision = float(truth[hit].mean())
        if precision >= TARGET_PRECISION and hit.sum() >= 5:
            return float(t)
        if precision > best_precision:
            best, best_precision = float(t), precision
    return min(max(best, THRESHOLD), 0.99)


def _regression(c: float) -> LogisticRegression:
    return LogisticRegression(C=c, solver="liblinear", class_weight="balanced",
                              random_state=SEED, max_iter=1000)


def _choose_c(matrix, y: np.ndarray) -> float:
    """Regularization picked by 3-fold cross-validation inside the training split.

    The vocabulary is the full training one in every fold (idf is unsupervised), which is
    slightly optimistic but never touches the held-out split.
    """
    folds = StratifiedKFold(n_splits=3, shuffle=True, random_state=SEED)
    best, best_f1 = C_GRID[0], -1.0
    for c in C_GRID:
        scores = []
        for train_idx, val_idx in folds.split(np.zeros(len(y)), y):
            fitted = _regression(c).fit(matrix[train_idx], y[train_idx])
            scores.append(f1_score(y[val_idx], fitted.predict(matrix[val_idx]),
                                   average="macro"))
        mean = float(np.mean(scores))
        if mean > best_f1 + 1e-9:  # strict: ties keep the smaller C
            best, best_f1 = c, mean
    return best


def train(task: str, extra: pd.DataFrame | None = None) -> Model:
    """Fit ``task`` on the corpus train split and batch 4 less the dev rows, plus ``extra``
    rows (columns text, label); thresholds and languages come from the dev rows."""
    if task not in TASKS:
        raise AuditInputError(f"Unknown classifier task '{task}'.")
    fit, dev = fit_and_dev(task)
    blobs = [corpus_path(task).read_bytes()] + [
        path.read_bytes() for lang in LANGUAGES for path in batch_paths(task, lang)]
    meta = {"corpus_sha256": _sha256(*blobs), "n_extra": 0}
    train_rows = fit[["text", "label"]]
    if extra is not None and len(extra):
        extra = extra[["text", "label"]].astype("string")
        meta["n_extra"] = len(extra)
        meta["extra_sha256"] = _sha256(extra.to_csv(index=False).encode("utf-8"))
        train_rows = pd.concat([train_rows, extra], ignore_index=True)
    return _fit(task, train_rows["text"], train_rows["label"], meta, dev)


def train_case(task: str) -> Model:
    """Fit a prosecutor's case model (``CASE_TASKS``) on every row of its corpus, at the
    fixed threshold: its honest figure is leave-one-batch-out on the prosecutor set, whose
    dev items the corpus holds (``evaluation/prosecutor/corpus.py`` writes it)."""
    rows = read_corpus(task)
    meta = {"corpus_sha256": _sha256(corpus_path(task).read_bytes()), "n_extra": 0}
    return _fit(task, rows["text"], rows["label"], meta)


def rebuild(out_dir: str | Path) -> dict[str, dict[str, dict[str, float]]]:
    """Rebuild every model from the corpus alone into ``out_dir``; per text task, its
    held-out evaluation (a case model has no held-out split). Into the shipped folder this
    reproduces the shipped files."""
    report = {}
    for task in TASKS:
        model = train(task)
        save_model(model, Path(out_dir))
        report[task] = evaluate(model, held_out_split(task))
    for task in CASE_TASKS:
        save_model(train_case(task), Path(out_dir))
    return report


def format_rebuild(report: dict[str, dict[str, dict[str, float]]]) -> str:
    return "\n".join([*(format_evaluation(task, r) for task, r in report.items()),
                      f"{', '.join(CASE_TASKS)}: fitted on every row of their corpus "
                      "(leave-one-batch-out figures: evaluation/prosecutor/README.md)"])


# --- evaluation -------------------------------------------------------------------------

def held_out_split(task: str) -> pd.DataFrame:
    corpus = read_corpus(task)
    return corpus.loc[corpus["split"] == "test"].reset_index(drop=True)


def evaluate(model: Model, test_df: pd.DataFrame) -> dict[str, dict[str, float]]:
    """Precision, recall, F1 and support per class, plus their macro average."""
    predicted = score(test_df["text"], model.task, model)["label"].to_numpy(dtype=object)
    truth = test_df["label"].to_numpy(dtype=object)
    classes = [model.positive, model.negative]
    p, r, f, s = precision_recall_fscore_support(truth, predicted, labels=classes,
                                                 zero_division=0)
    report = {c: {"precision": float(p[i]), "recall": float(r[i]), "f1": float(f[i]),
                  "support": int(s[i])} for i, c in enumerate(classes)}
    report["macro"] = {"precision": float(p.mean()), "recall": float(r.mean()),
                       "f1": float(f.mean()), "support": int(s.sum())}
    return report


def format_evaluation(task: str, report: dict[str, dict[str, float]]) -> str:
    lines = [f"{task}: held-out evaluation",
             f"  {'class':<14}{'precision':>10}{'recall':>10}{'f1':>10}{'support':>9}"]
    for name, m in report.items():
        lines.append(f"  {name:<14}{m['precision']:>10.3f}{m['recall']:>10.3f}"
                     f"{m['f1']:>10.3f}{m['support']:>9}")
    return "\n".join(lines)


# --- an ethics office's own labels ------------------------------------------------------

def _task_of_label() -> dict[str, str]:
    return {label: task for task, labels in TASKS.items() for label in labels}


def read_labels(labels_csv: str | Path) -> pd.DataFrame:
    """Read ``text,label[,task]``; every bad row is an error naming its line."""
    path = Path(labels_csv)
    try:
        raw = path.read_bytes().decode("utf-8-sig")
    except OSError as exc:
        raise LabelsError(path, f"cannot read the labels file ({exc.strerror}).") from None
    except UnicodeDecodeError:
        raise LabelsError(path, "not UTF-8 text.") from None
    reader = csv.reader(raw.splitlines())
    header = [h.strip().lower() for h in next(reader, [])]
    if header[:2] != ["text", "label"] or len(header) > 3 or (
            len(header) == 3 and header[2] != "task"):
        raise LabelsError(path, "header must be 'text,label' or 'text,label,task'.", line=1)
    known = _task_of_label()
    records = []
    try:
        for row in reader:
            line = reader.line_num
            if not any(cell.strip() for cell in row):
                continue
            if len(row) != len(header):
                raise LabelsError(path, f"expected {len(header)} fields, found {len(row)}.",
                                  line=line)
            text, label = row[0].strip(), row[1].strip()
            if not text:
                raise LabelsError(path, "empty text.", line=line, field="text")
            if label not in known:
                raise LabelsError(path, f"unknown label '{label}'; expected one of "
                                  f"{', '.join(sorted(known))}.", line=line, field="label")
            task = row[2].strip() if len(header) == 3 else known[label]
            if task not in TASKS or known[label] != task:
                raise LabelsError(path, f"label '{label}' does not belong to task '{task}'.",
                                  line=line, field="task")
            records.append((text, label, task))
    except csv.Error as exc:
        raise LabelsError(path, f"malformed CSV ({exc}).", line=reader.line_num) from None
    if not records:
        raise LabelsError(path, "no labelled rows.")
    return pd.DataFrame(records, columns=["text", "label", "task"], dtype="string")


def train_with_labels(labels_csv: str | Path, out_dir: str | Path) -> dict:
    """Refit every task with the office's examples added to the training split.

    Writes ``<task>.json``/``<task>.npz`` for each task into ``out_dir`` (a directory a
    profile can name), and returns, per task, the held-out evaluation of the shipped model
    (``before``) and of the refitted one (``after``), the rows added and the rows skipped
    because they repeat a held-out text (adding them would leak the test split).
    """
    labels = read_labels(labels_csv)
    out = Path(out_dir)
    report: dict[str, dict] = {}
    for task in TASKS:
        held_out = held_out_split(task)
        mine = labels.loc[labels["task"] == task, ["text", "label"]]
        leaked = prepare(mine["text"]).isin(set(prepare(held_out["text"])))
        before = evaluate(load_model(task), held_out)
        model = train(task, mine.loc[~leaked.to_numpy()])
        save_model(model, out)
        report[task] = {"before": before, "after": evaluate(model, held_out),
                        "added": int((~leaked).sum()), "skipped_test_overlap": int(leaked.sum())}
    return report


def format_retraining(report: dict) -> str:
    parts = []
    for task, r in report.items():
        parts.append(f"{task}: {r['added']} example(s) added"
                     + (f", {r['skipped_test_overlap']} skipped (already in the held-out split)"
                        if r["skipped_test_overlap"] else ""))
        parts.append("before:\n" + format_evaluation(task, r["before"]))
        parts.append("after:\n" + format_evaluation(task, r["after"]))
    return "\n".join(parts)
