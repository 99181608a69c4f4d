"""Classifier scores for a run, and how a finding explains them (rules.md 1.4)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from presence_audit import classifiers
from presence_audit.matching import norm_column
from presence_audit.rules import RuleContext
from presence_audit.rules.toolkit.rows import shared

TEXT_KINDS = ("post", "reply", "comment", "repost", "quote", "message")


def classifier_scores(ctx: RuleContext, task: str,
                      kinds: tuple[str, ...] = TEXT_KINDS) -> pd.DataFrame:
    """Scores of ``task`` for every row of ``kinds`` with text, in one batched call.

    Cached per (task, kinds); frame indexed by row position with ``score``, ``label``,
    ``top_terms`` and ``threshold`` (the model's own).
    """
    def build() -> pd.DataFrame:
        act = ctx.activity
        kind = act["kind"].astype("string").fillna("").to_numpy(dtype=object)
        has_text = norm_column(ctx, "text").str.strip().str.len().to_numpy() > 0
        rows = np.flatnonzero(np.isin(kind, list(kinds)) & has_text)
        # a profile may name models an office retrained (`presence-audit train`)
        model = classifiers.load_model(task, ctx.profile.models_dir)
        texts = act["text"].reset_index(drop=True).iloc[rows]
        if not len(rows):
            out = pd.DataFrame({"score": pd.Series(dtype="float64"),
                                "label": pd.Series(dtype="string"),
                                "top_terms": pd.Series(dtype=object)})
        else:
            out = classifiers.score(texts, task, model)
        return out.assign(threshold=float(model.threshold))
    return shared(ctx, f"signals:score:{task}:{','.join(kinds)}", build)


def explanation(task: str, score: float, top_terms: list) -> dict:
    """The finding's ``explanation``: model, score and the top terms that drove it."""
    return {"model": task, "score": round(float(score), 4),
            "top_terms": [[str(t), float(w)] for t, w in (top_terms or [])]}


def top_words(top_terms: list, limit: int = 3) -> str:
    """Top terms quoted for a reason sentence."""
    return ", ".join(f'"{str(t).strip()}"' for t, _ in list(top_terms or [])[:limit])
