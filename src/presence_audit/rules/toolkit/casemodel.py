"""A prosecutor's case models (issue 17): the additional path for condemnation wordings no
cue list knows.

Every batch of the prosecutor set written in new idioms escaped the cue classes tuned before it;
a TF-IDF regression trained on the earlier batches found most of it (leave-one-batch-out,
evaluation/prosecutor/README.md). The model keeps the structural gate: it is asked only about
rows naming one of her cases or an accused, never about a permitted statement, and its
findings say the model agreed (score, top terms) and need review (M-WEAK-EVIDENCE).
"""

from __future__ import annotations

import pandas as pd

from presence_audit.rules import RuleContext
from presence_audit.rules.toolkit.condemn import mention_rows
from presence_audit.rules.toolkit.permitted import permitted_basis
from presence_audit.rules.toolkit.rows import shared
from presence_audit.rules.toolkit.scores import classifier_scores, top_words
from presence_audit.textnorm import normalize


def model_agrees(ctx: RuleContext, task: str, kinds: tuple[str, ...]) -> pd.DataFrame:
    """Rows of ``kinds`` naming a case or an accused that the case model ``task``
    (``classifiers.CASE_TASKS``) scores at or above its threshold, less permitted statements:
    the path for wordings no cue list knows. Indexed by row, with ``score`` and
    ``top_terms``. Cached per (task, kinds)."""
    def build() -> pd.DataFrame:
        scores = classifier_scores(ctx, task, kinds, among=("mentions", mention_rows(ctx)))
        hot = scores[scores["score"].to_numpy() >= scores["threshold"].to_numpy()]
        return hot[~hot.index.isin(list(permitted_basis(ctx)))]
    return shared(ctx, f"condemn:model:{task}:{','.join(kinds)}", build)


def model_words(task: str, agreed: pd.Series) -> str:
    """The reason's words for a row only the case model found: its score and top terms."""
    return (f"words the {task} model scores {agreed['score']:.2f} (top terms "
            f"{top_words(agreed['top_terms'])}; no cue list has them)")


def names_a_victim(ctx: RuleContext, matched: str) -> bool:
    """Whether the case was recognized by a victim's name (a victims' page, a vigil for the
    families): the index counts it as a party, but the model's path needs the accused."""
    def build() -> frozenset[str]:
        return frozenset(normalize(n) for p in ctx.profile.people if p.role == "victim"
                         for n in [p.name, *p.aliases])
    return normalize(matched) in shared(ctx, "condemn:model:victims", build)
