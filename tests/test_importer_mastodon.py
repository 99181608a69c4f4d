"""Mastodon importer: account archives (zip, tar.gz, folder) and CSV exports, in real formats."""

from __future__ import annotations

import io
import tarfile

import pytest
from fediarchive import Masto, collection
from metaarchive import write_folder, write_zip

from presence_audit import schema
from presence_audit.archive import open_archives
from presence_audit.importers import mastodon
from presence_audit.scan import import_archives

ME = Masto("ada", "social.example")
BEN = Masto("ben", "court.example")
ROOT = "archive-20240601120000-0123456789abcdef0123456789abcdef/"
FOLLOWING = ("Account address,Show boosts,Notify on new posts,Languages\n"
             "ben@court.example,true,false,\nnot-an-address,true,false,\n")


def outbox_items() -> list[dict]:
    link = ('<a href="https://news.example/a/very/long/path"><span class="invisible">'
            'https://</span><span class="ellipsis">news.example/a/very</span>'
            '<span class="invisible">/long/path</span></a>')
    return [
        ME.note(1, f"<p>Read this &amp; weep:<br>{link}</p><p>Second paragraph</p>",
                "2024-02-01T10:20:30Z", hashtags=("ethics",)),
        ME.note(2, "<p>@ben agreed</p>", "2024-02-02T10:00:00Z", in_reply_to=BEN.status(9),
                mentions=((BEN.actor, "@ben@court.example"),)),
        ME.note(3, "<p>@ben between us</p>", "2024-02-03T10:00:00Z", audience="direct",
                mentions=((BEN.actor, "@ben@court.example"),)),
        ME.note(4, "<p>quiet post</p>", "2024-02-04T10:00:00Z", audience="unlisted"),
        ME.note(5, "<p>followers only</p>", "2024-02-05T10:00:00Z", audience="followers",
                summary="court gossip"),
        ME.boost(6, BEN.status(10), "2024-02-06T10:00:00Z"),
    ]


def archive_members(items: list | None = None, outbox: str | None = None) -> dict:
    return {
        ROOT + "outbox.json": outbox or ME.outbox(outbox_items() if items is None else items),
        ROOT + "likes.json": collection([BEN.status(11), "https://other.example/objects/ab-cd"],
                                        "likes.json"),
        ROOT + "bookmarks.json": collection([BEN.status(12)], "bookmarks.json"),
        ROOT + "actor.json": ME.actor_json("Ada Lovelace", "<p>Judge &amp; reader</p>",
                                           {"Website": "<a href=\"https://ada.example\">"
                                                       "ada.example</a>"}),
        ROOT + "avatar.png": b"\x89PNG fake",
        ROOT + "media_attachments/files/110/000/000/original/abc.jpg": b"\xff\xd8 fake",
    }


def run(paths, own=None):
    imported = import_archives(open_archives([str(p) for p in paths]),
                               own_handles=own or {})
    schema.validate(imported.activity)
    frame = imported.activity[imported.activity["platform"] == "mastodon"]
    cover = [c for c in imported.coverage if c.platform == "mastodon"]
    return frame, cover, imported


def by_id(frame, suffix):
    rows = frame[frame["record_id"].astype(str).str.endswith(suffix)]
    assert len(rows) == 1, suffix
    return rows.iloc[0]


