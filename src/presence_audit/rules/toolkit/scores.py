"""Classifier scores for a run, and how a finding explains them (rules.md 1.4)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from presence_audit import classifiers
from presence_audit.matching import norm_column
from presence_audit.rules import RuleContext
from presence_audit.rules.toolkit.rows import languages_at, shared

UNROUTED = "classifier:unrouted"  # (task, kinds) -> language -> items not classified
OFF = "classifier:off"  # set True in the run's cache to skip every classifier (--no-classifiers)
NOT_RUN = "classifier:not_run"  # (task, kinds) -> items left unscored because of OFF
TEXT_KINDS = ("post", "reply", "comment", "repost", "quote", "message")


def classifier_scores(ctx: RuleContext, task: str,
                      kinds: tuple[str, ...] = TEXT_KINDS,
                      among: tuple[str, np.ndarray] | None = None) -> pd.DataFrame:
    """Scores of ``task`` for every row of ``kinds`` with text, in one batched call.

    Cached per (task, kinds); frame indexed by row position with ``score``, ``label``,
    ``top_terms`` and ``threshold`` (the model's, for the row's language). Rows in a language
    the model was not trained in are left out and counted in ``ctx.shared[UNROUTED]``.
    ``among`` (a name for the cache, row positions) scores those rows alone: a case model is
    asked only about rows naming an accused.
    """
    def build() -> pd.DataFrame:
        act = ctx.activity
        kind = act["kind"].astype("string").fillna("").to_numpy(dtype=object)
        has_text = norm_column(ctx, "text").str.strip().str.len().to_numpy() > 0
        wanted = np.isin(kind, list(kinds)) & has_text
        if among is not None:
            picked = np.zeros(len(act), dtype=bool)
            picked[np.asarray(among[1], dtype=np.int64)] = True
            wanted &= picked
        rows = np.flatnonzero(wanted)
        if ctx.shared.get(OFF):  # by choice: say how many items went unscored, score none
            ctx.shared.setdefault(NOT_RUN, {})[(task, kinds)] = len(rows)
            return _no_scores()
        if not len(rows):
            return _no_scores()
        texts = act["text"].reset_index(drop=True).iloc[rows]
        langs = pd.Series(languages_at(ctx, rows), index=texts.index)
        out = classifiers.score(texts, task, _model(ctx, task), langs,
                                prepared=prepared_text(ctx).iloc[rows])
        skipped = langs[~out["routed"]].value_counts()
        ctx.shared.setdefault(UNROUTED, {})[(task, kinds)] = {
            str(k): int(v) for k, v in skipped.items()}
        return out.loc[out["routed"]].drop(columns="routed")
    part = f":{among[0]}" if among is not None else ""
    return shared(ctx, f"signals:score:{task}:{','.join(kinds)}{part}", build)


def prepared_text(ctx: RuleContext) -> pd.Series:
    """The text column as the classifiers see it (``classifiers.prepare``), positional,
    prepared once per run for every model and rule that reads it."""
    return shared(ctx, "classifier:prepared_text", lambda: classifiers.prepare(
        ctx.activity["text"].reset_index(drop=True)))


def _model(ctx: RuleContext, task: str) -> classifiers.Model:
    """The profile's model of ``task`` (one an office retrained with `presence-audit train`),
    else the shipped one: a folder retrained before the case models existed has none."""
    folder = ctx.profile.models_dir
    if folder is not None and task in classifiers.CASE_TASKS \
            and not classifiers.model_paths(task, Path(folder))[0].is_file():
        folder = None
    return classifiers.load_model(task, folder)


def _no_scores() -> pd.DataFrame:
    return pd.DataFrame({"score": pd.Series(dtype="float64"), "label": pd.Series(dtype="string"),
                         "top_terms": pd.Series(dtype=object),
                         "threshold": pd.Series(dtype="float64"),
                         "agreed": pd.Series(dtype="float64")})


def not_run_counts(shared_cache: dict) -> dict[str, int] | None:
    """Per task, items left unscored because the classifiers were switched off; None when
    they were not."""
    if not shared_cache.get(OFF):
        return None
    out: dict[str, int] = {task: 0 for task in classifiers.TASKS}
    for (task, _kinds), n in shared_cache.get(NOT_RUN, {}).items():
        out[task] = out.get(task, 0) + n
    return out


def unrouted_counts(shared_cache: dict) -> dict[str, dict[str, int]]:
    """Per task, items not classified per language (over every kinds set scored)."""
    out: dict[str, dict[str, int]] = {}
    for (task, _kinds), counts in shared_cache.get(UNROUTED, {}).items():
        mine = out.setdefault(task, {})
        for lang, n in counts.items():
            mine[lang] = mine.get(lang, 0) + n
    return out


def explanation(task: str, score: float, top_terms: list) -> dict:
    """The finding's ``explanation``: model, score and the top terms that drove it."""
    return {"model": task, "score": round(float(score), 4),
            "top_terms": [[str(t), float(w)] for t, w in (top_terms or [])]}


def top_words(top_terms: list, limit: int = 3) -> str:
    """Top terms quoted for a reason sentence."""
    return ", ".join(f'"{str(t).strip()}"' for t, _ in list(top_terms or [])[:limit])
