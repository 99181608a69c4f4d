"""The Reddit importer on real-format data request CSVs (formats.md section 7), good and bad."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from csvexport import entry, read_export

from presence_audit import schema
from presence_audit.archive import open_archives
from presence_audit.importers import ExportPart, ImportContext, all_importers, reddit

SAMPLES = Path(__file__).resolve().parent.parent / "sample_archives"
ROOT = "export_jdoe_20260101/"
R = "https://www.reddit.com/r/"
SUBS = "subreddit\nlaw\n"
COMMENT_HEADER = "id,permalink,date,ip,subreddit,gildings,link,parent,body,media\n"


def _read(tmp_path: Path, members: dict[str, object], own: str | None = None):
    members = {ROOT + "subscribed_subreddits.csv": SUBS, **members}
    return read_export(reddit.RedditImporter(), tmp_path / "rd.zip", members, own)


def test_sample_archive_imports_every_record_kind():
    archive = open_archives([SAMPLES / "reddit-sample.zip"])[0]
    imp = reddit.RedditImporter()
    roots = imp.detect(archive.names)
    assert roots == ["export_mrossi_reads_20240601/"]
    result = imp.read([ExportPart(archive, roots[0])],
                      ImportContext(own_handles={"reddit": "mrossi_reads"}))
    schema.validate(result.frame)
    kinds = result.frame["kind"].astype(str).value_counts().to_dict()
    assert kinds == {"post": 2, "comment": 1, "reply": 1, "like": 2, "reaction": 1,
                     "group": 4, "message": 2}
    saved = entry(result, "saved_posts.csv")
    assert saved.status == "skipped" and "1 items not audited" in saved.reason
    assert entry(result, "ip_logs.csv").status == "skipped"
    assert entry(result, "drafts.csv").status == "unrecognized"


def test_posts_and_comments_ids_subreddits_replies_and_deleted_bodies(tmp_path):
    posts = ("id,permalink,date,ip,subreddit,gildings,title,url,body\n"
             f"1ab2cd,{R}law/comments/1ab2cd/t/,2024-01-15 12:34:56 UTC,,law,0,A title,,"
             '"line one\nline two"\n'
             f"1ab2ce,{R}law/comments/1ab2ce/t/,2024-01-16 12:00:00 UTC,,law,0,[deleted],,"
             "[removed]\n")
    comments = (COMMENT_HEADER
                + f"kq1,{R}law/comments/1ab2cd/t/kq1/,2024-01-15 13:00:00 UTC,,law,0,"
                  f"{R}law/comments/1ab2cd/t/,,Top level,\n"
                + f"kq2,{R}law/comments/1ab2cd/t/kq2/,2024-01-15 14:00:00 UTC,0.0.0.0,law,0,"
                  f"{R}law/comments/1ab2cd/t/,t1_kq1,A reply,\n")
    f = _read(tmp_path, {ROOT + "posts.csv": posts, ROOT + "comments.csv": comments}).frame
    f = f.set_index("record_id")
    assert f.loc["t3_1ab2cd", "text"] == "A title\n\nline one\nline two"
    assert pd.isna(f.loc["t3_1ab2ce", "text"])
    assert f.loc["t3_1ab2cd", "timestamp"] == pd.Timestamp("2024-01-15 12:34:56", tz="UTC")
    assert (f.loc["t1_kq1", "kind"], f.loc["t1_kq2", "kind"]) == ("comment", "reply")
    assert set(f.loc[["t3_1ab2cd", "t1_kq1"], "counterpart"]) == {"r/law"}


def test_votes_have_no_date_and_withdrawn_votes_are_counted(tmp_path):
    votes = ("id,permalink,direction\n"
             f"1x,{R}politics/comments/1x/t/,up\n"
             f"1y,{R}law/comments/1y/t/,down\n"
             f"1z,{R}law/comments/1z/t/,removed\n")
    result = _read(tmp_path, {ROOT + "post_votes.csv": votes})
    f = result.frame.set_index("record_id")
    assert (f.loc["vote:t3_1x", "kind"], f.loc["vote:t3_1x", "counterpart"]) == (
        "like", "r/politics")
    assert f.loc["vote:t3_1y", "kind"] == "reaction"
    assert (f.loc[["vote:t3_1x", "vote:t3_1y"], "time_basis"] == "unknown").all()
    assert f.loc[["vote:t3_1x", "vote:t3_1y"], "timestamp"].isna().all()
    assert "1 votes withdrawn" in entry(result, "post_votes.csv").reason
    assert f.loc["subscribed:r/law", "kind"] == "group"


def test_messages_counterpart_without_and_with_the_profile_handle(tmp_path):
    msgs = ("id,permalink,thread_id,date,ip,from,to,subject,body\n"
            "m1,,,2024-02-01 10:00:00 UTC,,ben_counsel,jdoe,hi,Hello judge\n"
            "m2,,,2024-02-01 11:00:00 UTC,,jdoe,ben_counsel,re: hi,No thanks\n"
            "m3,,,2024-02-02 11:00:00 UTC,,ann,jdoe,q,Another\n")
    for own in (None, "jdoe"):
        f = _read(tmp_path, {ROOT + "messages_archive.csv": msgs}, own).frame
        msg = f[f["kind"] == "message"].set_index("record_id")
        assert msg["counterpart"].to_dict() == {"msg:m1": "ben_counsel", "msg:m2": "ben_counsel",
                                                "msg:m3": "ann"}
        assert msg.loc["msg:m2", "text"] == "re: hi\n\nNo thanks"


def test_friends_moderated_subreddits_and_chats(tmp_path):
    result = _read(tmp_path, {
        ROOT + "friends.csv": "username,note\nBen_Counsel,met at CLE\n",
        ROOT + "moderated_subreddits.csv": "subreddit\nBrooklynLaw\n",
        ROOT + "chat_history.csv": "message_id,created_at,updated_at,username,message,"
                                   "thread_parent_message_id,channel_url,subreddit,"
                                   "channel_name,conversation_type\n"
                                   "c1,2024-03-01 09:00:00 UTC,,ann,hey there,,,,ann & jdoe,"
                                   "direct\n",
    }, own="jdoe")
    f = result.frame.set_index("record_id")
    assert (f.loc["friend:ben_counsel", "kind"], f.loc["friend:ben_counsel", "counterpart"]) == (
        "follow", "ben_counsel")
    assert f.loc["moderated:r/brooklynlaw", "text"] == "moderator"
    assert (f.loc["chat:c1", "kind"], f.loc["chat:c1", "counterpart"]) == ("message", "ann")


def test_bad_rows_missing_header_truncation_and_unknown_members(tmp_path):
    comments = (COMMENT_HEADER
                + f"kq1,{R}law/comments/1/t/kq1/,2024-01-15 13:00:00 UTC,,law,0,,,Fine,\n"
                + f"kq2,{R}law/comments/1/t/kq2/,not a date,,law,0,,,Bad date,\n"
                + f",{R}law/comments/1/t/kq3/,2024-01-15 13:00:00 UTC,,law,0,,,No id,\n"
                + f'kq4,{R}law/comments/1/t/kq4/,2024-01-15 13:00:00 UTC,,law,0,,,"Cut off')
    result = _read(tmp_path, {
        ROOT + "comments.csv": comments,
        ROOT + "posts.csv": "1ab,https://x,2024-01-01 00:00:00 UTC,,law,0,t,,b\n",
        ROOT + "messages.csv": b"\x00\x01\x02binary",
        ROOT + "new_feature_2027.csv": "a\n1\n",
    })
    got = entry(result, "comments.csv")
    assert (got.status, got.records, got.bad_records) == ("read", 1, 3)
    assert "unreadable" in got.reason and "without an id" in got.reason
    posts = entry(result, "posts.csv")
    assert posts.status == "failed" and "no header line" in posts.reason
    assert entry(result, "messages.csv").status == "failed"
    assert entry(result, "new_feature_2027.csv").status == "unrecognized"


def test_comments_csv_alone_is_not_claimed_as_reddit():
    # YouTube's Takeout has a comments.csv too (formats.md 7.4): detect by Reddit-only files
    assert reddit.RedditImporter().detect(["comments.csv", "posts.csv"]) == []
    names = [ROOT + "post_votes.csv", ROOT + "comments.csv", ROOT + "messages.csv"]
    claims = {imp.name: imp.detect(names) for imp in all_importers()}
    assert claims.pop("reddit") == [ROOT]
    assert not any(claims.values())


def test_scan_finds_the_witness_by_reddit_handle(tmp_path, monkeypatch):
    from presence_audit.scan import scan

    monkeypatch.setenv("PRESENCE_AUDIT_DB", str(tmp_path / "history.db"))
    result = scan([str(SAMPLES / "reddit-sample.zip")], str(SAMPLES / "profile.toml"))
    f = result.findings
    assert "tlindqvist" in set(f.loc[f["rule"] == "EX_PARTE_MESSAGE", "counterpart"].astype(str))
    assert "DEMEANOR" in set(f["rule"].astype(str))
