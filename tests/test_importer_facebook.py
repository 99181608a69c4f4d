"""Facebook importer: both layouts, every kind, mojibake, key variants, coverage, split parts."""

from __future__ import annotations

import importlib.util
import zipfile
from pathlib import Path

import pandas as pd
import pytest
from metaarchive import FB_PATHS, meta_json, thread, write_folder, write_zip

from presence_audit import schema
from presence_audit.archive import open_archives
from presence_audit.errors import ArchiveError
from presence_audit.importers import ExportPart, ImportContext, all_importers
from presence_audit.importers.facebook import title_target

ROOT = Path(__file__).resolve().parent.parent
OWNER = "Maria Rossi"
T = 1_710_000_000  # 2024-03-09


def importer(name: str = "facebook"):
    return {i.name: i for i in all_importers()}[name]


def run(paths: list[Path], own: str | None = None):
    parts = []
    for archive in open_archives(paths):
        parts += [ExportPart(archive, root) for root in importer().detect(archive.names)]
    assert parts, "no Facebook export detected"
    ctx = ImportContext(own_handles={"facebook": own} if own else {})
    result = importer().read(parts, ctx)
    schema.validate(result.frame)
    return result


def export(layout: str) -> dict[str, object]:
    """The same invented activity written in the old (bare keys) or current (_v2) layout."""
    v = "" if layout == "old" else "_v2"
    p = FB_PATHS[layout]
    members: dict[str, object] = {
        p["profile"]: {f"profile{v}": {"name": {"full_name": OWNER}}},
        p["posts"]: [
            {"timestamp": T, "title": f"{OWNER} updated her status.",
             "data": [{"post": "Risotto per Niccolò 🍚"}, {"update_timestamp": T + 5}]},
            {"timestamp": T + 10, "title": f"{OWNER} shared a link.",
             "data": [{"post": "Worth reading"}],
             "attachments": [{"data": [{"external_context": {
                 "url": "https://example.org/a", "name": "An article"}}]}],
             "tags": [{"name": "Jürgen Müller"}]},
            {"timestamp": T + 20, "title": f"{OWNER} is at Café Zürich.",
             "attachments": [{"data": [{"place": {"name": "Café Zürich"}}]}]},
            {"timestamp": 0, "title": f"{OWNER} updated her status.",
             "data": [{"post": "Undated thoughts"}]}],
        p["comments"]: {f"comments{v}": [
            {"timestamp": T + 30, "title": f"{OWNER} commented on Élodie Dubois's post.",
             "data": [{"comment": {"timestamp": T + 30, "comment": "Très bien ! 😍",
                                   "author": OWNER}}]},
            {"timestamp": T + 31, "title": f"{OWNER} replied to Ben Sample's comment."}]},
        p["reactions"]: ({"reactions": [
            {"timestamp": T + 40, "title": f"{OWNER} likes Acme Holdings LLC's post.",
             "data": [{"reaction": {"reaction": "LIKE", "actor": OWNER}}]},
            {"timestamp": T + 41, "title": f"{OWNER} reacted to Ben Sample's photo.",
             "data": [{"reaction": {"reaction": "WOW", "actor": OWNER}}]}]}
            if layout == "old" else [
            {"timestamp": T + 40, "title": f"{OWNER} likes Acme Holdings LLC's post.",
             "data": [{"reaction": {"reaction": "LIKE", "actor": OWNER}}]},
            {"timestamp": T + 41, "title": f"{OWNER} reacted to Ben Sample's photo.",
             "data": [{"reaction": {"reaction": "WOW", "actor": OWNER}}]}]),
        p["pages"]: {f"page_likes{v}": [{"name": "Partito Esempio", "timestamp": T + 50,
                                         "url": "https://www.facebook.com/partito"}]},
        p["friends"]: {f"friends{v}": [{"name": "Daniel Okafor", "timestamp": T + 60},
                                       {"name": "Jürgen Müller", "timestamp": T + 61}]},
        p["removed_friends"]: {f"deleted_friends{v}": [{"name": "Paolo Greco",
                                                        "timestamp": T + 62}]},
        p["sent_requests"]: {f"sent_requests{v}": [{"name": "Sophie", "timestamp": T + 63}]},
        p["received_requests"]: {f"received_requests{v}": [{"name": "Marco",
                                                            "timestamp": T + 64}]},
        p["following"]: {("following" if layout == "old" else "following_v3"): [
            {"name": "Helen Marsh", "timestamp": T + 70}]},
        p["followers"]: {f"followers{v}": [{"name": "Anna", "timestamp": T + 71}]},
        p["groups"]: {f"groups_joined{v}": [
            {"timestamp": T + 80, "title": f"{OWNER} became a member of Amici di Köln.",
             "data": [{"name": "Amici di Köln"}]}]},
        p["search"]: {f"searches{v}": [
            {"timestamp": T + 90, "title": "You searched on Facebook",
             "data": [{"text": "brightwater logistics lawsuit"}]}]},
        p["events"]: {f"event_responses{v}": {
            "events_joined": [{"name": "Festa", "start_timestamp": T + 95}],
            "events_declined": [{"name": "Gala", "start_timestamp": T + 96}]}},
        f"{p['albums']}/0.json": {"name": "Estate", "photos": [
            {"uri": "x/1.jpg", "creation_timestamp": T + 97, "description": "Mare a Positano 🌊"},
            {"uri": "x/2.jpg", "creation_timestamp": T + 98}]},
        f"{p['inbox']}/danielokafor_1/message_1.json": thread([OWNER, "Daniel Okafor"], [
            {"sender_name": "Daniel Okafor", "timestamp_ms": (T + 100) * 1000,
             "content": "Ci vediamo giovedì? 👍"},
            {"sender_name": OWNER, "timestamp_ms": (T + 99) * 1000, "content": "Sì, certo!"}],
            thread_path="inbox/danielokafor_1"),
    }
    if layout == "old":
        members["groups/your_posts_and_comments_in_groups.json"] = {"group_posts": {
            "activity_log_data": [
                {"timestamp": T + 110,
                 "title": f"{OWNER} posted in Brooklyn Small Business Owners.",
                 "data": [{"post": "The warehouse lease dispute again"}]},
                {"timestamp": T + 111, "title": f"{OWNER} commented on Ben Sample's post.",
                 "data": [{"comment": {"timestamp": T + 111, "comment": "Agreed",
                                       "author": OWNER,
                                       "group": "Brooklyn Small Business Owners"}}]}]}}
    else:
        members[p["group_posts"]] = {"group_posts_v2": [
            {"timestamp": T + 110, "title": f"{OWNER} posted in Brooklyn Small Business Owners.",
             "data": [{"post": "The warehouse lease dispute again"}]}]}
        members[p["group_comments"]] = {"group_comments_v2": [
            {"timestamp": T + 111, "title": f"{OWNER} commented on Ben Sample's post.",
             "data": [{"comment": {"timestamp": T + 111, "comment": "Agreed", "author": OWNER,
                                   "group": "Brooklyn Small Business Owners"}}]}]}
        members[p["groups_admin"]] = {"groups_admined_v2": [{"name": "Book Club",
                                                             "timestamp": T + 120}]}
        members[p["pages_followed"]] = {"pages_followed_v2": [
            {"timestamp": T + 121, "title": "Kings Bar", "data": [{"name": "Kings Bar"}]}]}
        members[p["reactions_lv"]] = [
            {"timestamp": T + 122, "fbid": "1", "media": [], "label_values": [
                {"label": "Reaction", "value": "Love"},
                {"title": "Target", "dict": [{"label": "Name", "value": "Brightwater Logistics"}]},
                {"label": "URL", "value": "https://www.facebook.com/bw/posts/1"}]}]
        members[p["other_posts"]] = [
            {"timestamp": T + 123, "label_values": [
                {"label": "Text", "value": "Complimenti! 🎉"},
                {"label": "Name", "value": "Red Hook Garden"}]}]
        members[f"{p['archived']}/club_2/message_1.json"] = thread(
            [OWNER, "Ben Sample", "Cleo"],
            [{"sender_name": "Cleo", "timestamp_ms": (T + 130) * 1000, "content": "Salut"}],
            title="Club ❤️", thread_path="archived_threads/club_2")
    return members


