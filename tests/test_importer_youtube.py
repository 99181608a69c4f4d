"""YouTube (Google Takeout) importer: CSV column generations, JSON activity, HTML history,
localized names, bad rows, broken files, the sample."""

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

YT = "Takeout/YouTube and YouTube Music/"
ES = "Takeout/YouTube y YouTube\u00a0Music/"  # localized, with a non-breaking space
OLD_COMMENTS = ("Comment ID,Channel ID,Comment Create Timestamp,Price,Parent Comment ID,"
                "Video ID,Comment Text\n")
NEW_COMMENTS = ("Channel ID,Comment create timestamp,Price,Comment ID,Parent Comment ID,"
                "Video ID,Comment Text\n")


def importer():
    return {i.name: i for i in all_importers()}["youtube"]


def run(members: dict[str, object], tmp_path: Path, own: str | None = None):
    path = write_zip(tmp_path / "takeout-20240601T000000Z-001.zip", {
        k: v if isinstance(v, bytes | str) else json.dumps(v) for k, v in members.items()})
    parts = []
    for archive in open_archives([path]):
        parts += [ExportPart(archive, root) for root in importer().detect(archive.names)]
    assert parts, "no YouTube export detected"
    result = importer().read(parts, ImportContext(own_handles={"youtube": own} if own else {}))
    schema.validate(result.frame)
    return result


def entry(result, member_end: str, kind: str | None = None):
    return next(c for c in result.coverage
                if c.member.endswith(member_end) and (kind is None or c.kind == kind))


def item(title: str, url: str, when: str = "2024-03-02T21:00:00.000Z", **extra) -> dict:
    return {"header": "YouTube", "title": title, "titleUrl": url, "time": when,
            "products": ["YouTube"], **extra}


def test_detect_finds_english_localized_and_my_activity_roots():
    names = [YT + "comments/comments.csv", ES + "historial/historial-de-busqueda.json",
             "Takeout/My Activity/YouTube/MyActivity.json", "Takeout/Chrome/History.json",
             "other/youtube/notes.txt"]
    assert importer().detect(names) == sorted([YT, ES, "Takeout/My Activity/YouTube/"])


def test_comments_in_both_column_orders_with_json_segments(tmp_path):
    old = OLD_COMMENTS + ('UgxA,UCme,2023-06-13T02:42:15.617+00:00,0,,vid00000001,'
                          '"{""takeoutSegments"":[{""text"":""Old style""}]}"\n')
    new = NEW_COMMENTS + ('UCme,2024-06-13T02:42:15.617512+00:00,,UgxB,UgxA,vid00000002,'
                          '"{""text"":""Hi ""},{""text"":""@Some_One""},'
                          '{""link"":{""linkUrl"":""https://e.x""},""text"":"" there""}"\n')
    result = run({YT + "comments/comments.csv": new, YT + "my-comments/old.csv": old},
                 tmp_path, own="maria")
    f = result.frame.set_index("record_id")
    assert f.loc["comment:UgxA", "text"] == "Old style"
    assert f.loc["comment:UgxA", "kind"] == "comment"
    assert f.loc["comment:UgxB", "text"] == "Hi @Some_One there"
    assert f.loc["comment:UgxB", "kind"] == "reply"  # it has a parent comment
    assert f.loc["comment:UgxB", "mentions"] == "some_one"
    assert f.loc["comment:UgxB", "url"].endswith("watch?v=vid00000002&lc=UgxB")
    assert str(f.loc["comment:UgxB", "timestamp"]).startswith("2024-06-13 02:42:15.617512")
    assert set(f["account"]) == {"maria"}


