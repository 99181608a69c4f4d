"""TikTok importer: every section, old and new key names, bad records, broken files, sample."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from metaarchive import write_zip
from samplekit import rebuilds_byte_for_byte, sample_findings

from presence_audit import schema
from presence_audit.archive import open_archives
from presence_audit.importers import ExportPart, ImportContext, all_importers
from presence_audit.scan import import_archives

LINK = "https://www.tiktokv.com/share/video/{}/"


def importer():
    return {i.name: i for i in all_importers()}["tiktok"]


def run(path: Path, own: str | None = None):
    parts = []
    for archive in open_archives([path]):
        parts += [ExportPart(archive, root) for root in importer().detect(archive.names)]
    assert parts, "no TikTok export detected"
    result = importer().read(parts, ImportContext(own_handles={"tiktok": own} if own else {}))
    schema.validate(result.frame)
    return result


def new_export() -> dict:
    """Current key names (``Your Activity``, ``Following``/``Follower``, ``Searches``)."""
    return {
        "Profile": {"Profile Information": {"ProfileMap": {
            "userName": "Judge.Example", "displayName": "J. Example",
            "bioDescription": "Gardening"}}},
        "Post": {"Posts": {"VideoList": [
            {"Date": "2024-03-09 18:12:40", "Link": LINK.format("7340000000000000001"),
             "Likes": "1", "Title": "Hello @Friend_One and @friend_one", "Sound": ""}]}},
        "Comment": {"Comments": {"CommentsList": [
            {"date": "2024-03-15 20:40:11", "comment": "Nice", "photo": "N/A", "url": ""}]}},
        "Your Activity": {
            "Like List": {"ItemFavoriteList": [
                {"date": "2024-03-10 09:00:00", "link": LINK.format("7340000000000000101")}]},
            "Following": {"Following": [{"Date": "2024-02-20 12:00:00", "UserName": "@Acme"}]},
            "Follower": {"FansList": [{"Date": "2024-01-05 16:45:00", "UserName": "fan_1"}]},
            "Searches": {"SearchList": [{"Date": "2024-03-01 22:10:00", "SearchTerm": "acme"}]},
            "Share History": {"ShareHistoryList": None},
        },
        "Direct Message": {"Direct Messages": {"ChatHistory": {
            "Chat History with Pal_2:": [
                {"Date": "2024-04-10 19:00:00", "From": "judge.example", "Content": "Hi"},
                {"Date": "2024-04-10 19:01:00", "From": "pal_2", "Content": "Hello"}]}}},
    }


def old_export() -> dict:
    """Older names (``Activity``, ``Following List``, ``Search History``, ``Video``)."""
    return {
        "Activity": {
            "Following List": {"Following": [{"Date": "2021-05-01 10:00:00",
                                              "UserName": "acme"}]},
            "Follower List": {"FansList": None},
            "Search History": {"SearchList": [{"Date": "2021-05-02 10:00:00",
                                               "SearchTerm": "recusal"}]},
            "Like List": {"ItemFavoriteList": None},
        },
        "Video": {"Videos": {"VideoList": [{"Date": "2021-05-03 10:00:00",
                                            "Link": LINK.format("6900000000000000001"),
                                            "Likes": "0"}]}},
    }


def zipped(tmp_path: Path, data: object, name: str = "user_data_tiktok.json",
           extra: dict | None = None) -> Path:
    raw = data if isinstance(data, bytes) else json.dumps(data).encode()
    return write_zip(tmp_path / "tiktok.zip", {f"TikTok_Data_1/{name}": raw, **(extra or {})})


def test_every_section_of_the_current_layout_becomes_rows(tmp_path):
    result = run(zipped(tmp_path, new_export()))
    f = result.frame
    assert sorted(f["kind"].astype(str)) == sorted(
        ["post", "comment", "like", "follow", "follower", "search", "message", "message",
         "profile"])
    post = f[f["kind"] == "post"].iloc[0]
    assert post["record_id"] == "video:7340000000000000001"
    assert post["mentions"] == "friend_one"  # lower-case, once
    assert str(post["timestamp"]) == "2024-03-09 18:12:40+00:00"
    assert post["time_basis"] == "exact"
    follow = f[f["kind"] == "follow"].iloc[0]
    assert follow["counterpart"] == "acme" and follow["url"] == "https://www.tiktok.com/@acme"
    messages = f[f["kind"] == "message"]
    assert set(messages["counterpart"]) == {"pal_2"}  # from "Chat History with Pal_2:"
    assert set(messages["text"]) == {"Hi", "Hello"}
    assert set(f["account"]) == {"judge.example"}  # from the profile map
    profile = f[f["kind"] == "profile"].iloc[0]
    assert "Gardening" in profile["text"] and profile["time_basis"] == "unknown"
    assert f["observed_at"].notna().all()
    share = [c for c in result.coverage if c.kind == "share"]
    assert share and share[0].status == "skipped"


def test_old_key_names_and_the_old_file_name_are_read(tmp_path):
    result = run(zipped(tmp_path, old_export(), name="user_data.json"), own="judge.example")
    f = result.frame
    assert sorted(f["kind"].astype(str)) == ["follow", "post", "search"]
    assert set(f["account"]) == {"judge.example"}  # no profile: the profile's own handle
    counts = {c.kind: c.records for c in result.coverage if c.status == "read"}
    assert counts["follower"] == 0 and counts["like"] == 0  # null lists are empty, not errors


def test_bad_records_are_counted_in_coverage(tmp_path):
    data = new_export()
    data["Your Activity"]["Following"]["Following"] += [
        {"Date": "yesterday", "UserName": "x1"}, {"Date": "2024-02-20 12:00:00"}, "junk"]
    data["Comment"]["Comments"]["CommentsList"].append({"date": "2024-03-15 20:40:11"})
    result = run(zipped(tmp_path, data))
    follow = next(c for c in result.coverage if c.kind == "follow")
    assert (follow.records, follow.bad_records) == (1, 3)
    assert "unreadable date" in follow.reason and "without a user name" in follow.reason
    comment = next(c for c in result.coverage if c.kind == "comment")
    assert (comment.records, comment.bad_records) == (1, 1)


def test_truncated_json_fails_the_member_in_one_line(tmp_path):
    raw = json.dumps(new_export()).encode()[:300]
    result = run(zipped(tmp_path, raw))
    assert len(result.frame) == 0
    [entry] = result.coverage
    assert entry.status == "failed" and "not valid JSON" in entry.reason
    assert "\n" not in entry.reason


def test_a_json_file_without_known_sections_is_unrecognized(tmp_path):
    result = run(zipped(tmp_path, {"Something New": {}}))
    [entry] = result.coverage
    assert entry.status == "unrecognized" and "Something New" in entry.reason


def test_unknown_members_are_listed_by_the_scan(tmp_path):
    path = zipped(tmp_path, new_export(), extra={"TikTok_Data_1/notes.txt": b"hello"})
    imported = import_archives(open_archives([path]))
    notes = [c for c in imported.coverage if c.member.endswith("notes.txt")]
    assert notes and notes[0].status == "unrecognized"
    assert imported.detected == [("tiktok.zip", "tiktok", "TikTok_Data_1/")]


def test_two_parts_count_a_repeated_record_once(tmp_path):
    a = zipped(tmp_path, new_export())
    b = write_zip(tmp_path / "tiktok2.zip",
                  {"user_data_tiktok.json": json.dumps(new_export()).encode()})
    parts = []
    for archive in open_archives([a, b]):
        parts += [ExportPart(archive, r) for r in importer().detect(archive.names)]
    result = importer().read(parts, ImportContext())
    schema.validate(result.frame)
    assert len(result.frame) == 9


def test_the_sample_builder_rebuilds_the_shipped_zip(tmp_path):
    assert rebuilds_byte_for_byte("tiktok", tmp_path)


@pytest.mark.parametrize("rule", ["PENDING_CASE_COMMENT", "POLITICAL_ENDORSEMENT", "DEMEANOR",
                                  "INDEPENDENT_RESEARCH"])
def test_the_sample_scan_finds_the_planted_items(rule, tmp_path, monkeypatch):
    findings, hard_negative_hit = sample_findings("tiktok", tmp_path, monkeypatch)
    assert rule in set(findings["rule"])
    assert not hard_negative_hit


def test_reads_through_the_toolkit_route_table():
    from presence_audit.importers import tiktok
    from presence_audit.importers._toolkit import RouteTable

    assert isinstance(tiktok.ROUTES, RouteTable)
    assert tiktok.ROUTES.route("user_data_tiktok.json") is not None
    assert tiktok.ROUTES.route("not_user_data.json") is None