def test_archive_records_of_every_kind(tmp_path):
    frame, _, _ = run([write_zip(tmp_path / "a.zip", archive_members())])
    assert sorted(frame["kind"].astype(str).unique()) == [
        "like", "message", "post", "profile", "reply", "repost"]
    first = by_id(frame, "/statuses/1")
    assert first["text"] == ("Read this & weep:\nhttps://news.example/a/very/long/path\n\n"
                             "Second paragraph")
    assert first["time_basis"] == "exact" and str(first["timestamp"]) == "2024-02-01 10:20:30+00:00"
    assert first["url"] == "https://social.example/@ada/1"
    reply = by_id(frame, "/statuses/2")
    assert (reply["kind"], reply["counterpart"], reply["mentions"]) == (
        "reply", "ben@court.example", "ben@court.example")
    dm = by_id(frame, "/statuses/3")
    assert (dm["kind"], dm["counterpart"]) == ("message", "ben@court.example")
    assert by_id(frame, "/statuses/4")["kind"] == "post"  # unlisted is not a message
    gated = by_id(frame, "/statuses/5")
    assert gated["kind"] == "post" and gated["text"] == "court gossip\n\nfollowers only"
    boost = by_id(frame, "/statuses/6/activity")
    assert (boost["kind"], boost["counterpart"], boost["url"]) == (
        "repost", "ben@court.example", BEN.status(10))
    assert set(frame["account"].astype(str)) == {"ada@social.example"}
    assert str(frame["observed_at"].iloc[0]) == "2024-06-01 12:00:00+00:00"


def test_likes_have_no_time_and_author_only_from_the_uri(tmp_path):
    frame, _, _ = run([write_zip(tmp_path / "a.zip", archive_members())])
    likes = frame[frame["kind"] == "like"]
    assert likes["time_basis"].astype(str).tolist() == ["unknown", "unknown"]
    assert likes["timestamp"].isna().all()
    assert likes["counterpart"].tolist()[0] == "ben@court.example"
    assert likes["counterpart"].isna().tolist()[1]  # /objects/<uuid>: no author in the URI


def test_profile_from_actor_and_coverage_of_unaudited_members(tmp_path):
    frame, cover, _ = run([write_zip(tmp_path / "a.zip", archive_members())])
    profile = frame[frame["kind"] == "profile"].iloc[0]
    assert profile["text"] == ("username: ada@social.example; display name: Ada Lovelace; "
                               "bio: Judge & reader; website: ada.example")
    status = {c.member.rpartition("/")[2]: (c.status, c.records) for c in cover}
    assert status["actor.json"] == ("read", 1)
    assert status["outbox.json"] == ("read", 6)
    assert status["bookmarks.json"][0] == "skipped"
    assert status["abc.jpg"] == ("skipped", 0)
    assert any(c.kind == "follower" and "no list of followers" in c.reason for c in cover)


def test_repeated_ordered_items_key_keeps_the_full_list(tmp_path):
    text = ME.outbox(outbox_items(), duplicate_key=True)
    assert text.count('"orderedItems"') == 2
    frame, _, _ = run([write_zip(tmp_path / "a.zip", archive_members(outbox=text))])
    assert (frame["kind"] != "like").sum() == 7  # 6 outbox items + profile


def test_local_mention_without_href_gets_the_own_host(tmp_path):
    item = ME.note(7, "<p>@carl hi</p>", "2024-03-01T00:00:00Z", audience="direct")
    item["object"]["tag"] = [{"type": "Mention", "name": "@carl"}]
    item["object"]["to"] = item["to"] = ["https://social.example/users/carl"]
    frame, _, _ = run([write_zip(tmp_path / "a.zip", archive_members(items=[item]))])
    dm = by_id(frame, "/statuses/7")
    assert (dm["kind"], dm["counterpart"]) == ("message", "carl@social.example")


def test_truncated_outbox_is_a_failed_member_and_the_rest_is_read(tmp_path):
    cut = ME.outbox(outbox_items())[:500]
    frame, cover, _ = run([write_zip(tmp_path / "a.zip", archive_members(outbox=cut))])
    outbox = next(c for c in cover if c.member.endswith("outbox.json"))
    assert outbox.status == "failed" and "not valid JSON" in outbox.reason
    assert set(frame["kind"].astype(str)) == {"like", "profile"}


