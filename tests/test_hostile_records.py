"""Hostile and broken input, one explicit case each, for the Facebook and Instagram importers.

Each case puts one broken member (or record) next to good ones and checks that the importer
does not raise, reports the damage in coverage with a reason, and still reads the rest. Each
assertion fails on a naive reader (recursive repair, ``json.loads`` on raw bytes, unchecked
``rec["data"][0]``, unbounded ``pd.to_datetime``, frame de-duplication behind coverage's back).
"""

from __future__ import annotations

import pandas as pd
import pytest
from metaarchive import meta_json
from strategies import (
    ACT,
    FB,
    FB_FIXED,
    IG_FIXED,
    OWNER,
    REL,
    Case,
    check_contract,
    deep_json,
    read_case,
)

T = 1_712_000_000  # 2024-04-01T19:33:20Z
POSTS = FB["posts"]
FRIENDS = FB["friends"]
FOLLOWING = REL + "following.json"
COMMENTS = ACT + "comments/post_comments_1.json"
IG_POSTS = ACT + "media/posts_1.json"


def fb_post(text: object, stamp: object = T) -> dict:
    return {"timestamp": stamp, "title": f"{OWNER} updated her status.", "data": [{"post": text}]}


def ig_follow(user: object, stamp: object = T) -> dict:
    return {"title": user, "string_list_data": [
        {"href": f"https://www.instagram.com/_u/{user}", "timestamp": stamp}]}


def ig_comment(text: object, stamp: object = T) -> dict:
    return {"string_map_data": {"Comment": {"value": text}, "Media Owner": {"value": "news_ex"},
                                "Time": {"timestamp": stamp}}}


GOOD_FB = {FRIENDS: {"friends_v2": [{"name": "Ben Sample", "timestamp": T}]}}
GOOD_IG = {FOLLOWING: {"relationships_following": [ig_follow("bar_assoc")]}}


def run(name: str, members: dict[str, object]):
    fixed, good = (FB_FIXED, GOOD_FB) if name == "facebook" else (IG_FIXED, GOOD_IG)
    case = Case(members={**fixed, **good, **members})
    result, label = read_case(name, case)
    check_contract(result, label, case)
    # the good member next to the broken one is always read in full
    entry = cov(result, next(iter(good)))
    assert (entry.status, entry.records) == ("read", 1)
    return result


def cov(result, member: str):
    return next(e for e in result.coverage if e.member == member)


def rows(result, member: str) -> pd.DataFrame:
    return result.frame[result.frame["source"].str.contains(member + "#", regex=False)]


BOTH = pytest.mark.parametrize("name, member, good", [
    ("facebook", POSTS, [fb_post("fine")]),
    ("instagram", COMMENTS, [ig_comment("fine")]),
])


# --- whole-member damage -------------------------------------------------------------------

@BOTH
def test_truncated_json_fails_that_member_only(name, member, good):
    result = run(name, {member: meta_json(good)[:-7]})
    entry = cov(result, member)
    assert entry.status == "failed" and "truncated" in entry.reason


@BOTH
def test_json_nested_5000_deep_fails_cleanly(name, member, good):
    result = run(name, {member: deep_json(5000)})
    entry = cov(result, member)
    assert entry.status == "failed" and "nested" in entry.reason


@BOTH
def test_utf8_bom_is_read(name, member, good):
    result = run(name, {member: b"\xef\xbb\xbf" + meta_json(good)})
    assert (cov(result, member).status, cov(result, member).records) == ("read", 1)


@BOTH
def test_invalid_utf8_bytes_lose_one_string_not_the_member(name, member, good):
    bad = fb_post("caf\xe9 ok") if name == "facebook" else ig_comment("caf\xe9 ok")
    raw = meta_json([*good, bad])
    # one raw Latin-1 byte where UTF-8 was due: orjson refuses the whole file
    raw = raw.replace(b"caf\\u00c3\\u00a9", b"caf\xe9")
    assert b"caf\xe9" in raw
    result = run(name, {member: raw})
    entry = cov(result, member)
    assert (entry.status, entry.records) == ("read", 2)
    assert "U+FFFD" in entry.reason
    assert rows(result, member)["text"].str.contains("caf\ufffd ok", regex=False).any()


