"""One pass for many lists (issue 15): the shared passes give the answers a pass per list,
per needs tuple or per row gave (word boundaries, prefixes, overlaps, case, accents, NUL)."""

from __future__ import annotations

import itertools
import re

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from presence_audit.matching import (
    build_automaton,
    column_list_hits,
    column_needle_rows,
    column_word_hits,
    joined_regex_rows,
    norm_column,
    original_span,
    regex_candidates,
    regex_rows,
)
from presence_audit.rules import RuleContext
from presence_audit.rules import security as sec
from presence_audit.rules.toolkit import cues
from presence_audit.textnorm import normalize_with_map
from tests.test_matching import frame, scenario_profile


def _ctx(texts: list[str | None]) -> RuleContext:
    return RuleContext(frame([{"kind": "post", "text": t} for t in texts]), scenario_profile())


def _texts_from_lists() -> list[str | None]:
    """Posts built around real cue terms: alone, glued to a word on either side, capitalised,
    accented, in punctuation, repeated, and the court's name (a profile extra)."""
    out: list[str | None] = [None, "", "Kings County Supreme Court ruled", "nothing here"]
    for name, path in cues._word_lists():
        for langs in cues.cue_lists(name, path).values():
            for term in langs[:2]:
                word = term.rstrip("*")
                out += [f"{word} today", f"x{word} and {word}y", f"({word.upper()})!",
                        f"Sì, {word}s è {word}-ish", f"{word} today"]
    return out


def test_one_pass_over_every_column_list_equals_a_pass_per_list():
    ctx = _ctx(_texts_from_lists())
    compared = 0
    for name, path in cues._word_lists():
        automaton = build_automaton(cues._keyed(cues._terms_for(ctx, name, path)).items())
        want = column_word_hits(ctx, "text", automaton)
        got = cues._word_hits_of(ctx, name, path)
        assert got[0].tolist() == want[0].tolist(), (name, path)
        assert got[1].tolist() == want[1].tolist(), (name, path)
        assert got[2] == want[2], (name, path)
        compared += len(want[2])
    assert compared > 1000  # the texts really hit the lists
    # the court's name is an office marker for this profile only (a profile extra)
    assert 2 in cues._word_hits_of(ctx, "office", "terms")[0].tolist()


def test_list_hits_check_each_members_own_edge():
    """One key, a prefix in one list and a whole word in another; a key edge that is not a
    word character is its own boundary; rows never run together."""
    ctx = _ctx(["Voters vote; #ad #adverts", "re-vote", "VÒTE", "vote", "xvote"])
    automaton = build_automaton([
        ("vote", ("vote", (("a", True, "va"), ("b", False, "vb")))),
        ("#ad", ("#ad", (("b", False, "ad"),)))])
    found = column_list_hits(ctx, "text", automaton)
    rows, spans, values = found["a"]
    assert list(zip(rows.tolist(), map(tuple, spans.tolist()), strict=True)) == [
        (0, (0, 6)), (0, (7, 11)), (1, (3, 7)), (2, (0, 4)), (3, (0, 4))]
    assert values == ["va"] * 5
    rows, spans, values = found["b"]
    assert list(zip(rows.tolist(), map(tuple, spans.tolist()), values, strict=True)) == [
        (0, (7, 11), "vb"), (0, (13, 16), "ad"), (1, (3, 7), "vb"), (2, (0, 4), "vb"),
        (3, (0, 4), "vb")]  # "#adverts": the key ends in a word character glued to more
    assert column_list_hits(ctx, "text", None) == {}


def test_cue_spans_keep_the_longest_of_overlapping_hits_in_the_original_text():
    ctx = _ctx(["Home alone THIS WEEK at home", "Casa vuota, sono fuori città questa settimana"])
    spans = cues.cue_spans(ctx, "security", "absence")
    assert len(spans) and set(spans["row"]) <= {0, 1}
    raw = ctx.activity["text"].tolist()
    for r, s, e, m in zip(spans["row"], spans["start"], spans["end"], spans["matched"],
                          strict=True):
        assert raw[r][s:e] == m
    per_row = spans.groupby("row")
    for _, group in per_row:  # chosen hits never overlap
        edges = sorted(zip(group["start"], group["end"], strict=True))
        assert all(a[1] <= b[0] for a, b in itertools.pairwise(edges))


NEEDS = ("-cv-", "#", "my ", "città", "ß", "v")