def rows(frame: pd.DataFrame, kind: str) -> pd.DataFrame:
    return frame[frame["kind"] == kind]


@pytest.mark.parametrize("layout", ["old", "current"])
def test_every_kind_in_both_layouts(tmp_path, layout):
    result = run([write_zip(tmp_path / "fb.zip", export(layout))])
    f = result.frame
    assert (f["platform"] == "facebook").all() and (f["account"] == OWNER).all()
    posts = rows(f, "post")
    assert "Risotto per Niccolò 🍚" in set(posts["text"])
    shared = posts[posts["url"] == "https://example.org/a"].iloc[0]
    assert "An article" in shared["text"] and "Jürgen Müller" in shared["text"]
    assert "Mare a Positano 🌊" in set(posts["text"])  # album photo description
    group_post = posts[posts["text"] == "The warehouse lease dispute again"].iloc[0]
    assert group_post["counterpart"] == "Brooklyn Small Business Owners"
    assert rows(f, "check_in")["counterpart"].tolist() == ["Café Zürich"]
    comments = rows(f, "comment").set_index("text")["counterpart"]
    assert comments["Très bien ! 😍"] == "Élodie Dubois"
    assert comments[f"{OWNER} replied to Ben Sample's comment."] == "Ben Sample"
    assert comments["Agreed"] == "Ben Sample"
    like = rows(f, "like").iloc[0]
    assert like["counterpart"] == "Acme Holdings LLC" and "likes Acme" in like["text"]
    assert "Ben Sample" in set(rows(f, "reaction")["counterpart"])
    assert rows(f, "page")["counterpart"].tolist() == ["Partito Esempio"]
    friends = rows(f, "friend").set_index("counterpart")["text"]
    assert set(friends.index) == {"Daniel Okafor", "Jürgen Müller", "Paolo Greco", "Sophie",
                                  "Marco"}
    assert pd.isna(friends["Daniel Okafor"]) and friends["Paolo Greco"].startswith("removed")
    assert friends["Sophie"].startswith("friend request sent")
    assert friends["Marco"].startswith("friend request received")
    assert "Helen Marsh" in set(rows(f, "follow")["counterpart"])
    assert rows(f, "follower")["counterpart"].tolist() == ["Anna"]
    assert "Amici di Köln" in set(rows(f, "group")["counterpart"])
    event = f[f["text"].fillna("").str.startswith("event: ")]
    assert event["text"].tolist() == ["event: Festa (joined)"]  # declined one not imported
    assert rows(f, "search")["text"].tolist() == ["brightwater logistics lawsuit"]
    messages = rows(f, "message").set_index("text")["counterpart"]
    assert messages["Ci vediamo giovedì? 👍"] == "Daniel Okafor"
    assert messages["Sì, certo!"] == "Daniel Okafor"
    assert (f.loc[f["time_basis"] == "exact", "timestamp"].dt.year == 2024).all()
    assert not [c for c in result.coverage if c.status in ("failed", "unrecognized")]