@BOTH
def test_lone_surrogate_escape_is_replaced(name, member, good):
    bad = fb_post("x") if name == "facebook" else ig_comment("x")
    raw = meta_json([*good, bad]).replace(b'"x"', b'"half \\ud83d emoji"')
    result = run(name, {member: raw})
    assert cov(result, member).records == 2
    texts = rows(result, member)["text"].dropna()
    assert texts.str.contains("half \ufffd emoji", regex=False).any()
    texts.str.encode("utf-8")  # writable as UTF-8 (a lone surrogate is not)


@BOTH
def test_bare_scalar_file_is_reported_not_silently_empty(name, member, good):
    result = run(name, {member: b"42"})
    entry = cov(result, member)
    assert entry.status == "failed" and "int" in entry.reason


# --- bad records inside a good member ------------------------------------------------------

def test_facebook_wrong_types_skip_records_keep_the_rest():
    records = [fb_post("kept one"),
               {"timestamp": T, "data": "a string where a list belongs"},
               {"timestamp": T, "data": [{"post": 42}]},           # number for text
               {"timestamp": None, "title": None, "data": None, "attachments": None,
                "tags": None},                                   # null everywhere
               "not a record", 7, None]
    result = run("facebook", {POSTS: records})
    entry = cov(result, POSTS)
    assert entry.status == "read" and entry.bad_records == 3 and entry.reason
    got = rows(result, POSTS)
    assert "kept one" in set(got["text"].dropna())
    assert entry.records == len(got)


def test_facebook_message_thread_with_wrong_types():
    member = FB["inbox"] + "/ben_1/message_1.json"
    data = {"participants": 5, "title": ["not", "text"], "thread_path": {"x": 1},
            "messages": [{"sender_name": "Ben Sample", "timestamp_ms": T * 1000,
                          "content": "still read"},
                         {"sender_name": 12, "timestamp_ms": "soon", "content": None},
                         {"sender_name": None, "content": {"a": 1}}, "junk"]}
    result = run("facebook", {member: data})
    entry = cov(result, member)
    assert (entry.status, entry.records, entry.bad_records) == ("read", 1, 3)
    got = rows(result, member)
    assert list(got["text"]) == ["still read"]
    assert got["counterpart"].isna().all()  # a list title is not a name


def test_instagram_wrong_types_skip_records_keep_the_rest():
    records = [ig_follow("kept_user"),
               {"title": "", "string_list_data": 5},               # number for a list
               {"title": "", "string_list_data": "x"},             # string for a list
               {"title": None, "string_list_data": [None, 3]},     # nulls
               {"title": 42, "string_list_data": {"href": 1}},     # dict for a list
               None, "user"]
    result = run("instagram", {FOLLOWING: {"relationships_following": records}})
    entry = cov(result, FOLLOWING)
    assert (entry.status, entry.records, entry.bad_records) == ("read", 1, 6)
    assert list(rows(result, FOLLOWING)["counterpart"]) == ["kept_user"]


def test_instagram_media_list_of_wrong_type():
    posts = [{"media": [{"uri": "media/posts/1.jpg", "creation_timestamp": T, "title": "ok"}]},
             {"media": 5, "title": "caption only", "creation_timestamp": T},
             {"media": "abc", "creation_timestamp": T + 1}]
    result = run("instagram", {IG_POSTS: posts})
    entry = cov(result, IG_POSTS)
    assert (entry.status, entry.records) == ("read", 3)
    assert {"ok", "caption only"} <= set(rows(result, IG_POSTS)["text"].dropna())


# --- missing fields and no text ------------------------------------------------------------

