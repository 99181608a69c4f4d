"""The X importer, fed archives built in the real layout by ``xarchive``."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pandas as pd
import pytest
from xarchive import (
    account,
    build_x_archive,
    conversation,
    group_event,
    like,
    message,
    message_event,
    note_tweet,
    profile,
    relation,
    saved_search,
    snowflake,
    tweet,
    tweet_date,
    write_zip,
    x_members,
    ytd,
)

from presence_audit import schema
from presence_audit.archive import Limits, open_archives
from presence_audit.importers import ExportPart, ImportContext, all_importers

REPO = Path(__file__).resolve().parents[1]
OWN_ID = "4400000001"


def importer():
    return next(i for i in all_importers() if i.name == "x")


def run(path: Path, ctx: ImportContext | None = None, limits: Limits | None = None,
        with_profile: bool = False):
    """Import one archive; the account's `profile` row is left out unless asked for (it is
    tested on its own, and most tests count activity rows)."""
    archives = open_archives([path], limits)
    imp = importer()
    parts = [ExportPart(a, root) for a in archives for root in imp.detect(a.names)]
    assert parts, "no X export detected"
    result = imp.read(parts, ctx or ImportContext())
    schema.validate(result.frame)
    if not with_profile:
        result.frame = result.frame[result.frame["kind"] != "profile"].reset_index(drop=True)
    return result


def row(frame: pd.DataFrame, record_id: str) -> pd.Series:
    hits = frame[frame["record_id"] == record_id]
    assert len(hits) == 1, f"{record_id}: {len(hits)} rows"
    return hits.iloc[0]


def cov(result, member: str):
    hits = [c for c in result.coverage if c.member.endswith(member)]
    assert len(hits) == 1, f"{member}: {hits}"
    return hits[0]


def T(when: str, text: str, seq: int = 0, **kw) -> dict:
    return tweet(snowflake(when, seq), tweet_date(when), text, **kw)


# ---------------------------------------------------------------- detection


def test_detect_finds_roots_by_marker_not_depth():
    imp = importer()
    assert imp.detect(["data/manifest.js", "data/tweets.js", "Your archive.html"]) == [""]
    assert imp.detect(["twitter-2024-06-01-ab/data/account.js",
                       "__MACOSX/twitter-2024-06-01-ab/data/._account.js"]) == [
        "twitter-2024-06-01-ab/"]
    assert imp.detect(["a/b/c/data/like.js"]) == ["a/b/c/"]
    assert imp.detect(["tweet.js", "like.js"]) == [""]  # 2018-2020 root layout
    assert imp.detect(["old/account.js"]) == ["old/"]
    assert imp.detect(["posts/your_posts_1.json", "data/notes.txt", "tweets.csv"]) == []


# ---------------------------------------------------------------- tweets


def test_tweet_kinds_text_and_links(tmp_path):
    reply = T("2024-03-14T14:20:31Z", "@court_watch Agreed &amp; noted &lt;3, see https://t.co/Ab1",
              reply_to=("1767000000000000000", "111222333", "court_watch"),
              mentions=[("Court_Watch", "111222333")],
              urls=[("https://t.co/Ab1", "https://example.org/report?a=1&copy=2")])
    rt = T("2024-03-15T10:00:00Z", "RT @BrightwaterLog: We are hiring in Red Hook",
           mentions=[("BrightwaterLog", "1500000002")])
    quote = T("2024-03-16T10:00:00Z", "Look https://t.co/Qt1",
              urls=[("https://t.co/Qt1", "https://twitter.com/acme_holdings/status/1768")])
    plain = T("2024-03-17T10:00:00Z", "Web link https://t.co/Wb1",
              urls=[("https://t.co/Wb1", "https://x.com/i/web/status/1768")])
    self_reply = T("2024-03-18T10:00:00Z", "and a thread",
                   reply_to=(reply["id_str"], OWN_ID, "mariarossi_nyc"))
    res = run(build_x_archive(tmp_path / "x.zip",
                              tweets=[reply, rt, quote, plain, self_reply]))
    f = res.frame
    r = row(f, reply["id_str"])
    assert r["kind"] == "reply" and r["counterpart"] == "court_watch"
    assert r["counterpart_id"] == "111222333" and r["mentions"] == "court_watch"
    # entities unescaped first, then t.co expanded (an '&copy' in the URL stays as written)
    assert r["text"] == ("@court_watch Agreed & noted <3, see "
                         "https://example.org/report?a=1&copy=2")
    assert r["url"] == f"https://x.com/mariarossi_nyc/status/{reply['id_str']}"
    assert r["timestamp"] == pd.Timestamp("2024-03-14T14:20:31Z")
    assert r["time_basis"] == "exact" and r["account"] == "mariarossi_nyc"
    r = row(f, rt["id_str"])
    assert (r["kind"], r["counterpart"], r["counterpart_id"]) == (
        "repost", "BrightwaterLog", "1500000002")
    r = row(f, quote["id_str"])
    assert (r["kind"], r["counterpart"]) == ("quote", "acme_holdings")
    assert r["text"] == "Look https://twitter.com/acme_holdings/status/1768"
    assert row(f, plain["id_str"])["kind"] == "post"
    r = row(f, self_reply["id_str"])
    assert (r["kind"], r["counterpart_id"]) == ("reply", OWN_ID)
    assert res.id_handles["x"]["111222333"].lower() == "court_watch"
    assert res.id_handles["x"][OWN_ID] == "mariarossi_nyc"


def test_wrapped_bare_tweet_js_split_and_v1_layout_read_alike(tmp_path):
    tweets = [T(f"2024-0{m}-01T10:00:00Z", f"post {m}") for m in range(1, 8)]
    ids = {t["id_str"] for t in tweets}
    wrapped = run(build_x_archive(tmp_path / "w.zip", tweets=tweets, split_tweets=3))
    bare = run(build_x_archive(tmp_path / "b.zip", tweets=tweets, wrapped=False,
                               tweets_stem="tweet"))
    v1 = run(build_x_archive(tmp_path / "v1.zip", tweets=tweets, wrapped=False,
                             tweets_stem="tweet", layout="v1"))
    members = zipfile.ZipFile(tmp_path / "w.zip").namelist()
    assert {"data/tweets.js", "data/tweets-part1.js", "data/tweets-part2.js"} <= set(members)
    assert "tweet.js" in zipfile.ZipFile(tmp_path / "v1.zip").namelist()
    for res in (wrapped, bare, v1):
        assert set(res.frame["record_id"]) == ids
        assert res.frame["account"].eq("mariarossi_nyc").all()
    assert [cov(wrapped, f).records for f in
            ("data/tweets.js", "tweets-part1.js", "tweets-part2.js")] == [3, 3, 1]
    # no manifest in the v1 layout: observed_at falls back to the latest record, and says so
    assert (v1.frame["observed_at"] == pd.Timestamp("2024-07-01T10:00:00Z")).all()
    assert "latest record time" in cov(v1, "tweet.js").reason


def test_parts_are_sorted_numerically(tmp_path):
    members = x_members(tweets=[])
    for n in (10, 2):
        members[f"data/tweets-part{n}.js"] = ytd("tweets", n, [
            T(f"2024-01-{n:02d}T00:00:00Z", f"part {n}")])
    res = run(Path(write_zip(members, tmp_path / "x.zip") and tmp_path / "x.zip"))
    sources = list(res.frame["source"])
    assert sources[0].endswith("tweets-part2.js#0") and sources[1].endswith("tweets-part10.js#0")


def test_pre_2006_tweets_dropped_and_counted(tmp_path):
    old = tweet("1000", "Wed Jan 01 00:00:00 +0000 1997", "placeholder")
    ok = T("2024-01-01T00:00:00Z", "fine")
    res = run(build_x_archive(tmp_path / "x.zip", tweets=[old, ok]))
    assert list(res.frame["record_id"]) == [ok["id_str"]]
    c = cov(res, "data/tweets.js")
    assert (c.status, c.records, c.bad_records) == ("read", 1, 1)
    assert "before 2006" in c.reason


def test_edit_chain_keeps_last_version(tmp_path):
    first = snowflake("2024-02-01T10:00:00Z", 1)
    second = snowflake("2024-02-01T10:05:00Z", 2)
    chain = [first, second]
    v1 = tweet(first, tweet_date("2024-02-01T10:00:00Z"), "Typo verison", edit_ids=chain)
    v2 = tweet(second, tweet_date("2024-02-01T10:05:00Z"), "Typo version",
               edit_ids=chain, edit_initial=first)
    res = run(build_x_archive(tmp_path / "x.zip", tweets=[v1, v2]))
    assert list(res.frame["record_id"]) == [second]
    assert "1 earlier versions of edited posts superseded" in cov(res, "tweets.js").reason


def test_bad_records_counted_rest_of_member_read(tmp_path):
    good = T("2024-01-05T00:00:00Z", "good")
    no_id = T("2024-01-06T00:00:00Z", "no id")
    del no_id["id_str"], no_id["id"]
    int_id = T("2024-01-07T00:00:00Z", "int id")
    int_id["id_str"], int_id["id"] = 12345, 12345
    bad_date = T("2024-01-08T00:00:00Z", "bad date")
    bad_date["created_at"] = "yesterday"
    res = run(build_x_archive(tmp_path / "x.zip", tweets=[no_id, good, int_id, bad_date],
                              likes=[like("abc"), like(snowflake("2024-01-01T00:00:00Z"))]))
    assert set(res.frame["record_id"]) == {good["id_str"],
                                           "like:" + snowflake("2024-01-01T00:00:00Z")}
    c = cov(res, "tweets.js")
    assert (c.records, c.bad_records) == (1, 3)
    assert "without a usable id_str" in c.reason and "unreadable created_at" in c.reason
    assert cov(res, "like.js").bad_records == 1


# ---------------------------------------------------------------- likes, follows


def test_likes_dated_by_snowflake_bound(tmp_path):
    liked = snowflake("2024-04-29T10:30:00Z", 2)
    old = "20"  # pre-snowflake sequential id: no time can be derived
    res = run(build_x_archive(tmp_path / "x.zip", likes=[
        like(liked, "Acme wins &amp; grows", f"https://twitter.com/acme_holdings/status/{liked}"),
        like(old)]))
    r = row(res.frame, f"like:{liked}")
    assert r["timestamp"] == pd.Timestamp("2024-04-29T10:30:00Z")
    assert r["time_basis"] == "bound" and r["counterpart"] == "acme_holdings"
    assert r["text"] == "Acme wins & grows"
    assert r["url"] == f"https://twitter.com/acme_holdings/status/{liked}"
    r = row(res.frame, "like:20")
    assert pd.isna(r["timestamp"]) and pd.isna(r["text"]) and pd.isna(r["counterpart"])


def test_follows_resolved_to_handles_from_the_archive(tmp_path):
    tweets = [T("2024-01-02T00:00:00Z", "hi @dokafor_law and @gone",
                mentions=[("dokafor_law", "1500000003"), ("gone", "-1")]),
              T("2024-01-03T00:00:00Z", "@acme_holdings yes",
                reply_to=("1", "1500000001", "acme_holdings"))]
    res = run(build_x_archive(tmp_path / "x.zip", tweets=tweets,
                              following=[relation("1500000003"), relation("1500000001"),
                                         relation("1599999999", user_link=False)],
                              followers=[relation("1500000003"), relation("-1")]))
    f = res.frame
    r = row(f, "follow:1500000003")
    assert (r["kind"], r["counterpart"], r["counterpart_id"]) == (
        "follow", "dokafor_law", "1500000003")
    assert pd.isna(r["timestamp"]) and r["time_basis"] == "unknown"
    assert r["observed_at"] == pd.Timestamp("2024-06-01T12:00:00Z")
    assert row(f, "follow:1500000001")["counterpart"] == "acme_holdings"
    assert pd.isna(row(f, "follow:1599999999")["counterpart"])
    assert row(f, "follower:1500000003")["kind"] == "follower"
    assert "-1" not in res.id_handles["x"]
    assert cov(res, "follower.js").bad_records == 1


# ---------------------------------------------------------------- messages


def test_direct_and_group_messages(tmp_path):
    url = ("https://t.co/L1", "https://example.org/lease")
    dms = [conversation(f"1500000003-{OWN_ID}", [
        message("1783587029775286283", "1500000003", "2024-04-25T20:01:00.000Z", "Hello",
                recipient=OWN_ID),
        message("1783588162237366284", OWN_ID, "2024-04-25T20:05:30.123Z",
                "The Acme hearing https://t.co/L1", recipient="1500000003", urls=[url])])]
    groups = [conversation("1780000000000000001", [
        message("1753117005050806294", OWN_ID, "2024-02-01T18:04:00.000Z", "Count me in"),
        message("1753116501734326293", "1599999997", "2024-02-01T18:02:00.000Z", "Next month"),
        group_event("conversationNameUpdate", "2024-02-01T18:01:00.000Z", name="Book club"),
        group_event("joinConversation", "2024-02-01T18:00:00.000Z"),
        group_event("participantsLeave", "2024-02-02T18:00:00.000Z", userIds=["1"])])]
    res = run(build_x_archive(tmp_path / "x.zip", dms=dms, group_dms=groups,
                              tweets=[T("2024-01-01T00:00:00Z", "@dokafor_law hi",
                                        mentions=[("dokafor_law", "1500000003")])]))
    f = res.frame
    r = row(f, "1783588162237366284")
    assert (r["kind"], r["counterpart_id"], r["counterpart"]) == (
        "message", "1500000003", "dokafor_law")
    assert r["text"] == "The Acme hearing https://example.org/lease"
    assert r["timestamp"] == pd.Timestamp("2024-04-25T20:05:30.123Z")
    assert row(f, "1783587029775286283")["counterpart_id"] == "1500000003"
    own = row(f, "1753117005050806294")
    assert (own["counterpart_id"], own["counterpart"]) == ("1780000000000000001", "Book club")
    assert row(f, "1753116501734326293")["counterpart_id"] == "1599999997"
    c = cov(res, "direct-messages-group.js")
    assert c.records == 2
    assert "joinConversation" in c.reason and "participantsLeave" in c.reason


def test_encrypted_message_events_counted_and_dated(tmp_path):
    conv = f"1959750765284601856:{OWN_ID}"
    events = [message_event("959cfe0f-7690-4b37-8519-81997819f15b", OWN_ID, conv,
                            1769496393446),
              message_event("0d46f438-23a7-49d8-bc54-f1ab6f694c38", "1959750765284601856",
                            conv, 1769496853172),
              message_event("842408cd-c10f-4919-a655-37b4fffd7906", OWN_ID, conv,
                            1769505248460, detail="markConversationReadEvent")]
    res = run(build_x_archive(tmp_path / "x.zip", message_events=events))
    f = res.frame[res.frame["kind"] == "message"]
    assert len(f) == 2 and (f["text"] == "").all()
    assert set(f["counterpart_id"]) == {"1959750765284601856"}
    r = row(f, "959cfe0f-7690-4b37-8519-81997819f15b")
    assert r["timestamp"] == pd.Timestamp(1769496393446, unit="ms", tz="UTC")
    c = cov(res, "message-event.js")
    assert c.records == 2 and "content encrypted, not readable" in c.reason
    assert "markConversationReadEvent" in c.reason


# ---------------------------------------------------------------- other kinds


def test_saved_searches_notes_and_deleted_tweets(tmp_path):
    truncated = T("2024-05-01T10:00:00Z", "A long thought about Red Hook warehouses and")
    note = note_tweet("1786000000000000001", "2024-05-01T10:00:00.000Z",
                      "A long thought about Red Hook warehouses and the lease market "
                      "that goes on well past 280 characters.", mentions=["acme_holdings"])
    orphan = note_tweet("1786000000000000002", "2024-05-03T10:00:00.000Z", "Lonely note")
    deleted = T("2024-05-20T10:00:00Z", "deleted soon after")
    res = run(build_x_archive(tmp_path / "x.zip", tweets=[truncated], notes=[note, orphan],
                              deleted_tweets=[deleted],
                              saved_searches=[saved_search("77", "acme holdings")]))
    f = res.frame
    r = row(f, truncated["id_str"])
    assert r["text"].endswith("past 280 characters.") and "acme_holdings" in r["mentions"]
    r = row(f, "note:1786000000000000002")
    assert (r["kind"], r["text"]) == ("post", "Lonely note")
    assert row(f, deleted["id_str"])["kind"] == "post"
    r = row(f, "search:77")
    assert (r["kind"], r["text"], r["time_basis"]) == ("search", "acme holdings", "unknown")


def test_account_falls_back_to_manifest_then_context(tmp_path):
    members = x_members(tweets=[T("2024-01-01T00:00:00Z", "x")])
    del members["data/account.js"]
    res = run(Path(write_zip(members, tmp_path / "m.zip") and tmp_path / "m.zip"))
    assert set(res.frame["account"]) == {"mariarossi_nyc"}
    members = x_members(tweets=[T("2024-01-01T00:00:00Z", "x")], layout="v1",
                        tweets_stem="tweet", wrapped=False)
    del members["account.js"]
    write_zip(members, tmp_path / "c.zip")
    res = run(tmp_path / "c.zip", ImportContext(own_handles={"x": "from_profile"}))
    assert set(res.frame["account"]) == {"from_profile"}
    assert row(res.frame, res.frame["record_id"][0])["url"].startswith(
        "https://x.com/from_profile/status/")


# ---------------------------------------------------------------- coverage and failures


def test_coverage_statuses(tmp_path):
    good = T("2024-01-01T00:00:00Z", "still read")
    extra = {
        "data/tweets_media/1-a.jpg": b"\xff\xd8\xff",
        "data/direct_messages_media/2-b.mp4": b"\x00",
        "data/README.txt": "docs",
        "data/ad-engagements.js": "window.YTD.ad_engagements.part0 = [ ]",
        "data/tweets-part1.js": ytd("tweets", 1, [good])[:-40],  # truncated download
        "data/following.js": "var x = [1]",
        "data/weird.txt": "?",
        "__MACOSX/data/._tweets.js": b"\x00\x05\x16\x07",
    }
    res = run(build_x_archive(tmp_path / "x.zip", extra_members=extra,
                              tweets=[good], likes=[like(snowflake("2024-01-01T00:00:00Z"))]))
    assert cov(res, "tweets_media/1-a.jpg").status == "skipped"
    assert cov(res, "direct_messages_media/2-b.mp4").status == "skipped"
    assert cov(res, "README.txt").status == "skipped"
    assert cov(res, "Your archive.html").status == "skipped"
    assert cov(res, "._tweets.js").status == "skipped"
    c = cov(res, "ad-engagements.js")
    assert c.status == "unrecognized" and "not checked" in c.reason
    assert cov(res, "weird.txt").status == "unrecognized"
    c = cov(res, "tweets-part1.js")
    assert c.status == "failed" and "truncated" in c.reason and "\n" not in c.reason
    assert cov(res, "following.js").status == "failed"
    assert cov(res, "data/tweets.js").records == 1
    assert cov(res, "like.js").records == 1
    assert len(res.frame) == 2
    every = {c.member for c in res.coverage}
    assert every == set(zipfile.ZipFile(tmp_path / "x.zip").namelist())


def test_zip_bomb_member_fails_alone(tmp_path):
    bomb = b"window.YTD.like.part0 = [" + b" " * (20 << 20) + b"]"
    res = run(build_x_archive(tmp_path / "x.zip", tweets=[T("2024-01-01T00:00:00Z", "ok")],
                              extra_members={"data/like.js": bomb}),
              limits=Limits(max_ratio=50, ratio_floor_bytes=1 << 20))
    c = cov(res, "like.js")
    assert c.status == "failed" and "ratio" in c.reason
    assert len(res.frame) == 1


def test_empty_file_is_read_with_zero_records(tmp_path):
    res = run(build_x_archive(tmp_path / "x.zip", tweets=[]))
    c = cov(res, "data/tweets.js")
    assert (c.status, c.records) == ("read", 0)
    assert len(res.frame) == 0 and list(res.frame.columns) == list(schema.COLUMNS)


def test_zip_folder_and_wrapper_give_the_same_frame(tmp_path):
    kw = {"tweets": [T("2024-01-01T00:00:00Z", "a @b", mentions=[("b", "9")])],
          "likes": [like(snowflake("2024-02-01T00:00:00Z"), "l")],
          "following": [relation("9")]}
    z = run(build_x_archive(tmp_path / "x.zip", **kw))
    d = run(build_x_archive(tmp_path / "folder", **kw))
    w = run(build_x_archive(tmp_path / "w.zip", root="twitter-2024-06-01-ab12/", **kw))
    cols = [c for c in schema.COLUMNS if c != "source"]
    pd.testing.assert_frame_equal(z.frame[cols], d.frame[cols])
    pd.testing.assert_frame_equal(z.frame[cols], w.frame[cols])
    assert w.frame["source"][0] == "w.zip:twitter-2024-06-01-ab12/data/tweets.js#0"
    assert row(d.frame, "follow:9")["counterpart"] == "b"


def test_observed_at_from_manifest_generation_date(tmp_path):
    res = run(build_x_archive(tmp_path / "x.zip", generated="2025-02-03T08:00:00.000Z",
                              account=account(OWN_ID, "mariarossi_nyc"),
                              tweets=[T("2024-01-01T00:00:00Z", "x")]))
    assert (res.frame["observed_at"] == pd.Timestamp("2025-02-03T08:00:00Z")).all()


# ---------------------------------------------------------------- the sample archive


def test_sample_archive_is_reproducible_and_holds_the_scenario(tmp_path):
    sample = REPO / "sample_archives" / "x-sample.zip"
    out = tmp_path / "rebuilt.zip"
    subprocess.run([sys.executable, str(REPO / "sample_archives" / "build_x_sample.py"),
                    str(out)], check=True, capture_output=True)
    assert out.read_bytes() == sample.read_bytes()
    res = run(sample)
    f = res.frame
    follows = f[f["kind"] == "follow"]
    assert {"1500000001", "1500000003", "1500000007", "1599999999"} <= set(
        follows["counterpart_id"])
    assert row(f, "follow:1500000001")["counterpart"] == "acme_holdings"
    assert set(f.loc[f["kind"] == "follower", "counterpart_id"]) == {"1500000002",
                                                                    "1599999998"}
    replies = f[(f["kind"] == "reply") & (f["counterpart"] == "acme_holdings")]
    assert len(replies) == 1 and replies["counterpart_id"].iloc[0] == "1500000001"
    assert replies["timestamp"].iloc[0] > pd.Timestamp("2024-02-05", tz="UTC")
    assert res.id_handles["x"]["1500000003"] == "dokafor_law"
    assert f["text"].str.contains("512345/2024", regex=False).any()
    assert (f["kind"] == "repost").sum() == 1 and (f["kind"] == "quote").sum() == 1
    assert f.loc[f["kind"] == "quote", "counterpart"].iloc[0] == "brightwaterlog"
    assert (f["timestamp"] < pd.Timestamp("2019-03-01", tz="UTC")).sum() == 1
    likes = f[(f["kind"] == "like") & (f["counterpart"] == "acme_holdings")]
    window = likes["timestamp"].between(pd.Timestamp("2024-03-01", tz="UTC"),
                                        pd.Timestamp("2024-06-01", tz="UTC"))
    assert window.sum() >= 2 and likes["text"].isna().any()
    dms = f[(f["kind"] == "message") & (f["counterpart_id"] == "1500000003")]
    assert dms["text"].str.contains("Acme hearing").any()
    assert (f["observed_at"] == pd.Timestamp("2024-06-01T12:00:00Z")).all()
    sys.path.insert(0, str(REPO / "sample_archives"))
    from build_x_sample import tweets  # every tweet the builder writes is read, none twice
    assert cov(res, "tweets.js").records + cov(res, "tweets-part1.js").records == len(tweets())
    assert cov(res, "ad-engagements.js").status == "unrecognized"
    assert cov(res, ".jpg").status == "skipped"


@pytest.mark.parametrize("stem", ["tweets", "tweet"])
def test_manifest_missing_files_are_reported(tmp_path, stem):
    members = x_members(tweets=[T("2024-01-01T00:00:00Z", "x")], tweets_stem=stem,
                        likes=[like("1790000000000000002")])
    del members["data/like.js"]
    write_zip(members, tmp_path / "p.zip")
    res = run(tmp_path / "p.zip")
    assert "data/like.js" in cov(res, "manifest.js").reason


def test_account_facts_become_one_profile_row(tmp_path):
    """Display name, bio and location (what TITLE_MISUSE and M-TITLED read) in one row."""
    path = build_x_archive(tmp_path / "x.zip",
                           account=account(OWN_ID, "mariarossi_nyc", "Judge Maria Rossi"),
                           profile=profile("Judge, Kings County &amp; mother of two",
                                           "Brooklyn"),
                           tweets=[tweet("1790000000000000001", "Tue May 14 09:15:02 +0000 2024",
                                         "hello")])
    result = run(path, with_profile=True)
    prof = row(result.frame, f"profile:{OWN_ID}")
    assert prof["kind"] == "profile" and prof["time_basis"] == "unknown"
    assert prof["text"] == ("display name: Judge Maria Rossi; username: mariarossi_nyc; "
                            "bio: Judge, Kings County & mother of two; location: Brooklyn")
    assert pd.isna(prof["timestamp"])


def test_every_member_is_read_once(tmp_path, monkeypatch):
    """manifest.js serves planning (media folders) and account facts from one read."""
    from collections import Counter

    reads: Counter = Counter()
    real = ExportPart.read_bytes

    def counting(self, rel):
        reads[rel] += 1
        return real(self, rel)

    monkeypatch.setattr(ExportPart, "read_bytes", counting)
    path = build_x_archive(tmp_path / "x.zip", tweets=[
        tweet("1790000000000000001", "Tue May 14 09:15:02 +0000 2024", "hello")])
    run(path)
    assert reads["data/manifest.js"] == 1
    assert max(reads.values()) == 1