def test_unknown_and_broken_outbox_items_are_counted(tmp_path):
    items = [*outbox_items()[:1], {"type": "Like", "id": "x", "object": "y"}, "junk",
             {"type": "Create", "object": {"type": "Note"}}, {"type": "Announce", "id": "z"}]
    _, cover, _ = run([write_zip(tmp_path / "a.zip", archive_members(items=items))])
    outbox = next(c for c in cover if c.member.endswith("outbox.json"))
    assert (outbox.status, outbox.records, outbox.bad_records) == ("read", 1, 4)
    assert "Like activity" in outbox.reason and "not an object" in outbox.reason


def test_not_an_activitypub_collection(tmp_path):
    members = archive_members(outbox='{"type": "Person"}')
    _, cover, _ = run([write_zip(tmp_path / "a.zip", members)])
    outbox = next(c for c in cover if c.member.endswith("outbox.json"))
    assert outbox.status == "failed" and "orderedItems" in outbox.reason


def test_old_servers_tar_gz(tmp_path):
    path = tmp_path / "archive.tar.gz"
    with tarfile.open(path, "w:gz") as tf:
        for name, content in archive_members().items():
            data = content.encode() if isinstance(content, str) else content
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tf.addfile(info, io.BytesIO(data))
    frame, _, _ = run([path])
    assert (frame["kind"] == "post").sum() == 3


def test_csv_exports_as_paths_of_their_own(tmp_path):
    (tmp_path / "following_accounts.csv").write_text(FOLLOWING)
    (tmp_path / "lists.csv").write_text("Bar friends,ben@court.example\n")
    (tmp_path / "blocked_accounts.csv").write_text("spam@junk.example\nspam2@junk.example\n")
    frame, cover, _ = run([tmp_path / "following_accounts.csv", tmp_path / "lists.csv",
                           tmp_path / "blocked_accounts.csv"],
                          own={"mastodon": "ada@social.example"})
    follow = frame[frame["kind"] == "follow"]
    assert follow["counterpart"].tolist() == ["ben@court.example"]
    assert follow["time_basis"].astype(str).tolist() == ["unknown"]
    group = frame[frame["kind"] == "group"].iloc[0]
    assert (group["text"], group["counterpart"]) == ("Bar friends", "ben@court.example")
    assert set(frame["account"].astype(str)) == {"ada@social.example"}
    following = next(c for c in cover if c.member == "following_accounts.csv")
    assert (following.records, following.bad_records) == (1, 1)
    blocked = next(c for c in cover if c.member == "blocked_accounts.csv")
    assert blocked.status == "skipped" and blocked.reason.startswith("2 entries")


def test_csv_exports_next_to_the_archive_are_picked_up_once(tmp_path):
    zipped = write_zip(tmp_path / "archive-20240601120000-abc.zip", archive_members())
    (tmp_path / "following_accounts.csv").write_text(FOLLOWING)
    frame, _, _ = run([zipped])
    assert (frame["kind"] == "follow").sum() == 1
    # the archive and its folder given together: the CSV is read once, not twice
    frame, cover, _ = run([tmp_path])
    assert (frame["kind"] == "follow").sum() == 1
    assert sum(c.member.endswith("following_accounts.csv") for c in cover) == 1


def test_unpacked_folder(tmp_path):
    folder = write_folder(tmp_path / "export", archive_members())
    frame, _, _ = run([folder])
    assert (frame["kind"] == "repost").sum() == 1


def test_detection_markers():
    assert mastodon.find_roots(["x/outbox.json", "x/actor.json", "x/likes.json"]) == ["x/"]
    assert mastodon.find_roots(["outbox.json"]) == []  # one marker alone is not enough
    assert mastodon.find_roots(["lists.csv"]) == [""]  # given alone
    assert mastodon.find_roots(["lists.csv", "people.csv"]) == []
    assert mastodon.find_roots(["a/muted_accounts.csv", "__MACOSX/a/._outbox.json"]) == ["a/"]


@pytest.mark.parametrize("html, text", [
    ("<p>a</p><p>b</p>", "a\n\nb"),
    ("<p>x &lt;y&gt;</p>", "x <y>"),
    ("", ""),
    (None, ""),
])
def test_plain_text(html, text):
    assert mastodon.plain_text(html) == text