def test_facebook_missing_fields_and_no_text():
    following = {"following_v3": [{"name": "Ben Sample", "timestamp": T}, {"name": "Ann Lee"},
                                  {"timestamp": T}]}
    posts = [fb_post("has text"), {"timestamp": T + 5}]
    result = run("facebook", {FB["following"]: following, POSTS: posts})
    entry = cov(result, FB["following"])
    assert (entry.records, entry.bad_records) == (2, 1) and "name" in entry.reason
    ann = result.frame[result.frame["counterpart"] == "Ann Lee"].iloc[0]
    assert pd.isna(ann["timestamp"]) and ann["time_basis"] == "unknown"
    # a post with nothing but a time is still presence at that time, with no text
    got = rows(result, POSTS)
    assert len(got) == 2 and got["text"].isna().sum() == 1
    assert got["timestamp"].notna().all()


def test_instagram_comment_without_text_or_owner_is_counted():
    records = [ig_comment("fine"), {"string_map_data": {"Time": {"timestamp": T}}},
               {"string_map_data": {}}, {}]
    result = run("instagram", {COMMENTS: records})
    entry = cov(result, COMMENTS)
    assert (entry.records, entry.bad_records) == (1, 3) and entry.reason


# --- timestamps -----------------------------------------------------------------------------

ODD_TIMES = [-1, -1_700_000_000, 0, 1e15, 10**30, 1.7e300, "2024-05-14T09:15:02Z",
             "yesterday", True, [T], {"t": T}]


@pytest.mark.parametrize("stamp", ODD_TIMES, ids=repr)
def test_facebook_out_of_range_times_become_unknown(stamp):
    result = run("facebook", {POSTS: [fb_post("odd time", stamp), fb_post("good time")]})
    got = rows(result, POSTS).set_index("text")
    assert pd.isna(got.loc["odd time", "timestamp"])
    assert got.loc["odd time", "time_basis"] == "unknown"
    assert got.loc["good time", "timestamp"] == pd.Timestamp(T, unit="s", tz="UTC")


@pytest.mark.parametrize("stamp", ODD_TIMES, ids=repr)
def test_instagram_out_of_range_times_become_unknown(stamp):
    result = run("instagram", {COMMENTS: [ig_comment("odd time", stamp), ig_comment("good")]})
    got = rows(result, COMMENTS).set_index("text")
    assert pd.isna(got.loc["odd time", "timestamp"])
    assert got.loc["odd time", "time_basis"] == "unknown"
    assert got.loc["good", "timestamp"] == pd.Timestamp(T, unit="s", tz="UTC")


@pytest.mark.parametrize("name, member, records", [
    ("facebook", POSTS, [fb_post("as string", str(T))]),
    ("instagram", FOLLOWING, {"relationships_following": [ig_follow("as_string", str(T))]}),
])
def test_numeric_string_time_is_read(name, member, records):
    result = run(name, {member: records})
    assert rows(result, member)["timestamp"].iloc[0] == pd.Timestamp(T, unit="s", tz="UTC")


# --- duplicates: coverage counts must match the (de-duplicated) frame -----------------------

def test_facebook_repeated_record_counted_once_in_coverage():
    result = run("facebook", {POSTS: [fb_post("same"), fb_post("same"), fb_post("other")]})
    entry = cov(result, POSTS)
    assert entry.records == 2 == len(rows(result, POSTS))
    assert "counted once" in entry.reason


def test_instagram_repeated_follow_counted_once_in_coverage():
    # split follower files overlapping (a re-request, formats.md 0.1): one row per follower
    first, second = REL + "followers_1.json", REL + "followers_2.json"
    result = run("instagram", {first: [ig_follow("ann_x")],
                               second: [ig_follow("Ann_X"), ig_follow("ben_y")]})
    entry = cov(result, second)
    assert (entry.records, len(rows(result, second))) == (1, 1)
    assert "counted once" in entry.reason
