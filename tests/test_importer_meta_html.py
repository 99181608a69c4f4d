"""Meta HTML downloads (Facebook, Instagram): every record kind, both block generations,
localized dates and their time basis, malformed pages, mixed downloads, the samples."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pandas as pd
import pytest
from metaarchive import write_zip
from metahtml import (
    account_block,
    block,
    link,
    message,
    old_block,
    owner_block,
    page,
    table,
    table_block,
)
from samplekit import SAMPLES, builder

from presence_audit import schema
from presence_audit.archive import open_archives
from presence_audit.errors import AuditInputError
from presence_audit.importers._meta_html import load_page, local_time, to_utc, zone_of
from presence_audit.scan import import_archives, scan

NY = "America/New_York"
OWNER = "Maria Rossi"
ACT = "your_facebook_activity/"
IG = "your_instagram_activity/"
REL = "connections/followers_and_following/"


def imported(tmp_path: Path, members: dict, zone: str | None = NY, name: str = "dl.zip"):
    """Scan-level import of one zip (every importer, as the CLI does); frame validated."""
    archive = open_archives([write_zip(tmp_path / name, members)])
    result = import_archives(archive, timezone=zone)
    schema.validate(result.activity)
    return result


def rows(result, kind: str, platform: str = "facebook") -> pd.DataFrame:
    f = result.activity
    return f[(f["kind"] == kind) & (f["platform"] == platform)].reset_index(drop=True)


def entry(result, suffix: str):
    return next(c for c in result.coverage if c.member.endswith(suffix))


# --- dates ---------------------------------------------------------------------------------

@pytest.mark.parametrize("text, expected, has_time", [
    ("Jan 05, 2024 3:04:05 pm", datetime(2024, 1, 5, 15, 4, 5), True),
    ("Nov 14, 2023 12:05 am", datetime(2023, 11, 14, 0, 5), True),
    ("November 14, 2023 at 10:13 PM", datetime(2023, 11, 14, 22, 13), True),
    ("Feb 28, 2025, 10:07 AM", datetime(2025, 2, 28, 10, 7), True),
    ("5 gen 2024, 15:04", datetime(2024, 1, 5, 15, 4), True),
    ("14. März 2024 um 09:15", datetime(2024, 3, 14, 9, 15), True),
    ("3. Dez. 2023, 18:00", datetime(2023, 12, 3, 18, 0), True),
    ("14 févr. 2024 à 09:15", datetime(2024, 2, 14, 9, 15), True),
    ("mardi 14 juin 2022", datetime(2022, 6, 14), False),
    ("14 de mar. de 2024 9:15", datetime(2024, 3, 14, 9, 15), True),
    ("5 de enero de 2024 15:04", datetime(2024, 1, 5, 15, 4), True),
    ("5 de out. de 2024 08:00", datetime(2024, 10, 5, 8, 0), True),
    ("14 mrt 2022 10:00", datetime(2022, 3, 14, 10, 0), True),
    ("14.11.2023 22:13", datetime(2023, 11, 14, 22, 13), True),
    ("2023-11-14T22:13:20", datetime(2023, 11, 14, 22, 13, 20), True),
])
def test_local_time_reads_the_localized_forms(text, expected, has_time):
    assert local_time(text) == (expected, has_time)


@pytest.mark.parametrize("text", ["Feb 30, 2023", "yesterday", "", "Jan 05, 1999 3:04 pm",
                                  "13:99", "Mar 2024"])
def test_local_time_refuses_what_is_not_a_date(text):
    assert local_time(text) is None


def test_to_utc_basis_says_how_certain_the_time_is():
    zone = zone_of(NY)
    when, basis = to_utc(datetime(2024, 3, 12, 21, 40), True, zone)
    assert (when, basis) == (pd.Timestamp("2024-03-13 01:40", tz="UTC"), "exact")
    # a date without a time of day: the start of that local day, a lower bound
    assert to_utc(datetime(2024, 6, 14), False, zone) == (
        pd.Timestamp("2024-06-14 04:00", tz="UTC"), "bound")
    # the hour repeated when clocks go back: the earlier instant, a lower bound
    assert to_utc(datetime(2024, 11, 3, 1, 30), True, zone) == (
        pd.Timestamp("2024-11-03 05:30", tz="UTC"), "bound")
    # no zone known: 14 hours before the local time read as UTC (the widest offset)
    assert to_utc(datetime(2024, 3, 12, 21, 40), True, None) == (
        pd.Timestamp("2024-03-12 07:40", tz="UTC"), "bound")
    assert zone_of("Not/AZone") is None


# --- Facebook -------------------------------------------------------------------------------

def fb_download() -> dict[str, str]:
    """Every Facebook page the importer reads, 2024+ paths, 2022+ markup."""
    def one(name: str, *blocks: str) -> str:
        return page(name, list(blocks))
    return {
        f"{ACT}posts/your_posts__check_ins__photos_and_videos_1.html": one(
            "Your posts",
            block(f"{OWNER} updated her status.", "Risotto per Niccolò 🍚", "Mar 1, 2024 8:00 pm"),
            block(f"{OWNER} shared a link.", body_html='<div>Worth reading</div><div>'
                  + link("An article", "https://example.org/a") + "</div>",
                  date="Mar 2, 2024 9:00 am"),
            block(f"{OWNER} wrote on Ben Sample's timeline.", "Auguri!", "Mar 3, 2024 9:00 am")),
        f"{ACT}posts/posts_on_other_pages_and_profiles.html": one(
            "Posts on other pages", block(f"{OWNER} posted on Court Watch's page.",
                                          "Open house Friday", "Mar 4, 2024 9:00 am")),
        f"{ACT}comments_and_reactions/comments.html": one(
            "Comments", block(f"{OWNER} commented on Élodie Dubois's post.", "Très bien !",
                              "Mar 5, 2024 9:00 am")),
        f"{ACT}comments_and_reactions/likes_and_reactions_1.html": one(
            "Likes", block(f"{OWNER} likes Ben Sample's post.", date="Mar 6, 2024 9:00 am"),
            block(f"{OWNER} reacted to Ben Sample's photo.", date="Mar 6, 2024 9:01 am",
                  body_html='<div><img src="icons/haha.png" /></div>')),
        f"{ACT}pages/pages_you've_liked.html": one(
            "Pages", block("Example Party", date="Mar 7, 2024 9:00 am")),
        f"{ACT}pages/pages_and_profiles_you_follow.html": one(
            "Pages you follow", block("Court Watch", date="Mar 7, 2024 9:05 am")),
        f"{ACT}groups/your_group_membership_activity.html": one(
            "Groups", block(f"{OWNER} became a member of Local Bar Association.",
                            date="Mar 8, 2024 9:00 am")),
        f"{ACT}groups/your_groups.html": one("Your groups", block("Risotto Lovers",
                                                                  date="Mar 8, 2024 9:05 am")),
        f"{ACT}groups/group_posts_and_comments.html": one(
            "Group posts", block(f"{OWNER} posted in Local Bar Association.", "CLE on Friday",
                                 "Mar 9, 2024 9:00 am")),
        f"{ACT}groups/your_comments_in_groups.html": one(
            "Group comments", block(f"{OWNER} commented on Ben Sample's post.", "Count me in",
                                    "Mar 9, 2024 9:05 am")),
        f"{ACT}messages/inbox/bensample_1023/message_1.html": one(
            "Ben Sample", message(OWNER, "Call me later", "Mar 10, 2024 9:00 pm"),
            message("Ben Sample", "Ok", "Mar 10, 2024 9:02 pm")),
        "connections/friends/your_friends.html": one("Friends", block("Ben Sample",
                                                                      date="Jan 2, 2024 9:00 am")),
        "connections/friends/removed_friends.html": one("Removed", block("Old Pal",
                                                                         date="Jan 3, 2024")),
        "connections/friends/sent_friend_requests.html": one("Sent", block("Dana Lee",
                                                                           date="Jan 4, 2024")),
        "connections/friends/received_friend_requests.html": one(
            "Received", block("Eve Park", date="Jan 5, 2024 9:00 am")),
        "connections/followers/who_you've_followed.html": one(
            "Following", block("Example Party", date="Jan 6, 2024 9:00 am")),
        "connections/followers/people_who_followed_you.html": one(
            "Followers", block("Fan Person", date="Jan 7, 2024 9:00 am")),
        "logged_information/search/your_search_history.html": one(
            "Searches", block("You searched on Facebook", '"judge smith"', "Jan 8, 2024 9:00 am")),
        "personal_information/profile_information/profile_information.html": one(
            "Profile", table_block("Profile", table(("Name", OWNER), ("Bio", "Judge")))),
        "index.html": one("Your information", block("Start")),
    }


def test_facebook_every_kind_from_the_html_pages(tmp_path):
    result = imported(tmp_path, fb_download())
    f = result.activity
    assert set(f["platform"].astype(str)) == {"facebook"}
    counts = f["kind"].astype(str).value_counts().to_dict()
    assert counts == {"post": 5, "comment": 2, "like": 1, "reaction": 1, "page": 1,
                      "follow": 2, "group": 2, "message": 2, "friend": 4, "follower": 1,
                      "search": 1, "profile": 1}
    posts = rows(result, "post").set_index("text")
    assert posts.loc["Risotto per Niccolò 🍚", "timestamp"] == pd.Timestamp(
        "2024-03-02 01:00", tz="UTC")
    assert posts.loc["Worth reading An article", "url"] == "https://example.org/a"
    assert posts.loc["Auguri!", "counterpart"] == "Ben Sample"
    assert posts.loc["CLE on Friday", "counterpart"] == "Local Bar Association"
    assert rows(result, "comment").set_index("text").loc["Très bien !", "counterpart"] == \
        "Élodie Dubois"
    assert rows(result, "like")["counterpart"].tolist() == ["Ben Sample"]
    assert rows(result, "reaction")["text"].tolist() == [
        f"haha: {OWNER} reacted to Ben Sample's photo."]
    friends = rows(result, "friend").set_index("counterpart")
    assert friends.loc["Old Pal", "text"] == "removed friend: Old Pal"
    assert friends.loc["Old Pal", "time_basis"] == "bound"  # a date without a time of day
    assert friends.loc["Ben Sample", "time_basis"] == "exact"
    assert set(rows(result, "group")["counterpart"]) == {"Local Bar Association",
                                                          "Risotto Lovers"}
    assert rows(result, "search")["text"].tolist() == ["judge smith"]
    msgs = rows(result, "message")
    assert msgs["counterpart"].tolist() == ["Ben Sample", "Ben Sample"]
    assert (f["account"] == OWNER).all()
    assert entry(result, "index.html").status == "skipped"
    fmt = next(c for c in result.coverage if c.kind == "format")
    assert "HTML format" in fmt.reason and "no record ids" in fmt.reason and NY in fmt.reason


def test_facebook_2021_blocks_and_paths(tmp_path):
    members = {
        "posts/your_posts_1.html": page("Posts", [old_block(
            f"{OWNER} updated her status.", "Old words", "Mar 01, 2019, 2:05 PM")]),
        "friends/friends.html": page("Friends", [old_block("Ben Sample", "", "Mar 1, 2019")]),
        "messages/inbox/bensample_1/message_1.html": page("Ben Sample", [old_block(
            OWNER, "Ciao", "Mar 2, 2019 10:00:00 am")]),
    }
    result = imported(tmp_path, members)
    assert rows(result, "post")["text"].tolist() == ["Old words"]
    assert rows(result, "post")["timestamp"].tolist() == [pd.Timestamp("2019-03-01 19:05",
                                                                       tz="UTC")]
    assert rows(result, "friend")["counterpart"].tolist() == ["Ben Sample"]
    assert rows(result, "message")["counterpart"].tolist() == ["Ben Sample"]


def test_record_ids_do_not_depend_on_the_time_zone(tmp_path):
    a = imported(tmp_path, fb_download(), zone=NY, name="a.zip").activity
    b = imported(tmp_path, fb_download(), zone=None, name="b.zip").activity
    assert sorted(a["record_id"]) == sorted(b["record_id"])
    assert set(b["time_basis"].astype(str)) <= {"bound", "unknown"}  # no zone: lower bounds


# --- Instagram ------------------------------------------------------------------------------

def ig_download() -> dict[str, str]:
    url = "https://www.instagram.com/p/C4abc123/"
    return {
        f"{IG}media/posts_1.html": page("Posts", [block("Good day @ben.sample",
                                                        date="Mar 12, 2024 9:40 pm")]),
        f"{IG}comments/post_comments_1.html": page("Commenti", [table_block("", table(
            ("Commento", "Bravo!"), ("Proprietario del contenuto multimediale", "ben.sample"),
            time=("Ora", "5 mar 2024, 15:04")))], "it"),
        f"{IG}likes/liked_posts.html": page("Liked", [
            block("news_example", body_html=f"<div>{link(url, url)}</div>"
                  "<div>Mar 14, 2024 10:00 am</div>"),
            block("", date="Mar 15, 2024 10:00 am", body_html="<div>" + table(
                ("URL", "https://www.instagram.com/p/C5xyz/"),
                hrefs={"URL": "https://www.instagram.com/p/C5xyz/"})
                + owner_block("party_youth_example", "Party Youth") + "</div>")]),
        f"{REL}following.html": page("Following", [
            account_block("bar_assoc_example", "Feb 10, 2024, 3:04 PM"),
            account_block("court_watch", "Feb 11, 2024, 3:04 PM", header=True)]),
        f"{REL}followers_1.html": page("Followers", [account_block("fan_1", "Feb 12, 2024")]),
        f"{REL}close_friends.html": page("Close friends", [account_block("ben.sample",
                                                                         "Feb 13, 2024")]),
        "logged_information/recent_searches/word_or_phrase_searches.html": page("Searches", [
            table_block("", table(("Search", "acme lawsuit"), time=("Time", "Mar 1, 2024")))]),
        "logged_information/recent_searches/profile_searches.html": page("Searches", [
            block("", body_html="<div>" + link("helen", "https://www.instagram.com/_u/helen")
                  + "</div><div>Mar 2, 2024 8:00 am</div>")]),
        f"{IG}messages/inbox/bensample_1234/message_1.html": page("ben.sample", [
            message("Maria Rossi", "See you", "Mar 3, 2024 8:00 pm")]),
        "personal_information/personal_information/personal_information.html": page(
            "Personal information", [table_block("", table(
                ("Username", "maria.rossi.nyc"), ("Name", OWNER), ("Bio", "Judge")))]),
        f"{IG}threads/threads_and_replies.html": page("Threads", [block("x", "y", "Mar 1, 2024")]),
    }


def test_instagram_every_kind_from_the_html_pages(tmp_path):
    result = imported(tmp_path, ig_download(), name="instagram-maria.rossi.nyc-2024-06-01-x.zip")
    f = result.activity
    counts = f["kind"].astype(str).value_counts().to_dict()
    assert counts == {"post": 1, "comment": 1, "like": 2, "follow": 2, "follower": 1,
                      "friend": 1, "search": 2, "message": 1, "profile": 1}
    assert rows(result, "post", "instagram")["mentions"].tolist() == ["ben.sample"]
    comment = rows(result, "comment", "instagram").iloc[0]
    assert (comment["text"], comment["counterpart"]) == ("Bravo!", "ben.sample")
    assert comment["timestamp"] == pd.Timestamp("2024-03-05 20:04", tz="UTC")
    likes = rows(result, "like", "instagram").set_index("counterpart")
    assert likes.loc["news_example", "record_id"] == "liked_posts:C4abc123"
    assert likes.loc["party_youth_example", "url"] == "https://www.instagram.com/p/C5xyz/"
    assert set(rows(result, "follow", "instagram")["record_id"]) == {
        "follow:bar_assoc_example", "follow:court_watch"}
    searches = rows(result, "search", "instagram").set_index("text")
    assert searches.loc["helen", "counterpart"] == "helen"
    assert pd.isna(searches.loc["acme lawsuit", "counterpart"])
    assert (f["account"] == "maria.rossi.nyc").all()
    assert entry(result, "threads_and_replies.html").status == "unrecognized"


def test_accounts_center_download_splits_between_the_two_importers(tmp_path):
    members = {**{k: v for k, v in fb_download().items() if "friends" in k or "profile" in k},
               **{k: v for k, v in ig_download().items() if REL in k}}
    result = imported(tmp_path, members)
    assert set(rows(result, "friend")["counterpart"]) == {"Ben Sample", "Old Pal", "Dana Lee",
                                                          "Eve Park"}
    assert rows(result, "profile")["account"].tolist() == [OWNER]
    assert len(rows(result, "follow", "instagram")) == 2
    assert not [c for c in result.coverage if c.status == "unrecognized"]


# --- malformed pages and mixed downloads ------------------------------------------------------

def test_broken_pages_end_in_coverage_entries(tmp_path):
    good = page("Friends", [block("Ben Sample", date="Jan 2, 2024 9:00 am"),
                            block("", date="Jan 3, 2024 9:00 am"),
                            block("Odd Date", date="sometime in spring")])
    members = {
        "connections/friends/your_friends.html": good,
        "connections/friends/removed_friends.html": b"\x00\x01\x02PNG binary",
        "connections/friends/sent_friend_requests.html": b"   ",
        "connections/followers/who_you've_followed.html": "<html><body><p>new layout</p></body>"
                                                          "</html>",
        f"{ACT}comments_and_reactions/comments.html": page("Comments", [
            block(f"{OWNER} commented on Ben Sample's post.", "Cut", "Mar 5, 2024 9:00 am"),
            block(f"{OWNER} commented on Ben Sample's post.", "Lost", "Mar 6, 2024 9:00 am"),
        ])[:-300],  # truncated mid-page
        f"{ACT}misc/unknown_page.html": page("Something", [block("x")]),
    }
    result = imported(tmp_path, members)
    friends = entry(result, "your_friends.html")
    assert (friends.status, friends.records, friends.bad_records) == ("read", 2, 1)
    assert "dates in a form not understood" in friends.reason
    odd = rows(result, "friend").set_index("counterpart").loc["Odd Date"]
    assert pd.isna(odd["timestamp"]) and odd["time_basis"] == "unknown"
    assert entry(result, "removed_friends.html").status == "failed"
    assert "binary" in entry(result, "removed_friends.html").reason
    assert "empty" in entry(result, "sent_friend_requests.html").reason
    layout = entry(result, "who_you've_followed.html")
    assert layout.status == "failed" and "layout" in layout.reason and "JSON" in layout.reason
    assert entry(result, "comments.html").status == "read"
    assert entry(result, "comments.html").records >= 1
    assert entry(result, "unknown_page.html").status == "unrecognized"


def test_hostile_nesting_is_read_without_recursion():
    deep = b"<html><body>" + b'<div class="_a6-g">' * 50_000 + b"x" + b"</div>" * 50_000
    assert len(load_page(deep).blocks) == 1  # nested blocks belong to the outermost one
    plain = b"<html><body>" + b"<div>" * 50_000 + b"</body></html>"
    assert load_page(plain).blocks == []


def test_load_page_refuses_non_html():
    with pytest.raises(Exception, match="not an HTML page"):
        load_page(b"just some text without markup")


def test_an_html_download_of_unknown_layout_is_one_clear_error(tmp_path):
    members = {"your_facebook_activity/posts/your_posts_1.html": "<html><body></body></html>",
               "connections/friends/your_friends.html": "<html><body>x</body></html>"}
    profile = SAMPLES / "profile.toml"
    with pytest.raises(AuditInputError) as info:
        scan([str(write_zip(tmp_path / "fb.zip", members))], str(profile))
    message_ = str(info.value)
    assert "layout" in message_ and "JSON" in message_ and "\n" not in message_


def test_mixed_download_reads_json_and_only_the_html_without_a_json_twin(tmp_path):
    members = {
        f"{ACT}events/your_event_responses.json": {"event_responses_v2": {}},
        "connections/friends/your_friends.json": {"friends_v2": [
            {"name": "Json Friend", "timestamp": 1_704_186_000}]},
        "connections/friends/your_friends.html": page("Friends", [block("Html Friend",
                                                                        date="Jan 2, 2024")]),
        "connections/friends/removed_friends.html": page("Removed", [block(
            "Html Only", date="Jan 3, 2024")]),
    }
    result = imported(tmp_path, members)
    assert set(rows(result, "friend")["counterpart"]) == {"Json Friend", "Html Only"}
    twin = entry(result, "your_friends.html")
    assert twin.status == "skipped" and "JSON" in twin.reason
    assert not [c for c in result.coverage if c.status == "unrecognized"]


# --- the samples ----------------------------------------------------------------------------

@pytest.mark.parametrize("name", ["facebook_html", "instagram_html"])
def test_builders_rebuild_the_shipped_samples_byte_for_byte(tmp_path, name):
    out = builder(name).build(tmp_path / "s.zip")
    shipped = SAMPLES / f"{name.replace('_', '-')}-sample.zip"
    assert Path(out).read_bytes() == shipped.read_bytes()


@pytest.fixture(scope="module")
def sample_scan(tmp_path_factory):
    mp = pytest.MonkeyPatch()
    mp.setenv("PRESENCE_AUDIT_DB", str(tmp_path_factory.mktemp("db") / "history.db"))
    try:
        return scan([str(SAMPLES / "facebook-html-sample.zip"),
                     str(SAMPLES / "instagram-html-sample.zip")], str(SAMPLES / "profile.toml"))
    finally:
        mp.undo()


@pytest.mark.parametrize("platform, kind, rule", [
    ("facebook", "post", "PENDING_CASE_COMMENT"),
    ("facebook", "like", "PARTY_CONNECTION"),
    ("facebook", "reaction", "PARTY_CONNECTION"),
    ("facebook", "friend", "COUNSEL_CONNECTION"),
    ("facebook", "message", "CONFIDENTIAL_INFORMATION"),
    ("facebook", "search", "INDEPENDENT_RESEARCH"),
    ("facebook", "group", "POLITICAL_ACTIVITY"),
    ("facebook", "page", "POLITICAL_ACTIVITY"),
    ("instagram", "follow", "PARTY_CONNECTION"),
    ("instagram", "comment", "COUNSEL_CONNECTION"),
    ("instagram", "search", "INDEPENDENT_RESEARCH"),
    ("instagram", "profile", "TITLE_MISUSE"),
])
def test_the_html_samples_raise_what_was_planted(sample_scan, platform, kind, rule):
    f = sample_scan.findings
    hit = f[(f["platform"] == platform) & (f["kind"] == kind) & (f["rule"] == rule)]
    assert len(hit) >= 1


def test_the_html_samples_hard_negatives_raise_nothing(sample_scan):
    texts = sample_scan.findings["text"].astype("string").fillna("")
    negatives = (*builder("facebook_html").HARD_NEGATIVES,
                 *builder("instagram_html").HARD_NEGATIVES)
    assert not any(texts.str.contains(n, regex=False).any() for n in negatives)
    activity = sample_scan.activity
    assert activity["text"].astype("string").isin(negatives).sum() == len(negatives)


def test_an_html_download_is_listed_under_its_platform_not_its_importer(sample_scan):
    """The report header lists platforms; an HTML download is still Facebook or Instagram."""
    listed = {a.label: a.platforms for a in sample_scan.archives}
    assert listed == {"facebook-html-sample.zip": ["facebook"],
                      "instagram-html-sample.zip": ["instagram"]}
