"""Quoted and negated insults are not the subject's own; the classifier alone stays a lead."""

from pathlib import Path

import pytest
from xarchive import build_x_archive, tweet

from presence_audit.rules.toolkit.speech import negated_at, quoted_at
from presence_audit.scan import scan

ROOT = Path(__file__).resolve().parent.parent
PROFILE = ROOT / "sample_archives" / "profile.toml"
APRIL = "Tue Apr 16 14:02:11 +0000 2024"


@pytest.mark.parametrize(("text", "word", "quoted"), [
    ('He wrote "you are an idiot" to me', "idiot", True),
    ("Sie schrieb „du Idiot“ darunter", "Idiot", True),
    ("Il a écrit « quel imbécile » hier", "imbécile", True),
    ("> you idiot\nI disagree with that reply", "idiot", True),
    ('I said "hello" and you are an idiot', "idiot", False),
])
def test_quotation_marks_and_quoted_lines(text, word, quoted):
    assert quoted_at(text, text.index(word)) is quoted


@pytest.mark.parametrize(("text", "word", "negated"), [
    ("He is not an idiot, just tired", "idiot", True),
    ("Not trying to make anyone feel stupid here", "stupid", True),
    ("Non è un idiota", "idiota", True),
    ("No, you are an idiot", "idiot", False),  # the comma ends the negated clause
    ("You are an idiot", "idiot", False),
])
def test_negation_before_the_word(text, word, negated):
    assert negated_at(text, text.index(word)) is negated


def _findings(tmp_path, texts):
    tweets = [tweet(f"17800000000000000{i:02d}", APRIL, t) for i, t in enumerate(texts)]
    result = scan([build_x_archive(tmp_path / "a.zip", tweets=tweets)], PROFILE)
    f = result.findings
    return {str(t): str(r) for t, r in zip(f["text"], f["rule"], strict=True)}, f


def test_quoted_or_negated_insult_is_no_demeanor_finding(tmp_path):
    texts = ['He wrote "you are a pathetic idiot" under my post, which I found sad.',
             "> you absolute idiot\nI disagree with that reply, politely.",
             "He is not an idiot, he was just tired after the long hearing.",
             "You are a pathetic idiot and a liar, everyone knows it."]
    rules, _ = _findings(tmp_path, texts)
    assert rules.get(texts[3]) == "DEMEANOR"
    for text in texts[:3]:
        assert text not in rules, text


def test_endorsing_a_patch_is_not_political(tmp_path):
    texts = ["I would endorse that patch, it fixes the build on old machines.",
             "I could add it if you like, the code is on my disk somewhere."]
    rules, _ = _findings(tmp_path, texts)
    assert not set(texts) & set(rules), rules


def test_an_ambiguous_cue_alone_does_not_corroborate_the_classifier():
    from presence_audit.rules.political import _cue_agrees
    from presence_audit.rules.toolkit.spans import span_frame
    spans = span_frame([(1, "en", "primary", 0, 7, "primary"),       # primary source
                        (2, "en", "primary", 0, 7, "primary"),       # + an election context
                        (2, "en", "caucus", 20, 26, "caucus"),
                        (3, "en", "vote for", 0, 8, "vote for")])   # unambiguous alone
    assert _cue_agrees(spans) == {2, 3}