@pytest.mark.parametrize("needs", [NEEDS, ("my ",), ("zzz",), ("CITTÀ", "#")])
def test_needle_pass_answers_as_regex_candidates(needs):
    texts = ["see 23-CV-4567 today", None, "MY dog", "my\x00dog", "Città", "strasse STRASSE",
             "tag #1", "nothing", "MY dog", "v."]
    ctx = _ctx(texts)
    norm = norm_column(ctx, "text").to_numpy(dtype=object)
    holding = column_needle_rows(ctx, "text", (*NEEDS, "CITTÀ", "zzz"))
    want = regex_candidates(norm, needs)
    got = holding(needs)
    assert (got | ~want).all()  # a superset ...
    assert np.flatnonzero(got != want).tolist() in ([], [3])  # ... wider only on the NUL text
    assert got[3]
    assert holding(("never declared",)).all()  # unknown needle: every text a candidate


SECURITY_PATTERNS = [sec.ADDRESS, sec.EMAIL, sec.DIGITS, sec.DOB, sec.COORDS]
_ALPHABET = st.sampled_from([*"0123456789 .,-@+()/ \nabAZStVia", "\x00", "St", "Via ", "Road",
                             "é", "May"])


@settings(max_examples=60, deadline=None)
@given(st.lists(st.lists(_ALPHABET, max_size=30).map("".join), max_size=8))
def test_joined_regex_rows_equal_a_search_per_row(texts):
    rows = np.arange(len(texts))[::2]
    for pattern in SECURITY_PATTERNS:
        assert joined_regex_rows(texts, pattern).tolist() == regex_rows(texts, pattern).tolist()
        assert joined_regex_rows(texts, pattern, rows).tolist() == \
            regex_rows(texts, pattern, rows).tolist()


def test_joined_regex_rows_find_matches_on_row_edges():
    texts = ["call 555 123 4567", "40.712776, -74.005974 now", "me@mail.example.com",
             "12 Elm Street", "born 3/4/1970", "x"]
    for pattern in SECURITY_PATTERNS:
        assert joined_regex_rows(texts, pattern).tolist() == regex_rows(texts, pattern).tolist()
    assert joined_regex_rows(texts, sec.EMAIL).tolist() == [2]
    assert joined_regex_rows([], sec.EMAIL).tolist() == []


def test_contains_collapses_whitespace_as_the_needles_do():
    norm = np.asarray(["12  elm\n street, brooklyn", "12-elm street", "112 elm streets",
                       "12 elm", ""], dtype=object)
    assert sec._contains(norm, ["12 Elm   Street"]).tolist() == [True, False, True, False,
                                                                False]
    assert sec._contains(norm, ["  ", ""]).tolist() == [False] * 5


@pytest.mark.parametrize("text", ["Plain ASCII text, NOW", "Niccolò e l'ÉTÉ", "ﬁne straße", ""])
def test_original_span_maps_normalized_spans_back(text):
    ctx = _ctx([text])
    index = normalize_with_map(text)[1]
    for start, end in [(0, 4), (2, 9), (5, 50), (3, 3)]:
        got = original_span(ctx, 0, "text", start, end)
        if not index or end <= start:
            assert got == (0, 0, "")
            continue
        s, e = index[start], index[min(end, len(index)) - 1] + 1
        assert got == (s, e, text[s:e])


def test_regex_lists_use_the_shared_needs_pass_with_the_same_rows():
    texts = ["You should sue your landlord, he owes you the deposit", "I will never grant bail",
             "nothing", "You SHOULD sue your landlord, he owes you the deposit", None]
    ctx = _ctx(texts)
    fresh = _ctx(texts)
    fresh.shared["cues:needs_index"] = None  # the per-call regex_candidates path
    for name, path in [("legal_advice", "directive_re"), ("pledge", "commit_re")]:
        got = cues.regex_spans(ctx, name, path)
        want = cues.regex_spans(fresh, name, path)
        assert got.equals(want)
    assert set(cues.regex_spans(ctx, "legal_advice", "directive_re")["row"]) == {0, 3}


def test_column_lists_name_shipped_lists():
    shipped = {name for name, _ in cues._loaded_tables()}
    assert set(cues.COLUMN_LISTS) <= shipped
    for name, wanted in cues.COLUMN_LISTS.items():
        for path in wanted or ():
            assert cues.cue_lists(name, path)
    assert re.fullmatch(r".*signals", cues._signals_folder())
