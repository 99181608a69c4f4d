"""Severities as rules.md gives them, on a real X export (issue 13 part 7, real-archive
reading): an insult at someone not connected with the court is DEMEANOR low; a like of
classifier-only partisan text is POLITICAL_ACTIVITY low (partisan commentary medium, a like a
weak act), never info; M-REPEAT lifts it only for three likes of one named author."""

from __future__ import annotations

import pandas as pd
import pytest
from test_rules_bias import judge_without_cases
from xarchive import build_x_archive, like, snowflake, tweet, tweet_date

from presence_audit.scan import scan

PARTISAN = "Our party's candidate deserves your vote in the election: strong leadership{}!"
INSULT = "@randomguy you absolute moron, read the thread before you reply."


@pytest.fixture(scope="module")
def findings(tmp_path_factory) -> pd.DataFrame:
    tmp = tmp_path_factory.mktemp("severity_real")
    profile = judge_without_cases(tmp)
    when = "2024-03-05T10:00:00Z"
    tweets = [tweet(snowflake(when, 1), tweet_date(when), INSULT,
                    reply_to=("1700000000000000099", "1500000099", "randomguy"),
                    mentions=[("randomguy", "1500000099")])]
    likes = []
    for i, who in enumerate(["campaign_feed"] * 3 + ["feed_x", "feed_y", "feed_z"]):
        tid = snowflake(f"2024-04-{2 + i:02d}T09:00:00Z", 10 + i)
        likes.append(like(tid, PARTISAN.format(" " + "!" * i if i else ""),
                          f"https://twitter.com/{who}/status/{tid}"))
    x = build_x_archive(tmp / "x.zip", tweets=tweets, likes=likes)
    return scan([str(x)], str(profile)).findings


def test_insult_at_a_stranger_is_low(findings):
    rows = findings[(findings["rule"] == "DEMEANOR") & (findings["text"] == INSULT)]
    assert len(rows) == 1 and rows.iloc[0]["severity"] == "low"


def test_partisan_likes_are_low_and_medium_only_with_one_authors_repeat(findings):
    likes = findings[(findings["rule"] == "POLITICAL_ACTIVITY") & (findings["kind"] == "like")]
    assert len(likes) == 6
    url = likes["url"].astype(str)
    repeated = likes[url.str.contains("/campaign_feed/")]
    others = likes[~url.str.contains("/campaign_feed/")]
    assert set(repeated["severity"]) == {"medium"}
    assert all("M-REPEAT" in r for r in repeated["reason"])
    assert set(others["severity"]) == {"low"}
    assert not any("M-REPEAT" in r for r in others["reason"])