def test_current_layout_only_kinds(tmp_path):
    f = run([write_zip(tmp_path / "fb.zip", export("current"))]).frame
    assert "admin of group: Book Club" in set(rows(f, "group")["text"])
    follows = rows(f, "follow").set_index("counterpart")["text"]
    assert follows["Kings Bar"] == "follows page: Kings Bar"
    love = rows(f, "reaction")
    love = love[love["counterpart"] == "Brightwater Logistics"].iloc[0]
    assert love["url"] == "https://www.facebook.com/bw/posts/1" and love["text"].startswith("Love")
    other = rows(f, "post").set_index("text")["counterpart"]
    assert other["Complimenti! 🎉"] == "Red Hook Garden"
    assert set(rows(f, "message").set_index("text")["counterpart"]) >= {"Club ❤️"}


def test_record_ids_stable_across_layouts_and_reexports(tmp_path):
    old = run([write_zip(tmp_path / "old.zip", export("old"))]).frame
    wrapped = {"facebook-maria-2024-06-01-Ab12/" + k: v for k, v in export("current").items()}
    new = run([write_zip(tmp_path / "new.zip", wrapped)]).frame
    shared = set(old["record_id"]) & set(new["record_id"])
    assert len(shared) >= len(old) - 1  # all but the old-only file shapes
    post = "Risotto per Niccolò 🍚"
    assert (old.loc[old["text"] == post, "record_id"].iloc[0]
            == new.loc[new["text"] == post, "record_id"].iloc[0])


