"""Noun-opened hashtags ("#TrialMarlowe") found by joining a "#noun" opener with the name
hashtag after it (issue 15: the automaton no longer holds every noun-and-hashtag pair).

The reference below is the former automaton, one key per (case noun, name hashtag) pair; the
joined matcher must give the very same hits, spans, order and case ids.
"""

from __future__ import annotations

import pandas as pd
import pytest

from presence_audit.matching import build_automaton, column_word_hits
from presence_audit.rules import RuleContext
from presence_audit.rules.toolkit import case_index as ci

try:
    from test_case_mentions import MARLOWE, judge_profile, only, references
    from test_matching import frame
except ImportError:  # tests collected as a package
    from tests.test_case_mentions import MARLOWE, judge_profile, only, references
    from tests.test_matching import frame


def _pair_automaton(index: ci.CaseIndex) -> object:
    """The former automaton: every name hashtag once per case noun."""
    items = [(k, (k, False, kind, frozenset(ids))) for k, (kind, ids) in index.terms.items()]
    items += [(n, (n, False, "noun", frozenset())) for n in index.nouns if n not in
              index.terms]
    items += [(t, (t, True, "hashtag", frozenset(ids))) for t, ids in index.hashtags.items()]
    items += [("#" + n + t[1:], ("#" + n + t[1:], True, "hashtag", frozenset(ids)))
              for t, ids in index.hashtags.items() for n in index.nouns if " " not in n]
    return build_automaton(items)


def _index() -> ci.CaseIndex:
    """Nouns that open each other ("trial"/"trials", "court"/"courtroom") and hashtags that
    collide: "#courtroom" is a name hashtag and "#court" + "#room"; "#trialsmarlowe" is
    "#trial" + "#smarlowe" and "#trials" + "#marlowe"; "#trial" is a hashtag and an opener."""
    index = ci.CaseIndex(nouns={"trial", "trials", "court", "courtroom", "prozess", "case",
                                "court hearing"})
    for key, kind, ids in (("marlowe", "token", ["A"]), ("smarlowe", "token", ["B"]),
                           ("room", "token", ["C"]), ("courtroom", "full", ["D"]),
                           ("trial", "full", ["E"]), ("o'neill", "token", ["F"]),
                           ("ruckstuhl", "token", ["G"])):
        index.add(key, kind, ids)
        index.hashtags.setdefault("#" + key, set()).update(ids)
    return index


TEXTS = [
    "#trialmarlowe day two", "#TrialMarlowes and #trialmarlowe_2024!", "#trialsmarlowe",
    "#courtroom drama", "#court #trial alone", "#trial", "x#trialmarlowe", "##casemarlowe",
    "#trialo'neill's hearing", "#prozessruckstuhl #prozess-ruckstuhl", "#casecourtroom",
    "#court hearingmarlowe", "#marlowetrial #marlowe", "#trialmarlowe day two", "",
    "#trialmarlo", "#trialroom #courtroomtrial",
]


def _hits_frame(rows, spans, values) -> pd.DataFrame:  # type: ignore[no-untyped-def]
    return pd.DataFrame({"row": rows, "start": spans[:, 0], "end": spans[:, 1],
                         "key": [v[0] for v in values], "kind": [v[2] for v in values],
                         "cases": [v[3] for v in values]})


def _context(texts: list[str]) -> RuleContext:
    rows = [{"kind": "post", "text": t, "timestamp": "2024-05-02T15:00:00Z"} for t in texts]
    ctx = RuleContext(frame(rows), judge_profile())
    ctx.shared["case_index"] = _index()
    return ctx


def test_joined_hashtags_equal_every_noun_hashtag_pair_as_a_key():
    ctx = _context(TEXTS)
    index = ci.mention_index(ctx)
    expected = _hits_frame(*column_word_hits(ctx, "text", _pair_automaton(index)))
    got = ci._build_hits(ctx)
    pd.testing.assert_frame_equal(got, expected)
    tags = got[got["kind"] == "hashtag"]
    assert "noun_tag" not in set(got["kind"])
    assert {"#trialmarlowe", "#trialsmarlowe", "#prozessruckstuhl", "#casecourtroom",
            "#trialo'neill", "#courtroomtrial"} <= set(tags["key"])


@pytest.mark.parametrize(("text", "key", "end", "cases"), [
    ("#trialmarlowes", "#trialmarlowe", 14, {"A"}),  # to the end of the word
    ("#trialmarlowe_2024!", "#trialmarlowe", 18, {"A"}),
    ("#trialo'neill's", "#trialo'neill", 13, {"F"}),  # a key with an apostrophe; "'s" ends it
    ("#courtroom", "#courtroom", 10, {"C"}),  # "#court" + "#room" overrides the name hashtag
])
def test_noun_opened_hashtag_span_and_cases(text, key, end, cases):
    got = ci._build_hits(_context([text]))
    hit = got[got["key"] == key]
    assert len(hit) == 1
    assert (hit["start"].iat[0], hit["end"].iat[0], set(hit["cases"].iat[0])) == (0, end, cases)


def test_opener_alone_or_with_no_listed_name_is_no_hit():
    got = ci._build_hits(_context(["#prozess heute", "#trialmarlo", "#court hearingmarlowe"]))
    assert set(got["kind"]) <= {"noun", "hashtag", "token", "full"}
    assert not any(k.startswith(("#prozess", "#trialmarlo", "#courthearing"))
                   for k in got["key"])


def test_noun_opened_hashtags_reach_case_references():
    assert references(["Day two. #TrialMarlowe_2024", "#trialmarlow again", "#Trial only",
                       "#HearingMarlowe tomorrow"]) == [[MARLOWE], [], [], [MARLOWE]]
    f = only("Long day. #TrialMarlowe's jury is out")
    assert f["case_id"] == MARLOWE


def test_case_keyword_hashtags_reach_case_references():
    # a keyword run together as a hashtag labels its case on its own; its words in running
    # text still need courtroom words, and part of a two-word keyword labels nothing
    assert references(["Third box tabbed. #RiversideArson", "riverside arson again",
                       "#Riverside at sunset"]) == [[MARLOWE], [], []]
    f = only("Coffee number four. #RiversideArson")
    assert f["case_id"] == MARLOWE
    assert "a hashtag of a case keyword" in f["reason"]
