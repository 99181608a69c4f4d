"""The X importer's typed (msgspec) fast path and its per-record fallback read alike."""

from __future__ import annotations

from functools import partial

import pandas as pd
import pytest
from xarchive import build_x_archive, like, relation, snowflake, tweet, tweet_date, x_members

from presence_audit import schema
from presence_audit.archive import open_archives
from presence_audit.importers import ExportPart, ImportContext, _xfiles, all_importers


def T(when: str, text: str, seq: int = 0, **kw) -> dict:
    return tweet(snowflake(when, seq), tweet_date(when), text, **kw)


def run(path):
    archives = open_archives([path], None)
    imp = next(i for i in all_importers() if i.name == "x")
    parts = [ExportPart(a, root) for a in archives for root in imp.detect(a.names)]
    result = imp.read(parts, ImportContext())
    schema.validate(result.frame)
    return result


@pytest.fixture
def spy(monkeypatch):
    """Record (reader, typed) for every data file the importer loads."""
    calls: list[tuple[str, bool]] = []
    real = _xfiles.load_items

    def wrapped(read, reader, wrapper):
        items, typed = real(read, reader, wrapper)
        calls.append((reader, typed))
        return items, typed
    monkeypatch.setattr("presence_audit.importers.x.load_items", wrapped)
    return calls


def rich_archive(path):
    first = snowflake("2024-03-01T09:00:00Z", 1)
    edited = snowflake("2024-03-01T09:05:00Z", 2)
    tweets = [
        T("2024-01-05T10:00:00Z", "Plain post &amp; more &lt;b&gt;"),
        T("2024-01-06T10:00:00Z", "@acme_holdings see you", 1,
          reply_to=(snowflake("2024-01-06T09:00:00Z"), "1500000001", "acme_holdings"),
          mentions=[("acme_holdings", "1500000001")]),
        T("2024-01-07T10:00:00Z", "RT @dokafor_law: hello", 2,
          mentions=[("dokafor_law", "1500000003")]),
        T("2024-01-08T10:00:00Z", "look https://t.co/abc", 3,
          urls=[("https://t.co/abc", "https://x.com/someone/status/123456")]),
        tweet(first, tweet_date("2024-03-01T09:00:00Z"), "typo", edit_ids=[first, edited]),
        tweet(edited, tweet_date("2024-03-01T09:05:00Z"), "fixed", edit_ids=[first, edited]),
    ]
    likes = [like(snowflake("2024-02-01T00:00:00Z", 4), "liked &amp; text",
                  "https://twitter.com/acme_holdings/status/99"),
             like(snowflake("2024-02-02T00:00:00Z", 5))]
    return build_x_archive(path, tweets=tweets, likes=likes,
                           following=[relation("1500000001"), relation("77", user_link=False)],
                           followers=[relation("1500000003")])


def test_fast_and_fallback_paths_give_identical_frames(tmp_path, spy, monkeypatch):
    path = rich_archive(tmp_path / "x.zip")
    fast = run(path)
    assert {r for r, typed in spy if typed} == {"tweets", "likes", "following", "follower"}
    spy.clear()
    monkeypatch.setattr(_xfiles, "_FAST", {})  # force the per-record reader everywhere
    slow = run(path)
    assert not any(typed for _r, typed in spy)
    # 6 tweets - 1 superseded edit + 2 likes + 3 relations + the account's profile row
    assert len(fast.frame) == 11
    pd.testing.assert_frame_equal(fast.frame, slow.frame)
    assert fast.coverage == slow.coverage
    assert fast.id_handles == slow.id_handles
    text = fast.frame.set_index("record_id")["text"]
    assert "Plain post & more <b>" in set(text)


def test_malformed_record_falls_back_and_is_counted(tmp_path, spy):
    good = T("2024-01-05T00:00:00Z", "good")
    int_id = T("2024-01-07T00:00:00Z", "int id")
    int_id["id_str"], int_id["id"] = 12345, 12345  # a number where X writes a string
    res = run(build_x_archive(tmp_path / "x.zip", tweets=[good, int_id],
                              likes=[like(snowflake("2024-01-01T00:00:00Z")), {"tweetId": 7}]))
    assert ("tweets", False) in spy and ("likes", False) in spy
    assert set(res.frame["record_id"]) == {good["id_str"],
                                           "like:" + snowflake("2024-01-01T00:00:00Z"),
                                           "profile:4400000001"}
    tweets = next(c for c in res.coverage if c.member.endswith("tweets.js"))
    assert (tweets.records, tweets.bad_records) == (1, 1)
    assert "without a usable id_str" in tweets.reason
    likes = next(c for c in res.coverage if c.member.endswith("like.js"))
    assert (likes.records, likes.bad_records) == (1, 1)


def test_truncated_json_still_fails_the_member_with_a_reason(tmp_path):
    members = x_members(tweets=[T("2024-01-05T00:00:00Z", "good")])
    members["data/tweets.js"] = members["data/tweets.js"][:-5]
    with pytest.raises(_xfiles.MemberError, match="truncated or invalid JSON"):
        _xfiles.load_items(partial(bytes, members["data/tweets.js"]), "tweets", "tweet")