def test_timestamp_zero_is_nat_not_1970(tmp_path):
    f = run([write_zip(tmp_path / "fb.zip", export("current"))]).frame
    undated = f[f["text"] == "Undated thoughts"].iloc[0]
    assert pd.isna(undated["timestamp"]) and undated["time_basis"] == "unknown"


def test_mojibake_bytes_are_in_the_file_and_repaired(tmp_path):
    path = write_zip(tmp_path / "fb.zip", export("current"))
    with zipfile.ZipFile(path) as zf:
        raw = zf.read(FB_PATHS["current"]["friends"])
    assert b"J\\u00c3\\u00bcrgen M\\u00c3\\u00bcller" in raw and "ü".encode() not in raw
    f = run([path]).frame
    text = " ".join(f["text"].dropna()) + " ".join(f["counterpart"].dropna())
    for word in ("Niccolò", "Jürgen Müller", "Élodie", "Très bien ! 😍", "giovedì", "👍",
                 "Café Zürich", "Köln", "❤️"):
        assert word in text
    assert "Ã" not in text and "ð" not in text


def test_text_never_mangled_passes_unchanged(tmp_path):
    # a re-saved export with real UTF-8 and \ud83d escapes must not be "repaired"
    friends = (b'{"friends_v2": [{"name": "J\\u00fcrgen M\xc3\xbcller \\ud83d\\ude00", '
               b'"timestamp": 1710000000}]}')
    f = run([write_zip(tmp_path / "fb.zip", {"connections/friends/your_friends.json": friends,
                                             "your_facebook_activity/x.json": []})]).frame
    assert f["counterpart"].tolist() == ["Jürgen Müller 😀"]


def test_key_variants_and_plain_string_friends(tmp_path):
    members = {
        "friends/friends.json": {"friends": ["Ada Example", "Bob Example"]},  # very old form
        "following_and_followers/following.json": {"following_v2": [{"name": "V2 Page",
                                                                     "timestamp": T}]},
        "posts/your_posts_1.json": [],
        "search_history/your_search_history.json": {"unexpected_key": [
            {"timestamp": T, "attachments": [{"data": [{"text": "\"quoted query\""}]}]}]},
    }
    f = run([write_zip(tmp_path / "fb.zip", members)], own=OWNER).frame
    assert sorted(rows(f, "friend")["counterpart"]) == ["Ada Example", "Bob Example"]
    assert rows(f, "friend")["time_basis"].eq("unknown").all()
    assert rows(f, "follow")["counterpart"].tolist() == ["V2 Page"]
    assert rows(f, "search")["text"].tolist() == ["quoted query"]
    assert (f["account"] == OWNER).all()  # from ctx.own_handles: no profile in the export


@pytest.mark.parametrize(("title", "name"), [
    ("Maria Rossi commented on Ben Sample's post.", "Ben Sample"),
    ("Maria Rossi likes Brightwater Logistics Inc.'s photo.", "Brightwater Logistics Inc."),
    ("Maria Rossi ha commentato il post di Niccolò Bianchi.", "Niccolò Bianchi"),
    ("Maria Rossi ha messo \"Mi piace\" al post di Acme Holdings LLC.", "Acme Holdings LLC"),
    ("Maria Rossi a commenté la publication de Élodie Dubois.", "Élodie Dubois"),
    ("Maria Rossi a aimé la publication d'Anna Kowalski.", "Anna Kowalski"),
    ("Maria Rossi hat den Beitrag von Jürgen Müller kommentiert.", "Jürgen Müller"),
    ("Maria Rossi comentó la publicación de José García.", "José García"),
    ("Maria Rossi commented on her own post.", None),
    ("Maria Rossi commented on a post.", None),
])
def test_title_target_languages(title, name):
    assert title_target(title) == name


