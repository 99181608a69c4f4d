"""Permitted statements of a prosecutor about her case (issue 17; ABA MRPC 3.6(b), 3.8(f)).

The charge, the schedule, arrest facts, the presumption of innocence, the office's own press
release and a request for witnesses may be said in public. A row holding such a statement
(``data/signals/permitted.toml``) and no opinion (condemnation cues, toolkit ``condemn``) and no
non-public fact (said in confidence, ``confidential.toml``) is permitted: rules that would
flag it as a case reference show it as info, naming the rule that allows it.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from presence_audit.rules import RuleContext
from presence_audit.rules.toolkit.condemn import confidence_cues, opinion_rows
from presence_audit.rules.toolkit.cues import CueListError, cue_spans, regex_spans
from presence_audit.rules.toolkit.rows import rows_of, shared

_SENTENCE_END = re.compile(r"[.;!?]")

ALLOWED_BY = {
    "innocence": "the presumption of innocence stated (ABA MRPC 3.8(f) cmt.; Directive (EU) "
                 "2016/343 art. 4)",
    "charges": "the charge and the accused's identity (ABA MRPC 3.6(b)(1), (b)(6)(i)-(ii))",
    "schedule": "the schedule or result of a step in the proceedings (ABA MRPC 3.6(b)(4))",
    "arrest": "the fact, time and place of arrest (ABA MRPC 3.6(b)(6)(iii))",
    "press": "the office's own press release, public record (ABA MRPC 3.6(b)(2))",
    "help": "a request for help in obtaining evidence (ABA MRPC 3.6(b)(5))",
}


def _blocked(ctx: RuleContext, n: int, said: np.ndarray) -> np.ndarray:
    """Rows adding opinion or non-public facts: never permitted (``said``: the rows holding
    a permitted statement, whose opinion cues are needed even where they name no case)."""
    return opinion_rows(ctx, np.flatnonzero(said)) | rows_of(_non_public(ctx), n)


def _non_public(ctx: RuleContext) -> pd.DataFrame:
    """Non-public-fact cues, less those lying in the sentence of a permitted statement that
    reads like one: an arrest announced with the presumption of innocence ("taken into
    custody Tuesday at 6 p.m." is the fact, time and place of an arrest, MRPC 3.6(b)(6)(iii),
    which the step-to-come pattern also reads) and a request for witnesses ("you may contact
    the police in confidence" promises secrecy to them, MRPC 3.6(b)(5)). A secrecy word or
    another non-public fact in another sentence still blocks."""
    cues = confidence_cues(ctx)
    arrests = _spans(ctx, "arrest")
    innocent = set(_spans(ctx, "innocence")["row"].tolist())
    cover = pd.concat([arrests[arrests["row"].isin(innocent)], _spans(ctx, "help")],
                      ignore_index=True)
    if not len(cover) or not len(cues):
        return cues
    pairs = cues.reset_index().merge(cover[["row", "start", "end"]], on="row",
                                     suffixes=("", "_cover"))
    text = ctx.activity["text"]
    covered = {i for i, row, s, e, sc, ec in pairs[
        ["index", "row", "start", "end", "start_cover", "end_cover"]].itertuples(index=False)
        if not _SENTENCE_END.search(str(text.iat[row])[min(e, ec):max(s, sc)])}
    return cues.drop(index=list(covered))


def permitted_basis(ctx: RuleContext) -> dict[int, str]:
    """Row -> why it is permitted, for a prosecutor's rows; empty for other roles. Cached."""
    return shared(ctx, "permitted:basis", lambda: _basis(ctx))


def _basis(ctx: RuleContext) -> dict[int, str]:
    if ctx.profile.subject.role != "prosecutor":
        return {}
    n = len(ctx.activity)
    said = {name: _said(ctx, name, n) for name in ALLOWED_BY}
    blocked = _blocked(ctx, n, np.logical_or.reduce(list(said.values())))
    out: dict[int, list[str]] = {}
    for name, why in ALLOWED_BY.items():
        for row in np.flatnonzero(said[name] & ~blocked):
            out.setdefault(int(row), []).append(why)
    return {row: "; ".join(whys) for row, whys in out.items()}


def _said(ctx: RuleContext, name: str, n: int) -> np.ndarray:
    """Rows holding list ``name`` of permitted.toml, as words or as ``<name>_re`` patterns."""
    return rows_of(_spans(ctx, name), n)


def _spans(ctx: RuleContext, name: str) -> pd.DataFrame:
    """Spans of list ``name`` of permitted.toml, as words and as ``<name>_re`` patterns."""
    words = cue_spans(ctx, "permitted", name)
    try:
        return pd.concat([words, regex_spans(ctx, "permitted", f"{name}_re")],
                         ignore_index=True)
    except CueListError:  # no pattern list for this basis
        return words


def witness_appeal_rows(ctx: RuleContext) -> set[int]:
    """Rows that are a permitted request for witnesses: the number they give is the
    investigators' line, published on purpose (MRPC 3.6(b)(5)), not the subject's own."""
    return {row for row, basis in permitted_basis(ctx).items() if ALLOWED_BY["help"] in basis}


def permitted_clause(basis: str) -> str:
    """The reason clause for a permitted row."""
    return f"a permitted statement ({basis}), so shown as info"
