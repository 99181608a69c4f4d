"""Quoted lines in replies: an insult on a ``>`` line is someone else's (issue 13).

X replies open with the @mentions of the thread, so the ``>`` of a quoted line often stands
after them on the same line ("@bob > you idiot"); an export may keep ``&gt;`` escaped.
"""

from __future__ import annotations

import pytest

from presence_audit.rules import RuleContext
from presence_audit.rules.demeanor import detect
from presence_audit.rules.toolkit.speech import quoted_at

try:
    from test_matching import frame, scenario_profile
except ImportError:  # tests collected as a package
    from tests.test_matching import frame, scenario_profile

QUOTED = [
    "@bob > you are a complete idiot\nI disagree, but let's keep it civil.",
    "@bob @ann\n> you are a complete idiot\nI disagree, but let's keep it civil.",
    "@bob &gt; you are a complete idiot\nNo, that is not what I said.",
    "@luca > sei un idiota totale\nNon sono d'accordo, restiamo civili.",
    "@jan, @eva: > du bist ein Vollidiot\nSo redet man nicht miteinander.",
]


@pytest.mark.parametrize("text", QUOTED)
def test_an_insult_on_a_quoted_line_of_a_reply_is_no_demeanor_finding(text):
    d = detect(RuleContext(frame([{"kind": "reply", "text": text, "counterpart": "bob"}]),
                           scenario_profile()))
    assert d[d["rule"] == "DEMEANOR"].empty, d[["row", "rule", "reason"]]


def test_the_subjects_own_insult_after_mentions_still_counts():
    d = detect(RuleContext(frame([{"kind": "reply", "text": "@bob you are a complete idiot",
                                   "counterpart": "bob"}]), scenario_profile()))
    assert not d[d["rule"] == "DEMEANOR"].empty


def test_quoted_at_reads_the_line_not_a_mention_elsewhere():
    text = "@bob > quoted words\nmy own words"
    assert quoted_at(text, text.index("quoted"))
    assert not quoted_at(text, text.index("own"))
    assert not quoted_at("@bob sure, 3 > 2", len("@bob sure, 3 > "))