def test_split_zip_parts_read_as_one(tmp_path):
    members = export("current")
    root = "facebook-mariarossi-2024-06-01-Xy12Ab34/"
    profile = FB_PATHS["current"]["profile"]
    one = {root + k: v for k, v in members.items() if k != profile}
    two = {root + profile: members[profile],
           root + "your_facebook_activity/messages/inbox/ben_9/message_1.json": thread(
               ["Ben Sample", OWNER], [{"sender_name": OWNER, "timestamp_ms": T * 1000,
                                        "content": "dal secondo zip"}],
               thread_path="inbox/ben_9")}
    folder = tmp_path / "parts"
    folder.mkdir()
    write_zip(folder / "facebook-mariarossi-2024-06-01-Xy12Ab34-1.zip", one)
    write_zip(folder / "facebook-mariarossi-2024-06-01-Xy12Ab34-2.zip", two)
    result = run([folder])
    f = result.frame
    assert (f["account"] == OWNER).all()
    assert (f["observed_at"] == pd.Timestamp("2024-06-01", tz="UTC")).all()
    # the owner name from part two decides the counterpart of part one's thread
    assert set(rows(f, "message").set_index("text").loc[["Sì, certo!", "dal secondo zip"],
                                                          "counterpart"]) == {
        "Daniel Okafor", "Ben Sample"}
    assert {c.archive for c in result.coverage} == {
        "facebook-mariarossi-2024-06-01-Xy12Ab34-1.zip",
        "facebook-mariarossi-2024-06-01-Xy12Ab34-2.zip"}


def test_html_download_is_left_to_the_html_importer_and_refused_if_handed_over(tmp_path):
    members = {"your_facebook_activity/posts/your_posts_1.html": "<html></html>",
               "connections/friends/your_friends.html": "<html></html>",
               "index.html": "<html></html>"}
    archive = open_archives([write_zip(tmp_path / "fb.zip", members)])[0]
    assert importer().detect(archive.names) == []  # facebook_html reads it (formats.md 0.5)
    with pytest.raises(ArchiveError) as info:
        importer().read([ExportPart(archive, "")], ImportContext())
    message = str(info.value)
    assert "HTML format" in message and "JSON" in message and "index.html" in message
    assert "your_friends.html" in message and "\n" not in message


def test_truncated_json_fails_alone_and_unknown_json_is_unrecognized(tmp_path):
    members = export("current")
    members[FB_PATHS["current"]["comments"]] = meta_json(
        members[FB_PATHS["current"]["comments"]])[:60]
    members["ads_information/advertisers_you've_interacted_with.json"] = {"history_v2": []}
    members["your_facebook_activity/posts/photo.jpg"] = b"\xff\xd8\xff"
    members["__MACOSX/._x.json"] = b"\x00\x05\x16\x07"
    result = run([write_zip(tmp_path / "fb.zip", members)])
    cov = {c.member: c for c in result.coverage}
    assert cov[FB_PATHS["current"]["comments"]].status == "failed"
    assert "truncated" in cov[FB_PATHS["current"]["comments"]].reason
    assert cov["ads_information/advertisers_you've_interacted_with.json"].status == "unrecognized"
    assert "not checked" in cov["ads_information/advertisers_you've_interacted_with.json"].reason
    assert cov["your_facebook_activity/posts/photo.jpg"].status == "skipped"
    assert cov["__MACOSX/._x.json"].status == "skipped"
    assert cov[FB_PATHS["current"]["friends"]].records == 2
    assert len(rows(result.frame, "comment")) == 1  # only the group comment remains


def test_detect_wrapper_nesting_and_instagram(tmp_path):
    fb = importer()
    assert fb.detect(["facebook-jdoe-2025-03-01-Ab12Cd34/your_facebook_activity/posts/a.json",
                      "facebook-jdoe-2025-03-01-Ab12Cd34/connections/friends/your_friends.json"]
                     ) == ["facebook-jdoe-2025-03-01-Ab12Cd34/"]
    # the same tree nested one level down inside the export is one root, not two
    assert fb.detect(["personal_information/profile_information/profile_information.json",
                      "personal_information/profile_information/your_facebook_activity/x.json"]
                     ) == [""]
    instagram_only = ["instagram-jdoe-2025-01-01/your_instagram_activity/likes/liked_posts.json",
                      "instagram-jdoe-2025-01-01/connections/followers_and_following/following.json"]
    assert fb.detect(instagram_only) == []
    assert fb.detect(["__MACOSX/your_facebook_activity/._a.json"]) == []


