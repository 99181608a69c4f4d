"""Precision and recall of a classifier per language and per path (classifier, cue, both).

A path says what flagged an item: the classifier alone at its language's threshold, a lexicon
cue alone (political_cue; insult, profanity or slur), both agreeing, either, or ``finding`` —
what the rules make a finding of with no entity (issue 13 part 5): political, the classifier
with a political anchor agreeing (``agreement``); demeanor, ``agreement.demeanor_verdict``
(the subject's own insult, profanity, intemperate phrase or threat, or a weak cue the
classifier agrees with; never the classifier alone) or a bias signal (a slur or a
dehumanizing comparison: BIAS_OR_DISCRIMINATION takes the item). Only
aggregate figures are printed, so the untouched test batch can be scored without its rows
being seen.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from presence_audit.agreement import NONE, demeanor_verdict, political_verdicts
from presence_audit.classifiers import LEXICON_FEATURES, Model, prepare, score
from presence_audit.language import lexicon_flags, lexicon_matches
from presence_audit.rules.toolkit.bias import row_signals
from presence_audit.rules.toolkit.obfuscation import fold
from presence_audit.rules.toolkit.speech import OWN_LEXICONS, lexicon_own_at
from presence_audit.rules.toolkit.stance import gate_all
from presence_audit.textnorm import normalize

PATHS = ("classifier", "cue", "both", "either", "finding")
COLUMNS = ("text", "label", "lang")


def read_test_batch(path: Path) -> pd.DataFrame:
    """The untouched test batch (text, label, lang): read only to be scored in aggregate."""
    frame = pd.read_csv(path, dtype="string", keep_default_na=False, encoding="utf-8")
    return frame[list(COLUMNS)]


def path_flags(model: Model, rows: pd.DataFrame) -> dict[str, np.ndarray]:
    """Per path, which rows it flags as positive."""
    scored = score(rows["text"], model.task, model, rows["lang"])
    clf = (scored["score"] >= scored["threshold"]).to_numpy(dtype=bool)
    texts = prepare(rows["text"]).tolist()
    cue = np.zeros(len(rows), dtype=bool)
    for name in LEXICON_FEATURES[model.task]:
        cue |= lexicon_flags(texts, name).astype(bool)
    return {"classifier": clf, "cue": cue, "both": clf & cue, "either": clf | cue,
            "finding": _finding(model.task, rows, texts, clf, scored["score"].tolist(),
                                (scored["score"] >= scored["agreed"]).to_numpy(dtype=bool))}


def _finding(task: str, rows: pd.DataFrame, texts: list[str], clf: np.ndarray,
             scores: list[float], agreed: np.ndarray) -> np.ndarray:
    """Rows the rules would make a finding of, with no entity matched (political: the score
    at or above the threshold that holds when an anchor agrees, and the anchor)."""
    if task == "political":
        langs = rows["lang"].astype(str).tolist()
        verdicts = gate_all(rows["text"].astype(str).tolist(), texts, langs,
                            political_verdicts(texts, langs, scores))
        return agreed & (np.asarray(verdicts, dtype=object) != NONE)
    raw = rows["text"].astype(str).reset_index(drop=True)
    langs = rows["lang"].astype(str).tolist()
    own = np.zeros(len(rows), dtype=bool)
    for name, aimed in OWN_LEXICONS.items():
        hits = lexicon_matches(raw, rows["lang"].reset_index(drop=True), name)
        for r, start, end in zip(hits["row"], hits["start"], hits["end"], strict=True):
            own[int(r)] |= lexicon_own_at(raw.iat[int(r)], int(start), int(end), aimed)
    out = np.zeros(len(rows), dtype=bool)
    for r, (text, lang) in enumerate(zip(raw, langs, strict=True)):
        norm = normalize(text)
        slurs, comparisons = row_signals(fold(norm), lang)
        out[r] = bool(slurs or comparisons) or demeanor_verdict(
            norm, lang, bool(own[r]), bool(clf[r]))[0] != NONE
    return out


def figures(model: Model, rows: pd.DataFrame) -> pd.DataFrame:
    """One row per language and path: precision, recall, flagged and positive counts."""
    truth = (rows["label"] == model.positive).to_numpy(dtype=bool)
    langs = rows["lang"].to_numpy(dtype=object)
    flags = path_flags(model, rows)
    records = []
    for lang in [*sorted(set(langs)), "all"]:
        mine = np.ones(len(rows), dtype=bool) if lang == "all" else langs == lang
        for path in PATHS:
            hit = flags[path] & mine
            tp = int((hit & truth).sum())
            records.append({"lang": lang, "path": path, "flagged": int(hit.sum()),
                            "positives": int((truth & mine).sum()),
                            "precision": tp / hit.sum() if hit.sum() else float("nan"),
                            "recall": tp / (truth & mine).sum() if (truth & mine).any()
                            else float("nan")})
    return pd.DataFrame(records)


def format_figures(title: str, table: pd.DataFrame) -> str:
    """A Markdown table (the README shows it as printed)."""
    lines = [f"**{title}**", "", "| lang | path | precision | recall | flagged | positives |",
             "| --- | --- | ---: | ---: | ---: | ---: |"]
    for r in table.itertuples():
        lines.append(f"| {r.lang} | {r.path} | {r.precision:.3f} | {r.recall:.3f} "
                     f"| {r.flagged} | {r.positives} |")
    return "\n".join(lines)
