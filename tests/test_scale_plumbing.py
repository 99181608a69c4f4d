"""Memory plumbing of issue 15: chunked column passes and the counterpart copy give the same
results as the whole-column forms they replace."""

from __future__ import annotations

import numpy as np
import pandas as pd

from presence_audit import matching
from presence_audit.matching import build_automaton, column_word_hits, word_hits
from presence_audit.rules import RuleContext

try:
    from test_matching import frame, scenario_profile
except ImportError:  # tests collected as a package
    from tests.test_matching import frame, scenario_profile

TEXTS = ["Trial of Acme at noon", "acme", "the acmeholdings page", "ACME trial 😂 trial",
         "trial", "", "prefix acmex trials", "Trial of Acme at noon", "x trial", "acme"]


def _automaton():  # type: ignore[no-untyped-def]
    # a plain word, a prefix word ("trial" reaching "trials") and a key with a space
    return build_automaton([("acme", ("acme", False)), ("trial", ("trial", True)),
                            ("of acme", ("of acme", False))])


def test_chunked_column_hits_equal_one_joined_pass(monkeypatch):
    texts = TEXTS * 7
    ctx = RuleContext(frame([{"kind": "post", "text": t} for t in texts]), scenario_profile())
    norm = matching.norm_column(ctx, "text").tolist()
    whole = word_hits(norm, _automaton())  # every text joined at once, one row each
    monkeypatch.setattr(matching, "JOIN_ROWS", 3)  # chunk edges fall between texts
    rows, spans, values = column_word_hits(ctx, "text", _automaton())
    assert len(rows) == len(whole[0]) > 20
    assert np.array_equal(rows, whole[0])
    assert np.array_equal(spans, whole[1])
    assert values == whole[2]
    # a chunk edge is a word boundary: the first and last words of a chunk still match
    assert {int(r) for r in rows} >= {1, 4, 9}


def test_resolved_counterparts_leave_the_input_frame_untouched():
    act = frame([{"kind": "like", "counterpart_id": "1500000002", "time_basis": "bound"},
                 {"kind": "post", "text": "hello"}])
    before = act.copy()
    out = matching.resolve_counterparts(act, {"x": {"1500000002": "@acme_holdings"}},
                                        scenario_profile())
    assert out["counterpart"].iloc[0] == "acme_holdings"
    pd.testing.assert_frame_equal(act, before)
    out.loc[1, "text"] = "changed"  # a write into the result does not reach the input
    assert act["text"].iloc[1] == "hello"


def _list_automaton():  # type: ignore[no-untyped-def]
    # "acme" a whole word in list A and a prefix in list B; "trial" only in B
    return build_automaton([("acme", ("acme", (("A", False, "acme"), ("B", True, "acme+")))),
                            ("trial", ("trial", (("B", False, "trial"),)))])


def test_chunked_list_and_needle_passes_equal_one_joined_pass(monkeypatch):
    texts = TEXTS * 7 + ["nul\x00 here"]
    ctx = RuleContext(frame([{"kind": "post", "text": t} for t in texts]), scenario_profile())
    whole = matching.column_list_hits(ctx, "text", _list_automaton())
    holding = matching.column_needle_rows(ctx, "text", ["acme", "noon"])
    assert holding is not None
    whole_needles = holding(["noon"]), holding(["acme", "noon"])
    chunked_ctx = RuleContext(frame([{"kind": "post", "text": t} for t in texts]),
                              scenario_profile())
    monkeypatch.setattr(matching, "JOIN_ROWS", 3)  # chunk edges fall between texts
    chunked = matching.column_list_hits(chunked_ctx, "text", _list_automaton())
    assert set(chunked) == set(whole) == {"A", "B"}
    for list_id, (rows, spans, values) in whole.items():
        assert len(rows) > 5
        assert np.array_equal(chunked[list_id][0], rows)
        assert np.array_equal(chunked[list_id][1], spans)
        assert chunked[list_id][2] == values
    chunked_holding = matching.column_needle_rows(chunked_ctx, "text", ["acme", "noon"])
    assert chunked_holding is not None
    for want, expected in zip((["noon"], ["acme", "noon"]), whole_needles, strict=True):
        got = chunked_holding(want)
        assert np.array_equal(got, expected)
    assert whole_needles[0].sum() == 14 + 1  # 14 "noon" rows and the NUL row