def test_live_chats_subscriptions_and_playlists(tmp_path):
    result = run({
        YT + "live chats/live chats.csv": (
            "Live Chat ID,Channel ID,Live Chat Create Timestamp,Price,Video ID,Live Chat Text\n"
            'LC1,UCme,2024-05-02T20:31:09+00:00,,vid1,"{""text"":""hello chat""}"\n'),
        YT + "subscriptions/subscriptions.csv": (
            "Channel Id,Channel Url,Channel Title\n"
            "UCacme,http://www.youtube.com/channel/UCacme,Acme Holdings\n"),
        YT + "playlists/playlists.csv": (
            "Playlist ID,Add new videos to top,Playlist Title (Original),"
            "Playlist Title (Original) Language,Playlist Create Timestamp,"
            "Playlist Update Timestamp,Playlist Video Order,Playlist Visibility\n"
            "PL1,False,Court watch,,2024-02-01T10:00:00+00:00,,Manual,Public\n"),
        YT + "playlists/Liked videos-videos.csv": (
            "Video ID,Playlist Video Creation Timestamp\nvidL,2024-02-03T10:00:00+00:00\n"),
        YT + "playlists/Watch later-videos.csv": (
            "Video ID,Playlist Video Creation Timestamp\nvidW,2024-02-03T10:00:00+00:00\n"),
    }, tmp_path)
    f = result.frame.set_index("record_id")
    assert f.loc["livechat:LC1", "kind"] == "message"
    assert f.loc["livechat:LC1", "text"] == "hello chat"
    sub = f.loc["subscription:UCacme"]
    assert (sub["kind"], sub["counterpart"], sub["counterpart_id"]) == (
        "subscription", "Acme Holdings", "UCacme")
    assert sub["time_basis"] == "unknown" and pd_notna(sub["observed_at"])
    assert f.loc["playlist:PL1", "kind"] == "post"
    assert f.loc["playlist:PL1", "text"] == "Court watch"
    assert f.loc["like:vidL", "kind"] == "like"
    assert "like:vidW" not in f.index
    assert entry(result, "Watch later-videos.csv").status == "skipped"


def pd_notna(value) -> bool:
    import pandas as pd

    return bool(pd.notna(value))


def test_json_history_searches_likes_and_what_is_counted_not_read(tmp_path):
    history = [
        item("Searched for judicial recusal",
             "https://www.youtube.com/results?search_query=judicial+recusal"),
        item("Watched Pruning tomatoes", "https://www.youtube.com/watch?v=w1",
             subtitles=[{"name": "Garden", "url": "https://www.youtube.com/channel/UCg"}]),
        item("Watched an ad", "https://www.youtube.com/watch?v=ad1",
             details=[{"name": "From Google Ads"}]),
        item("Liked Acme town hall", "https://www.youtube.com/watch?v=lk1",
             subtitles=[{"name": "Acme", "url": "https://www.youtube.com/channel/UCacme"}]),
        item("Searched for x", "https://www.youtube.com/results?search_query=x", when="soon"),
        {"header": "YouTube", "time": "2024-03-02T21:00:00Z"},
    ]
    result = run({"Takeout/My Activity/YouTube/MyActivity.json": history}, tmp_path)
    f = result.frame
    assert sorted(f["kind"].astype(str)) == ["like", "search"]
    search = f[f["kind"] == "search"].iloc[0]
    assert search["text"] == "judicial recusal" and search["time_basis"] == "exact"
    like = f[f["kind"] == "like"].iloc[0]
    assert (like["text"], like["counterpart"], like["counterpart_id"]) == (
        "Acme town hall", "Acme", "UCacme")
    first = entry(result, "MyActivity.json", "like")
    assert first.bad_records == 2
    assert "1 videos watched" in first.reason and "1 ads excluded" in first.reason
    assert "unreadable date" in first.reason


def history_page(cells: list[tuple[str, str, str]]) -> str:
    body = "".join(
        '<div class="outer-cell mdl-cell mdl-cell--12-col mdl-shadow--2dp"><div class="mdl-grid">'
        '<div class="header-cell mdl-cell mdl-cell--12-col"><p class="mdl-typography--title">'
        'YouTube<br></p></div><div class="content-cell mdl-cell mdl-cell--6-col '
        f'mdl-typography--body-1">{action}\u00a0<a href="{url}">{title}</a><br>{when}<br></div>'
        '</div></div>' for action, url, title, when in
        [(a, u, t.split("|")[0], t.split("|")[1]) for a, u, t in cells])
    return f'<html><body><div class="mdl-grid">{body}</div></body></html>'


