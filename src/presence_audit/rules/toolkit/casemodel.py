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
from presence_audit.rules.toolkit.case_index import is_sovereign
from presence_audit.rules.toolkit.condemn import mention_rows
from presence_audit.rules.toolkit.defendants import KEYWORD_HOWS
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


# How a case is recognized without naming its accused: a distinctive keyword (a place, "the
# Harbor Street fire"), bare, as a hashtag or as a covert reference (defendants.KEYWORD_HOWS);
# by case number or caption it names them.
CASE_HOWS = frozenset({"case_id", "caption", "fuzzy_caption"})


def names_the_accused(ctx: RuleContext, case_id: str, how: str, matched: str) -> bool:
    """Whether the case evidence names an accused of ``case_id`` (a word of his name or
    alias, a hashtag holding it, the case number or caption), as the model's path needs. The
    index also recognizes a case by a place or a victim ("the Valdefierro families"): words
    of condolence about them are no statement about the accused."""
    if how in KEYWORD_HOWS:
        return False
    if how in CASE_HOWS:
        return True
    said = normalize(matched)
    return any(word in said for word in _accused_words(ctx).get(case_id, ()))


def _accused_words(ctx: RuleContext) -> dict[str, frozenset[str]]:
    """Case -> the name words (3+ letters) of its accused: its parties that are neither the
    sovereign nor a victim, and the people.csv parties of the case. Cached."""
    def build() -> dict[str, frozenset[str]]:
        people = ctx.profile.people
        victims = {normalize(n) for p in people if p.role == "victim"
                   for n in [p.name, *p.aliases]}
        out: dict[str, set[str]] = {}
        for case in ctx.profile.cases:
            names = [n for n in case.parties if not is_sovereign(n)
                     and normalize(n) not in victims]
            names += [n for p in people if p.role == "party" and case.case_id in p.case_ids
                      for n in [p.name, *p.aliases]]
            out[case.case_id] = {w for n in names for w in normalize(n).split() if len(w) >= 3}
        return {cid: frozenset(words) for cid, words in out.items()}
    return shared(ctx, "condemn:model:accused", build)
