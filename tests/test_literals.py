"""Needles read off a regular expression (tests/regex_literals.py), the declared needs of the
intemperate patterns checked against them, and the column needle pass."""

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from regex_literals import alternation_literals, required_literals

from presence_audit.matching import needle_texts
from presence_audit.rules.toolkit.cues import cue_lists


def test_alternatives_multiply_into_whole_phrases():
    assert required_literals(r"(?:i'll|i will) (?:come for|hunt) you") == {
        "i'll come for you", "i'll hunt you", "i will come for you", "i will hunt you"}
    assert required_literals(r"x(?:ab|cd){2}y") == {"xababy", "xabcdy", "xcdaby", "xcdcdy"}


def test_classes_of_a_few_characters_and_optional_tails():
    # "[*$]{2}" is four two-character strings; "(?:hole)?" may be absent, so it adds nothing
    needs = required_literals(r"\ba[*$]{2}(?:hole)?(?!\w)")
    assert needs is not None and min(map(len, needs)) == 3
    for text in ("a**", "a$$hole", "a*$"):
        assert any(n in text for n in needs)


def test_an_unbounded_repeat_keeps_its_first_and_last_copy():
    # "c*+nt": every match holds "c*" and "*nt"; the longer one is the needle
    assert required_literals(r"c[*]+nt") == {"*nt"}


def test_the_literal_beside_a_back_reference_is_kept():
    assert required_literals(r"\b(\w{3,}),? and only \1\b") == {" and only ", ", and only "}


@pytest.mark.parametrize("pattern", [r"\w+", r"(?:abc)?\d", "(?i)abc", r"[^a]{2}", ""])
def test_a_pattern_with_no_literal_every_match_holds_has_no_needles(pattern):
    assert required_literals(pattern) is None


def test_an_alternation_needs_a_needle_from_every_pattern():
    assert alternation_literals(("kill yourself", "kys")) == {"kill yourself", "kys"}
    assert alternation_literals(("kys", r"\w+")) is None


PATTERNS = [r"(?:you'll|you will) (?:regret|pay for) (?:this|it)",
            r"\bf[*]{2,4}(?:ing|in|ed|er|ers)?", r"(?:ich )?weiss,? wo du (?:wohnst|bist)",
            r"send (?:me )?(?:a |some )?(?:pic|photo)s? (?:of|now)",
            r"lives (?:at|on) (?:\w+ ){0,3}(?:street|road)", r"\bva?ff?a?n?c[*]+\w*"]


@pytest.mark.parametrize("pattern", PATTERNS)
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_every_match_holds_a_needle(pattern, data):
    """Soundness: a text the pattern matches always holds one of its needles, so the
    prefilter never hides a match."""
    needs = required_literals(pattern)
    assert needs
    text = data.draw(st.from_regex(re.compile(pattern), fullmatch=True))
    assert any(n in text for n in needs), (text, needs)


def test_every_threat_and_masked_swear_pattern_holds_a_declared_need():
    """Completeness of ``threat_re_needs``/``terms_re_needs``: each literal a pattern cannot
    match without holds a declared need of its language, so the prefilter never hides a
    match. A pattern added without needs fails here; add the literals printed."""
    for list_name in ("threat_re", "terms_re"):
        declared = cue_lists("intemperate", list_name + "_needs")
        for lang, patterns in cue_lists("intemperate", list_name).items():
            needs = declared.get(lang, ())
            for pattern in patterns:
                found = required_literals(pattern)
                assert found is not None, (lang, pattern, "no literal: split the pattern")
                missing = {f for f in found if not any(n in f for n in needs)}
                assert not missing, (lang, list_name, pattern, sorted(missing))


def test_the_declared_needs_are_selective():
    """Round 5's hand needles ("i", "me", "you") let 98% of texts through: no need is a
    common two-letter word now."""
    for list_name in ("threat_re_needs", "terms_re_needs"):
        for lang, needs in cue_lists("intemperate", list_name).items():
            assert not {"me", "i", "you", "te", "du", "$", "*"} & set(needs), lang
            assert all(len(n) >= 2 for n in needs), lang


def test_needle_texts_lists_the_strings_holding_each_needle():
    values = ["i know where you live", "", "kys", "nothing here", "kys and i know where you"]
    found = needle_texts(values, ["kys", "i know where you", "absent"])
    assert {k: v.tolist() for k, v in found.items()} == {"kys": [2, 4],
                                                         "i know where you": [0, 4]}
    assert needle_texts([], ["kys"]) == {}