def test_html_history_is_parsed_with_bounded_local_times(tmp_path):
    page = history_page([
        ("Searched for", "https://www.youtube.com/results?search_query=acme+lawsuit",
         "acme lawsuit|Mar 4, 2024, 9:15:00\u202fPM EST"),
        ("Searched for", "https://www.youtube.com/results?search_query=tomatoes",
         "tomatoes|4 mars 2024, 21:15:00 UTC"),  # French dates are not read
        ("Watched", "https://www.youtube.com/watch?v=w1", "A video|Mar 5, 2024, 1:00:00 AM UTC"),
    ])
    result = run({ES + "historial/historial-de-busqueda.html": page}, tmp_path)
    f = result.frame.set_index("text")
    assert str(f.loc["acme lawsuit", "timestamp"]) == "2024-03-05 02:15:00+00:00"
    assert f.loc["acme lawsuit", "time_basis"] == "bound"
    assert f.loc["tomatoes", "time_basis"] == "unknown"
    e = entry(result, "historial-de-busqueda.html", "search")
    assert e.records == 2 and "HTML export" in e.reason and "1 videos watched" in e.reason
    assert "localized" in e.reason


def test_old_likes_json_playlist(tmp_path):
    likes = [{"snippet": {"title": "Court reform explained", "publishedAt":
                          "2019-05-01T10:00:00.000Z", "resourceId": {"videoId": "old1"}}},
             {"snippet": {"title": "no id"}}]
    result = run({YT + "playlists/likes.json": likes}, tmp_path)
    [row] = result.frame.to_dict("records")
    assert (row["kind"], row["text"], row["record_id"]) == (
        "like", "Court reform explained", "like:old1")
    assert entry(result, "likes.json").bad_records == 1


def test_malformed_inputs_end_in_coverage(tmp_path):
    good = NEW_COMMENTS + 'UCme,2024-06-13T02:42:15+00:00,,C1,,v1,"{""text"":""fine""}"\n'
    result = run({
        YT + "comments/comments.csv": good + "UCme,2024-06-13,,C2\n" + ",,,,,,\n",
        YT + "history/search-history.json": '[{"header": "YouTube", "title": "Searched',
        YT + "history/watch-history.html": "",
        YT + "my-comments/my-comments.html": "<html><body><ul><li>Commented</li></ul></body>",
        YT + "channels/channel.csv": "Channel ID,Channel Title (Original)\nUCme,Me\n",
    }, tmp_path)
    comments = entry(result, "comments.csv")
    assert (comments.records, comments.bad_records) == (1, 1)
    assert "wrong number of columns" in comments.reason
    truncated = entry(result, "search-history.json")
    assert truncated.status == "failed" and "not valid JSON" in truncated.reason
    assert "\n" not in truncated.reason
    assert entry(result, "watch-history.html").status == "failed"
    legacy = entry(result, "my-comments.html")
    assert legacy.status == "skipped" and "comments.csv" in legacy.reason
    assert not [c for c in result.coverage if c.member.endswith("channel.csv")]


def test_unknown_members_are_listed_by_the_scan(tmp_path):
    path = write_zip(tmp_path / "takeout.zip", {
        YT + "subscriptions/subscriptions.csv": "Channel Id,Channel Url,Channel Title\nUCa,,A\n",
        YT + "channels/channel.csv": "Channel ID,Channel Title (Original)\nUCme,Me\n",
        YT + "videos/clip.mp4": b"\x00\x00",
        "Takeout/archive_browser.html": "<html></html>"})
    imported = import_archives(open_archives([path]))
    status = {c.member.rsplit("/", 1)[-1]: c.status for c in imported.coverage}
    assert status == {"subscriptions.csv": "read", "channel.csv": "unrecognized",
                      "clip.mp4": "skipped", "archive_browser.html": "unrecognized"}


def test_the_sample_builder_rebuilds_the_shipped_zip(tmp_path):
    assert rebuilds_byte_for_byte("youtube", tmp_path)


@pytest.mark.parametrize("rule", ["PENDING_CASE_COMMENT", "POLITICAL_ENDORSEMENT", "DEMEANOR",
                                  "INDEPENDENT_RESEARCH", "PARTY_CONNECTION"])
def test_the_sample_scan_finds_the_planted_items(rule, tmp_path, monkeypatch):
    findings, hard_negative_hit = sample_findings("youtube", tmp_path, monkeypatch)
    assert rule in set(findings["rule"])
    assert not hard_negative_hit


def test_reads_through_the_toolkit_route_table():
    from presence_audit.importers import youtube
    from presence_audit.importers._toolkit import RouteTable

    assert isinstance(youtube.ROUTES, RouteTable)
    assert youtube.ROUTES.route("comments/comments.csv").reader == "csv"
    assert youtube.ROUTES.route("historial/historial.HTML").reader == "html"
