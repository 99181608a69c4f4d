"""Instagram + Threads importer: every record kind from real-format inputs, old and new layouts."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pandas as pd
import pytest
from metaarchive import meta_json, write_zip

from presence_audit import schema
from presence_audit.archive import open_archives
from presence_audit.errors import ArchiveError
from presence_audit.importers import ExportPart, ImportContext, all_importers

REPO = Path(__file__).resolve().parent.parent
SAMPLE = REPO / "sample_archives" / "instagram-sample.zip"
sys.path.insert(0, str(REPO / "sample_archives"))

ACT = "your_instagram_activity/"
REL = "connections/followers_and_following/"
T0 = 1_712_000_000  # 2024-04-01T19:33:20Z


def importer():
    return next(i for i in all_importers() if i.name == "instagram")


def run(tmp_path: Path, members: dict, name: str = "export.zip", ctx: ImportContext | None = None):
    """Write ``members`` as a zip, detect the roots, read them; check the frame contract."""
    archive = open_archives([write_zip(tmp_path / name, members)])[0]
    roots = importer().detect(archive.names)
    result = importer().read([ExportPart(archive, r) for r in roots], ctx or ImportContext())
    schema.validate(result.frame)
    return result


def cov(result, suffix: str):
    return next(c for c in result.coverage if c.member.endswith(suffix))


def sld(href: str, ts: int = T0, value: str | None = None) -> list[dict]:
    entry: dict = {"href": href, "timestamp": ts}
    if value is not None:
        entry["value"] = value
    return [entry]


def smd(comment: str, owner: str, ts: int = T0, keys=("Comment", "Media Owner", "Time")):
    return {"media_list_data": [{"uri": ""}], "string_map_data": {
        keys[0]: {"value": comment}, keys[1]: {"value": owner}, keys[2]: {"timestamp": ts}}}


def by_kind(frame: pd.DataFrame, kind: str, platform: str = "instagram") -> pd.DataFrame:
    return frame[(frame["kind"] == kind) & (frame["platform"] == platform)]


# ---------------------------------------------------------------- relations


@pytest.mark.parametrize("record, layout", [
    # <=2024: username in value
    ({"title": "", "media_list_data": [], "string_list_data": sld(
        "https://www.instagram.com/helenmarsh.esq", value="helenmarsh.esq")}, REL),
    # 2025: username in title, /_u/ link, no value
    ({"title": "helenmarsh.esq", "string_list_data": sld(
        "https://www.instagram.com/_u/helenmarsh.esq")}, REL),
    # only the /_u/ link, with an igsh query
    ({"title": "", "string_list_data": sld(
        "https://www.instagram.com/_u/helenmarsh.esq?igsh=MWx0eGFtcGxl")}, REL),
    # 2020-2022 folder at the root
    ({"title": "", "string_list_data": sld(
        "https://www.instagram.com/helenmarsh.esq", value="helenmarsh.esq")},
     "followers_and_following/"),
])
def test_following_username_in_value_title_or_href(tmp_path, record, layout):
    result = run(tmp_path, {layout + "following.json": {"relationships_following": [record]}})
    follows = by_kind(result.frame, "follow")
    assert follows["counterpart"].tolist() == ["helenmarsh.esq"]
    assert follows["record_id"].tolist() == ["follow:helenmarsh.esq"]
    assert follows["time_basis"].tolist() == ["exact"]
    assert follows["timestamp"].iloc[0] == pd.Timestamp(T0, unit="s", tz="UTC")


def test_followers_bare_list_split_and_old_relationships_key(tmp_path):
    new = run(tmp_path, {
        REL + "followers_2.json": [{"title": "", "string_list_data": sld(
            "https://www.instagram.com/b_user", value="b_user")}],
        REL + "followers_1.json": [{"title": "", "string_list_data": sld(
            "https://www.instagram.com/a_user", value="a_user")}],
    }, "new.zip")
    assert by_kind(new.frame, "follower")["counterpart"].tolist() == ["a_user", "b_user"]
    assert cov(new, "followers_2.json").records == 1
    old = run(tmp_path, {"followers_and_following/followers.json": {"relationships_followers": [
        {"title": "", "string_list_data": sld("https://www.instagram.com/a_user",
                                              value="a_user")}]}}, "old.zip")
    assert by_kind(old.frame, "follower")["record_id"].tolist() == ["follower:a_user"]


def test_close_friends_are_friends_and_hashtags_are_follows(tmp_path):
    result = run(tmp_path, {
        REL + "close_friends.json": {"relationships_close_friends": [
            {"title": "", "string_list_data": sld("https://www.instagram.com/giulia.b",
                                                  value="giulia.b")}]},
        REL + "following_hashtags.json": {"relationships_following_hashtags": [
            {"title": "", "string_list_data": sld("https://www.instagram.com/explore/tags/x/",
                                                  value="brooklyn")}]},
    })
    assert by_kind(result.frame, "friend")["counterpart"].tolist() == ["giulia.b"]
    assert by_kind(result.frame, "follow")["counterpart"].tolist() == ["#brooklyn"]


# ---------------------------------------------------------------- likes


def test_liked_posts_v0_and_label_values_v1_share_the_shortcode_id(tmp_path):
    url = "https://www.instagram.com/p/C5bWLog1st/"
    v0 = run(tmp_path, {ACT + "likes/liked_posts.json": {"likes_media_likes": [
        {"title": "brightwater.logistics", "string_list_data": sld(
            url, value="\U0001f44d")}]}}, "v0.zip")
    v1 = run(tmp_path, {ACT + "likes/liked_posts.json": [
        {"timestamp": T0, "media": [], "fbid": "17900000000000001", "label_values": [
            {"label": "URL", "value": url, "href": url},
            {"title": "Owner", "dict": [{"title": "", "dict": [
                {"label": "URL", "value": ""}, {"label": "Name", "value": "Brightwater"},
                {"label": "Username", "value": "brightwater.logistics"}]}]}]}]}, "v1.zip")
    for result in (v0, v1):
        like = by_kind(result.frame, "like")
        assert like["counterpart"].tolist() == ["brightwater.logistics"]
        assert like["url"].tolist() == [url]
        assert like["record_id"].tolist() == ["liked_posts:C5bWLog1st"]


def test_liked_post_without_url_falls_back_to_fbid(tmp_path):
    result = run(tmp_path, {ACT + "likes/liked_posts.json": [
        {"timestamp": T0, "media": [], "fbid": "179001", "label_values": [
            {"title": "Owner", "dict": [{"title": "", "dict": [
                {"label": "Username", "value": "someone"}]}]}]}]})
    assert by_kind(result.frame, "like")["record_id"].tolist() == ["liked_posts:fbid:179001"]


def test_liked_comments_keep_each_like_though_they_share_a_post(tmp_path):
    url = "https://www.instagram.com/p/C5hElEnM01/"
    result = run(tmp_path, {ACT + "likes/liked_comments.json": {"likes_comment_likes": [
        {"title": "helenmarsh.esq", "string_list_data": sld(url, T0)},
        {"title": "other.user", "string_list_data": sld(url, T0 + 60)}]}})
    likes = by_kind(result.frame, "like")
    assert sorted(likes["counterpart"]) == ["helenmarsh.esq", "other.user"]
    assert likes["record_id"].nunique() == 2


# ---------------------------------------------------------------- posts and comments


@pytest.mark.parametrize("folder", ["content/", "media/"])
def test_posts_single_caption_and_carousel_title_in_both_folders(tmp_path, folder):
    posts = [
        {"media": [{"uri": "media/posts/202404/1.jpg", "creation_timestamp": T0,
                    "title": "Cena con Niccolò, che bontà! 🍝"}]},
        {"media": [{"uri": "media/posts/202404/2.jpg", "creation_timestamp": T0 + 5,
                    "title": ""},
                   {"uri": "media/posts/202404/3.jpg", "creation_timestamp": T0 + 5,
                    "title": ""}],
         "title": "Carousel with @Helen_Marsh.esq and @giulia.b.", "creation_timestamp": T0 + 5},
    ]
    result = run(tmp_path, {ACT + folder + "posts_1.json": posts})
    got = by_kind(result.frame, "post").sort_values("timestamp")
    assert got["text"].tolist() == ["Cena con Niccolò, che bontà! 🍝",
                                    "Carousel with @Helen_Marsh.esq and @giulia.b."]
    assert got["mentions"].tolist()[1] == "helen_marsh.esq giulia.b"
    # the same export read twice gives the same content ids
    again = run(tmp_path, {ACT + folder + "posts_1.json": posts}, "again.zip")
    assert sorted(again.frame["record_id"]) == sorted(result.frame["record_id"])


def test_stories_reels_archived_posts(tmp_path):
    item = {"uri": "media/stories/1.jpg", "creation_timestamp": T0, "title": "story"}
    result = run(tmp_path, {
        ACT + "media/stories.json": {"ig_stories": [item]},
        ACT + "media/reels.json": {"ig_reels_media": [{"media": [dict(item, title="reel")]}]},
        ACT + "media/archived_posts.json": {"ig_archived_post_media": [
            {"media": [dict(item, title="archived")]}]},
    })
    assert sorted(by_kind(result.frame, "post")["text"]) == ["archived", "reel", "story"]


def test_comments_on_posts_and_reels_with_mojibake(tmp_path):
    result = run(tmp_path, {
        ACT + "comments/post_comments_1.json": [
            smd("Meritatissimo 👏 Müller, Élodie", "helenmarsh.esq")],
        ACT + "comments/reels_comments.json": {"comments_reels_comments": [
            smd("café ☕", "baker.example", T0 + 1)]},
    })
    raw = meta_json([smd("Meritatissimo 👏", "x")])
    assert b"\\u00f0\\u009f\\u0091\\u008f" in raw  # the fixture really holds Meta's escapes
    comments = by_kind(result.frame, "comment").sort_values("timestamp")
    assert comments["text"].tolist() == ["Meritatissimo 👏 Müller, Élodie", "café ☕"]
    assert comments["counterpart"].tolist() == ["helenmarsh.esq", "baker.example"]


def test_correct_unicode_escapes_pass_untouched(tmp_path):
    # a file written with proper \\u escapes (not Meta's byte escapes) must not be "repaired"
    body = json.dumps([smd("Niccolò è già qui ☕", "x.y")], ensure_ascii=True).encode()
    result = run(tmp_path, {ACT + "comments/post_comments_1.json": body})
    assert by_kind(result.frame, "comment")["text"].tolist() == ["Niccolò è già qui ☕"]


def test_localized_string_map_keys(tmp_path):
    dutch = smd("Mooi gezegd", "nieuws.voorbeeld", keys=("Opmerking", "Auteur", "Tijd"))
    result = run(tmp_path, {ACT + "comments/post_comments_1.json": [dutch]})
    row = by_kind(result.frame, "comment").iloc[0]
    assert (row["text"], row["counterpart"]) == ("Mooi gezegd", "nieuws.voorbeeld")
    assert row["timestamp"] == pd.Timestamp(T0, unit="s", tz="UTC")


def test_zero_timestamps_become_nat_with_unknown_basis(tmp_path):
    result = run(tmp_path, {
        ACT + "comments/post_comments_1.json": [smd("no time", "x.y", ts=0)],
        REL + "following.json": {"relationships_following": [
            {"title": "a.b", "string_list_data": sld("https://www.instagram.com/_u/a.b", 0)}]},
    })
    assert result.frame["timestamp"].isna().all()
    assert set(result.frame["time_basis"]) == {"unknown"}


# ---------------------------------------------------------------- searches, reposts, saved


def test_searches_profile_keyword_and_tag(tmp_path):
    search = "logged_information/recent_searches/"
    result = run(tmp_path, {
        search + "profile_searches.json": {"searches_user": [
            {"title": "", "string_map_data": {"Search": {"value": "brightwater.logistics",
                                                         "timestamp": 0},
                                              "Time": {"timestamp": T0}}},
            {"title": "helenmarsh.esq", "string_list_data": sld(
                "https://www.instagram.com/_u/helenmarsh.esq")}]},
        search + "word_or_phrase_searches.json": {"searches_keyword": [
            {"string_map_data": {"Ricerca": {"value": "warehouse lease"},
                                 "Ora": {"timestamp": T0}}}]},
        search + "tag_searches.json": {"searches_hashtag": [
            {"string_map_data": {"Search": {"value": "redhook"}, "Time": {"timestamp": T0}}}]},
    })
    s = by_kind(result.frame, "search")
    assert sorted(s["counterpart"].dropna()) == ["brightwater.logistics", "helenmarsh.esq"]
    assert set(s["text"]) == {"brightwater.logistics", "helenmarsh.esq", "warehouse lease",
                              "#redhook"}
    assert s["timestamp"].notna().all()


def test_reposts_and_saved_posts(tmp_path):
    result = run(tmp_path, {
        "personal_information/personal_information/reposts.json": {"profile_media_reposts": [
            {"string_map_data": {"Text": {"value": "Shared"},
                                 "URL": {"href": "https://www.instagram.com/reel/Abc123/"},
                                 "Time of repost": {"timestamp": T0}}}]},
        ACT + "saved/saved_posts.json": {"saved_saved_media": [
            {"title": "owner", "string_map_data": {"Saved on": {
                "href": "https://www.instagram.com/p/X1/", "timestamp": T0}}}]},
    })
    repost = by_kind(result.frame, "repost")
    assert repost["record_id"].tolist() == ["repost:Abc123"]
    assert repost["text"].tolist() == ["Shared"]
    saved = cov(result, "saved_posts.json")
    assert saved.status == "skipped" and "1 saved items" in saved.reason
    assert len(result.frame) == 1


# ---------------------------------------------------------------- messages and profile


def test_messages_counterpart_from_profile_name(tmp_path):
    msg = {"participants": [{"name": "Helen Marsh"}, {"name": "Maria Rossi"}],
           "title": "Helen Marsh", "thread_path": "inbox/helenmarsh_1",
           "messages": [{"sender_name": "Maria Rossi", "timestamp_ms": T0 * 1000 + 5,
                         "content": "Perché no? 😊"},
                        {"sender_name": "Helen Marsh", "timestamp_ms": T0 * 1000,
                         "content": "Lunch?"}]}
    profile = {"profile_user": [{"string_map_data": {
        "Username": {"value": "maria.rossi.nyc", "timestamp": 0},
        "Name": {"value": "Maria Rossi", "timestamp": 0}}}]}
    result = run(tmp_path, {
        ACT + "messages/inbox/helenmarsh_1/message_1.json": msg,
        ACT + "messages/message_requests/spam_2/message_1.json": dict(
            msg, thread_path="message_requests/spam_2", participants=[
                {"name": "Niccolò Spàm"}, {"name": "Maria Rossi"}], title="Niccolò Spàm",
            messages=[{"sender_name": "Niccolò Spàm", "timestamp_ms": T0 * 1000,
                       "content": "hi"}]),
        ACT + "messages/secret_conversations.json": {"ig_secret_conversations": {}},
        "personal_information/personal_information/personal_information.json": profile,
    })
    m = by_kind(result.frame, "message").sort_values("timestamp")
    assert m["counterpart"].tolist() == ["Helen Marsh", "Niccolò Spàm", "Helen Marsh"]
    assert "Perché no? 😊" in m["text"].tolist()
    assert set(result.frame["account"].dropna()) == {"maria.rossi.nyc"}
    # a message someone else sent the owner carries no account (schema; issue 13)
    assert m["account"].isna().tolist() == [True, True, False]
    assert "device metadata only, no messages" in cov(result, "secret_conversations.json").reason


# ---------------------------------------------------------------- Threads


def test_threads_posts_likes_follows_have_platform_threads(tmp_path):
    tdir = ACT + "threads/"
    result = run(tmp_path, {
        tdir + "threads_and_replies.json": {"text_post_app_text_posts": [
            {"media": [{"uri": "", "creation_timestamp": T0, "title": "The Acme hearing é",
                        "text_app_post": {}}], "title": "The Acme hearing é",
             "creation_timestamp": T0}]},
        tdir + "liked_threads.json": {"text_post_app_media_likes": [
            {"title": "brightwater.logistics", "string_list_data": sld(
                "https://www.threads.net/@brightwater.logistics/post/C6tHr01")}]},
        tdir + "following.json": {"text_post_app_text_post_app_following": [
            {"title": "helenmarsh.esq", "string_list_data": sld(
                "https://www.threads.net/@helenmarsh.esq")}]},
        tdir + "followers.json": {"text_post_app_text_post_app_followers": [
            {"title": "", "string_list_data": sld("https://www.threads.net/@fan.one")}]},
    })
    f = result.frame
    assert set(f["platform"]) == {"threads"}
    assert by_kind(f, "post", "threads")["text"].tolist() == ["The Acme hearing é"]
    assert by_kind(f, "like", "threads")["record_id"].tolist() == ["liked_threads:C6tHr01"]
    assert by_kind(f, "follow", "threads")["counterpart"].tolist() == ["helenmarsh.esq"]
    assert by_kind(f, "follower", "threads")["counterpart"].tolist() == ["fan.one"]
    assert "not distinguished" in cov(result, "threads_and_replies.json").reason


# ---------------------------------------------------------------- bad input and coverage


def test_truncated_json_fails_alone_and_unknown_json_is_listed(tmp_path):
    good = {"relationships_following": [{"title": "a.b", "string_list_data": sld(
        "https://www.instagram.com/_u/a.b")}]}
    result = run(tmp_path, {
        REL + "following.json": good,
        ACT + "comments/post_comments_1.json": meta_json([smd("x", "y")])[:40],
        "ads_information/ads_and_topics/ads_viewed.json": {"impressions_history_ads_seen": []},
        "media/posts/202404/1.jpg": b"\xff\xd8binary",
        "__MACOSX/._following.json": b"\x00\x05binary",
    })
    assert cov(result, "post_comments_1.json").status == "failed"
    assert by_kind(result.frame, "follow")["counterpart"].tolist() == ["a.b"]
    unknown = cov(result, "ads_viewed.json")
    assert unknown.status == "unrecognized" and unknown.member.startswith("ads_information/")
    assert cov(result, "media/").status == "skipped"
    assert not any("__MACOSX" in c.member for c in result.coverage)


def test_unexpected_structure_is_a_failed_member_not_a_traceback(tmp_path):
    result = run(tmp_path, {
        ACT + "media/posts_1.json": [{"media": [{"uri": "x", "creation_timestamp": T0,
                                                 "title": ["not", "text"]}]}],
        REL + "following.json": {"relationships_following": ["just a string", 7]},
    })
    assert cov(result, "following.json").bad_records == 2
    assert cov(result, "following.json").status == "read"
    posts = by_kind(result.frame, "post")
    assert len(posts) == 1 and posts["text"].isna().all()  # a non-text caption is dropped


def test_html_download_is_left_to_the_html_importer_and_refused_if_handed_over(tmp_path):
    html = b"<html><body>followers</body></html>"
    members = {REL + "followers_1.html": html, REL + "following.html": html,
               ACT + "likes/liked_posts.html": html}
    archive = open_archives([write_zip(tmp_path / "ig.zip", members)])[0]
    assert importer().detect(archive.names) == []  # instagram_html reads it (formats.md 0.5)
    with pytest.raises(ArchiveError, match=r"HTML format.*JSON") as err:
        importer().read([ExportPart(archive, "")], ImportContext())
    assert "followers_1.html" in str(err.value)


# ---------------------------------------------------------------- detection and layouts


def test_detect_roots_at_any_depth_flat_and_inside_facebook():
    names = ["wrap/instagram-x-2024-01-01-Ab/your_instagram_activity/media/posts_1.json",
             "wrap/instagram-x-2024-01-01-Ab/connections/followers_and_following/following.json",
             "old/followers_and_following/following.json",
             "flat2018/profile.json", "flat2018/media.json",
             "lonely/media.json",
             "__MACOSX/x/your_instagram_activity/._a.json"]
    assert importer().detect(names) == ["flat2018/", "old/", "wrap/instagram-x-2024-01-01-Ab/"]


def test_linked_instagram_inside_facebook_export_reads_only_instagram_files(tmp_path):
    result = run(tmp_path, {
        "facebook-maria-2024-06-01-Zz/your_facebook_activity/posts/your_posts_1.json": [],
        "facebook-maria-2024-06-01-Zz/connections/friends/your_friends.json": {"friends_v2": []},
        "facebook-maria-2024-06-01-Zz/" + REL + "following.json": {"relationships_following": [
            {"title": "a.b", "string_list_data": sld("https://www.instagram.com/_u/a.b")}]},
    })
    assert by_kind(result.frame, "follow")["counterpart"].tolist() == ["a.b"]
    assert not any("facebook_activity" in c.member or "friends/" in c.member
                   for c in result.coverage)


def test_flat_2018_files(tmp_path):
    result = run(tmp_path, {
        "profile.json": {"username": "maria.rossi.nyc", "name": "Maria Rossi"},
        "media.json": {"photos": [{"caption": "Brooklyn è bella", "taken_at":
                                   "2018-06-01T10:00:00+00:00", "path": "photos/201806/a.jpg"}]},
        "connections.json": {"following": {"helenmarsh.esq": "2018-05-01T10:00:00"},
                             "followers": {"fan.one": "2018-05-02T10:00:00"}},
        "comments.json": {"media_comments": [["2018-06-02T10:00:00", "Bravo!", "someone"]]},
        "likes.json": {"media_likes": [["2018-06-03T10:00:00", "brightwater.logistics"]]},
        "searches.json": [{"search_click": "helenmarsh.esq", "time": "2018-06-04T10:00:00",
                           "type": "user"}],
    }, "instagram-maria.rossi.nyc-2018-07-01-Ab12.zip")
    f = result.frame
    assert sorted(f["kind"].astype(str)) == ["comment", "follow", "follower", "like", "post",
                                             "profile", "search"]
    assert by_kind(f, "post")["text"].tolist() == ["Brooklyn è bella"]
    assert by_kind(f, "follow")["timestamp"].iloc[0] == pd.Timestamp("2018-05-01T10:00:00Z")
    assert (f["observed_at"] == pd.Timestamp("2018-07-01", tz="UTC")).all()


def test_observed_at_falls_back_to_newest_record(tmp_path):
    result = run(tmp_path, {REL + "following.json": {"relationships_following": [
        {"title": "a.b", "string_list_data": sld("https://www.instagram.com/_u/a.b", T0)},
        {"title": "c.d", "string_list_data": sld("https://www.instagram.com/_u/c.d", T0 + 99)}]}},
        ctx=ImportContext(own_handles={"instagram": "maria.rossi.nyc"}))
    assert (result.frame["observed_at"] == pd.Timestamp(T0 + 99, unit="s", tz="UTC")).all()
    note = next(c for c in result.coverage if c.kind == "observed_at")
    assert "newest record" in note.reason
    assert set(result.frame["account"]) == {"maria.rossi.nyc"}


# ---------------------------------------------------------------- the sample archive


def test_sample_archive_is_deterministic(tmp_path):
    from build_instagram_sample import build
    assert build(tmp_path / "again.zip").read_bytes() == SAMPLE.read_bytes()


def test_sample_archive_content():
    archive = open_archives([SAMPLE])[0]
    roots = importer().detect(archive.names)
    assert roots == ["instagram-maria.rossi.nyc-2024-06-01-Qw34Er56/"]
    result = importer().read([ExportPart(archive, r) for r in roots], ImportContext())
    f = result.frame
    schema.validate(f)
    kinds = {(str(p), str(k)) for p, k in zip(f["platform"], f["kind"], strict=True)}
    assert kinds == {("instagram", k) for k in ("post", "comment", "like", "follow", "follower",
                                                "friend", "message", "search", "repost",
                                                "profile")} | {
        ("threads", k) for k in ("post", "like", "follow", "follower")}
    assert {"brightwater.logistics", "helenmarsh.esq"} <= set(by_kind(f, "follow")["counterpart"])
    assert "brightwater.logistics" in set(by_kind(f, "like")["counterpart"])
    assert "helenmarsh.esq" in set(by_kind(f, "comment")["counterpart"])
    assert "brightwater.logistics" in set(by_kind(f, "search")["text"])
    assert by_kind(f, "message")["counterpart"].eq("Helen Marsh").sum() == 2
    assert by_kind(f, "post", "threads")["text"].str.contains("Acme hearing").any()
    assert "Cena di famiglia: pasta alla genovese, che bontà! 🍝 Perché la domenica è sacra." in \
        set(by_kind(f, "post")["text"])
    assert set(f["account"].dropna()) == {"maria.rossi.nyc"}
    assert f.loc[f["account"].isna(), "kind"].eq("message").all()  # received messages only
    assert (f["observed_at"] == pd.Timestamp("2024-06-01", tz="UTC")).all()
    stamped = f["timestamp"].dropna()
    assert stamped.between(pd.Timestamp("2023-01-01", tz="UTC"),
                           pd.Timestamp("2024-06-01", tz="UTC")).all()
    assert by_kind(f, "post")["timestamp"].min() >= pd.Timestamp("2024-02-05", tz="UTC")
    statuses = {c.member.split("/", 1)[1]: c.status for c in result.coverage if "/" in c.member}
    assert statuses["ads_information/ads_and_topics/ads_viewed.json"] == "unrecognized"
    assert statuses["media/"] == "skipped"
    assert statuses["your_instagram_activity/messages/secret_conversations.json"] == "skipped"
    assert not any(c.status == "failed" for c in result.coverage)


def test_profile_row_carries_bio_and_privacy():
    from presence_audit.importers.instagram import profile_text

    smap = {"Username": {"value": "maria.rossi.nyc"}, "Name": {"value": "Maria Rossi"},
            "Bio": {"value": "Judge, Kings County"}, "Private account": {"value": "False"}}
    text = profile_text({k: v["value"] for k, v in smap.items()})
    assert text == ("name: Maria Rossi; username: maria.rossi.nyc; bio: Judge, Kings County; "
                    "private account: False")
