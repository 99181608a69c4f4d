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
from presence_audit.rules.toolkit.cues import CueListError, cue_lists, cue_spans, regex_spans
from presence_audit.rules.toolkit.rows import kind_rows, rows_of, shared
from presence_audit.textnorm import normalize

_SENTENCE_END = re.compile(r"[.;!?]")
# where a statement is made in public (a private message is not)
PUBLIC_KINDS = ("post", "reply", "comment", "repost", "quote")

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
    reads like one. An arrest announced with the presumption of innocence and a request for
    witnesses cover every cue of their sentence ("taken into custody Tuesday at 6 p.m." is
    the fact, time and place of an arrest, MRPC 3.6(b)(6)(iii), which the step-to-come
    pattern also reads; "contact the police in confidence" promises secrecy to witnesses,
    3.6(b)(5)). An arrest told as done in a public post, with no word of a time to come in
    its sentence, covers the investigative-step cues only: a secrecy word there still
    blocks, and so does any cue in another sentence. In a private message an arrest told
    as done may not be public yet ("he came in last week wanting a deal")."""
    cues = confidence_cues(ctx)
    if not len(cues):
        return cues
    arrests = _spans(ctx, "arrest")
    told = arrests["row"].isin(set(_spans(ctx, "innocence")["row"].tolist())).to_numpy()
    whole = pd.concat([arrests[told], _spans(ctx, "help")], ignore_index=True)
    public = kind_rows(ctx, PUBLIC_KINDS)[arrests["row"].to_numpy(dtype=np.int64)]
    done = _done(ctx, arrests[~told & public])
    steps = regex_spans(ctx, "confidential", "investigative_re")
    is_step = pd.MultiIndex.from_frame(cues[["row", "start", "end"]]).isin(
        pd.MultiIndex.from_frame(steps[["row", "start", "end"]]))
    covered = _same_sentence(ctx, cues, whole) | (_same_sentence(ctx, cues, done) & is_step)
    return cues[~covered]


def _sentence(text: str, start: int, end: int) -> str:
    """The sentence of ``text`` holding ``start``-``end``."""
    before = [m.end() for m in _SENTENCE_END.finditer(text, 0, start)]
    after = _SENTENCE_END.search(text, end)
    return text[before[-1] if before else 0:after.start() if after else len(text)]


def _done(ctx: RuleContext, arrests: pd.DataFrame) -> pd.DataFrame:
    """The arrest spans whose sentence holds no word of a time to come
    (``arrest_future_re``): an arrest told as done, not announced."""
    if not len(arrests):
        return arrests
    future = {lang: re.compile("|".join(pats))
              for lang, pats in cue_lists("permitted", "arrest_future_re").items()}
    text = ctx.activity["text"]
    keep = [not (lang in future and future[lang].search(
        normalize(_sentence(str(text.iat[row]), start, end))))
        for row, lang, start, end in arrests[["row", "lang", "start", "end"]].itertuples(
            index=False)]
    return arrests[np.array(keep, dtype=bool)]


def _same_sentence(ctx: RuleContext, cues: pd.DataFrame, cover: pd.DataFrame) -> np.ndarray:
    """Boolean per cue (in frame order): a span of ``cover`` lies in the cue's sentence."""
    out = np.zeros(len(cues), dtype=bool)
    if not len(cover):
        return out
    pairs = cues.reset_index(drop=True).reset_index().merge(
        cover[["row", "start", "end"]], on="row", suffixes=("", "_cover"))
    text = ctx.activity["text"]
    for i, row, s, e, sc, ec in pairs[
            ["index", "row", "start", "end", "start_cover", "end_cover"]].itertuples(index=False):
        if not _SENTENCE_END.search(str(text.iat[row])[min(e, ec):max(s, sc)]):
            out[i] = True
    return out


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