def test_accounts_center_export_leaves_instagram_folders_alone(tmp_path):
    members = export("current")
    members["your_instagram_activity/likes/liked_posts.json"] = {"likes_media_likes": []}
    members["connections/followers_and_following/following.json"] = {
        "relationships_following": []}
    result = run([write_zip(tmp_path / "fb.zip", members)])
    assert not [c for c in result.coverage if "instagram" in c.member
                or "followers_and_following" in c.member]


def test_observed_at_is_newest_timestamp_without_wrapper_date(tmp_path):
    result = run([write_folder(tmp_path / "export", export("old"))])
    f = result.frame
    assert (f["observed_at"] == f["timestamp"].max()).all()
    why = [c.reason for c in result.coverage if c.kind == "observed_at"]
    assert why and "newest timestamp" in why[0]


def test_sample_archive_content(tmp_path):
    spec = importlib.util.spec_from_file_location(
        "build_facebook_sample", ROOT / "sample_archives" / "build_facebook_sample.py")
    builder = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(builder)
    rebuilt = builder.build(tmp_path / "facebook-sample.zip")
    shipped = ROOT / "sample_archives" / "facebook-sample.zip"
    assert rebuilt.read_bytes() == shipped.read_bytes()  # deterministic and up to date
    result = run([shipped])
    f = result.frame
    assert (f["account"] == "Maria Rossi").all()
    assert (f["observed_at"] == pd.Timestamp("2024-06-01", tz="UTC")).all()
    kinds = set(f["kind"])
    assert kinds >= {"post", "check_in", "comment", "like", "reaction", "friend", "follow",
                     "follower", "group", "page", "message", "search"}
    friends = set(rows(f, "friend")["counterpart"])
    assert {"Daniel Okafor", "Helen Marsh", "Niccolò Bianchi", "Jürgen Müller",
            "Élodie Dubois"} <= friends
    assert "Acme Holdings LLC" in set(rows(f, "like")["counterpart"])
    assert "Brightwater Logistics Inc." in set(rows(f, "comment")["counterpart"])
    lease = f[f["text"].fillna("").str.contains("warehouse lease dispute")].iloc[0]
    assert lease["kind"] == "post" and lease["counterpart"] == "Brooklyn Small Business Owners"
    assert "brightwater logistics lawsuit" in set(rows(f, "search")["text"])
    assert "Daniel Okafor" in set(rows(f, "message")["counterpart"])
    assert "Brooklyn Forward Party" in set(rows(f, "page")["counterpart"])
    dated = f["timestamp"].dropna()
    assert dated.min() >= pd.Timestamp("2024-02-05", tz="UTC")
    assert dated.max() <= pd.Timestamp("2024-06-01", tz="UTC")
    statuses = {c.member.split("/", 1)[1]: c.status for c in result.coverage}
    assert statuses["ads_information/advertisers_using_your_activity_or_information.json"] \
        == "unrecognized"
    assert statuses["your_facebook_activity/posts/media/Compleanno_1/birthday.jpg"] == "skipped"
    assert not [c for c in result.coverage if c.status == "failed"]


def test_profile_row_carries_the_account_facts_rules_read(tmp_path):
    """Office, employer, city and birthday land in one `profile` row (TITLE_MISUSE, security)."""
    from presence_audit.importers.facebook import profile_text

    data = {"profile_v2": {"name": {"full_name": "Maria Rossi"},
                           "work_experiences": [{"employer": "Kings County Supreme Court",
                                                 "title": "Judge"}],
                           "current_city": {"name": "Brooklyn"},
                           "birthday": {"year": 1975, "month": 4, "day": 12}}}
    text = profile_text(data)
    assert "work: Judge at Kings County Supreme Court" in text
    assert "birthday: 1975-04-12" in text and "city: Brooklyn" in text
    assert profile_text({"profile_v2": {"birthday": {"year": 1975}}}) is None
